import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig } from 'vite';

// The service worker, built after the app: one classic script at dist/sw.js (no imports, so every browser with
// service workers runs it) that precaches every file of the app's build under a version made from their contents.
const dist = 'dist';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const shell = files(dist)
  .map((path) => relative(dist, path).split('\\').join('/'))
  .filter((path) => path !== 'sw.js')
  .sort();
const hash = createHash('sha256');
for (const path of shell) {
  hash.update(path).update(readFileSync(join(dist, path)));
}

export default defineConfig({
  base: '/app/',
  publicDir: false,
  define: {
    __SHELL_FILES__: JSON.stringify(shell),
    __SHELL_VERSION__: JSON.stringify(hash.digest('hex').slice(0, 16)),
  },
  build: {
    outDir: dist,
    emptyOutDir: false,
    target: 'es2022',
    lib: {
      entry: 'src/sw.ts',
      formats: ['iife'],
      name: 'tandemServiceWorker',
      fileName: () => 'sw.js',
    },
  },
});

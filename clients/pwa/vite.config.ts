import { defineConfig } from 'vite';

// The app lives at /app/ on the API's origin (the server serves dist/ there: TANDEM_PWA_DIR).
export default defineConfig({
  base: '/app/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
});

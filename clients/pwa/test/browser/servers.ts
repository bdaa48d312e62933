import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/**
 * Vitest's global setup for the browser scenarios: two real Tandem servers from the app's jar, started as
 * scripts/run starts one (its JVM options, dependencies started when unreachable), on a database, data directory,
 * Redis key prefix and search index of their own. They are two replicas of one deployment (same database, keys and
 * live channel); the second one issues access tokens that live five seconds, for the expired-token scenario.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../../../..');
const pwa = resolve(here, '../..');
export const results = join(pwa, 'test-results');
/**
 * Keys of these test servers only, fixed so that the database they share with earlier runs stays readable whatever
 * happened to the data directory (where keys would otherwise be generated).
 */
const testKey = (label: string, bytes: number) => createHash('sha512').update(`tandem pwa browser tests: ${label}`).digest().subarray(0, bytes).toString('base64');
/** Shared by both replicas (their live channel is under it); fresh per run, so no rate-limit bucket carries over. */
const redisPrefix = `tandem-pwa-browser:${Date.now()}:`;

export interface Servers {
  /** Access tokens of the default lifetime. */
  main: string;
  /** Access tokens of five seconds. */
  shortTokens: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: Servers;
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function jvmOptions(): string[] {
  return readFileSync(join(repo, 'scripts/jvm.options'), 'utf8').split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

interface Started {
  name: string;
  process: ChildProcess;
  base: string;
  log: string;
}

async function start(name: string, port: number, extra: Record<string, string>): Promise<Started> {
  const jar = join(repo, 'app/target/app-0.1.0-SNAPSHOT.jar');
  if (!existsSync(jar)) {
    throw new Error(`No ${jar}: build it first (./mvnw -B -q package -DskipTests -pl app -am)`);
  }
  const log = join(results, `server-${name}.log`);
  const out = createWriteStream(log);
  const child = spawn('java', [...jvmOptions(), '-jar', jar], {
    cwd: repo,
    env: {
      ...process.env,
      PORT: String(port),
      AXONIQ_UPDATE_CHECKER_DISABLED: 'true',
      TANDEM_START_DEPENDENCIES: 'true',
      DATABASE_URL: 'jdbc:postgresql://127.0.0.1:5432/tandem_pwa_browser',
      TANDEM_DATA_DIR: join(pwa, '.data'),
      TANDEM_JWT_SECRET: testKey('jwt', 48),
      TANDEM_MASTER_KEYS: `pwa-test:${testKey('master', 32)}`,
      TANDEM_REDIS_KEY_PREFIX: redisPrefix,
      TANDEM_SEARCH_INDEX_PREFIX: 'tandem-pwa-browser',
      TANDEM_PWA_DIR: join(pwa, 'dist'),
      TANDEM_BCRYPT_STRENGTH: '4',
      // Two people clicking through twenty changes each, with the pulls every live frame causes, stay far below
      // these; the defaults (100 requests a minute) would make the scenarios wait on Retry-After.
      TANDEM_RATE_LIMIT_API_PER_MINUTE: '5000',
      TANDEM_RATE_LIMIT_SYNC_PER_10S: '5000',
      MALLOC_ARENA_MAX: '2',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  const began = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`Tandem (${name}) exited with ${child.exitCode} before it was ready; see ${log}:\n${tail(log)}`);
    }
    try {
      const ready = await fetch(`${base}/ready`);
      if (ready.status === 200) {
        break;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Tandem (${name}) not ready after 300 s; see ${log}:\n${tail(log)}`);
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  console.log(`Tandem ${name} ready at ${base} in ${((Date.now() - began) / 1000).toFixed(1)} s (log: ${log})`);
  return { name, process: child, base, log };
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '';
  }
}

async function stop(server: Started): Promise<void> {
  if (server.process.exitCode !== null) {
    return;
  }
  const exited = new Promise<void>((done) => server.process.once('exit', () => done()));
  server.process.kill('SIGTERM');
  const killed = setTimeout(() => server.process.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killed);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  mkdirSync(results, { recursive: true });
  if (!existsSync(join(pwa, 'dist/index.html')) || !existsSync(join(pwa, 'dist/sw.js'))) {
    throw new Error('The PWA is not built: npm run build in clients/pwa');
  }
  const running = process.env.TANDEM_PWA_TEST_SERVERS;
  if (running) {
    // `main,shortTokens` base URLs of servers already running (started as below), to iterate on a scenario quickly.
    const [main, shortTokens] = running.split(',');
    project.provide('servers', { main: main!, shortTokens: shortTokens ?? main! });
    return async () => undefined;
  }
  const started: Started[] = [];
  try {
    // The first one starts whatever dependency is unreachable; the second reuses them, as a second replica does.
    started.push(await start('main', await freePort(), {}));
    started.push(await start('short-tokens', await freePort(), { TANDEM_ACCESS_TOKEN_TTL: 'PT5S' }));
  } catch (error) {
    for (const server of started.reverse()) {
      await stop(server);
    }
    throw error;
  }
  project.provide('servers', { main: started[0]!.base, shortTokens: started[1]!.base });
  return async () => {
    for (const server of [...started].reverse()) {
      await stop(server);
    }
  };
}

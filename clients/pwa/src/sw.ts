/// <reference lib="webworker" />
import { createTandem } from '@tandem/client';
import { IdbTokenStore } from './storage.js';

/**
 * The app's service worker. It keeps the shell (every file of the build, listed at build time) in a cache named by
 * the build's content hash, so the app opens without a network; API calls and the socket are never touched. On a
 * Background Sync `sync` event it pushes a workspace's queued operations itself, through the SDK, so they reach the
 * server even when no tab of the app is open any more.
 */
declare const self: ServiceWorkerGlobalScope;
declare const __SHELL_FILES__: string[];
declare const __SHELL_VERSION__: string;

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

const BASE = new URL('./', self.location.href).pathname;
const CACHE = `tandem-shell-${__SHELL_VERSION__}`;
const SHELL = __SHELL_FILES__.map((file) => BASE + file);
const INDEX = `${BASE}index.html`;
const SYNC_TAG_PREFIX = 'tandem-push:';
const FLUSH_TIMEOUT_MS = 60_000;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `reload` skips the HTTP cache, so a new version never precaches an old file.
    await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('tandem-shell-') && name !== CACHE) {
        await caches.delete(name);
      }
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else {
    event.respondWith(shellFile(request));
  }
});

/** Pages: the network's (a new build shows at once), else the cached shell, which routes on the client. */
async function navigation(request: Request): Promise<Response> {
  try {
    const answer = await fetch(request);
    if (answer.ok) {
      return answer;
    }
  } catch {
    // Offline: the shell below.
  }
  const shell = await caches.match(INDEX, { cacheName: CACHE, ignoreVary: true });
  return shell ?? Response.error();
}

/**
 * Files of the build: hashed names never change, so the cache answers first. `ignoreVary`: the server's answers
 * vary on `Origin` (its CORS policy), which a module script's request carries and the precaching one did not.
 */
async function shellFile(request: Request): Promise<Response> {
  const cached = await caches.match(request, { cacheName: CACHE, ignoreVary: true });
  return cached ?? fetch(request);
}

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag.startsWith(SYNC_TAG_PREFIX)) {
    sync.waitUntil(flush(sync.tag.slice(SYNC_TAG_PREFIX.length)));
  }
});

/**
 * Pushes one workspace's queue. If a tab of the app is open it is the pusher (one per origin, a Web Lock) and this
 * worker only waits for the queue to empty; otherwise this worker becomes the pusher. A queue still not empty at
 * the end makes the event fail, and the browser tries again later.
 */
async function flush(workspaceId: string): Promise<void> {
  const tandem = createTandem({ baseUrl: self.location.origin, tokenStore: new IdbTokenStore(), webSocket: null });
  if (!(await tandem.auth.signedIn())) {
    return;
  }
  const workspace = await tandem.openWorkspace(workspaceId);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`${workspace.state().pending} operations still queued`));
      }, FLUSH_TIMEOUT_MS);
      const check = (pending: number) => {
        if (pending === 0) {
          stop();
          resolve();
        }
      };
      const unsubscribe = workspace.onChange((state) => check(state.pending));
      const stop = () => {
        clearTimeout(timer);
        unsubscribe();
      };
      check(workspace.state().pending);
    });
  } finally {
    workspace.close();
  }
}

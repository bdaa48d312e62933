import { Tandem } from '../../src/client.js';
import { SoloLeadership, type Leadership } from '../../src/leader.js';
import type { LiveClient } from '../../src/live.js';
import { Workspace } from '../../src/workspace.js';
import type { BackoffOptions } from '../../src/backoff.js';
import type { BroadcastChannelFactory } from '../../src/platform.js';
import { FakeServer } from './fake-server.js';

let databases = 0;

/** A database name no other test uses. */
export function freshDbName(): string {
  databases += 1;
  return `tandem-test-${databases}-${Math.random().toString(36).slice(2)}`;
}

export async function signedIn(server: FakeServer): Promise<Tandem> {
  server.register();
  const tandem = new Tandem({
    baseUrl: 'http://tandem.test',
    fetch: server.fetch,
    webSocket: null,
    locks: null,
    broadcastChannel: null,
  });
  await tandem.auth.login('ana@example.com', 'correct horse battery');
  return tandem;
}

export async function openWorkspace(tandem: Tandem, server: FakeServer, options: {
  dbName?: string;
  leadership?: Leadership;
  live?: LiveClient | null;
  backoff?: BackoffOptions;
  broadcastChannel?: BroadcastChannelFactory;
} = {}): Promise<Workspace> {
  return Workspace.open(tandem.api, server.workspaceId, {
    dbName: options.dbName ?? freshDbName(),
    leadership: options.leadership ?? new SoloLeadership(),
    live: options.live ?? null,
    backoff: options.backoff ?? { baseMs: 1, maxMs: 4, random: () => 0 },
    broadcastChannel: options.broadcastChannel ?? null,
  });
}

/** Lets promise chains and fake-indexeddb's scheduled work run. */
export function settle(turns = 20): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < turns; i++) {
    chain = chain.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  }
  return chain;
}

/** Waits, by letting the event loop turn, until `condition` holds (or fails after `turns`). */
export async function until(condition: () => boolean, turns = 2000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) {
      return;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('condition never held');
}

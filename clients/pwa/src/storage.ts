import { openDB, type IDBPDatabase } from 'idb';
import type { StoredTokens, Tandem, TokenStore } from '@tandem/client';

/** A workspace as the API describes it (the SDK's `Workspace` is the offline-first one). */
export type WorkspaceInfo = Awaited<ReturnType<Tandem['api']['workspaces']['get']>>;

/**
 * The app's own small database (beside the SDK's one per workspace): the session's tokens, kept in IndexedDB rather
 * than localStorage so that the service worker, which has no localStorage, can push the queue with them too; and
 * the last known list of workspaces, so the app can show them offline.
 */
const NAME = 'tandem.app';
const STORE = 'kv';

let opened: Promise<IDBPDatabase> | null = null;

function db(): Promise<IDBPDatabase> {
  opened ??= openDB(NAME, 1, {
    upgrade(database) {
      database.createObjectStore(STORE);
    },
  });
  return opened;
}

export async function read<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get(STORE, key)) as T | undefined;
}

export async function write(key: string, value: unknown): Promise<void> {
  await (await db()).put(STORE, value, key);
}

export async function remove(key: string): Promise<void> {
  await (await db()).delete(STORE, key);
}

/** Tokens shared by the origin's tabs and its service worker; the SDK re-reads them before every refresh. */
export class IdbTokenStore implements TokenStore {
  constructor(private readonly key = 'auth') {}

  async load(): Promise<StoredTokens | null> {
    const tokens = await read<StoredTokens>(this.key);
    return tokens && typeof tokens.accessToken === 'string' && typeof tokens.refreshToken === 'string' ? tokens : null;
  }

  save(tokens: StoredTokens): Promise<void> {
    return write(this.key, tokens);
  }

  clear(): Promise<void> {
    return remove(this.key);
  }
}

export const cachedWorkspaces = {
  load: async (): Promise<WorkspaceInfo[]> => (await read<WorkspaceInfo[]>('workspaces')) ?? [],
  save: (workspaces: WorkspaceInfo[]): Promise<void> => write('workspaces', workspaces),
};

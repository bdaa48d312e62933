import type { User } from './types.js';

/** What a session keeps between page loads. */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, epoch milliseconds. */
  expiresAt: number;
  user?: User;
}

/**
 * Where the session's tokens live. Implementations may be synchronous or asynchronous; the SDK reads the store again
 * before every refresh, so a store shared between tabs (localStorage) lets a tab use a rotation another tab did.
 */
export interface TokenStore {
  load(): StoredTokens | null | Promise<StoredTokens | null>;
  save(tokens: StoredTokens): void | Promise<void>;
  clear(): void | Promise<void>;
}

/** Tokens for the life of the page only. */
export class MemoryTokenStore implements TokenStore {
  private tokens: StoredTokens | null;

  constructor(initial: StoredTokens | null = null) {
    this.tokens = initial;
  }

  load(): StoredTokens | null {
    return this.tokens;
  }

  save(tokens: StoredTokens): void {
    this.tokens = tokens;
  }

  clear(): void {
    this.tokens = null;
  }
}

/** The part of the Web Storage API this store needs. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Tokens in `localStorage` (or any Web Storage), shared by the origin's tabs and kept across reloads. */
export class LocalStorageTokenStore implements TokenStore {
  private readonly storage: StorageLike;

  constructor(
    private readonly key = 'tandem.auth',
    storage?: StorageLike,
  ) {
    const found = storage ?? (globalThis as { localStorage?: StorageLike }).localStorage;
    if (!found) {
      throw new Error('No localStorage in this environment');
    }
    this.storage = found;
  }

  load(): StoredTokens | null {
    const raw = this.storage.getItem(this.key);
    if (raw === null) {
      return null;
    }
    try {
      const parsed = JSON.parse(raw) as Partial<StoredTokens>;
      if (typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string'
        && typeof parsed.expiresAt === 'number') {
        return parsed as StoredTokens;
      }
    } catch {
      // A value this SDK did not write is treated as no session.
    }
    return null;
  }

  save(tokens: StoredTokens): void {
    this.storage.setItem(this.key, JSON.stringify(tokens));
  }

  clear(): void {
    this.storage.removeItem(this.key);
  }
}

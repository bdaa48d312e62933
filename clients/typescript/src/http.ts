import { parseRetryAfter } from './backoff.js';
import { ApiError, NetworkError, NotAuthenticatedError } from './errors.js';
import { Listeners } from './events.js';
import type { FetchLike, LockManagerLike } from './platform.js';
import type { StoredTokens, TokenStore } from './tokens.js';
import type { AuthResponse, Problem } from './types.js';

export const API_PREFIX = '/api/v1';
const REFRESH_LOCK = 'tandem.auth.refresh';

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  /** Send the bearer token and refresh it on 401 (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

/**
 * The signed-in session: the tokens, and their refresh. Refreshes are single-flight: however many requests meet a
 * 401 at once, one `/auth/refresh` runs and all of them wait for its answer, so a refresh token (which works only
 * once: the server treats a reused one as stolen) is never presented twice. Between tabs the same holds through a
 * Web Lock and by re-reading the token store inside it.
 */
export class Session {
  private tokens: StoredTokens | null = null;
  private loaded = false;
  private inflight: Promise<string> | null = null;
  readonly changes = new Listeners<[StoredTokens | null]>();

  constructor(
    private readonly store: TokenStore,
    private readonly callRefresh: (refreshToken: string) => Promise<AuthResponse>,
    private readonly locks: LockManagerLike | null,
    private readonly skewMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<StoredTokens | null> {
    if (!this.loaded) {
      this.tokens = (await this.store.load()) ?? null;
      this.loaded = true;
    }
    return this.tokens;
  }

  /** A usable access token, refreshed first when it has expired; null when signed out. */
  async accessToken(): Promise<string | null> {
    const tokens = await this.current();
    if (!tokens) {
      return null;
    }
    if (tokens.expiresAt - this.skewMs <= this.now()) {
      return this.refresh(tokens.accessToken);
    }
    return tokens.accessToken;
  }

  async establish(answer: AuthResponse): Promise<StoredTokens> {
    const tokens: StoredTokens = {
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
      expiresAt: answer.expiresAt,
      user: answer.user,
    };
    await this.store.save(tokens);
    this.tokens = tokens;
    this.loaded = true;
    this.changes.emit(tokens);
    return tokens;
  }

  async clear(): Promise<void> {
    await this.store.clear();
    const had = this.tokens !== null;
    this.tokens = null;
    this.loaded = true;
    if (had) {
      this.changes.emit(null);
    }
  }

  /**
   * A new access token in place of `stale` (the one a request was refused with). When the session already moved
   * past `stale`, in this tab or another, that newer token is the answer and nothing is sent.
   */
  refresh(stale: string | null): Promise<string> {
    if (this.inflight) {
      return this.inflight;
    }
    const known = this.tokens;
    if (known && known.accessToken !== stale && !this.expired(known)) {
      return Promise.resolve(known.accessToken);
    }
    const run = () => this.rotate(stale);
    this.inflight = (this.locks ? this.locks.request(REFRESH_LOCK, run) : run()).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async rotate(stale: string | null): Promise<string> {
    const stored = (await this.store.load()) ?? null;
    if (stored && stored.accessToken !== stale && !this.expired(stored)) {
      // Another tab rotated while this one waited for the lock.
      this.tokens = stored;
      return stored.accessToken;
    }
    const refreshToken = stored?.refreshToken ?? this.tokens?.refreshToken;
    if (!refreshToken) {
      await this.clear();
      throw new NotAuthenticatedError();
    }
    let answer: AuthResponse;
    try {
      answer = await this.callRefresh(refreshToken);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 400)) {
        await this.clear();
        throw new NotAuthenticatedError('The session ended; sign in again');
      }
      throw error;
    }
    return (await this.establish(answer)).accessToken;
  }

  private expired(tokens: StoredTokens): boolean {
    return tokens.expiresAt - this.skewMs <= this.now();
  }
}

/** JSON over `fetch` against `{baseUrl}/api/v1`, with the session's bearer token and problem+json errors. */
export class HttpClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: FetchLike,
    private readonly session: () => Session,
  ) {}

  url(path: string, query?: Query): string {
    let url = this.baseUrl.replace(/\/+$/, '') + API_PREFIX + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== null) {
          params.set(key, String(value));
        }
      }
      const text = params.toString();
      if (text) {
        url += `?${text}`;
      }
    }
    return url;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    const session = this.session();
    let token: string | null = null;
    if (auth) {
      token = await session.accessToken();
      if (token === null) {
        throw new NotAuthenticatedError();
      }
    }
    let response = await this.send(method, path, options, token);
    if (auth && response.status === 401) {
      token = await session.refresh(token);
      response = await this.send(method, path, options, token);
    }
    return read<T>(response);
  }

  private async send(method: string, path: string, options: RequestOptions, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...options.headers };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (token !== null) {
      headers.Authorization = `Bearer ${token}`;
    }
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) {
      init.body = JSON.stringify(options.body);
    }
    if (options.signal) {
      init.signal = options.signal;
    }
    try {
      return await this.fetchFn(this.url(path, options.query), init);
    } catch (error) {
      throw new NetworkError(`${method} ${path} failed: ${String((error as Error)?.message ?? error)}`, { cause: error });
    }
  }
}

async function read<T>(response: Response): Promise<T> {
  if (response.ok) {
    if (response.status === 204) {
      return undefined as T;
    }
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
  throw new ApiError(await problemOf(response), parseRetryAfter(response.headers.get('Retry-After')));
}

async function problemOf(response: Response): Promise<Problem> {
  let body: unknown = null;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const fallback: Problem = { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status };
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const problem = body as Partial<Problem>;
    return {
      ...problem,
      type: typeof problem.type === 'string' ? problem.type : fallback.type,
      title: typeof problem.title === 'string' ? problem.title : fallback.title,
      status: typeof problem.status === 'number' ? problem.status : response.status,
    } as Problem;
  }
  return fallback;
}

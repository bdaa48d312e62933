import type { HttpClient, Session } from './http.js';
import type { StoredTokens } from './tokens.js';
import type { AuthResponse, User } from './types.js';

/** Register, sign in and out, and the current user. Token refresh happens on its own (see `Session`). */
export class Auth {
  constructor(
    private readonly http: HttpClient,
    private readonly session: Session,
  ) {}

  async register(email: string, password: string, name: string): Promise<User> {
    const answer = await this.http.request<AuthResponse>('POST', '/auth/register', {
      body: { email, password, name },
      auth: false,
    });
    return (await this.session.establish(answer)).user ?? answer.user;
  }

  async login(email: string, password: string): Promise<User> {
    const answer = await this.http.request<AuthResponse>('POST', '/auth/login', { body: { email, password }, auth: false });
    return (await this.session.establish(answer)).user ?? answer.user;
  }

  /** Revokes the refresh token on the server (when reachable) and forgets the session here in any case. */
  async logout(): Promise<void> {
    const tokens = await this.session.current();
    try {
      if (tokens) {
        await this.http.request<void>('POST', '/auth/logout', { body: { refreshToken: tokens.refreshToken }, auth: false });
      }
    } finally {
      await this.session.clear();
    }
  }

  /** Rotates the tokens now; concurrent callers share one refresh. */
  async refresh(): Promise<void> {
    const tokens = await this.session.current();
    await this.session.refresh(tokens?.accessToken ?? null);
  }

  me(): Promise<User> {
    return this.http.request<User>('GET', '/auth/me');
  }

  /** Erases the account on the server, then forgets the session. */
  async deleteAccount(password: string): Promise<void> {
    await this.http.request<void>('DELETE', '/auth/me', { body: { password } });
    await this.session.clear();
  }

  /** The user of the stored session, if any (as of its last sign-in or refresh). */
  async user(): Promise<User | null> {
    return (await this.session.current())?.user ?? null;
  }

  async signedIn(): Promise<boolean> {
    return (await this.session.current()) !== null;
  }

  /** Called with the new tokens on sign-in and refresh, and with null when the session ends. */
  onChange(listener: (tokens: StoredTokens | null) => void): () => void {
    return this.session.changes.on(listener);
  }

  /** An access token for other transports (the WebSocket), refreshed when it has expired. */
  accessToken(): Promise<string | null> {
    return this.session.accessToken();
  }
}

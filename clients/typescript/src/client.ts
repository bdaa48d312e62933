import { TandemApi } from './api.js';
import { Auth } from './auth.js';
import type { BackoffOptions } from './backoff.js';
import { DescriptionDoc } from './description.js';
import { HttpClient, Session } from './http.js';
import { LiveClient } from './live.js';
import {
  defaultBroadcastChannel, defaultFetch, defaultLocks, defaultWebSocket, type BroadcastChannelFactory, type FetchLike,
  type LockManagerLike, type WebSocketFactory,
} from './platform.js';
import { MemoryTokenStore, type TokenStore } from './tokens.js';
import type { AuthResponse } from './types.js';
import { Workspace, type WorkspaceOptions } from './workspace.js';

export interface TandemOptions {
  /** The server's origin, e.g. `https://tasks.example.com`; the API is under `/api/v1`, the socket at `/ws`. */
  baseUrl: string;
  /** Where tokens are kept; in memory by default (`LocalStorageTokenStore` keeps them across reloads). */
  tokenStore?: TokenStore;
  fetch?: FetchLike;
  /** Opens WebSockets; the global `WebSocket` by default, null for no live updates. */
  webSocket?: WebSocketFactory | null;
  /** `navigator.locks` by default; null to do without. */
  locks?: LockManagerLike | null;
  /** `BroadcastChannel` by default; null to do without. */
  broadcastChannel?: BroadcastChannelFactory | null;
  backoff?: BackoffOptions;
}

/** The SDK's entry point: the REST API, the session, the live socket, and offline-first workspaces. */
export class Tandem {
  readonly api: TandemApi;
  readonly auth: Auth;
  /** Null when there is no WebSocket in this environment. */
  readonly live: LiveClient | null;
  private readonly locks: LockManagerLike | null;
  private readonly broadcastChannel: BroadcastChannelFactory | null;
  private readonly backoff: BackoffOptions | undefined;

  constructor(options: TandemOptions) {
    const fetchFn = options.fetch ?? defaultFetch();
    this.locks = options.locks === undefined ? defaultLocks() : options.locks;
    this.broadcastChannel = options.broadcastChannel === undefined ? defaultBroadcastChannel() : options.broadcastChannel;
    this.backoff = options.backoff;
    let session: Session;
    const http = new HttpClient(options.baseUrl, fetchFn, () => session);
    session = new Session(
      options.tokenStore ?? new MemoryTokenStore(),
      (refreshToken) => http.request<AuthResponse>('POST', '/auth/refresh', { body: { refreshToken }, auth: false }),
      this.locks,
    );
    this.api = new TandemApi(http);
    this.auth = new Auth(http, session);
    const webSocket = options.webSocket === undefined ? defaultWebSocket() : options.webSocket;
    this.live = webSocket
      ? new LiveClient({
        url: socketUrl(options.baseUrl),
        token: () => session.accessToken(),
        webSocket,
        ...(options.backoff ? { backoff: options.backoff } : {}),
      })
      : null;
    const live = this.live;
    if (live) {
      // A signed-out session has no business on the socket; signing in again resumes it.
      this.auth.onChange((tokens) => {
        if (tokens === null) {
          live.close();
        } else if (live.workspaces.length > 0) {
          live.connect();
        }
      });
    }
  }

  /** Opens a workspace's local store and starts syncing it. */
  async openWorkspace(workspaceId: string, options: WorkspaceOptions = {}): Promise<Workspace> {
    const workspace = await Workspace.open(this.api, workspaceId, {
      locks: this.locks,
      broadcastChannel: this.broadcastChannel,
      live: this.live,
      ...(this.backoff ? { backoff: this.backoff } : {}),
      ...options,
    });
    return workspace.start();
  }

  /** Opens a task's description for collaborative editing over the live socket. */
  async openDescription(workspaceId: string, taskId: string, options: { clientId?: string } = {}): Promise<DescriptionDoc> {
    const live = this.live;
    if (!live) {
      throw new Error('Collaborative editing needs a WebSocket');
    }
    live.join(workspaceId);
    live.connect();
    const fetchSnapshot = () => this.api.descriptions.get(workspaceId, taskId);
    const snapshot = await fetchSnapshot();
    return new DescriptionDoc({
      taskId,
      transport: live,
      snapshot,
      fetchSnapshot,
      ...(options.clientId ? { clientId: options.clientId } : {}),
    });
  }

  close(): void {
    this.live?.close();
  }
}

export function createTandem(options: TandemOptions): Tandem {
  return new Tandem(options);
}

/** `http(s)://host[/prefix]` → `ws(s)://host[/prefix]/ws`. */
export function socketUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/^http/, 'ws') + '/ws';
}

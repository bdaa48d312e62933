import { Backoff, type BackoffOptions } from './backoff.js';
import { Listeners } from './events.js';
import { WS_OPEN, type WebSocketFactory, type WebSocketLike } from './platform.js';
import type { ClientFrames, ClientFrameType, PresenceStatus, ServerFrame, ServerFrames, ServerFrameType } from './frames.js';

export interface LiveOptions {
  /** The socket's address without the token: `wss://host/ws`. */
  url: string;
  /** A current access token; called before every (re)connect. */
  token: () => Promise<string | null>;
  webSocket: WebSocketFactory;
  backoff?: BackoffOptions;
}

export type PresenceMap = ReadonlyMap<string, PresenceStatus>;

/**
 * The WebSocket at `/ws`, kept open: after a drop it reconnects with exponential backoff and jitter, joins the
 * workspaces again and tells its listeners (`onOpen`), who catch up on what they missed (a pull, a description
 * sync). Frames are dispatched by type; presence is kept per workspace.
 */
export class LiveClient {
  private socket: WebSocketLike | null = null;
  private readonly backoff: Backoff;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private wanted = false;
  private opens = 0;
  private readonly joined = new Set<string>();
  private status: PresenceStatus | null = null;
  private readonly present = new Map<string, Map<string, PresenceStatus>>();

  private readonly frameListeners = new Listeners<[ServerFrame]>();
  private readonly openListeners = new Listeners<[{ reconnect: boolean }]>();
  private readonly closeListeners = new Listeners<[]>();
  private readonly presenceListeners = new Listeners<[string, PresenceMap]>();

  constructor(private readonly options: LiveOptions) {
    this.backoff = new Backoff({ baseMs: 500, maxMs: 30_000, ...options.backoff });
  }

  /** The workspaces joined (again after each reconnect). */
  get workspaces(): string[] {
    return [...this.joined];
  }

  get connected(): boolean {
    return this.socket !== null && this.socket.readyState === WS_OPEN;
  }

  /** Starts connecting, and keeps reconnecting until `close()`. */
  connect(): void {
    if (this.wanted) {
      return;
    }
    this.wanted = true;
    void this.open();
  }

  close(): void {
    this.wanted = false;
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, 'closed by client');
    }
    this.present.clear();
  }

  /** Joins a workspace now if connected, and after every reconnect. */
  join(workspaceId: string): void {
    if (!this.joined.has(workspaceId)) {
      this.joined.add(workspaceId);
      this.send('join_workspace', { workspaceId });
    }
  }

  leave(workspaceId: string): void {
    if (this.joined.delete(workspaceId)) {
      this.send('leave_workspace', { workspaceId });
      this.present.delete(workspaceId);
    }
  }

  setPresence(status: PresenceStatus): void {
    this.status = status;
    this.send('presence_update', { status });
  }

  /** Who is present in a workspace, by user id, as the server last told. */
  presence(workspaceId: string): PresenceMap {
    return this.present.get(workspaceId) ?? new Map();
  }

  onPresence(listener: (workspaceId: string, present: PresenceMap) => void): () => void {
    return this.presenceListeners.on(listener);
  }

  /** Sends a frame if the socket is open; answers whether it was sent. */
  send<K extends ClientFrameType>(type: K, payload: ClientFrames[K]): boolean {
    if (!this.socket || this.socket.readyState !== WS_OPEN) {
      return false;
    }
    this.socket.send(JSON.stringify({ type, payload }));
    return true;
  }

  onFrame(listener: (frame: ServerFrame) => void): () => void {
    return this.frameListeners.on(listener);
  }

  /** Listens to frames of one type. */
  on<K extends ServerFrameType>(type: K, listener: (payload: ServerFrames[K]) => void): () => void {
    return this.frameListeners.on((frame) => {
      if (frame.type === type) {
        listener(frame.payload as ServerFrames[K]);
      }
    });
  }

  /** After each (re)connect, once the workspaces were joined again. */
  onOpen(listener: (info: { reconnect: boolean }) => void): () => void {
    return this.openListeners.on(listener);
  }

  onClose(listener: () => void): () => void {
    return this.closeListeners.on(listener);
  }

  private async open(): Promise<void> {
    this.reconnectTimer = null;
    if (!this.wanted) {
      return;
    }
    let token: string | null;
    try {
      token = await this.options.token();
    } catch {
      token = null;
    }
    if (!this.wanted) {
      return;
    }
    if (token === null) {
      this.scheduleReconnect();
      return;
    }
    const separator = this.options.url.includes('?') ? '&' : '?';
    let socket: WebSocketLike;
    try {
      socket = this.options.webSocket(`${this.options.url}${separator}token=${encodeURIComponent(token)}`);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) {
        return;
      }
      this.backoff.reset();
      for (const workspaceId of this.joined) {
        this.send('join_workspace', { workspaceId });
      }
      if (this.status) {
        this.send('presence_update', { status: this.status });
      }
      this.opens += 1;
      this.openListeners.emit({ reconnect: this.opens > 1 });
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) {
        this.received(event.data);
      }
    };
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      this.present.clear();
      this.closeListeners.emit();
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (!this.wanted || this.reconnectTimer) {
      return;
    }
    this.reconnectTimer = setTimeout(() => void this.open(), this.backoff.next());
  }

  private received(data: unknown): void {
    if (typeof data !== 'string') {
      return;
    }
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (!frame || typeof frame.type !== 'string') {
      return;
    }
    if (frame.type === 'user_presence') {
      this.presenceChanged(frame.payload);
    }
    this.frameListeners.emit(frame);
  }

  private presenceChanged(payload: ServerFrames['user_presence']): void {
    let users = this.present.get(payload.workspaceId);
    if (!users) {
      users = new Map();
      this.present.set(payload.workspaceId, users);
    }
    if (payload.status === 'offline') {
      users.delete(payload.userId);
    } else {
      users.set(payload.userId, payload.status);
    }
    this.presenceListeners.emit(payload.workspaceId, new Map(users));
  }
}

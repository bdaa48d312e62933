/**
 * The few browser facilities the SDK leans on, typed structurally so that tests (and other runtimes) can hand in
 * their own. Each has a default taken from `globalThis` when present.
 */

/** The part of the Web Locks API (`navigator.locks`) the SDK uses. */
export interface LockManagerLike {
  request<T>(name: string, callback: (lock: unknown) => Promise<T> | T): Promise<T>;
  request<T>(
    name: string,
    options: { mode?: 'exclusive' | 'shared'; signal?: AbortSignal; ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>;
}

/** The part of `BroadcastChannel` the SDK uses. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export type BroadcastChannelFactory = (name: string) => BroadcastChannelLike;

/** The part of a `WebSocket` the SDK uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export const WS_OPEN = 1;

export function defaultLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

export function defaultBroadcastChannel(): BroadcastChannelFactory | null {
  const ctor = (globalThis as { BroadcastChannel?: new (name: string) => BroadcastChannelLike }).BroadcastChannel;
  return ctor ? (name) => new ctor(name) : null;
}

export function defaultWebSocket(): WebSocketFactory | null {
  const ctor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  return ctor ? (url) => new ctor(url) : null;
}

export function defaultFetch(): FetchLike {
  if (typeof globalThis.fetch !== 'function') {
    throw new Error('No fetch in this environment: pass one in the options');
  }
  return (input, init) => globalThis.fetch(input, init);
}

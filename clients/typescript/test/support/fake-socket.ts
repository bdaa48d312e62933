import type { WebSocketLike } from '../../src/platform.js';

/** A WebSocket whose other end is the test: it opens, receives and drops when told to. */
export class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  /** The frames the client sent, parsed. */
  readonly sent: { type: string; payload: Record<string, unknown> }[] = [];

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) {
      throw new Error('not open');
    }
    this.sent.push(JSON.parse(data));
  }

  close(): void {
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(type: string, payload: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ type, payload }) });
  }

  /** The connection is lost (or the server closed it). */
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }

  sentOfType(type: string): Record<string, unknown>[] {
    return this.sent.filter((frame) => frame.type === type).map((frame) => frame.payload);
  }
}

export class FakeSockets {
  readonly all: FakeSocket[] = [];

  readonly factory = (url: string): WebSocketLike => {
    const socket = new FakeSocket(url);
    this.all.push(socket);
    return socket;
  };

  get last(): FakeSocket {
    return this.all.at(-1)!;
  }
}

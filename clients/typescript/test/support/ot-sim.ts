/**
 * A simulated network and description server for the OT client: virtual time, per-connection FIFO delivery with
 * random delays, connections that drop (losing what was in flight towards the client, and some of what was in
 * flight towards the server), and a server that does what the contract says: transform an incoming operation
 * against every change applied since its revision, one at a time, with side `left`; answer a known
 * `(clientId, seq)` with the revision it produced; ack to the sender, `description_op` to every other connection.
 */
import { type as textUnicode } from 'ot-text-unicode';
import type { DescriptionTransport } from '../../src/description.js';
import type { ClientFrames, ServerFrame } from '../../src/frames.js';
import type { TextOp } from '../../src/types.js';

export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Events in virtual time, run in time order (ties in the order scheduled). */
export class Clock {
  now = 0;
  private seq = 0;
  private readonly events: { at: number; seq: number; run: () => void }[] = [];

  at(time: number, run: () => void): void {
    this.events.push({ at: time, seq: this.seq++, run });
    this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  after(delay: number, run: () => void): void {
    this.at(this.now + delay, run);
  }

  runAll(limit = 1_000_000): void {
    for (let i = 0; i < limit && this.events.length > 0; i++) {
      const next = this.events.shift()!;
      this.now = next.at;
      next.run();
    }
    if (this.events.length > 0) {
      throw new Error('the simulation did not come to rest');
    }
  }
}

type ClientFrame = { [K in keyof ClientFrames]: { type: K; payload: ClientFrames[K] } }[keyof ClientFrames];

interface Applied {
  revision: number;
  op: TextOp;
  clientId: string;
  seq: number;
  userId: string;
}

export class OtServer {
  text: string;
  readonly history: Applied[] = [];
  private readonly produced = new Map<string, number>();
  readonly connections = new Set<Connection>();
  /** The longest text, in code points, that the server accepts (the contract's is 2000). */
  maxLength = 2000;
  /**
   * Frames a connection may send in any second of virtual time (the server's `tandem.rate-limit.ws-per-second`);
   * the frames over it are answered with `error {code: 'rate_limited'}`, naming no task, and not processed.
   */
  framesPerSecond = Infinity;
  private readonly received = new Map<Connection, number[]>();
  rateLimited = 0;

  constructor(readonly taskId: string, initial = '') {
    this.text = initial;
  }

  get revision(): number {
    return this.history.length;
  }

  receive(from: Connection, frame: ClientFrame, now: number): void {
    const recent = (this.received.get(from) ?? []).filter((at) => at > now - 1000);
    if (recent.length >= this.framesPerSecond) {
      this.received.set(from, recent);
      this.rateLimited += 1;
      from.toClient({ type: 'error', payload: { code: 'rate_limited', message: 'too many frames; this one was not processed' } });
      return;
    }
    this.received.set(from, [...recent, now]);
    switch (frame.type) {
      case 'description_op': {
        const { revision, clientId, seq } = frame.payload;
        const key = `${clientId}:${seq}`;
        const known = this.produced.get(key);
        if (known !== undefined) {
          from.toClient({ type: 'description_ack', payload: { taskId: this.taskId, clientId, seq, revision: known } });
          return;
        }
        if (revision < 0 || revision > this.revision) {
          from.toClient({ type: 'error', payload: { code: 'validation', message: 'bad revision', taskId: this.taskId, clientId, seq } });
          return;
        }
        let op = frame.payload.op;
        for (const applied of this.history.slice(revision)) {
          op = textUnicode.transform(op, applied.op, 'left');
        }
        const next = textUnicode.apply(this.text, op);
        if ([...next].length > this.maxLength) {
          from.toClient({ type: 'error', payload: { code: 'validation', message: 'too long', taskId: this.taskId, clientId, seq } });
          return;
        }
        this.text = next;
        const entry = { revision: this.revision + 1, op, clientId, seq, userId: from.userId };
        this.history.push(entry);
        this.produced.set(key, entry.revision);
        from.toClient({ type: 'description_ack', payload: { taskId: this.taskId, clientId, seq, revision: entry.revision } });
        for (const other of this.connections) {
          if (other !== from) {
            other.toClient({ type: 'description_op', payload: { taskId: this.taskId, ...entry } });
          }
        }
        return;
      }
      case 'description_sync': {
        for (const applied of this.history.slice(frame.payload.since)) {
          from.toClient({ type: 'description_op', payload: { taskId: this.taskId, ...applied } });
        }
        from.toClient({ type: 'description_synced', payload: { taskId: this.taskId, revision: this.revision } });
        return;
      }
      case 'description_cursor': {
        let selection = frame.payload.selection;
        for (const applied of this.history.slice(frame.payload.revision)) {
          selection = textUnicode.transformSelection(selection, applied.op) as [number, number];
        }
        for (const other of this.connections) {
          if (other !== from) {
            other.toClient({
              type: 'description_cursor',
              payload: { taskId: this.taskId, userId: from.userId, clientId: frame.payload.clientId ?? from.clientId ?? '', revision: this.revision, selection },
            });
          }
        }
        return;
      }
      default:
        return;
    }
  }
}

/** One socket between a client and the server; frames in each direction keep their order. */
export class Connection {
  up = true;
  clientId: string | null = null;
  private lastToServer = 0;
  private lastToClient = 0;

  constructor(
    private readonly clock: Clock,
    private readonly server: OtServer,
    private readonly transport: SimTransport,
    readonly userId: string,
    private readonly random: () => number,
    private readonly maxDelay: number,
  ) {
    server.connections.add(this);
  }

  toServer(frame: ClientFrame): void {
    if (frame.type === 'description_op') {
      this.clientId = frame.payload.clientId;
    }
    const at = Math.max(this.clock.now + this.random() * this.maxDelay, this.lastToServer);
    this.lastToServer = at;
    this.clock.at(at, () => {
      // A frame sent just before a drop may or may not have made it: decided when it would have arrived.
      if (this.up || this.random() < 0.5) {
        this.server.receive(this, frame, this.clock.now);
      }
    });
  }

  toClient(frame: ServerFrame): void {
    if (!this.up) {
      return;
    }
    const at = Math.max(this.clock.now + this.random() * this.maxDelay, this.lastToClient);
    this.lastToClient = at;
    this.clock.at(at, () => {
      if (this.up) {
        this.transport.deliver(frame);
      }
    });
  }

  drop(): void {
    this.up = false;
    this.server.connections.delete(this);
  }
}

/** The client's end: what a `DescriptionDoc` sees instead of the live socket. */
export class SimTransport implements DescriptionTransport {
  private connection: Connection | null = null;
  private readonly frameListeners = new Set<(frame: ServerFrame) => void>();
  private readonly openListeners = new Set<(info: { reconnect: boolean }) => void>();
  sentOps = 0;

  constructor(
    private readonly clock: Clock,
    private readonly server: OtServer,
    readonly userId: string,
    private readonly random: () => number,
    private readonly maxDelay = 30,
  ) {}

  get connected(): boolean {
    return this.connection?.up ?? false;
  }

  connect(): void {
    this.connection = new Connection(this.clock, this.server, this, this.userId, this.random, this.maxDelay);
    this.openListeners.forEach((listener) => listener({ reconnect: true }));
  }

  drop(): void {
    this.connection?.drop();
    this.connection = null;
  }

  send<K extends 'description_op' | 'description_sync' | 'description_cursor'>(type: K, payload: ClientFrames[K]): boolean {
    if (!this.connection?.up) {
      return false;
    }
    if (type === 'description_op') {
      this.sentOps += 1;
    }
    this.connection.toServer({ type, payload } as ClientFrame);
    return true;
  }

  deliver(frame: ServerFrame): void {
    this.frameListeners.forEach((listener) => listener(frame));
  }

  onFrame(listener: (frame: ServerFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onOpen(listener: (info: { reconnect: boolean }) => void): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }
}

import { type as textUnicode } from 'ot-text-unicode';
import { Listeners } from './events.js';
import type { ClientFrames, ServerFrame, ServerFrames } from './frames.js';
import type { Description, TextOp } from './types.js';
import { uuid } from './uuid.js';

/** What a description document needs from the WebSocket; `LiveClient` is one. */
export interface DescriptionTransport {
  readonly connected: boolean;
  send<K extends 'description_op' | 'description_sync' | 'description_cursor'>(type: K, payload: ClientFrames[K]): boolean;
  onFrame(listener: (frame: ServerFrame) => void): () => void;
  onOpen(listener: (info: { reconnect: boolean }) => void): () => void;
}

/** A change of the local text: typed here, arrived from someone else, or a reload from the server. */
export interface DescriptionChange {
  source: 'local' | 'remote' | 'reset';
  /** The operation on the text as it was before (for `reset`, the old text deleted and the new inserted). */
  op: TextOp;
}

/** Another editor's selection, in code points of this document's current local text. */
export interface RemoteCursor {
  clientId: string;
  userId: string;
  selection: [number, number];
}

export interface DescriptionDocOptions {
  taskId: string;
  transport: DescriptionTransport;
  /** The text and revision to start from. */
  snapshot: Pick<Description, 'text' | 'revision'>;
  /** Reads the description again, after the server refused one of our operations. */
  fetchSnapshot?: () => Promise<Pick<Description, 'text' | 'revision'>>;
  /** Kept across reconnects (and may be kept across page loads); a fresh UUID by default. */
  clientId?: string;
}

type Selection = [number, number];

const HISTORY = 1000;
/** The server's frame budget refills within a second; a frame it dropped for being over it is sent again after. */
const RATE_LIMITED_RETRY_MS = 1000;

const apply = (text: string, op: TextOp): string => textUnicode.apply(text, op);
const compose = (a: TextOp, b: TextOp): TextOp => textUnicode.compose(a, b);
const transform = (op: TextOp, other: TextOp, side: 'left' | 'right'): TextOp => textUnicode.transform(op, other, side);
const transformSelection = (selection: Selection, op: TextOp): Selection =>
  textUnicode.transformSelection(selection, op) as Selection;

/**
 * One task's description as an OT document, ShareDB's client algorithm over the contract's frames: at most one
 * operation in flight; what is typed meanwhile is composed into one buffered operation; incoming operations are
 * transformed against the in-flight and buffered ones (the client's side is `left`, as on the server); the buffer
 * goes out when the in-flight operation is acknowledged. After a reconnect the in-flight operation is sent again
 * with the same `(clientId, seq)`, which the server answers without applying it twice, and a `description_sync`
 * brings the operations missed meanwhile.
 */
export class DescriptionDoc {
  readonly taskId: string;
  readonly clientId: string;
  private textValue: string;
  private revisionValue: number;
  private inflight: { op: TextOp; seq: number } | null = null;
  private buffer: TextOp | null = null;
  private seq = 0;
  private syncing = false;
  private resetting = false;
  private closed = false;
  /** Closed by the app while some of our operations were not yet acknowledged: they still go out, then it closes. */
  private closing = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly history = new Map<number, TextOp>();
  private localSelection: Selection | null = null;
  private cursorUnsent = false;
  private readonly cursors = new Map<string, RemoteCursor>();
  private readonly parkedCursors = new Map<string, ServerFrames['description_cursor']>();
  private readonly transport: DescriptionTransport;
  private readonly fetchSnapshot: (() => Promise<Pick<Description, 'text' | 'revision'>>) | undefined;
  private readonly unsubscribe: (() => void)[];

  private readonly changeListeners = new Listeners<[DescriptionChange]>();
  private readonly cursorListeners = new Listeners<[readonly RemoteCursor[]]>();
  private readonly errorListeners = new Listeners<[ServerFrames['error']]>();
  private readonly settledListeners = new Listeners<[]>();

  constructor(options: DescriptionDocOptions) {
    this.taskId = options.taskId;
    this.clientId = options.clientId ?? uuid();
    this.transport = options.transport;
    this.fetchSnapshot = options.fetchSnapshot;
    this.textValue = options.snapshot.text;
    this.revisionValue = options.snapshot.revision;
    this.unsubscribe = [
      this.transport.onFrame((frame) => this.received(frame)),
      this.transport.onOpen(() => this.reconnected()),
    ];
    if (this.transport.connected) {
      this.requestSync();
    }
  }

  /** The text as shown here: the server's at `revision`, with our unacknowledged operations applied. */
  get text(): string {
    return this.textValue;
  }

  /** The last server revision included in `text`. */
  get revision(): number {
    return this.revisionValue;
  }

  /** True while some of our operations are not yet acknowledged. */
  get hasPending(): boolean {
    return this.inflight !== null || this.buffer !== null;
  }

  onChange(listener: (change: DescriptionChange) => void): () => void {
    return this.changeListeners.on(listener);
  }

  onRemoteCursors(listener: (cursors: readonly RemoteCursor[]) => void): () => void {
    return this.cursorListeners.on(listener);
  }

  /** The server refused one of our operations; the document was read again from the server. */
  onError(listener: (error: ServerFrames['error']) => void): () => void {
    return this.errorListeners.on(listener);
  }

  /** Every operation of ours has been acknowledged. */
  onSettled(listener: () => void): () => void {
    return this.settledListeners.on(listener);
  }

  remoteCursors(): RemoteCursor[] {
    return [...this.cursors.values()];
  }

  /** Applies a local edit at once and sends it (or buffers it behind the one in flight). */
  submit(op: TextOp): void {
    const normalized = textUnicode.normalize(op);
    textUnicode.checkOp(normalized);
    if (normalized.length === 0) {
      return;
    }
    this.textValue = apply(this.textValue, normalized);
    this.buffer = this.buffer ? compose(this.buffer, normalized) : normalized;
    this.moveCursors(normalized);
    if (this.localSelection) {
      this.localSelection = transformSelection(this.localSelection, normalized);
    }
    this.changeListeners.emit({ source: 'local', op: normalized });
    this.flush();
  }

  /** Inserts `text` at code point `position`. */
  insert(position: number, text: string): void {
    this.submit(position > 0 ? [position, text] : [text]);
  }

  /** Deletes `length` code points from `position`. */
  delete(position: number, length: number): void {
    this.submit(position > 0 ? [position, { d: length }] : [{ d: length }]);
  }

  /** Our selection as `[anchor, head]` code points of `text`; others see it once our edits are acknowledged. */
  setSelection(selection: Selection): void {
    this.localSelection = [selection[0], selection[1]];
    this.cursorUnsent = true;
    this.sendCursor();
  }

  /**
   * Stops telling this document's listeners anything. Edits not yet acknowledged are not dropped: the document keeps
   * sending them (again after a reconnect) and lets go of the socket once the server has them all.
   */
  close(): void {
    this.changeListeners.clear();
    this.cursorListeners.clear();
    this.localSelection = null;
    if (this.hasPending && !this.resetting) {
      this.closing = true;
      return;
    }
    this.detach();
  }

  private detach(): void {
    this.closed = true;
    this.closing = false;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.unsubscribe.forEach((stop) => stop());
  }

  private flush(): void {
    if (this.inflight || !this.buffer || this.resetting) {
      return;
    }
    this.seq += 1;
    this.inflight = { op: this.buffer, seq: this.seq };
    this.buffer = null;
    this.sendInflight();
  }

  private sendInflight(): void {
    if (!this.inflight) {
      return;
    }
    this.transport.send('description_op', {
      taskId: this.taskId,
      revision: this.revisionValue,
      op: this.inflight.op,
      clientId: this.clientId,
      seq: this.inflight.seq,
    });
  }

  private reconnected(): void {
    if (this.closed || this.resetting) {
      return;
    }
    this.syncing = false;
    this.requestSync();
    // The server answers a (clientId, seq) it already applied with that revision, so resending is always safe.
    this.sendInflight();
    this.cursorUnsent = this.localSelection !== null;
    this.sendCursor();
  }

  private requestSync(): void {
    if (this.syncing) {
      return;
    }
    this.syncing = this.transport.send('description_sync', { taskId: this.taskId, since: this.revisionValue });
  }

  private received(frame: ServerFrame): void {
    if (this.closed || this.resetting) {
      return;
    }
    switch (frame.type) {
      case 'description_op':
        if (frame.payload.taskId === this.taskId) {
          this.remoteOp(frame.payload);
        }
        break;
      case 'description_ack':
        if (frame.payload.taskId === this.taskId) {
          this.acknowledged(frame.payload);
        }
        break;
      case 'description_synced':
        if (frame.payload.taskId === this.taskId) {
          this.syncing = false;
          if (frame.payload.revision > this.revisionValue) {
            this.requestSync();
          }
        }
        break;
      case 'description_cursor':
        if (frame.payload.taskId === this.taskId && frame.payload.clientId !== this.clientId) {
          this.remoteCursor(frame.payload);
        }
        break;
      case 'error':
        if (frame.payload.code === 'rate_limited' && frame.payload.taskId === undefined) {
          this.throttled();
        } else if (frame.payload.taskId === this.taskId && frame.payload.clientId === this.clientId
          && this.inflight !== null && frame.payload.seq === this.inflight.seq) {
          void this.reset(frame.payload);
        }
        break;
      default:
        break;
    }
  }

  /**
   * The server dropped one of this socket's frames unprocessed, for being over its frame budget, without saying
   * which: ours may be among them, and nothing else would send them again. So a moment later the sync, the operation
   * in flight (under the same `(clientId, seq)`, applied once however often it arrives) and the selection are sent
   * again.
   */
  private throttled(): void {
    if (this.retryTimer) {
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed || this.resetting) {
        return;
      }
      if (this.syncing) {
        this.syncing = false;
        this.requestSync();
      }
      this.sendInflight();
      this.cursorUnsent = this.localSelection !== null;
      this.sendCursor();
    }, RATE_LIMITED_RETRY_MS);
  }

  private remoteOp(frame: ServerFrames['description_op']): void {
    if (frame.revision <= this.revisionValue) {
      return;
    }
    if (frame.revision > this.revisionValue + 1) {
      // Missed some (the connection was down, or we joined late): ask for them in order.
      this.requestSync();
      return;
    }
    if (this.inflight && frame.clientId === this.clientId && frame.seq === this.inflight.seq) {
      // Our own operation, seen in a sync after a reconnect: it is acknowledged.
      this.acknowledged({ taskId: this.taskId, clientId: this.clientId, seq: this.inflight.seq, revision: frame.revision });
      return;
    }
    let incoming = frame.op;
    if (this.inflight) {
      const mine = this.inflight.op;
      this.inflight.op = transform(mine, incoming, 'left');
      incoming = transform(incoming, mine, 'right');
    }
    if (this.buffer) {
      const mine = this.buffer;
      this.buffer = transform(mine, incoming, 'left');
      incoming = transform(incoming, mine, 'right');
    }
    this.remember(frame.revision, frame.op);
    this.revisionValue = frame.revision;
    this.textValue = apply(this.textValue, incoming);
    this.moveCursors(incoming);
    if (this.localSelection) {
      this.localSelection = transformSelection(this.localSelection, incoming);
    }
    this.changeListeners.emit({ source: 'remote', op: incoming });
    this.placeParkedCursors();
  }

  private acknowledged(ack: ServerFrames['description_ack']): void {
    if (!this.inflight || ack.clientId !== this.clientId || ack.seq !== this.inflight.seq
      || ack.revision <= this.revisionValue) {
      return;
    }
    if (ack.revision > this.revisionValue + 1) {
      // Operations before ours are missing; the sync brings them, and ours with them.
      this.requestSync();
      return;
    }
    // Transformed against everything before it, the in-flight operation is exactly what the server applied.
    this.remember(ack.revision, this.inflight.op);
    this.revisionValue = ack.revision;
    this.inflight = null;
    this.flush();
    this.placeParkedCursors();
    if (!this.hasPending && this.closing) {
      this.detach();
      this.settledListeners.emit();
      return;
    }
    if (!this.hasPending) {
      this.sendCursor();
      this.settledListeners.emit();
    }
  }

  private async reset(error: ServerFrames['error']): Promise<void> {
    this.inflight = null;
    this.buffer = null;
    if (this.closing) {
      this.detach();
      this.errorListeners.emit(error);
      return;
    }
    if (!this.fetchSnapshot) {
      this.errorListeners.emit(error);
      return;
    }
    this.resetting = true;
    try {
      const snapshot = await this.fetchSnapshot();
      const old = this.textValue;
      this.textValue = snapshot.text;
      this.revisionValue = snapshot.revision;
      this.history.clear();
      this.cursors.clear();
      this.parkedCursors.clear();
      const op: TextOp = [];
      if (old.length > 0) {
        op.push({ d: [...old].length });
      }
      if (snapshot.text.length > 0) {
        op.push(snapshot.text);
      }
      this.localSelection = null;
      this.changeListeners.emit({ source: 'reset', op });
      this.cursorListeners.emit([]);
    } finally {
      this.resetting = false;
      this.syncing = false;
    }
    this.errorListeners.emit(error);
    this.requestSync();
  }

  private sendCursor(): void {
    if (!this.cursorUnsent || !this.localSelection || this.hasPending) {
      return;
    }
    if (this.transport.send('description_cursor', {
      taskId: this.taskId,
      revision: this.revisionValue,
      selection: this.localSelection,
      clientId: this.clientId,
    })) {
      this.cursorUnsent = false;
    }
  }

  private remoteCursor(frame: ServerFrames['description_cursor']): void {
    if (frame.revision > this.revisionValue) {
      this.parkedCursors.set(frame.clientId, frame);
      return;
    }
    let selection: Selection = [frame.selection[0], frame.selection[1]];
    for (let revision = frame.revision + 1; revision <= this.revisionValue; revision++) {
      const op = this.history.get(revision);
      if (!op) {
        return;
      }
      selection = transformSelection(selection, op);
    }
    if (this.inflight) {
      selection = transformSelection(selection, this.inflight.op);
    }
    if (this.buffer) {
      selection = transformSelection(selection, this.buffer);
    }
    this.parkedCursors.delete(frame.clientId);
    this.cursors.set(frame.clientId, { clientId: frame.clientId, userId: frame.userId, selection });
    this.cursorListeners.emit(this.remoteCursors());
  }

  private placeParkedCursors(): void {
    for (const frame of [...this.parkedCursors.values()]) {
      if (frame.revision <= this.revisionValue) {
        this.remoteCursor(frame);
      }
    }
  }

  private moveCursors(op: TextOp): void {
    if (this.cursors.size === 0) {
      return;
    }
    for (const cursor of this.cursors.values()) {
      cursor.selection = transformSelection(cursor.selection, op);
    }
    this.cursorListeners.emit(this.remoteCursors());
  }

  private remember(revision: number, op: TextOp): void {
    this.history.set(revision, op);
    this.history.delete(revision - HISTORY);
  }
}

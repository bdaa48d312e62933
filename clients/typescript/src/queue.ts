import type { LocalDb, QueueEntry } from './db.js';
import type { ClientOperation } from './types.js';

/** At most this many operations go in one push, as the contract allows. */
export const MAX_PUSH = 500;

/**
 * The operations made on this device and not yet settled with the server, persisted in IndexedDB in the order
 * they were made. An operation gets its id (the server's idempotency key) when it is made, so resending it after
 * any failure or reload is safe.
 */
export class OperationQueue {
  constructor(private readonly db: LocalDb) {}

  async add(op: ClientOperation): Promise<QueueEntry> {
    const entry: QueueEntry = { op, acknowledged: false };
    entry.seq = await this.db.add('queue', entry);
    return entry;
  }

  /** Everything queued, oldest first. */
  all(): Promise<QueueEntry[]> {
    return this.db.getAll('queue');
  }

  /** The oldest operations still to push, at most `limit`. */
  async pending(limit = MAX_PUSH): Promise<ClientOperation[]> {
    const found: ClientOperation[] = [];
    let cursor = await this.db.transaction('queue').store.openCursor();
    while (cursor && found.length < limit) {
      if (!cursor.value.acknowledged) {
        found.push(cursor.value.op);
      }
      cursor = await cursor.continue();
    }
    return found;
  }

  /** The server has these operations; they stay (acknowledged) until a pull has brought their effect. */
  async acknowledge(ids: Iterable<string>): Promise<void> {
    const tx = this.db.transaction('queue', 'readwrite');
    for (const id of ids) {
      const key = await tx.store.index('byId').getKey(id);
      if (key !== undefined) {
        const entry = await tx.store.get(key);
        if (entry && !entry.acknowledged) {
          await tx.store.put({ ...entry, acknowledged: true });
        }
      }
    }
    await tx.done;
  }

  async remove(ids: Iterable<string>): Promise<void> {
    const tx = this.db.transaction('queue', 'readwrite');
    for (const id of ids) {
      const key = await tx.store.index('byId').getKey(id);
      if (key !== undefined) {
        await tx.store.delete(key);
      }
    }
    await tx.done;
  }

  async size(): Promise<number> {
    return this.db.count('queue');
  }
}

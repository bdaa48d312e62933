import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Category, ClientOperation, Task } from './types.js';

/** One queued change. `seq` is its place in the queue; an acknowledged one waits for the pull that shows it. */
export interface QueueEntry {
  seq?: number;
  op: ClientOperation;
  acknowledged: boolean;
}

export interface LocalSchema extends DBSchema {
  queue: { key: number; value: QueueEntry; indexes: { byId: string } };
  tasks: { key: string; value: Task };
  categories: { key: string; value: Category };
  meta: { key: string; value: unknown };
}

export type LocalDb = IDBPDatabase<LocalSchema>;

const VERSION = 1;

/** The database of one workspace on this device: its queue, its pulled tasks and categories, its sync token. */
export function openLocalDb(name: string): Promise<LocalDb> {
  return openDB<LocalSchema>(name, VERSION, {
    upgrade(db) {
      const queue = db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
      queue.createIndex('byId', 'op.id', { unique: true });
      db.createObjectStore('tasks', { keyPath: 'id' });
      db.createObjectStore('categories', { keyPath: 'id' });
      db.createObjectStore('meta');
    },
  });
}

export const TOKEN_KEY = 'syncToken';

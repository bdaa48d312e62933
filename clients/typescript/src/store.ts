import { TOKEN_KEY, type LocalDb, type QueueEntry } from './db.js';
import { Listeners } from './events.js';
import { applyClientOperation, applyServerOperation, copyEntities, emptyEntities, type Entities } from './model.js';
import { Mutex } from './mutex.js';
import { OperationQueue } from './queue.js';
import type { Category, ClientOperation, SyncOperation, Task } from './types.js';

/** What the UI shows: the pulled state with this device's unacknowledged changes on top. */
export interface StoreState {
  readonly tasks: readonly Task[];
  readonly categories: readonly Category[];
  /** Operations not yet acknowledged by the server. */
  readonly pending: number;
  /** Where the next pull starts; null before the first. */
  readonly syncToken: string | null;
}

/**
 * A workspace's tasks and categories on this device. Two layers: the base, exactly as pulled from the server's sync
 * log and persisted with the token it reached, and this device's queued operations, re-applied in order on top of
 * every new base (a rebase) until a pull shows their effect. The view is the base plus the queue.
 */
export class LocalStore {
  readonly queue: OperationQueue;
  private base: Entities = emptyEntities();
  private entries: QueueEntry[] = [];
  private view: Entities = emptyEntities();
  private token: string | null = null;
  private snapshot: StoreState | null = null;
  private readonly mutex = new Mutex();
  private readonly listeners = new Listeners<[StoreState]>();
  private readonly writeListeners = new Listeners<['queued' | 'changed']>();

  private constructor(
    private readonly db: LocalDb,
    readonly workspaceId: string,
  ) {
    this.queue = new OperationQueue(db);
  }

  static async open(db: LocalDb, workspaceId: string): Promise<LocalStore> {
    const store = new LocalStore(db, workspaceId);
    await store.load();
    return store;
  }

  /** Calls `listener` with the new state after every change; answers the function that stops it. */
  onChange(listener: (state: StoreState) => void): () => void {
    return this.listeners.on(listener);
  }

  /** After each change this store wrote itself (not after a `reload`): what other tabs should hear of. */
  onWrite(listener: (kind: 'queued' | 'changed') => void): () => void {
    return this.writeListeners.on(listener);
  }

  state(): StoreState {
    if (!this.snapshot) {
      this.snapshot = {
        tasks: sorted([...this.view.tasks.values()]),
        categories: [...this.view.categories.values()].sort((a, b) => a.name.localeCompare(b.name)),
        pending: this.entries.filter((entry) => !entry.acknowledged).length,
        syncToken: this.token,
      };
    }
    return this.snapshot;
  }

  task(id: string): Task | undefined {
    return this.view.tasks.get(id);
  }

  category(id: string): Category | undefined {
    return this.view.categories.get(id);
  }

  /** The version of the task as last pulled: the base version of a change made now. */
  pulledVersion(taskId: string): number | null {
    return this.base.tasks.get(taskId)?.version ?? null;
  }

  get syncToken(): string | null {
    return this.token;
  }

  /** Queues a local change and shows it at once. */
  record(op: ClientOperation): Promise<void> {
    return this.mutex.run(async () => {
      const entry = await this.queue.add(op);
      this.entries.push(entry);
      this.rebase();
      this.writeListeners.emit('queued');
    });
  }

  /** The oldest operations still to push, at most `limit`, in order. */
  pendingOperations(limit: number): ClientOperation[] {
    const found: ClientOperation[] = [];
    for (const entry of this.entries) {
      if (found.length === limit) {
        break;
      }
      if (!entry.acknowledged) {
        found.push(entry.op);
      }
    }
    return found;
  }

  acknowledgedIds(): string[] {
    return this.entries.filter((entry) => entry.acknowledged).map((entry) => entry.op.id);
  }

  /** The server has these; they stay in the view until a pull started after now has completed. */
  acknowledge(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) {
      return Promise.resolve();
    }
    return this.mutex.run(async () => {
      await this.queue.acknowledge(ids);
      const set = new Set(ids);
      this.entries = this.entries.map((entry) => (set.has(entry.op.id) ? { ...entry, acknowledged: true } : entry));
      this.changed();
      this.writeListeners.emit('changed');
    });
  }

  /** Takes operations out of the queue and their effect out of the view (rejected ones, or ones pulled since). */
  remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) {
      return Promise.resolve();
    }
    return this.mutex.run(async () => {
      await this.queue.remove(ids);
      const set = new Set(ids);
      this.entries = this.entries.filter((entry) => !set.has(entry.op.id));
      this.rebase();
      this.writeListeners.emit('changed');
    });
  }

  /**
   * Applies one pulled page on top of the base, and the queue again on top of that. Answers false, changing
   * nothing, when the stored token is no longer `since` (another tab pulled meanwhile); the store is then reloaded.
   */
  applyPull(since: string | null, operations: readonly SyncOperation[], nextToken: string): Promise<boolean> {
    return this.mutex.run(async () => {
      const next = copyEntities(this.base);
      for (const op of operations) {
        applyServerOperation(next, op);
      }
      const tx = this.db.transaction(['tasks', 'categories', 'meta'], 'readwrite');
      const stored = ((await tx.objectStore('meta').get(TOKEN_KEY)) as string | undefined) ?? null;
      if (stored !== since) {
        tx.abort();
        await tx.done.catch(() => undefined);
        await this.load();
        return false;
      }
      await writeDifferences(tx.objectStore('tasks'), this.base.tasks, next.tasks);
      await writeDifferences(tx.objectStore('categories'), this.base.categories, next.categories);
      await tx.objectStore('meta').put(nextToken, TOKEN_KEY);
      await tx.done;
      this.base = next;
      this.token = nextToken;
      this.rebase();
      this.writeListeners.emit('changed');
      return true;
    });
  }

  /** Forgets everything pulled (a token the server no longer accepts); the queue stays. */
  resetPulled(): Promise<void> {
    return this.mutex.run(async () => {
      const tx = this.db.transaction(['tasks', 'categories', 'meta'], 'readwrite');
      await tx.objectStore('tasks').clear();
      await tx.objectStore('categories').clear();
      await tx.objectStore('meta').delete(TOKEN_KEY);
      await tx.done;
      this.base = emptyEntities();
      this.token = null;
      this.rebase();
      this.writeListeners.emit('changed');
    });
  }

  /** Reads everything again from IndexedDB: another tab changed it. */
  reload(): Promise<void> {
    return this.mutex.run(() => this.load());
  }

  private async load(): Promise<void> {
    const tx = this.db.transaction(['tasks', 'categories', 'meta', 'queue']);
    const [tasks, categories, token, entries] = await Promise.all([
      tx.objectStore('tasks').getAll(),
      tx.objectStore('categories').getAll(),
      tx.objectStore('meta').get(TOKEN_KEY),
      tx.objectStore('queue').getAll(),
    ]);
    await tx.done;
    this.base = {
      tasks: new Map(tasks.map((task) => [task.id, task])),
      categories: new Map(categories.map((category) => [category.id, category])),
    };
    this.token = (token as string | undefined) ?? null;
    this.entries = entries;
    this.rebase();
  }

  private rebase(): void {
    const view = copyEntities(this.base);
    for (const entry of this.entries) {
      applyClientOperation(view, entry.op, this.workspaceId);
    }
    this.view = view;
    this.changed();
  }

  private changed(): void {
    this.snapshot = null;
    if (this.listeners.size > 0) {
      this.listeners.emit(this.state());
    }
  }
}

interface WritableStore<V> {
  put(value: V): Promise<unknown>;
  delete(key: string): Promise<void>;
}

async function writeDifferences<V>(store: WritableStore<V>, before: Map<string, V>, after: Map<string, V>): Promise<void> {
  for (const [id, value] of after) {
    if (before.get(id) !== value) {
      await store.put(value);
    }
  }
  for (const id of before.keys()) {
    if (!after.has(id)) {
      await store.delete(id);
    }
  }
}

function sorted(tasks: Task[]): Task[] {
  return tasks.sort((a, b) => {
    const pa = a.position ?? Number.MAX_SAFE_INTEGER;
    const pb = b.position ?? Number.MAX_SAFE_INTEGER;
    if (pa !== pb) {
      return pa - pb;
    }
    return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

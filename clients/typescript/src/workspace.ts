import type { TandemApi } from './api.js';
import type { BackoffOptions } from './backoff.js';
import { openLocalDb, type LocalDb } from './db.js';
import { electLeader, type Leadership } from './leader.js';
import type { LiveClient } from './live.js';
import type { BroadcastChannelFactory, BroadcastChannelLike, LockManagerLike } from './platform.js';
import { LocalStore, type StoreState } from './store.js';
import { SyncEngine, type RejectedOperation } from './sync.js';
import type {
  Category, ClientOperation, CreateCategoryRequest, CreateTaskRequest, Resolution, SyncConflict, Task, TaskFields,
  UpdateCategoryRequest,
} from './types.js';
import { uuid } from './uuid.js';

export interface WorkspaceOptions {
  /** The IndexedDB database of this workspace; `tandem.<workspaceId>` by default. */
  dbName?: string;
  /** Who pushes among this origin's tabs; elected with Web Locks or BroadcastChannel by default. */
  leadership?: Leadership;
  locks?: LockManagerLike | null;
  broadcastChannel?: BroadcastChannelFactory | null;
  /** Live updates: joined, and each frame of this workspace schedules a pull. */
  live?: LiveClient | null;
  backoff?: BackoffOptions;
}

type TabNotice = { kind: 'queued' | 'changed' };

/**
 * A workspace offline-first: every change is made locally first, queued as an operation with its own id, shown at
 * once and pushed when possible; the server's state comes in by pulls, on start, after each push, after each
 * (re)connect of the live socket and whenever a live frame says something changed.
 */
export class Workspace {
  private readonly cleanups: (() => void)[] = [];
  private started = false;

  private constructor(
    readonly id: string,
    readonly store: LocalStore,
    readonly sync: SyncEngine,
    private readonly db: LocalDb,
    private readonly leadership: Leadership,
    private readonly channel: BroadcastChannelLike | null,
    private readonly live: LiveClient | null,
  ) {}

  static async open(api: TandemApi, workspaceId: string, options: WorkspaceOptions = {}): Promise<Workspace> {
    const dbName = options.dbName ?? `tandem.${workspaceId}`;
    const db = await openLocalDb(dbName);
    const store = await LocalStore.open(db, workspaceId);
    const leadership = options.leadership
      ?? electLeader(`push.${dbName}`, { locks: options.locks ?? null, broadcastChannel: options.broadcastChannel ?? null });
    const channel = options.broadcastChannel ? options.broadcastChannel(`tandem.changes.${dbName}`) : null;
    const sync = new SyncEngine({
      api,
      store,
      isLeader: () => leadership.isLeader,
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    return new Workspace(workspaceId, store, sync, db, leadership, channel, options.live ?? null);
  }

  /** Pulls, pushes, listens to the live socket and to other tabs. */
  start(): this {
    if (this.started) {
      return this;
    }
    this.started = true;
    this.cleanups.push(this.store.onWrite((kind) => {
      this.channel?.postMessage({ kind } satisfies TabNotice);
      if (kind === 'queued') {
        void this.sync.push();
      }
    }));
    if (this.channel) {
      this.channel.onmessage = (event) => {
        const notice = event.data as TabNotice;
        this.store.reload().then(() => {
          if (notice?.kind === 'queued' && this.leadership.isLeader) {
            void this.sync.push();
          }
        }, () => undefined);
      };
    }
    this.cleanups.push(this.leadership.onChange((leader) => {
      if (leader) {
        void this.sync.push();
      }
    }));
    if (this.live) {
      const live = this.live;
      this.cleanups.push(live.onOpen(() => void this.catchUp()));
      this.cleanups.push(live.onFrame((frame) => {
        switch (frame.type) {
          case 'task_created':
          case 'task_updated':
          case 'task_deleted':
          case 'category_updated':
          case 'sync_update': {
            const of = (frame.payload as { workspaceId?: string }).workspaceId;
            if (of === undefined || of === this.id) {
              void this.sync.pull().catch(() => undefined);
            }
            break;
          }
          case 'conflict_detected':
            if (frame.payload.workspaceId === undefined || frame.payload.workspaceId === this.id) {
              this.sync.reportConflicts(frame.payload.conflicts);
            }
            break;
          default:
            break;
        }
      }));
      live.join(this.id);
      live.connect();
    }
    const online = () => {
      this.sync.retryNow();
      void this.catchUp();
    };
    const target = globalThis as { addEventListener?: (type: string, listener: () => void) => void; removeEventListener?: (type: string, listener: () => void) => void };
    if (typeof target.addEventListener === 'function') {
      target.addEventListener('online', online);
      this.cleanups.push(() => target.removeEventListener?.('online', online));
    }
    void this.catchUp();
    return this;
  }

  private async catchUp(): Promise<void> {
    await this.sync.pull().catch(() => undefined);
    await this.sync.push();
  }

  state(): StoreState {
    return this.store.state();
  }

  onChange(listener: (state: StoreState) => void): () => void {
    return this.store.onChange(listener);
  }

  task(id: string): Task | undefined {
    return this.store.task(id);
  }

  category(id: string): Category | undefined {
    return this.store.category(id);
  }

  onRejected(listener: (rejected: RejectedOperation) => void): () => void {
    return this.sync.onRejected(listener);
  }

  onConflict(listener: (conflicts: SyncConflict[]) => void): () => void {
    return this.sync.onConflict(listener);
  }

  onError(listener: (error: unknown) => void): () => void {
    return this.sync.onError(listener);
  }

  resolve(conflictId: string, resolution: Resolution, data?: Record<string, unknown>): Promise<Task> {
    return this.sync.resolve(conflictId, resolution, data);
  }

  async createTask(fields: CreateTaskRequest): Promise<Task> {
    const taskId = fields.id ?? uuid();
    await this.record('create', 'task', taskId, { ...fields, id: taskId }, null);
    return this.store.task(taskId)!;
  }

  /** Changes the fields given, keeps the others; merged by the server against what changed meanwhile. */
  async updateTask(taskId: string, changes: TaskFields): Promise<Task> {
    this.requireTask(taskId);
    await this.record('update', 'task', taskId, { ...changes }, this.store.pulledVersion(taskId));
    return this.store.task(taskId)!;
  }

  completeTask(taskId: string): Promise<Task> {
    return this.updateTask(taskId, { completed: true });
  }

  reopenTask(taskId: string): Promise<Task> {
    return this.updateTask(taskId, { completed: false });
  }

  async deleteTask(taskId: string): Promise<void> {
    this.requireTask(taskId);
    await this.record('delete', 'task', taskId, null, this.store.pulledVersion(taskId));
  }

  async createCategory(fields: CreateCategoryRequest): Promise<Category> {
    const categoryId = fields.id ?? uuid();
    await this.record('create', 'category', categoryId, { ...fields, id: categoryId }, null);
    return this.store.category(categoryId)!;
  }

  async updateCategory(categoryId: string, changes: UpdateCategoryRequest): Promise<Category> {
    this.requireCategory(categoryId);
    await this.record('update', 'category', categoryId, { ...changes }, null);
    return this.store.category(categoryId)!;
  }

  async deleteCategory(categoryId: string): Promise<void> {
    this.requireCategory(categoryId);
    await this.record('delete', 'category', categoryId, null, null);
  }

  /** Stops syncing and closes the database; the queue stays for the next time. */
  close(): void {
    this.sync.stop();
    this.cleanups.splice(0).forEach((cleanup) => cleanup());
    if (this.channel) {
      this.channel.onmessage = null;
      this.channel.close();
    }
    this.live?.leave(this.id);
    this.leadership.close();
    this.db.close();
  }

  private async record(type: ClientOperation['type'], entityType: ClientOperation['entityType'], entityId: string,
    data: Record<string, unknown> | null, baseVersion: number | null): Promise<void> {
    // The operation's id is made now, with the change: it is what makes every later resend of it harmless.
    await this.store.record({ id: uuid(), type, entityType, entityId, data, baseVersion, timestamp: Date.now() });
  }

  private requireTask(taskId: string): void {
    if (!this.store.task(taskId)) {
      throw new Error(`No task ${taskId} in workspace ${this.id}`);
    }
  }

  private requireCategory(categoryId: string): void {
    if (!this.store.category(categoryId)) {
      throw new Error(`No category ${categoryId} in workspace ${this.id}`);
    }
  }
}

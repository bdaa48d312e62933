import type { TandemApi } from './api.js';
import { Backoff, Sleeper, type BackoffOptions } from './backoff.js';
import { ApiError, isTransient } from './errors.js';
import { Listeners } from './events.js';
import { MAX_PUSH } from './queue.js';
import type { LocalStore } from './store.js';
import type { ClientOperation, PushResponse, Resolution, SyncConflict, Task } from './types.js';

export const PULL_LIMIT = 500;

export interface SyncEngineOptions {
  api: TandemApi;
  store: LocalStore;
  /** Whether this tab may push now (one pusher per origin); defaults to always. */
  isLeader?: () => boolean;
  backoff?: BackoffOptions;
}

/** An operation the server refused (validation, permission). It has left the queue and will not be sent again. */
export interface RejectedOperation {
  operation: ClientOperation;
  reason: string;
}

/**
 * Moves one workspace's changes both ways. Push: the queue's oldest operations, at most 500 at a time and in order,
 * retried with exponential backoff and jitter on network errors and 5xx, after `Retry-After` on 429; each result
 * settles its operation (applied, merged, duplicate: done; conflict: done and reported; rejected: reported and
 * dropped). Pull: the sync log from the stored token, page after page while `hasMore`, into the local store.
 */
export class SyncEngine {
  private readonly api: TandemApi;
  private readonly store: LocalStore;
  private readonly isLeader: () => boolean;
  private readonly pushBackoff: Backoff;
  private readonly pullBackoff: Backoff;
  private readonly pushSleeper = new Sleeper();
  private readonly pullSleeper = new Sleeper();
  private batchLimit = MAX_PUSH;
  private pushRun: Promise<void> | null = null;
  private pushWanted = false;
  private pullRun: Promise<void> | null = null;
  private pullQueued: Promise<void> | null = null;
  private stopped = false;
  private readonly seenConflicts = new Set<string>();

  private readonly rejectedListeners = new Listeners<[RejectedOperation]>();
  private readonly conflictListeners = new Listeners<[SyncConflict[]]>();
  private readonly errorListeners = new Listeners<[unknown]>();
  private readonly pulledListeners = new Listeners<[]>();

  constructor(options: SyncEngineOptions) {
    this.api = options.api;
    this.store = options.store;
    this.isLeader = options.isLeader ?? (() => true);
    this.pushBackoff = new Backoff(options.backoff);
    this.pullBackoff = new Backoff(options.backoff);
  }

  get workspaceId(): string {
    return this.store.workspaceId;
  }

  onRejected(listener: (rejected: RejectedOperation) => void): () => void {
    return this.rejectedListeners.on(listener);
  }

  /** Conflicts the server holds for `resolve`, each reported once. */
  onConflict(listener: (conflicts: SyncConflict[]) => void): () => void {
    return this.conflictListeners.on(listener);
  }

  /** Failures that stop a push or pull short of retrying (signed out, an unexpected answer). */
  onError(listener: (error: unknown) => void): () => void {
    return this.errorListeners.on(listener);
  }

  /** After every pull that reached the end of the log. */
  onPulled(listener: () => void): () => void {
    return this.pulledListeners.on(listener);
  }

  /**
   * Pushes what is queued, if this tab is the pusher. Answers when the queue is empty (or the push gave up, which
   * `onError` hears of); it never rejects. Calls made meanwhile join the running push, which looks at the queue
   * again before it ends.
   */
  push(): Promise<void> {
    this.pushWanted = true;
    if (!this.pushRun) {
      this.pushRun = (async () => {
        try {
          while (this.pushWanted && !this.stopped) {
            this.pushWanted = false;
            await this.pushAll();
          }
        } catch (error) {
          // Not the server's answer (those are handled): the local database failed, or was closed.
          if (!this.stopped) {
            this.errorListeners.emit(error);
          }
        }
      })().finally(() => {
        this.pushRun = null;
      });
    }
    return this.pushRun;
  }

  /** A pull that starts after this call and runs to the end of the log; concurrent calls share one. */
  pull(): Promise<void> {
    if (!this.pullRun) {
      this.pullRun = this.pullWithRetry().finally(() => {
        this.pullRun = null;
      });
      return this.pullRun;
    }
    if (!this.pullQueued) {
      this.pullQueued = this.pullRun
        .catch(() => undefined)
        .then(() => {
          this.pullQueued = null;
          return this.pull();
        });
    }
    return this.pullQueued;
  }

  /** Pull, then push: what a client does when it comes online. */
  async sync(): Promise<void> {
    await this.pull();
    await this.push();
  }

  /** Cuts any backoff short (the network is back). */
  retryNow(): void {
    this.pushBackoff.reset();
    this.pullBackoff.reset();
    this.pushSleeper.wake();
    this.pullSleeper.wake();
  }

  /** Settles a held conflict (`server` keeps the server's values, `client` writes ours, `merged` writes `data`). */
  async resolve(conflictId: string, resolution: Resolution, data?: Record<string, unknown>): Promise<Task> {
    const task = await this.api.sync.resolve(this.workspaceId, conflictId, data === undefined ? { resolution } : { resolution, data });
    await this.pull();
    return task;
  }

  /** Conflicts the server still holds for this workspace (also those raised by another device). */
  async pendingConflicts(): Promise<SyncConflict[]> {
    return (await this.api.sync.status(this.workspaceId)).pendingConflicts;
  }

  /** Reports conflicts learnt elsewhere (a `conflict_detected` frame), once each. */
  reportConflicts(conflicts: readonly SyncConflict[]): void {
    const fresh = conflicts.filter((conflict) => !this.seenConflicts.has(conflict.conflictId));
    fresh.forEach((conflict) => this.seenConflicts.add(conflict.conflictId));
    if (fresh.length > 0) {
      this.conflictListeners.emit(fresh);
    }
  }

  stop(): void {
    this.stopped = true;
    this.pushSleeper.wake();
    this.pullSleeper.wake();
  }

  private async pushAll(): Promise<void> {
    while (!this.stopped && this.isLeader()) {
      const batch = this.store.pendingOperations(this.batchLimit);
      if (batch.length === 0) {
        return;
      }
      let answer: PushResponse;
      try {
        answer = await this.api.sync.push(this.workspaceId, { operations: batch, lastSyncToken: this.store.syncToken });
      } catch (error) {
        if (await this.pushFailed(error, batch)) {
          continue;
        }
        return;
      }
      this.pushBackoff.reset();
      this.batchLimit = Math.min(MAX_PUSH, this.batchLimit * 2);
      await this.settle(batch, answer);
      // The acknowledged operations stay in the view until this pull, which shows their effect, has completed.
      await this.pull().catch(() => undefined);
    }
  }

  /** Answers whether to go on pushing. */
  private async pushFailed(error: unknown, batch: ClientOperation[]): Promise<boolean> {
    if (error instanceof ApiError && error.status === 429) {
      await this.pushSleeper.sleep(error.retryAfter !== null ? error.retryAfter * 1000 : this.pushBackoff.next());
      return true;
    }
    if (isTransient(error)) {
      await this.pushSleeper.sleep(this.pushBackoff.next());
      return true;
    }
    if (!(error instanceof ApiError) || error.status === 401) {
      // Signed out, or something unexpected: keep the queue and wait to be asked again.
      this.errorListeners.emit(error);
      return false;
    }
    if (error.status === 400 && error.errors.some((field) => field.field === 'lastSyncToken')) {
      await this.store.resetPulled();
      return true;
    }
    if ((error.status === 400 || error.status === 413) && batch.length > 1) {
      // The push as a whole was refused: halve it until the operation at fault stands alone.
      this.batchLimit = Math.ceil(batch.length / 2);
      return true;
    }
    // Refused for good (a viewer, no longer a member, or this one operation is unacceptable): never retried.
    const reason = error.detail ?? error.title;
    await this.store.remove(batch.map((op) => op.id));
    batch.forEach((operation) => this.rejectedListeners.emit({ operation, reason }));
    return true;
  }

  private async settle(batch: ClientOperation[], answer: PushResponse): Promise<void> {
    const byId = new Map(batch.map((op) => [op.id, op]));
    const done: string[] = [];
    const rejected: RejectedOperation[] = [];
    for (const result of answer.results) {
      const operation = byId.get(result.id);
      if (!operation) {
        continue;
      }
      switch (result.status) {
        case 'applied':
        case 'merged':
        case 'duplicate':
          done.push(result.id);
          break;
        case 'conflict':
          // The server kept what it could and holds the rest for resolve(); this operation is done.
          done.push(result.id);
          break;
        case 'rejected':
          rejected.push({ operation, reason: result.error ?? 'rejected' });
          break;
      }
    }
    await this.store.remove(rejected.map((r) => r.operation.id));
    await this.store.acknowledge(done);
    rejected.forEach((r) => this.rejectedListeners.emit(r));
    this.reportConflicts(answer.conflicts ?? []);
  }

  private async pullWithRetry(): Promise<void> {
    for (;;) {
      try {
        await this.pullToEnd();
        this.pullBackoff.reset();
        this.pulledListeners.emit();
        return;
      } catch (error) {
        if (this.stopped) {
          throw error;
        }
        if (!isTransient(error)) {
          this.errorListeners.emit(error);
          throw error;
        }
        const wait = error instanceof ApiError && error.retryAfter !== null ? error.retryAfter * 1000 : this.pullBackoff.next();
        await this.pullSleeper.sleep(wait);
        if (this.stopped) {
          throw error;
        }
      }
    }
  }

  private async pullToEnd(): Promise<void> {
    const acknowledgedBefore = this.store.acknowledgedIds();
    let resets = 0;
    for (;;) {
      const since = this.store.syncToken;
      let page;
      try {
        page = await this.api.sync.pull(this.workspaceId, since, PULL_LIMIT);
      } catch (error) {
        if (error instanceof ApiError && error.status === 400 && since !== null && resets === 0) {
          // The server no longer knows our token: start again from the beginning of the log.
          resets += 1;
          await this.store.resetPulled();
          continue;
        }
        throw error;
      }
      if (!(await this.store.applyPull(since, page.operations, page.nextToken))) {
        continue;
      }
      if (!page.hasMore) {
        break;
      }
    }
    await this.store.remove(acknowledgedBefore);
  }
}

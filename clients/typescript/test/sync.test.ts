import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backoff, parseRetryAfter } from '../src/backoff.js';
import type { RejectedOperation } from '../src/sync.js';
import type { ClientOperation, SyncConflict } from '../src/types.js';
import { FakeServer, failWith, networkDown } from './support/fake-server.js';
import { openWorkspace, settle, signedIn, until } from './support/harness.js';

const PUSH = 'POST /workspaces/{wid}/sync/push';
const pushed = (server: FakeServer) => server.callsTo(PUSH).map((call) => (call.body as { operations: ClientOperation[] }).operations);

afterEach(() => {
  vi.useRealTimers();
});

describe('backoff', () => {
  it('waits between half and all of an exponentially growing ceiling, capped', () => {
    const low = new Backoff({ baseMs: 1000, maxMs: 10_000, random: () => 0 });
    const high = new Backoff({ baseMs: 1000, maxMs: 10_000, random: () => 0.999_999 });

    expect([1, 2, 3, 4, 5, 6].map(() => low.next())).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    expect([1, 2, 3, 4, 5, 6].map(() => high.next())).toEqual([999, 1999, 3999, 7999, 9999, 9999]);
    const random = new Backoff({ baseMs: 100, maxMs: 100_000 });
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = random.ceiling(attempt);
      const delay = random.next();
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('push', () => {
  it('sends at most 500 operations per push, in the order they were made', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const workspace = await openWorkspace(tandem, server);
    const titles = Array.from({ length: 1203 }, (_, i) => `task ${i}`);
    for (const title of titles) {
      await workspace.createTask({ title });
    }
    const made = workspace.store.pendingOperations(2000).map((op) => op.id);

    await workspace.sync.push();

    const batches = pushed(server);
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 203]);
    expect(batches.flat().map((op) => op.id)).toEqual(made);
    expect(await workspace.store.queue.size()).toBe(0);
    expect(workspace.state().tasks).toHaveLength(1203);
    expect(server.tasks.size).toBe(1203);
    workspace.close();
  });

  it('retries network errors and 5xx with exponential backoff and jitter', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const workspace = await openWorkspace(tandem, server, { backoff: { baseMs: 1000, maxMs: 60_000, random: () => 0.5 } });
    const task = await workspace.createTask({ title: 'patient' });
    server.faults.push(failWith(PUSH, 503), networkDown(PUSH), failWith(PUSH, 500));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    const done = workspace.sync.push();
    // Each wait is 3/4 of its ceiling (random 0.5): 750, 1500, 3000 ms.
    for (const [attempt, wait] of [[1, 750], [2, 1500], [3, 3000]] as const) {
      await until(() => server.callsTo(PUSH).length === attempt);
      await vi.advanceTimersByTimeAsync(wait - 1);
      await settle();
      expect(server.callsTo(PUSH)).toHaveLength(attempt);
      await vi.advanceTimersByTimeAsync(1);
    }
    await done;

    expect(server.callsTo(PUSH)).toHaveLength(4);
    expect(new Set(pushed(server).map((batch) => batch[0]!.id)).size).toBe(1);
    expect(server.task(task.id)?.title).toBe('patient');
    expect(workspace.state().pending).toBe(0);
    workspace.close();
  });

  it('waits as long as a 429 Retry-After says before pushing again', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const workspace = await openWorkspace(tandem, server, { backoff: { baseMs: 10, maxMs: 20, random: () => 0 } });
    await workspace.createTask({ title: 'throttled' });
    server.faults.push(failWith(PUSH, 429, { 'Retry-After': '7' }));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    const done = workspace.sync.push();
    await until(() => server.callsTo(PUSH).length === 1);
    await vi.advanceTimersByTimeAsync(6_999);
    await settle();
    expect(server.callsTo(PUSH)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await done;

    expect(server.callsTo(PUSH)).toHaveLength(2);
    expect(workspace.state().pending).toBe(0);
    workspace.close();
  });

  it('reports a rejected operation, drops it and its effect, and never sends it again', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const workspace = await openWorkspace(tandem, server);
    const rejected: RejectedOperation[] = [];
    workspace.onRejected((r) => rejected.push(r));
    const good = await workspace.createTask({ title: 'fine' });
    const bad = await workspace.createTask({ title: '   ' });

    await workspace.sync.push();
    await workspace.createTask({ title: 'later' });
    await workspace.sync.push();

    expect(rejected.map((r) => [r.operation.entityId, r.reason])).toEqual([[bad.id, 'title: is required']]);
    expect(workspace.task(bad.id)).toBeUndefined();
    expect(workspace.task(good.id)?.version).toBe(1);
    expect(await workspace.store.queue.size()).toBe(0);
    const sent = pushed(server).flat().map((op) => op.entityId);
    expect(sent.filter((entityId) => entityId === bad.id)).toHaveLength(1);
    expect(sent).toHaveLength(3);
    workspace.close();
  });

  it('rejects the operations of a push the server refuses as a whole (403), without retrying', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const workspace = await openWorkspace(tandem, server);
    const rejected: RejectedOperation[] = [];
    workspace.onRejected((r) => rejected.push(r));
    await workspace.createTask({ title: 'one' });
    await workspace.createTask({ title: 'two' });
    server.faults.push(failWith(PUSH, 403));

    await workspace.sync.push();
    await workspace.sync.push();

    expect(rejected).toHaveLength(2);
    expect(server.callsTo(PUSH)).toHaveLength(1);
    expect(workspace.state().tasks).toHaveLength(0);
    workspace.close();
  });

  it('counts a duplicate as done: an operation the server already has leaves the queue', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const workspace = await openWorkspace(tandem, server);
    const task = await workspace.createTask({ title: 'sent twice' });
    const [op] = workspace.store.pendingOperations(1);
    // The first push reached the server, but its answer was lost.
    await tandem.api.sync.push(server.workspaceId, { operations: [op!], lastSyncToken: null });
    const rejected: RejectedOperation[] = [];
    workspace.onRejected((r) => rejected.push(r));

    await workspace.sync.push();

    expect(server.callsTo(PUSH)).toHaveLength(2);
    expect(rejected).toEqual([]);
    expect(await workspace.store.queue.size()).toBe(0);
    expect(server.log.filter((entry) => entry.entityId === task.id)).toHaveLength(1);
    expect(workspace.task(task.id)?.version).toBe(1);
    workspace.close();
  });

  it('reports conflicts from the push answer and settles them with resolve', async () => {
    const server = new FakeServer();
    server.strategy = 'manual';
    const tandem = await signedIn(server);
    const shared = server.serverCreateTask({ title: 'original' });
    const workspace = await openWorkspace(tandem, server);
    await workspace.sync.pull();
    await workspace.updateTask(shared.id, { title: 'mine', priority: 'high' });
    server.serverUpdateTask(shared.id, { title: 'theirs' });
    const reported: SyncConflict[][] = [];
    workspace.onConflict((conflicts) => reported.push(conflicts));

    await workspace.sync.push();

    expect(reported).toHaveLength(1);
    const [conflict] = reported[0]!;
    expect(conflict).toMatchObject({ entityId: shared.id, fields: ['title'], serverValue: { title: 'theirs' }, clientValue: { title: 'mine' }, baseVersion: 1 });
    expect(await workspace.store.queue.size()).toBe(0);
    expect(workspace.task(shared.id)).toMatchObject({ title: 'theirs', priority: 'high' });

    const resolved = await workspace.resolve(conflict!.conflictId, 'client');

    expect(resolved.title).toBe('mine');
    expect(workspace.task(shared.id)).toMatchObject({ title: 'mine', priority: 'high', version: server.task(shared.id)!.version });
    workspace.close();
  });
});

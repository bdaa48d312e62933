import { describe, expect, it } from 'vitest';
import { openLocalDb } from '../src/db.js';
import { OperationQueue } from '../src/queue.js';
import type { ClientOperation } from '../src/types.js';
import { FakeServer } from './support/fake-server.js';
import { freshDbName, openWorkspace, signedIn, until } from './support/harness.js';

const op = (n: number): ClientOperation => ({
  id: crypto.randomUUID(),
  type: 'create',
  entityType: 'task',
  entityId: crypto.randomUUID(),
  data: { title: `task ${n}` },
  baseVersion: null,
  timestamp: 1_700_000_000_000 + n,
});

describe('operation queue', () => {
  it('keeps its operations, in the order they were made, in a database opened again', async () => {
    const name = freshDbName();
    const made = [op(1), op(2), op(3)];
    const db = await openLocalDb(name);
    const queue = new OperationQueue(db);
    for (const each of made) {
      await queue.add(each);
    }
    db.close();

    const reopened = new OperationQueue(await openLocalDb(name));

    expect((await reopened.all()).map((entry) => entry.op)).toEqual(made);
    expect(await reopened.pending(2)).toEqual(made.slice(0, 2));
    await reopened.acknowledge([made[0]!.id]);
    expect(await reopened.pending()).toEqual(made.slice(1));
    await reopened.remove([made[0]!.id, made[2]!.id]);
    expect((await reopened.all()).map((entry) => entry.op.id)).toEqual([made[1]!.id]);
  });

  it('refuses a second operation with the same id', async () => {
    const queue = new OperationQueue(await openLocalDb(freshDbName()));
    const once = op(1);
    await queue.add(once);

    await expect(queue.add(once)).rejects.toBeTruthy();
    expect(await queue.size()).toBe(1);
  });

  it('shows changes made offline after a reload, and pushes them in order with the ids they were made with', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const dbName = freshDbName();
    server.offline = true;
    const first = await openWorkspace(tandem, server, { dbName });
    first.start();
    const a = await first.createTask({ title: 'first' });
    const b = await first.createTask({ title: 'second' });
    await first.updateTask(a.id, { title: 'first, renamed' });
    const made = first.store.pendingOperations(10);
    first.close();

    const reloaded = await openWorkspace(tandem, server, { dbName });
    expect(reloaded.state().tasks.map((task) => task.title).sort()).toEqual(['first, renamed', 'second']);
    expect(reloaded.state().pending).toBe(3);

    server.offline = false;
    reloaded.start();
    await until(() => reloaded.state().pending === 0 && reloaded.store.acknowledgedIds().length === 0);

    const pushed = server.callsTo('POST /workspaces/{wid}/sync/push')
      .flatMap((call) => (call.body as { operations: ClientOperation[] }).operations);
    expect(pushed).toEqual(made);
    expect(server.task(a.id)?.title).toBe('first, renamed');
    expect(server.task(b.id)?.title).toBe('second');
    expect(reloaded.task(a.id)).toMatchObject({ title: 'first, renamed', version: 2 });
    expect(reloaded.task(b.id)).toMatchObject({ title: 'second', version: 1 });
    expect(reloaded.state().tasks).toHaveLength(2);
    reloaded.close();
  });
});

import { describe, expect, it } from 'vitest';
import type { StoreState } from '../src/store.js';
import { FakeServer } from './support/fake-server.js';
import { openWorkspace, signedIn } from './support/harness.js';

const PUSH = 'POST /workspaces/{wid}/sync/push';

describe('local store', () => {
  it('re-applies local edits over every pulled state until the server has acknowledged them', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const shared = server.serverCreateTask({ title: 'shared' });
    const workspace = await openWorkspace(tandem, server);
    await workspace.sync.pull();
    const local = await workspace.createTask({ title: 'made offline' });
    await workspace.updateTask(shared.id, { title: 'renamed here' });

    // Someone else changes another field of the same task, and adds a task.
    server.serverUpdateTask(shared.id, { priority: 'high' });
    const theirs = server.serverCreateTask({ title: 'theirs' });
    await workspace.sync.pull();

    expect(workspace.task(shared.id)).toMatchObject({ title: 'renamed here', priority: 'high' });
    expect(workspace.task(local.id)?.title).toBe('made offline');
    expect(workspace.task(theirs.id)?.title).toBe('theirs');
    expect(workspace.state().pending).toBe(2);

    await workspace.sync.push();
    expect(await workspace.store.queue.size()).toBe(0);
    // Until a pull shows the acknowledged edits their local copy (with the client's own updatedAt) stays in view;
    // after it, the local state is the server's, stamps included.
    await workspace.sync.pull();

    const serverState = [...server.tasks.values()].map((stored) => stored.task).sort((a, b) => a.id.localeCompare(b.id));
    const localState = [...workspace.state().tasks].sort((a, b) => a.id.localeCompare(b.id));
    expect(localState).toEqual(serverState);
    workspace.close();
  });

  it('keeps an acknowledged edit in view until the pull that shows it, then drops it from the queue', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const workspace = await openWorkspace(tandem, server);
    const task = await workspace.createTask({ title: 'acknowledged' });
    const states: StoreState[] = [];
    workspace.onChange((state) => states.push(state));
    // What the store holds when the pull that follows the push goes out.
    let atPull: { acknowledged: string[]; pending: number; title: string | undefined } | null = null;
    server.faults.push((call) => {
      if (call.path.endsWith('/sync/pull') && server.callsTo(PUSH).length === 1 && atPull === null) {
        atPull = { acknowledged: workspace.store.acknowledgedIds(), pending: workspace.state().pending, title: workspace.task(task.id)?.title };
      }
      return undefined;
    });

    await workspace.sync.push();

    expect(atPull).toEqual({ acknowledged: [expect.any(String)], pending: 0, title: 'acknowledged' });
    expect(states.every((state) => state.tasks.some((t) => t.id === task.id))).toBe(true);
    expect(workspace.store.acknowledgedIds()).toEqual([]);
    expect(await workspace.store.queue.size()).toBe(0);
    expect(workspace.task(task.id)).toEqual(server.task(task.id));
    workspace.close();
  });

  it('hides a task deleted here until the server deletes it, and undoes an edit the server rejected', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const kept = server.serverCreateTask({ title: 'kept' });
    const gone = server.serverCreateTask({ title: 'gone' });
    const workspace = await openWorkspace(tandem, server);
    await workspace.sync.pull();
    await workspace.deleteTask(gone.id);
    await workspace.updateTask(kept.id, { title: '   ' });
    expect(workspace.task(gone.id)).toBeUndefined();
    expect(workspace.task(kept.id)?.title).toBe('   ');

    const rejected: string[] = [];
    workspace.onRejected((r) => rejected.push(r.operation.entityId));
    await workspace.sync.push();

    expect(rejected).toEqual([kept.id]);
    expect(server.task(gone.id)).toBeUndefined();
    expect(workspace.task(gone.id)).toBeUndefined();
    expect(workspace.task(kept.id)?.title).toBe('kept');
    expect(await workspace.store.queue.size()).toBe(0);
    workspace.close();
  });

  it('tells subscribers about each change with the new state', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const workspace = await openWorkspace(tandem, server);
    const seen: string[][] = [];
    const stop = workspace.onChange((state) => seen.push(state.tasks.map((task) => task.title)));

    const task = await workspace.createTask({ title: 'one' });
    await workspace.updateTask(task.id, { title: 'uno' });
    stop();
    await workspace.createTask({ title: 'unseen' });

    expect(seen).toEqual([['one'], ['uno']]);
    workspace.close();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveClient } from '../src/live.js';
import type { SyncConflict } from '../src/types.js';
import { FakeServer } from './support/fake-server.js';
import { FakeSockets } from './support/fake-socket.js';
import { openWorkspace, settle, signedIn, until } from './support/harness.js';

const PULL = 'GET /workspaces/{wid}/sync/pull';

afterEach(() => {
  vi.useRealTimers();
});

async function setup() {
  const server = new FakeServer();
  const tandem = await signedIn(server);
  const sockets = new FakeSockets();
  const live = new LiveClient({
    url: 'ws://tandem.test/ws',
    token: () => tandem.auth.accessToken(),
    webSocket: sockets.factory,
    backoff: { baseMs: 1000, maxMs: 8000, random: () => 0 },
  });
  const workspace = await openWorkspace(tandem, server, { live });
  return { server, tandem, sockets, live, workspace };
}

describe('live updates', () => {
  it('reconnects with backoff, joins again and pulls what happened while it was away', async () => {
    const { server, sockets, live, workspace } = await setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    workspace.start();
    await until(() => sockets.all.length === 1);
    expect(sockets.last.url).toMatch(/^ws:\/\/tandem\.test\/ws\?token=access-\d+$/);
    sockets.last.open();
    expect(sockets.last.sentOfType('join_workspace')).toEqual([{ workspaceId: server.workspaceId }]);
    await until(() => server.callsTo(PULL).length >= 2);
    await settle();

    const missed = server.serverCreateTask({ title: 'while away' });
    sockets.last.drop();
    await vi.advanceTimersByTimeAsync(499);
    expect(sockets.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => sockets.all.length === 2);
    // It fails again: the next wait is twice as long.
    sockets.last.drop();
    await vi.advanceTimersByTimeAsync(999);
    expect(sockets.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => sockets.all.length === 3);
    const pullsBefore = server.callsTo(PULL).length;
    expect(workspace.task(missed.id)).toBeUndefined();
    sockets.last.open();

    expect(sockets.last.sentOfType('join_workspace')).toEqual([{ workspaceId: server.workspaceId }]);
    await until(() => workspace.task(missed.id) !== undefined);
    expect(server.callsTo(PULL).length).toBeGreaterThan(pullsBefore);
    live.close();
    workspace.close();
  });

  it('pulls when a frame says a task of this workspace changed, and not for another workspace', async () => {
    const { server, sockets, live, workspace } = await setup();
    workspace.start();
    await until(() => sockets.all.length === 1);
    sockets.last.open();
    await until(() => server.callsTo(PULL).length >= 2);
    await settle();
    const task = server.serverCreateTask({ title: 'before' });
    sockets.last.receive('task_created', task);
    await until(() => workspace.task(task.id)?.title === 'before');

    const changed = server.serverUpdateTask(task.id, { title: 'after' });
    sockets.last.receive('task_updated', { taskId: task.id, changes: { title: 'after' }, updatedBy: 'x', version: changed.version, token: 't' });
    await until(() => workspace.task(task.id)?.title === 'after');
    server.serverUpdateTask(task.id, { title: 'later' });
    const pulls = server.callsTo(PULL).length;
    sockets.last.receive('sync_update', { operations: [], nextToken: 'x', workspaceId: crypto.randomUUID() });
    await settle();

    expect(server.callsTo(PULL)).toHaveLength(pulls);
    expect(workspace.task(task.id)?.title).toBe('after');
    sockets.last.receive('task_deleted', { taskId: task.id, deletedBy: 'x', token: 't' });
    await until(() => server.callsTo(PULL).length > pulls);
    await until(() => workspace.task(task.id)?.title === 'later');
    live.close();
    workspace.close();
  });

  it('keeps presence per workspace and says its own status again after a reconnect', async () => {
    const { server, sockets, live, workspace } = await setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const heard: number[] = [];
    live.onPresence((_, present) => heard.push(present.size));
    workspace.start();
    live.setPresence('busy');
    await until(() => sockets.all.length === 1);
    sockets.last.open();
    const wid = server.workspaceId;
    sockets.last.receive('user_presence', { userId: 'u1', workspaceId: wid, status: 'online' });
    sockets.last.receive('user_presence', { userId: 'u2', workspaceId: wid, status: 'away' });
    sockets.last.receive('user_presence', { userId: 'u1', workspaceId: wid, status: 'offline' });

    expect([...live.presence(wid)]).toEqual([['u2', 'away']]);
    expect(heard).toEqual([1, 2, 1]);
    expect(sockets.last.sentOfType('presence_update')).toEqual([{ status: 'busy' }]);
    sockets.last.drop();
    expect(live.presence(wid).size).toBe(0);
    await vi.advanceTimersByTimeAsync(500);
    await until(() => sockets.all.length === 2);
    sockets.last.open();
    expect(sockets.last.sent.map((frame) => frame.type)).toEqual(['join_workspace', 'presence_update']);
    live.close();
    workspace.close();
  });

  it('reports each conflict of conflict_detected frames once', async () => {
    const { server, sockets, live, workspace } = await setup();
    const reported: SyncConflict[] = [];
    workspace.onConflict((conflicts) => reported.push(...conflicts));
    workspace.start();
    await until(() => sockets.all.length === 1);
    sockets.last.open();
    const conflict: SyncConflict = {
      conflictId: crypto.randomUUID(), entityType: 'task', entityId: crypto.randomUUID(), fields: ['title'],
      serverValue: { title: 'a' }, clientValue: { title: 'b' }, baseVersion: 1, serverVersion: 2,
    };
    sockets.last.receive('conflict_detected', { taskId: conflict.entityId, conflicts: [conflict], workspaceId: server.workspaceId });
    sockets.last.receive('conflict_detected', { taskId: conflict.entityId, conflicts: [conflict], workspaceId: server.workspaceId });

    expect(reported).toEqual([conflict]);
    live.close();
    workspace.close();
  });
});

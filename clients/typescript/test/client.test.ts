import { describe, expect, it } from 'vitest';
import { createTandem, socketUrl } from '../src/index.js';
import { MemoryTokenStore } from '../src/tokens.js';
import { FakeServer } from './support/fake-server.js';
import { FakeSockets } from './support/fake-socket.js';
import { freshDbName, until } from './support/harness.js';

describe('the SDK as a PWA uses it', () => {
  it('derives the socket address from the base URL', () => {
    expect(socketUrl('https://tasks.example.com/')).toBe('wss://tasks.example.com/ws');
    expect(socketUrl('http://localhost:8080')).toBe('ws://localhost:8080/ws');
  });

  it('signs in, opens a workspace, queues, pulls and goes live', async () => {
    const server = new FakeServer();
    server.register();
    const sockets = new FakeSockets();
    const tandem = createTandem({
      baseUrl: 'http://tandem.test',
      fetch: server.fetch,
      tokenStore: new MemoryTokenStore(),
      webSocket: sockets.factory,
      locks: null,
      broadcastChannel: null,
    });

    await tandem.auth.login('ana@example.com', 'correct horse battery');
    const existing = server.serverCreateTask({ title: 'already there', description: 'notes' });
    const workspace = await tandem.openWorkspace(server.workspaceId, { dbName: freshDbName() });
    const titles: string[][] = [];
    workspace.onChange((state) => titles.push(state.tasks.map((task) => task.title)));
    const task = await workspace.createTask({ title: 'Buy milk' });
    await until(() => server.task(task.id) !== undefined && workspace.state().pending === 0);
    await workspace.completeTask(task.id);
    await until(() => server.task(task.id)?.completed === true);

    expect(titles[0]).toContain('Buy milk');
    expect(workspace.task(existing.id)?.title).toBe('already there');
    await until(() => sockets.all.length === 1);
    sockets.last.open();
    expect(sockets.last.sentOfType('join_workspace')).toEqual([{ workspaceId: server.workspaceId }]);

    const doc = await tandem.openDescription(server.workspaceId, existing.id);
    expect(doc.text).toBe('notes');
    doc.insert(5, '!');
    expect(sockets.last.sentOfType('description_op')).toEqual([
      { taskId: existing.id, revision: 0, op: [5, '!'], clientId: doc.clientId, seq: 1 },
    ]);
    expect(sockets.last.sentOfType('description_sync')).toEqual([{ taskId: existing.id, since: 0 }]);
    workspace.close();
    tandem.close();
  });
});

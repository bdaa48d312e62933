import { afterEach, describe, expect, it, vi } from 'vitest';
import { electLeader } from '../src/leader.js';
import type { ClientOperation } from '../src/types.js';
import { FakeServer } from './support/fake-server.js';
import { FakeChannels, FakeLocks } from './support/fake-tabs.js';
import { freshDbName, openWorkspace, settle, signedIn, until } from './support/harness.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('one pusher per origin', () => {
  it('with Web Locks: the first tab leads, the next takes over when it closes', async () => {
    const locks = new FakeLocks();
    const first = electLeader('w', { locks });
    const second = electLeader('w', { locks });
    await settle();

    expect([first.isLeader, second.isLeader]).toEqual([true, false]);
    first.close();
    await settle();
    expect([first.isLeader, second.isLeader]).toEqual([false, true]);
    second.close();
  });

  it('with BroadcastChannel only: one of several tabs leads, another after it closes or goes silent', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const channels = new FakeChannels();
    const tabs = [1, 2, 3].map(() => electLeader('w', { broadcastChannel: channels.factory, heartbeatMs: 100 }));
    await vi.advanceTimersByTimeAsync(1000);

    const leaders = () => tabs.filter((tab) => tab.isLeader);
    expect(leaders()).toHaveLength(1);
    const first = leaders()[0]!;
    first.close();
    await vi.advanceTimersByTimeAsync(300);
    expect(leaders()).toHaveLength(1);
    expect(leaders()[0]).not.toBe(first);

    // A leader that stops without a word (a crashed tab) is replaced after three silent beats.
    const second = leaders()[0]!;
    const silenced = second as unknown as { channel: { close(): void }; timer: ReturnType<typeof setInterval> };
    clearInterval(silenced.timer);
    silenced.channel.close();
    await vi.advanceTimersByTimeAsync(600);
    expect(tabs.filter((tab) => tab !== first && tab !== second && tab.isLeader)).toHaveLength(1);
    tabs.forEach((tab) => tab.close());
  });

  it('leads alone without either', () => {
    expect(electLeader('w').isLeader).toBe(true);
  });

  it('lets only the leading tab push, also what another tab queued', async () => {
    const server = new FakeServer();
    const tandem = await signedIn(server);
    const locks = new FakeLocks();
    const channels = new FakeChannels();
    const dbName = freshDbName();
    const tab = () => openWorkspace(tandem, server, {
      dbName,
      leadership: electLeader(dbName, { locks }),
      broadcastChannel: channels.factory,
    });
    const leading = await tab();
    const following = await tab();
    leading.start();
    following.start();
    await settle();

    const task = await following.createTask({ title: 'from the second tab' });
    await until(() => server.task(task.id) !== undefined && leading.task(task.id)?.version === 1
      && following.task(task.id)?.version === 1);

    const pushes = server.callsTo('POST /workspaces/{wid}/sync/push');
    expect(pushes).toHaveLength(1);
    expect((pushes[0]!.body as { operations: ClientOperation[] }).operations.map((op) => op.entityId)).toEqual([task.id]);
    await until(() => following.state().pending === 0 && leading.state().pending === 0);
    leading.close();
    following.close();
  });
});

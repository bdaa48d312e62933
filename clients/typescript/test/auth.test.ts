import { describe, expect, it } from 'vitest';
import { Tandem } from '../src/client.js';
import { ApiError, NotAuthenticatedError } from '../src/errors.js';
import { LocalStorageTokenStore, MemoryTokenStore, type StorageLike } from '../src/tokens.js';
import { FakeServer } from './support/fake-server.js';

function client(server: FakeServer, tokenStore = new MemoryTokenStore()) {
  return new Tandem({ baseUrl: 'http://tandem.test', fetch: server.fetch, tokenStore, webSocket: null, locks: null, broadcastChannel: null });
}

describe('auth', () => {
  it('keeps the tokens of a login in the token store and sends the access token', async () => {
    const server = new FakeServer();
    server.register();
    const store = new MemoryTokenStore();
    const tandem = client(server, store);

    const user = await tandem.auth.login('ana@example.com', 'correct horse battery');
    await tandem.api.sync.status(server.workspaceId);

    expect(user.email).toBe('ana@example.com');
    expect(store.load()?.refreshToken).toMatch(/^refresh-/);
    expect(server.callsTo('GET /workspaces/{wid}/sync/status')[0]!.authorization).toBe(`Bearer ${store.load()!.accessToken}`);
  });

  it('refreshes once for two concurrent requests refused with 401, and retries both with the new token', async () => {
    const server = new FakeServer();
    server.register();
    const store = new MemoryTokenStore();
    const tandem = client(server, store);
    await tandem.auth.login('ana@example.com', 'correct horse battery');
    const before = store.load()!;
    server.expireAccessTokens();

    const [first, second] = await Promise.all([
      tandem.api.sync.status(server.workspaceId),
      tandem.api.sync.pull(server.workspaceId, null),
    ]);

    expect(first.latestToken).toBeTypeOf('string');
    expect(second.operations).toEqual([]);
    const refreshes = server.callsTo('POST /auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.body).toEqual({ refreshToken: before.refreshToken });
    const after = store.load()!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    const retried = [...server.callsTo('GET /workspaces/{wid}/sync/status'), ...server.callsTo('GET /workspaces/{wid}/sync/pull')]
      .map((call) => call.authorization);
    expect(retried.filter((auth) => auth === `Bearer ${before.accessToken}`)).toHaveLength(2);
    expect(retried.filter((auth) => auth === `Bearer ${after.accessToken}`)).toHaveLength(2);
  });

  it('refreshes ahead of time when the stored access token has expired by the clock', async () => {
    const server = new FakeServer();
    server.register();
    const store = new MemoryTokenStore();
    const tandem = client(server, store);
    await tandem.auth.login('ana@example.com', 'correct horse battery');
    store.save({ ...store.load()!, expiresAt: Date.now() - 1 });
    const fresh = client(server, store);

    await Promise.all([fresh.api.sync.status(server.workspaceId), fresh.api.sync.status(server.workspaceId)]);

    expect(server.callsTo('POST /auth/refresh')).toHaveLength(1);
    expect(server.calls.filter((call) => call.path.endsWith('/sync/status')).every((call) =>
      call.authorization === `Bearer ${store.load()!.accessToken}`)).toBe(true);
  });

  it('ends the session when the refresh token is refused', async () => {
    const server = new FakeServer();
    server.register();
    const store = new MemoryTokenStore();
    const tandem = client(server, store);
    await tandem.auth.login('ana@example.com', 'correct horse battery');
    await tandem.auth.refresh();
    // The refresh token the first login got is spent; presenting it again is what a thief would do.
    server.expireAccessTokens();
    store.save({ ...store.load()!, refreshToken: 'refresh-1' });
    const ended: unknown[] = [];
    const stale = client(server, store);
    stale.auth.onChange((tokens) => ended.push(tokens));

    await expect(stale.api.sync.status(server.workspaceId)).rejects.toBeInstanceOf(NotAuthenticatedError);
    expect(store.load()).toBeNull();
    expect(ended).toEqual([null]);
  });

  it('logs out: the refresh token is revoked on the server and forgotten here', async () => {
    const server = new FakeServer();
    server.register();
    const store = new MemoryTokenStore();
    const tandem = client(server, store);
    await tandem.auth.login('ana@example.com', 'correct horse battery');
    const { refreshToken } = store.load()!;

    await tandem.auth.logout();

    expect(server.callsTo('POST /auth/logout')[0]!.body).toEqual({ refreshToken });
    expect(store.load()).toBeNull();
    await expect(tandem.api.sync.status(server.workspaceId)).rejects.toBeInstanceOf(NotAuthenticatedError);
  });

  it('surfaces error answers as ApiError with the problem details', async () => {
    const server = new FakeServer();
    server.register();
    const tandem = client(server);
    await tandem.auth.login('ana@example.com', 'correct horse battery');

    const error = await tandem.api.tasks.create(server.workspaceId, { title: '' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    const api = error as ApiError;
    expect(api.status).toBe(400);
    expect(api.problem.title).toBe('Bad Request');
    expect(api.detail).toBe('title: is required');
    expect(api.errors).toEqual([{ field: 'title', message: 'is required' }]);
    const wrong = await tandem.auth.login('ana@example.com', 'wrong password!').catch((e: unknown) => e);
    expect((wrong as ApiError).status).toBe(401);
  });

  it('keeps tokens in localStorage across instances', () => {
    const data = new Map<string, string>();
    const storage: StorageLike = {
      getItem: (key) => data.get(key) ?? null,
      setItem: (key, value) => void data.set(key, value),
      removeItem: (key) => void data.delete(key),
    };
    new LocalStorageTokenStore('tandem.auth', storage).save({ accessToken: 'a', refreshToken: 'r', expiresAt: 5 });

    expect(new LocalStorageTokenStore('tandem.auth', storage).load()).toEqual({ accessToken: 'a', refreshToken: 'r', expiresAt: 5 });
    new LocalStorageTokenStore('tandem.auth', storage).clear();
    expect(new LocalStorageTokenStore('tandem.auth', storage).load()).toBeNull();
  });
});

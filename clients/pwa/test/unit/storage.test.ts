import { describe, expect, it } from 'vitest';
import { IdbTokenStore } from '../../src/storage.js';

describe('the token store in IndexedDB (shared by the pages and the service worker)', () => {
  const tokens = { accessToken: 'a1', refreshToken: 'r1', expiresAt: 1_800_000_000_000 };

  it('keeps tokens across instances, as a reloaded page or the worker sees them', async () => {
    await new IdbTokenStore('t1').save(tokens);
    expect(await new IdbTokenStore('t1').load()).toEqual(tokens);
  });

  it('forgets them on clear', async () => {
    const store = new IdbTokenStore('t2');
    await store.save(tokens);
    await store.clear();
    expect(await store.load()).toBeNull();
  });

  it('treats anything else under its key as no session', async () => {
    expect(await new IdbTokenStore('never-written').load()).toBeNull();
  });
});

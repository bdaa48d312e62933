/** The page's side of the service worker: registering it, and asking it to push a queue when the network is back. */
const BASE = import.meta.env.BASE_URL;

/** The part of Background Sync (`registration.sync`) used here; not in TypeScript's DOM types. */
interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

export const SYNC_TAG_PREFIX = 'tandem-push:';

export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) {
    return null;
  }
  try {
    return await navigator.serviceWorker.register(`${BASE}sw.js`, { scope: BASE });
  } catch (error) {
    console.warn('No service worker: the app will not open offline', error);
    return null;
  }
}

/**
 * Asks for a `sync` event once the browser is online again, in which the service worker pushes this workspace's
 * queue, even if every tab of the app has been closed by then. Where Background Sync is missing, the open page
 * pushes when it sees the network come back (the SDK listens to `online`). Answers whether it was registered.
 */
export async function requestBackgroundSync(workspaceId: string): Promise<boolean> {
  if (!('serviceWorker' in navigator)) {
    return false;
  }
  const registration = await navigator.serviceWorker.getRegistration(BASE);
  const sync = (registration as (ServiceWorkerRegistration & { sync?: SyncManagerLike }) | undefined)?.sync;
  if (!sync) {
    return false;
  }
  try {
    await sync.register(SYNC_TAG_PREFIX + workspaceId);
    return true;
  } catch {
    return false;
  }
}

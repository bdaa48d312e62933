import type { BroadcastChannelLike, LockManagerLike } from '../../src/platform.js';

/** Web Locks for tabs of one origin: exclusive locks granted in request order; a waiting request can be aborted. */
export class FakeLocks implements LockManagerLike {
  private readonly held = new Set<string>();
  private readonly waiting = new Map<string, (() => void)[]>();

  request<T>(name: string, ...args: unknown[]): Promise<T> {
    const callback = args.at(-1) as (lock: unknown) => Promise<T> | T;
    const options = (args.length > 1 ? args[0] : {}) as { signal?: AbortSignal };
    return new Promise<T>((resolve, reject) => {
      const grant = () => {
        this.held.add(name);
        Promise.resolve()
          .then(() => callback({ name }))
          .then(resolve, reject)
          .finally(() => {
            this.held.delete(name);
            this.waiting.get(name)?.shift()?.();
          });
      };
      if (!this.held.has(name)) {
        grant();
        return;
      }
      const queue = this.waiting.get(name) ?? [];
      this.waiting.set(name, queue);
      queue.push(grant);
      options.signal?.addEventListener('abort', () => {
        const at = queue.indexOf(grant);
        if (at >= 0) {
          queue.splice(at, 1);
          reject(new Error('AbortError'));
        }
      });
    });
  }
}

/** BroadcastChannels of one origin: a message reaches every other channel of the same name, asynchronously. */
export class FakeChannels {
  private readonly byName = new Map<string, Set<FakeChannel>>();

  readonly factory = (name: string): BroadcastChannelLike => {
    const channel = new FakeChannel(this, name);
    const set = this.byName.get(name) ?? new Set();
    set.add(channel);
    this.byName.set(name, set);
    return channel;
  };

  deliver(from: FakeChannel, message: unknown): void {
    for (const other of this.byName.get(from.name) ?? []) {
      if (other !== from) {
        const copy = structuredClone(message);
        queueMicrotask(() => other.onmessage?.({ data: copy }));
      }
    }
  }

  remove(channel: FakeChannel): void {
    this.byName.get(channel.name)?.delete(channel);
  }
}

class FakeChannel implements BroadcastChannelLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;

  constructor(
    private readonly bus: FakeChannels,
    readonly name: string,
  ) {}

  postMessage(message: unknown): void {
    this.bus.deliver(this, message);
  }

  close(): void {
    this.bus.remove(this);
  }
}

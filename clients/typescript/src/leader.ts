import { Listeners } from './events.js';
import type { BroadcastChannelFactory, BroadcastChannelLike, LockManagerLike } from './platform.js';
import { uuid } from './uuid.js';

/** Whether this tab is the one of its origin that does a job (pushing a workspace's queue). */
export interface Leadership {
  readonly isLeader: boolean;
  /** Called with the new value whenever it changes. */
  onChange(listener: (isLeader: boolean) => void): () => void;
  /** Gives leadership up (if held) and stops competing for it. */
  close(): void;
}

export interface ElectionOptions {
  /** `navigator.locks`; null to not use Web Locks. */
  locks?: LockManagerLike | null;
  /** Makes `BroadcastChannel`s; null to not use them. */
  broadcastChannel?: BroadcastChannelFactory | null;
  /** For the BroadcastChannel election: how often the leader says it is alive (ms). */
  heartbeatMs?: number;
}

/**
 * Elects one leader among the tabs of an origin: with Web Locks when the browser has them (the tab holding the lock
 * leads; the next in line takes over when it closes), else by heartbeats over a BroadcastChannel, else this tab
 * leads alone.
 */
export function electLeader(name: string, options: ElectionOptions = {}): Leadership {
  if (options.locks) {
    return new LockLeadership(name, options.locks);
  }
  if (options.broadcastChannel) {
    return new ChannelLeadership(options.broadcastChannel(`tandem.leader.${name}`), options.heartbeatMs ?? 1000);
  }
  return new SoloLeadership();
}

abstract class BaseLeadership implements Leadership {
  private leader = false;
  private readonly listeners = new Listeners<[boolean]>();

  get isLeader(): boolean {
    return this.leader;
  }

  onChange(listener: (isLeader: boolean) => void): () => void {
    return this.listeners.on(listener);
  }

  protected set(leader: boolean): void {
    if (leader !== this.leader) {
      this.leader = leader;
      this.listeners.emit(leader);
    }
  }

  abstract close(): void;
}

export class SoloLeadership extends BaseLeadership {
  constructor() {
    super();
    this.set(true);
  }

  close(): void {
    this.set(false);
  }
}

class LockLeadership extends BaseLeadership {
  private release: (() => void) | null = null;
  private readonly abort = new AbortController();
  private closed = false;

  constructor(name: string, locks: LockManagerLike) {
    super();
    locks
      .request(`tandem.leader.${name}`, { mode: 'exclusive', signal: this.abort.signal }, () => {
        if (this.closed) {
          return undefined;
        }
        this.set(true);
        // Held until this tab closes or gives up.
        return new Promise<void>((resolve) => {
          this.release = resolve;
        });
      })
      .catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    this.abort.abort();
    this.release?.();
    this.release = null;
    this.set(false);
  }
}

type ChannelMessage = { kind: 'alive' | 'claim' | 'bye'; id: string };

/**
 * Heartbeats over a BroadcastChannel. The leader says `alive` every beat; a tab that heard nothing for three beats
 * claims leadership and takes it unless, within a beat, it hears a leader or a claim from a smaller id. Two
 * leaders that hear each other leave it to the smaller id.
 */
class ChannelLeadership extends BaseLeadership {
  private readonly id = uuid();
  private lastHeard = 0;
  private claiming = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private claimTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly channel: BroadcastChannelLike,
    private readonly beatMs: number,
  ) {
    super();
    this.lastHeard = Date.now();
    channel.onmessage = (event) => this.heard(event.data as ChannelMessage);
    this.timer = setInterval(() => this.beat(), beatMs);
    this.post('claim');
    this.claim();
  }

  private beat(): void {
    if (this.isLeader) {
      this.post('alive');
    } else if (!this.claiming && Date.now() - this.lastHeard >= 3 * this.beatMs) {
      this.post('claim');
      this.claim();
    }
  }

  private claim(): void {
    this.claiming = true;
    this.claimTimer = setTimeout(() => {
      this.claimTimer = null;
      if (this.claiming) {
        this.claiming = false;
        this.set(true);
        this.post('alive');
      }
    }, this.beatMs);
  }

  private heard(message: ChannelMessage): void {
    if (!message || typeof message.id !== 'string' || message.id === this.id) {
      return;
    }
    if (message.kind === 'bye') {
      if (!this.isLeader && !this.claiming) {
        this.post('claim');
        this.claim();
      }
      return;
    }
    if (message.kind === 'alive') {
      this.lastHeard = Date.now();
      this.claiming = false;
      if (this.isLeader && message.id < this.id) {
        this.set(false);
      }
      return;
    }
    // A claim: a leader answers it; a rival claimant with a smaller id wins.
    if (this.isLeader) {
      this.post('alive');
    } else if (this.claiming && message.id < this.id) {
      this.claiming = false;
      this.lastHeard = Date.now();
    }
  }

  private post(kind: ChannelMessage['kind']): void {
    this.channel.postMessage({ kind, id: this.id } satisfies ChannelMessage);
  }

  close(): void {
    clearInterval(this.timer);
    if (this.claimTimer) {
      clearTimeout(this.claimTimer);
    }
    this.claiming = false;
    if (this.isLeader) {
      this.post('bye');
    }
    this.set(false);
    this.channel.onmessage = null;
    this.channel.close();
  }
}

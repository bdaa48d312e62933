export interface BackoffOptions {
  /** The first delay's ceiling, in milliseconds. */
  baseMs?: number;
  /** No delay exceeds this. */
  maxMs?: number;
  /** A number in [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * Exponential backoff with "equal jitter": attempt n (from 0) waits between half and all of
 * `min(maxMs, baseMs * 2^n)`, so retries of many clients spread out but never come back immediately.
 */
export class Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
  private readonly random: () => number;
  private attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 1000;
    this.maxMs = options.maxMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  /** The ceiling of attempt n's delay. */
  ceiling(attempt: number): number {
    return Math.min(this.maxMs, this.baseMs * 2 ** Math.min(attempt, 30));
  }

  /** The delay before the next retry; each call counts one more failed attempt. */
  next(): number {
    const ceiling = this.ceiling(this.attempt);
    this.attempt += 1;
    return Math.floor(ceiling / 2 + this.random() * (ceiling / 2));
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') {
    return null;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) {
    return null;
  }
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** A timer that can be cut short: `wake()` ends the current wait at once. */
export class Sleeper {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private resolve: (() => void) | null = null;

  sleep(ms: number): Promise<void> {
    this.wake();
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.timer = setTimeout(() => this.wake(), ms);
    });
  }

  wake(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.();
  }

  get sleeping(): boolean {
    return this.resolve !== null;
  }
}

import type { FieldError, Problem } from './types.js';

/** An answer of the server with an error status, carrying its problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from `Retry-After`, when the answer had one (429, 503). */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ? `${problem.status} ${problem.title}: ${problem.detail}` : `${problem.status} ${problem.title}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get type(): string {
    return this.problem.type;
  }

  get title(): string {
    return this.problem.title;
  }

  get detail(): string | undefined {
    return this.problem.detail;
  }

  get errors(): FieldError[] {
    return this.problem.errors ?? [];
  }

  /** Worth trying again later, unchanged: the server was down, overloaded or rate limiting. */
  get transient(): boolean {
    return this.status === 429 || this.status === 408 || this.status >= 500;
  }
}

/** The request never got an answer: offline, DNS, connection reset, aborted. */
export class NetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

/** A signed-in call was made without a session, or the session could not be refreshed. */
export class NotAuthenticatedError extends Error {
  constructor(message = 'Not signed in') {
    super(message);
    this.name = 'NotAuthenticatedError';
  }
}

/** True for failures that a later retry of the same request may not repeat. */
export function isTransient(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ApiError && error.transient);
}

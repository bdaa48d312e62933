/**
 * A small in-memory simulation of the Tandem server, reached through a `fetch` function: enough of auth (with
 * refresh rotation and reuse detection), tasks, the sync log, push (with idempotency, validation and conflicts) and
 * conflict resolution for the SDK's tests to talk to a server that behaves, not to mocks that echo.
 */
import type {
  ClientOperation, PushResult, SyncConflict, SyncOperation, Task,
} from '../../src/types.js';

interface Account {
  id: string;
  email: string;
  password: string;
  name: string;
}

interface Refresh {
  userId: string;
  family: string;
  used: boolean;
  revoked: boolean;
}

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | null;
}

/** Answers one request instead of the server (a fault), or passes (undefined). */
export type Fault = (call: Call) => Response | 'network' | undefined;

export type Strategy = 'last_writer_wins' | 'manual';

interface StoredTask {
  task: Task;
  /** The version at which each field last changed. */
  changedAt: Record<string, number>;
}

let counter = 0;
const id = () => {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });

const problem = (status: number, title: string, detail: string, extra: Record<string, unknown> = {}) =>
  json(status, { type: `https://tandem.example/problems/${title.toLowerCase().replace(/\s+/g, '-')}`, title, status, detail, ...extra });

export class FakeServer {
  readonly workspaceId = id();
  strategy: Strategy = 'last_writer_wins';
  readonly calls: Call[] = [];
  readonly faults: Fault[] = [];
  readonly log: SyncOperation[] = [];
  readonly tasks = new Map<string, StoredTask>();
  readonly categories = new Map<string, Record<string, unknown>>();
  readonly conflicts = new Map<string, { conflict: SyncConflict; op: ClientOperation; resolved: boolean }>();
  private readonly ledger = new Map<string, PushResult>();
  private readonly accounts = new Map<string, Account>();
  private readonly access = new Map<string, string>();
  private readonly refreshes = new Map<string, Refresh>();
  private tokenCount = 0;
  /** Each pull page's size is at most this (the client asks for 500). */
  pageLimit = 500;
  /** While true, no request gets an answer. */
  offline = false;

  readonly fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    // A real server answers on a later turn of the event loop.
    await Promise.resolve();
    if (this.offline) {
      throw new TypeError('Failed to fetch');
    }
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const call: Call = {
      method: init.method ?? 'GET',
      path: url.pathname.replace(/^\/api\/v1/, ''),
      query: url.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: headers.get('Authorization'),
    };
    this.calls.push(call);
    for (let i = 0; i < this.faults.length; i++) {
      const answer = this.faults[i]!(call);
      if (answer !== undefined) {
        this.faults.splice(i, 1);
        if (answer === 'network') {
          throw new TypeError('Failed to fetch');
        }
        return answer;
      }
    }
    return this.route(call);
  };

  /** The calls made to one path (method and path, e.g. `POST /auth/refresh`). */
  callsTo(route: string): Call[] {
    return this.calls.filter((call) => routeOf(call) === route);
  }

  /** An account and a signed-in session for it, as the server would hand out. */
  register(email = 'ana@example.com', password = 'correct horse battery', name = 'Ana'): Account {
    const account = { id: id(), email, password, name };
    this.accounts.set(email, account);
    return account;
  }

  /** Makes every access token issued so far invalid, as if they had expired. */
  expireAccessTokens(): void {
    this.access.clear();
  }

  /** What another user does on the server directly. */
  serverCreateTask(fields: Partial<Task> & { title: string }, userId = 'someone-else'): Task {
    const taskId = fields.id ?? id();
    const now = Date.now();
    const task: Task = {
      id: taskId, workspaceId: this.workspaceId, title: fields.title, description: fields.description ?? null,
      completed: false, priority: fields.priority ?? 'medium', categoryId: null, tags: [], assignedTo: null,
      createdBy: userId, dueDate: null, completedAt: null, createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(), isRecurring: false, recurringConfig: null, isTemplate: false,
      parentTaskId: null, status: 'todo', position: fields.position ?? null, version: 1,
    };
    this.tasks.set(taskId, { task, changedAt: {} });
    this.append('create', 'task', taskId, { ...task }, 1, userId, 'TaskCreatedEvent', now);
    return task;
  }

  serverUpdateTask(taskId: string, changes: Partial<Task>, userId = 'someone-else'): Task {
    const stored = this.tasks.get(taskId)!;
    const version = stored.task.version + 1;
    // One reading of the clock for the task and its log entry, as the server stamps both from the event.
    const now = Date.now();
    stored.task = { ...stored.task, ...changes, version, updatedAt: new Date(now).toISOString() };
    for (const field of Object.keys(changes)) {
      stored.changedAt[field] = version;
    }
    this.append('update', 'task', taskId, { ...changes }, version, userId, 'TaskFieldsChangedEvent', now);
    return stored.task;
  }

  task(taskId: string): Task | undefined {
    return this.tasks.get(taskId)?.task;
  }

  private append(type: SyncOperation['type'], entityType: SyncOperation['entityType'], entityId: string,
    data: Record<string, unknown> | null, version: number, userId: string, eventType: string, timestamp = Date.now()): void {
    this.log.push({
      id: id(), type, entityType, entityId, data, version, timestamp, userId,
      workspaceId: this.workspaceId, eventType, token: this.token(this.log.length + 1),
    });
  }

  private token(position: number): string {
    return `tok.${this.workspaceId}.${position}`;
  }

  private position(token: string | null): number | null {
    if (token === null || token === '') {
      return 0;
    }
    const match = /^tok\.(.+)\.(\d+)$/.exec(token);
    if (!match || match[1] !== this.workspaceId) {
      return null;
    }
    return Number(match[2]);
  }

  private issue(account: Account, family = id()): Record<string, unknown> {
    this.tokenCount += 1;
    const accessToken = `access-${this.tokenCount}`;
    const refreshToken = `refresh-${this.tokenCount}`;
    this.access.set(accessToken, account.id);
    this.refreshes.set(refreshToken, { userId: account.id, family, used: false, revoked: false });
    return {
      user: { id: account.id, email: account.email, name: account.name, emailVerified: false, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' },
      accessToken,
      refreshToken,
      expiresAt: Date.now() + 15 * 60_000,
      tokenType: 'Bearer',
    };
  }

  private userOf(call: Call): string | null {
    const token = call.authorization?.replace(/^Bearer /, '') ?? '';
    return this.access.get(token) ?? null;
  }

  private route(call: Call): Response {
    const { method, path } = call;
    if (path.startsWith('/auth/')) {
      return this.auth(call);
    }
    const userId = this.userOf(call);
    if (!userId) {
      return problem(401, 'Unauthorized', 'The access token is missing, invalid or expired');
    }
    const prefix = `/workspaces/${this.workspaceId}`;
    if (!path.startsWith(prefix)) {
      return problem(404, 'Not Found', 'Workspace not found');
    }
    const rest = path.slice(prefix.length);
    if (method === 'GET' && rest === '/sync/pull') {
      return this.pull(call);
    }
    if (method === 'POST' && rest === '/sync/push') {
      return this.push(call, userId);
    }
    if (method === 'GET' && rest === '/sync/status') {
      return json(200, {
        latestToken: this.token(this.log.length),
        pendingConflicts: [...this.conflicts.values()].filter((c) => !c.resolved).map((c) => c.conflict),
        serverTime: Date.now(),
      });
    }
    const resolve = /^\/sync\/conflicts\/([^/]+)\/resolve$/.exec(rest);
    if (method === 'POST' && resolve) {
      return this.resolve(resolve[1]!, call.body as { resolution: string; data?: Record<string, unknown> }, userId);
    }
    const description = /^\/tasks\/([^/]+)\/description$/.exec(rest);
    if (method === 'GET' && description) {
      const task = this.task(description[1]!);
      return task ? json(200, { taskId: task.id, text: task.description ?? '', revision: 0 }) : problem(404, 'Not Found', 'Task not found');
    }
    if (method === 'GET' && rest === '/tasks') {
      const items = [...this.tasks.values()].map((t) => t.task);
      return json(200, { items, page: 0, size: 50, total: items.length });
    }
    if (method === 'POST' && rest === '/tasks') {
      const body = call.body as { title?: unknown };
      if (typeof body.title !== 'string' || body.title.length === 0) {
        return problem(400, 'Bad Request', 'title: is required', { errors: [{ field: 'title', message: 'is required' }] });
      }
      const task = this.serverCreateTask({ title: body.title }, userId);
      return json(201, task, { Location: `/api/v1${prefix}/tasks/${task.id}` });
    }
    return problem(404, 'Not Found', `No route ${method} ${path}`);
  }

  private auth(call: Call): Response {
    const body = (call.body ?? {}) as Record<string, string>;
    switch (`${call.method} ${call.path}`) {
      case 'POST /auth/register': {
        if (this.accounts.has(body.email!)) {
          return problem(409, 'Conflict', 'Email already registered');
        }
        return json(201, this.issue(this.register(body.email, body.password, body.name)));
      }
      case 'POST /auth/login': {
        const account = this.accounts.get(body.email!);
        if (!account || account.password !== body.password) {
          return problem(401, 'Unauthorized', 'Wrong email or password');
        }
        return json(200, this.issue(account));
      }
      case 'POST /auth/refresh': {
        const refresh = this.refreshes.get(body.refreshToken!);
        if (!refresh || refresh.revoked) {
          return problem(401, 'Unauthorized', 'Unknown or revoked refresh token');
        }
        if (refresh.used) {
          // Reuse means theft: the whole login family goes.
          for (const other of this.refreshes.values()) {
            if (other.family === refresh.family) {
              other.revoked = true;
            }
          }
          return problem(401, 'Unauthorized', 'Refresh token reused');
        }
        refresh.used = true;
        const account = [...this.accounts.values()].find((a) => a.id === refresh.userId)!;
        return json(200, this.issue(account, refresh.family));
      }
      case 'POST /auth/logout': {
        const refresh = this.refreshes.get(body.refreshToken!);
        if (refresh) {
          refresh.revoked = true;
        }
        return new Response(null, { status: 204 });
      }
      case 'GET /auth/me': {
        const userId = this.userOf(call);
        const account = [...this.accounts.values()].find((a) => a.id === userId);
        return account ? json(200, { id: account.id, email: account.email, name: account.name }) : problem(401, 'Unauthorized', 'No session');
      }
      default:
        return problem(404, 'Not Found', 'No such auth route');
    }
  }

  private pull(call: Call): Response {
    const since = this.position(call.query.get('since'));
    if (since === null || since > this.log.length) {
      return problem(400, 'Bad Request', 'since: is not a sync token of this server', { errors: [{ field: 'since', message: 'is not a sync token of this server' }] });
    }
    const limit = Math.min(Number(call.query.get('limit') ?? 500), this.pageLimit);
    const operations = this.log.slice(since, since + limit);
    const end = since + operations.length;
    return json(200, { operations, nextToken: this.token(end), hasMore: end < this.log.length, serverTime: Date.now() });
  }

  private push(call: Call, userId: string): Response {
    const body = call.body as { operations: ClientOperation[]; lastSyncToken: string | null };
    if (body.operations.length > 500) {
      return problem(400, 'Bad Request', 'operations: at most 500 per push');
    }
    if (this.position(body.lastSyncToken) === null) {
      return problem(400, 'Bad Request', 'lastSyncToken: is not a sync token of this server', { errors: [{ field: 'lastSyncToken', message: 'bad' }] });
    }
    const results: PushResult[] = [];
    const conflicts: SyncConflict[] = [];
    for (const op of body.operations) {
      const known = this.ledger.get(op.id);
      if (known) {
        results.push({ ...known, status: 'duplicate' });
        continue;
      }
      const result = this.applyOperation(op, userId, conflicts);
      if (result.status !== 'rejected') {
        this.ledger.set(op.id, result);
      }
      results.push(result);
    }
    return json(200, { results, conflicts, nextToken: this.token(this.log.length), serverTime: Date.now() });
  }

  private applyOperation(op: ClientOperation, userId: string, conflicts: SyncConflict[]): PushResult {
    const rejected = (error: string): PushResult => ({ id: op.id, status: 'rejected', entityId: op.entityId, error });
    if (op.entityType !== 'task') {
      return rejected('entityType: this fake server keeps tasks only');
    }
    const data = (op.data ?? {}) as Record<string, unknown>;
    if (op.type === 'create') {
      if (typeof data.title !== 'string' || data.title.trim() === '') {
        return rejected('title: is required');
      }
      if (this.tasks.has(op.entityId)) {
        return rejected('The task exists already');
      }
      const task = this.serverCreateTask({ ...(data as Partial<Task>), id: op.entityId, title: data.title }, userId);
      return { id: op.id, status: 'applied', entityId: op.entityId, version: task.version };
    }
    const stored = this.tasks.get(op.entityId);
    if (!stored) {
      return rejected('No such entity');
    }
    if (op.type === 'delete') {
      this.tasks.delete(op.entityId);
      this.append('delete', 'task', op.entityId, null, stored.task.version + 1, userId, 'TaskDeletedEvent');
      return { id: op.id, status: 'applied', entityId: op.entityId, version: stored.task.version + 1 };
    }
    if ('title' in data && (typeof data.title !== 'string' || data.title.trim() === '')) {
      return rejected('title: must not be blank');
    }
    const base = op.baseVersion ?? stored.task.version;
    const overlapping = Object.keys(data).filter((field) => (stored.changedAt[field] ?? 0) > base);
    if (overlapping.length > 0 && this.strategy === 'manual') {
      const held = Object.fromEntries(overlapping.map((f) => [f, data[f]]));
      const free = Object.fromEntries(Object.entries(data).filter(([f]) => !overlapping.includes(f)));
      const task = Object.keys(free).length > 0 ? this.serverUpdateTask(op.entityId, free as Partial<Task>, userId) : stored.task;
      const conflict: SyncConflict = {
        conflictId: id(), entityType: 'task', entityId: op.entityId, fields: overlapping.sort(),
        serverValue: Object.fromEntries(overlapping.map((f) => [f, (stored.task as unknown as Record<string, unknown>)[f]])),
        clientValue: held, baseVersion: op.baseVersion, serverVersion: task.version,
      };
      this.conflicts.set(conflict.conflictId, { conflict, op, resolved: false });
      conflicts.push(conflict);
      return { id: op.id, status: 'conflict', entityId: op.entityId, version: task.version, conflictId: conflict.conflictId };
    }
    const task = this.serverUpdateTask(op.entityId, data as Partial<Task>, userId);
    return { id: op.id, status: overlapping.length > 0 || base < task.version - 1 ? 'merged' : 'applied', entityId: op.entityId, version: task.version };
  }

  private resolve(conflictId: string, body: { resolution: string; data?: Record<string, unknown> }, userId: string): Response {
    const held = this.conflicts.get(conflictId);
    if (!held) {
      return problem(404, 'Not Found', 'Conflict not found');
    }
    if (held.resolved) {
      return problem(409, 'Conflict', 'The conflict was resolved already');
    }
    held.resolved = true;
    const taskId = held.conflict.entityId;
    if (body.resolution === 'client') {
      this.serverUpdateTask(taskId, held.conflict.clientValue as Partial<Task>, userId);
    } else if (body.resolution === 'merged') {
      this.serverUpdateTask(taskId, body.data as Partial<Task>, userId);
    }
    return json(200, this.task(taskId));
  }
}

const routeOf = (call: Call) => `${call.method} ${call.path.replace(/\/workspaces\/[^/]+/, '/workspaces/{wid}')}`;

/** One answer with `status` (and headers) to the next call of `route`, e.g. `POST /workspaces/{wid}/sync/push`. */
export const failWith = (route: string, status: number, headers: Record<string, string> = {}): Fault => (call) =>
  routeOf(call) === route
    ? new Response(JSON.stringify({ type: 'about:blank', title: 'Injected', status, detail: 'injected fault' }),
      { status, headers: { 'Content-Type': 'application/problem+json', ...headers } })
    : undefined;

/** The next call of `route` never gets an answer. */
export const networkDown = (route: string): Fault => (call) => (routeOf(call) === route ? 'network' : undefined);

import type { HttpClient } from './http.js';
import type * as T from './types.js';

const enc = encodeURIComponent;
const ws = (workspaceId: string) => `/workspaces/${enc(workspaceId)}`;
const task = (workspaceId: string, taskId: string) => `${ws(workspaceId)}/tasks/${enc(taskId)}`;

/** Every REST call of the contract, typed. Failures throw `ApiError` (with the problem details) or `NetworkError`. */
export class TandemApi {
  constructor(private readonly http: HttpClient) {}

  readonly workspaces = {
    list: (query: T.PageQuery = {}) => this.http.request<T.Page<T.Workspace>>('GET', '/workspaces', { query: { ...query } }),
    create: (body: T.CreateWorkspaceRequest) => this.http.request<T.Workspace>('POST', '/workspaces', { body }),
    get: (workspaceId: string) => this.http.request<T.Workspace>('GET', ws(workspaceId)),
    update: (workspaceId: string, body: T.UpdateWorkspaceRequest) =>
      this.http.request<T.Workspace>('PUT', ws(workspaceId), { body }),
    delete: (workspaceId: string) => this.http.request<void>('DELETE', ws(workspaceId)),
  };

  readonly members = {
    list: (workspaceId: string, query: T.PageQuery = {}) =>
      this.http.request<T.Page<T.Member>>('GET', `${ws(workspaceId)}/members`, { query: { ...query } }),
    invite: (workspaceId: string, body: T.InviteRequest) =>
      this.http.request<T.Member>('POST', `${ws(workspaceId)}/invite`, { body }),
    changeRole: (workspaceId: string, userId: string, role: T.Role) =>
      this.http.request<T.Member>('PUT', `${ws(workspaceId)}/members/${enc(userId)}`, { body: { role } }),
    remove: (workspaceId: string, userId: string) =>
      this.http.request<void>('DELETE', `${ws(workspaceId)}/members/${enc(userId)}`),
  };

  readonly tasks = {
    list: (workspaceId: string, query: T.TaskListQuery = {}) =>
      this.http.request<T.Page<T.Task>>('GET', `${ws(workspaceId)}/tasks`, { query: { ...query } }),
    create: (workspaceId: string, body: T.CreateTaskRequest) =>
      this.http.request<T.Task>('POST', `${ws(workspaceId)}/tasks`, { body }),
    get: (workspaceId: string, taskId: string) => this.http.request<T.Task>('GET', task(workspaceId, taskId)),
    /** Fields present are changed, absent ones kept; `ifMatch` sends `If-Match: "<version>"` (412 when stale). */
    update: (workspaceId: string, taskId: string, body: T.UpdateTaskRequest, options: { ifMatch?: number } = {}) =>
      this.http.request<T.Task>('PUT', task(workspaceId, taskId), {
        body,
        ...(options.ifMatch !== undefined ? { headers: { 'If-Match': `"${options.ifMatch}"` } } : {}),
      }),
    delete: (workspaceId: string, taskId: string) => this.http.request<void>('DELETE', task(workspaceId, taskId)),
    complete: (workspaceId: string, taskId: string) =>
      this.http.request<T.Task>('POST', `${task(workspaceId, taskId)}/complete`),
    reopen: (workspaceId: string, taskId: string) =>
      this.http.request<T.Task>('POST', `${task(workspaceId, taskId)}/reopen`),
    recurring: (workspaceId: string, query: T.PageQuery = {}) =>
      this.http.request<T.Page<T.Task>>('GET', `${ws(workspaceId)}/tasks/recurring`, { query: { ...query } }),
    search: (workspaceId: string, query: T.TaskSearchQuery) =>
      this.http.request<T.Page<T.TaskSearchHit>>('GET', `${ws(workspaceId)}/tasks/search`, { query: { ...query } }),
    history: (workspaceId: string, taskId: string) =>
      this.http.request<T.HistoryEvent[]>('GET', `${task(workspaceId, taskId)}/history`),
  };

  readonly categories = {
    list: (workspaceId: string, query: T.PageQuery = {}) =>
      this.http.request<T.Page<T.Category>>('GET', `${ws(workspaceId)}/categories`, { query: { ...query } }),
    create: (workspaceId: string, body: T.CreateCategoryRequest) =>
      this.http.request<T.Category>('POST', `${ws(workspaceId)}/categories`, { body }),
    update: (workspaceId: string, categoryId: string, body: T.UpdateCategoryRequest) =>
      this.http.request<T.Category>('PUT', `${ws(workspaceId)}/categories/${enc(categoryId)}`, { body }),
    delete: (workspaceId: string, categoryId: string) =>
      this.http.request<void>('DELETE', `${ws(workspaceId)}/categories/${enc(categoryId)}`),
  };

  readonly sync = {
    /** One page of the sync log after `since` (from the start when null). */
    pull: (workspaceId: string, since: string | null, limit = 500) =>
      this.http.request<T.PullResponse>('GET', `${ws(workspaceId)}/sync/pull`, { query: { since, limit } }),
    push: (workspaceId: string, body: T.PushRequest) =>
      this.http.request<T.PushResponse>('POST', `${ws(workspaceId)}/sync/push`, { body }),
    status: (workspaceId: string) => this.http.request<T.SyncStatus>('GET', `${ws(workspaceId)}/sync/status`),
    resolve: (workspaceId: string, conflictId: string, body: T.ResolveRequest) =>
      this.http.request<T.Task>('POST', `${ws(workspaceId)}/sync/conflicts/${enc(conflictId)}/resolve`, { body }),
  };

  readonly descriptions = {
    get: (workspaceId: string, taskId: string) =>
      this.http.request<T.Description>('GET', `${task(workspaceId, taskId)}/description`),
    ops: (workspaceId: string, taskId: string, since: number, limit = 500) =>
      this.http.request<T.DescriptionOpsResponse>('GET', `${task(workspaceId, taskId)}/description/ops`, {
        query: { since, limit },
      }),
    submit: (workspaceId: string, taskId: string, body: T.SubmitDescriptionOpRequest) =>
      this.http.request<T.SubmitDescriptionOpResponse>('POST', `${task(workspaceId, taskId)}/description/ops`, { body }),
  };

  readonly analytics = {
    overview: (workspaceId: string) =>
      this.http.request<T.AnalyticsOverview>('GET', `${ws(workspaceId)}/analytics/overview`),
    trends: (workspaceId: string, period: T.AnalyticsPeriod = '30d') =>
      this.http.request<T.AnalyticsTrends>('GET', `${ws(workspaceId)}/analytics/trends`, { query: { period } }),
    productivity: (workspaceId: string, period: T.AnalyticsPeriod = '30d') =>
      this.http.request<T.Productivity>('GET', `${ws(workspaceId)}/analytics/productivity`, { query: { period } }),
  };

  /** Moves a local-only app's data to the server; re-running it creates no duplicates. */
  import(workspaceId: string, body: T.ImportRequest): Promise<T.ImportResponse> {
    return this.http.request<T.ImportResponse>('POST', `${ws(workspaceId)}/import`, { body });
  }
}

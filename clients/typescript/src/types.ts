/**
 * The HTTP wire types of the Tandem contract (v1).
 *
 * Everything the SDK knows about the JSON of the REST API is in this one module (the WebSocket frames, which OpenAPI
 * does not describe, are in `frames.ts`). Names follow the contract. Request bodies that the server's OpenAPI
 * description states exactly are taken from the generated types (`generated/openapi.ts`, by operationId); the
 * others, and the answers, whose fields the description does not mark required or nullable, are written here and
 * checked against the generated ones in `test/openapi-types.ts` (same fields, compatible types).
 */
import type { RequestBody } from './openapi.js';


/** A UUID as a string. */
export type Uuid = string;
/** An ISO-8601 UTC instant, such as `2026-11-24T10:15:30Z`. */
export type Instant = string;
/** Milliseconds since the epoch (`expiresAt`, `timestamp`, `serverTime`). */
export type EpochMillis = number;

// ---- errors -------------------------------------------------------------------------------------------------

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as every error answer carries them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

// ---- paging -------------------------------------------------------------------------------------------------

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export interface PageQuery {
  page?: number;
  /** At most 200. */
  size?: number;
}

// ---- auth ---------------------------------------------------------------------------------------------------

export interface User {
  id: Uuid;
  email: string;
  name: string;
  avatar?: string | null;
  emailVerified: boolean;
  lastLoginAt?: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface AuthResponse {
  user: User;
  accessToken: string;
  refreshToken: string;
  expiresAt: EpochMillis;
  tokenType: 'Bearer';
}

/** `{email, password, name}`; the password has at least 10 characters. */
export type RegisterRequest = RequestBody<'register'>;

export type LoginRequest = RequestBody<'login'>;

export type RefreshRequest = RequestBody<'refresh'>;

// ---- workspaces and members ---------------------------------------------------------------------------------

export type Plan = 'free' | 'pro' | 'enterprise';
export type Role = 'owner' | 'admin' | 'member' | 'viewer';
export type ConflictStrategy = 'last_writer_wins' | 'field_level_merge' | 'manual';

export interface WorkspaceSettings {
  conflictStrategy?: ConflictStrategy;
  /** Task fields (JSON names) that are never resolved automatically. */
  preserveFields?: string[];
}

export interface Workspace {
  id: Uuid;
  name: string;
  ownerId: Uuid;
  plan: Plan;
  settings: WorkspaceSettings;
  createdAt: Instant;
  updatedAt: Instant;
  /** The caller's role in it. */
  role: Role;
}

export type CreateWorkspaceRequest = RequestBody<'createWorkspace'>;

export type UpdateWorkspaceRequest = RequestBody<'updateWorkspace'>;

export interface Member {
  userId: Uuid;
  workspaceId: Uuid;
  email: string | null;
  name: string | null;
  role: Role;
  invitedBy: Uuid | null;
  joinedAt: Instant;
}

export type InviteRequest = RequestBody<'inviteMember'>;

// ---- tasks --------------------------------------------------------------------------------------------------

export type Priority = 'low' | 'medium' | 'high';
export type TaskStatus = 'todo' | 'in_progress' | 'done';
export type Frequency = 'daily' | 'weekly' | 'monthly' | 'yearly';
export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

export interface RecurringConfig {
  frequency: Frequency;
  /** 1 or more. */
  interval: number;
  daysOfWeek?: Weekday[];
  endDate?: Instant | null;
  count?: number | null;
}

export interface Task {
  id: Uuid;
  workspaceId: Uuid;
  title: string;
  description: string | null;
  completed: boolean;
  priority: Priority;
  categoryId: Uuid | null;
  tags: string[];
  assignedTo: Uuid | null;
  createdBy: Uuid | null;
  dueDate: Instant | null;
  completedAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
  isRecurring: boolean;
  recurringConfig: RecurringConfig | null;
  isTemplate: boolean;
  parentTaskId: Uuid | null;
  status: TaskStatus;
  position: number | null;
  version: number;
  /** How many changes the description has had (0 for none). */
  descriptionRevision?: number;
}

/** The fields a client writes; on create `title` is required and `id` may be chosen by the client. */
export interface TaskFields {
  title?: string;
  /** At most 2000 code points. */
  description?: string | null;
  priority?: Priority;
  categoryId?: Uuid | null;
  /** At most 20 tags of at most 100 characters. */
  tags?: string[];
  assignedTo?: Uuid | null;
  dueDate?: Instant | null;
  isRecurring?: boolean;
  recurringConfig?: RecurringConfig | null;
  isTemplate?: boolean;
  status?: TaskStatus;
  position?: number | null;
  completed?: boolean;
}

export interface CreateTaskRequest extends TaskFields {
  id?: Uuid;
  title: string;
  parentTaskId?: Uuid | null;
}

export interface UpdateTaskRequest extends TaskFields {
  /** The version the change was made on; a stale one merges disjoint fields or answers 409. */
  version?: number;
}

export interface TaskListQuery extends PageQuery {
  status?: TaskStatus;
  priority?: Priority;
  completed?: boolean;
  assignedTo?: Uuid;
  categoryId?: Uuid;
  tag?: string;
  dueBefore?: Instant;
  dueAfter?: Instant;
  /** Comma separated, `-` for descending: `dueDate,-createdAt,position,priority`. */
  sort?: string;
}

export interface TaskSearchQuery extends TaskListQuery {
  q: string;
}

export interface TaskSearchHit {
  task: Task;
  score: number;
  highlights: Record<string, string[]>;
}

/** The body of a 409 answered to a stale `PUT`. */
export interface TaskVersionConflict {
  currentVersion: number;
  conflictingFields: string[];
  serverTask: Task;
}

export interface HistoryEvent {
  position: number | null;
  eventId: string;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  sequenceNumber: number;
  timestamp: Instant;
  userId: Uuid | null;
  payload: unknown;
  metadata: Record<string, unknown>;
}

export interface HistoryPage {
  items: HistoryEvent[];
  nextPosition: number | null;
}

// ---- categories ---------------------------------------------------------------------------------------------

export interface Category {
  id: Uuid;
  name: string;
  /** `#RRGGBB`. */
  color: string | null;
  workspaceId: Uuid;
  createdBy: Uuid | null;
  createdAt: Instant;
}

export interface CreateCategoryRequest {
  id?: Uuid;
  name: string;
  color?: string | null;
}

export interface UpdateCategoryRequest {
  name?: string;
  color?: string | null;
}

// ---- sync ---------------------------------------------------------------------------------------------------

export type OperationType = 'create' | 'update' | 'delete';
export type EntityType = 'task' | 'category' | 'workspace' | 'member';
/** What a client may push: tasks and categories. */
export type ClientEntityType = 'task' | 'category';

export interface SyncOperation {
  id: string;
  type: OperationType;
  entityType: EntityType;
  entityId: Uuid;
  /** The whole entity for a create, the changed fields for an update, nothing for a delete. */
  data: Record<string, unknown> | null;
  version: number;
  timestamp: EpochMillis;
  userId: Uuid | null;
  workspaceId: Uuid;
  eventType: string;
  /** The position just after this operation. */
  token: string;
}

export interface PullResponse {
  operations: SyncOperation[];
  nextToken: string;
  hasMore: boolean;
  serverTime: EpochMillis;
}

export interface ClientOperation {
  /** A client UUID made when the change was made: the idempotency key. */
  id: Uuid;
  type: OperationType;
  entityType: ClientEntityType;
  entityId: Uuid;
  data: Record<string, unknown> | null;
  /** Null for a create. */
  baseVersion: number | null;
  timestamp: EpochMillis;
}

export interface PushRequest {
  /** At most 500. */
  operations: ClientOperation[];
  lastSyncToken: string | null;
}

export type PushStatus = 'applied' | 'merged' | 'conflict' | 'rejected' | 'duplicate';

export interface PushResult {
  id: string;
  status: PushStatus;
  entityId: Uuid;
  /** Absent only for a rejected operation. */
  version?: number | null;
  error?: string;
  conflictId?: Uuid;
}

export interface SyncConflict {
  conflictId: Uuid;
  entityType: EntityType;
  entityId: Uuid;
  fields: string[];
  serverValue: Record<string, unknown>;
  clientValue: Record<string, unknown>;
  baseVersion: number | null;
  serverVersion: number;
}

export interface PushResponse {
  results: PushResult[];
  conflicts: SyncConflict[];
  nextToken: string;
  serverTime: EpochMillis;
}

export interface SyncStatus {
  latestToken: string;
  pendingConflicts: SyncConflict[];
  serverTime: EpochMillis;
}

export type Resolution = 'server' | 'client' | 'merged';

export interface ResolveRequest {
  resolution: Resolution;
  /** Required for `merged`: the task fields to write. */
  data?: Record<string, unknown>;
}

// ---- collaborative descriptions ------------------------------------------------------------------------------

/**
 * A `text-unicode` operation: a number skips that many code points, a string inserts itself, `{d: n}` deletes
 * `n` code points (`{d: "text"}` deletes that text).
 */
export type TextOpComponent = number | string | { d: number | string };
export type TextOp = TextOpComponent[];

export interface Description {
  taskId: Uuid;
  text: string;
  revision: number;
}

export interface DescriptionOp {
  /** The revision this operation produced. */
  revision: number;
  /** The operation as applied. */
  op: TextOp;
  userId: Uuid | null;
  clientId: Uuid | null;
  seq: number | null;
  timestamp: EpochMillis;
}

export interface DescriptionOpsResponse {
  ops: DescriptionOp[];
  revision: number;
}

export interface SubmitDescriptionOpRequest {
  /** The revision the operation was made on. */
  revision: number;
  op: TextOp;
  clientId: Uuid;
  seq: number;
}

export interface SubmitDescriptionOpResponse {
  revision: number;
  op: TextOp;
  duplicate: boolean;
}

// ---- analytics and import -----------------------------------------------------------------------------------

export interface AnalyticsOverview {
  totalTasks: number;
  openTasks: number;
  completedTasks: number;
  overdueTasks: number;
  completionRate: number;
  byPriority: Record<string, number>;
  byStatus: Record<string, number>;
  /** Keyed by category id, plus `none` for tasks without a category. */
  byCategory: Record<string, number>;
  /** The name of each category id in `byCategory`. */
  categoryNames: Record<string, string>;
}

export type AnalyticsPeriod = '7d' | '30d' | '90d';

export interface AnalyticsTrends {
  period: AnalyticsPeriod;
  series: { date: string; created: number; completed: number }[];
}

export interface Productivity {
  members: {
    userId: Uuid;
    name: string | null;
    completed: number;
    avgCompletionHours: number | null;
    onTimeRate: number | null;
  }[];
}

export interface ImportRequest {
  tasks: CreateTaskRequest[];
  categories: CreateCategoryRequest[];
}

/** What an import did; a repeated import skips every item (their ids exist already). */
export interface ImportResponse {
  /** How many items this request created. */
  imported: { tasks: number; categories: number };
  /** Items whose id is already in use in the workspace; nothing was changed for them. */
  skipped: { id: Uuid; entityType: 'task' | 'category'; reason: string }[];
  /** Refused items: the index in their array, their id when readable, the field at fault (null when not one). */
  errors: { index: number; entityType: 'task' | 'category'; id: Uuid | null; field: string | null; message: string }[];
}

/**
 * A type-level test, checked by `npm run typecheck` (tsc, in test.sh): the SDK's hand-written wire types
 * (src/types.ts) have the same fields as the schemas generated from the server's OpenAPI description
 * (src/generated/openapi.ts), and each field's type fits the generated one. Optionality and null are left aside:
 * springdoc marks neither on answers, where the hand-written types are the more precise. A field renamed, added or
 * removed on the server, or an enum that changes, fails to compile here once the snapshot is refreshed.
 */
import type { Schemas } from '../src/openapi.js';
import type * as T from '../src/types.js';

/** Every field present and not null, all the way down. */
type Solid<V> = V extends (infer E)[]
  ? Solid<E>[]
  : V extends object
    ? { [K in keyof V]-?: Solid<NonNullable<V[K]>> }
    : NonNullable<V>;

type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
/** `A` (hand-written) has the fields of `G` (generated), no others, each at least as narrow. */
type Matches<A, G> = SameKeys<Solid<A>, Solid<G>> extends true ? (Solid<A> extends Solid<G> ? true : false) : false;

type Expect<Check extends true> = Check;

export type Checks = [
  Expect<Matches<T.User, Schemas['UserResponse']>>,
  Expect<Matches<T.AuthResponse, Schemas['AuthResponse']>>,
  Expect<Matches<T.Workspace, Schemas['Workspace']>>,
  Expect<Matches<T.WorkspaceSettings, Schemas['WorkspaceSettings']>>,
  Expect<Matches<T.Member, Schemas['Member']>>,
  Expect<Matches<T.Category, Schemas['CategoryView']>>,
  Expect<Matches<T.CreateCategoryRequest, Schemas['CreateCategory']>>,
  Expect<Matches<T.UpdateCategoryRequest, Schemas['UpdateCategory']>>,
  Expect<Matches<T.Task, Schemas['TaskView']>>,
  Expect<Matches<T.RecurringConfig, Schemas['RecurringConfig']>>,
  Expect<Matches<T.CreateTaskRequest, Schemas['TaskCreateRequest']>>,
  Expect<Matches<T.UpdateTaskRequest, Schemas['TaskUpdateRequest']>>,
  Expect<Matches<T.Page<T.Task>, Schemas['PageResponseTaskView']>>,
  Expect<Matches<T.TaskSearchHit, Schemas['TaskSearchHit']>>,
  Expect<Matches<T.PullResponse, Schemas['Pull']>>,
  Expect<Matches<T.PushRequest, Schemas['PushRequest']>>,
  Expect<Matches<T.ClientOperation, Schemas['ClientOperation']>>,
  Expect<Matches<T.PushResponse, Schemas['Push']>>,
  Expect<Matches<T.SyncOperation, Schemas['SyncOperation']>>,
  Expect<Matches<T.SyncConflict, Schemas['SyncConflict']>>,
  Expect<Matches<T.ResolveRequest, Schemas['Resolve']>>,
  Expect<Matches<T.HistoryEvent, Schemas['HistoryEvent']>>,
  Expect<Matches<T.SyncStatus, Schemas['Status']>>,
  Expect<Matches<T.Description, Schemas['Description']>>,
  Expect<Matches<T.AnalyticsOverview, Schemas['AnalyticsOverview']>>,
  Expect<Matches<T.ImportResponse, Schemas['ImportResponse']>>,
];

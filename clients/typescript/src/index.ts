export { createTandem, socketUrl, Tandem, type TandemOptions } from './client.js';
export { TandemApi } from './api.js';
export { Auth } from './auth.js';
export { HttpClient, Session, API_PREFIX, type RequestOptions } from './http.js';
export { ApiError, NetworkError, NotAuthenticatedError, isTransient } from './errors.js';
export { MemoryTokenStore, LocalStorageTokenStore, type TokenStore, type StoredTokens, type StorageLike } from './tokens.js';
export { Backoff, parseRetryAfter, type BackoffOptions } from './backoff.js';
export { OperationQueue, MAX_PUSH } from './queue.js';
export { openLocalDb, type LocalDb, type QueueEntry } from './db.js';
export { LocalStore, type StoreState } from './store.js';
export { SyncEngine, PULL_LIMIT, type RejectedOperation, type SyncEngineOptions } from './sync.js';
export { Workspace, type WorkspaceOptions } from './workspace.js';
export { electLeader, SoloLeadership, type Leadership, type ElectionOptions } from './leader.js';
export { LiveClient, type LiveOptions, type PresenceMap } from './live.js';
export {
  DescriptionDoc, type DescriptionChange, type DescriptionDocOptions, type DescriptionTransport, type RemoteCursor,
} from './description.js';
export {
  bindTextarea, codePoints, diff, toCodePoint, toUtf16, type DrawableCursor, type TextAreaLike, type TextareaBinding,
} from './textarea.js';
export type {
  BroadcastChannelFactory, BroadcastChannelLike, FetchLike, LockManagerLike, WebSocketFactory, WebSocketLike,
} from './platform.js';
export type * from './types.js';
export type * from './frames.js';
export type { Schemas, OperationId, RequestBody, components, operations, paths } from './openapi.js';

/**
 * The frames of the WebSocket at `/ws`, by hand: the OpenAPI description covers HTTP only, so these stay when
 * `types.ts` is generated. Payloads are built from the HTTP types.
 */
import type { Category, SyncConflict, SyncOperation, Task, TaskFields, TextOp, Uuid } from './types.js';

export type PresenceStatus = 'online' | 'away' | 'busy';

/** Frames a client sends, by type. */
export interface ClientFrames {
  join_workspace: { workspaceId: Uuid };
  leave_workspace: { workspaceId: Uuid };
  task_update: { taskId: Uuid; changes: TaskFields; baseVersion?: number };
  sync_request: { since: string | null; workspaceId?: Uuid };
  presence_update: { status: PresenceStatus };
  description_op: { taskId: Uuid; revision: number; op: TextOp; clientId: Uuid; seq: number };
  description_sync: { taskId: Uuid; since: number };
  /** `clientId` is an addition to the contract: it names the editor whose cursor this is before any op was sent. */
  description_cursor: { taskId: Uuid; revision: number; selection: [number, number]; clientId?: Uuid };
}

/** Frames the server sends, by type. */
export interface ServerFrames {
  task_created: Task;
  task_updated: { taskId: Uuid; changes: Record<string, unknown>; updatedBy: Uuid | null; version: number; token: string };
  task_deleted: { taskId: Uuid; deletedBy: Uuid | null; token: string };
  category_updated: Category;
  sync_update: { operations: SyncOperation[]; nextToken: string; hasMore?: boolean; workspaceId?: Uuid };
  user_presence: { userId: Uuid; workspaceId: Uuid; status: PresenceStatus | 'offline' };
  conflict_detected: { taskId: Uuid; conflicts: SyncConflict[]; workspaceId?: Uuid };
  error: { code: string; message: string; taskId?: Uuid; clientId?: Uuid; seq?: number; [detail: string]: unknown };
  description_ack: { taskId: Uuid; clientId: Uuid; seq: number; revision: number };
  description_op: { taskId: Uuid; revision: number; op: TextOp; userId: Uuid | null; clientId: Uuid | null; seq: number | null };
  description_synced: { taskId: Uuid; revision: number };
  description_cursor: { taskId: Uuid; userId: Uuid; clientId: Uuid; revision: number; selection: [number, number] };
}

export type ClientFrameType = keyof ClientFrames;
export type ServerFrameType = keyof ServerFrames;

/** A server frame as a discriminated union: `switch (frame.type)` narrows `frame.payload`. */
export type ServerFrame = { [K in ServerFrameType]: { type: K; payload: ServerFrames[K] } }[ServerFrameType];

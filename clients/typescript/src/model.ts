import type { Category, ClientOperation, SyncOperation, Task } from './types.js';

/** A workspace's tasks and categories by id. */
export interface Entities {
  tasks: Map<string, Task>;
  categories: Map<string, Category>;
}

export function emptyEntities(): Entities {
  return { tasks: new Map(), categories: new Map() };
}

export function copyEntities(entities: Entities): Entities {
  return { tasks: new Map(entities.tasks), categories: new Map(entities.categories) };
}

const iso = (millis: number) => new Date(millis).toISOString();

/** What the server would fill in for a task created offline with only some fields. */
function newTask(workspaceId: string, id: string, timestamp: number): Task {
  return {
    id,
    workspaceId,
    title: '',
    description: null,
    completed: false,
    priority: 'medium',
    categoryId: null,
    tags: [],
    assignedTo: null,
    createdBy: null,
    dueDate: null,
    completedAt: null,
    createdAt: iso(timestamp),
    updatedAt: iso(timestamp),
    isRecurring: false,
    recurringConfig: null,
    isTemplate: false,
    parentTaskId: null,
    status: 'todo',
    position: null,
    version: 0,
  };
}

/** As the server ties them: `status: done` if and only if `completed`, with `completedAt` set when it became done. */
function withCompletion(previous: Task | undefined, next: Task, data: Record<string, unknown>, timestamp: number): Task {
  if ('status' in data) {
    next.completed = next.status === 'done';
  } else if ('completed' in data && next.completed !== (previous?.completed ?? false)) {
    next.status = next.completed ? 'done' : 'todo';
  }
  if (!('completedAt' in data)) {
    if (next.completed && !previous?.completed) {
      next.completedAt = iso(timestamp);
    } else if (!next.completed) {
      next.completedAt = null;
    }
  }
  return next;
}

/** Applies one operation of the server's sync log: the state as the server had it after that operation. */
export function applyServerOperation(entities: Entities, op: SyncOperation): void {
  const data = op.data ?? {};
  if (op.entityType === 'task') {
    const existing = entities.tasks.get(op.entityId);
    if (op.type === 'delete') {
      entities.tasks.delete(op.entityId);
    } else if (op.type === 'create') {
      entities.tasks.set(op.entityId, {
        ...newTask(op.workspaceId, op.entityId, op.timestamp),
        ...(data as Partial<Task>),
        id: op.entityId,
        version: op.version,
      });
    } else if (existing) {
      entities.tasks.set(op.entityId, {
        ...existing,
        ...(data as Partial<Task>),
        version: op.version,
        updatedAt: iso(op.timestamp),
      });
    }
  } else if (op.entityType === 'category') {
    applyCategory(entities, op.type, op.entityId, data, op.workspaceId, op.timestamp);
  }
}

/** Applies one of this client's own (not yet acknowledged) operations, optimistically. */
export function applyClientOperation(entities: Entities, op: ClientOperation, workspaceId: string): void {
  const data = op.data ?? {};
  if (op.entityType === 'task') {
    const existing = entities.tasks.get(op.entityId);
    if (op.type === 'delete') {
      entities.tasks.delete(op.entityId);
      return;
    }
    if (op.type === 'create') {
      // Re-applied over a pulled state that already holds it: the server's fields stay, ours go on top.
      const base = existing ?? newTask(workspaceId, op.entityId, op.timestamp);
      const next = { ...base, ...(data as Partial<Task>), id: op.entityId };
      entities.tasks.set(op.entityId, withCompletion(existing, next, data, op.timestamp));
      return;
    }
    if (existing) {
      const next = { ...existing, ...(data as Partial<Task>), updatedAt: iso(op.timestamp) };
      entities.tasks.set(op.entityId, withCompletion(existing, next, data, op.timestamp));
    }
  } else {
    applyCategory(entities, op.type, op.entityId, data, workspaceId, op.timestamp);
  }
}

function applyCategory(entities: Entities, type: string, id: string, data: Record<string, unknown>,
  workspaceId: string, timestamp: number): void {
  const existing = entities.categories.get(id);
  if (type === 'delete') {
    entities.categories.delete(id);
    // Tasks of a deleted category stay, without it (the server does the same, with no event per task).
    for (const [taskId, task] of entities.tasks) {
      if (task.categoryId === id) {
        entities.tasks.set(taskId, { ...task, categoryId: null });
      }
    }
  } else if (type === 'create') {
    entities.categories.set(id, {
      ...(existing ?? { id, name: '', color: null, workspaceId, createdBy: null, createdAt: iso(timestamp) }),
      ...(data as Partial<Category>),
      id,
    });
  } else if (existing) {
    entities.categories.set(id, { ...existing, ...(data as Partial<Category>) });
  }
}

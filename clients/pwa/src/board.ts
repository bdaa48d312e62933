import type { Task, TaskStatus } from '@tandem/client';

export const COLUMNS: readonly { status: TaskStatus; title: string }[] = [
  { status: 'todo', title: 'To do' },
  { status: 'in_progress', title: 'In progress' },
  { status: 'done', title: 'Done' },
];

/** Positions are integers on the server; new cards are spaced this far apart so that most moves fit between two. */
export const SPACING = 1024;

/** A column's tasks in board order (the SDK's state is already sorted by position, then creation). */
export function column(tasks: readonly Task[], status: TaskStatus): Task[] {
  return tasks.filter((task) => task.status === status);
}

/** The position of a card added at the bottom of a column. */
export function positionAtEnd(columnTasks: readonly Task[]): number {
  const last = columnTasks.reduce<number | null>((max, task) => (task.position !== null && (max === null || task.position > max) ? task.position : max), null);
  return last === null ? SPACING : last + SPACING;
}

/** What moving a card means in fields: its status and position, and for some neighbours a new position too. */
export interface Placement {
  position: number;
  /** Other cards of the target column that must move to make room (only when no integer fits between two). */
  renumbered: { id: string; position: number }[];
}

/**
 * Where card `movingId` lands at `index` among the column's other cards (`columnTasks` as shown, with or without
 * it): halfway between its new neighbours, or, when they are adjacent integers, the column renumbered.
 */
export function place(columnTasks: readonly Task[], movingId: string, index: number): Placement {
  const others = columnTasks.filter((task) => task.id !== movingId);
  const at = Math.max(0, Math.min(index, others.length));
  const before = others[at - 1];
  const after = others[at];
  const low = before?.position ?? null;
  const high = after?.position ?? null;
  if (others.length === 0) {
    return { position: SPACING, renumbered: [] };
  }
  if (low !== null && high !== null && high - low >= 2) {
    return { position: Math.floor((low + high) / 2), renumbered: [] };
  }
  if (low !== null && after === undefined) {
    return { position: low + SPACING, renumbered: [] };
  }
  if (before === undefined && high !== null && high >= 2) {
    return { position: Math.floor(high / 2), renumbered: [] };
  }
  return renumber(others, movingId, at);
}

function renumber(others: readonly Task[], movingId: string, at: number): Placement {
  const order = [...others.slice(0, at).map((task) => task.id), movingId, ...others.slice(at).map((task) => task.id)];
  const positions = new Map(order.map((id, i) => [id, (i + 1) * SPACING]));
  return {
    position: positions.get(movingId)!,
    renumbered: others
      .filter((task) => task.position !== positions.get(task.id))
      .map((task) => ({ id: task.id, position: positions.get(task.id)! })),
  };
}

/** Tags typed as `a, b, c`: trimmed, empty ones dropped, each once, at most 20 (the server's limit). */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (tag) {
      seen.add(tag);
    }
  }
  return [...seen].slice(0, 20);
}

/** A `<input type=date>` value as the instant the API stores (end of that day, UTC), and back. */
export function dueFromInput(value: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59Z` : null;
}

export function dueToInput(instant: string | null): string {
  return instant ? instant.slice(0, 10) : '';
}

export function isOverdue(task: Task, now = Date.now()): boolean {
  return !task.completed && task.dueDate !== null && Date.parse(task.dueDate) < now;
}

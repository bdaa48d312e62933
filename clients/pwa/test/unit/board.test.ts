import type { Task } from '@tandem/client';
import { describe, expect, it } from 'vitest';
import { dueFromInput, dueToInput, isOverdue, parseTags, place, positionAtEnd, SPACING } from '../../src/board.js';

const task = (id: string, position: number | null, extra: Partial<Task> = {}): Task => ({
  id, workspaceId: 'w', title: id, description: null, completed: false, priority: 'medium', categoryId: null, tags: [],
  assignedTo: null, createdBy: null, dueDate: null, completedAt: null, createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z', isRecurring: false, recurringConfig: null, isTemplate: false, parentTaskId: null,
  status: 'todo', position, version: 1, ...extra,
});

describe('placing a card', () => {
  const column = [task('a', 1024), task('b', 2048), task('c', 3072)];

  it('lands halfway between its new neighbours', () => {
    expect(place(column, 'x', 1)).toEqual({ position: 1536, renumbered: [] });
  });

  it('goes one spacing below the last card at the end, and above the first at the top', () => {
    expect(place(column, 'x', 3)).toEqual({ position: 3072 + SPACING, renumbered: [] });
    expect(place(column, 'x', 0)).toEqual({ position: 512, renumbered: [] });
    expect(place([], 'x', 0)).toEqual({ position: SPACING, renumbered: [] });
  });

  it('ignores its own place when moving within its column', () => {
    expect(place(column, 'a', 1)).toEqual({ position: Math.floor((2048 + 3072) / 2), renumbered: [] });
    expect(place(column, 'c', 0)).toEqual({ position: 512, renumbered: [] });
  });

  it('renumbers the column when no integer is left between the neighbours', () => {
    const tight = [task('a', 5), task('b', 6), task('c', 100)];
    expect(place(tight, 'x', 1)).toEqual({
      position: 2 * SPACING,
      renumbered: [{ id: 'a', position: SPACING }, { id: 'b', position: 3 * SPACING }, { id: 'c', position: 4 * SPACING }],
    });
  });

  it('renumbers when neighbours have no position yet', () => {
    const loose = [task('a', null), task('b', null)];
    expect(place(loose, 'x', 1).position).toBe(2 * SPACING);
    expect(place(loose, 'x', 1).renumbered).toHaveLength(2);
  });

  it('puts a new card after the highest position of its column', () => {
    expect(positionAtEnd([task('a', 7), task('b', 3)])).toBe(7 + SPACING);
    expect(positionAtEnd([])).toBe(SPACING);
  });
});

describe('fields typed into forms', () => {
  it('reads tags once each, trimmed, at most twenty', () => {
    expect(parseTags(' home, weekly ,, home ')).toEqual(['home', 'weekly']);
    expect(parseTags(Array.from({ length: 30 }, (_, i) => `t${i}`).join(','))).toHaveLength(20);
  });

  it('stores a due day as the end of that day in UTC and shows it back', () => {
    expect(dueFromInput('2030-05-01')).toBe('2030-05-01T23:59:59Z');
    expect(dueFromInput('')).toBeNull();
    expect(dueToInput('2030-05-01T23:59:59Z')).toBe('2030-05-01');
    expect(dueToInput(null)).toBe('');
  });

  it('is overdue only when open and past its due date', () => {
    const now = Date.parse('2030-05-02T00:00:00Z');
    expect(isOverdue(task('a', 1, { dueDate: '2030-05-01T23:59:59Z' }), now)).toBe(true);
    expect(isOverdue(task('a', 1, { dueDate: '2030-05-01T23:59:59Z', completed: true }), now)).toBe(false);
    expect(isOverdue(task('a', 1, { dueDate: '2030-05-03T23:59:59Z' }), now)).toBe(false);
  });
});

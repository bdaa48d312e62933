import type { SyncConflict, Workspace } from '@tandem/client';
import { h, mount, toast } from '../dom.js';
import { describe } from './auth.js';

const show = (value: unknown): string => {
  if (value === null || value === undefined || value === '') {
    return '(empty)';
  }
  return Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
};

/**
 * The conflicts the server holds for this workspace (the SDK's `onConflict`), one by one: both values of every
 * field both sides changed, and a choice, which `resolve` settles on the server.
 */
export class ConflictDialog {
  readonly element: HTMLDialogElement;
  private readonly pending = new Map<string, SyncConflict>();

  constructor(private readonly workspace: Workspace) {
    this.element = h('dialog', { id: 'conflicts', class: 'conflicts', 'aria-labelledby': 'conflicts-title' });
  }

  /** Shows those not shown yet; one already shown is left as it is, with whatever the user began to choose. */
  add(conflicts: readonly SyncConflict[]): void {
    const fresh = conflicts.filter((conflict) => !this.pending.has(conflict.conflictId));
    if (fresh.length === 0) {
      return;
    }
    for (const conflict of fresh) {
      this.pending.set(conflict.conflictId, conflict);
    }
    this.render();
  }

  /** Forgets those the server no longer holds (settled on another device). */
  keepOnly(stillHeld: readonly SyncConflict[]): void {
    const held = new Set(stillHeld.map((c) => c.conflictId));
    for (const id of [...this.pending.keys()]) {
      if (!held.has(id)) {
        this.pending.delete(id);
      }
    }
    this.render();
  }

  get size(): number {
    return this.pending.size;
  }

  private render(): void {
    if (this.pending.size === 0) {
      if (this.element.open) {
        this.element.close();
      }
      return;
    }
    mount(this.element,
      h('h2', { id: 'conflicts-title' }, this.pending.size === 1 ? 'A change of yours overlaps another one' : `${this.pending.size} changes overlap others`),
      [...this.pending.values()].map((conflict) => this.item(conflict)));
    if (!this.element.open) {
      this.element.showModal();
    }
  }

  private item(conflict: SyncConflict): HTMLElement {
    const task = this.workspace.task(conflict.entityId);
    const settle = async (resolution: 'server' | 'client', button: HTMLButtonElement) => {
      button.disabled = true;
      try {
        await this.workspace.resolve(conflict.conflictId, resolution);
        this.pending.delete(conflict.conflictId);
        toast(resolution === 'client' ? 'Your version was kept' : 'Their version was kept');
      } catch (failure) {
        toast(`Could not settle it: ${describe(failure)}`, 'error');
        button.disabled = false;
        return;
      }
      this.render();
    };
    return h('section', { class: 'conflict', 'data-conflict-id': conflict.conflictId, 'data-task-id': conflict.entityId },
      h('h3', {}, task ? task.title : `${conflict.entityType} ${conflict.entityId.slice(0, 8)}`),
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Field'), h('th', {}, 'Theirs (on the server)'), h('th', {}, 'Yours'))),
        h('tbody', {}, conflict.fields.map((name) => h('tr', { 'data-field': name },
          h('th', {}, name),
          h('td', { class: 'server-value' }, show(conflict.serverValue[name])),
          h('td', { class: 'client-value' }, show(conflict.clientValue[name])))))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'keep-server', onclick: (e: Event) => void settle('server', e.currentTarget as HTMLButtonElement) }, 'Keep theirs'),
        h('button', { type: 'button', class: 'keep-client primary', onclick: (e: Event) => void settle('client', e.currentTarget as HTMLButtonElement) }, 'Keep mine')));
  }
}

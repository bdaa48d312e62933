import { bindTextarea, type DescriptionDoc, type Priority, type Tandem, type Task, type TaskFields, type TaskStatus, type TextareaBinding, type Workspace } from '@tandem/client';
import { COLUMNS, dueFromInput, dueToInput, parseTags } from '../board.js';
import { h, mount, toast } from '../dom.js';
import { describe } from './auth.js';

const PRIORITIES: Priority[] = ['low', 'medium', 'high'];

/**
 * One task's fields in a dialog. Saving queues one update with only the fields that changed, so that it overlaps
 * nobody else's edit of the others. The description is edited together, live (the SDK's OT document bound to the
 * textarea), when the server offers that and the network is there; otherwise it is saved with the other fields.
 */
export class TaskEditor {
  readonly element: HTMLDialogElement;
  private taskId: string | null = null;
  private doc: DescriptionDoc | null = null;
  private binding: TextareaBinding | null = null;

  constructor(private readonly tandem: Tandem, private readonly workspace: Workspace) {
    this.element = h('dialog', { id: 'task-editor', class: 'editor', 'aria-labelledby': 'editor-title' });
    this.element.addEventListener('close', () => this.unbind());
  }

  open(taskId: string): void {
    const task = this.workspace.task(taskId);
    if (!task) {
      return;
    }
    this.unbind();
    this.taskId = taskId;
    const description = h('textarea', { name: 'description', rows: 5, maxlength: 2000, 'aria-label': 'Description' });
    description.value = task.description ?? '';
    const live = h('p', { class: 'note', id: 'description-mode' }, 'Saved with the task.');
    const form = h('form', { method: 'dialog' },
      h('h2', { id: 'editor-title' }, 'Edit task'),
      h('label', {}, 'Title', h('input', { name: 'title', required: true, maxlength: 500, value: task.title })),
      h('label', {}, 'Description', description),
      live,
      h('div', { class: 'row' },
        h('label', {}, 'Status', h('select', { name: 'status' }, COLUMNS.map((c) => h('option', { value: c.status, selected: c.status === task.status }, c.title)))),
        h('label', {}, 'Priority', h('select', { name: 'priority' }, PRIORITIES.map((p) => h('option', { value: p, selected: p === task.priority }, p)))),
        h('label', {}, 'Due', h('input', { name: 'dueDate', type: 'date', value: dueToInput(task.dueDate) }))),
      h('label', {}, 'Tags (comma-separated)', h('input', { name: 'tags', value: task.tags.join(', ') })),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'danger', onclick: () => void this.remove(task.id) }, 'Delete'),
        h('button', { type: 'button', onclick: () => this.element.close() }, 'Cancel'),
        h('button', { type: 'submit', class: 'primary', value: 'save' }, 'Save')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save(task, form);
    });
    mount(this.element, form);
    this.element.showModal();
    void this.bindDescription(task, description, live);
  }

  private async bindDescription(task: Task, textarea: HTMLTextAreaElement, note: HTMLElement): Promise<void> {
    if (!navigator.onLine || !this.tandem.live) {
      return;
    }
    let doc: DescriptionDoc;
    try {
      doc = await this.tandem.openDescription(this.workspace.id, task.id);
    } catch {
      // A server without collaborative editing (or no network): the description is a field like the others.
      return;
    }
    if (this.taskId !== task.id || !this.element.open) {
      doc.close();
      return;
    }
    this.doc = doc;
    this.binding = bindTextarea(textarea, doc);
    textarea.dataset.live = 'true';
    note.textContent = 'Edited live with everyone who has it open.';
    this.binding.onCursors((cursors) => {
      note.textContent = cursors.length === 0 ? 'Edited live with everyone who has it open.' : `Edited live; ${cursors.length} other editor(s) here.`;
    });
    doc.onError((error) => toast(`Description: ${error.message}`, 'error'));
  }

  private async save(task: Task, form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    const current = this.workspace.task(task.id) ?? task;
    const changes: TaskFields = {};
    const title = text('title').trim();
    if (title && title !== current.title) changes.title = title;
    if (!this.binding) {
      const description = text('description');
      if (description !== (current.description ?? '')) changes.description = description === '' ? null : description;
    }
    const status = text('status') as TaskStatus;
    if (status !== current.status) changes.status = status;
    const priority = text('priority') as Priority;
    if (priority !== current.priority) changes.priority = priority;
    const dueDate = dueFromInput(text('dueDate'));
    if (dueToInput(dueDate) !== dueToInput(current.dueDate)) changes.dueDate = dueDate;
    const tags = parseTags(text('tags'));
    if (tags.join('\u0000') !== current.tags.join('\u0000')) changes.tags = tags;
    try {
      if (Object.keys(changes).length > 0) {
        await this.workspace.updateTask(task.id, changes);
      }
      this.element.close();
    } catch (failure) {
      toast(describe(failure), 'error');
    }
  }

  private async remove(taskId: string): Promise<void> {
    try {
      await this.workspace.deleteTask(taskId);
      this.element.close();
    } catch (failure) {
      toast(describe(failure), 'error');
    }
  }

  private unbind(): void {
    this.binding?.destroy();
    this.doc?.close();
    this.binding = null;
    this.doc = null;
    this.taskId = null;
  }
}

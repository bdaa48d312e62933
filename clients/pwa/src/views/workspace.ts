import { NotAuthenticatedError, type StoreState, type Tandem, type Task, type TaskStatus, type Workspace } from '@tandem/client';
import { COLUMNS, column, dueFromInput, isOverdue, parseTags, place, positionAtEnd } from '../board.js';
import { field, h, mount, toast } from '../dom.js';
import { requestBackgroundSync } from '../service-worker-client.js';
import { cachedWorkspaces } from '../storage.js';
import { describe } from './auth.js';
import { ConflictDialog } from './conflicts.js';
import { TaskEditor } from './editor.js';

type View = 'board' | 'list';
const VIEW_KEY = 'tandem.view';

/**
 * One workspace, offline-first: everything shown is the SDK's local state (pulled tasks with this device's queued
 * changes on top), every change is queued by the SDK and shown at once. Answers the function that closes it.
 */
export async function workspaceScreen(root: Element, tandem: Tandem, workspaceId: string, back: () => void,
  signedOut: () => void): Promise<() => void> {
  const workspace = await tandem.openWorkspace(workspaceId);
  const cleanups: (() => void)[] = [];
  let view: View = localStorage.getItem(VIEW_KEY) === 'list' ? 'list' : 'board';

  const name = h('h1', { id: 'workspace-name' }, 'Workspace');
  void cachedWorkspaces.load().then((all) => {
    name.textContent = all.find((w) => w.id === workspaceId)?.name ?? 'Workspace';
  });
  tandem.api.workspaces.get(workspaceId).then((info) => {
    name.textContent = info.name;
  }, () => undefined);

  const status = h('p', { id: 'sync-status', class: 'sync-status', role: 'status' });
  const content = h('div', { id: 'content' });
  const editor = new TaskEditor(tandem, workspace);
  const conflicts = new ConflictDialog(workspace);

  const newTask = h('form', { id: 'new-task', class: 'inline-form' },
    h('input', { name: 'title', placeholder: 'What needs doing?', required: true, maxlength: 500, 'aria-label': 'New task title' }),
    h('input', { name: 'dueDate', type: 'date', 'aria-label': 'Due date' }),
    h('input', { name: 'tags', placeholder: 'tags, comma-separated', 'aria-label': 'Tags' }),
    h('button', { type: 'submit', class: 'primary' }, 'Add task'));
  newTask.addEventListener('submit', async (event) => {
    event.preventDefault();
    const title = field(newTask, 'title');
    if (!title) return;
    try {
      await workspace.createTask({
        title,
        dueDate: dueFromInput(field(newTask, 'dueDate')),
        tags: parseTags(field(newTask, 'tags')),
        status: 'todo',
        position: positionAtEnd(column(workspace.state().tasks, 'todo')),
      });
      newTask.reset();
      (newTask.elements.namedItem('title') as HTMLInputElement).focus();
    } catch (failure) {
      toast(describe(failure), 'error');
    }
  });

  const invite = h('form', { id: 'invite', class: 'inline-form small' },
    h('input', { name: 'email', type: 'email', placeholder: 'Invite by email', required: true, 'aria-label': 'Email to invite' }),
    h('select', { name: 'role', 'aria-label': 'Role' }, ['member', 'admin', 'viewer'].map((role) => h('option', { value: role }, role))),
    h('button', { type: 'submit' }, 'Invite'));
  invite.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const member = await tandem.api.members.invite(workspaceId, { email: field(invite, 'email'), role: field(invite, 'role') as 'member' });
      toast(`${member.name ?? member.email} joined as ${member.role}`);
      invite.reset();
    } catch (failure) {
      toast(describe(failure), 'error');
    }
  });

  const switcher = h('div', { class: 'switcher', role: 'group', 'aria-label': 'View' },
    h('button', { type: 'button', id: 'show-board', onclick: () => setView('board') }, 'Board'),
    h('button', { type: 'button', id: 'show-list', onclick: () => setView('list') }, 'List'));

  const setView = (next: View) => {
    view = next;
    localStorage.setItem(VIEW_KEY, next);
    render(workspace.state());
  };

  const move = async (task: Task, status: TaskStatus, index: number) => {
    const target = column(workspace.state().tasks, status);
    const placement = place(target, task.id, index);
    try {
      for (const other of placement.renumbered) {
        await workspace.updateTask(other.id, { position: other.position });
      }
      await workspace.updateTask(task.id, status === task.status ? { position: placement.position } : { status, position: placement.position });
    } catch (failure) {
      toast(describe(failure), 'error');
    }
  };

  const toggle = (task: Task) => {
    (task.completed ? workspace.reopenTask(task.id) : workspace.completeTask(task.id)).catch((failure) => toast(describe(failure), 'error'));
  };

  const meta = (task: Task) => h('div', { class: 'meta' },
    task.dueDate ? h('span', { class: `due${isOverdue(task) ? ' overdue' : ''}`, 'data-due': task.dueDate.slice(0, 10) }, `Due ${task.dueDate.slice(0, 10)}`) : null,
    task.priority !== 'medium' ? h('span', { class: `priority ${task.priority}` }, task.priority) : null,
    task.tags.map((tag) => h('span', { class: 'tag' }, tag)));

  const card = (task: Task, index: number, columnTasks: Task[]) => {
    const at = COLUMNS.findIndex((c) => c.status === task.status);
    const left = COLUMNS[at - 1];
    const right = COLUMNS[at + 1];
    const element = h('article', {
      class: `card${task.completed ? ' completed' : ''}`, draggable: 'true', 'data-task-id': task.id,
      'data-status': task.status, 'data-position': task.position ?? '', 'data-title': task.title,
    },
    h('input', { type: 'checkbox', class: 'complete', checked: task.completed, 'aria-label': `Complete ${task.title}`, onchange: () => toggle(task) }),
    h('button', { type: 'button', class: 'title', onclick: () => editor.open(task.id) }, task.title),
    meta(task),
    h('div', { class: 'moves' },
      index > 0 ? h('button', { type: 'button', class: 'move-up', 'aria-label': `Move ${task.title} up`, onclick: () => void move(task, task.status, index - 1) }, '▲') : null,
      index < columnTasks.length - 1 ? h('button', { type: 'button', class: 'move-down', 'aria-label': `Move ${task.title} down`, onclick: () => void move(task, task.status, index + 1) }, '▼') : null,
      left ? h('button', { type: 'button', class: 'move-left', 'aria-label': `Move ${task.title} to ${left.title}`, onclick: () => void move(task, left.status, Number.MAX_SAFE_INTEGER) }, '◀') : null,
      right ? h('button', { type: 'button', class: 'move-right', 'aria-label': `Move ${task.title} to ${right.title}`, onclick: () => void move(task, right.status, Number.MAX_SAFE_INTEGER) }, '▶') : null));
    element.addEventListener('dragstart', (event) => {
      event.dataTransfer?.setData('text/plain', task.id);
      element.classList.add('dragging');
    });
    element.addEventListener('dragend', () => element.classList.remove('dragging'));
    return element;
  };

  const board = (state: StoreState) => h('div', { class: 'board', id: 'board' }, COLUMNS.map(({ status: columnStatus, title }) => {
    const tasks = column(state.tasks, columnStatus);
    const list = h('div', { class: 'cards' }, tasks.map((task, index) => card(task, index, tasks)));
    const section = h('section', { class: 'column', 'data-status': columnStatus, 'aria-label': title },
      h('h2', {}, title, h('span', { class: 'count' }, String(tasks.length))), list);
    section.addEventListener('dragover', (event) => {
      event.preventDefault();
      section.classList.add('drop');
    });
    section.addEventListener('dragleave', () => section.classList.remove('drop'));
    section.addEventListener('drop', (event) => {
      event.preventDefault();
      section.classList.remove('drop');
      const task = workspace.task(event.dataTransfer?.getData('text/plain') ?? '');
      if (!task) return;
      const cards = [...list.querySelectorAll<HTMLElement>('.card')].filter((c) => c.dataset.taskId !== task.id);
      const index = cards.findIndex((c) => event.clientY < c.getBoundingClientRect().top + c.offsetHeight / 2);
      void move(task, columnStatus, index === -1 ? cards.length : index);
    });
    return section;
  }));

  const table = (state: StoreState) => h('table', { class: 'task-list', id: 'task-list' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Done'), h('th', {}, 'Task'), h('th', {}, 'Status'), h('th', {}, 'Due'), h('th', {}, 'Tags'))),
    h('tbody', {}, [...state.tasks].sort((a, b) => COLUMNS.findIndex((c) => c.status === a.status) - COLUMNS.findIndex((c) => c.status === b.status))
      .map((task) => h('tr', { 'data-task-id': task.id, 'data-status': task.status, class: task.completed ? 'completed' : '' },
        h('td', {}, h('input', { type: 'checkbox', class: 'complete', checked: task.completed, 'aria-label': `Complete ${task.title}`, onchange: () => toggle(task) })),
        h('td', {}, h('button', { type: 'button', class: 'title link', onclick: () => editor.open(task.id) }, task.title)),
        h('td', {}, h('select', {
          'aria-label': `Status of ${task.title}`,
          onchange: (e: Event) => void move(task, (e.target as HTMLSelectElement).value as TaskStatus, Number.MAX_SAFE_INTEGER),
        }, COLUMNS.map((c) => h('option', { value: c.status, selected: c.status === task.status }, c.title)))),
        h('td', { class: isOverdue(task) ? 'overdue' : '' }, task.dueDate ? task.dueDate.slice(0, 10) : ''),
        h('td', {}, task.tags.map((tag) => h('span', { class: 'tag' }, tag)))))));

  const showStatus = (state: StoreState) => {
    const online = navigator.onLine;
    const live = tandem.live?.connected ?? false;
    status.dataset.online = String(online);
    status.dataset.live = String(live);
    status.dataset.pending = String(state.pending);
    const where = !online ? 'Offline' : live ? 'Online' : 'Connecting…';
    const what = state.pending === 0 ? 'all changes synced' : `${state.pending} pending`;
    status.textContent = `${where} · ${what}`;
    status.className = `sync-status ${online ? (live ? 'online' : 'connecting') : 'offline'}`;
  };

  const render = (state: StoreState) => {
    showStatus(state);
    switcher.querySelector('#show-board')!.setAttribute('aria-pressed', String(view === 'board'));
    switcher.querySelector('#show-list')!.setAttribute('aria-pressed', String(view === 'list'));
    mount(content, state.tasks.length === 0 ? h('p', { class: 'empty' }, 'No tasks yet.') : null, view === 'board' ? board(state) : table(state));
  };

  let checkConflicts: ReturnType<typeof setTimeout> | null = null;
  const refreshConflicts = () => {
    if (checkConflicts) clearTimeout(checkConflicts);
    checkConflicts = setTimeout(() => {
      workspace.sync.pendingConflicts().then((held) => {
        if (conflicts.size > 0) conflicts.keepOnly(held);
      }, () => undefined);
    }, 500);
  };

  cleanups.push(workspace.onChange((state) => {
    render(state);
    if (conflicts.size > 0) refreshConflicts();
  }));
  cleanups.push(workspace.onConflict((found) => conflicts.add(found)));
  cleanups.push(workspace.onRejected(({ reason }) => toast(`A change was refused by the server: ${reason}`, 'error')));
  cleanups.push(workspace.onError((error) => {
    if (error instanceof NotAuthenticatedError) signedOut();
  }));
  cleanups.push(workspace.store.onWrite((kind) => {
    if (kind === 'queued' && !navigator.onLine) void requestBackgroundSync(workspaceId);
  }));
  // Conflicts held for this workspace: at open, and again whenever the live socket reconnects, since a
  // conflict_detected frame sent while it was down is not sent again.
  const fetchHeldConflicts = () => workspace.sync.pendingConflicts().then((held) => conflicts.add(held), () => undefined);
  if (tandem.live) {
    cleanups.push(tandem.live.onOpen(() => {
      showStatus(workspace.state());
      void fetchHeldConflicts();
    }));
    cleanups.push(tandem.live.onClose(() => showStatus(workspace.state())));
  }
  const connectivity = () => {
    showStatus(workspace.state());
    if (!navigator.onLine && workspace.state().pending > 0) void requestBackgroundSync(workspaceId);
  };
  window.addEventListener('online', connectivity);
  window.addEventListener('offline', connectivity);
  cleanups.push(() => {
    window.removeEventListener('online', connectivity);
    window.removeEventListener('offline', connectivity);
  });

  mount(root, h('main', { class: 'workspace-screen' },
    h('header', { class: 'workspace-header' },
      h('button', { type: 'button', class: 'link', id: 'back', onclick: back }, '← Workspaces'),
      name, status, switcher),
    newTask, content, invite, editor.element, conflicts.element));
  render(workspace.state());
  void fetchHeldConflicts();

  return () => {
    cleanups.splice(0).forEach((cleanup) => cleanup());
    if (checkConflicts) clearTimeout(checkConflicts);
    workspace.close();
  };
}

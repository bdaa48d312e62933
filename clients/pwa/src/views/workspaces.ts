import type { ConflictStrategy, Tandem } from '@tandem/client';
import { field, h, mount } from '../dom.js';
import { cachedWorkspaces, type WorkspaceInfo } from '../storage.js';
import { describe } from './auth.js';

const STRATEGIES: { value: ConflictStrategy; label: string }[] = [
  { value: 'field_level_merge', label: 'Merge fields (later edit of a field wins)' },
  { value: 'last_writer_wins', label: 'Last writer wins' },
  { value: 'manual', label: 'Ask me about every overlapping edit' },
];

/** The caller's workspaces (as last fetched, when offline) and a form to create one. */
export function workspacesScreen(root: Element, tandem: Tandem, open: (id: string) => void): void {
  const list = h('ul', { class: 'workspaces', id: 'workspace-list' });
  const note = h('p', { class: 'note' });
  const error = h('p', { class: 'error', role: 'alert' });
  const show = (workspaces: WorkspaceInfo[]) => {
    mount(list, workspaces.length === 0 ? h('li', { class: 'empty' }, 'No workspace yet: create one below.') : workspaces.map((workspace) =>
      h('li', { 'data-workspace-id': workspace.id },
        h('a', { href: `${import.meta.env.BASE_URL}w/${workspace.id}`, onclick: (event: Event) => { event.preventDefault(); open(workspace.id); } },
          workspace.name),
        h('span', { class: 'role' }, workspace.role))));
  };
  const form = h('form', { id: 'new-workspace', class: 'inline-form' },
    h('input', { name: 'name', placeholder: 'New workspace name', required: true, maxlength: 200, 'aria-label': 'Workspace name' }),
    h('select', { name: 'conflictStrategy', 'aria-label': 'When two people change the same field' },
      STRATEGIES.map((s) => h('option', { value: s.value }, s.label))),
    h('button', { type: 'submit', class: 'primary' }, 'Create'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const created = await tandem.api.workspaces.create({
        name: field(form, 'name'),
        settings: { conflictStrategy: field(form, 'conflictStrategy') as ConflictStrategy },
      });
      await cachedWorkspaces.save([...(await cachedWorkspaces.load()).filter((w) => w.id !== created.id), created]);
      open(created.id);
    } catch (failure) {
      error.textContent = describe(failure);
    }
  });
  mount(root, h('main', { class: 'workspaces-screen' }, h('h1', {}, 'Workspaces'), note, list, form, error));
  void cachedWorkspaces.load().then(show);
  tandem.api.workspaces.list({ size: 200 }).then(async (page) => {
    await cachedWorkspaces.save(page.items);
    note.textContent = '';
    show(page.items);
  }, () => {
    note.textContent = 'Offline: the workspaces as last seen.';
  });
}

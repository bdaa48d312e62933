import { createTandem } from '@tandem/client';
import { h, mount, toast } from './dom.js';
import { registerServiceWorker } from './service-worker-client.js';
import { IdbTokenStore } from './storage.js';
import './styles.css';
import { authScreen } from './views/auth.js';
import { workspaceScreen } from './views/workspace.js';
import { workspacesScreen } from './views/workspaces.js';

const BASE = import.meta.env.BASE_URL;
const tandem = createTandem({ baseUrl: location.origin, tokenStore: new IdbTokenStore() });
const app = document.getElementById('app')!;
const bar = h('nav', { class: 'bar' });
const screen = h('div', { class: 'screen' });
mount(app, bar, screen);

let closeScreen: (() => void) | null = null;
let installPrompt: (Event & { prompt(): Promise<void> }) | null = null;

function go(path: string, replace = false): void {
  const url = BASE + path.replace(/^\//, '');
  if (location.pathname !== url) {
    history[replace ? 'replaceState' : 'pushState'](null, '', url);
  }
  void route();
}

async function renderBar(): Promise<void> {
  const user = await tandem.auth.user();
  mount(bar,
    h('a', { class: 'brand', href: BASE, onclick: (e: Event) => { e.preventDefault(); go(''); } },
      h('img', { src: `${BASE}icons/icon.svg`, alt: '', width: 24, height: 24 }), 'Tandem'),
    h('span', { class: 'spacer' }),
    installPrompt ? h('button', { type: 'button', id: 'install', onclick: () => void install() }, 'Install app') : null,
    user ? h('span', { class: 'user', id: 'user-name' }, user.name) : null,
    user ? h('button', { type: 'button', id: 'sign-out', onclick: () => void signOut() }, 'Sign out') : null);
}

async function install(): Promise<void> {
  const prompt = installPrompt;
  installPrompt = null;
  await prompt?.prompt();
  void renderBar();
}

async function signOut(): Promise<void> {
  try {
    await tandem.auth.logout();
  } catch {
    // Offline: the server's session ends when its refresh token expires; this device forgets it now.
  }
  go('', true);
}

async function route(): Promise<void> {
  closeScreen?.();
  closeScreen = null;
  await renderBar();
  if (!(await tandem.auth.signedIn())) {
    authScreen(screen, tandem, () => go('', true));
    return;
  }
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
  const match = /^w\/([0-9a-f-]{36})$/i.exec(path);
  if (match) {
    const id = match[1]!;
    try {
      const close = await workspaceScreen(screen, tandem, id, () => go(''), () => go('', true));
      if (location.pathname === BASE + path) {
        closeScreen = close;
      } else {
        close();
      }
    } catch (failure) {
      toast(`Cannot open the workspace: ${String(failure)}`, 'error');
    }
    return;
  }
  workspacesScreen(screen, tandem, (id) => go(`w/${id}`));
}

tandem.auth.onChange((tokens) => {
  if (tokens === null) {
    go('', true);
  }
});
window.addEventListener('popstate', () => void route());
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  installPrompt = event as Event & { prompt(): Promise<void> };
  void renderBar();
});

void registerServiceWorker();
void route();

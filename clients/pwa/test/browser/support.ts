import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium; never a downloaded one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export const PASSWORD = 'correct horse battery staple';

export function email(name: string): string {
  return `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@pwa.example.test`;
}

export interface ApiTask {
  id: string;
  title: string;
  status: string;
  completed: boolean;
  tags: string[];
  dueDate: string | null;
  position: number | null;
  version: number;
}

/** The server's REST API as the test sees it: to set things up, and to check the read model the app converges on. */
export class Api {
  constructor(readonly base: string, private token = '') {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async register(name: string, address = email(name)): Promise<{ id: string; email: string }> {
    const answer = await this.call<{ user: { id: string; email: string }; accessToken: string }>('POST', '/auth/register',
      { email: address, password: PASSWORD, name });
    this.token = answer.accessToken;
    return answer.user;
  }

  async login(address: string): Promise<void> {
    this.token = (await this.call<{ accessToken: string }>('POST', '/auth/login', { email: address, password: PASSWORD })).accessToken;
  }

  async tasks(workspaceId: string): Promise<ApiTask[]> {
    const items: ApiTask[] = [];
    for (let page = 0; ; page++) {
      const answer = await this.call<{ items: ApiTask[]; total: number }>('GET', `/workspaces/${workspaceId}/tasks?size=200&page=${page}`);
      items.push(...answer.items);
      if (items.length >= answer.total || answer.items.length === 0) {
        return items;
      }
    }
  }
}

/** What the board shows of a task, read from its card. */
export interface Card {
  id: string;
  title: string;
  status: string;
  completed: boolean;
  tags: string[];
  due: string | null;
}

export async function cards(page: Page): Promise<Card[]> {
  const found = await page.$$eval('#board .card', (elements) => elements.map((card) => ({
    id: (card as HTMLElement).dataset.taskId!,
    title: card.querySelector('.title')!.textContent!,
    status: (card as HTMLElement).dataset.status!,
    completed: (card.querySelector('input.complete') as HTMLInputElement).checked,
    tags: [...card.querySelectorAll('.tag')].map((tag) => tag.textContent!),
    due: (card.querySelector('.due') as HTMLElement | null)?.dataset.due ?? null,
  })));
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

/** The server's tasks in the shape of a card, to compare with what a board shows. */
export function asCards(tasks: ApiTask[]): Card[] {
  return tasks.map((task) => ({
    id: task.id,
    title: task.title,
    status: task.status,
    completed: task.completed,
    tags: task.tags,
    due: task.dueDate ? task.dueDate.slice(0, 10) : null,
  })).sort((a, b) => a.id.localeCompare(b.id));
}

export async function until<T>(what: string, probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let failure: unknown;
  for (;;) {
    try {
      last = await probe();
      if (accept(last)) {
        return last;
      }
    } catch (error) {
      failure = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}${failure ? `; last error: ${String(failure)}` : ''}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

export async function signIn(page: Page, base: string, address: string): Promise<void> {
  await page.goto(`${base}/app/`);
  await page.fill('#login-form input[name=email]', address);
  await page.fill('#login-form input[name=password]', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#workspace-list');
}

export async function registerInApp(page: Page, base: string, name: string, address: string): Promise<void> {
  await page.goto(`${base}/app/`);
  await page.click('text=Create an account');
  await page.fill('#register-form input[name=name]', name);
  await page.fill('#register-form input[name=email]', address);
  await page.fill('#register-form input[name=password]', PASSWORD);
  await page.click('#register-form button[type=submit]');
  await page.waitForSelector('#workspace-list');
}

export async function openWorkspace(page: Page, workspaceId: string): Promise<void> {
  await page.click(`[data-workspace-id="${workspaceId}"] a`);
  await page.waitForSelector('#sync-status');
}

export function card(page: Page, title: string) {
  return page.locator('#board .card', { has: page.locator('.title', { hasText: new RegExp(`^${escape(title)}$`) }) });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function addTask(page: Page, title: string, options: { due?: string; tags?: string } = {}): Promise<void> {
  await page.fill('#new-task input[name=title]', title);
  await page.fill('#new-task input[name=dueDate]', options.due ?? '');
  await page.fill('#new-task input[name=tags]', options.tags ?? '');
  await page.click('#new-task button[type=submit]');
  await card(page, title).waitFor();
}

/** Opens a card's editor, changes what `fill` says, saves. */
export async function editTask(page: Page, title: string, fields: { title?: string; tags?: string; due?: string; status?: string }): Promise<void> {
  await card(page, title).locator('.title').click();
  const dialog = page.locator('#task-editor');
  await dialog.waitFor();
  if (fields.title !== undefined) await dialog.locator('input[name=title]').fill(fields.title);
  if (fields.tags !== undefined) await dialog.locator('input[name=tags]').fill(fields.tags);
  if (fields.due !== undefined) await dialog.locator('input[name=dueDate]').fill(fields.due);
  if (fields.status !== undefined) await dialog.locator('select[name=status]').selectOption(fields.status);
  await dialog.locator('button[type=submit]').click();
  await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
}

export async function pending(page: Page): Promise<number> {
  return Number(await page.getAttribute('#sync-status', 'data-pending'));
}

/** Waits until the page is controlled by the app's service worker, which then holds the shell. */
export async function serviceWorkerReady(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

/**
 * A context's network, which the test can cut. The context reaches its server through a TCP relay of its own
 * (`base`, another origin than the server's own): cutting closes every connection through it, the live WebSocket
 * and keep-alive ones included, and refuses new ones until the network is back, whichever page or service worker
 * opens them. Playwright's offline emulation is applied too, so that the app sees `navigator.onLine` turn false, but
 * it is no fence on its own: a service worker the browser starts while the emulation is on (for a Background Sync
 * event, say) can fetch before Playwright reaches it, and so could once push a queue the test held offline.
 * (Routing every request to an abort would be no fence either: a context with request routes bypasses its service
 * worker, so the app could not open offline.)
 */
export class Network {
  private offline = false;
  private readonly connections = new Set<Socket>();

  private constructor(private readonly context: BrowserContext, private readonly relay: Server, readonly base: string) {}

  /** A relay to `server` (a base URL such as `http://127.0.0.1:8080`) for `context`, which must reach it only so. */
  static async of(context: BrowserContext, server: string): Promise<Network> {
    const target = new URL(server);
    const relay = createServer();
    await new Promise<void>((done, fail) => {
      relay.once('error', fail);
      relay.listen(0, '127.0.0.1', () => done());
    });
    const address = relay.address();
    if (address === null || typeof address === 'string') {
      throw new Error('the relay has no port');
    }
    const network = new Network(context, relay, `http://127.0.0.1:${address.port}`);
    relay.on('connection', (client) => network.relayed(client, target));
    networks.push(network);
    return network;
  }

  private relayed(client: Socket, target: URL): void {
    if (this.offline) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    for (const [socket, other] of [[client, upstream], [upstream, client]] as const) {
      this.connections.add(socket);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.connections.delete(socket);
        other.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }

  async cut(): Promise<void> {
    this.drop();
    await this.context.setOffline(true);
  }

  /** Closes every connection through the relay and refuses new ones. */
  private drop(): void {
    this.offline = true;
    for (const socket of this.connections) {
      socket.destroy();
    }
    this.connections.clear();
  }

  async restore(): Promise<void> {
    this.offline = false;
    await this.context.setOffline(false);
  }

  /** Stops every relay made so far. */
  static async closeAll(): Promise<void> {
    for (const network of networks.splice(0)) {
      network.drop();
      await new Promise<void>((done) => network.relay.close(() => done()));
    }
  }
}

const networks: Network[] = [];

export async function proveCut(context: BrowserContext, page: Page, base: string): Promise<void> {
  const probe = `${base}/health?probe=${randomUUID()}`;
  const fromPage = await page.evaluate((url) => fetch(url, { cache: 'no-store' }).then((r) => `answered ${r.status}`, () => 'failed'), probe);
  expect(fromPage, 'the page is offline').toBe('failed');
  const workers = context.serviceWorkers();
  expect(workers.length, 'the app has a service worker').toBeGreaterThan(0);
  for (const worker of workers) {
    const fromWorker = await worker.evaluate((url) => fetch(url, { cache: 'no-store' }).then((r) => `answered ${r.status}`, () => 'failed'), probe);
    expect(fromWorker, 'the service worker is offline').toBe('failed');
  }
  await until('the live socket to be closed', () => page.getAttribute('#sync-status', 'data-live'), (live) => live === 'false', 10_000);
}

export function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(2)} s`;
}

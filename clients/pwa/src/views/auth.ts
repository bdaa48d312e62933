import { ApiError, NetworkError, type Tandem } from '@tandem/client';
import { field, h, mount } from '../dom.js';

/** Sign in, or create an account. */
export function authScreen(root: Element, tandem: Tandem, signedIn: () => void): void {
  let mode: 'login' | 'register' = 'login';
  const render = () => {
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { id: mode === 'login' ? 'login-form' : 'register-form', class: 'card-form' },
      h('h1', {}, mode === 'login' ? 'Sign in to Tandem' : 'Create your Tandem account'),
      mode === 'register' ? h('label', {}, 'Name', h('input', { name: 'name', required: true, autocomplete: 'name' })) : null,
      h('label', {}, 'Email', h('input', { name: 'email', type: 'email', required: true, autocomplete: 'email' })),
      h('label', {}, 'Password', h('input', {
        name: 'password', type: 'password', required: true, minlength: mode === 'register' ? 10 : null,
        autocomplete: mode === 'login' ? 'current-password' : 'new-password',
      })),
      error,
      h('button', { type: 'submit', class: 'primary' }, mode === 'login' ? 'Sign in' : 'Create account'),
      h('p', {}, mode === 'login' ? 'New here? ' : 'Have an account? ',
        h('button', { type: 'button', class: 'link', onclick: () => { mode = mode === 'login' ? 'register' : 'login'; render(); } },
          mode === 'login' ? 'Create an account' : 'Sign in')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      const button = form.querySelector('button[type=submit]') as HTMLButtonElement;
      button.disabled = true;
      try {
        if (mode === 'login') {
          await tandem.auth.login(field(form, 'email'), field(form, 'password'));
        } else {
          await tandem.auth.register(field(form, 'email'), field(form, 'password'), field(form, 'name'));
        }
        signedIn();
      } catch (failure) {
        error.textContent = describe(failure);
        button.disabled = false;
      }
    });
    mount(root, h('main', { class: 'auth' }, form));
  };
  render();
}

export function describe(failure: unknown): string {
  if (failure instanceof ApiError) {
    const fields = failure.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return fields || failure.detail || failure.title;
  }
  if (failure instanceof NetworkError) {
    return 'The server cannot be reached. Check your connection.';
  }
  return failure instanceof Error ? failure.message : String(failure);
}

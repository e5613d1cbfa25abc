// Logging in and out. The page is public and holds no data; what it shows comes through the HTTP-only cookie that
// POST /auth/login sets. Whatever answers 401 ends the session on screen: the login form replaces the views.
import { byId } from './dom.js';
import { problemText, UNAUTHORIZED } from './api.js';

export const session = { loggedIn: false, role: null };

let handlers = { onStart: () => {}, onEnd: () => {} };

/** onStart: the session began (the views may load); onEnd: it is over (they must close what they hold). */
export function initSession(callbacks) {
  handlers = callbacks;
  byId('login-form').addEventListener('submit', onLogin);
  byId('logout').addEventListener('click', onLogout);
  window.addEventListener(UNAUTHORIZED, showLogin);
}

/** The API answered: show the views (once), and what the key's role may do. */
export function showApp() {
  if (session.loggedIn) {
    return;
  }
  session.loggedIn = true;
  byId('loading').hidden = true;
  byId('login').hidden = true;
  byId('app').hidden = false;
  byId('session-actions').hidden = false;
  byId('views-nav').hidden = false;
  loadRole();
  handlers.onStart();
}

export function showLogin() {
  if (!byId('login').hidden && !session.loggedIn) {
    return;
  }
  const wasIn = session.loggedIn;
  session.loggedIn = false;
  byId('loading').hidden = true;
  byId('app').hidden = true;
  byId('session-actions').hidden = true;
  byId('views-nav').hidden = true;
  byId('poll-status').textContent = '';
  byId('login').hidden = false;
  byId('login-key').focus();
  if (wasIn) {
    handlers.onEnd();
  }
}

/**
 * Shows what the key's role may do: the stylesheet hides .needs-operator and .needs-admin until body[data-role]
 * says the role allows them (the API refuses them anyway, with a 403).
 */
async function loadRole() {
  try {
    const response = await fetch('/api/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(String(response.status));
    }
    const me = await response.json();
    session.role = me.role;
    document.body.dataset.role = me.role;
    byId('session-who').textContent = `${me.name} (${me.role})`;
  } catch {
    session.role = null;
    delete document.body.dataset.role;
  }
}

export const canOperate = () => session.role === 'operator' || session.role === 'admin';

async function onLogin(event) {
  event.preventDefault();
  const keyInput = byId('login-key');
  const error = byId('login-error');
  error.textContent = '';
  // Not api(): a 401 here means a wrong key, which belongs in this form's message, not a new login prompt.
  const response = await fetch('/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ key: keyInput.value }),
  }).catch(() => null);
  if (response === null) {
    error.textContent = 'The silo did not answer; is it running?';
    return;
  }
  if (!response.ok) {
    error.textContent = `Login failed: ${await problemText(response)}`;
    keyInput.select();
    return;
  }
  keyInput.value = '';
  showApp();
  byId('main').focus();
}

async function onLogout() {
  await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => null);
  delete document.body.dataset.role;
  session.role = null;
  showLogin();
}

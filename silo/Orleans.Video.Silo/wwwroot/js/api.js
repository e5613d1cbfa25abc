// The HTTP API, called with the login cookie (POST /auth/login sets it; this page never holds the key afterwards).
// A 401 anywhere means the session is over: the page hears it as the 'video:unauthorized' event (session.js).

/** A non-2xx API answer, with the problem body's detail as its message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const UNAUTHORIZED = 'video:unauthorized';

export const signalUnauthorized = () => window.dispatchEvent(new Event(UNAUTHORIZED));

/** Calls the API; a 401 signals the login form, any other failure throws an ApiError. */
export async function api(path, options = {}) {
  const response = await fetch(path, {
    credentials: 'same-origin',
    ...options,
    headers: { Accept: 'application/json', ...(options.headers || {}) },
  });
  if (response.status === 401) {
    signalUnauthorized();
    throw new ApiError(401, 'please log in');
  }
  if (!response.ok) {
    throw new ApiError(response.status, await problemText(response));
  }
  return response;
}

export const getJson = async (path) => (await api(path)).json();

/** The most useful text of an error answer: the problem's detail (it names the rule that failed), else its title. */
export async function problemText(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status} ${response.statusText}`.trim();
  }
}

export function sendJson(method, path, body) {
  return api(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

export const postJson = (path, body) => sendJson('POST', path, body);

export const cameraPath = (id, rest = '') => `/api/cameras/${encodeURIComponent(id)}${rest}`;

export const jobPath = (id, rest = '') => `/api/jobs/${encodeURIComponent(id)}${rest}`;

// Views with their own addresses: /live, /review, /recordings, /search, /jobs, /cameras, /system, each with its filters
// in the query string. The silo serves index.html at each of these paths, so a copied link opens the same view; the
// History API makes back and forward move between views and between a view's filters without reloading.
//
// A view is { enter(params), update(params), leave() }: enter when it is shown, update when only its query changed,
// leave when another view takes its place (it closes its streams and timers there).

export const VIEWS = ['live', 'review', 'recordings', 'search', 'jobs', 'cameras', 'system'];
const DEFAULT_VIEW = 'live';
const TITLES = {
  live: 'Live', review: 'Review', recordings: 'Recordings', search: 'Search', jobs: 'Jobs', cameras: 'Cameras', system: 'System',
};

const views = new Map();
let current = null; // { name, query }
let active = false;

export function register(name, view) {
  views.set(name, view);
}

/** The view a path names; null for a path that is not a view's. */
export function viewOf(pathname) {
  const name = pathname.replace(/^\/+|\/+$/g, '') || DEFAULT_VIEW;
  return VIEWS.includes(name) ? name : null;
}

/** Shows the view of the address bar; called at start, after login, and on back and forward. */
export function render() {
  active = true;
  let name = viewOf(location.pathname);
  if (name === null || location.pathname === '/' || location.pathname === '/index.html') {
    name = name ?? DEFAULT_VIEW;
    history.replaceState(null, '', `/${name}${location.search}`);
  }
  const query = location.search;
  if (current?.name === name) {
    if (current.query !== query) {
      current.query = query;
      views.get(name)?.update?.(params());
    }
    return;
  }
  if (current !== null) {
    views.get(current.name)?.leave?.();
    document.getElementById(`view-${current.name}`).hidden = true;
  }
  current = { name, query };
  document.getElementById(`view-${name}`).hidden = false;
  document.title = `${TITLES[name]} · Orleans.Video`;
  for (const link of document.querySelectorAll('nav.views a[data-view]')) {
    if (link.dataset.view === name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  views.get(name)?.enter?.(params());
}

/** Leaves the view shown (the session ended): its streams close, and the next render enters a view anew. */
export function suspend() {
  if (current !== null) {
    views.get(current.name)?.leave?.();
    document.getElementById(`view-${current.name}`).hidden = true;
  }
  current = null;
  active = false;
}

export const params = () => new URLSearchParams(location.search);

export const currentView = () => current?.name ?? null;

/** Goes to a view (and its filters) as a new history entry; the view is entered or updated at once. */
export function navigate(path) {
  if (path !== `${location.pathname}${location.search}`) {
    history.pushState(null, '', path);
  }
  if (active) {
    render();
  }
}

/**
 * Writes a view's filters into the address: a search a person made is a new entry (back returns to the previous
 * one); a choice made for them (a default filled in) replaces the entry. The view itself is not told: it made them.
 */
export function setParams(values, { push = false } = {}) {
  const query = toQuery(values);
  const url = `${location.pathname}${query}`;
  if (url === `${location.pathname}${location.search}`) {
    return;
  }
  if (push) {
    history.pushState(null, '', url);
  } else {
    history.replaceState(null, '', url);
  }
  if (current !== null) {
    current.query = location.search;
  }
}

/** A query string of the non-empty values; arrays repeat their key (?camera=a&camera=b). */
export function toQuery(values) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== null && one !== undefined && String(one) !== '') {
        query.append(key, String(one));
      }
    }
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** A link to a view with filters, for buttons and anchors. */
export const link = (view, values = {}) => `/${view}${toQuery(values)}`;

/** Same-page links to views go through navigate (no reload); others, and modified clicks, are the browser's. */
export function start() {
  window.addEventListener('popstate', () => {
    if (active) {
      render();
    }
  });
  document.addEventListener('click', (event) => {
    const anchor = event.target.closest?.('a[href]');
    if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey
      || anchor.target || anchor.hasAttribute('download')) {
      return;
    }
    const url = new URL(anchor.href, location.href);
    if (url.origin === location.origin && viewOf(url.pathname) !== null && url.pathname !== '/') {
      event.preventDefault();
      navigate(`${url.pathname}${url.search}`);
    }
  });
}

// Search: events (objects in view, in a zone, loitering) across every camera or one, and one camera's stored
// detections, with the filters in the address (/search?camera=gate&kind=zone, /search?what=detections&camera=gate).
// The newest page of events refreshes itself every few seconds; rows are updated in place, not rebuilt.
import { getJson, cameraPath } from '../api.js';
import { byId, element, fillCameraSelect, setText } from '../dom.js';
import { eventKind, formatDuration, formatTime, localInput } from '../format.js';
import * as feed from '../cameras-feed.js';
import { link, navigate, setParams } from '../router.js';

// Events are polled from GET /api/events rather than read from each camera's /events/live stream: one short request
// covers every camera at once, and an event lasts seconds, so showing it a few seconds late costs little.
const EVENTS_POLL_INTERVAL_MS = 3000;
const EVENT_FILTERS = ['camera', 'kind', 'label', 'zone', 'limit'];
const DETECTION_FILTERS = ['camera', 'label', 'from', 'to', 'limit'];

const search = {
  shown: false,
  what: 'events',
  unsubscribe: null,
  events: {
    filters: null, // URLSearchParams of the search shown; refreshes and "Older" reuse them
    cursor: null, // null on the newest page, the only one that refreshes itself
    next: null,
    rows: new Map(), // "camera\nevent id" -> row: updated in place, not rebuilt
    timer: null,
    ticket: 0, // bumped by every request: an answer to an older one (other filters, a page ago) is dropped
  },
  detections: { cameraId: '', cursor: null, next: null, ticket: 0 },
};

export const searchView = {
  enter(params) {
    search.shown = true;
    search.unsubscribe = feed.subscribe((cameras) => renderCameraChoices(cameras.map((camera) => camera.id)));
    show(params);
  },
  update(params) {
    show(params);
  },
  leave() {
    search.shown = false;
    search.unsubscribe?.();
    search.unsubscribe = null;
    clearTimeout(search.events.timer);
    search.events.ticket++;
    search.detections.ticket++;
  },
};

export function initSearch() {
  for (const what of ['events', 'detections']) {
    byId(`search-${what}`).addEventListener('click', () => navigate(link('search', { what: what === 'events' ? '' : what, camera: byId('ev-camera').value || byId('det-camera').value })));
  }
  byId('events-form').addEventListener('submit', (event) => {
    event.preventDefault();
    setParams(formValues('ev', EVENT_FILTERS), { push: true });
    searchEvents(new URLSearchParams(location.search), true);
  });
  byId('ev-next').addEventListener('click', () => loadEvents(search.events.next, true));
  byId('ev-first').addEventListener('click', () => loadEvents(null, true));
  byId('ev-auto').addEventListener('change', (event) => {
    if (event.currentTarget.checked && search.events.filters !== null && search.events.cursor === null) {
      loadEvents(null, false);
    }
  });
  byId('detections-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const values = formValues('det', DETECTION_FILTERS);
    for (const name of ['from', 'to']) {
      // datetime-local is the user's local time; the address and the API take ISO 8601 (UTC).
      const time = values[name] ? new Date(values[name]) : null;
      values[name] = time && !Number.isNaN(time.getTime()) ? time.toISOString() : values[name];
    }
    setParams({ what: 'detections', ...values }, { push: true });
    searchDetections(null);
  });
  byId('det-next').addEventListener('click', () => searchDetections(search.detections.next));
  byId('det-first').addEventListener('click', () => searchDetections(null));
}

function formValues(prefix, names) {
  return Object.fromEntries(names.map((name) => [name, byId(`${prefix}-${name}`).value.trim()]));
}

/** Shows what the address asks for: events (the default) or detections, its filters in the forms. */
function show(params) {
  search.what = params.get('what') === 'detections' ? 'detections' : 'events';
  byId('search-events-panel').hidden = search.what !== 'events';
  byId('search-detections-panel').hidden = search.what !== 'detections';
  byId('search-events').setAttribute('aria-pressed', String(search.what === 'events'));
  byId('search-detections').setAttribute('aria-pressed', String(search.what === 'detections'));
  if (search.what === 'events') {
    search.detections.ticket++;
    for (const name of EVENT_FILTERS) {
      const input = byId(`ev-${name}`);
      const value = params.get(name) ?? (name === 'limit' ? '25' : '');
      if (input.tagName === 'SELECT' && value && ![...input.options].some((o) => o.value === value)) {
        input.append(new Option(value, value)); // a camera from a link, before the camera list arrived
      }
      input.value = value;
    }
    searchEvents(params, false);
  } else {
    clearTimeout(search.events.timer);
    search.events.ticket++;
    for (const name of DETECTION_FILTERS) {
      const input = byId(`det-${name}`);
      let value = params.get(name) ?? (name === 'limit' ? '25' : '');
      if ((name === 'from' || name === 'to') && value) {
        const time = new Date(value);
        value = Number.isNaN(time.getTime()) ? '' : localInput(time);
      }
      if (input.tagName === 'SELECT' && value && ![...input.options].some((o) => o.value === value)) {
        input.append(new Option(value, value));
      }
      input.value = value;
    }
    if (byId('det-camera').value) {
      searchDetections(null);
    } else {
      clearDetections();
    }
  }
}

function renderCameraChoices(ids) {
  fillCameraSelect(byId('ev-camera'), ids, { any: 'Any camera', fallback: new URLSearchParams(location.search).get('camera') });
  fillCameraSelect(byId('det-camera'), ids, { fallback: new URLSearchParams(location.search).get('camera') });
  if (search.shown && search.what === 'detections' && !search.detections.cameraId && byId('det-camera').value) {
    searchDetections(null);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Events

function searchEvents(params, announce) {
  const filters = new URLSearchParams();
  for (const name of EVENT_FILTERS) {
    if (params.get(name)) {
      filters.set(name, params.get(name));
    }
  }
  // The page size the form shows is the one asked for, also when the address does not say.
  filters.set('limit', filters.get('limit') ?? (byId('ev-limit').value || '25'));
  search.events.filters = filters;
  loadEvents(null, announce);
}

/** Loads one page for the current filters; <announce> puts the summary in the status line (a user asked for it). */
async function loadEvents(cursor, announce) {
  const events = search.events;
  const ticket = ++events.ticket;
  clearTimeout(events.timer);
  const params = new URLSearchParams(events.filters);
  if (cursor) {
    params.set('cursor', cursor);
  }
  try {
    const page = await getJson(`/api/events?${params}`);
    if (ticket !== events.ticket || !search.shown) {
      return;
    }
    events.cursor = cursor;
    events.next = page.next ?? null;
    renderEvents(page.items, announce);
    setText(byId('ev-error'), '');
  } catch (failure) {
    if (ticket === events.ticket && failure.status !== 401) {
      // The same failure on every refresh is one alert, not one every few seconds.
      setText(byId('ev-error'), `Could not load events: ${failure.message}`);
    }
  } finally {
    if (ticket === events.ticket && search.shown) {
      events.timer = setTimeout(refreshEvents, EVENTS_POLL_INTERVAL_MS);
    }
  }
}

/**
 * The timer: the newest page again with the search's filters. Not while an older page is shown (it would move
 * under the reader), the tab is hidden, or "Update automatically" is off (pausing moving content).
 */
function refreshEvents() {
  const events = search.events;
  if (!search.shown || events.filters === null) {
    return;
  }
  if (document.hidden || events.cursor !== null || !byId('ev-auto').checked) {
    events.timer = setTimeout(refreshEvents, EVENTS_POLL_INTERVAL_MS);
    return;
  }
  loadEvents(null, false);
}

/** Brings the table in line with a page: rows are updated and moved, not rebuilt, so thumbnails and focus stay. */
function renderEvents(items, announce) {
  const events = search.events;
  const body = byId('ev-rows');
  const now = Date.now();
  const keys = new Set();
  items.forEach((item, index) => {
    const key = `${item.cameraId}\n${item.id}`;
    keys.add(key);
    const row = events.rows.get(key) || createEventRow(key);
    updateEventRow(row, item, now);
    if (body.children[index] !== row.tr) {
      body.insertBefore(row.tr, body.children[index] || null);
    }
  });
  for (const [key, row] of events.rows) {
    if (!keys.has(key)) {
      row.tr.remove();
      events.rows.delete(key);
    }
  }
  const camera = events.filters.get('camera');
  const scope = camera ? `camera ${camera}` : 'all cameras';
  const olderPage = events.cursor !== null;
  byId('ev-table').hidden = items.length === 0;
  // The caption is not a live region: it changes with every refresh.
  byId('ev-caption').textContent = `Events of ${scope}, newest first${olderPage ? ' (older page)' : ''}; `
    + `updated ${new Date(now).toLocaleTimeString([], { hour12: false })}`;
  const summary = items.length === 0
    ? `No events of ${scope} match these filters${olderPage ? '' : ' yet'}.`
    : `${items.length} event${items.length === 1 ? '' : 's'} of ${scope}${events.next ? '; more are older' : ''}.`;
  // A search always says what it found; a refresh speaks only when the summary changed (more events arrived).
  const status = byId('ev-status');
  if (announce) {
    status.textContent = summary;
  } else {
    setText(status, summary);
  }
  byId('ev-next').disabled = !events.next;
  byId('ev-first').disabled = !olderPage;
}

function createEventRow(key) {
  const tr = document.createElement('tr');
  const cell = (className = '') => {
    const td = element('td', className);
    tr.append(td);
    return td;
  };
  const row = {
    tr,
    thumb: cell('thumb'),
    camera: cell(),
    kind: cell(),
    label: cell(),
    track: cell('num'),
    zone: cell(),
    start: cell(),
    end: cell(),
    duration: cell('num'),
    score: cell('num'),
    clip: cell('clip'),
    snapshot: undefined, // the thumbnail URL shown; undefined before the first update
  };
  const play = element('a', 'button secondary', 'Play');
  row.clip.append(play);
  row.play = play;
  search.events.rows.set(key, row);
  return row;
}

function updateEventRow(row, item, now) {
  row.tr.dataset.cameraId = item.cameraId;
  row.tr.dataset.eventId = item.id;
  const kind = eventKind(item.kind);
  setText(row.camera, item.cameraId);
  setText(row.kind, kind);
  setText(row.label, item.label);
  setText(row.track, `#${item.trackNumber}`);
  setText(row.zone, item.zone ?? '—');
  setText(row.start, formatTime(item.start));
  setText(row.end, item.end ? formatTime(item.end) : 'ongoing');
  row.end.classList.toggle('ongoing', !item.end);
  const lasted = formatDuration((item.end ? Date.parse(item.end) : now) - Date.parse(item.start));
  setText(row.duration, item.end ? lasted : `${lasted} so far`);
  setText(row.score, `${Math.round(item.bestScore * 100)} %`);
  const play = link('recordings', { camera: item.cameraId, event: item.id });
  if (row.play.getAttribute('href') !== play) {
    row.play.href = play;
    row.play.setAttribute('aria-label', `Play the clip of ${item.label} #${item.trackNumber} on camera ${item.cameraId}`);
  }
  // A better frame replaces the snapshot under the same URL, and the best score rises with it: the score in
  // the query makes the browser fetch the new picture (the API ignores the parameter).
  const snapshot = item.snapshot ? `${item.snapshot}?v=${item.bestScore}` : null;
  if (snapshot !== row.snapshot) {
    renderThumbnail(row, item, kind, snapshot);
  }
}

/** A lazily loaded thumbnail linking to the full snapshot; the login cookie authorizes both. */
function renderThumbnail(row, item, kind, url) {
  row.snapshot = url;
  if (url === null) {
    row.thumb.replaceChildren(element('span', 'no-snapshot', 'No snapshot'));
    return;
  }
  const alt = `Snapshot of ${item.label} #${item.trackNumber} (${kind.toLowerCase()}${item.zone ? ` ${item.zone}` : ''}) on camera ${item.cameraId}, full size in a new tab`;
  const existing = row.thumb.querySelector('img');
  if (existing) {
    // Same elements, new source: a focused link keeps its focus, and the old picture shows until the new one loads.
    existing.src = url;
    existing.alt = alt;
    existing.parentElement.href = url;
    return;
  }
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.target = '_blank';
  anchor.rel = 'noopener';
  const img = document.createElement('img');
  img.loading = 'lazy';
  img.decoding = 'async';
  img.width = 128;
  img.height = 72;
  img.alt = alt;
  img.src = url;
  anchor.append(img);
  row.thumb.replaceChildren(anchor);
}

// ---------------------------------------------------------------------------------------------------------------
// Detections

async function searchDetections(cursor) {
  const cameraId = byId('det-camera').value;
  const error = byId('det-error');
  error.textContent = '';
  if (!cameraId) {
    error.textContent = 'Add a camera first: there is none to show detections of.';
    return;
  }
  const params = new URLSearchParams();
  const query = new URLSearchParams(location.search);
  for (const name of ['label', 'from', 'to', 'limit']) {
    if (query.get(name)) {
      params.set(name, query.get(name));
    }
  }
  if (cursor) {
    params.set('cursor', cursor);
  }
  const ticket = ++search.detections.ticket;
  try {
    const page = await getJson(`${cameraPath(cameraId, '/detections')}?${params}`);
    if (ticket !== search.detections.ticket) {
      return;
    }
    search.detections = { cameraId, cursor, next: page.next ?? null, ticket };
    renderDetections(cameraId, page.items, cursor !== null);
  } catch (failure) {
    if (failure.status !== 401 && ticket === search.detections.ticket) {
      error.textContent = `Could not load detections: ${failure.message}`;
    }
  }
}

function renderDetections(cameraId, items, olderPage) {
  byId('det-rows').replaceChildren(...items.map(detectionRow));
  byId('det-table').hidden = items.length === 0;
  byId('det-caption').textContent = `Camera ${cameraId}, newest first${olderPage ? ' (older page)' : ''}`;
  byId('det-status').textContent = items.length === 0
    ? `No detections of ${cameraId} match these filters.`
    : `${items.length} detection${items.length === 1 ? '' : 's'} of ${cameraId}${search.detections.next ? '; more are older' : ''}.`;
  byId('det-next').disabled = !search.detections.next;
  byId('det-first').disabled = !olderPage;
}

function clearDetections() {
  search.detections = { cameraId: '', cursor: null, next: null, ticket: search.detections.ticket + 1 };
  byId('det-rows').replaceChildren();
  byId('det-table').hidden = true;
  byId('det-status').textContent = '';
  byId('det-next').disabled = true;
  byId('det-first').disabled = true;
}

function detectionRow(item) {
  const row = document.createElement('tr');
  const cells = [
    [formatTime(item.timestamp), ''],
    [String(item.sequence), ''],
    [item.label, ''],
    [`${Math.round(item.score * 100)} %`, 'num'],
    [`${Math.round(item.x)}, ${Math.round(item.y)}, ${Math.round(item.width)}×${Math.round(item.height)}`, ''],
  ];
  for (const [text, className] of cells) {
    row.append(element('td', className, text));
  }
  return row;
}

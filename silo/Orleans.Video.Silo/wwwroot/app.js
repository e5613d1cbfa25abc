// Orleans.Video web UI: plain JavaScript, no framework and no build step (the silo serves this file as is).
// Status comes from polling GET /api/cameras; pictures come from the snapshot endpoint, re-fetched when the
// camera's live Server-Sent Events say a new frame was processed; events (objects, zones, loitering) come from
// polling GET /api/events. Authentication is the HTTP-only cookie that POST /auth/login sets, so this script
// never holds the API key after logging in.
'use strict';

const POLL_INTERVAL_MS = 2000;
// At most ~2 snapshot downloads per second per camera: the eye gains little from more, the silo pays JPEG encoding.
const SNAPSHOT_MIN_INTERVAL_MS = 500;
// Browsers allow 6 HTTP/1.1 connections per origin and every EventSource holds one open. Capping live streams
// keeps two connections free for polling, snapshots and the forms; other cameras refresh from the poll instead.
const MAX_LIVE_STREAMS = 4;
// Tiles that play live video (live.js): each decodes its camera's stream in the browser, so a page with dozens of
// cameras shows video in the first ones and snapshots in the rest. WebSockets do not count against the 6 above.
const MAX_LIVE_VIDEOS = 8;
// A live stream the server closed (e.g. the camera was just removed) is retried no sooner than this.
const LIVE_RETRY_MS = 10000;
// Events are polled from GET /api/events rather than read from each camera's /events/live stream: a second
// EventSource per shown camera would hold connections beyond MAX_LIVE_STREAMS and break the 6-per-origin budget
// above (polls, snapshots and forms would queue behind them). One short request covers every camera at once,
// and an event lasts seconds, so showing it a few seconds late costs little.
const EVENTS_POLL_INTERVAL_MS = 3000;
const EVENT_KINDS = { object: 'Object in view', zone: 'In a zone', loiter: 'Loitering' };

const byId = (id) => document.getElementById(id);

const state = {
  loggedIn: false,
  pollTimer: null,
  // Bumped by every add/remove: a poll that started before one is stale and must not resurrect a removed tile.
  mutations: 0,
  tiles: new Map(), // camera id -> tile (see createTile)
  detections: { cameraId: '', cursor: null, next: null },
  events: {
    filters: null, // URLSearchParams of the last search (null until the first); refreshes and "Older" reuse them
    cursor: null, // null on the newest page, the only one that refreshes itself
    next: null,
    rows: new Map(), // "camera\nevent id" -> row (see createEventRow): rows are updated in place, not rebuilt
    timer: null,
    ticket: 0, // bumped by every request: an answer to an older one (other filters, a page ago) is dropped
  },
};

/** A non-2xx API answer, with the problem body's detail as its message. */
class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

/** Calls the API with the login cookie; a 401 shows the login form, any other failure throws an ApiError. */
async function api(path, options = {}) {
  const response = await fetch(path, {
    credentials: 'same-origin',
    ...options,
    headers: { Accept: 'application/json', ...(options.headers || {}) },
  });
  if (response.status === 401) {
    showLogin();
    throw new ApiError(401, 'please log in');
  }
  if (!response.ok) {
    throw new ApiError(response.status, await problemText(response));
  }
  return response;
}

/** The most useful text of an error answer: the problem's detail (it names the rule that failed), else its title. */
async function problemText(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status} ${response.statusText}`.trim();
  }
}

function postJson(path, body) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

const cameraPath = (id, rest = '') => `/api/cameras/${encodeURIComponent(id)}${rest}`;

// ---------------------------------------------------------------------------------------------------------------
// Login

function showLogin() {
  if (!byId('login').hidden && !state.loggedIn) {
    return;
  }
  state.loggedIn = false;
  clearTimeout(state.pollTimer);
  resetEvents();
  // Nothing the previous session saw stays on screen or keeps a connection open.
  for (const tile of [...state.tiles.values()]) {
    dropTile(tile);
  }
  byId('loading').hidden = true;
  byId('app').hidden = true;
  byId('session-actions').hidden = true;
  byId('poll-status').textContent = '';
  byId('login').hidden = false;
  byId('login-key').focus();
}

function showApp() {
  state.loggedIn = true;
  byId('loading').hidden = true;
  byId('login').hidden = true;
  byId('app').hidden = false;
  byId('session-actions').hidden = false;
  loadRole();
}

/**
 * Shows what the key's role may do: the stylesheet hides .needs-operator and .needs-admin until body[data-role]
 * says the role allows them (the API refuses them anyway, with a 403).
 */
async function loadRole() {
  try {
    const me = await (await api('/api/me')).json();
    document.body.dataset.role = me.role;
    byId('session-who').textContent = `${me.name} (${me.role})`;
  } catch {
    delete document.body.dataset.role;
  }
}

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
  poll();
}

async function onLogout() {
  await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => null);
  delete document.body.dataset.role;
  showLogin();
}

// ---------------------------------------------------------------------------------------------------------------
// Polling and the camera grid

/** Fetches every camera's status, renders it, and schedules the next poll (a chain, so polls never overlap). */
async function poll() {
  clearTimeout(state.pollTimer);
  // A hidden tab does not need fresh numbers; visibilitychange polls again when it is shown.
  if (document.hidden) {
    return;
  }
  const version = state.mutations;
  try {
    const cameras = await (await api('/api/cameras')).json();
    if (!state.loggedIn) {
      showApp();
    }
    if (version === state.mutations) {
      renderCameras(cameras, performance.now());
    }
    if (state.events.filters === null) {
      // The first poll that gets through also fills the events panel (every camera), and starts its refreshes.
      state.events.filters = eventFilters();
      loadEvents(null, false);
    }
    byId('cameras-error').textContent = '';
    byId('poll-status').textContent = `Updated ${new Date().toLocaleTimeString([], { hour12: false })}`;
  } catch (error) {
    if (error.status !== 401 && state.loggedIn) {
      byId('cameras-error').textContent = `Could not load cameras: ${error.message}`;
    } else if (error.status !== 401) {
      // The very first poll failed for another reason than auth: show the app with the error rather than "Loading…".
      showApp();
      byId('cameras-error').textContent = `Could not load cameras: ${error.message}`;
    }
  } finally {
    if (state.loggedIn) {
      state.pollTimer = setTimeout(poll, POLL_INTERVAL_MS);
    }
  }
}

/** Brings the grid in line with the API's list: update tiles in place (focus and images survive), add, drop, order. */
function renderCameras(cameras, now) {
  cameras.sort((a, b) => a.id.localeCompare(b.id));
  const grid = byId('camera-grid');
  const seen = new Set();
  cameras.forEach((camera, index) => {
    seen.add(camera.id);
    const tile = state.tiles.get(camera.id) || createTile(camera.id);
    updateTile(tile, camera, now);
    // Only move a node that is out of place: moving the element that has focus would drop the focus.
    if (grid.children[index] !== tile.li) {
      grid.insertBefore(tile.li, grid.children[index] || null);
    }
  });
  for (const tile of [...state.tiles.values()]) {
    if (!seen.has(tile.id)) {
      dropTile(tile);
    }
  }
  syncLiveStreams(cameras.map((camera) => state.tiles.get(camera.id)));
  byId('camera-count').textContent = `(${cameras.length})`;
  byId('no-cameras').hidden = cameras.length > 0;
  renderCameraChoices(cameras.map((camera) => camera.id));
  renderEventCameraChoices(cameras.map((camera) => camera.id));
}

/** Builds a tile from the template; its elements are kept so updates touch only text. */
function createTile(id) {
  const li = byId('tile-template').content.firstElementChild.cloneNode(true);
  const find = (selector) => li.querySelector(selector);
  const tile = {
    id,
    li,
    el: {
      title: find('.tile-title'),
      state: find('.state'),
      img: find('.snapshot'),
      video: find('.live-video'),
      boxes: find('.live-boxes'),
      liveNote: find('.live-note'),
      noFrame: find('.no-frame'),
      fps: find('.stat-fps'),
      latency: find('.stat-latency'),
      processed: find('.stat-processed'),
      dropped: find('.stat-dropped'),
      reconnects: find('.stat-reconnects'),
      model: find('.stat-model'),
      tracking: find('.stat-tracking'),
      zones: find('.stat-zones'),
      host: find('.stat-host'),
      source: find('.stat-source'),
      lastError: find('.last-error'),
      rec: find('.rec'),
      recordingError: find('.recording-error'),
      show: find('.show-detections'),
      events: find('.show-events'),
      recordings: find('.show-recordings'),
      showLive: find('.show-live'),
      remove: find('.remove'),
    },
    sample: null, // { processed, at }: the previous poll's counter, for the fps
    live: null, // EventSource while this camera has a live stream
    player: null, // LivePlayer (live.js) while the tile shows live video
    boxes: null, // its BoxOverlay: detections from the tile's live stream drawn over the video
    playing: false, // its video shows frames: snapshots are not fetched
    liveRetryAt: 0,
    snapshot: { busy: false, timer: null, lastAt: 0, url: null, loaded: false },
    removed: false,
  };
  li.dataset.cameraId = id;
  tile.el.title.textContent = id;
  tile.el.img.alt = `Newest processed frame of camera ${id}, with its detection boxes drawn`;
  tile.el.show.setAttribute('aria-label', `Show detections of camera ${id}`);
  tile.el.events.setAttribute('aria-label', `Show events of camera ${id}`);
  tile.el.remove.setAttribute('aria-label', `Remove camera ${id}`);
  tile.el.show.addEventListener('click', () => selectCamera(id));
  tile.el.events.addEventListener('click', () => selectEventsCamera(id));
  tile.el.recordings.setAttribute('aria-label', `Show recordings of camera ${id}`);
  tile.el.recordings.addEventListener('click', () => selectRecordingsCamera(id));
  tile.el.showLive.setAttribute('aria-label', `Watch camera ${id} live with its detections`);
  tile.el.showLive.addEventListener('click', () => selectLiveViewCamera(id));
  tile.el.video.setAttribute('aria-label', `Live video of camera ${id}`);
  tile.el.remove.addEventListener('click', () => removeCamera(tile));
  state.tiles.set(id, tile);
  return tile;
}

function updateTile(tile, camera, now) {
  const { el } = tile;
  el.state.textContent = camera.state;
  el.state.className = `state state-${String(camera.state).toLowerCase()}`;
  el.fps.textContent = processingFps(tile, camera.framesProcessed, now);
  el.processed.textContent = formatCount(camera.framesProcessed);
  el.dropped.textContent = formatCount(camera.framesDropped);
  el.reconnects.textContent = formatCount(camera.reconnects);
  el.model.textContent = camera.model ?? '—';
  el.tracking.textContent = formatCount(camera.trackedObjects);
  el.zones.textContent = (camera.zoneNames ?? []).join(', ') || 'none';
  el.host.textContent = camera.host ?? '—';
  el.source.textContent = camera.source ?? '—';
  el.source.title = camera.source ?? '';
  el.lastError.hidden = !camera.lastError;
  el.lastError.textContent = camera.lastError ? `Last error: ${camera.lastError}` : '';
  // Recording: a badge while the decoder writes segments; why not, when the camera should and cannot.
  el.rec.hidden = !camera.recording;
  el.rec.title = camera.recording ? `Recording (${String(camera.recordMode ?? 'continuous').toLowerCase()})` : '';
  const notes = [camera.recordingError, camera.warning].filter(Boolean);
  el.recordingError.hidden = notes.length === 0;
  el.recordingError.textContent = notes.join(' · ');

  const advanced = tile.sample === null || camera.framesProcessed !== tile.sample.processed;
  tile.sample = { processed: camera.framesProcessed, at: now };
  // Cameras without a live stream refresh from the poll; every camera loads its first picture from here.
  if (camera.framesProcessed > 0 && !tile.playing && (!tile.snapshot.loaded || (tile.live === null && advanced))) {
    requestSnapshot(tile);
  }
}

/** Frames processed per second since the previous poll; "—" until there are two samples or after a counter reset. */
function processingFps(tile, processed, now) {
  const previous = tile.sample;
  if (previous === null || now <= previous.at || processed < previous.processed) {
    return '—';
  }
  const fps = (processed - previous.processed) / ((now - previous.at) / 1000);
  return `${fps.toFixed(1)} fps`;
}

const formatCount = (value) => (typeof value === 'number' ? value.toLocaleString() : '—');

/** Forgets a tile: its live stream, pending snapshot, image memory and element. */
function dropTile(tile) {
  tile.removed = true;
  closeLive(tile);
  closeVideo(tile);
  clearTimeout(tile.snapshot.timer);
  if (tile.snapshot.url) {
    URL.revokeObjectURL(tile.snapshot.url);
  }
  tile.li.remove();
  state.tiles.delete(tile.id);
  if (state.detections.cameraId === tile.id) {
    clearDetections(); // its list would otherwise stay on screen with no camera to page through
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Live streams and snapshots

/** Opens live streams for the first MAX_LIVE_STREAMS cameras (grid order) and closes the rest; video likewise. */
function syncLiveStreams(orderedTiles) {
  orderedTiles.forEach((tile, index) => {
    if (index >= MAX_LIVE_VIDEOS) {
      closeVideo(tile);
    } else if (tile.player === null && typeof LivePlayer !== 'undefined') {
      openVideo(tile);
    }
    if (index >= MAX_LIVE_STREAMS) {
      closeLive(tile);
    } else if (tile.live === null && Date.now() >= tile.liveRetryAt) {
      openLive(tile);
    }
  });
}

function openLive(tile) {
  const source = new EventSource(cameraPath(tile.id, '/live'));
  source.addEventListener('detections', (event) => {
    const frame = JSON.parse(event.data);
    tile.el.latency.textContent = `${Math.round(frame.latencyMs)} ms`;
    tile.boxes?.add(frame);
    if (!tile.playing) {
      requestSnapshot(tile);
    }
  });
  source.addEventListener('error', () => {
    // EventSource retries dropped connections itself; CLOSED means the server refused (404, 401): retry later.
    if (source.readyState === EventSource.CLOSED && tile.live === source) {
      tile.live = null;
      tile.liveRetryAt = Date.now() + LIVE_RETRY_MS;
    }
  });
  tile.live = source;
}

function closeLive(tile) {
  if (tile.live !== null) {
    tile.live.close();
    tile.live = null;
    tile.el.latency.textContent = '—';
  }
}

/** Plays the camera's live video in its tile; snapshots stay where the browser cannot play it. */
function openVideo(tile) {
  const { el } = tile;
  tile.player = new LivePlayer(el.video, tile.id, {
    onPlaying: () => {
      tile.playing = true;
      el.video.hidden = false;
      el.boxes.hidden = false;
      el.img.hidden = true;
      el.noFrame.hidden = true;
    },
    onMessage: (text) => {
      el.liveNote.hidden = !text;
      setText(el.liveNote, text ?? '');
    },
  });
  tile.player.start();
  tile.boxes = new BoxOverlay(el.video, el.boxes, tile.player);
}

function closeVideo(tile) {
  if (tile.player !== null) {
    tile.player.stop();
    tile.player = null;
    tile.boxes.stop();
    tile.boxes = null;
    tile.playing = false;
    tile.el.video.hidden = true;
    tile.el.boxes.hidden = true;
    tile.el.liveNote.hidden = true;
    tile.el.img.hidden = !tile.snapshot.loaded;
  }
}

/** Asks for a fresh snapshot, at most one in flight and one per SNAPSHOT_MIN_INTERVAL_MS; extra requests merge. */
function requestSnapshot(tile) {
  const snap = tile.snapshot;
  if (snap.busy || snap.timer !== null || document.hidden) {
    return; // the refresh already coming will show the newest frame
  }
  const wait = snap.lastAt + SNAPSHOT_MIN_INTERVAL_MS - Date.now();
  if (wait > 0) {
    snap.timer = setTimeout(() => {
      snap.timer = null;
      loadSnapshot(tile);
    }, wait);
  } else {
    loadSnapshot(tile);
  }
}

/**
 * Downloads the snapshot (cache-busting query: every frame has the same URL) and swaps it in once decoded, so
 * the tile never flashes empty. fetch() rather than img.src lets a 404 (no frame yet) show a message.
 */
async function loadSnapshot(tile) {
  const snap = tile.snapshot;
  snap.busy = true;
  snap.lastAt = Date.now();
  try {
    const response = await fetch(cameraPath(tile.id, `/snapshot?t=${Date.now()}`), { credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 401) {
      showLogin();
      return;
    }
    if (!response.ok) {
      return; // 404: no processed frame yet; the message under the frame already says so
    }
    const url = URL.createObjectURL(await response.blob());
    const next = new Image();
    next.src = url;
    await next.decode();
    if (tile.removed) {
      URL.revokeObjectURL(url);
      return;
    }
    const previous = snap.url;
    tile.el.img.src = url;
    tile.el.img.hidden = false;
    tile.el.noFrame.hidden = true;
    snap.url = url;
    snap.loaded = true;
    if (previous) {
      URL.revokeObjectURL(previous);
    }
  } catch {
    // A network blip or an undecodable body: the next event or poll tries again.
  } finally {
    snap.busy = false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Adding and removing cameras

async function onAddCamera(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const error = byId('add-error');
  const status = byId('add-status');
  error.textContent = '';
  status.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
  }
  const fps = form.elements.fps.value.trim();
  const camera = {
    id: form.elements.id.value.trim(),
    source: form.elements.source.value.trim(),
    // An empty or non-numeric fps goes to the API as null, and the API says what it must be.
    fps: fps === '' || Number.isNaN(Number(fps)) ? null : Number(fps),
    model: form.elements.model.value.trim(),
    loop: form.elements.loop.checked,
  };
  try {
    // Sent only when given, so a plain camera's body stays what it was before zones existed.
    const zones = readZones();
    const filter = readFilter(); // camera-labels.js
    if (zones !== null) {
      camera.zones = zones;
    }
    if (filter !== null) {
      camera.filter = filter;
    }
  } catch (failure) {
    // What the browser can tell without the API (unparseable JSON, a non-number): the API is not called.
    error.textContent = `Could not add the camera: ${failure.message}`;
    markInvalid(byId(failure.inputId));
    return;
  }
  const submit = byId('add-submit');
  submit.disabled = true;
  try {
    await postJson('/api/cameras', camera);
    state.mutations++;
    status.textContent = `Camera ${camera.id} added.`;
    form.elements.id.value = '';
    form.elements.source.value = '';
    poll();
  } catch (failure) {
    if (failure.status !== 401) {
      error.textContent = `Could not add the camera: ${failure.message}`;
      markInvalidField(form, failure.message);
    }
  } finally {
    submit.disabled = false;
  }
}

/** A problem with one input of the add form, found before calling the API. */
class FormError extends Error {
  constructor(inputId, message) {
    super(message);
    this.inputId = inputId;
  }
}

/** The zones textarea as an array, null when empty; the API checks the zones themselves and names the one at fault. */
function readZones() {
  const text = byId('add-zones').value.trim();
  if (text === '') {
    return null;
  }
  let zones;
  try {
    zones = JSON.parse(text);
  } catch (parseError) {
    throw new FormError('add-zones', `zones are not valid JSON (${parseError.message}). Expected an array such as [{"name":"door","points":[{"x":0,"y":0},{"x":640,"y":0},{"x":640,"y":360}]}].`);
  }
  if (!Array.isArray(zones)) {
    throw new FormError('add-zones', 'zones must be a JSON array of zones, [{"name":…,"points":[…]}, …], not a single value.');
  }
  return zones;
}

// Which input an API message is about. Rules start with their field ("fps must be …", "zone 'door': …"); a body
// the JSON reader refused ends with the path it stopped at. The filter's are camera-labels.js's (filterInputFor).
const MESSAGE_FIELDS = [
  [/^id\b/, 'add-id'],
  [/^source\b/, 'add-source'],
  [/^fps\b/, 'add-fps'],
  [/^model\b/, 'add-model'],
  [/^(zones\b|zone ')|Path: \$\.zones/i, 'add-zones'],
];

/** Marks the input the API's message is about and focuses it. */
function markInvalidField(form, message) {
  const match = MESSAGE_FIELDS.find(([pattern]) => pattern.test(message));
  markInvalid(filterInputFor(message) ?? (match ? byId(match[1]) : null));
}

function markInvalid(input) {
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-errormessage', 'add-error');
    input.focus();
  }
}

async function removeCamera(tile) {
  if (!window.confirm(`Remove camera "${tile.id}"? It stops now; its stored detections stay.`)) {
    return;
  }
  tile.el.remove.disabled = true;
  try {
    await api(cameraPath(tile.id), { method: 'DELETE' });
  } catch (failure) {
    // 404: someone else removed it already, which is what was wanted.
    if (failure.status !== 404) {
      tile.el.remove.disabled = false;
      if (failure.status !== 401) {
        byId('cameras-error').textContent = `Could not remove ${tile.id}: ${failure.message}`;
      }
      return;
    }
  }
  state.mutations++;
  dropTile(tile);
  byId('add-status').textContent = `Camera ${tile.id} removed.`;
  // The focused button is gone with its tile: give focus a sensible place instead of the page top.
  byId('cameras-heading').setAttribute('tabindex', '-1');
  byId('cameras-heading').focus();
  poll();
}

// ---------------------------------------------------------------------------------------------------------------
// Detections

/**
 * Puts the cameras into a drop-down, keeping its choice (or else <fallback>) while that camera exists; false when
 * the list was already these cameras and nothing changed.
 */
function fillCameraSelect(select, ids, fallback = null) {
  const current = select.value || fallback;
  const existing = [...select.options].map((option) => option.value);
  if (existing.length === ids.length && existing.every((id, i) => id === ids[i])) {
    return false;
  }
  select.replaceChildren(...ids.map((id) => new Option(id, id)));
  if (ids.includes(current)) {
    select.value = current;
  }
  return true;
}

/** Keeps the camera drop-down in step with the grid, preserving the current choice while it exists. */
function renderCameraChoices(ids) {
  // recordings.js loads after this file and may not have run yet when the first poll answers.
  globalThis.renderRecordingCameras?.(ids);
  globalThis.renderLiveViewCameras?.(ids);
  if (fillCameraSelect(byId('det-camera'), ids, state.detections.cameraId)) {
    markSelectedTile();
  }
}

function markSelectedTile() {
  const selected = byId('det-camera').value;
  for (const tile of state.tiles.values()) {
    tile.li.classList.toggle('selected', tile.id === selected && state.detections.cameraId === selected);
  }
}

/** "Detections" on a tile: choose that camera, show its newest detections, and move focus to the list. */
function selectCamera(id) {
  byId('det-camera').value = id;
  byId('detections').focus();
  searchDetections(null);
}

/** The query string for the filters; throws with a readable message for a bad date. */
function detectionParams(cursor) {
  const params = new URLSearchParams();
  const label = byId('det-label').value.trim();
  if (label) {
    params.set('label', label);
  }
  for (const name of ['from', 'to']) {
    const value = byId(`det-${name}`).value;
    if (value) {
      // datetime-local is the user's local time; the API wants ISO 8601, so send UTC.
      const time = new Date(value);
      if (Number.isNaN(time.getTime())) {
        throw new Error(`"${name}" is not a valid date and time`);
      }
      params.set(name, time.toISOString());
    }
  }
  const limit = byId('det-limit').value.trim();
  if (limit) {
    params.set('limit', limit);
  }
  if (cursor) {
    params.set('cursor', cursor);
  }
  return params;
}

async function searchDetections(cursor) {
  const cameraId = byId('det-camera').value;
  const error = byId('det-error');
  error.textContent = '';
  if (!cameraId) {
    error.textContent = 'Add a camera first: there is none to show detections of.';
    return;
  }
  try {
    const params = detectionParams(cursor);
    const page = await (await api(`${cameraPath(cameraId, '/detections')}?${params}`)).json();
    state.detections = { cameraId, cursor, next: page.next ?? null };
    renderDetections(cameraId, page.items, cursor !== null);
  } catch (failure) {
    if (failure.status !== 401) {
      error.textContent = `Could not load detections: ${failure.message}`;
    }
  }
  markSelectedTile();
}

function renderDetections(cameraId, items, olderPage) {
  byId('det-rows').replaceChildren(...items.map(detectionRow));
  byId('det-table').hidden = items.length === 0;
  byId('det-caption').textContent = `Camera ${cameraId}, newest first${olderPage ? ' (older page)' : ''}`;
  byId('det-status').textContent = items.length === 0
    ? `No detections of ${cameraId} match these filters.`
    : `${items.length} detection${items.length === 1 ? '' : 's'} of ${cameraId}${state.detections.next ? '; more are older' : ''}.`;
  byId('det-next').disabled = !state.detections.next;
  byId('det-first').disabled = !olderPage;
}

function clearDetections() {
  state.detections = { cameraId: '', cursor: null, next: null };
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
    const cell = document.createElement('td');
    cell.textContent = text;
    cell.className = className;
    row.append(cell);
  }
  return row;
}

/** Local date and time with milliseconds: frames are a fraction of a second apart. */
function formatTime(iso) {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) {
    return String(iso);
  }
  const clock = time.toLocaleTimeString([], { hour12: false });
  return `${time.toLocaleDateString()} ${clock}.${String(time.getMilliseconds()).padStart(3, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Events

/** The events filters as a query string: empty fields are left out (any camera, kind, label, zone). */
function eventFilters() {
  const params = new URLSearchParams();
  for (const name of ['camera', 'kind', 'label', 'zone', 'limit']) {
    const value = byId(`ev-${name}`).value.trim();
    if (value) {
      params.set(name, value);
    }
  }
  return params;
}

/** "Search" and "Newest": read the filters, show their newest page, and say what was found. */
function searchEvents() {
  state.events.filters = eventFilters();
  loadEvents(null, true);
}

/** Loads one page for the current filters; <announce> puts the summary in the status line (a user asked for it). */
async function loadEvents(cursor, announce) {
  const events = state.events;
  const ticket = ++events.ticket;
  clearTimeout(events.timer);
  const params = new URLSearchParams(events.filters);
  if (cursor) {
    params.set('cursor', cursor);
  }
  try {
    const page = await (await api(`/api/events?${params}`)).json();
    if (ticket !== events.ticket || !state.loggedIn) {
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
    if (ticket === events.ticket && state.loggedIn) {
      events.timer = setTimeout(refreshEvents, EVENTS_POLL_INTERVAL_MS);
    }
  }
}

/**
 * The timer: the newest page again with the last search's filters. Not while an older page is shown (it would
 * move under the reader), the tab is hidden, or "Update automatically" is off (pausing moving content).
 */
function refreshEvents() {
  const events = state.events;
  if (!state.loggedIn || events.filters === null) {
    return;
  }
  if (document.hidden || events.cursor !== null || !byId('ev-auto').checked) {
    events.timer = setTimeout(refreshEvents, EVENTS_POLL_INTERVAL_MS);
    return;
  }
  loadEvents(null, false);
}

/** "Events" on a tile: choose that camera, show its newest events, and move focus to the list. */
function selectEventsCamera(id) {
  byId('ev-camera').value = id;
  byId('events').focus();
  searchEvents();
}

/** Keeps the camera choices in step with the grid; a camera that is gone falls back to "any camera". */
function renderEventCameraChoices(ids) {
  const select = byId('ev-camera');
  const existing = [...select.options].slice(1).map((option) => option.value);
  if (existing.length !== ids.length || existing.some((id, i) => id !== ids[i])) {
    const current = select.value;
    select.replaceChildren(new Option('Any camera', ''), ...ids.map((id) => new Option(id, id)));
    select.value = ids.includes(current) ? current : '';
  }
  // Its events are no longer listed (they stay stored); asking for them would only answer 404 on every refresh.
  const filters = state.events.filters;
  if (filters?.has('camera') && !ids.includes(filters.get('camera'))) {
    filters.delete('camera');
  }
}

/** Brings the table in line with a page: rows are updated and moved, not rebuilt, so thumbnails and focus stay. */
function renderEvents(items, announce) {
  const events = state.events;
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
    const td = document.createElement('td');
    td.className = className;
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
  const play = document.createElement('button');
  play.type = 'button';
  play.className = 'secondary';
  play.textContent = 'Play';
  play.addEventListener('click', () => playEventClip(tr.dataset.cameraId, tr.dataset.eventId));
  row.clip.append(play);
  state.events.rows.set(key, row);
  return row;
}

function updateEventRow(row, item, now) {
  row.tr.dataset.cameraId = item.cameraId;
  row.tr.dataset.eventId = item.id;
  const kind = EVENT_KINDS[String(item.kind).toLowerCase()] ?? String(item.kind);
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
    const none = document.createElement('span');
    none.className = 'no-snapshot';
    none.textContent = 'No snapshot';
    row.thumb.replaceChildren(none);
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
  const link = document.createElement('a');
  link.href = url;
  link.target = '_blank';
  link.rel = 'noopener';
  const img = document.createElement('img');
  img.loading = 'lazy';
  img.decoding = 'async';
  img.width = 128;
  img.height = 72;
  img.alt = alt;
  img.src = url;
  link.append(img);
  row.thumb.replaceChildren(link);
}

/** Forgets the events shown (log out, session expired); the next session starts from its own first search. */
function resetEvents() {
  const events = state.events;
  clearTimeout(events.timer);
  events.ticket++;
  events.filters = null;
  events.cursor = null;
  events.next = null;
  events.rows.clear();
  byId('ev-rows').replaceChildren();
  byId('ev-table').hidden = true;
  byId('ev-status').textContent = '';
  byId('ev-error').textContent = '';
  byId('ev-next').disabled = true;
  byId('ev-first').disabled = true;
}

/** "4.2 s", "3 min 5 s", "2 h 10 min". */
function formatDuration(ms) {
  const seconds = Math.max(0, ms) / 1000;
  if (!Number.isFinite(seconds)) {
    return '—';
  }
  if (seconds < 60) {
    return `${seconds.toFixed(1)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${Math.floor(seconds % 60)} s`;
  }
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Sets text only when it differs: rewriting a live region with the same words can make a screen reader repeat them. */
function setText(element, text) {
  if (element.textContent !== text) {
    element.textContent = text;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Start

function start() {
  byId('login-form').addEventListener('submit', onLogin);
  byId('logout').addEventListener('click', onLogout);
  byId('add-form').addEventListener('submit', onAddCamera);
  byId('detections-form').addEventListener('submit', (event) => {
    event.preventDefault();
    searchDetections(null);
  });
  byId('det-next').addEventListener('click', () => searchDetections(state.detections.next));
  byId('det-first').addEventListener('click', () => searchDetections(null));
  byId('det-camera').addEventListener('change', markSelectedTile);
  byId('events-form').addEventListener('submit', (event) => {
    event.preventDefault();
    searchEvents();
  });
  byId('ev-next').addEventListener('click', () => loadEvents(state.events.next, true));
  byId('ev-first').addEventListener('click', () => searchEvents());
  byId('ev-auto').addEventListener('change', (event) => {
    if (event.currentTarget.checked && state.events.filters !== null && state.events.cursor === null) {
      loadEvents(null, false);
    }
  });
  document.addEventListener('visibilitychange', () => {
    // Polls stop while the tab is hidden (see poll); resume unless the login form is what is showing.
    if (!document.hidden && byId('login').hidden) {
      poll();
    }
  });
  // The first poll decides what to show: the cameras, or the login form when the API answers 401.
  poll();
}

start();

// Live: a grid of every camera (columns chosen and order kept per browser), live video in the first tiles and
// snapshots in the rest, each tile saying its camera's state and why; /live?camera=ID opens one camera large, with
// its detection boxes drawn over the video.
import { cameraPath, signalUnauthorized } from '../api.js';
import { byId, setText } from '../dom.js';
import { formatCount } from '../format.js';
import * as feed from '../cameras-feed.js';
import { BoxOverlay, LivePlayer } from '../live-player.js';
import { link, navigate } from '../router.js';

// At most ~2 snapshot downloads per second per camera: the eye gains little from more, the silo pays JPEG encoding.
const SNAPSHOT_MIN_INTERVAL_MS = 500;
// Browsers allow 6 HTTP/1.1 connections per origin and every EventSource holds one open. Capping live streams
// keeps two connections free for polling, snapshots and the forms; other cameras refresh from the poll instead.
const MAX_LIVE_STREAMS = 4;
// Tiles that play live video: each decodes its camera's stream in the browser, so a page with dozens of cameras
// shows video in the first ones and snapshots in the rest. WebSockets do not count against the 6 above.
const MAX_LIVE_VIDEOS = 8;
// A live stream the server closed (e.g. the camera was just removed) is retried no sooner than this.
const LIVE_RETRY_MS = 10000;
// This browser's choices, kept across visits.
const ORDER_KEY = 'orleans-video.live.order';
const COLUMNS_KEY = 'orleans-video.live.columns';

const live = {
  shown: false,
  tiles: new Map(), // camera id -> tile (see createTile)
  unsubscribe: null,
  order: readOrder(), // camera ids in the order this browser keeps; cameras not in it follow, by id
  dragged: null, // the tile being dragged to a new place
  large: { cameraId: null, player: null, events: null, boxes: null },
};

export const liveView = {
  enter(params) {
    live.shown = true;
    live.unsubscribe = feed.subscribe(renderCameras);
    showLarge(params.get('camera'));
  },
  update(params) {
    showLarge(params.get('camera'));
  },
  leave() {
    live.shown = false;
    live.unsubscribe?.();
    live.unsubscribe = null;
    closeLarge();
    // Nothing keeps a socket or a stream open while another view is shown.
    for (const tile of [...live.tiles.values()]) {
      dropTile(tile);
    }
  },
};

export function initLive() {
  const columns = byId('live-columns');
  columns.value = localStorage.getItem(COLUMNS_KEY) ?? 'auto';
  applyColumns(columns.value);
  columns.addEventListener('change', () => {
    localStorage.setItem(COLUMNS_KEY, columns.value);
    applyColumns(columns.value);
  });
  byId('live-close').addEventListener('click', () => navigate(link('live')));
  const grid = byId('camera-grid');
  grid.addEventListener('dragover', onDragOver);
  grid.addEventListener('drop', (event) => event.preventDefault());
}

function applyColumns(value) {
  const grid = byId('camera-grid');
  grid.classList.toggle('fixed-columns', value !== 'auto');
  grid.style.setProperty('--columns', value === 'auto' ? '' : value);
}

// ---------------------------------------------------------------------------------------------------------------
// The grid

/** Brings the grid in line with the API's list: update tiles in place (focus and images survive), add, drop, order. */
function renderCameras(cameras, now) {
  if (!live.shown) {
    return;
  }
  const grid = byId('camera-grid');
  const ordered = inKeptOrder(cameras);
  const seen = new Set();
  ordered.forEach((camera, index) => {
    seen.add(camera.id);
    const tile = live.tiles.get(camera.id) || createTile(camera.id);
    updateTile(tile, camera, now);
    // Only move a node that is out of place: moving the element that has focus would drop the focus.
    if (grid.children[index] !== tile.li) {
      grid.insertBefore(tile.li, grid.children[index] || null);
    }
  });
  for (const tile of [...live.tiles.values()]) {
    if (!seen.has(tile.id)) {
      dropTile(tile);
    }
  }
  syncLiveStreams(ordered.map((camera) => live.tiles.get(camera.id)));
  byId('camera-count').textContent = `(${cameras.length})`;
  byId('no-cameras').hidden = cameras.length > 0;
  if (live.large.cameraId !== null && !seen.has(live.large.cameraId)) {
    setText(byId('live-status'), `Camera ${live.large.cameraId} is not (or no longer) configured.`);
  }
}

function inKeptOrder(cameras) {
  const rank = new Map(live.order.map((id, index) => [id, index]));
  return [...cameras].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) || a.id.localeCompare(b.id));
}

function readOrder() {
  try {
    const order = JSON.parse(localStorage.getItem(ORDER_KEY) ?? '[]');
    return Array.isArray(order) ? order.filter((id) => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** Keeps the grid's present order (cameras not shown keep their places after it). */
function saveOrder() {
  const shown = [...byId('camera-grid').children].map((li) => li.dataset.cameraId);
  live.order = [...shown, ...live.order.filter((id) => !shown.includes(id))];
  localStorage.setItem(ORDER_KEY, JSON.stringify(live.order));
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
      frame: find('.frame'),
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
      lastError: find('.last-error'),
      rec: find('.rec'),
      recordingError: find('.recording-error'),
      showLive: find('.show-live'),
      events: find('.show-events'),
      detections: find('.show-detections'),
      recordings: find('.show-recordings'),
      earlier: find('.move-earlier'),
      later: find('.move-later'),
    },
    sample: null, // { processed, at }: the previous poll's counter, for the fps
    live: null, // EventSource while this camera has a live stream
    player: null, // LivePlayer while the tile shows live video
    boxes: null, // its BoxOverlay: detections from the tile's live stream drawn over the video
    playing: false, // its video shows frames: snapshots are not fetched
    liveRetryAt: 0,
    snapshot: { busy: false, timer: null, lastAt: 0, url: null, loaded: false },
    removed: false,
  };
  const { el } = tile;
  li.dataset.cameraId = id;
  el.title.textContent = id;
  el.img.alt = `Newest processed frame of camera ${id}, with its detection boxes drawn`;
  el.video.setAttribute('aria-label', `Live video of camera ${id}`);
  el.showLive.setAttribute('aria-label', `Watch camera ${id} live with its detections`);
  el.events.setAttribute('aria-label', `Show events of camera ${id}`);
  el.detections.setAttribute('aria-label', `Show detections of camera ${id}`);
  el.recordings.setAttribute('aria-label', `Show recordings of camera ${id}`);
  el.earlier.setAttribute('aria-label', `Move camera ${id} earlier in the grid`);
  el.later.setAttribute('aria-label', `Move camera ${id} later in the grid`);
  el.showLive.addEventListener('click', () => navigate(link('live', { camera: id })));
  el.frame.addEventListener('click', () => navigate(link('live', { camera: id })));
  el.events.addEventListener('click', () => navigate(link('search', { camera: id })));
  el.detections.addEventListener('click', () => navigate(link('search', { what: 'detections', camera: id })));
  el.recordings.addEventListener('click', () => navigate(link('recordings', { camera: id })));
  el.earlier.addEventListener('click', () => moveTile(tile, -1));
  el.later.addEventListener('click', () => moveTile(tile, +1));
  li.addEventListener('dragstart', (event) => {
    live.dragged = tile;
    li.classList.add('dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', id);
  });
  li.addEventListener('dragend', () => {
    li.classList.remove('dragging');
    live.dragged = null;
    saveOrder();
  });
  live.tiles.set(id, tile);
  return tile;
}

/** The tile dragged goes before the tile under the pointer, or after it past its middle. */
function onDragOver(event) {
  const dragged = live.dragged;
  const over = event.target.closest?.('li.tile');
  if (!dragged) {
    return;
  }
  event.preventDefault();
  if (!over || over === dragged.li) {
    return;
  }
  const box = over.getBoundingClientRect();
  const after = event.clientX > box.left + box.width / 2;
  over.parentElement.insertBefore(dragged.li, after ? over.nextSibling : over);
}

/** The buttons' way to reorder (keyboard and touch): one place earlier or later, kept like a drag. */
function moveTile(tile, step) {
  const grid = byId('camera-grid');
  const items = [...grid.children];
  const index = items.indexOf(tile.li);
  const target = index + step;
  if (index < 0 || target < 0 || target >= items.length) {
    return;
  }
  grid.insertBefore(tile.li, step < 0 ? items[target] : items[target].nextSibling);
  saveOrder();
  (step < 0 ? tile.el.earlier : tile.el.later).focus();
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
  // Why the camera shows nothing new: its last error, on the tile where the operator looks.
  el.lastError.hidden = !camera.lastError;
  el.lastError.textContent = camera.lastError ? `Last error: ${camera.lastError}` : '';
  el.rec.hidden = !camera.recording;
  el.rec.title = camera.recording ? `Recording (${String(camera.recordMode ?? 'continuous').toLowerCase()})` : '';
  const notes = [camera.recordingError, camera.warning].filter(Boolean);
  el.recordingError.hidden = notes.length === 0;
  el.recordingError.textContent = notes.join(' · ');
  tile.li.classList.toggle('offline', camera.state !== 'Running');

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
  return `${((processed - previous.processed) / ((now - previous.at) / 1000)).toFixed(1)} fps`;
}

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
  live.tiles.delete(tile.id);
}

// ---------------------------------------------------------------------------------------------------------------
// Live streams and snapshots of the tiles

/** Opens live streams for the first MAX_LIVE_STREAMS cameras (grid order) and closes the rest; video likewise. */
function syncLiveStreams(orderedTiles) {
  orderedTiles.forEach((tile, index) => {
    if (index >= MAX_LIVE_VIDEOS) {
      closeVideo(tile);
    } else if (tile.player === null) {
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
 * the tile never flashes empty. fetch() rather than img.src lets a 404 (no frame yet) leave the message shown.
 */
async function loadSnapshot(tile) {
  const snap = tile.snapshot;
  snap.busy = true;
  snap.lastAt = Date.now();
  try {
    const response = await fetch(cameraPath(tile.id, `/snapshot?t=${Date.now()}`), { credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 401) {
      signalUnauthorized();
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
    tile.el.img.hidden = tile.playing;
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
// One camera large: /live?camera=ID

function showLarge(cameraId) {
  if (cameraId === live.large.cameraId) {
    return;
  }
  closeLarge();
  const panel = byId('live-view');
  panel.hidden = !cameraId;
  if (!cameraId) {
    return;
  }
  const large = live.large;
  large.cameraId = cameraId;
  setText(byId('live-heading'), `Live: ${cameraId}`);
  const video = byId('live-video');
  video.hidden = false;
  setText(byId('live-status'), `Connecting to ${cameraId}…`);
  large.player = new LivePlayer(video, cameraId, {
    onPlaying: () => setText(byId('live-status'), ''),
    onMessage: (text) => setText(byId('live-status'), text ?? ''),
  });
  large.player.start();
  large.boxes = new BoxOverlay(video, byId('live-boxes'), large.player);
  large.events = new EventSource(cameraPath(cameraId, '/live'));
  large.events.addEventListener('detections', (event) => large.boxes?.add(JSON.parse(event.data)));
  byId('live-recordings').href = link('recordings', { camera: cameraId });
  byId('live-events').href = link('search', { camera: cameraId });
  panel.focus();
  panel.scrollIntoView({ block: 'nearest' });
}

function closeLarge() {
  const large = live.large;
  large.player?.stop();
  large.events?.close();
  large.boxes?.stop();
  Object.assign(large, { player: null, events: null, boxes: null, cameraId: null });
  byId('live-video').hidden = true;
  byId('live-view').hidden = true;
  setText(byId('live-status'), '');
}

/** Escape closes the large view, as it would a dialog. */
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && live.shown && live.large.cameraId !== null && !event.target.closest?.('input, select, textarea')) {
    navigate(link('live'));
  }
});

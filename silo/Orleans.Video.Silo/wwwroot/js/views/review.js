// Review: the events of the last day (or a chosen day) grouped into items, split into alerts and detections
// (/review?severity=alert&camera=…&label=…&zone=…&day=…), each played from its recording with its detection boxes
// drawn, and marked reviewed one by one or all up to now. Marks are the key's own, kept by the silo
// (POST /api/review/reviewed). The header counts the key's unreviewed alerts. Keys: j or ↓ next, k or ↑ previous,
// Enter play, r mark reviewed.
import { api, cameraPath, getJson, postJson } from '../api.js';
import { byId, element, fillCameraSelect, setText } from '../dom.js';
import { formatClock, formatDuration } from '../format.js';
import * as feed from '../cameras-feed.js';
import { clearOver, drawDetections, nearestFrame } from '../live-player.js';
import { RecordingPlayer } from '../recording-player.js';
import { setParams } from '../router.js';

const REFRESH_MS = 10_000;
const COUNT_MS = 15_000;
/** Recording shown before an item starts and after it ends. */
const PADDING_MS = 3_000;
/** A detection further than this from the frame on screen is not its own: nothing is drawn rather than a stale box. */
const BOXES_MAX_DISTANCE_MS = 400;
const FILTERS = ['camera', 'label', 'zone', 'day'];

const review = {
  shown: false,
  severity: 'alert',
  items: [], // the items shown, newest first
  selected: null, // id of the selected item
  playing: null, // { item, frames: [{ at, detections }], sourceWidth, sourceHeight }
  timer: null,
  countTimer: null,
  counting: false, // while logged in
  countTicket: 0,
  ticket: 0,
  unsubscribe: null,
  player: null,
  frameCallback: 0,
};

export const reviewView = {
  enter(params) {
    review.shown = true;
    review.unsubscribe = feed.subscribe((cameras) =>
      fillCameraSelect(byId('review-camera'), cameras.map((camera) => camera.id), { any: 'Any camera', fallback: new URLSearchParams(location.search).get('camera') }));
    show(params);
  },
  update(params) {
    show(params);
  },
  leave() {
    review.shown = false;
    review.unsubscribe?.();
    review.unsubscribe = null;
    clearTimeout(review.timer);
    review.ticket++;
    stopPlaying();
  },
};

export function initReview() {
  review.player = new RecordingPlayer(byId('review-video'), { onError: (text) => setText(byId('review-player-status'), text) });
  for (const severity of ['alert', 'detection']) {
    byId(`review-${severity}s`).addEventListener('click', () => {
      setParams({ ...formValues(), severity }, { push: true });
      show(new URLSearchParams(location.search));
    });
  }
  byId('review-form').addEventListener('submit', (event) => {
    event.preventDefault();
    setParams({ ...formValues(), severity: review.severity }, { push: true });
    show(new URLSearchParams(location.search));
  });
  byId('review-show-reviewed').addEventListener('change', () => load(true));
  byId('review-all').addEventListener('click', markAll);
  document.addEventListener('keydown', onKey);
}

function formValues() {
  return {
    ...Object.fromEntries(FILTERS.map((name) => [name, byId(`review-${name}`).value.trim()])),
    reviewed: byId('review-show-reviewed').checked ? 'any' : '',
  };
}

function show(params) {
  review.severity = params.get('severity') === 'detection' ? 'detection' : 'alert';
  for (const severity of ['alert', 'detection']) {
    byId(`review-${severity}s`).setAttribute('aria-pressed', String(severity === review.severity));
  }
  for (const name of FILTERS) {
    const input = byId(`review-${name}`);
    const value = params.get(name) ?? '';
    if (input.tagName === 'SELECT' && value && ![...input.options].some((o) => o.value === value)) {
      input.append(new Option(value, value)); // a camera from a link, before the camera list arrived
    }
    input.value = value;
  }
  byId('review-show-reviewed').checked = params.get('reviewed') === 'any';
  load(true);
}

/** The query for the filters shown: a day is that local day, no day the last 24 hours (the header's count too). */
function query() {
  const values = formValues();
  const params = new URLSearchParams({ severity: review.severity, limit: '200' });
  for (const name of ['camera', 'label', 'zone']) {
    if (values[name]) {
      params.set(name, values[name]);
    }
  }
  if (values.day) {
    const start = new Date(`${values.day}T00:00:00`);
    params.set('from', start.toISOString());
    params.set('to', new Date(start.getTime() + 24 * 3600_000).toISOString());
  }
  params.set('reviewed', values.reviewed || 'false');
  return params;
}

async function load(announce) {
  clearTimeout(review.timer);
  const ticket = ++review.ticket;
  try {
    const page = await getJson(`/api/review?${query()}`);
    if (ticket !== review.ticket || !review.shown) {
      return;
    }
    render(page.items, announce, page.truncated);
    setText(byId('review-error'), '');
  } catch (failure) {
    if (ticket === review.ticket && failure.status !== 401) {
      setText(byId('review-error'), `Could not load the review items: ${failure.message}`);
    }
  } finally {
    if (ticket === review.ticket && review.shown) {
      review.timer = setTimeout(() => load(false), REFRESH_MS);
    }
  }
}

function render(items, announce, truncated) {
  review.items = items;
  const list = byId('review-items');
  const existing = new Map([...list.children].map((li) => [li.dataset.itemId, li]));
  const nodes = items.map((item) => {
    const li = existing.get(item.id) ?? createItem(item.id);
    updateItem(li, item);
    return li;
  });
  // Moved only where out of place: a refresh must not take the focus from the item a keyboard user is on.
  nodes.forEach((node, index) => {
    if (list.children[index] !== node) {
      list.insertBefore(node, list.children[index] || null);
    }
  });
  for (const [id, li] of existing) {
    if (!items.some((item) => item.id === id)) {
      li.remove();
    }
  }
  if (!items.some((item) => item.id === review.selected)) {
    review.selected = items[0]?.id ?? null;
  }
  markSelected(false);
  const what = review.severity === 'alert' ? 'alert' : 'detection';
  const summary = items.length === 0
    ? `No ${byId('review-show-reviewed').checked ? '' : 'unreviewed '}${what}s here.`
    : `${items.length} ${what}${items.length === 1 ? '' : 's'}${truncated ? ' (the range holds more events than were read: choose a day or a camera)' : ''}.`;
  if (announce) {
    byId('review-status').textContent = summary;
  } else {
    setText(byId('review-status'), summary);
  }
}

function createItem(id) {
  const li = element('li', 'review-item');
  li.dataset.itemId = id;
  li.tabIndex = -1;
  const thumb = element('img', 'review-thumb');
  thumb.width = 160;
  thumb.height = 90;
  thumb.loading = 'lazy';
  thumb.alt = '';
  // A snapshot gone with its camera (removed since): no broken picture, the text says what it was.
  thumb.addEventListener('error', () => { thumb.hidden = true; });
  const text = element('div', 'review-text');
  const title = element('p', 'review-title');
  const detail = element('p', 'review-detail');
  text.append(title, detail);
  const actions = element('div', 'review-actions');
  const play = element('button', 'secondary review-play', 'Play');
  play.type = 'button';
  const mark = element('button', 'review-mark', 'Reviewed');
  mark.type = 'button';
  actions.append(play, mark);
  li.append(thumb, text, actions);
  li.addEventListener('click', (event) => {
    review.selected = id;
    markSelected(false);
    if (!event.target.closest('button')) {
      playItem(find(id));
    }
  });
  play.addEventListener('click', () => playItem(find(id)));
  mark.addEventListener('click', () => markReviewed(find(id)));
  return li;
}

const find = (id) => review.items.find((item) => item.id === id);

function updateItem(li, item) {
  const thumb = li.querySelector('.review-thumb');
  if (!item.snapshot) {
    thumb.hidden = true;
    thumb.removeAttribute('src');
  } else if (thumb.getAttribute('src') !== item.snapshot) {
    thumb.hidden = false;
    thumb.src = item.snapshot;
  }
  const what = [...item.labels, ...item.zones.map((zone) => `in ${zone}`)].join(', ');
  const lasted = item.end ? formatDuration(Date.parse(item.end) - Date.parse(item.start)) : 'ongoing';
  setText(li.querySelector('.review-title'), `${item.cameraId}: ${what}`);
  setText(li.querySelector('.review-detail'),
    `${new Date(item.start).toLocaleDateString()} ${formatClock(item.start)}, ${lasted}, ${item.events.length} event${item.events.length === 1 ? '' : 's'}${item.reviewed ? ', reviewed' : ''}`);
  li.classList.toggle('reviewed', item.reviewed);
  li.classList.toggle('alert', item.severity === 'alert');
  thumb.alt = `${item.cameraId} at ${formatClock(item.start)}: ${what}`;
  li.querySelector('.review-play').setAttribute('aria-label', `Play ${item.cameraId} at ${formatClock(item.start)}`);
  const mark = li.querySelector('.review-mark');
  mark.setAttribute('aria-label', `Mark ${item.cameraId} at ${formatClock(item.start)} reviewed`);
  mark.hidden = item.reviewed;
}

function markSelected(focus) {
  for (const li of byId('review-items').children) {
    const selected = li.dataset.itemId === review.selected;
    li.classList.toggle('selected', selected);
    li.setAttribute('aria-current', String(selected));
    if (selected && focus) {
      li.focus();
      li.scrollIntoView({ block: 'nearest' });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Marking

async function markReviewed(item) {
  if (!item) {
    return;
  }
  // A list read before the mark would bring the item back: loads in flight are dropped, and one follows the mark.
  review.ticket++;
  clearTimeout(review.timer);
  try {
    await postJson('/api/review/reviewed', { events: item.events.map((e) => ({ cameraId: e.cameraId, eventId: e.id, start: e.start })) });
    const index = review.items.findIndex((shown) => shown.id === item.id);
    const li = byId('review-items').querySelector(`[data-item-id="${CSS.escape(item.id)}"]`);
    if (byId('review-show-reviewed').checked) {
      item.reviewed = true;
      if (li) {
        updateItem(li, item);
      }
    } else if (index >= 0) {
      review.items.splice(index, 1);
      li?.remove();
      // The next one is where attention goes: the one below, or the one above at the end of the list.
      review.selected = review.items[Math.min(index, review.items.length - 1)]?.id ?? null;
      markSelected(true);
      setText(byId('review-status'), `Reviewed ${item.cameraId} at ${formatClock(item.start)}; ${review.items.length} left.`);
    }
    refreshCount();
  } catch (failure) {
    if (failure.status !== 401) {
      setText(byId('review-error'), `Could not mark it reviewed: ${failure.message}`);
    }
  } finally {
    if (review.shown) {
      review.timer = setTimeout(() => load(false), REFRESH_MS);
    }
  }
}

async function markAll() {
  if (!window.confirm('Mark every alert and detection up to now reviewed, for your key?')) {
    return;
  }
  try {
    await postJson('/api/review/reviewed', { until: new Date().toISOString() });
    await load(true);
    refreshCount();
  } catch (failure) {
    if (failure.status !== 401) {
      setText(byId('review-error'), `Could not mark them reviewed: ${failure.message}`);
    }
  }
}

function onKey(event) {
  if (!review.shown || event.altKey || event.ctrlKey || event.metaKey || event.target.closest?.('input, select, textarea, video')) {
    return;
  }
  const index = review.items.findIndex((item) => item.id === review.selected);
  const move = (step) => {
    const next = review.items[Math.max(0, Math.min(review.items.length - 1, index + step))];
    if (next) {
      review.selected = next.id;
      markSelected(true);
    }
  };
  const actions = {
    j: () => move(1),
    ArrowDown: () => move(1),
    k: () => move(-1),
    ArrowUp: () => move(-1),
    Enter: () => playItem(review.items[index]),
    r: () => markReviewed(review.items[index]),
  };
  // Enter on a focused button is the button's.
  if (actions[event.key] && !(event.key === 'Enter' && event.target.closest?.('button, a'))) {
    event.preventDefault();
    actions[event.key]();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Playing an item, with its boxes

async function playItem(item) {
  if (!item) {
    return;
  }
  stopPlaying();
  const from = Date.parse(item.start) - PADDING_MS;
  const to = Math.min(Date.now(), (item.end ? Date.parse(item.end) : Date.now()) + PADDING_MS);
  byId('review-player').hidden = false;
  setText(byId('review-player-heading'), `${item.cameraId}, ${formatClock(item.start)}`);
  setText(byId('review-player-status'), '');
  const camera = feed.cameras().find((c) => c.id === item.cameraId);
  review.playing = { item, frames: [], sourceWidth: camera?.sourceWidth ?? 0, sourceHeight: camera?.sourceHeight ?? 0 };
  const playing = review.playing;
  const played = await review.player.playRange(item.cameraId, from, to, from);
  // Another item was chosen meanwhile: that one plays, and this call stops here.
  if (review.playing !== playing) {
    return;
  }
  if (!played) {
    // Not recorded: its snapshot, with the object marked by the silo, is what there is to see.
    setText(byId('review-player-status'), `${byId('review-player-status').textContent}; its best snapshot is in the list.`);
    return;
  }
  try {
    const range = `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}&limit=1000`;
    const page = await getJson(cameraPath(item.cameraId, `/detections?${range}`));
    const byTime = new Map();
    for (const d of page.items) {
      const at = Date.parse(d.timestamp);
      byTime.set(at, [...(byTime.get(at) ?? []), d]);
    }
    playing.frames = [...byTime].map(([at, detections]) => ({ at, detections })).sort((a, b) => a.at - b.at);
  } catch {
    // Without detections the clip still plays, without boxes.
  }
  if (review.playing === playing) {
    drawBoxes();
  }
}

function stopPlaying() {
  const video = byId('review-video');
  if (review.frameCallback) {
    video.cancelVideoFrameCallback?.(review.frameCallback);
    review.frameCallback = 0;
  }
  review.player?.stop();
  review.playing = null;
  const canvas = byId('review-boxes');
  canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
}

/** For every frame the video presents, the detections nearest in time to it, scaled from source pixels. */
function drawBoxes() {
  const video = byId('review-video');
  if (!('requestVideoFrameCallback' in HTMLVideoElement.prototype)) {
    return;
  }
  const draw = (now, frame) => {
    paint(frame.mediaTime);
    review.frameCallback = video.requestVideoFrameCallback(draw);
  };
  review.frameCallback = video.requestVideoFrameCallback(draw);
}

function paint(mediaTime) {
  const video = byId('review-video');
  const { context, width, height } = clearOver(byId('review-boxes'), video);
  const playing = review.playing;
  const shownAt = review.player.wallClock(mediaTime);
  if (!playing || shownAt === null || !video.videoWidth) {
    return;
  }
  const match = nearestFrame(playing.frames, shownAt, BOXES_MAX_DISTANCE_MS);
  if (match !== null) {
    // A camera may record another stream (its main one) than it analyses: the boxes scale by the analysed size.
    drawDetections(context, video, width, height, match.detections, playing.sourceWidth, playing.sourceHeight);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The header's count of unreviewed alerts, while logged in

export function startAlertCount() {
  review.counting = true;
  refreshCount();
}

export function stopAlertCount() {
  review.counting = false;
  clearTimeout(review.countTimer);
  review.countTimer = null;
  byId('alert-count').hidden = true;
}

export async function refreshCount() {
  clearTimeout(review.countTimer);
  if (!review.counting) {
    return;
  }
  // Only the newest call goes on refreshing: one called while another waits must not start a second chain.
  const ticket = ++review.countTicket;
  try {
    const summary = await (await api('/api/review/summary')).json();
    const badge = byId('alert-count');
    badge.hidden = summary.alerts === 0;
    setText(badge, String(summary.alerts));
    setText(byId('alert-count-text'), `${summary.alerts} unreviewed alert${summary.alerts === 1 ? '' : 's'}`);
    setText(byId('review-alerts-count'), `(${summary.alerts})`);
    setText(byId('review-detections-count'), `(${summary.detections})`);
  } catch (failure) {
    if (failure.status === 401) {
      return;
    }
  }
  if (review.counting && ticket === review.countTicket) {
    review.countTimer = setTimeout(refreshCount, COUNT_MS);
  }
}

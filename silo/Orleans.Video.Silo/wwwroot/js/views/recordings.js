// Recordings: several cameras on one time axis (/recordings?camera=a&camera=b&from=…&to=…), zoomed from two days down
// to a minute; a click plays that camera from the moment clicked (RecordingPlayer: to the second, by the playlist's
// program dates), an event mark plays its clip
// (/recordings?camera=a&event=ID), a shift-drag chooses a range to export as MP4.
import { cameraPath, getJson } from '../api.js';
import { LivePlayer } from '../live-player.js';
import { RecordingPlayer } from '../recording-player.js';
import { byId, element, setText } from '../dom.js';
import { formatBytes, formatDuration, formatTime, localDay, localInput } from '../format.js';
import * as feed from '../cameras-feed.js';
import { setParams } from '../router.js';
import { Timeline } from './timeline.js';

/** How much a click plays: the playlist runs from the click for this long (or to now). */
const PLAY_SPAN_MS = 60 * 60 * 1000;
/** A click this close to now, with "Follow live" on, plays the camera live: the recording of it is not indexed yet. */
const LIVE_EDGE_MS = 20_000;
/** A click this close to a recorded stretch (a share of the window) plays that stretch. */
const SNAP_SHARE = 0.01;
/** While the window reaches now, what is shown is read again this often. */
const REFRESH_MS = 10_000;
const FOLLOW_MS = 1000;
const EXPORTS_KEY = 'orleans-video.exports';
const MAX_EXPORTS = 20;

const recordings = {
  shown: false,
  timeline: null,
  cameras: [], // the cameras on the axis, in order
  data: new Map(), // camera id -> { spans, events, from, to, loadedAt }
  player: null, // RecordingPlayer
  live: null, // LivePlayer while a camera plays live here
  playing: null, // the camera whose recording (or live video) plays
  unsubscribe: null,
  loadTimer: null,
  followTimer: null,
  ticket: 0,
};

export const recordingsView = {
  enter(params) {
    recordings.shown = true;
    recordings.unsubscribe = feed.subscribe((cameras) => renderCameraChoices(cameras.map((camera) => camera.id)));
    show(params);
    follow();
  },
  update(params) {
    show(params);
  },
  leave() {
    recordings.shown = false;
    recordings.unsubscribe?.();
    recordings.unsubscribe = null;
    clearTimeout(recordings.loadTimer);
    clearInterval(recordings.followTimer);
    recordings.followTimer = null;
    stopPlayer();
  },
};

export function initRecordings() {
  recordings.timeline = new Timeline(byId('rec-timeline'), {
    onPlay: (camera, at) => playFrom(camera, snapToRecording(camera, at)),
    onEvent: (camera, event) => playEventClip(camera, event.id),
    onRange: (from, to) => {
      byId('clip-from').value = localInput(new Date(from));
      byId('clip-to').value = localInput(new Date(to));
      setText(byId('rec-status'), `Chosen for export: ${formatTime(new Date(from).toISOString())} to ${formatTime(new Date(to).toISOString())} (${formatDuration(to - from)}).`);
    },
    onWindow: () => {
      writeAddress(false);
      scheduleLoad();
      byId('rec-range').value = '';
    },
    preview: (camera, at) => cameraPath(camera, `/frame.jpg?at=${encodeURIComponent(new Date(at).toISOString())}&width=240`),
  });
  byId('rec-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const day = byId('rec-day').value;
    if (day) {
      const start = new Date(`${day}T00:00:00`).getTime();
      recordings.timeline.setWindow(start, start + 24 * 3600_000, { quiet: true });
    }
    recordings.cameras = checkedCameras();
    writeAddress(true);
    load();
  });
  byId('rec-zoom-in').addEventListener('click', () => recordings.timeline.zoom(1 / 2));
  byId('rec-zoom-out').addEventListener('click', () => recordings.timeline.zoom(2));
  byId('rec-range').addEventListener('change', () => {
    const span = Number(byId('rec-range').value);
    if (span > 0) {
      const end = Math.min(Date.now() + span * 0.02, recordings.timeline.to);
      recordings.timeline.setWindow(end - span, end);
    }
  });
  byId('rec-now').addEventListener('click', () => {
    const span = recordings.timeline.span;
    recordings.timeline.setWindow(Date.now() - span * 0.95, Date.now() + span * 0.05);
  });
  byId('rec-follow').addEventListener('change', follow);
  byId('clip-form').addEventListener('submit', onDownloadClip);
  recordings.player = new RecordingPlayer(byId('rec-video'), { onError: (text) => setText(byId('rec-error'), text) });
  byId('rec-video').addEventListener('timeupdate', showPlayhead);
  // Following live: when the recording played reaches its end, the camera goes on live.
  byId('rec-video').addEventListener('ended', () => {
    if (byId('rec-follow').checked && recordings.playing && recordings.live === null) {
      goLive(recordings.playing);
    }
  });
  renderExports();
}

// ---------------------------------------------------------------------------------------------------------------
// The address and the cameras on the axis

function show(params) {
  const ids = params.getAll('camera');
  const from = Date.parse(params.get('from') ?? '');
  const to = Date.parse(params.get('to') ?? '');
  const day = params.get('day');
  if (!Number.isNaN(from) && !Number.isNaN(to) && to > from) {
    recordings.timeline.setWindow(from, to, { quiet: true });
  } else if (day) {
    const start = new Date(`${day}T00:00:00`).getTime();
    recordings.timeline.setWindow(start, start + 24 * 3600_000, { quiet: true });
  } else {
    // The last hour: what someone opening recordings after an incident most often wants.
    recordings.timeline.setWindow(Date.now() - 3600_000 * 0.95, Date.now() + 3600_000 * 0.05, { quiet: true });
  }
  byId('rec-day').value = localDay(new Date(recordings.timeline.from + recordings.timeline.span / 2));
  recordings.cameras = ids.length > 0 ? ids : recordings.cameras.length > 0 ? recordings.cameras : feed.cameras().slice(0, 1).map((c) => c.id);
  renderCameraChoices(feed.cameras().map((camera) => camera.id));
  writeAddress(false);
  load();
  const event = params.get('event');
  if (event && recordings.cameras[0]) {
    playEventClip(recordings.cameras[0], event);
  }
}

/** Writes the cameras and the window into the address; a person's explicit choice is a new history entry. */
function writeAddress(push) {
  const params = new URLSearchParams(location.search);
  setParams({
    camera: recordings.cameras,
    from: new Date(recordings.timeline.from).toISOString(),
    to: new Date(recordings.timeline.to).toISOString(),
    event: push ? '' : params.get('event') ?? '',
  }, { push });
}

/** A checkbox per camera; those on the axis are checked. */
function renderCameraChoices(ids) {
  const box = byId('rec-cameras');
  const existing = [...box.querySelectorAll('input')].map((input) => input.value);
  if (recordings.cameras.length === 0 && ids.length > 0 && recordings.shown) {
    recordings.cameras = [ids[0]];
    writeAddress(false);
    load();
  }
  if (existing.length !== ids.length || existing.some((id, i) => id !== ids[i])) {
    box.replaceChildren(...ids.map((id) => {
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.value = id;
      input.name = 'camera';
      const label = element('label');
      label.append(input, id);
      return label;
    }));
  }
  for (const input of box.querySelectorAll('input')) {
    input.checked = recordings.cameras.includes(input.value);
  }
}

function checkedCameras() {
  const checked = [...byId('rec-cameras').querySelectorAll('input:checked')].map((input) => input.value);
  return checked.length > 0 ? checked : recordings.cameras;
}

// ---------------------------------------------------------------------------------------------------------------
// What was recorded and seen

function scheduleLoad() {
  clearTimeout(recordings.loadTimer);
  recordings.loadTimer = setTimeout(load, 250);
}

/**
 * Reads each camera's recorded spans and events for the window and as much again on each side (a pan or zoom out
 * then needs no request), unless what is held covers the window and is fresh enough.
 */
async function load() {
  clearTimeout(recordings.loadTimer);
  const { timeline } = recordings;
  const ticket = ++recordings.ticket;
  const span = timeline.span;
  const from = timeline.from - span;
  const to = Math.min(timeline.to + span, Date.now() + 60_000);
  const range = `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;
  setText(byId('rec-error'), '');
  try {
    await Promise.all(recordings.cameras.map(async (id) => {
      const held = recordings.data.get(id);
      const fresh = held && held.from <= timeline.from && held.to >= Math.min(timeline.to, Date.now())
        && (held.to < Date.now() - REFRESH_MS || Date.now() - held.loadedAt < REFRESH_MS);
      if (fresh) {
        return;
      }
      const [spans, events] = await Promise.all([
        getJson(cameraPath(id, `/recordings?${range}&limit=1000`)),
        getJson(cameraPath(id, `/events?${range}&limit=500`)),
      ]);
      recordings.data.set(id, { spans: spans.items, events: events.items, from, to, loadedAt: Date.now() });
    }));
  } catch (error) {
    if (ticket === recordings.ticket && error.status !== 401) {
      setText(byId('rec-error'), error.message);
    }
  }
  if (ticket !== recordings.ticket || !recordings.shown) {
    return;
  }
  timeline.setRows(recordings.cameras, recordings.data);
  byId('rec-timeline').hidden = recordings.cameras.length === 0;
  setText(byId('rec-status'), summary());
  if (timeline.to > Date.now() - REFRESH_MS) {
    recordings.loadTimer = setTimeout(load, REFRESH_MS);
  }
}

function summary() {
  const { timeline } = recordings;
  if (recordings.cameras.length === 0) {
    return 'No camera chosen: add a camera first.';
  }
  return recordings.cameras.map((id) => {
    const data = recordings.data.get(id) ?? { spans: [], events: [] };
    const inside = data.spans.filter((s) => Date.parse(s.end) > timeline.from && Date.parse(s.start) < timeline.to);
    const seconds = inside.reduce((sum, s) => sum + (Math.min(Date.parse(s.end), timeline.to) - Math.max(Date.parse(s.start), timeline.from)) / 1000, 0);
    const bytes = inside.reduce((sum, s) => sum + s.bytes, 0);
    const events = data.events.filter((e) => Date.parse(e.start) >= timeline.from && Date.parse(e.start) <= timeline.to).length;
    return inside.length === 0
      ? `${id}: nothing recorded in this window.`
      : `${id}: ${formatDuration(seconds * 1000)} recorded in ${inside.length} stretch${inside.length === 1 ? '' : 'es'} (${formatBytes(bytes)}), ${events} event${events === 1 ? '' : 's'}.`;
  }).join(' ');
}

/** Keeps the window's right edge at now while "Follow live" is on. */
function follow() {
  clearInterval(recordings.followTimer);
  recordings.followTimer = null;
  if (byId('rec-follow').checked && recordings.shown) {
    recordings.followTimer = setInterval(() => {
      const span = recordings.timeline.span;
      recordings.timeline.setWindow(Date.now() - span * 0.95, Date.now() + span * 0.05, { quiet: true });
      writeAddress(false);
      if (Date.now() - (recordings.data.get(recordings.cameras[0])?.loadedAt ?? 0) > REFRESH_MS) {
        load();
      }
    }, FOLLOW_MS);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Playing

/**
 * A pixel of the axis may cover minutes and a stretch may be seconds long: a click that misses every stretch by a
 * little plays the nearest one from its start (or up to its end), instead of saying nothing is there.
 */
function snapToRecording(camera, at) {
  let best = at;
  let distance = SNAP_SHARE * recordings.timeline.span;
  for (const span of recordings.data.get(camera)?.spans ?? []) {
    const start = Date.parse(span.start);
    const end = Date.parse(span.end);
    if (at >= start && at < end) {
      return at;
    }
    const away = at < start ? start - at : at - end;
    if (away < distance) {
      distance = away;
      best = at < start ? start : Math.max(start, end - 10_000);
    }
  }
  return best;
}

async function playFrom(camera, at) {
  if (byId('rec-follow').checked && at > Date.now() - LIVE_EDGE_MS) {
    goLive(camera);
    return;
  }
  const until = Math.min(at + PLAY_SPAN_MS, Date.now());
  if (until <= at) {
    setText(byId('rec-error'), 'That moment has not happened yet.');
    return;
  }
  setText(byId('rec-error'), '');
  stopLive();
  recordings.playing = camera;
  byId('rec-video').dataset.cameraId = camera;
  if (await recordings.player.playRange(camera, at, until)) {
    setText(byId('rec-playing'), `Playing ${camera} from ${new Date(at).toLocaleString()}.`);
  }
}

/** An event's clip, with the camera's padding around it. */
function playEventClip(camera, eventId) {
  setText(byId('rec-error'), '');
  setText(byId('rec-playing'), `Playing event ${eventId} of ${camera}.`);
  stopLive();
  recordings.playing = camera;
  byId('rec-video').dataset.cameraId = camera;
  recordings.player.playMp4(cameraPath(camera, `/events/${encodeURIComponent(eventId)}/clip.mp4`));
}

function stopPlayer() {
  stopLive();
  recordings.player?.stop();
  recordings.playing = null;
  recordings.timeline?.setPlayhead(null);
}

/** The camera live, in the same player: where following live leads once the recording runs out. */
function goLive(camera) {
  recordings.player.stop();
  stopLive();
  const video = byId('rec-video');
  video.hidden = false;
  recordings.playing = camera;
  setText(byId('rec-playing'), `Live: ${camera}.`);
  recordings.live = new LivePlayer(video, camera, {
    onMessage: (text) => setText(byId('rec-error'), text ?? ''),
  });
  recordings.live.start();
}

function stopLive() {
  recordings.live?.stop();
  recordings.live = null;
}

function showPlayhead() {
  const video = byId('rec-video');
  const at = recordings.live !== null ? Date.now() : recordings.player.wallClock(video.currentTime);
  if (at !== null && recordings.playing) {
    video.dataset.playingAt = new Date(at).toISOString();
    recordings.timeline.setPlayhead(recordings.playing, at);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Exports

/** Downloads the chosen range of the first camera on the axis as an MP4, and lists it with the others exported. */
function onDownloadClip(event) {
  event.preventDefault();
  const id = recordings.cameras[0];
  const from = new Date(byId('clip-from').value);
  const to = new Date(byId('clip-to').value);
  if (!id || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
    setText(byId('rec-error'), 'Choose a camera, and a clip end later than its start (shift-drag on the timeline chooses both).');
    return;
  }
  setText(byId('rec-error'), '');
  const exported = { camera: id, from: from.toISOString(), to: to.toISOString() };
  const list = readExports().filter((e) => !(e.camera === id && e.from === exported.from && e.to === exported.to));
  localStorage.setItem(EXPORTS_KEY, JSON.stringify([exported, ...list].slice(0, MAX_EXPORTS)));
  renderExports();
  byId('rec-exports').querySelector('a')?.click();
}

function readExports() {
  try {
    const list = JSON.parse(localStorage.getItem(EXPORTS_KEY) ?? '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** The ranges exported from this browser, newest first; each link makes the MP4 again from the recording. */
function renderExports() {
  const list = readExports();
  byId('rec-exports-heading').hidden = list.length === 0;
  byId('rec-exports').replaceChildren(...list.map((e) => {
    const item = element('li');
    const anchor = element('a', '', `${e.camera}: ${formatTime(e.from)} – ${formatTime(e.to)} (${formatDuration(Date.parse(e.to) - Date.parse(e.from))})`);
    anchor.href = cameraPath(e.camera, `/clip.mp4?from=${encodeURIComponent(e.from)}&to=${encodeURIComponent(e.to)}`);
    anchor.download = `${e.camera}-${localInput(new Date(e.from)).replaceAll(':', '')}.mp4`;
    item.append(anchor);
    return item;
  }));
}

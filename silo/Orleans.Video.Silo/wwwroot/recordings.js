'use strict';
// Recordings: a camera's day on a timeline (recorded stretches, events), playback from any moment with hls.js
// (served by the silo: /lib/hls.min.js), event clips, and clip downloads. Uses app.js's api, byId and cameraPath.

const DAY_MS = 24 * 60 * 60 * 1000;
/** How much a click on the timeline plays: the playlist runs from the click for this long (or to now). */
const PLAY_SPAN_MS = 60 * 60 * 1000;

const recordings = {
  hls: null, // the hls.js player while one is attached
  cameraId: null,
  dayStart: null, // Date: local midnight of the day shown
  spans: [], // the day's recorded spans, as the API gave them
};

/** A click this close to a recorded stretch (a share of the day: about 15 minutes) plays that stretch. */
const SNAP_SHARE = 0.01;

/** Keeps the camera drop-down in step with the grid, like the other panels'. */
function renderRecordingCameras(ids) {
  fillCameraSelect(byId('rec-camera'), ids);
}

/** "Recordings" on a tile: that camera's day so far, and focus on the panel. */
function selectRecordingsCamera(id) {
  byId('rec-camera').value = id;
  byId('recordings').focus();
  showDay();
}

const isoTime = (date) => date.toISOString();
const localDay = (date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
const localInput = (date) => `${localDay(date)}T${date.toTimeString().slice(0, 8)}`;

/** Loads the chosen day's recorded spans and events and draws them on the timeline. */
async function showDay() {
  const id = byId('rec-camera').value;
  const day = byId('rec-day').value || localDay(new Date());
  byId('rec-day').value = day;
  setText(byId('rec-error'), '');
  if (!id) {
    return;
  }
  const start = new Date(`${day}T00:00:00`);
  const end = new Date(start.getTime() + DAY_MS);
  recordings.cameraId = id;
  recordings.dayStart = start;
  const range = `from=${encodeURIComponent(isoTime(start))}&to=${encodeURIComponent(isoTime(end))}`;
  try {
    const [spans, events] = await Promise.all([
      api(cameraPath(id, `/recordings?${range}&limit=1000`)).then((response) => response.json()),
      api(cameraPath(id, `/events?${range}&limit=500`)).then((response) => response.json()),
    ]);
    recordings.spans = spans.items;
    drawTimeline(spans.items, events.items, start);
    const seconds = spans.items.reduce((sum, s) => sum + (Date.parse(s.end) - Date.parse(s.start)) / 1000, 0);
    const bytes = spans.items.reduce((sum, s) => sum + s.bytes, 0);
    setText(byId('rec-status'), spans.items.length === 0
      ? `Nothing recorded by ${id} on ${day}.`
      : `${id} on ${day}: ${formatDuration(seconds * 1000)} recorded in ${spans.items.length} stretch${spans.items.length === 1 ? '' : 'es'}, ${(bytes / 1048576).toFixed(1)} MiB; ${events.items.length} event${events.items.length === 1 ? '' : 's'}.`);
    if (!byId('clip-from').value && spans.items.length > 0) {
      const last = spans.items[0];
      byId('clip-to').value = localInput(new Date(last.end));
      byId('clip-from').value = localInput(new Date(Math.max(Date.parse(last.start), Date.parse(last.end) - 60_000)));
    }
  } catch (error) {
    setText(byId('rec-error'), error.message);
  }
}

function drawTimeline(spans, events, dayStart) {
  const percent = (time) => Math.min(100, Math.max(0, ((Date.parse(time) - dayStart.getTime()) / DAY_MS) * 100));
  const bar = (className, from, to, title) => {
    const div = document.createElement('div');
    div.className = className;
    div.style.left = `${percent(from)}%`;
    if (to !== null) {
      div.style.width = `${Math.max(0, percent(to) - percent(from))}%`;
    }
    div.title = title;
    return div;
  };
  byId('rec-spans').replaceChildren(...spans.map((s) =>
    bar('rec-span', s.start, s.end, `${formatTime(s.start)} – ${formatTime(s.end)}`)));
  byId('rec-events').replaceChildren(...events.map((e) =>
    bar('rec-event', e.start, null, `${e.kind} ${e.label}${e.zone ? ` in ${e.zone}` : ''} at ${formatTime(e.start)}`)));
  byId('rec-timeline').hidden = false;
}

/** A click on the timeline: play the recording from that moment. */
function onTimelineClick(event) {
  if (!recordings.dayStart) {
    return;
  }
  const box = byId('rec-timeline').getBoundingClientRect();
  const at = recordings.dayStart.getTime() + ((event.clientX - box.left) / box.width) * DAY_MS;
  playFrom(recordings.cameraId, new Date(snapToRecording(at)));
}

/**
 * A pixel of the bar is over a minute of the day, and a stretch may be seconds long: a click that misses every
 * stretch by a little plays the nearest one from its start (or up to its end), instead of saying nothing is there.
 */
function snapToRecording(at) {
  let best = at;
  let distance = SNAP_SHARE * DAY_MS;
  for (const span of recordings.spans) {
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

async function playFrom(id, at) {
  const until = new Date(Math.min(at.getTime() + PLAY_SPAN_MS, Date.now()));
  if (until <= at) {
    setText(byId('rec-error'), 'That moment has not happened yet.');
    return;
  }
  const url = cameraPath(id, `/vod.m3u8?from=${encodeURIComponent(isoTime(at))}&to=${encodeURIComponent(isoTime(until))}`);
  // The playlist's 404 says "nothing recorded" in words: ask first, so the page can say it too.
  const response = await fetch(url, { method: 'GET', credentials: 'same-origin' });
  if (!response.ok) {
    setText(byId('rec-error'), await problemText(response));
    return;
  }
  setText(byId('rec-error'), '');
  setText(byId('rec-status'), `Playing ${id} from ${at.toLocaleString()}.`);
  play(url, 'hls');
}

/** "Play" on an event: its clip, with the camera's padding around it. */
function playEventClip(cameraId, eventId) {
  if (!cameraId || !eventId) {
    return;
  }
  byId('rec-camera').value = cameraId;
  setText(byId('rec-error'), '');
  setText(byId('rec-status'), `Playing event ${eventId} of ${cameraId}.`);
  play(cameraPath(cameraId, `/events/${encodeURIComponent(eventId)}/clip.mp4`), 'mp4');
  byId('recordings').focus();
}

/** Plays an HLS playlist (hls.js, or the browser's own HLS) or an MP4 in the panel's video element. */
function play(url, kind) {
  const video = byId('rec-video');
  recordings.hls?.destroy();
  recordings.hls = null;
  video.hidden = false;
  video.onerror = () => setText(byId('rec-error'), cannotPlay());
  if (kind === 'hls' && window.Hls?.isSupported()) {
    const hls = new Hls();
    hls.on(Hls.Events.ERROR, (_, data) => {
      if (data.fatal) {
        setText(byId('rec-error'), data.type === Hls.ErrorTypes.MEDIA_ERROR ? cannotPlay() : `Playback stopped: ${data.details}`);
      }
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    recordings.hls = hls;
  } else if (kind === 'hls' && !video.canPlayType('application/vnd.apple.mpegurl')) {
    setText(byId('rec-error'), 'This browser cannot play HLS and the HLS player did not load.');
    return;
  } else {
    video.src = url;
  }
  video.play().catch(() => { /* autoplay refused: the controls are there */ });
}

const cannotPlay = () =>
  'This browser cannot play this recording: it is probably H.265, which most browsers other than Safari do not decode. Download a clip and play it in a video player.';

/** Downloads the chosen range as an MP4, through a link, so the browser shows its own download. */
function onDownloadClip(event) {
  event.preventDefault();
  const id = byId('rec-camera').value;
  const from = new Date(byId('clip-from').value);
  const to = new Date(byId('clip-to').value);
  if (!id || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
    setText(byId('rec-error'), 'Choose a camera, and a clip end later than its start.');
    return;
  }
  setText(byId('rec-error'), '');
  const link = document.createElement('a');
  link.href = cameraPath(id, `/clip.mp4?from=${encodeURIComponent(isoTime(from))}&to=${encodeURIComponent(isoTime(to))}`);
  link.download = `${id}-${localInput(from).replaceAll(':', '')}.mp4`;
  document.body.append(link);
  link.click();
  link.remove();
}

function startRecordings() {
  byId('rec-day').value = localDay(new Date());
  byId('rec-form').addEventListener('submit', (event) => {
    event.preventDefault();
    showDay();
  });
  byId('rec-timeline').addEventListener('click', onTimelineClick);
  byId('clip-form').addEventListener('submit', onDownloadClip);
}

startRecordings();

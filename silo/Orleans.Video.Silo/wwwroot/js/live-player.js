// Live video: fragmented MP4 from GET /api/cameras/{id}/video (a WebSocket any silo serves) appended to a Media
// Source buffer. The silo remuxes the camera's own H.264 or H.265 (nothing is re-encoded); a browser that cannot
// decode the codec (Chromium has no H.265 here) gets a message instead of a black box. BoxOverlay draws the camera's
// detection boxes (its Server-Sent Events) over the frame they were found in.
import { cameraPath } from './api.js';

/** Behind the newest frame by more than this, playback jumps forward: live means now, not everything since. */
const LIVE_MAX_LAG_S = 1.0;
/** Behind by more than this (but less than the above), playback runs 10 % fast until it has caught up. */
const LIVE_CATCH_UP_LAG_S = 0.3;
/** Where a jump lands, behind the newest frame: room for the next fragment to arrive without a stall. */
const LIVE_TARGET_LAG_S = 0.2;
/** Buffered video older than this behind the playhead is removed: a tile watched for hours must not grow. */
const LIVE_KEEP_BEHIND_S = 10;
/** A closed or failed live socket is opened again after this. */
const LIVE_RECONNECT_MS = 3000;

/** Codec names people know, for the message when the browser cannot play one. */
const codecName = (codec) => (/^(hvc1|hev1)/.test(codec) ? 'H.265' : /^(avc1|avc3)/.test(codec) ? 'H.264' : codec);

/**
 * Plays one camera's live video in a video element. Callbacks: onPlaying() once frames show, onMessage(text)
 * when it cannot play (why) or the camera sends nothing (its state), onMessage(null) when that is over.
 */
export class LivePlayer {
  constructor(video, cameraId, { onPlaying = () => {}, onMessage = () => {} } = {}) {
    this.video = video;
    this.cameraId = cameraId;
    this.onPlaying = onPlaying;
    this.onMessage = onMessage;
    this.socket = null;
    this.source = null; // MediaSource
    this.buffer = null; // its SourceBuffer
    this.mime = null;
    this.pending = []; // { data, readAt } waiting for the buffer
    this.times = []; // { media, readAt }: where each appended fragment starts, and when the camera's silo read it
    this.nextIsInit = false;
    this.stopped = false;
    this.unplayable = false;
    this.retry = null;
  }

  start() {
    this.stopped = false;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}${cameraPath(this.cameraId, '/video')}`);
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => this.reconnectLater());
    this.socket = socket;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket?.close();
    this.socket = null;
    this.detach();
  }

  /** The wall-clock time (Unix ms) the frame on screen was read at the camera's silo; null before any. */
  wallClockAt(mediaTime) {
    let found = null;
    for (const entry of this.times) {
      if (entry.media > mediaTime + 0.001) {
        break;
      }
      found = entry.readAt;
    }
    return found;
  }

  receive(data) {
    if (typeof data === 'string') {
      const message = JSON.parse(data);
      if (message.type === 'init') {
        this.init(message);
      } else if (message.type === 'status') {
        this.onMessage(message.live ? null : `Live video: ${message.reason}`);
      }
      return;
    }
    if (this.unplayable) {
      return;
    }
    const readAt = new DataView(data).getFloat64(0);
    this.pending.push({ data: new Uint8Array(data, 8), readAt, init: this.nextIsInit });
    this.nextIsInit = false;
    this.pump();
  }

  /** What comes next is an initialisation segment: set up (or retype) the buffer for its codec. */
  init({ codec, mime }) {
    this.nextIsInit = true;
    if (!window.MediaSource || !MediaSource.isTypeSupported(mime)) {
      this.unplayable = true;
      this.onMessage(`This browser cannot play ${codecName(codec)} live video (${codec}); showing snapshots.`);
      this.socket?.close();
      return;
    }
    this.unplayable = false;
    if (this.source === null) {
      this.attach(mime);
    } else if (this.buffer !== null && mime !== this.mime) {
      this.buffer.changeType(mime);
    }
    this.mime = mime;
  }

  attach(mime) {
    const source = new MediaSource();
    this.source = source;
    this.video.src = URL.createObjectURL(source);
    source.addEventListener('sourceopen', () => {
      URL.revokeObjectURL(this.video.src);
      this.buffer = source.addSourceBuffer(mime);
      // Sequence mode lays fragments end to end whatever their timestamps: skipped frames and a restarted
      // decoder (timestamps from zero again) leave no gap to stall on.
      this.buffer.mode = 'sequence';
      this.buffer.addEventListener('updateend', () => this.appended());
      this.buffer.addEventListener('error', () => this.fail('the browser could not decode the live video'));
      this.pump();
    }, { once: true });
    this.video.muted = true;
    this.video.addEventListener('playing', () => this.onPlaying(), { once: true });
  }

  detach() {
    this.pending = [];
    this.times = [];
    this.buffer = null;
    if (this.source !== null) {
      this.source = null;
      this.video.removeAttribute('src');
      this.video.load();
    }
  }

  pump() {
    const buffer = this.buffer;
    if (buffer === null || buffer.updating || this.pending.length === 0) {
      return;
    }
    const next = this.pending.shift();
    if (!next.init) {
      const ranges = buffer.buffered;
      this.times.push({ media: ranges.length ? ranges.end(ranges.length - 1) : 0, readAt: next.readAt });
      if (this.times.length > 600) {
        this.times.splice(0, 100);
      }
    }
    try {
      buffer.appendBuffer(next.data);
    } catch (error) {
      this.fail(`live video stopped: ${error.message}`);
    }
  }

  appended() {
    const { video, buffer } = this;
    if (buffer === null) {
      return;
    }
    const ranges = buffer.buffered;
    if (ranges.length > 0) {
      const end = ranges.end(ranges.length - 1);
      // Where playback starts, and every stall, leaves it some way behind; without this it would stay there.
      const lag = end - video.currentTime;
      if (lag > LIVE_MAX_LAG_S) {
        video.currentTime = Math.max(ranges.start(ranges.length - 1), end - LIVE_TARGET_LAG_S);
      }
      video.playbackRate = lag > LIVE_CATCH_UP_LAG_S && lag <= LIVE_MAX_LAG_S ? 1.1 : 1;
      if (video.paused) {
        video.play().catch(() => {});
      }
      const start = ranges.start(0);
      if (video.currentTime - start > 2 * LIVE_KEEP_BEHIND_S && this.pending.length === 0) {
        buffer.remove(start, video.currentTime - LIVE_KEEP_BEHIND_S);
        return; // updateend comes again when the removal is done
      }
    }
    this.pump();
  }

  fail(message) {
    this.onMessage(message);
    this.socket?.close();
  }

  reconnectLater() {
    this.detach();
    this.socket = null;
    if (!this.stopped && !this.unplayable) {
      this.retry = setTimeout(() => this.start(), LIVE_RECONNECT_MS);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Detection boxes over live video, in the tiles and the live view.

/** Detections further than this from the frame on screen are not its own: nothing is drawn rather than stale boxes. */
const BOXES_MAX_DISTANCE_MS = 500;

/**
 * Draws, for every frame the video presents, the boxes of the detection frame nearest in time to it (analysis
 * runs at a few fps, video at the camera's rate). Both times are the camera's silo's clock: when it read the video
 * fragment from ffmpeg (the player knows), and when it read the decoded frame (the detections' timestamp).
 */
export class BoxOverlay {
  constructor(video, canvas, player) {
    this.video = video;
    this.canvas = canvas;
    this.player = player;
    this.frames = []; // recent detection frames: { at (Unix ms), detections }
    this.callback = 0;
    if ('requestVideoFrameCallback' in HTMLVideoElement.prototype) {
      const draw = (now, frame) => {
        this.draw(frame.mediaTime);
        this.callback = video.requestVideoFrameCallback(draw);
      };
      this.callback = video.requestVideoFrameCallback(draw);
    }
  }

  /** One frame's detections, as the camera's Server-Sent Events give them. */
  add(frame) {
    this.frames.push({ at: Date.parse(frame.timestamp), detections: frame.detections });
    if (this.frames.length > 100) {
      this.frames.splice(0, 50);
    }
  }

  stop() {
    if (this.callback) {
      this.video.cancelVideoFrameCallback(this.callback);
    }
    this.canvas.getContext('2d').clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  draw(mediaTime) {
    const { video, canvas } = this;
    const { context, width, height } = clearOver(canvas, video);
    const shownAt = this.player.wallClockAt(mediaTime);
    if (!shownAt || !video.videoWidth) {
      return;
    }
    const match = nearestFrame(this.frames, shownAt);
    if (match !== null) {
      drawDetections(context, video, width, height, match.detections);
    }
  }
}

/** Sizes the canvas to the video element it lies over, and clears it: a frame's boxes are drawn from nothing. */
export function clearOver(canvas, video) {
  const width = video.clientWidth;
  const height = video.clientHeight;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, width, height);
  return { context, width, height };
}

/** Of frames of detections ({ at (Unix ms), detections }), the one nearest in time to <at>; null when none is within maxDistance. */
export function nearestFrame(frames, at, maxDistance = BOXES_MAX_DISTANCE_MS) {
  let match = null;
  for (const frame of frames) {
    const distance = Math.abs(frame.at - at);
    if (distance <= maxDistance && (match === null || distance < Math.abs(match.at - at))) {
      match = frame;
    }
  }
  return match;
}

/**
 * Draws detections (boxes in source pixels) over a video letterboxed in its element (object-fit: contain) of
 * width × height CSS pixels; pure green, as the silo draws them on snapshots. sourceWidth, sourceHeight: the
 * analysed source's size when the video is another stream of the camera (its main one, recorded); 0: the video's own.
 */
export function drawDetections(context, video, width, height, detections, sourceWidth = 0, sourceHeight = 0) {
  const scale = Math.min(width / video.videoWidth, height / video.videoHeight);
  const left = (width - video.videoWidth * scale) / 2;
  const top = (height - video.videoHeight * scale) / 2;
  const sx = (video.videoWidth / (sourceWidth || video.videoWidth)) * scale;
  const sy = (video.videoHeight / (sourceHeight || video.videoHeight)) * scale;
  context.lineWidth = 2;
  context.font = '12px system-ui, sans-serif';
  for (const d of detections) {
    const x = left + d.x * sx;
    const y = top + d.y * sy;
    context.strokeStyle = '#00ff00';
    context.strokeRect(x, y, d.width * sx, d.height * sy);
    const label = `${d.label} ${Math.round(d.score * 100)}%`;
    context.fillStyle = '#00ff00';
    context.fillRect(x, Math.max(0, y - 15), context.measureText(label).width + 6, 15);
    context.fillStyle = '#000';
    context.fillText(label, x + 3, Math.max(11, y - 4));
  }
}

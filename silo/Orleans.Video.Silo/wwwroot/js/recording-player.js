// Plays recorded video in a video element: an HLS playlist of a camera's recording between two times (hls.js,
// served by the silo as /lib/hls.min.js; or the browser's own HLS), or an MP4. For a playlist it knows the wall-clock
// time of every position from the playlist's EXT-X-PROGRAM-DATE-TIME tags, so it can start at a given moment to the
// second and say what moment is on screen (the Recordings timeline's playhead, the boxes drawn in Review).
import { cameraPath, problemText } from './api.js';

export const cannotPlay = () =>
  'This browser cannot play this recording: it is probably H.265, which most browsers other than Safari do not decode. Download a clip and play it in a video player.';

export class RecordingPlayer {
  /** onError(text): playback could not start or stopped. */
  constructor(video, { onError = () => {} } = {}) {
    this.video = video;
    this.onError = onError;
    this.hls = null;
    this.fragments = []; // { start (s), duration (s), at (Unix ms) } of the playlist's pieces
  }

  /**
   * Plays <camera>'s recording from <from> to <to> (Unix ms), starting at <at> (default: from). Resolves false when
   * nothing is recorded there (onError says why, in the silo's words).
   */
  async playRange(camera, from, to, at = from) {
    const url = cameraPath(camera, `/vod.m3u8?from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`);
    // The playlist's 404 says "nothing recorded" in words: ask first, so the page can say it too.
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) {
      this.onError(await problemText(response));
      return false;
    }
    this.play(url, 'hls', at);
    return true;
  }

  /** Plays an MP4 (an event's clip): no wall clock. */
  playMp4(url) {
    this.play(url, 'mp4', null);
  }

  play(url, kind, at) {
    const { video } = this;
    this.stop();
    video.hidden = false;
    delete video.dataset.startedAt;
    video.onerror = () => this.onError(cannotPlay());
    video.onplaying = () => {
      if (!video.dataset.startedAt) {
        const wall = this.wallClock(video.currentTime);
        video.dataset.startedAt = wall === null ? '' : new Date(wall).toISOString();
      }
    };
    if (kind === 'hls' && window.Hls?.isSupported()) {
      const Hls = window.Hls;
      // Loading starts where the moment asked for is, once the playlist says where that is: not at its first piece.
      const hls = new Hls({ autoStartLoad: false });
      let started = false;
      hls.on(Hls.Events.LEVEL_LOADED, (_, data) => {
        if (started) {
          return;
        }
        started = true;
        this.fragments = data.details.fragments.filter((f) => f.programDateTime)
          .map((f) => ({ start: f.start, duration: f.duration, at: f.programDateTime }));
        const position = this.mediaTime(at);
        hls.startLoad(position ?? -1);
        if (position !== null && position > 0.05) {
          video.currentTime = position;
        }
      });
      hls.on(Hls.Events.ERROR, (_, data) => {
        if (data.fatal) {
          this.onError(data.type === Hls.ErrorTypes.MEDIA_ERROR ? cannotPlay() : `Playback stopped: ${data.details}`);
        }
      });
      hls.loadSource(url);
      hls.attachMedia(video);
      this.hls = hls;
    } else if (kind === 'hls' && !video.canPlayType('application/vnd.apple.mpegurl')) {
      this.onError('This browser cannot play HLS and the HLS player did not load.');
      return;
    } else {
      video.src = url;
    }
    video.play().catch(() => { /* autoplay refused: the controls are there */ });
  }

  stop() {
    this.hls?.destroy();
    this.hls = null;
    this.fragments = [];
    const { video } = this;
    video.pause();
    video.removeAttribute('src');
    video.load();
    video.hidden = true;
  }

  /** The position for a wall-clock time (Unix ms), from the playlist's program dates; null when they are not known. */
  mediaTime(at) {
    if (at === null || this.fragments.length === 0) {
      return null;
    }
    const holding = this.fragments.find((f) => at >= f.at && at < f.at + f.duration * 1000) ?? this.fragments.find((f) => f.at >= at);
    return holding ? holding.start + Math.max(0, (at - holding.at) / 1000) : null;
  }

  /** The wall-clock time (Unix ms) of a position; null when the playlist gave no program dates. */
  wallClock(position) {
    const holding = this.fragments.find((f) => position >= f.start && position < f.start + f.duration) ?? this.fragments.at(-1);
    return holding ? holding.at + (position - holding.start) * 1000 : null;
  }
}

// How times, durations and counts read on screen, in the browser's own locale and time zone.

export const EVENT_KINDS = { object: 'Object in view', zone: 'In a zone', loiter: 'Loitering' };

export const eventKind = (kind) => EVENT_KINDS[String(kind).toLowerCase()] ?? String(kind);

export const formatCount = (value) => (typeof value === 'number' ? value.toLocaleString() : '—');

/** Local date and time with milliseconds: frames are a fraction of a second apart. */
export function formatTime(iso) {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) {
    return String(iso);
  }
  const clock = time.toLocaleTimeString([], { hour12: false });
  return `${time.toLocaleDateString()} ${clock}.${String(time.getMilliseconds()).padStart(3, '0')}`;
}

/** Local time of day, to the second. */
export const formatClock = (date) => new Date(date).toLocaleTimeString([], { hour12: false });

/** "4.2 s", "3 min 5 s", "2 h 10 min". */
export function formatDuration(ms) {
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

/** Seconds from a file's start as m:ss.s (or h:mm:ss). */
export function formatMediaTime(seconds) {
  const whole = Math.floor(seconds);
  const tenths = Math.floor((seconds - whole) * 10);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}.${tenths}`;
}

export const formatBytes = (bytes) =>
  bytes >= 1073741824 ? `${(bytes / 1073741824).toFixed(1)} GiB` : bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;

/** The local calendar day of a date, as a date input wants it (2026-12-07). */
export const localDay = (date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** A date as a datetime-local input wants it, to the second. */
export const localInput = (date) => `${localDay(date)}T${date.toTimeString().slice(0, 8)}`;

// Every camera's status, polled from GET /api/cameras every 2 s while a view that needs it is shown, and handed to
// whoever listens (the Live grid, the Cameras list, the camera choices of the other views). One request serves them
// all; a hidden tab does not poll.
import { api } from './api.js';
import { byId } from './dom.js';

const POLL_INTERVAL_MS = 2000;

const listeners = new Set();
const feed = {
  cameras: null, // the last list (sorted by id); null before the first answer
  timer: null,
  running: false,
  ticket: 0, // bumped by every poll: only the newest one schedules the next
  // Bumped by every add and remove: a poll that started before one is stale and must not bring back a removed camera.
  mutations: 0,
};

/** Calls listener(cameras, now) with every list, at once with the last one if there is one; returns the unsubscribe. */
export function subscribe(listener) {
  listeners.add(listener);
  if (feed.cameras !== null) {
    listener(feed.cameras, performance.now());
  }
  return () => listeners.delete(listener);
}

export const cameras = () => feed.cameras ?? [];

/** A camera was added or removed here: answers to polls begun before it are dropped. */
export function mutated() {
  feed.mutations++;
}

/** Polls now and every few seconds after; onFirst(ok) decides what the page shows after the first answer. */
export function start() {
  feed.running = true;
  return poll();
}

export function stop() {
  feed.running = false;
  clearTimeout(feed.timer);
  feed.cameras = null;
}

/** Fetches every camera's status and hands it on; the next poll is chained, so polls never overlap. */
export async function poll() {
  clearTimeout(feed.timer);
  if (!feed.running || document.hidden) {
    return;
  }
  const ticket = ++feed.ticket;
  const version = feed.mutations;
  try {
    const list = await (await api('/api/cameras')).json();
    list.sort((a, b) => a.id.localeCompare(b.id));
    if (version === feed.mutations && feed.running && ticket === feed.ticket) {
      feed.cameras = list;
      const now = performance.now();
      for (const listener of listeners) {
        listener(list, now);
      }
    }
    byId('poll-status').textContent = `Updated ${new Date().toLocaleTimeString([], { hour12: false })}`;
    byId('feed-error').textContent = '';
  } catch (error) {
    if (error.status !== 401) {
      byId('feed-error').textContent = `Could not load cameras: ${error.message}`;
    }
  } finally {
    if (feed.running && ticket === feed.ticket) {
      feed.timer = setTimeout(poll, POLL_INTERVAL_MS);
    }
  }
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden && feed.running) {
    poll();
  }
});

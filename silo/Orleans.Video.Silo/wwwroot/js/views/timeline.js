// A time axis shared by several cameras' rows: recorded stretches and events on each, zoomed with the wheel, the
// buttons or the keyboard from two days down to a minute, dragged to pan, clicked to play, shift-dragged to choose a
// range. It draws and reports; what a click means is the caller's (onPlay, onEvent, onRange, onWindow).
import { element } from '../dom.js';
import { formatClock, formatTime } from '../format.js';

export const MIN_WINDOW_MS = 60_000;
export const MAX_WINDOW_MS = 2 * 24 * 3600_000;
const TICK_STEPS_MS = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600].map((s) => s * 1000);
const WHEEL_ZOOM = 1.25;
const CLICK_SLOP_PX = 4; // a press that moves less than this is a click, not a drag

export class Timeline {
  /**
   * root: the element to draw in; callbacks: onPlay(camera, ms), onEvent(camera, event), onRange(from, to),
   * onWindow(from, to), preview(camera, ms) → the address of a picture of that moment (shown under the pointer).
   */
  constructor(root, callbacks) {
    this.root = root;
    this.callbacks = callbacks;
    this.from = Date.now() - 3600_000;
    this.to = Date.now();
    this.rows = new Map(); // camera id -> { spans, events, el }
    this.order = [];
    this.playhead = null; // { camera, at } while something plays
    this.selection = null; // { from, to } chosen with shift-drag
    this.press = null;
    this.hover = null;
    this.axis = element('div', 'timeline-axis');
    this.axis.setAttribute('aria-hidden', 'true');
    this.body = element('div', 'timeline-rows');
    this.tip = element('div', 'timeline-tip');
    this.tipText = element('span');
    this.previewImage = element('img', 'timeline-preview');
    this.previewImage.alt = '';
    this.previewImage.hidden = true;
    this.previewImage.addEventListener('load', () => { this.previewImage.hidden = false; });
    this.previewImage.addEventListener('error', () => { this.previewImage.hidden = true; });
    this.previewTimer = null;
    this.tip.append(this.previewImage, this.tipText);
    this.tip.hidden = true;
    root.replaceChildren(this.body, this.axis, this.tip);
    root.addEventListener('wheel', (event) => this.wheel(event), { passive: false });
    root.addEventListener('pointerdown', (event) => this.pointerDown(event));
    root.addEventListener('pointermove', (event) => this.pointerMove(event));
    root.addEventListener('pointerup', (event) => this.pointerUp(event));
    root.addEventListener('pointerleave', () => {
      this.tip.hidden = true;
      clearTimeout(this.previewTimer);
      this.clearPreview();
    });
    root.addEventListener('keydown', (event) => this.key(event));
  }

  get span() {
    return this.to - this.from;
  }

  /** Shows [from, to) (clamped to the zoom limits); tells onWindow unless quiet. */
  setWindow(from, to, { quiet = false } = {}) {
    let span = Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, to - from));
    const middle = (from + to) / 2;
    if (to - from !== span) {
      from = middle - span / 2;
      to = middle + span / 2;
    }
    this.from = Math.round(from);
    this.to = Math.round(to);
    this.root.dataset.from = new Date(this.from).toISOString();
    this.root.dataset.to = new Date(this.to).toISOString();
    this.draw();
    if (!quiet) {
      this.callbacks.onWindow(this.from, this.to);
    }
  }

  /** Zooms by factor (below 1: in) keeping time <at> under the same place. */
  zoom(factor, at = (this.from + this.to) / 2) {
    const share = (at - this.from) / this.span;
    const span = Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, this.span * factor));
    this.setWindow(at - share * span, at - share * span + span);
  }

  pan(ms) {
    this.setWindow(this.from + ms, this.to + ms);
  }

  /** The cameras shown, in order, and what each recorded and saw in (about) the window. */
  setRows(order, data) {
    this.order = order;
    this.rows = new Map(order.map((id) => [id, data.get(id) ?? { spans: [], events: [] }]));
    this.draw();
  }

  setPlayhead(camera, at) {
    this.playhead = camera === null ? null : { camera, at };
    this.drawPlayhead();
  }

  setSelection(from, to) {
    this.selection = from === null ? null : { from: Math.min(from, to), to: Math.max(from, to) };
    this.draw();
  }

  x(time) {
    return ((time - this.from) / this.span) * 100;
  }

  /** The time under a pointer; the axis spans the same width as the rows' tracks (right of the names). */
  timeAt(clientX) {
    const box = this.axis.getBoundingClientRect();
    return this.from + ((clientX - box.left) / box.width) * this.span;
  }

  draw() {
    const percent = (time) => Math.min(100, Math.max(0, this.x(time)));
    const rows = this.order.map((id) => {
      const data = this.rows.get(id);
      const row = element('div', 'timeline-row');
      row.dataset.cameraId = id;
      const name = element('span', 'timeline-name', id);
      const track = element('div', 'timeline-track');
      for (const span of data.spans) {
        const start = Date.parse(span.start);
        const end = Date.parse(span.end);
        if (end < this.from || start > this.to) {
          continue;
        }
        const bar = element('div', 'rec-span');
        bar.style.left = `${percent(start)}%`;
        bar.style.width = `${Math.max(0, percent(end) - percent(start))}%`;
        bar.title = `${formatTime(span.start)} – ${formatTime(span.end)}`;
        track.append(bar);
      }
      for (const event of data.events) {
        const start = Date.parse(event.start);
        if (start < this.from || start > this.to) {
          continue;
        }
        const mark = element('button', 'rec-event');
        mark.type = 'button';
        mark.style.left = `${percent(start)}%`;
        const end = event.end ? Date.parse(event.end) : Date.now();
        mark.style.width = `${Math.max(0, percent(end) - percent(start))}%`;
        mark.title = `${event.kind} ${event.label}${event.zone ? ` in ${event.zone}` : ''} at ${formatTime(event.start)}: play its clip`;
        mark.setAttribute('aria-label', mark.title);
        mark.addEventListener('click', (e) => {
          e.stopPropagation();
          this.callbacks.onEvent(id, event);
        });
        mark.addEventListener('pointerdown', (e) => e.stopPropagation());
        track.append(mark);
      }
      if (this.selection) {
        const chosen = element('div', 'timeline-selection');
        chosen.style.left = `${percent(this.selection.from)}%`;
        chosen.style.width = `${Math.max(0, percent(this.selection.to) - percent(this.selection.from))}%`;
        track.append(chosen);
      }
      const now = Date.now();
      if (now > this.from && now < this.to) {
        const edge = element('div', 'timeline-now');
        edge.style.left = `${this.x(now)}%`;
        track.append(edge);
      }
      row.append(name, track);
      return row;
    });
    this.body.replaceChildren(...rows);
    this.drawAxis();
    this.drawPlayhead();
  }

  drawAxis() {
    const step = TICK_STEPS_MS.find((s) => this.span / s <= 10) ?? TICK_STEPS_MS.at(-1);
    // Ticks on local clock boundaries: the zone's offset moves the first one.
    const offset = new Date(this.from).getTimezoneOffset() * 60_000;
    let tick = Math.ceil((this.from - offset) / step) * step + offset;
    const ticks = [];
    for (; tick <= this.to; tick += step) {
      const mark = element('span', 'timeline-tick', step < 60_000 ? formatClock(tick) : formatClock(tick).slice(0, 5));
      mark.style.left = `${this.x(tick)}%`;
      ticks.push(mark);
    }
    this.axis.replaceChildren(...ticks);
  }

  drawPlayhead() {
    for (const old of this.body.querySelectorAll('.timeline-playhead')) {
      old.remove();
    }
    if (!this.playhead || this.playhead.at < this.from || this.playhead.at > this.to) {
      return;
    }
    const track = this.body.querySelector(`.timeline-row[data-camera-id="${CSS.escape(this.playhead.camera)}"] .timeline-track`);
    if (track) {
      const line = element('div', 'timeline-playhead');
      line.style.left = `${this.x(this.playhead.at)}%`;
      track.append(line);
    }
  }

  // --- input

  wheel(event) {
    event.preventDefault();
    const factor = event.deltaY > 0 ? WHEEL_ZOOM : 1 / WHEEL_ZOOM;
    this.zoom(factor, this.timeAt(event.clientX));
  }

  pointerDown(event) {
    if (event.button !== 0 || this.order.length === 0) {
      return;
    }
    const row = event.target.closest('.timeline-row');
    this.press = { x: event.clientX, from: this.from, to: this.to, at: this.timeAt(event.clientX), camera: row?.dataset.cameraId ?? null, select: event.shiftKey, moved: false };
    this.root.setPointerCapture(event.pointerId);
  }

  pointerMove(event) {
    this.showTip(event);
    const press = this.press;
    if (!press) {
      return;
    }
    const dx = event.clientX - press.x;
    if (!press.moved && Math.abs(dx) < CLICK_SLOP_PX) {
      return;
    }
    press.moved = true;
    if (press.select) {
      this.setSelection(press.at, this.timeAt(event.clientX));
      return;
    }
    const width = this.axis.getBoundingClientRect().width;
    const shift = (-dx / width) * (press.to - press.from);
    this.setWindow(press.from + shift, press.to + shift, { quiet: true });
  }

  pointerUp(event) {
    const press = this.press;
    this.press = null;
    if (!press) {
      return;
    }
    if (press.moved && press.select && this.selection) {
      this.callbacks.onRange(this.selection.from, this.selection.to);
    } else if (press.moved) {
      this.callbacks.onWindow(this.from, this.to);
    } else if (press.camera) {
      this.callbacks.onPlay(press.camera, this.timeAt(event.clientX));
    }
  }

  showTip(event) {
    const box = this.root.getBoundingClientRect();
    const at = this.timeAt(event.clientX);
    this.tip.hidden = at < this.from || at > this.to;
    this.tipText.textContent = this.span <= 3600_000 ? formatClock(at) : formatClock(at).slice(0, 5);
    this.tip.style.left = `${Math.min(Math.max(event.clientX - box.left, 125), box.width - 125)}px`;
    // Over a recorded stretch, and the pointer rests a moment: a picture of that moment (one request at a time).
    clearTimeout(this.previewTimer);
    const camera = event.target.closest?.('.timeline-row')?.dataset.cameraId;
    const recorded = camera && this.rows.get(camera)?.spans.some((s) => Date.parse(s.start) <= at && Date.parse(s.end) > at);
    if (!recorded || !this.callbacks.preview || this.press?.moved) {
      this.clearPreview();
      return;
    }
    this.previewTimer = setTimeout(() => {
      this.previewImage.src = this.callbacks.preview(camera, Math.floor(at / 1000) * 1000);
    }, 150);
  }

  /** No picture: one still loading for where the pointer was must not show up where it is now. */
  clearPreview() {
    this.previewImage.removeAttribute('src');
    this.previewImage.hidden = true;
  }

  key(event) {
    const keys = {
      '+': () => this.zoom(1 / 2),
      '=': () => this.zoom(1 / 2),
      '-': () => this.zoom(2),
      ArrowLeft: () => this.pan(-this.span / 10),
      ArrowRight: () => this.pan(this.span / 10),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  }
}

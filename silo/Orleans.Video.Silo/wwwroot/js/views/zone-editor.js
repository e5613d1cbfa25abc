// Zones and motion masks drawn on a camera's latest picture. The picture is the camera's snapshot (its processed
// frame, scaled); the points are kept in source pixels (the camera's status gives the source's size), as the API
// stores them.
//
// Mouse and touch: "New zone" (or "New mask"), then a click per corner; a click on the first corner (or Enter, or
// "Finish") closes it. A selected polygon's corners drag; the small circles between corners add one there when
// dragged or clicked; a double click on a corner removes it. A click inside a polygon selects it.

const HANDLE_PX = 9; // how near (CSS pixels) a pointer must be to a corner or a midpoint to take it
const COLOURS = ['#f59e0b', '#22d3ee', '#a78bfa', '#f472b6', '#34d399', '#fb7185'];
const MASK_COLOUR = '#9ca3af';

export class ZoneEditor {
  /** el: { stage, image, canvas, note, list, fields, name, labels, loiter, finish, remove, add, addMask }; onChange(zones, masks). */
  constructor(el, onChange) {
    this.el = el;
    this.onChange = onChange;
    this.zones = []; // { kind: 'zone' | 'mask', points, …the zone's other fields }: what is drawn, in order
    this.selected = -1;
    this.drawing = false;
    this.drag = null; // { zone, point } while a corner is dragged
    this.source = null; // { width, height } of the camera's frames
    this.cameraId = null;
    this.hover = null;
    el.canvas.addEventListener('pointerdown', (event) => this.pointerDown(event));
    el.canvas.addEventListener('pointermove', (event) => this.pointerMove(event));
    el.canvas.addEventListener('pointerup', (event) => this.pointerUp(event));
    el.canvas.addEventListener('pointercancel', () => this.endDrag());
    el.canvas.addEventListener('dblclick', (event) => this.doubleClick(event));
    el.canvas.addEventListener('keydown', (event) => this.key(event));
    el.add.addEventListener('click', () => this.newZone('zone'));
    el.addMask.addEventListener('click', () => this.newZone('mask'));
    el.finish.addEventListener('click', () => this.finish());
    el.remove.addEventListener('click', () => this.removeZone());
    el.name.addEventListener('input', () => this.editSelected((zone) => { zone.name = el.name.value.trim(); }));
    el.labels.addEventListener('input', () => this.editSelected((zone) => {
      const labels = el.labels.value.split(',').map((label) => label.trim()).filter(Boolean);
      if (labels.length > 0) {
        zone.labels = labels;
      } else {
        delete zone.labels;
      }
    }));
    el.loiter.addEventListener('input', () => this.editSelected((zone) => {
      const seconds = Number(el.loiter.value);
      if (el.loiter.value.trim() !== '' && Number.isFinite(seconds) && seconds > 0) {
        zone.loiterSeconds = seconds;
      } else {
        delete zone.loiterSeconds;
      }
    }));
    el.image.addEventListener('load', () => this.pictureLoaded());
    el.image.addEventListener('error', () => this.noPicture(`No picture from ${this.cameraId} yet: zones can be drawn once it has processed a frame, or typed as JSON below.`));
    new ResizeObserver(() => this.draw()).observe(el.stage);
  }

  /** Shows camera <id>'s latest picture to draw on; sourceWidth/Height are its frames' size (0: take the picture's). */
  load(cameraId, sourceWidth, sourceHeight) {
    if (!cameraId) {
      this.cameraId = null;
      this.noPicture('Zones are drawn on a camera\'s picture: add the camera first, or choose Edit on a camera above. Zones can also be typed as JSON below.');
      return;
    }
    this.source = sourceWidth > 0 && sourceHeight > 0 ? { width: sourceWidth, height: sourceHeight } : null;
    if (cameraId === this.cameraId && this.el.image.complete && this.el.image.naturalWidth > 0) {
      return;
    }
    this.cameraId = cameraId;
    this.el.note.textContent = `Loading ${cameraId}'s picture…`;
    this.el.image.src = `/api/cameras/${encodeURIComponent(cameraId)}/snapshot?t=${Date.now()}`;
  }

  pictureLoaded() {
    const { image, canvas, stage, note } = this.el;
    this.source ??= { width: image.naturalWidth, height: image.naturalHeight };
    stage.style.aspectRatio = `${this.source.width} / ${this.source.height}`;
    stage.hidden = false;
    canvas.setAttribute('aria-label', `Zones on the latest picture of camera ${this.cameraId}`);
    note.textContent = `${this.cameraId}'s latest picture, ${this.source.width}×${this.source.height} source pixels. `
      + 'New zone, then click each corner; click the first corner to close it. Drag corners to move them, drag the '
      + 'dots between corners to add one, double-click a corner to remove it.';
    this.draw();
  }

  noPicture(text) {
    this.el.stage.hidden = true;
    this.el.note.textContent = text;
  }

  /** Replaces the zones (from the JSON, or a camera being edited); the masks stay. */
  setZones(zones) {
    this.replace('zone', zones);
  }

  /** Replaces the motion masks (polygons: { points }); the zones stay. */
  setMasks(masks) {
    this.replace('mask', masks);
  }

  replace(kind, values) {
    const others = this.zones.filter((item) => item.kind !== kind);
    const mine = structuredClone(values).map((value) => ({ ...value, kind }));
    this.zones = kind === 'zone' ? [...mine, ...others] : [...others, ...mine];
    this.drawing = false;
    if (this.selected >= this.zones.length) {
      this.selected = this.zones.length - 1;
    }
    this.renderList();
    this.draw();
  }

  newZone(kind) {
    this.finish();
    if (kind === 'mask') {
      this.zones.push({ kind, points: [] });
    } else {
      const names = new Set(this.zones.map((zone) => zone.name));
      let n = this.zones.filter((zone) => zone.kind === 'zone').length + 1;
      while (names.has(`zone-${n}`)) {
        n++;
      }
      this.zones.push({ kind, name: `zone-${n}`, points: [] });
    }
    this.selected = this.zones.length - 1;
    this.drawing = true;
    this.renderList();
    this.draw();
    this.el.canvas.focus({ preventScroll: true });
    this.changed();
  }

  /** Ends drawing; a zone of fewer than 3 corners is no area and is dropped. */
  finish() {
    if (!this.drawing) {
      return;
    }
    this.drawing = false;
    const zone = this.zones[this.selected];
    if (zone && zone.points.length < 3) {
      this.zones.splice(this.selected, 1);
      this.selected = -1;
    }
    this.renderList();
    this.draw();
    this.changed();
  }

  removeZone() {
    if (this.selected < 0) {
      return;
    }
    this.zones.splice(this.selected, 1);
    this.selected = -1;
    this.drawing = false;
    this.renderList();
    this.draw();
    this.changed();
  }

  select(index) {
    if (this.drawing && index !== this.selected) {
      this.finish();
    }
    this.selected = index;
    this.renderList();
    this.draw();
  }

  editSelected(change) {
    const zone = this.zones[this.selected];
    if (zone) {
      change(zone);
      this.renderList({ keepFields: true });
      this.draw();
      this.changed();
    }
  }

  /** Tells the form the zones and masks as the API takes them: without the kind, and without one still being drawn. */
  changed() {
    const done = this.zones.filter((zone) => !(this.drawing && zone === this.zones[this.selected] && zone.points.length < 3));
    const plain = (kind) => done.filter((zone) => zone.kind === kind).map(({ kind: _, ...value }) => value);
    this.onChange(plain('zone'), plain('mask'));
  }

  label(zone) {
    return zone.kind === 'mask' ? `mask ${this.zones.filter((z) => z.kind === 'mask').indexOf(zone) + 1}` : zone.name || '(no name)';
  }

  colour(zone, index) {
    return zone.kind === 'mask' ? MASK_COLOUR : COLOURS[index % COLOURS.length];
  }

  // --- the list of zones and the selected zone's fields

  renderList({ keepFields = false } = {}) {
    const { list, fields, name, labels, loiter, finish } = this.el;
    list.replaceChildren(...this.zones.map((zone, index) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = index === this.selected ? 'zone-chip selected' : 'zone-chip';
      button.style.setProperty('--zone-colour', this.colour(zone, index));
      button.textContent = this.label(zone);
      button.setAttribute('aria-pressed', String(index === this.selected));
      button.addEventListener('click', () => this.select(index));
      return button;
    }));
    const zone = this.zones[this.selected];
    fields.hidden = !zone;
    // A mask is only its polygon: the zone's name, labels and loitering are not its.
    for (const input of [name, labels, loiter]) {
      input.closest('.field').hidden = zone?.kind === 'mask';
    }
    finish.hidden = !this.drawing;
    if (zone && zone.kind === 'zone' && !keepFields) {
      name.value = zone.name ?? '';
      labels.value = (zone.labels ?? []).join(', ');
      loiter.value = zone.loiterSeconds ? String(zone.loiterSeconds) : '';
    }
  }

  // --- pointer

  /** The pointer in source pixels (clamped to the frame), and the CSS-pixel scale for hit tests. */
  at(event) {
    const box = this.el.canvas.getBoundingClientRect();
    const scale = this.source.width / box.width;
    const x = Math.min(this.source.width, Math.max(0, (event.clientX - box.left) * scale));
    const y = Math.min(this.source.height, Math.max(0, (event.clientY - box.top) * (this.source.height / box.height)));
    return { x: Math.round(x), y: Math.round(y), scale };
  }

  /** The corner of the selected zone under the pointer, or -1. */
  cornerAt(p) {
    const zone = this.zones[this.selected];
    if (!zone) {
      return -1;
    }
    const reach = HANDLE_PX * p.scale;
    return zone.points.findIndex((q) => Math.hypot(q.x - p.x, q.y - p.y) <= reach);
  }

  /** The edge (index of its first corner) whose midpoint is under the pointer, or -1. */
  midpointAt(p) {
    const zone = this.zones[this.selected];
    if (!zone || this.drawing || zone.points.length < 3) {
      return -1;
    }
    const reach = HANDLE_PX * p.scale;
    return zone.points.findIndex((q, i) => {
      const r = zone.points[(i + 1) % zone.points.length];
      return Math.hypot((q.x + r.x) / 2 - p.x, (q.y + r.y) / 2 - p.y) <= reach;
    });
  }

  pointerDown(event) {
    if (!this.source || event.button !== 0) {
      return;
    }
    event.preventDefault();
    this.el.canvas.focus({ preventScroll: true });
    const p = this.at(event);
    const corner = this.cornerAt(p);
    const zone = this.zones[this.selected];
    if (this.drawing) {
      if (corner === 0 && zone.points.length >= 3) {
        this.finish();
      } else if (corner < 0) {
        zone.points.push({ x: p.x, y: p.y });
        this.draw();
        this.changed();
      }
      return;
    }
    if (corner >= 0) {
      this.startDrag(event, corner);
      return;
    }
    const edge = this.midpointAt(p);
    if (edge >= 0) {
      zone.points.splice(edge + 1, 0, { x: p.x, y: p.y });
      this.startDrag(event, edge + 1);
      this.draw();
      this.changed();
      return;
    }
    // Topmost (last drawn) zone under the pointer, or none.
    const hit = this.zones.map((z, i) => i).reverse().find((i) => inside(p, this.zones[i].points));
    this.select(hit ?? -1);
  }

  startDrag(event, point) {
    this.drag = { zone: this.selected, point };
    this.el.canvas.setPointerCapture(event.pointerId);
  }

  pointerMove(event) {
    if (!this.source) {
      return;
    }
    const p = this.at(event);
    if (this.drag) {
      const point = this.zones[this.drag.zone]?.points[this.drag.point];
      if (point) {
        point.x = p.x;
        point.y = p.y;
        this.draw();
      }
      return;
    }
    const over = this.cornerAt(p) >= 0 || this.midpointAt(p) >= 0;
    this.el.canvas.style.cursor = over ? 'grab' : this.drawing ? 'crosshair' : 'default';
    if (this.drawing) {
      this.hover = p;
      this.draw();
    }
  }

  pointerUp() {
    if (this.drag) {
      this.endDrag();
      this.changed();
    }
  }

  endDrag() {
    this.drag = null;
  }

  doubleClick(event) {
    if (!this.source || this.drawing) {
      return;
    }
    const zone = this.zones[this.selected];
    const corner = this.cornerAt(this.at(event));
    if (zone && corner >= 0 && zone.points.length > 3) {
      zone.points.splice(corner, 1);
      this.draw();
      this.changed();
    }
  }

  key(event) {
    if (event.key === 'Enter' && this.drawing) {
      event.preventDefault();
      this.finish();
    } else if (event.key === 'Escape' && this.drawing) {
      event.preventDefault();
      event.stopPropagation();
      this.finish();
    }
  }

  // --- drawing

  draw() {
    const { canvas, stage } = this.el;
    if (!this.source || stage.hidden) {
      return;
    }
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const context = canvas.getContext('2d');
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const sx = width / this.source.width;
    const sy = height / this.source.height;
    const toScreen = (q) => [q.x * sx, q.y * sy];
    this.zones.forEach((zone, index) => {
      const colour = this.colour(zone, index);
      const selected = index === this.selected;
      const points = zone.points.map(toScreen);
      if (selected && this.drawing && this.hover) {
        points.push(toScreen(this.hover));
      }
      if (points.length === 0) {
        return;
      }
      context.beginPath();
      context.moveTo(...points[0]);
      for (const point of points.slice(1)) {
        context.lineTo(...point);
      }
      if (!(selected && this.drawing)) {
        context.closePath();
        context.fillStyle = `${colour}${selected ? '55' : '33'}`;
        context.fill();
      }
      context.lineWidth = selected ? 3 : 2;
      context.strokeStyle = colour;
      context.stroke();
      if (zone.points.length > 0) {
        const [x, y] = toScreen(zone.points[0]);
        context.font = '600 13px system-ui, sans-serif';
        const label = this.label(zone);
        context.fillStyle = 'rgb(0 0 0 / 70%)';
        context.fillRect(x + 4, y + 4, context.measureText(label).width + 8, 18);
        context.fillStyle = '#fff';
        context.fillText(label, x + 8, y + 17);
      }
      if (selected) {
        context.fillStyle = '#fff';
        context.strokeStyle = '#000';
        context.lineWidth = 1;
        for (const [x, y] of zone.points.map(toScreen)) {
          context.fillRect(x - 5, y - 5, 10, 10);
          context.strokeRect(x - 5, y - 5, 10, 10);
        }
        if (!this.drawing && zone.points.length >= 3) {
          zone.points.forEach((q, i) => {
            const r = zone.points[(i + 1) % zone.points.length];
            const [x, y] = toScreen({ x: (q.x + r.x) / 2, y: (q.y + r.y) / 2 });
            context.beginPath();
            context.arc(x, y, 4, 0, 2 * Math.PI);
            context.fillStyle = colour;
            context.fill();
            context.stroke();
          });
        }
      }
    });
  }
}

/** Whether point p is inside the polygon (even-odd rule). */
function inside(p, points) {
  let result = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i];
    const b = points[j];
    if ((a.y > p.y) !== (b.y > p.y) && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) {
      result = !result;
    }
  }
  return result;
}

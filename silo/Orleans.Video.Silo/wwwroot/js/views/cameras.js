// Cameras: every camera with its state, where it runs and what it records; the form that adds one or edits one
// (/cameras?edit=ID), with the model's labels to track and zones drawn on the camera's picture. The zones' JSON is
// there too, under "Advanced", kept in step with the drawing.
import { api, cameraPath, getJson, postJson } from '../api.js';
import { byId, clearInvalid, element, markInvalid, setText } from '../dom.js';
import * as feed from '../cameras-feed.js';
import { link, navigate } from '../router.js';
import { canOperate } from '../session.js';
import { filterInputFor, FormError, initLabelPicker, loadModels, readFilter, showModelLabels } from './label-picker.js';
import { ZoneEditor } from './zone-editor.js';

const cameras = {
  shown: false,
  unsubscribe: null,
  rows: new Map(), // camera id -> { tr, cells }
  editing: null, // the camera being edited: its whole view from GET /api/cameras/{id}; null while adding
  editor: null, // ZoneEditor
};

export const camerasView = {
  enter(params) {
    cameras.shown = true;
    cameras.unsubscribe = feed.subscribe(renderList);
    loadModels();
    openForm(params.get('edit'));
  },
  update(params) {
    openForm(params.get('edit'));
  },
  leave() {
    cameras.shown = false;
    cameras.unsubscribe?.();
    cameras.unsubscribe = null;
  },
};

export function initCameras() {
  initLabelPicker();
  cameras.editor = new ZoneEditor({
    stage: byId('zone-stage'),
    image: byId('zone-picture'),
    canvas: byId('zone-canvas'),
    note: byId('zone-note'),
    list: byId('zone-list'),
    fields: byId('zone-fields'),
    name: byId('zone-name'),
    labels: byId('zone-labels'),
    loiter: byId('zone-loiter'),
    finish: byId('zone-finish'),
    remove: byId('zone-delete'),
    add: byId('zone-new'),
    addMask: byId('mask-new'),
  }, (zones, masks) => {
    byId('add-zones').value = zones.length === 0 ? '' : JSON.stringify(zones, null, 1);
    byId('add-masks').value = masks.length === 0 ? '' : JSON.stringify(masks, null, 1);
  });
  byId('add-zones').addEventListener('input', () => {
    // Typed JSON shows in the drawing as soon as it parses; until then the drawing keeps the last good zones.
    try {
      const zones = byId('add-zones').value.trim() === '' ? [] : JSON.parse(byId('add-zones').value);
      if (Array.isArray(zones) && zones.every((zone) => zone && Array.isArray(zone.points))) {
        cameras.editor.setZones(zones);
      }
    } catch {
      // not JSON (yet)
    }
  });
  byId('add-masks').addEventListener('input', () => {
    try {
      const masks = byId('add-masks').value.trim() === '' ? [] : JSON.parse(byId('add-masks').value);
      if (Array.isArray(masks) && masks.every((mask) => mask && Array.isArray(mask.points))) {
        cameras.editor.setMasks(masks);
      }
    } catch {
      // not JSON (yet)
    }
  });
  byId('add-id').addEventListener('change', () => pictureFor(byId('add-id').value.trim()));
  byId('add-form').addEventListener('submit', onSubmit);
  byId('add-cancel').addEventListener('click', () => navigate(link('cameras')));
}

// ---------------------------------------------------------------------------------------------------------------
// The list

function renderList(list) {
  if (!cameras.shown) {
    return;
  }
  const body = byId('camera-rows');
  const seen = new Set();
  list.forEach((camera, index) => {
    seen.add(camera.id);
    const row = cameras.rows.get(camera.id) || createRow(camera.id);
    updateRow(row, camera);
    if (body.children[index] !== row.tr) {
      body.insertBefore(row.tr, body.children[index] || null);
    }
  });
  for (const [id, row] of cameras.rows) {
    if (!seen.has(id)) {
      row.tr.remove();
      cameras.rows.delete(id);
    }
  }
  byId('camera-table').hidden = list.length === 0;
  setText(byId('camera-list-status'), list.length === 0 ? 'No cameras yet: add one below.' : `${list.length} camera${list.length === 1 ? '' : 's'}.`);
  // The Id typed names a camera that has just appeared: its picture, to draw its zones on.
  const typed = byId('add-id').value.trim();
  if (cameras.editing === null && cameras.editor.cameraId === null && seen.has(typed)) {
    pictureFor(typed);
  }
}

function createRow(id) {
  const tr = document.createElement('tr');
  tr.dataset.cameraId = id;
  const cell = (className = '') => {
    const td = element('td', className);
    tr.append(td);
    return td;
  };
  const row = {
    tr,
    id: cell(),
    state: cell(),
    model: cell(),
    source: cell('source'),
    host: cell(),
    zones: cell(),
    recording: cell(),
    actions: cell('actions'),
  };
  const name = element('a', '', id);
  name.href = link('live', { camera: id });
  row.id.append(name);
  const edit = element('button', 'secondary needs-operator', 'Edit');
  edit.type = 'button';
  edit.setAttribute('aria-label', `Edit camera ${id}`);
  edit.addEventListener('click', () => navigate(link('cameras', { edit: id })));
  const remove = element('button', 'danger remove needs-operator', 'Remove');
  remove.type = 'button';
  remove.setAttribute('aria-label', `Remove camera ${id}`);
  remove.addEventListener('click', () => removeCamera(id, remove));
  row.actions.append(edit, ' ', remove);
  cameras.rows.set(id, row);
  return row;
}

function updateRow(row, camera) {
  const state = camera.lastError ? `${camera.state}: ${camera.lastError}` : String(camera.state);
  setText(row.state, state);
  row.state.className = `state-text state-${String(camera.state).toLowerCase()}`;
  setText(row.model, camera.model ?? '—');
  setText(row.source, camera.source ?? '—');
  row.source.title = camera.source ?? '';
  setText(row.host, camera.host ?? '—');
  setText(row.zones, (camera.zoneNames ?? []).join(', ') || 'none');
  setText(row.recording, camera.recording ? String(camera.recordMode ?? 'continuous').toLowerCase()
    : camera.recordingError ? `not recording: ${camera.recordingError}` : 'off');
}

async function removeCamera(id, button) {
  if (!window.confirm(`Remove camera "${id}"? It stops now; its stored detections, events and recordings stay.`)) {
    return;
  }
  button.disabled = true;
  try {
    await api(cameraPath(id), { method: 'DELETE' });
  } catch (failure) {
    // 404: someone else removed it already, which is what was wanted.
    if (failure.status !== 404) {
      button.disabled = false;
      if (failure.status !== 401) {
        setText(byId('camera-list-error'), `Could not remove ${id}: ${failure.message}`);
      }
      return;
    }
  }
  feed.mutated();
  cameras.rows.get(id)?.tr.remove();
  cameras.rows.delete(id);
  setText(byId('add-status'), `Camera ${id} removed.`);
  // The focused button is gone with its row: give focus a sensible place instead of the page top.
  byId('camera-list-heading').focus();
  if (cameras.editing?.id === id) {
    navigate(link('cameras'));
  }
  feed.poll();
}

// ---------------------------------------------------------------------------------------------------------------
// The form: add, or edit (/cameras?edit=ID)

async function openForm(editId) {
  const form = byId('add-form');
  setText(byId('add-error'), '');
  clearFieldErrors();
  if (!editId) {
    if (cameras.editing !== null) {
      cameras.editing = null;
      form.reset();
      byId('add-model').value = 'objects';
      showModelLabels({});
      cameras.editor.setZones([]);
      cameras.editor.setMasks([]);
    }
    setText(byId('add-heading'), 'Add a camera');
    byId('add-submit').textContent = 'Add camera';
    byId('add-id').readOnly = false;
    byId('add-cancel').hidden = true;
    pictureFor(byId('add-id').value.trim());
    return;
  }
  try {
    const camera = await getJson(cameraPath(editId));
    cameras.editing = camera;
    setText(byId('add-heading'), `Edit camera ${camera.id}`);
    byId('add-submit').textContent = 'Save camera';
    byId('add-cancel').hidden = false;
    byId('add-id').value = camera.id;
    byId('add-id').readOnly = true;
    byId('add-source').value = camera.source ?? '';
    byId('add-fps').value = camera.fps ?? '';
    byId('add-model').value = camera.model ?? '';
    byId('add-loop').checked = camera.loop ?? true;
    showModelLabels(camera.filter ?? {});
    byId('add-alert-labels').value = (camera.alerts?.labels ?? []).join(', ');
    byId('add-alert-zones').value = (camera.alerts?.zones ?? []).join(', ');
    const zones = camera.zones ?? [];
    byId('add-zones').value = zones.length === 0 ? '' : JSON.stringify(zones, null, 1);
    cameras.editor.setZones(zones);
    const masks = camera.motionMasks ?? [];
    byId('add-masks').value = masks.length === 0 ? '' : JSON.stringify(masks, null, 1);
    cameras.editor.setMasks(masks);
    cameras.editor.load(camera.id, camera.sourceWidth, camera.sourceHeight);
    if (!canOperate()) {
      setText(byId('add-status'), 'Your key may look at this camera\'s settings but not change them.');
    }
    byId('add-form-section').scrollIntoView({ block: 'start' });
    byId('add-source').focus();
  } catch (failure) {
    if (failure.status !== 401) {
      setText(byId('add-error'), `Could not open camera ${editId}: ${failure.message}`);
    }
  }
}

/** The picture to draw zones on: the camera the Id field names, if it exists. */
function pictureFor(id) {
  const camera = feed.cameras().find((c) => c.id === id);
  cameras.editor.load(camera ? camera.id : null, camera?.sourceWidth ?? 0, camera?.sourceHeight ?? 0);
}

async function onSubmit(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const error = byId('add-error');
  const status = byId('add-status');
  error.textContent = '';
  status.textContent = '';
  clearInvalid(form);
  clearFieldErrors();
  cameras.editor.finish();
  const fps = form.elements.fps.value.trim();
  const editing = cameras.editing;
  // An edit sends the camera's whole configuration, with the form's fields over it: what the form does not show
  // (recording, transport, hardware decoding) stays as it was. A source shown masked (user:***@) goes back masked,
  // and the silo keeps its stored password.
  const camera = {
    ...(editing === null ? {} : storedConfig(editing)),
    id: form.elements.id.value.trim(),
    source: form.elements.source.value.trim(),
    // An empty or non-numeric fps goes to the API as null, and the API says what it must be.
    fps: fps === '' || Number.isNaN(Number(fps)) ? null : Number(fps),
    model: form.elements.model.value.trim(),
    loop: form.elements.loop.checked,
  };
  try {
    // Sent only when given, so a plain camera's body stays what it was before zones existed.
    const zones = readPolygons('add-zones', 'zones', '[{"name":"door","points":[{"x":0,"y":0},{"x":640,"y":0},{"x":640,"y":360}]}]');
    const masks = readPolygons('add-masks', 'motion masks', '[{"points":[{"x":0,"y":0},{"x":400,"y":0},{"x":400,"y":60}]}]');
    const filter = readFilter();
    if (zones !== null) {
      camera.zones = zones;
    } else if (editing !== null) {
      camera.zones = [];
    }
    if (masks !== null) {
      camera.motionMasks = masks;
    } else if (editing !== null) {
      delete camera.motionMasks;
    }
    if (filter !== null) {
      camera.filter = filter;
    } else {
      delete camera.filter;
    }
    const alerts = readAlerts();
    if (alerts !== null) {
      camera.alerts = alerts;
    } else {
      delete camera.alerts;
    }
  } catch (failure) {
    // What the browser can tell without the API (unparseable JSON, a non-number): the API is not called.
    error.textContent = `Could not ${editing ? 'save' : 'add'} the camera: ${failure.message}`;
    showFieldError(byId(failure.inputId), failure.message);
    return;
  }
  const submit = byId('add-submit');
  submit.disabled = true;
  try {
    await postJson('/api/cameras', camera);
    feed.mutated();
    if (editing !== null) {
      status.textContent = `Camera ${camera.id} saved.`;
      navigate(link('cameras'));
    } else {
      status.textContent = `Camera ${camera.id} added.`;
      form.elements.id.value = '';
      form.elements.source.value = '';
      byId('add-zones').value = '';
      byId('add-masks').value = '';
      cameras.editor.setZones([]);
      cameras.editor.setMasks([]);
      pictureFor('');
    }
    feed.poll();
  } catch (failure) {
    if (failure.status !== 401) {
      error.textContent = `Could not ${editing ? 'save' : 'add'} the camera: ${failure.message}`;
      showFieldError(inputFor(failure.message), failure.message);
    }
  } finally {
    submit.disabled = false;
  }
}

/** The alert rules typed, null when both lists are empty (the silo's default: what happens in a zone alerts). */
function readAlerts() {
  const list = (id) => byId(id).value.split(',').map((text) => text.trim()).filter((text) => text !== '');
  const labels = list('add-alert-labels');
  const zones = list('add-alert-zones');
  return labels.length === 0 && zones.length === 0 ? null : { labels, zones };
}

/** What POST /api/cameras takes from a camera's view: its whole configuration. */
function storedConfig(view) {
  const keys = ['motionGate', 'zones', 'filter', 'record', 'recordSource', 'rtspTransport', 'hwaccel', 'keyframesOnly', 'tlsVerify', 'alerts'];
  return Object.fromEntries(keys.filter((key) => view[key] !== null && view[key] !== undefined).map((key) => [key, view[key]]));
}

/**
 * A polygons' JSON (zones, motion masks) as an array, null when empty; the API checks the polygons themselves and
 * names the one at fault.
 */
function readPolygons(inputId, what, example) {
  const text = byId(inputId).value.trim();
  if (text === '') {
    return null;
  }
  let polygons;
  try {
    polygons = JSON.parse(text);
  } catch (parseError) {
    byId('zones-advanced').open = true;
    throw new FormError(inputId, `${what} are not valid JSON (${parseError.message}). Expected an array such as ${example}.`);
  }
  if (!Array.isArray(polygons)) {
    byId('zones-advanced').open = true;
    throw new FormError(inputId, `${what} must be a JSON array, such as ${example}, not a single value.`);
  }
  return polygons;
}

// Which input an API message is about. Rules start with their field ("fps must be …", "zone 'door': …"); a body
// the JSON reader refused ends with the path it stopped at. The filter's are the label picker's (filterInputFor).
const MESSAGE_FIELDS = [
  [/^id\b/, 'add-id'],
  [/^source\b/, 'add-source'],
  [/^fps\b/, 'add-fps'],
  [/^model\b/, 'add-model'],
  [/^(zones\b|zone ')|Path: \$\.zones/i, 'add-zones'],
  [/^alerts\.labels|Path: \$\.alerts\.labels/i, 'add-alert-labels'],
  [/^alerts\.zones|Path: \$\.alerts\.zones/i, 'add-alert-zones'],
  [/^motionMasks|Path: \$\.motionMasks/i, 'add-masks'],
];

function inputFor(message) {
  const match = MESSAGE_FIELDS.find(([pattern]) => pattern.test(message));
  const input = filterInputFor(message) ?? (match ? byId(match[1]) : null);
  if (input?.id === 'add-zones' || input?.id === 'add-masks') {
    byId('zones-advanced').open = true;
  }
  return input;
}

/** The message next to the field it is about (and the field marked and focused); the form's own line keeps it too. */
function showFieldError(input, message) {
  if (!input) {
    return;
  }
  const holder = input.closest('td, .field, fieldset') ?? input.parentElement;
  const note = element('p', 'field-error', message);
  note.id = `${input.id}-error`;
  holder.append(note);
  markInvalid(input, note.id);
}

function clearFieldErrors() {
  for (const note of byId('add-form').querySelectorAll('.field-error')) {
    note.remove();
  }
}

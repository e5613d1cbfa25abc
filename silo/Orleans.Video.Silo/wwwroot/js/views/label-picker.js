// The camera form's "Labels to track": the silo's models and their labels from GET /api/models, the chosen model's
// labels as checkboxes (person checked when the model has it, else every label, as the silo's own default), each
// checked label with its own minimum score and area range, and the filter they make for POST /api/cameras.
import { getJson } from '../api.js';
import { byId } from '../dom.js';

const MODELS_RETRY_MS = 2000;

const picker = {
  models: null, // Map: lower-case model name -> { name, labels } once GET /api/models answered, for this login
  shownModel: null, // the model whose labels the checkboxes show: changing it anew resets the choice
  timer: null,
  nextId: 0, // the inputs made here get ids, so an error can point at one
  pending: null, // a filter to show once the models are known (a camera opened for editing before that)
};

/** A problem with one input of the camera form, found before calling the API. */
export class FormError extends Error {
  constructor(inputId, message) {
    super(message);
    this.inputId = inputId;
  }
}

export function initLabelPicker() {
  byId('add-model').addEventListener('input', () => showModelLabels());
}

/** Reads the models (again after a new login); retried while the API cannot answer. */
export async function loadModels() {
  clearTimeout(picker.timer);
  if (picker.models !== null) {
    return;
  }
  try {
    const models = await getJson('/api/models');
    picker.models = new Map(models.map((m) => [m.model.toLowerCase(), { name: m.model, labels: m.labels ?? [] }]));
    fillModelChoices(models);
    showModelLabels();
  } catch (error) {
    if (error.status !== 401) {
      picker.timer = setTimeout(loadModels, MODELS_RETRY_MS);
    }
  }
}

/** The session ended: the next one reads the models anew. */
export function forgetModels() {
  clearTimeout(picker.timer);
  picker.models = null;
  picker.shownModel = null;
}

function fillModelChoices(models) {
  byId('models').replaceChildren(...models.map((m) => {
    const option = document.createElement('option');
    option.value = m.model;
    const labels = m.labels ?? [];
    option.textContent = labels.length === 0 ? 'labels not known' : labels.length <= 3 ? labels.join(', ') : `${labels.length} labels`;
    return option;
  }));
}

/** The chosen model's labels; null when the models are not read yet or the name is not one of them. */
function chosenModelLabels() {
  const name = byId('add-model').value.trim().toLowerCase();
  return picker.models?.get(name)?.labels ?? null;
}

/**
 * Shows the chosen model's labels as checkboxes, or the free-text field for a model whose labels are not known.
 * With a filter (a camera being edited), its labels are the ones checked and its thresholds fill the rows.
 */
export function showModelLabels(filter = undefined) {
  if (filter !== undefined) {
    picker.pending = filter;
    picker.shownModel = null;
  }
  const model = byId('add-model').value.trim().toLowerCase();
  if (picker.models === null || model === picker.shownModel) {
    return;
  }
  picker.shownModel = model;
  const wanted = picker.pending;
  picker.pending = null;
  const labels = chosenModelLabels() ?? [];
  const choices = byId('add-label-choices');
  const checked = wanted?.labels?.length ? wanted.labels.map((l) => l.toLowerCase()) : defaultLabels(labels).map((l) => l.toLowerCase());
  choices.replaceChildren(...labels.map((label) => {
    const box = document.createElement('input');
    box.id = `add-track-${picker.nextId++}`;
    box.type = 'checkbox';
    box.name = 'track';
    box.value = label;
    box.checked = checked.includes(label.toLowerCase());
    box.addEventListener('change', showLabelRules);
    const text = document.createElement('label');
    text.append(box, label);
    return text;
  }));
  choices.hidden = labels.length === 0;
  byId('add-labels-field').hidden = labels.length > 0;
  if (wanted !== null) {
    byId('add-labels').value = labels.length === 0 ? (wanted.labels ?? []).join(', ') : '';
    byId('add-min-score').value = wanted.minScore ?? '';
  }
  byId('add-label-rules').querySelector('tbody').replaceChildren();
  showLabelRules();
  for (const [label, rule] of Object.entries(wanted?.perLabel ?? {})) {
    const row = [...byId('add-label-rules').querySelector('tbody').rows].find((r) => r.dataset.label.toLowerCase() === label.toLowerCase());
    for (const input of row?.querySelectorAll('input') ?? []) {
      input.value = rule[input.dataset.field] ?? '';
    }
  }
}

/** What the silo tracks when no labels are named: person where the model has it, else every label. */
function defaultLabels(labels) {
  const person = labels.find((label) => label.toLowerCase() === 'person');
  return person === undefined ? labels : [person];
}

function checkedLabels() {
  return [...byId('add-label-choices').querySelectorAll('input[type="checkbox"]:checked')].map((box) => box.value);
}

/** A row of thresholds per checked label; a row keeps what was typed in it while its label stays checked. */
function showLabelRules() {
  const table = byId('add-label-rules');
  const body = table.querySelector('tbody');
  const rows = new Map([...body.rows].map((row) => [row.dataset.label, row]));
  const checked = checkedLabels();
  body.replaceChildren(...checked.map((label) => rows.get(label) ?? labelRuleRow(label)));
  table.hidden = checked.length === 0;
}

const RULE_FIELDS = [
  ['minScore', 'Min score', { min: '0', max: '1', placeholder: '0–1' }],
  ['minArea', 'Min area', { min: '0', placeholder: 'px' }],
  ['maxArea', 'Max area', { min: '1', placeholder: 'px' }],
];

function labelRuleRow(label) {
  const row = document.createElement('tr');
  row.dataset.label = label;
  const name = document.createElement('th');
  name.scope = 'row';
  name.textContent = label;
  row.append(name);
  for (const [field, title, attributes] of RULE_FIELDS) {
    const input = document.createElement('input');
    input.id = `add-rule-${picker.nextId++}`;
    input.type = 'number';
    input.step = 'any';
    input.dataset.field = field;
    input.setAttribute('aria-label', `${title} for ${label}`);
    for (const [key, value] of Object.entries(attributes)) {
      input.setAttribute(key, value);
    }
    const cell = document.createElement('td');
    cell.append(input);
    row.append(cell);
  }
  return row;
}

/**
 * The filter for POST /api/cameras; null when it says nothing beyond the silo's default (its default labels, any
 * score and size), so a plain camera's body stays what it was. Throws a FormError for what the page can tell itself.
 */
export function readFilter() {
  const minScoreInput = byId('add-min-score');
  // A number input reports text that is not a number as "" with badInput: say so rather than silently drop it.
  if (minScoreInput.validity.badInput) {
    throw new FormError('add-min-score', 'min score must be a number from 0 to 1.');
  }
  const minScore = minScoreInput.value.trim();
  const filter = {};
  if (minScore !== '') {
    filter.minScore = Number(minScore);
  }
  const modelLabels = chosenModelLabels();
  if (modelLabels !== null && modelLabels.length > 0) {
    const checked = checkedLabels();
    if (checked.length === 0) {
      throw new FormError(byId('add-label-choices').querySelector('input').id, 'check at least one label to track.');
    }
    const perLabel = readLabelRules();
    // The silo's own default needs no words: the stored camera then follows the model's default.
    const defaults = defaultLabels(modelLabels);
    if (checked.length !== defaults.length || checked.some((label) => !defaults.includes(label)) || perLabel !== null) {
      filter.labels = checked;
    }
    if (perLabel !== null) {
      filter.perLabel = perLabel;
    }
  } else {
    const labels = byId('add-labels').value.split(',').map((label) => label.trim()).filter((label) => label !== '');
    if (labels.length > 0) {
      filter.labels = labels;
    }
  }
  return Object.keys(filter).length === 0 ? null : filter;
}

/** The checked labels' own thresholds, only those given; null when none is. */
function readLabelRules() {
  const perLabel = {};
  for (const row of byId('add-label-rules').querySelector('tbody').rows) {
    const rule = {};
    for (const input of row.querySelectorAll('input')) {
      if (input.validity.badInput) {
        throw new FormError(input.id, `${input.getAttribute('aria-label').toLowerCase()} must be a number.`);
      }
      if (input.value.trim() !== '') {
        rule[input.dataset.field] = Number(input.value);
      }
    }
    if (Object.keys(rule).length > 0) {
      perLabel[row.dataset.label] = rule;
    }
  }
  return Object.keys(perLabel).length === 0 ? null : perLabel;
}

/**
 * The input an API message about the filter names ("filter.perLabel.car.maxArea …", "filter.labels[1]: …"), or
 * null when it is about something else.
 */
export function filterInputFor(message) {
  const rule = /^filter\.perLabel\.([^.:\s]+)\.(minScore|minArea|maxArea)\b/.exec(message);
  if (rule) {
    const row = [...byId('add-label-rules').querySelector('tbody').rows].find((r) => r.dataset.label === rule[1]);
    const input = row?.querySelector(`input[data-field="${rule[2]}"]`);
    if (input) {
      return input;
    }
  }
  if (/^filter\.minScore|Path: \$\.filter\.minScore/i.test(message)) {
    return byId('add-min-score');
  }
  if (/^filter\.(labels|perLabel)|Path: \$\.filter/i.test(message)) {
    return byId('add-labels-field').hidden ? byId('add-label-choices').querySelector('input') : byId('add-labels');
  }
  return null;
}

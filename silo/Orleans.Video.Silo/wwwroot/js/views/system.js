// System: what needs attention first, then every silo with its membership status, machine CPU, memory, GPU or CPU
// inference (each model's provider, queue and frames), media volume, and the cameras it decodes and infers; and,
// for an admin, the notification connections. From GET /api/system (and /api/notifications), every 5 s while shown.
import { getJson } from '../api.js';
import { byId, element, setText } from '../dom.js';
import { formatBytes, formatCount, formatDuration } from '../format.js';
import { link } from '../router.js';
import { session } from '../session.js';

const REFRESH_MS = 5000;

const system = { shown: false, timer: null, ticket: 0 };

export const systemView = {
  enter() {
    system.shown = true;
    load();
  },
  update() {},
  leave() {
    system.shown = false;
    clearTimeout(system.timer);
    system.ticket++;
  },
};

export function initSystem() {}

async function load() {
  clearTimeout(system.timer);
  const ticket = ++system.ticket;
  try {
    const [state, notifications] = await Promise.all([
      getJson('/api/system'),
      session.role === 'admin' ? getJson('/api/notifications').catch(() => null) : Promise.resolve(null),
    ]);
    if (ticket !== system.ticket || !system.shown) {
      return;
    }
    render(state, notifications);
    setText(byId('system-error'), '');
  } catch (failure) {
    if (ticket === system.ticket && failure.status !== 401) {
      setText(byId('system-error'), `Could not load the system's state: ${failure.message}`);
    }
  } finally {
    if (ticket === system.ticket && system.shown) {
      system.timer = setTimeout(load, REFRESH_MS);
    }
  }
}

function render(state, notifications) {
  const attention = byId('system-attention');
  attention.replaceChildren(...state.attention.map((note) => element('li', '', note)));
  byId('system-attention-none').hidden = state.attention.length > 0;
  setText(byId('system-summary'), `${state.silos.length} silo${state.silos.length === 1 ? '' : 's'}, `
    + `${state.camerasRunning} of ${state.cameras} camera${state.cameras === 1 ? '' : 's'} running; updated ${new Date(state.at).toLocaleTimeString([], { hour12: false })}.`);
  byId('system-silos').replaceChildren(...state.silos.map(siloCard));
  renderRecordings(state.recordings);
  const panel = byId('system-notifications');
  panel.hidden = notifications === null;
  if (notifications !== null) {
    byId('system-notifications-body').textContent = JSON.stringify(notifications, null, 2);
  }
}

/** Per recording camera: what it keeps and since when (its retention horizon). */
function renderRecordings(recordings) {
  byId('system-recordings').hidden = recordings.length === 0;
  byId('system-recording-rows').replaceChildren(...recordings.map((camera) => {
    const row = element('tr');
    const anchor = element('a', '', camera.cameraId);
    anchor.href = link('recordings', { camera: camera.cameraId });
    const name = element('td');
    name.append(anchor);
    const since = camera.oldest ? `${new Date(camera.oldest).toLocaleString()} (${formatDuration(Date.now() - Date.parse(camera.oldest))} back)` : 'nothing yet';
    row.append(name, element('td', '', String(camera.mode).toLowerCase()), element('td', 'num', formatBytes(camera.bytes)), element('td', '', since));
    return row;
  }));
}

function siloCard(silo) {
  const card = element('li', 'panel silo-card');
  card.dataset.silo = silo.address;
  const head = element('div', 'panel-head');
  head.append(element('h3', '', silo.name), element('span', `state state-${silo.status === 'Active' ? 'running' : 'failed'}`, silo.status));
  card.append(head, element('p', 'hint', silo.address));
  const report = silo.report;
  const stats = element('dl', 'stats');
  const stat = (name, value) => {
    const div = element('div');
    div.append(element('dt', '', name), element('dd', '', value));
    stats.append(div);
  };
  if (report) {
    stat('CPU (machine)', report.cpuPercent === null ? '—' : `${report.cpuPercent.toFixed(0)} % of ${report.cores} cores`);
    stat('Memory (silo)', `${formatBytes(report.memoryBytes)} of ${formatBytes(report.totalMemoryBytes)}`);
    stat('Inference', report.gpu ? 'GPU silo' : 'CPU');
    stat('Media volume', report.storageCapacityBytes
      ? `${formatBytes(report.storageAvailableBytes)} free of ${formatBytes(report.storageCapacityBytes)}`
      : 'no recording storage');
  } else {
    stat('Report', 'none lately');
  }
  stat('Cameras decoded', formatCount(silo.cameras.length));
  stat('Cameras inferred', formatCount(silo.inference.length));
  card.append(stats);
  if (report && report.models.length > 0) {
    const table = element('table', 'models');
    table.innerHTML = '<thead><tr><th scope="col">Model</th><th scope="col">Runs on</th><th scope="col" class="num">Queue</th><th scope="col" class="num">Frames</th><th scope="col">State</th></tr></thead>';
    const body = element('tbody');
    for (const model of report.models) {
      const row = element('tr');
      row.append(
        element('td', '', model.model),
        element('td', '', model.provider ?? '—'),
        element('td', 'num', formatCount(model.queueLength)),
        element('td', 'num', formatCount(model.frames)),
        element('td', model.error ? 'error-text' : '', model.error ?? (model.loaded ? 'loaded' : 'not loaded yet')));
      body.append(row);
    }
    table.append(body);
    const wrap = element('div', 'table-wrap');
    wrap.append(table);
    card.append(wrap);
  }
  if (silo.cameras.length > 0) {
    const list = element('p', 'silo-cameras');
    list.append('Decodes: ');
    silo.cameras.forEach((id, index) => {
      const anchor = element('a', '', id);
      anchor.href = link('live', { camera: id });
      list.append(...(index > 0 ? [', ', anchor] : [anchor]));
    });
    card.append(list);
  }
  return card;
}

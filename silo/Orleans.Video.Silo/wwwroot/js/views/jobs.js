// Jobs: upload a file (or name one on the silos) for analysis, follow the jobs' progress, and look at a job's results
// (/jobs?job=ID): its file in a player and its events, each of which seeks the player to where it starts.
import { api, jobPath, postJson, signalUnauthorized } from '../api.js';
import { byId, setText } from '../dom.js';
import { eventKind, formatDuration, formatMediaTime } from '../format.js';
import { link, navigate } from '../router.js';

const JOBS_POLL_MS = 2000;

const jobs = {
  shown: false,
  timer: null,
  ticket: 0,
  rows: new Map(), // job id -> row (see createJobRow): updated in place, not rebuilt
  open: null, // the job whose results are open
  pending: null, // a job the address names, opened once the list has it
};

/** Lists the jobs and refreshes their rows; again every few seconds while logged in and the tab is shown. */
async function pollJobs() {
  clearTimeout(jobs.timer);
  if (!jobs.shown) {
    return;
  }
  if (document.hidden) {
    jobs.timer = setTimeout(pollJobs, JOBS_POLL_MS);
    return;
  }
  // Only the newest call goes on polling: one made while another waits (after a submit) must not start a second chain.
  const ticket = ++jobs.ticket;
  try {
    const list = await (await api('/api/jobs?limit=50')).json();
    if (jobs.shown && ticket === jobs.ticket) {
      renderJobs(list);
      if (jobs.pending !== null && jobs.rows.has(jobs.pending)) {
        const id = jobs.pending;
        jobs.pending = null;
        showJobResults(id);
      }
    }
  } catch (error) {
    if (error.status !== 401) {
      setText(byId('job-error'), `Jobs: ${error.message}`);
    }
  }
  if (jobs.shown && ticket === jobs.ticket) {
    jobs.timer = setTimeout(pollJobs, JOBS_POLL_MS);
  }
}

function renderJobs(list) {
  const body = byId('job-rows');
  const seen = new Set();
  list.forEach((job, index) => {
    seen.add(job.id);
    let row = jobs.rows.get(job.id);
    if (!row) {
      row = createJobRow(job.id);
      jobs.rows.set(job.id, row);
    }
    if (body.children[index] !== row) {
      body.insertBefore(row, body.children[index] || null);
    }
    updateJobRow(row, job);
  });
  for (const [id, row] of jobs.rows) {
    if (!seen.has(id)) {
      row.remove();
      jobs.rows.delete(id);
    }
  }
  byId('job-table').hidden = list.length === 0;
}

function createJobRow(id) {
  const row = document.createElement('tr');
  row.dataset.jobId = id;
  row.innerHTML = '<td class="job-name"></td><td class="job-state"></td><td><progress class="job-progress" max="1" value="0"></progress> '
    + '<span class="job-percent"></span></td><td class="num job-fps"></td><td class="job-left"></td><td class="num job-events"></td>'
    + '<td><button type="button" class="secondary job-show">Results</button> <button type="button" class="danger job-remove needs-operator"></button></td>';
  row.querySelector('.job-show').addEventListener('click', () => navigate(link('jobs', { job: id })));
  row.querySelector('.job-remove').addEventListener('click', () => removeJob(id));
  return row;
}

function updateJobRow(row, job) {
  row.job = job;
  setText(row.querySelector('.job-name'), job.name);
  row.querySelector('.job-name').title = job.id;
  setText(row.querySelector('.job-state'), job.error ? `${job.state}: ${job.error}` : job.state);
  row.querySelector('.job-progress').value = job.progress;
  setText(row.querySelector('.job-percent'), `${Math.floor(job.progress * 100)}% of ${job.framesTotal.toLocaleString()} frames`);
  setText(row.querySelector('.job-fps'), job.framesPerSecond > 0 ? job.framesPerSecond.toFixed(0) : '—');
  setText(row.querySelector('.job-left'), job.secondsLeft === null ? '—' : formatDuration(job.secondsLeft * 1000));
  setText(row.querySelector('.job-events'), job.events.toLocaleString());
  const ended = job.state === 'Done' || job.state === 'Failed' || job.state === 'Cancelled';
  const remove = row.querySelector('.job-remove');
  setText(remove, ended ? 'Remove' : 'Cancel');
  remove.setAttribute('aria-label', `${ended ? 'Remove' : 'Cancel'} job ${job.name}`);
  row.querySelector('.job-show').setAttribute('aria-label', `Show results of job ${job.name}`);
  row.dataset.state = job.state;
}

/** Submits the form: an upload (with its progress) when a file is chosen, else the named file on the silos. */
async function onSubmitJob(event) {
  event.preventDefault();
  const error = byId('job-error');
  const status = byId('job-status');
  setText(error, '');
  setText(status, '');
  const file = byId('job-file').files[0];
  const source = byId('job-source').value.trim();
  const options = { model: byId('job-model').value.trim(), fps: Number(byId('job-fps').value || 0), annotate: byId('job-annotate').checked };
  if (!file && !source) {
    setText(error, 'Choose a file to upload, or name a file on the silos.');
    return;
  }
  byId('job-submit').disabled = true;
  try {
    const job = file ? await uploadJob(file, options) : await (await postJson('/api/jobs', { source, ...options })).json();
    setText(status, `Job ${job.id} accepted: ${job.name}.`);
    byId('job-form').reset();
    pollJobs();
  } catch (failure) {
    setText(error, `Not accepted: ${failure.message}`);
  } finally {
    byId('job-submit').disabled = false;
  }
}

/** POSTs the file as multipart/form-data with XMLHttpRequest, whose upload events fetch does not have. */
function uploadJob(file, options) {
  const progress = byId('job-upload');
  progress.hidden = false;
  progress.value = 0;
  const form = new FormData();
  form.append('model', options.model);
  form.append('fps', String(options.fps));
  form.append('annotate', String(options.annotate));
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/jobs');
    request.withCredentials = true;
    request.setRequestHeader('Accept', 'application/json');
    request.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) {
        progress.value = e.loaded / e.total;
        setText(byId('job-status'), `Uploading ${file.name}: ${Math.floor((100 * e.loaded) / e.total)}%`);
      }
    });
    request.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // not JSON: the status says enough
      }
      if (request.status === 401) {
        signalUnauthorized();
        reject(new Error('please log in'));
      } else if (request.status >= 200 && request.status < 300) {
        progress.value = 1;
        resolve(body);
      } else {
        reject(new Error((body && (body.detail || body.title)) || `HTTP ${request.status}`));
      }
    });
    request.addEventListener('error', () => reject(new Error('the upload did not reach the silo')));
    request.send(form);
  });
}

async function removeJob(id) {
  const row = jobs.rows.get(id);
  try {
    await api(jobPath(id), { method: 'DELETE' });
    if (row && row.dataset.state !== 'Running' && row.dataset.state !== 'Queued') {
      row.remove();
      jobs.rows.delete(id);
      if (jobs.open === id) {
        navigate(link('jobs'));
      }
    }
    pollJobs();
  } catch (error) {
    setText(byId('job-error'), `Job ${id}: ${error.message}`);
  }
}

/** Opens a job's results: its file in the player and its events, each a button that plays from its start. */
async function showJobResults(id) {
  const panel = byId('job-results');
  const video = byId('job-video');
  jobs.open = id;
  panel.hidden = false;
  const row = jobs.rows.get(id);
  setText(byId('job-results-heading'), `Results of ${row ? row.querySelector('.job-name').textContent : id}`);
  const job = row ? row.job : null;
  const toggle = byId('job-video-toggle');
  toggle.hidden = !(job && job.annotated);
  if (video.dataset.jobId !== id) {
    video.dataset.jobId = id;
    // The annotated output when there is one: boxes drawn where the events' objects are.
    playJobVideo(job && job.annotated ? job.annotated : jobPath(id, '/video'));
  }
  const body = byId('job-event-rows');
  body.replaceChildren();
  try {
    const page = await (await api(jobPath(id, '/events?limit=1000'))).json();
    for (const e of page.items) {
      const tr = document.createElement('tr');
      tr.innerHTML = '<td></td><td></td><td></td><td></td><td class="num"></td><td><button type="button" class="secondary">Play</button></td>';
      const cells = tr.querySelectorAll('td');
      cells[0].textContent = formatMediaTime(e.start);
      cells[1].textContent = e.end === null ? '…' : formatMediaTime(e.end);
      cells[2].textContent = e.zone ? `${eventKind(e.kind)}: ${e.zone}` : eventKind(e.kind);
      cells[3].textContent = e.label;
      cells[4].textContent = `${Math.round(e.bestScore * 100)}%`;
      const play = tr.querySelector('button');
      play.setAttribute('aria-label', `Play from ${formatMediaTime(e.start)}`);
      play.addEventListener('click', () => {
        video.currentTime = e.start;
        video.play().catch(() => {});
      });
      body.append(tr);
    }
    setText(byId('job-results-status'), page.items.length === 0 ? 'No events (yet).' : `${page.items.length} event${page.items.length === 1 ? '' : 's'}; Play seeks the video to its start.`);
  } catch (error) {
    setText(byId('job-results-status'), `Events: ${error.message}`);
  }
  panel.scrollIntoView({ block: 'nearest' });
}

function playJobVideo(url) {
  const video = byId('job-video');
  video.src = url;
  const annotated = url.includes('annotated=true');
  setText(byId('job-video-toggle'), annotated ? 'Show the original' : 'Show with boxes drawn');
  byId('job-video-toggle').dataset.annotated = String(annotated);
}

function toggleJobVideo() {
  const id = jobs.open;
  const row = id ? jobs.rows.get(id) : null;
  if (!row || !row.job || !row.job.annotated) {
    return;
  }
  const video = byId('job-video');
  const at = video.currentTime;
  playJobVideo(byId('job-video-toggle').dataset.annotated === 'true' ? row.job.video : row.job.annotated);
  video.currentTime = at;
}

function closeJobResults() {
  jobs.open = null;
  byId('job-results').hidden = true;
  const video = byId('job-video');
  video.removeAttribute('src');
  delete video.dataset.jobId;
  video.load();
}

export const jobsView = {
  enter(params) {
    jobs.shown = true;
    pollJobs();
    openFromAddress(params);
  },
  update(params) {
    openFromAddress(params);
  },
  leave() {
    jobs.shown = false;
    clearTimeout(jobs.timer);
    closeJobResults();
  },
};

/** /jobs?job=ID opens that job's results (once the list has it: its row knows its videos). */
function openFromAddress(params) {
  const id = params.get('job');
  jobs.pending = null;
  if (!id) {
    closeJobResults();
  } else if (jobs.rows.has(id)) {
    showJobResults(id);
  } else {
    jobs.pending = id;
  }
}

export function initJobs() {
  byId('job-form').addEventListener('submit', onSubmitJob);
  byId('job-video-toggle').addEventListener('click', toggleJobVideo);
  byId('job-close').addEventListener('click', () => navigate(link('jobs')));
}

// Orleans.Video's web UI: ES modules the silo serves as they are (no build step). This file starts the session, the
// camera feed and the router; each view is a module of js/views/ with enter, update and leave.
import { byId } from './dom.js';
import * as feed from './cameras-feed.js';
import * as router from './router.js';
import { initSession, showApp, showLogin } from './session.js';
import { camerasView, initCameras } from './views/cameras.js';
import { forgetModels } from './views/label-picker.js';
import { initJobs, jobsView } from './views/jobs.js';
import { initLive, liveView } from './views/live.js';
import { initRecordings, recordingsView } from './views/recordings.js';
import { initReview, reviewView, startAlertCount, stopAlertCount } from './views/review.js';
import { initSearch, searchView } from './views/search.js';
import { initSystem, systemView } from './views/system.js';

router.register('live', liveView);
router.register('review', reviewView);
router.register('recordings', recordingsView);
router.register('search', searchView);
router.register('jobs', jobsView);
router.register('cameras', camerasView);
router.register('system', systemView);

initLive();
initReview();
initRecordings();
initSearch();
initJobs();
initCameras();
initSystem();

initSession({
  onStart() {
    feed.start();
    startAlertCount();
    router.render();
  },
  onEnd() {
    // Nothing the previous session saw stays on screen or keeps a connection open.
    router.suspend();
    feed.stop();
    stopAlertCount();
    forgetModels();
  },
});
router.start();

// The first answer decides what to show: the views, or the login form when the API answers 401.
fetch('/api/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
  .then((response) => (response.status === 401 ? showLogin() : showApp()))
  .catch(() => {
    showApp();
    byId('feed-error').textContent = 'The silo did not answer; is it running?';
  });

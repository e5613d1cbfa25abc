// End-to-end check of the web UI in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   BASE_URL=http://127.0.0.1:8080 API_KEY=… CLIP=/tmp/moving-box.mp4 SCREENSHOT=/tmp/web-ui.png node ui-flow.mjs
//
// Logs in through the form and lands on the Live view at /live; adds a camera in the Cameras view, waits for its tile
// in the Live view to show the camera with the green detection box drawn (over its live video, or on its snapshot),
// checks that a rejected add shows the API's message, lists the camera's detections from its tile, adds a second
// camera with a zone (after zones that are not JSON were refused without calling the API), draws a zone with the mouse
// on the first camera's picture and reads it back from the API in source pixels, waits for the Search view to show the
// zone event with a loaded thumbnail, opens a filtered search from its link and moves back and forward between views,
// saves a screenshot of each view, checks Live, Search and Cameras at a phone's 390 px for horizontal scrolling, and
// removes the first camera in the Cameras view. Exit code 0 on success, 1 with the failing step on stderr otherwise.
// WebUiTests.cs runs it against a real silo.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const CAMERA = 'browser-cam';
const ZONE_CAMERA = 'browser-zone';
// The whole 1280x720 picture: the moving box is in it from its first frame, so the camera makes a zone event.
const ZONES = JSON.stringify([
  { name: 'door', points: [{ x: 0, y: 0 }, { x: 1280, y: 0 }, { x: 1280, y: 720 }, { x: 0, y: 720 }], labels: ['object'] },
]);
const STEP_TIMEOUT_MS = 15_000;
// The first snapshot needs the silo to start ffmpeg, decode, and run inference once: allow for a slow machine.
const SNAPSHOT_TIMEOUT_MS = 60_000;
// Everything together stays under the xunit test's 180 s limit, so this script reports its own failure first.
const OVERALL_TIMEOUT_MS = 170_000;
// From shared/FACTS.md; playwright adds its own automation flags. A fresh profile is passed as the user data dir.
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

const env = readEnvironment(['BASE_URL', 'API_KEY', 'CLIP', 'SCREENSHOT']);
const baseUrl = env.BASE_URL.replace(/\/+$/, '');
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
const browserMessages = [];

const watchdog = setTimeout(() => {
  // Playwright kills the browser it launched when this process exits.
  console.error(`FAILED: the whole flow took longer than ${OVERALL_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

const profile = mkdtempSync(join(tmpdir(), 'orleans-video-chromium-'));
let context = null;
let exitCode = 0;
let cameraPosts = 0; // POST /api/cameras requests the page made
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 1000 },
    timeout: 30_000,
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/cameras') {
      cameraPosts++;
    }
  });
  page.on('console', (message) => browserMessages.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => browserMessages.push(`page error: ${error.message}`));
  await runFlow(page);
  log('PASSED');
} catch (error) {
  exitCode = 1;
  console.error(`FAILED: ${error.message}`);
  await printPageErrors();
  if (browserMessages.length > 0) {
    console.error(`browser messages:\n  ${browserMessages.join('\n  ')}`);
  }
  await saveFailureScreenshot();
} finally {
  await context?.close().catch((error) => console.error(`closing the browser: ${error.message}`));
  rmSync(profile, { recursive: true, force: true });
  clearTimeout(watchdog);
}
process.exit(exitCode);

async function runFlow(page) {
  await step('open the page and see the login form', async () => {
    await page.goto(`${baseUrl}/`, { waitUntil: 'domcontentloaded' });
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByLabel('API key').waitFor();
  });

  await step('a wrong key is refused with a message', async () => {
    await page.getByLabel('API key').fill('not-the-key');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expectText(page.locator('#login-error'), 'wrong API key');
  });

  await step('log in with the API key: the Live view, at its own address', async () => {
    await page.getByLabel('API key').fill(env.API_KEY);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#login').waitFor({ state: 'hidden' });
    await page.locator('#view-live').waitFor();
    if (new URL(page.url()).pathname !== '/live') {
      throw new Error(`the address is ${page.url()}, expected /live`);
    }
  });

  await step('open the Cameras view from the header', async () => {
    await openView(page, 'Cameras');
    await page.getByRole('heading', { name: 'Add a camera' }).waitFor();
  });

  await step('a rejected camera (fps 500) shows the API\'s error text', async () => {
    const expected = await apiProblemDetail({ id: 'browser-bad', source: env.CLIP, fps: 500, model: 'shapes', loop: true });
    await fillAddForm(page, { id: 'browser-bad', source: env.CLIP, fps: '500', model: 'shapes' });
    await expectText(page.locator('#add-error'), expected);
    log(`  the form says: ${await page.locator('#add-error').textContent()}`);
  });

  const tile = page.locator(`li[data-camera-id="${CAMERA}"]`);
  const row = page.locator(`#camera-rows tr[data-camera-id="${CAMERA}"]`);
  await step(`add camera ${CAMERA} through the form`, async () => {
    await fillAddForm(page, { id: CAMERA, source: env.CLIP, fps: '5', model: 'shapes' });
    await expectText(page.locator('#add-status'), `Camera ${CAMERA} added.`);
    await row.waitFor();
    await expectText(page.locator('#add-error'), '', { exact: true });
  });

  await step('its tile in the Live view shows the camera with the green detection box (live video or snapshot)', async () => {
    await openView(page, 'Live');
    await tile.waitFor();
    const found = await page.waitForFunction(countGreenPixels, CAMERA, { timeout: SNAPSHOT_TIMEOUT_MS, polling: 250 });
    log(`  ${JSON.stringify(await found.jsonValue())}`);
    await expectText(tile.locator('.state'), 'Running');
    await expectText(tile.locator('.stat-fps'), / fps$/);
    await expectText(tile.locator('.stat-tracking'), /^\d+$/);
    await expectText(tile.locator('.stat-zones'), 'none', { exact: true });
  });

  await step('list the camera\'s detections from its tile (the Search view)', async () => {
    await tile.getByRole('button', { name: `Show detections of camera ${CAMERA}` }).click();
    await page.locator('#view-search').waitFor();
    await page.locator('#det-rows tr').first().waitFor();
    await expectText(page.locator('#det-rows tr').first().locator('td').nth(2), 'object');
  });

  await step('zones that are not JSON are refused in the page, without calling the API', async () => {
    await openView(page, 'Cameras');
    const postsBefore = cameraPosts;
    await fillAddForm(page, { id: ZONE_CAMERA, source: env.CLIP, fps: '10', model: 'shapes', loop: false, zones: '[{"name":"door",' });
    await expectText(page.locator('#add-error'), 'zones are not valid JSON');
    if (await page.getByLabel('Zones (JSON)').getAttribute('aria-invalid') !== 'true') {
      throw new Error('the zones textarea is not marked invalid');
    }
    if (cameraPosts !== postsBefore) {
      throw new Error(`the page called POST /api/cameras ${cameraPosts - postsBefore} time(s) with zones that are not JSON`);
    }
  });

  await step('a zone the API refuses (two points) shows the API\'s message and marks the zones field', async () => {
    const zones = [{ name: 'door', points: [{ x: 0, y: 0 }, { x: 9, y: 9 }] }];
    const expected = await apiProblemDetail({ id: ZONE_CAMERA, source: env.CLIP, fps: 10, model: 'shapes', loop: false, zones });
    await fillAddForm(page, { id: ZONE_CAMERA, source: env.CLIP, fps: '10', model: 'shapes', loop: false, zones: JSON.stringify(zones) });
    await expectText(page.locator('#add-error'), expected);
    if (await page.getByLabel('Zones (JSON)').getAttribute('aria-invalid') !== 'true') {
      throw new Error('the zones textarea is not marked invalid');
    }
    log(`  the form says: ${await page.locator('#add-error').textContent()}`);
  });

  const zoneTile = page.locator(`li[data-camera-id="${ZONE_CAMERA}"]`);
  const zoneRow = page.locator(`#camera-rows tr[data-camera-id="${ZONE_CAMERA}"]`);
  await step(`add camera ${ZONE_CAMERA} with zone "door" (loop off) through the form`, async () => {
    await fillAddForm(page, { id: ZONE_CAMERA, source: env.CLIP, fps: '10', model: 'shapes', loop: false, zones: ZONES });
    await expectText(page.locator('#add-status'), `Camera ${ZONE_CAMERA} added.`);
    await zoneRow.waitFor();
    await expectText(zoneRow.locator('td:nth-child(6)'), 'door', { exact: true });
  });

  await step(`draw a zone with the mouse on ${CAMERA}'s picture: it is stored as drawn, in source pixels`, async () => {
    await row.getByRole('button', { name: `Edit camera ${CAMERA}` }).click();
    await page.getByRole('heading', { name: `Edit camera ${CAMERA}` }).waitFor();
    const canvas = page.locator('#zone-canvas');
    await canvas.waitFor({ state: 'visible', timeout: SNAPSHOT_TIMEOUT_MS });
    // The source's size now: a saved camera restarts, and its status says 0×0 until its first frame.
    const { sourceWidth, sourceHeight } = await apiGet(`/api/cameras/${CAMERA}`);
    await page.getByRole('button', { name: 'New zone' }).click();
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    const corners = [[0.2, 0.25], [0.6, 0.2], [0.7, 0.7], [0.25, 0.8]]
      .map(([fx, fy]) => [Math.round(box.x + fx * box.width), Math.round(box.y + fy * box.height)]);
    for (const [x, y] of corners) {
      await page.mouse.click(x, y);
    }
    await page.mouse.click(corners[0][0], corners[0][1]); // the first corner again closes the zone
    await page.getByLabel('Zone name').fill('drawn');
    await page.getByLabel('Zone labels').fill('object');
    // A motion mask in the top left corner, away from the zone's corners.
    await page.getByRole('button', { name: 'New motion mask' }).click();
    const mask = [[0.03, 0.03], [0.15, 0.03], [0.15, 0.12]]
      .map(([fx, fy]) => [Math.round(box.x + fx * box.width), Math.round(box.y + fy * box.height)]);
    for (const [x, y] of [...mask, mask[0]]) {
      await page.mouse.click(x, y);
    }
    await page.getByRole('button', { name: 'Save camera' }).click();
    await expectText(page.locator('#add-status'), `Camera ${CAMERA} saved.`);
    const camera = await apiGet(`/api/cameras/${CAMERA}`);
    const drawn = camera.zones.find((zone) => zone.name === 'drawn');
    const expected = corners.map(([x, y]) => ({
      x: ((x - box.x) / box.width) * sourceWidth,
      y: ((y - box.y) / box.height) * sourceHeight,
    }));
    const off = drawn ? drawn.points.map((p, i) => Math.max(Math.abs(p.x - expected[i].x), Math.abs(p.y - expected[i].y))) : null;
    log(`  stored ${JSON.stringify(drawn?.points)}; drawn at ${JSON.stringify(expected.map((p) => ({ x: +p.x.toFixed(1), y: +p.y.toFixed(1) })))}`);
    // A click lands on a whole CSS pixel, a source pixel is less than one of them here: the stored corner is the
    // drawn one rounded to the source pixel.
    if (!drawn || drawn.points.length !== 4 || off.some((d) => d > 1) || JSON.stringify(drawn.labels) !== '["object"]') {
      throw new Error(`the zone stored is ${JSON.stringify(drawn)}; expected four corners at ${JSON.stringify(expected)}`);
    }
    if (camera.motionMasks?.length !== 1 || camera.motionMasks[0].points.length !== 3 || camera.motionMasks[0].points[1].x <= camera.motionMasks[0].points[0].x) {
      throw new Error(`the motion masks stored are ${JSON.stringify(camera.motionMasks)}; expected the one triangle drawn`);
    }
    // What the form does not show stays as it was: an edit sends the camera's whole configuration.
    if (camera.model !== 'shapes' || camera.fps !== 5 || camera.loop !== true) {
      throw new Error(`saving the zone changed the camera: model ${camera.model}, fps ${camera.fps}, loop ${camera.loop}`);
    }
  });

  await step('the Search view shows its event with a loaded thumbnail, by itself', async () => {
    await openView(page, 'Search');
    // No search: the panel lists every camera's events and refreshes itself.
    const row = page.locator(`#ev-rows tr[data-camera-id="${ZONE_CAMERA}"]`).filter({ has: page.locator('img') }).first();
    await row.waitFor({ timeout: SNAPSHOT_TIMEOUT_MS });
    // Thumbnails load lazily, as a person scrolling to the panel would make them.
    await row.scrollIntoViewIfNeeded();
    const found = await page.waitForFunction(loadedThumbnail, ZONE_CAMERA, { timeout: STEP_TIMEOUT_MS, polling: 250 });
    log(`  event: ${JSON.stringify(await found.jsonValue())}`);
  });

  await step(`the tile's Events button lists ${ZONE_CAMERA}'s events, among them one in zone "door" with its track as #n`, async () => {
    await openView(page, 'Live');
    await zoneTile.getByRole('button', { name: `Show events of camera ${ZONE_CAMERA}` }).click();
    if (await page.locator('#ev-camera').inputValue() !== ZONE_CAMERA) {
      throw new Error('the events panel did not select the camera');
    }
    await expectText(page.locator('#ev-caption'), `camera ${ZONE_CAMERA}`);
    const doorRow = page.locator('#ev-rows tr').filter({ has: page.locator('td:nth-child(6)', { hasText: /^door$/ }) }).first();
    await doorRow.waitFor();
    // People read a track as a short number of the camera's (#1), not the internal id with its generation bits.
    const track = (await doorRow.locator('td:nth-child(5)').textContent()).trim();
    if (!/^#\d{1,3}$/.test(track)) {
      throw new Error(`the track should read as a short number such as #1, not ${track}`);
    }
    const cameras = await page.locator('#ev-rows tr').evaluateAll((rows) => rows.map((row) => row.dataset.cameraId));
    if (cameras.length === 0 || cameras.some((camera) => camera !== ZONE_CAMERA)) {
      throw new Error(`the list should hold only ${ZONE_CAMERA}'s events: ${JSON.stringify(cameras)}`);
    }
  });

  await step('a link to filtered events opens the same view and filters; back and forward move between views', async () => {
    await page.goto(`${baseUrl}/search?camera=${ZONE_CAMERA}&kind=zone`, { waitUntil: 'domcontentloaded' });
    await page.locator('#view-search').waitFor();
    await page.locator(`#ev-rows tr[data-camera-id="${ZONE_CAMERA}"]`).first().waitFor({ timeout: SNAPSHOT_TIMEOUT_MS });
    const filters = await page.evaluate(() => [document.getElementById('ev-camera').value, document.getElementById('ev-kind').value]);
    if (filters[0] !== ZONE_CAMERA || filters[1] !== 'zone') {
      throw new Error(`the form shows ${JSON.stringify(filters)} for the address's camera and kind`);
    }
    const kinds = await page.locator('#ev-rows tr td:nth-child(3)').allTextContents();
    if (kinds.some((kind) => kind !== 'In a zone')) {
      throw new Error(`the list holds other kinds than zone events: ${JSON.stringify(kinds)}`);
    }
    await openView(page, 'Jobs');
    await page.goBack();
    await page.locator('#view-search').waitFor();
    if (new URL(page.url()).searchParams.get('kind') !== 'zone' || await page.locator('#ev-kind').inputValue() !== 'zone') {
      throw new Error(`back did not return to the filtered search: ${page.url()}`);
    }
    await page.goForward();
    await page.locator('#view-jobs').waitFor();
  });

  await step('every view loads from its own address', async () => {
    for (const view of ['live', 'review', 'recordings', 'search', 'jobs', 'cameras', 'system']) {
      await page.goto(`${baseUrl}/${view}`, { waitUntil: 'domcontentloaded' });
      await page.locator(`#view-${view}`).waitFor();
      const current = await page.locator('nav.views a[aria-current="page"]').getAttribute('data-view');
      if (current !== view) {
        throw new Error(`/${view} marks ${current} as the view shown`);
      }
    }
  });

  await step('screenshots of every view', async () => {
    mkdirSync(dirname(env.SCREENSHOT), { recursive: true });
    for (const view of ['Live', 'Review', 'Recordings', 'Search', 'Jobs', 'Cameras', 'System']) {
      await openView(page, view);
      await page.waitForTimeout(1500); // the view's first answers
      const path = env.SCREENSHOT.replace(/\.png$/i, `-${view.toLowerCase()}.png`);
      await page.screenshot({ path, fullPage: true });
      log(`  ${path}`);
    }
    await page.screenshot({ path: env.SCREENSHOT, fullPage: true });
  });

  await step('a phone, 390 px wide: Live, Review, Search, Jobs and Cameras have no horizontal scroll', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const view of ['Live', 'Review', 'Search', 'Jobs', 'Cameras']) {
      await openView(page, view);
      await page.waitForTimeout(1000);
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        screen: window.innerWidth,
        // What reaches furthest right, and the boxes it is in: where to look.
        over: (() => {
          const nodes = [...document.querySelectorAll('body *')].filter((node) => node.getClientRects().length > 0);
          const widest = nodes.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0];
          const chain = [];
          for (let node = widest; node && chain.length < 8; node = node.parentElement) {
            chain.push(`${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}.${[...node.classList].join('.')} (${Math.round(node.getBoundingClientRect().width)} px, overflow ${getComputedStyle(node).overflowX}, ${getComputedStyle(node).display})`);
          }
          return chain;
        })(),
      }));
      if (widths.page > widths.screen) {
        throw new Error(`${view} is ${widths.page} px wide on a ${widths.screen} px screen: ${widths.over.join(', ')}`);
      }
    }
    await page.screenshot({ path: env.SCREENSHOT.replace(/\.png$/i, '-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 1000 });
  });

  await step('remove the camera in the Cameras view (accepting the confirm dialog)', async () => {
    await openView(page, 'Cameras');
    await row.waitFor();
    let dialogMessage = null;
    page.once('dialog', async (dialog) => {
      dialogMessage = dialog.message();
      await dialog.accept();
    });
    await row.getByRole('button', { name: `Remove camera ${CAMERA}` }).click();
    await row.waitFor({ state: 'detached' });
    if (!dialogMessage?.includes(CAMERA)) {
      throw new Error(`the confirm dialog did not name the camera: ${dialogMessage}`);
    }
    // The tile must stay gone after the next poll too (the camera was really removed, not just hidden): wait for
    // the page's next camera list, which must not hold it, and for the page to have drawn it.
    const poll = await page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/cameras' && response.request().method() === 'GET',
      { timeout: 15_000 });
    const listed = await poll.json();
    if (listed.some((camera) => camera.id === CAMERA)) {
      throw new Error('the removed camera is still listed by GET /api/cameras');
    }
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
    if (await row.count() !== 0) {
      throw new Error('the row came back after a poll');
    }
  });
}

/** Runs in the page: counts pure-ish green pixels of what the tile shows, or returns false while it shows nothing. */
function countGreenPixels(cameraId) {
  // The tile shows live video with the boxes drawn on a canvas over it, or (before the video plays, or where the
  // browser cannot play it) the snapshot with the boxes drawn in by the silo.
  const tile = document.querySelector(`li[data-camera-id="${cameraId}"]`);
  const boxes = tile?.querySelector('canvas.live-boxes');
  const img = tile?.querySelector('img.snapshot');
  let source = null;
  if (boxes && !boxes.hidden && boxes.width > 0) {
    source = { what: 'live video', image: boxes, width: boxes.width, height: boxes.height };
  } else if (img && !img.hidden && img.complete && img.naturalWidth > 0) {
    source = { what: 'snapshot', image: img, width: img.naturalWidth, height: img.naturalHeight };
  }
  if (source === null) {
    return false;
  }
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(source.image, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let green = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    // Boxes are pure green (0,255,0); JPEG blurs it a little, the white box and black frame are far off.
    if (pixels[i + 3] > 0 && pixels[i + 1] > 160 && pixels[i] < 110 && pixels[i + 2] < 110) {
      green++;
    }
  }
  return green > 100 ? { shown: source.what, width: source.width, height: source.height, greenPixels: green } : false;
}

/** Runs in the page: the first of the camera's event thumbnails that has loaded, or false while none has. */
function loadedThumbnail(cameraId) {
  for (const img of document.querySelectorAll(`#ev-rows tr[data-camera-id="${cameraId}"] img`)) {
    if (img.complete && img.naturalWidth > 0) {
      const row = img.closest('tr');
      return { event: row.dataset.eventId, kind: row.cells[2].textContent, width: img.naturalWidth, height: img.naturalHeight };
    }
  }
  return false;
}

/** What the API says now, with the key (not the page's cookie). */
async function apiGet(path) {
  const response = await fetch(`${baseUrl}${path}`, { headers: { 'X-Api-Key': env.API_KEY }, signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
  if (!response.ok) {
    throw new Error(`GET ${path}: ${response.status}`);
  }
  return response.json();
}

/** Goes to a view through the header's links, as a person would. */
async function openView(page, name) {
  // By its view, not its name: the Review link's name carries the count of unreviewed alerts.
  await page.getByRole('navigation', { name: 'Views' }).locator(`a[data-view="${name.toLowerCase()}"]`).click();
  await page.locator(`#view-${name.toLowerCase()}`).waitFor({ state: 'visible' });
}

async function fillAddForm(page, camera) {
  // The jobs form has a model field too: the labels are the add form's.
  const form = page.getByRole('region', { name: 'Add a camera' });
  // The zones' JSON is under "Advanced", for those who type it.
  await page.locator('#zones-advanced').evaluate((details) => { details.open = true; });
  await form.getByLabel('Id', { exact: true }).fill(camera.id);
  await form.getByLabel('Source').fill(camera.source);
  await form.getByLabel('Analysis fps').fill(camera.fps);
  await form.getByLabel('Model').fill(camera.model);
  await form.getByLabel('Loop files').setChecked(camera.loop ?? true);
  await form.getByLabel('Zones (JSON)').fill(camera.zones ?? '');
  await form.getByRole('button', { name: 'Add camera' }).click();
}

/** What the API itself answers to a bad camera, so the check compares against its words, not a copy of them. */
async function apiProblemDetail(camera) {
  const response = await fetch(`${baseUrl}/api/cameras`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': env.API_KEY },
    body: JSON.stringify(camera),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  });
  if (response.status !== 400) {
    throw new Error(`expected the API to refuse ${JSON.stringify(camera)} with 400, got ${response.status}`);
  }
  return (await response.json()).detail;
}

/** Waits until the element's text contains (or, with exact, equals) the expected string, or matches the regex. */
async function expectText(locator, expected, { exact = false, timeout = STEP_TIMEOUT_MS } = {}) {
  const deadline = Date.now() + timeout;
  let actual = null;
  while (Date.now() < deadline) {
    actual = (await locator.textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => null))?.trim() ?? null;
    if (actual !== null && matches(actual, expected, exact)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${locator} should ${exact ? 'be' : 'contain'} ${JSON.stringify(String(expected))} within ${timeout} ms; it is ${JSON.stringify(actual)}`);
}

function matches(actual, expected, exact) {
  if (expected instanceof RegExp) {
    return expected.test(actual);
  }
  return exact ? actual === expected : actual.includes(expected);
}

async function step(name, action) {
  log(name);
  try {
    await action();
  } catch (error) {
    throw new Error(`step "${name}": ${error.message}`);
  }
}

/** The messages the UI itself showed (login, add, list, detections errors): often the reason a step failed. */
async function printPageErrors() {
  const page = context?.pages()[0];
  const texts = page
    ? await page.locator('.error').evaluateAll((nodes) => nodes.map((node) => `#${node.id}: ${node.textContent.trim()}`).filter((text) => !text.endsWith(': '))).catch(() => [])
    : [];
  if (texts.length > 0) {
    console.error(`the page shows:\n  ${texts.join('\n  ')}`);
  }
}

async function saveFailureScreenshot() {
  const page = context?.pages()[0];
  if (!page) {
    return;
  }
  const path = env.SCREENSHOT.replace(/\.png$/i, '') + '-failure.png';
  try {
    mkdirSync(dirname(path), { recursive: true });
    await page.screenshot({ path, fullPage: true, timeout: 5_000 });
    console.error(`the page at the failure: ${path}`);
  } catch (error) {
    console.error(`no failure screenshot: ${error.message}`);
  }
}

function readEnvironment(names) {
  const values = {};
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    console.error(`FAILED: set ${missing.join(', ')} (see the comment at the top of ui-flow.mjs)`);
    process.exit(2);
  }
  for (const name of names) {
    values[name] = process.env[name];
  }
  return values;
}

// Live video in the web UI in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   BASE_URL=http://127.0.0.1:8080 API_KEY=… CAMERA=ui-live HEVC_CAMERA=ui-hevc SCREENSHOT=/tmp/live.png node live-flow.mjs
//
// Logs in; CAMERA's tile plays live video (decoded frames advance, over a WebSocket into Media Source Extensions);
// its "Live" button opens the live view, where detection boxes are drawn over the video; HEVC_CAMERA (H.265, which
// this Chromium cannot decode) says so on its tile instead of showing a black box. Exit code 0 on success, 1 with
// the failing step on stderr otherwise. LiveVideoUiTests.cs runs it against a real silo.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STEP_TIMEOUT_MS = 20_000;
const OVERALL_TIMEOUT_MS = 100_000;
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required',
];

const env = Object.fromEntries(['BASE_URL', 'API_KEY', 'CAMERA', 'HEVC_CAMERA', 'SCREENSHOT'].map((name) => [name, process.env[name]]));
if (Object.values(env).some((value) => !value)) {
  console.error('FAILED: set BASE_URL, API_KEY, CAMERA, HEVC_CAMERA and SCREENSHOT');
  process.exit(2);
}
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
const watchdog = setTimeout(() => {
  console.error(`FAILED: the flow took longer than ${OVERALL_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

const profile = mkdtempSync(join(tmpdir(), 'orleans-video-chromium-'));
const messages = [];
let context = null;
let exitCode = 0;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 1200 },
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => messages.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => messages.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => messages.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  await flow(page);
  log('PASSED');
} catch (error) {
  exitCode = 1;
  console.error(`FAILED: ${error.message}`);
  const page = context?.pages()[0];
  const shown = page ? await page.locator('#live-status, .live-note').allTextContents().catch(() => []) : [];
  console.error(`the live view and tiles say: ${shown.join(' | ')}`);
  if (messages.length > 0) {
    console.error(`browser messages:\n  ${messages.join('\n  ')}`);
  }
  await page?.screenshot({ path: env.SCREENSHOT.replace(/\.png$/i, '-failure.png'), fullPage: true }).catch(() => {});
} finally {
  await context?.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  clearTimeout(watchdog);
}
process.exit(exitCode);

async function step(name, action) {
  log(name);
  try {
    await action();
  } catch (error) {
    throw new Error(`step "${name}": ${error.message}`);
  }
}

async function flow(page) {
  await step('log in', async () => {
    await page.goto(`${env.BASE_URL.replace(/\/+$/, '')}/`, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('API key').fill(env.API_KEY);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#login').waitFor({ state: 'hidden' });
  });

  const tileVideo = `li[data-camera-id="${env.CAMERA}"] video.live-video`;
  await step(`the tile of ${env.CAMERA} plays live video`, async () => {
    await page.locator(tileVideo).waitFor({ state: 'visible', timeout: 30_000 });
    const first = await played(page, tileVideo);
    await page.waitForTimeout(2000);
    const later = await played(page, tileVideo);
    log(`  ${later.frames} frames decoded, ${later.width}x${later.height}, ${(later.lag * 1000).toFixed(0)} ms behind the newest buffered frame`);
    if (later.frames - first.frames < 20 || later.time <= first.time) {
      throw new Error(`live video does not advance: ${JSON.stringify(first)} then ${JSON.stringify(later)}`);
    }
    if (later.width !== 1280 || later.height !== 720) {
      throw new Error(`the video is ${later.width}x${later.height}, expected the camera's 1280x720`);
    }
  });

  await step(`open the live view of ${env.CAMERA} from its tile and see detection boxes over the video`, async () => {
    await page.getByRole('button', { name: `Watch camera ${env.CAMERA} live with its detections` }).click();
    await page.locator('#live-video').waitFor({ state: 'visible' });
    // The moving white square is detected at 5 fps: its box is drawn in green on the canvas over the video.
    await page.waitForFunction(() => {
      const canvas = document.getElementById('live-boxes');
      if (canvas.width === 0) {
        return false;
      }
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let green = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        green += pixels[i + 3] > 0 && pixels[i + 1] > 200 && pixels[i] < 50 ? 1 : 0;
      }
      return green > 100;
    }, null, { timeout: 30_000 });
    const view = await played(page, '#live-video');
    log(`  live view: ${view.frames} frames decoded, boxes drawn`);
    await page.screenshot({ path: env.SCREENSHOT, fullPage: true });
  });

  await step(`the tile of ${env.HEVC_CAMERA} (H.265) says this browser cannot play it`, async () => {
    const note = page.locator(`li[data-camera-id="${env.HEVC_CAMERA}"] .live-note`);
    await note.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await note.textContent();
    log(`  ${text}`);
    if (!text.includes('cannot play H.265')) {
      throw new Error(`unexpected note: ${text}`);
    }
  });
}

/** What a video element has shown: its position, decoded frames, size, and how far it is behind its buffer's end. */
function played(page, selector) {
  return page.locator(selector).evaluate((video) => {
    const ranges = video.buffered;
    return {
      time: video.currentTime,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      width: video.videoWidth,
      height: video.videoHeight,
      lag: ranges.length ? ranges.end(ranges.length - 1) - video.currentTime : -1,
    };
  });
}

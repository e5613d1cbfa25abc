// The recordings panel of the web UI in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   BASE_URL=http://127.0.0.1:8080 API_KEY=… CAMERA=ui-rec SCREENSHOT=/tmp/recordings.png node recordings-flow.mjs
//
// Logs in, sees the REC badge on CAMERA's tile (already recording), opens its recordings from the tile, sees its recorded stretch on today's
// timeline, clicks the middle of that stretch and waits for the video element to decode frames and advance
// (hls.js from the silo's /lib, no CDN). Exit code 0 on success, 1 with the failing step on stderr otherwise.
// RecordingsUiTests.cs runs it against a real silo.
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

const env = Object.fromEntries(['BASE_URL', 'API_KEY', 'CAMERA', 'SCREENSHOT'].map((name) => [name, process.env[name]]));
if (Object.values(env).some((value) => !value)) {
  console.error('FAILED: set BASE_URL, API_KEY, CAMERA and SCREENSHOT');
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
  const shown = page ? await page.locator('#rec-error, #rec-status').allTextContents().catch(() => []) : [];
  console.error(`the recordings panel says: ${shown.join(' | ')}`);
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

  await step(`the tile of ${env.CAMERA} says it is recording`, async () => {
    await page.locator(`li[data-camera-id="${env.CAMERA}"] .rec`).waitFor({ state: 'visible' });
  });

  await step(`open the recordings of ${env.CAMERA} from its tile`, async () => {
    await page.getByRole('button', { name: `Show recordings of camera ${env.CAMERA}` }).click();
    await page.locator('#rec-timeline').waitFor({ state: 'visible' });
    await page.locator('#rec-spans .rec-span').first().waitFor({ state: 'attached' });
    log(`  ${await page.locator('#rec-status').textContent()}`);
  });

  await step('click the middle of the recorded stretch and see the video play', async () => {
    // Stretches are seconds on a day-long bar, so they are narrow: click at the stretch's middle, computed.
    const span = await page.locator('#rec-spans .rec-span').last().boundingBox();
    const bar = await page.locator('#rec-timeline').boundingBox();
    await page.mouse.click(span.x + span.width / 2, bar.y + bar.height / 3);
    await page.locator('#rec-video').waitFor({ state: 'visible' });
    await page.waitForFunction(() => {
      const video = document.getElementById('rec-video');
      return video.currentTime > 1 && video.getVideoPlaybackQuality().totalVideoFrames > 10;
    }, null, { timeout: 30_000 });
    const played = await page.evaluate(() => {
      const video = document.getElementById('rec-video');
      return { time: video.currentTime, frames: video.getVideoPlaybackQuality().totalVideoFrames, width: video.videoWidth };
    });
    log(`  played ${played.time.toFixed(1)} s, ${played.frames} frames decoded, ${played.width} px wide`);
    if (played.width !== 1280) {
      throw new Error(`the video is ${played.width} px wide, expected the camera's 1280`);
    }
    await page.screenshot({ path: env.SCREENSHOT, fullPage: true });
  });
}

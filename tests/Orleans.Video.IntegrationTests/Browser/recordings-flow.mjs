// The recordings panel of the web UI in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   BASE_URL=http://127.0.0.1:8080 API_KEY=… CAMERA=ui-rec SCREENSHOT=/tmp/recordings.png node recordings-flow.mjs
//
// Logs in, sees the REC badge on CAMERA's tile (already recording), opens its recordings from the tile, sees its recorded stretch on today's
// timeline, clicks the middle of that stretch and waits for the video element to decode frames and advance
// (hls.js from the silo's /lib, no CDN). Exit code 0 on success, 1 with the failing step on stderr otherwise.
// RecordingsUiTests.cs runs it against a real silo.
import { logIn, log, runFlow, step } from './chromium-flow.mjs';

await runFlow({ variables: ['BASE_URL', 'API_KEY', 'CAMERA', 'SCREENSHOT'], shownOnFailure: ['#rec-error', '#rec-status'] }, flow);

async function flow(page, env) {
  await step('log in', () => logIn(page, env.BASE_URL, env.API_KEY));

  await step(`the tile of ${env.CAMERA} says it is recording`, async () => {
    await page.locator(`li[data-camera-id="${env.CAMERA}"] .rec`).waitFor({ state: 'visible' });
  });

  const spans = page.locator(`#rec-timeline .timeline-row[data-camera-id="${env.CAMERA}"] .rec-span`);
  await step(`open the recordings of ${env.CAMERA} from its tile`, async () => {
    await page.getByRole('button', { name: `Show recordings of camera ${env.CAMERA}` }).click();
    await page.locator('#rec-timeline').waitFor({ state: 'visible' });
    await spans.first().waitFor({ state: 'attached' });
    log(`  ${await page.locator('#rec-status').textContent()}`);
    if (!new URL(page.url()).pathname.endsWith('/recordings') || new URL(page.url()).searchParams.get('camera') !== env.CAMERA) {
      throw new Error(`the address does not say the view and camera: ${page.url()}`);
    }
  });

  await step('zoom in to a minute, click inside the recorded stretch, and see the video play from within a second of that moment', async () => {
    await page.locator('#rec-range').selectOption({ label: 'a minute' });
    await page.waitForFunction(() => {
      const timeline = document.getElementById('rec-timeline');
      return Date.parse(timeline.dataset.to) - Date.parse(timeline.dataset.from) <= 61_000;
    });
    await spans.last().waitFor({ state: 'attached' });
    const span = await spans.last().boundingBox();
    // A whole pixel inside the stretch, a third of the way into it, so the moment clicked was recorded.
    const x = Math.round(span.x + span.width / 3);
    const clicked = await page.evaluate((clientX) => {
      const timeline = document.getElementById('rec-timeline');
      const axis = timeline.querySelector('.timeline-axis').getBoundingClientRect();
      const from = Date.parse(timeline.dataset.from);
      const to = Date.parse(timeline.dataset.to);
      return from + ((clientX - axis.left) / axis.width) * (to - from);
    }, x);
    await page.mouse.click(x, span.y + span.height / 2);
    await page.locator('#rec-video').waitFor({ state: 'visible' });
    await page.waitForFunction(() => Boolean(document.getElementById('rec-video').dataset.startedAt), null, { timeout: 30_000 });
    const started = Date.parse(await page.locator('#rec-video').getAttribute('data-started-at'));
    log(`  clicked ${new Date(clicked).toISOString()}, playback started at ${new Date(started).toISOString()} (${started - clicked} ms)`);
    if (Math.abs(started - clicked) > 1000) {
      throw new Error(`playback started ${started - clicked} ms from the moment clicked; at most a second is allowed`);
    }
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

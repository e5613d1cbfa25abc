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

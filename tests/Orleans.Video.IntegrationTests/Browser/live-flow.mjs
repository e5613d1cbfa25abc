// Live video in the web UI in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   BASE_URL=http://127.0.0.1:8080 API_KEY=… CAMERA=ui-live HEVC_CAMERA=ui-hevc SCREENSHOT=/tmp/live.png node live-flow.mjs
//
// Logs in; CAMERA's tile plays live video (decoded frames advance, over a WebSocket into Media Source Extensions);
// its "Live" button opens the live view, where detection boxes are drawn over the video; HEVC_CAMERA (H.265, which
// this Chromium cannot decode) says so on its tile instead of showing a black box. Exit code 0 on success, 1 with
// the failing step on stderr otherwise. LiveVideoUiTests.cs runs it against a real silo.
import { logIn, log, runFlow, step } from './chromium-flow.mjs';

await runFlow({ variables: ['BASE_URL', 'API_KEY', 'CAMERA', 'HEVC_CAMERA', 'SCREENSHOT'], shownOnFailure: ['#live-status', '.live-note'] }, flow);

async function flow(page, env) {
  await step('log in', () => logIn(page, env.BASE_URL, env.API_KEY));

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

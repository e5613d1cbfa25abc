// ./bench.sh --live runs this: logs in to the web UI in headless Chromium, opens CAMERA's live view and, for every
// frame the video element presents (requestVideoFrameCallback), reads the time the camera stamped into the frame
// (24 blocks of 40x40 pixels across the top: bit i of the wall-clock ms, modulo 2^24) and compares it with the
// frame's presentation time. Prints the latencies (ms) as one JSON array on the last line.
//
//   BASE_URL=http://127.0.0.1:8080 API_KEY=… CAMERA=live-bench SECONDS=45 node live-latency.mjs
import { openLoggedIn } from './bench-browser.mjs';

const { BASE_URL, API_KEY, CAMERA } = process.env;
const SECONDS = Number(process.env.SECONDS ?? '30');
const { page, close } = await openLoggedIn(BASE_URL, API_KEY, { logConsole: true });
try {
  await page.getByRole('button', { name: `Watch camera ${CAMERA} live with its detections` }).click();
  await page.locator('#live-video').waitFor({ state: 'visible', timeout: 30_000 });
  const latencies = await page.evaluate(async (seconds) => {
    const video = document.getElementById('live-video');
    const canvas = new OffscreenCanvas(960, 40);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const samples = [];
    const started = performance.now();
    await new Promise((resolve) => {
      // A video that stops presenting frames ends the measurement too: what was collected is the answer.
      setTimeout(resolve, (seconds + 10) * 1000);
      const onFrame = (now, frame) => {
        // Presented at expectedDisplayTime on the performance clock; the stamp is on the wall clock.
        const shownAt = performance.timeOrigin + frame.expectedDisplayTime;
        context.drawImage(video, 0, 0, 960, 40, 0, 0, 960, 40);
        const pixels = context.getImageData(0, 0, 960, 40).data;
        let stamp = 0;
        for (let bit = 0; bit < 24; bit++) {
          const at = (20 * 960 + bit * 40 + 20) * 4;
          if (pixels[at] > 128) {
            stamp += 2 ** bit;
          }
        }
        const modulus = 2 ** 24;
        samples.push((((Math.round(shownAt) - stamp) % modulus) + modulus) % modulus);
        if (samples.length % 100 === 1) {
          console.log(`${samples.length} frames, latest ${samples[samples.length - 1]} ms`);
        }
        if (now - started < seconds * 1000) {
          video.requestVideoFrameCallback(onFrame);
        } else {
          resolve();
        }
      };
      video.requestVideoFrameCallback(onFrame);
    });
    return samples;
  }, SECONDS);
  console.log(JSON.stringify(latencies));
} finally {
  await close();
}

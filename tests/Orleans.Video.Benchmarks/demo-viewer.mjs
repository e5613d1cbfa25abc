// ./bench.sh --demo runs this: an operator watching the demo. Logs in to the web UI in headless Chromium, where every
// camera's tile plays its live video (WebSocket into Media Source Extensions) with its detection boxes, and waits until
// each tile of CAMERAS advances. Then prints "playing" and keeps the page open until a line arrives on stdin (or stdin
// closes); then prints, as one JSON object on the last line, what each tile's video element decoded and dropped since
// "playing" (getVideoPlaybackQuality).
//
//   BASE_URL=http://127.0.0.1:8080 API_KEY=… CAMERAS=demo-shapes,demo-text,demo-people node demo-viewer.mjs
import { createInterface } from 'node:readline';
import { openLoggedIn } from './bench-browser.mjs';

const { BASE_URL, API_KEY } = process.env;
const CAMERAS = (process.env.CAMERAS ?? '').split(',').filter(Boolean);
const { page, close } = await openLoggedIn(BASE_URL, API_KEY);
try {
  const quality = () => page.evaluate((ids) => Object.fromEntries(ids.map((id) => {
    const video = document.querySelector(`li[data-camera-id="${id}"] video.live-video`);
    const played = video?.getVideoPlaybackQuality();
    return [id, { decoded: played?.totalVideoFrames ?? 0, dropped: played?.droppedVideoFrames ?? 0, time: video?.currentTime ?? 0 }];
  })), CAMERAS);

  // Playing = every tile's video has decoded frames and its position moves.
  const first = await waitFor(async () => {
    const now = await quality();
    return CAMERAS.every((id) => now[id].decoded > 0) ? now : null;
  }, 60_000, 'every tile decoding');
  await waitFor(async () => {
    const now = await quality();
    return CAMERAS.every((id) => now[id].time > first[id].time) ? now : null;
  }, 30_000, 'every tile advancing');
  const start = await quality();
  console.log('playing');

  const input = createInterface({ input: process.stdin });
  await new Promise((resolve) => {
    input.once('line', resolve);
    input.once('close', resolve);
  });
  // An open stdin would keep node running after the browser closes.
  input.close();
  process.stdin.destroy();
  const end = await quality();
  console.log(JSON.stringify(Object.fromEntries(CAMERAS.map((id) => [id, {
    decoded: end[id].decoded - start[id].decoded,
    dropped: end[id].dropped - start[id].dropped,
    seconds: end[id].time - start[id].time,
  }]))));
} finally {
  await close();
}
// Whatever handle playwright still holds, the answer is out.
process.exit(0);

async function waitFor(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

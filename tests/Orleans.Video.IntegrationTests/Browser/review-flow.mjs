// The Review view in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   BASE_URL=http://127.0.0.1:8080 API_KEY=… CLIP=/tmp/moving-box.mp4 CAMERA=review-cam SCREENSHOT=/tmp/review.png node review-flow.mjs
//
// Adds a camera with a zone over the whole picture (its events are alerts: a camera without rules alerts on its
// zones), opens /review, waits for the camera's item with its snapshot, checks the header's count of unreviewed
// alerts, plays the item, marks it reviewed with the keyboard's r, and sees it leave the list and the header's count
// drop by one; with "Show reviewed" it is listed again, as reviewed. Exit code 0 on success, 1 otherwise.
import { logIn, log, openView, runFlow, step } from './chromium-flow.mjs';

await runFlow({ variables: ['BASE_URL', 'API_KEY', 'CLIP', 'CAMERA', 'SCREENSHOT'], shownOnFailure: ['#review-error', '#review-status', '#review-player-status'], overallTimeoutMs: 140_000 }, flow);

async function flow(page, env) {
  const baseUrl = env.BASE_URL.replace(/\/+$/, '');
  await step(`add ${env.CAMERA} with a zone over the whole picture, not looping`, async () => {
    const response = await fetch(`${baseUrl}/api/cameras`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': env.API_KEY },
      body: JSON.stringify({
        id: env.CAMERA, source: env.CLIP, fps: 10, model: 'shapes', loop: false,
        zones: [{ name: 'door', points: [{ x: 0, y: 0 }, { x: 1280, y: 0 }, { x: 1280, y: 720 }, { x: 0, y: 720 }] }],
      }),
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status !== 201) {
      throw new Error(`POST /api/cameras: ${response.status} ${await response.text()}`);
    }
  });

  const item = page.locator(`#review-items li.review-item`).filter({ hasText: `${env.CAMERA}:` }).first();
  await step('log in, open Review: the camera\'s alert is listed with its snapshot, and counted in the header', async () => {
    await logIn(page, env.BASE_URL, env.API_KEY);
    await openView(page, 'Review');
    // The list refreshes every 10 s by itself; the item is complete once its events have ended.
    await item.waitFor({ timeout: 60_000 });
    await page.waitForFunction((camera) => {
      const li = [...document.querySelectorAll('#review-items li.review-item')].find((node) => node.textContent.includes(`${camera}:`));
      const img = li?.querySelector('img');
      return Boolean(img && img.complete && img.naturalWidth > 0 && li.textContent.includes('door') && !li.textContent.includes('ongoing'));
    }, env.CAMERA, { timeout: 60_000, polling: 250 });
    await page.locator('#alert-count').waitFor({ state: 'visible' });
    log(`  ${(await item.innerText()).replace(/\s+/g, ' ')}; header: ${await page.locator('#alert-count').textContent()} unreviewed alerts`);
  });

  await step('play it: its recording shows in the player', async () => {
    await item.getByRole('button', { name: /^Play / }).click();
    await page.locator('#review-player').waitFor({ state: 'visible' });
    // The camera does not record: the silo's words say so, instead of a black box.
    await page.waitForFunction(() => document.getElementById('review-player-status').textContent.length > 0
      || document.getElementById('review-video').getVideoPlaybackQuality().totalVideoFrames > 0, null, { timeout: 20_000 });
    log(`  ${await page.locator('#review-player-status').textContent() || 'playing'}`);
  });

  await step('mark it reviewed with the keyboard: it leaves the list, and the header counts one alert less', async () => {
    // From the API, not the badge: the badge refreshes every 15 s and may not count this item yet.
    const before = await page.evaluate(async () => (await (await fetch('/api/review/summary')).json()).alerts);
    await item.click({ position: { x: 5, y: 5 } });
    await page.locator('#review-items li.selected').filter({ hasText: `${env.CAMERA}:` }).waitFor();
    await page.keyboard.press('r');
    await item.waitFor({ state: 'detached' });
    await page.waitForFunction((expected) => {
      const badge = document.getElementById('alert-count');
      return expected === 0 ? badge.hidden : Number(badge.textContent) === expected;
    }, before - 1, { timeout: 20_000 });
    log(`  header: ${before} → ${before - 1}`);
  });

  await step('"Show reviewed" lists it again, as reviewed; the address keeps the filter', async () => {
    await page.getByLabel('Show reviewed').check();
    await item.waitFor();
    if (!(await item.evaluate((li) => li.classList.contains('reviewed')))) {
      throw new Error('the item is listed but not as reviewed');
    }
    await page.screenshot({ path: env.SCREENSHOT, fullPage: true });
  });
}

// The jobs panel of the web UI in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   BASE_URL=http://127.0.0.1:8080 API_KEY=… CLIP=/tmp/visit.mp4 SCREENSHOT=/tmp/jobs.png node jobs-flow.mjs
//
// Logs in, uploads CLIP through the jobs form and sees the upload's progress reach 100%, sees the job listed and
// done, opens its results, sees its events, and plays the file from the first event's start. Exit code 0 on success,
// 1 with the failing step on stderr otherwise. JobsUiTests.cs runs it against real silos.
import { logIn, log, openView, runFlow, step } from './chromium-flow.mjs';

await runFlow({ variables: ['BASE_URL', 'API_KEY', 'CLIP', 'SCREENSHOT'], shownOnFailure: ['#job-error', '#job-status', '#job-results-status'] }, flow);

async function flow(page, env) {
  await step('log in and open the Jobs view', async () => {
    await logIn(page, env.BASE_URL, env.API_KEY);
    await openView(page, 'Jobs');
  });

  const name = env.CLIP.split('/').pop();
  await step(`upload ${name} with the shapes model`, async () => {
    await page.locator('#job-file').setInputFiles(env.CLIP);
    await page.locator('#job-model').fill('shapes');
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.locator('#job-status').filter({ hasText: 'accepted' }).waitFor();
    const uploaded = await page.locator('#job-upload').evaluate((bar) => bar.value);
    if (uploaded !== 1) {
      throw new Error(`the upload's progress bar stopped at ${uploaded}`);
    }
    log(`  ${await page.locator('#job-status').textContent()}`);
  });

  await step('the job is listed and gets done', async () => {
    const row = page.locator('#job-rows tr').filter({ hasText: name }).first();
    await row.waitFor();
    await row.locator('.job-state').filter({ hasText: /^Done$/ }).waitFor({ timeout: 60_000 });
    log(`  ${(await row.innerText()).replace(/\s+/g, ' ')}`);
  });

  await step('open its results: the events are listed', async () => {
    await page.getByRole('button', { name: `Show results of job ${name}` }).first().click();
    await page.locator('#job-event-rows tr').first().waitFor();
    // The results have an address of their own: it opens them again after a reload.
    if (!new URL(page.url()).searchParams.get('job')) {
      throw new Error(`the address does not name the job: ${page.url()}`);
    }
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('#job-event-rows tr').first().waitFor();
    log(`  ${await page.locator('#job-results-status').textContent()}`);
  });

  await step('play the file from the first event', async () => {
    const first = page.locator('#job-event-rows tr').first();
    await first.getByRole('button').click();
    await page.waitForFunction(() => {
      const video = document.getElementById('job-video');
      return video.currentTime > 1.2 && video.getVideoPlaybackQuality().totalVideoFrames > 5;
    }, null, { timeout: 30_000 });
    const played = await page.evaluate(() => {
      const video = document.getElementById('job-video');
      return { time: video.currentTime, frames: video.getVideoPlaybackQuality().totalVideoFrames, width: video.videoWidth };
    });
    log(`  playing at ${played.time.toFixed(1)} s, ${played.frames} frames decoded, ${played.width} px wide`);
    if (played.width !== 640) {
      throw new Error(`the video is ${played.width} px wide, expected the file's 640`);
    }
    await page.screenshot({ path: env.SCREENSHOT, fullPage: true });
  });
}

// What the web UI shows each role, in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   BASE_URL=http://127.0.0.1:8080 VIEWER_KEY=ovk_… ADMIN_KEY=… CAMERA=roles-cam SCREENSHOT=/tmp/roles.png node roles-flow.mjs
//
// Logs in with a viewer key: the camera CAMERA is shown, but nothing that changes anything (the add form, the tile's
// Remove button, the jobs form, the dashboard link); logs out and in with an admin key: all of them are there.
// Exit code 0 on success, 1 with the failing step on stderr otherwise. RolesUiTests.cs runs it against a real silo.
import { logIn, log, openView, runFlow, step } from './chromium-flow.mjs';

await runFlow({ variables: ['BASE_URL', 'VIEWER_KEY', 'ADMIN_KEY', 'CAMERA', 'SCREENSHOT'], shownOnFailure: ['#session-who', '#feed-error', '#camera-list-error'] }, flow);

async function flow(page, env) {
  const tile = () => page.locator('#camera-grid li').filter({ hasText: env.CAMERA }).first();
  // What changes something, and the view it is in.
  const changes = () => [
    ['the add form', 'Cameras', page.getByRole('heading', { name: 'Add a camera' })],
    ['the camera\'s Edit button', 'Cameras', page.getByRole('button', { name: `Edit camera ${env.CAMERA}` })],
    ['the camera\'s Remove button', 'Cameras', page.getByRole('button', { name: `Remove camera ${env.CAMERA}` })],
    ['the jobs form', 'Jobs', page.locator('#job-form')],
    ['the dashboard link', null, page.getByRole('link', { name: 'Orleans dashboard' })],
  ];

  await step('log in with a viewer key: the camera is shown', async () => {
    await logIn(page, env.BASE_URL, env.VIEWER_KEY);
    await tile().waitFor();
    await page.locator('#session-who').filter({ hasText: '(viewer)' }).waitFor();
    log(`  ${await page.locator('#session-who').textContent()}`);
  });

  await step('a viewer sees nothing that changes anything', async () => {
    for (const [what, view, locator] of changes()) {
      if (view) {
        await openView(page, view);
        // The list is drawn from the first poll: wait for the camera's row before asking about its buttons.
        if (view === 'Cameras') {
          await page.locator(`#camera-rows tr[data-camera-id="${env.CAMERA}"]`).waitFor();
        }
      }
      if (await locator.isVisible()) {
        throw new Error(`a viewer sees ${what}`);
      }
    }
    // Still there: searching events is for viewers too.
    await openView(page, 'Search');
    await page.getByRole('heading', { name: 'Events' }).waitFor();
  });

  await step('log out, log in with an admin key: everything is there', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    // The logout has cleared the cookie once the login form is back: navigating before that would abort it.
    await page.locator('#login').waitFor({ state: 'visible' });
    await logIn(page, env.BASE_URL, env.ADMIN_KEY);
    await page.locator('#session-who').filter({ hasText: '(admin)' }).waitFor();
    await openView(page, 'Live');
    await tile().waitFor();
    for (const [what, view, locator] of changes()) {
      if (view) {
        await openView(page, view);
      }
      await locator.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {
        throw new Error(`an admin does not see ${what}`);
      });
    }
    await page.screenshot({ path: env.SCREENSHOT, fullPage: true });
  });
}

// The add form's "Labels to track", in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   BASE_URL=http://127.0.0.1:8080 API_KEY=… CLIP=/tmp/moving-box.mp4 CAMERA=labels-cam SCREENSHOT=/tmp/labels.png node labels-flow.mjs
//
// Logs in; the form offers the chosen model's labels from GET /api/models (person checked by default where the model
// has it, every label otherwise); unchecking every label is refused in the page; a camera added with one label, its
// own thresholds and a minimum score for all reads back from GET /api/cameras/{id} with exactly those; a label error
// from the API marks the input it names. Exit code 0 on success, 1 with the failing step on stderr otherwise.
// WebUiTests.cs runs it against a real silo.
import { logIn, log, openView, runFlow, step } from './chromium-flow.mjs';

await runFlow({ variables: ['BASE_URL', 'API_KEY', 'CLIP', 'CAMERA', 'SCREENSHOT'], shownOnFailure: ['#add-error', '#add-status'] }, flow);

async function flow(page, env) {
  const form = page.getByRole('region', { name: 'Add a camera' });
  const track = form.getByRole('group', { name: 'Labels to track' });
  const models = await apiGet(env, '/api/models');
  const labelsOf = (name) => models.find((m) => m.model === name).labels;

  await step('log in: the form offers the default model\'s labels, every one checked (it has no person)', async () => {
    await logIn(page, env.BASE_URL, env.API_KEY);
    await openView(page, 'Cameras');
    await form.getByLabel('Model').fill('shapes');
    await expectChoices(track, labelsOf('shapes'), labelsOf('shapes'));
  });

  await step('a model with person: only person is checked', async () => {
    const withPerson = models.find((m) => m.labels.includes('person'));
    if (!withPerson) {
      throw new Error(`no model lists person: ${JSON.stringify(models.map((m) => [m.model, m.labels]))}`);
    }
    await form.getByLabel('Model').fill(withPerson.model);
    await expectChoices(track, withPerson.labels, ['person']);
    log(`  ${withPerson.model}: ${withPerson.labels.length} labels, person checked`);
  });

  await step('unchecking every label is refused in the page', async () => {
    await form.getByLabel('Model').fill('shapes');
    await expectChoices(track, labelsOf('shapes'), labelsOf('shapes'));
    for (const label of labelsOf('shapes')) {
      await track.getByRole('checkbox', { name: label, exact: true }).uncheck();
    }
    await fillCamera(form, env, env.CAMERA);
    await form.getByRole('button', { name: 'Add camera' }).click();
    await page.locator('#add-error').filter({ hasText: 'check at least one label to track' }).waitFor();
  });

  await step('a camera saved with one label and its own thresholds reads back with them', async () => {
    await track.getByRole('checkbox', { name: 'other', exact: true }).check();
    await track.getByLabel('Min score for other').fill('0.8');
    await track.getByLabel('Max area for other').fill('5000');
    await page.locator('#add-min-score').fill('0.3');
    await form.getByRole('button', { name: 'Add camera' }).click();
    await page.locator('#add-status').filter({ hasText: `Camera ${env.CAMERA} added.` }).waitFor();
    const filter = (await apiGet(env, `/api/cameras/${env.CAMERA}`)).filter;
    const other = filter?.perLabel?.other;
    const kept = JSON.stringify(filter?.labels) === '["other"]' && near(filter.minScore, 0.3) && !filter.maxArea
      && Object.keys(filter.perLabel).length === 1 && near(other.minScore, 0.8) && other.minArea == null && near(other.maxArea, 5000);
    if (!kept) {
      throw new Error(`the camera's filter is ${JSON.stringify(filter)}: expected labels ["other"], minScore 0.3, perLabel.other minScore 0.8 and maxArea 5000`);
    }
    log(`  filter: ${JSON.stringify(filter)}`);
  });

  await step('a label threshold the API refuses marks its input', async () => {
    await fillCamera(form, env, `${env.CAMERA}-bad`);
    await track.getByLabel('Min area for other').fill('9000'); // above its 5000 maximum
    await form.getByRole('button', { name: 'Add camera' }).click();
    await page.locator('#add-error').filter({ hasText: 'filter.perLabel.other.maxArea (5000) must be at least filter.perLabel.other.minArea (9000)' }).waitFor();
    const invalid = await track.getByLabel('Max area for other').getAttribute('aria-invalid');
    if (invalid !== 'true') {
      throw new Error(`the max area input is not marked invalid (aria-invalid=${invalid})`);
    }
    await page.screenshot({ path: env.SCREENSHOT, fullPage: true });
  });
}

/** Waits for the checkboxes to be exactly the labels, in order, with exactly the checked ones checked. */
async function expectChoices(track, labels, checked) {
  const boxes = track.getByRole('checkbox');
  const deadline = Date.now() + 10_000;
  let seen = null;
  while (Date.now() < deadline) {
    seen = await boxes.evaluateAll((inputs) => inputs.map((input) => ({ label: input.value, checked: input.checked })));
    if (JSON.stringify(seen) === JSON.stringify(labels.map((label) => ({ label, checked: checked.includes(label) })))) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the labels offered are ${JSON.stringify(seen)}; expected ${JSON.stringify(labels)} with ${JSON.stringify(checked)} checked`);
}

async function fillCamera(form, env, id) {
  await form.getByLabel('Id', { exact: true }).fill(id);
  await form.getByLabel('Source').fill(env.CLIP);
  await form.getByLabel('Analysis fps').fill('2');
}

async function apiGet(env, path) {
  const response = await fetch(`${env.BASE_URL.replace(/\/+$/, '')}${path}`, { headers: { 'X-Api-Key': env.API_KEY }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) {
    throw new Error(`GET ${path}: ${response.status}`);
  }
  return response.json();
}

/** Floats come back as 0.800000011920929: equal to three places. */
function near(actual, expected) {
  return typeof actual === 'number' && Math.abs(actual - expected) < 0.001;
}

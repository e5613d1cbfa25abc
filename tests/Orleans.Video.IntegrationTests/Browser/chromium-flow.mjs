// What the browser flows share: Debian's Chromium in a fresh profile (playwright-core), an overall watchdog, steps
// that name themselves in the log and in a failure, and on failure what the page said, the browser's own messages
// and a screenshot. A flow script calls runFlow and exits with its code: 0 passed, 1 failed, 2 misconfigured.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// From shared/FACTS.md; playwright adds its own automation flags. Autoplay: videos are muted, but be explicit.
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required',
];

const started = Date.now();

export const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);

export async function step(name, action) {
  log(name);
  try {
    await action();
  } catch (error) {
    throw new Error(`step "${name}": ${error.message}`);
  }
}

/** Logs in through the page's form with the API key. */
export async function logIn(page, baseUrl, apiKey) {
  await page.goto(`${baseUrl.replace(/\/+$/, '')}/`, { waitUntil: 'domcontentloaded' });
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('#login').waitFor({ state: 'hidden' });
}

/** Goes to a view through the header's links (Live, Recordings, Search, Jobs, Cameras), as a person would. */
export async function openView(page, name) {
  // By its view, not its name: the Review link's name carries the count of unreviewed alerts.
  await page.getByRole('navigation', { name: 'Views' }).locator(`a[data-view="${name.toLowerCase()}"]`).click();
  await page.locator(`#view-${name.toLowerCase()}`).waitFor({ state: 'visible' });
}

/**
 * Runs flow(page, env) in a fresh Chromium and exits. variables: the environment it needs (SCREENSHOT among them:
 * a failure saves its screenshot beside it); shownOnFailure: selectors whose text is printed when a step fails.
 */
export async function runFlow({ variables, shownOnFailure, stepTimeoutMs = 20_000, overallTimeoutMs = 100_000 }, flow) {
  const env = Object.fromEntries(variables.map((name) => [name, process.env[name]]));
  if (Object.values(env).some((value) => !value)) {
    console.error(`FAILED: set ${variables.join(', ')}`);
    process.exit(2);
  }
  const watchdog = setTimeout(() => {
    // Playwright kills the browser it launched when this process exits.
    console.error(`FAILED: the flow took longer than ${overallTimeoutMs / 1000} s`);
    process.exit(1);
  }, overallTimeoutMs);
  const profile = mkdtempSync(join(tmpdir(), 'orleans-video-chromium-'));
  const messages = [];
  let context = null;
  let exitCode = 0;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 1200 },
    });
    context.setDefaultTimeout(stepTimeoutMs);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => messages.push(`console.${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => messages.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => messages.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    await flow(page, env);
    log('PASSED');
  } catch (error) {
    exitCode = 1;
    console.error(`FAILED: ${error.message}`);
    const page = context?.pages()[0];
    const shown = page ? await page.locator(shownOnFailure.join(', ')).allTextContents().catch(() => []) : [];
    console.error(`the page says: ${shown.join(' | ')}`);
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
}

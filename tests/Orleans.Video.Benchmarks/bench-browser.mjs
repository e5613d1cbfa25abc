// The bench's Chromium: headless, with the flags of the browser tests (shared/FACTS.md; playwright adds its own
// automation flags), logged in to the web UI with the API key. demo-viewer.mjs and live-latency.mjs start with it.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Returns the logged-in page and close(), which ends the browser and removes its profile. With logConsole the page's
// console is copied to stderr from the first request on.
export async function openLoggedIn(baseUrl, apiKey, { logConsole = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'orleans-video-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
    viewport: { width: 1280, height: 1000 },
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    if (logConsole) {
      page.on('console', (message) => console.error(`console.${message.type()}: ${message.text()}`));
    }
    await page.goto(`${baseUrl}/`, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#login').waitFor({ state: 'hidden' });
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

// The web application in a real browser: Debian's Chromium driven by playwright-core, an accessibility
// check with axe on each screen (WCAG 2.1 A and AA), and a screenshot of each into screenshots/ for
// a reviewer. Tests skip themselves where no Chromium is installed (.ci/run installs it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { startTestApi, type TestApi } from './api.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = path.join(ROOT, 'screenshots');

/** Builds the web application into a folder of the test's own (the service serves it from there). */
export function buildWebApp(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'grant-register-web-'));
  execFileSync(path.join(ROOT, 'node_modules/.bin/node'), [path.join(ROOT, 'scripts/build-web.mjs'), dir], { stdio: 'pipe' });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The language of the browser's own controls (the file input's button), with Debian's chromium-l10n.
    env: { ...process.env, LANGUAGE: 'de' },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The violations of WCAG 2.1 A and AA that axe finds on the page as it is now, as readable lines. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? ''}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** Saves a full-page screenshot as screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The service with the demonstration data and a web application built for the test, and a browser. */
export async function startWebTest(): Promise<{ api: TestApi; browser: Browser; stop(): Promise<void> }> {
  const web = buildWebApp();
  const api = await startTestApi({}, { webDist: web.dir });
  await seedDemoIfEmpty(api.service.orm.em.fork());
  const browser = await launchBrowser();
  return {
    api,
    browser,
    async stop() {
      await browser.close();
      await api.stop();
      web.remove();
    },
  };
}

/**
 * A page in a fresh browser context, signed in as a demonstration user by the button of the sign-in
 * page ("Anmelden als …"), on the start page.
 */
export async function signInAsDemoUser(browser: Browser, url: string, user = 'Finanzen Kyffhäuserkreis'): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await page.goto(`${url}/anmelden`);
  await page.getByRole('button', { name: `Anmelden als ${user}` }).click();
  await page.getByRole('heading', { name: 'Zuwendungsbescheide', level: 1 }).waitFor();
  return page;
}

/** The page's document as the browser has it (the tests are type-checked without the DOM library). */
type BrowserDocument = { document: { activeElement: unknown } };

/** Whether the element has the keyboard focus. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === (globalThis as unknown as BrowserDocument).document.activeElement);
}

/** Presses Tab until the element has the focus, at most `limit` times. */
export async function tabTo(page: Page, locator: Locator, limit = 20): Promise<void> {
  for (let presses = 0; presses < limit && !(await isFocused(locator)); presses++) await page.keyboard.press('Tab');
  expect(await isFocused(locator)).toBe(true);
}

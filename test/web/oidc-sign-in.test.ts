// Signing in in the browser at the identity provider (a real OpenID provider on loopback, whose login
// needs no form): the sign-in page offers one button, which leads through the provider back to the
// start page as the finance officer of the Kyffhäuserkreis; a cancelled sign-in and a session that
// ends while the page is open come back to the sign-in page with a German message; signing out ends
// the session at the provider too. Every screen of the service passes axe and is saved as a screenshot.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserSession } from '../../src/entities/index.js';
import { seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { accessibilityViolations, buildWebApp, haveChromium, launchBrowser, screenshot } from '../support/browser.js';
import { clientSettings, FINANCE_OFFICER, freePort, startTestProvider, type TestProvider } from '../support/oidc-provider.js';

let api: TestApi;
let provider: TestProvider;
let browser: Browser;
let web: ReturnType<typeof buildWebApp>;

beforeAll(async () => {
  if (!haveChromium) return;
  web = buildWebApp();
  const port = await freePort();
  provider = await startTestProvider(`http://127.0.0.1:${port}`);
  api = await startTestApi({ port, authentication: provider.authentication }, { webDist: web.dir });
  await seedDemoIfEmpty(api.service.orm.em.fork());
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await provider?.stop();
  web?.remove();
});

async function newPage(): Promise<Page> {
  return (await browser.newContext({ locale: 'de-DE' })).newPage();
}

/** The start page of the finance officer, signed in. */
async function atStartPage(page: Page): Promise<void> {
  await page.waitForURL(`${api.url}/`);
  await page.getByRole('heading', { name: 'Zuwendungsbescheide', level: 1 }).waitFor();
  await page.locator('table tbody tr').first().waitFor();
  expect(await page.getByText('Angemeldet: Finanzen Kyffhäuserkreis (Finanzsachbearbeitung)').count()).toBe(1);
}

describe.skipIf(!haveChromium)('signing in at the identity provider in the browser', () => {
  it('offers one button, signs in through the provider and lands on the start page', { timeout: 120_000 }, async () => {
    provider.next = { account: FINANCE_OFFICER };
    const page = await newPage();
    await page.goto(api.url);
    await page.waitForURL(`${api.url}/anmelden`);
    await page.getByRole('heading', { name: 'Anmelden', level: 1 }).waitFor();
    // One way to sign in, and no demonstration users.
    expect(await page.getByRole('link', { name: 'Anmelden', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button').count()).toBe(0);
    expect(await page.getByText('Diese Anmeldung ohne Kennwort gibt es nur').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'anmelden-oidc');

    await page.getByRole('link', { name: 'Anmelden', exact: true }).click();
    await atStartPage(page);
    const rows = await page.locator('table tbody tr').count();
    expect(rows).toBe(1);
    expect(await page.getByRole('link', { name: 'TFM-EGOV-2020-0001', exact: true }).count()).toBe(1);

    // The session ends on the server (as after 60 idle minutes) while the page is open: the next request
    // of the page brings the user to the sign-in page, which says why and returns to the page asked for.
    await api.service.orm.em.fork().nativeDelete(UserSession, {});
    await page.getByRole('link', { name: 'TFM-EGOV-2020-0001' }).click();
    await page.waitForURL(/\/anmelden\?fehler=sitzung-abgelaufen&ziel=%2Fbescheide%2F/);
    await page.getByText('Ihre Sitzung ist abgelaufen').waitFor();
    expect(await page.getByText('Angemeldet:').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'anmelden-sitzung-abgelaufen');
    // Still signed in at the provider: the button leads straight back to the notice.
    await page.getByRole('link', { name: 'Anmelden', exact: true }).click();
    await page.getByRole('heading', { name: 'Bescheid TFM-EGOV-2020-0001', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/bescheide\/[\w-]+$/);

    // Signing out ends the session at the provider too, which asks to confirm and sends the browser back.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(`${provider.issuer}/session/end**`);
    await page.getByRole('button', { name: 'Abmelden bestätigen' }).click();
    await page.waitForURL(`${api.url}/anmelden`);
    await page.getByRole('link', { name: 'Anmelden', exact: true }).waitFor();
    expect(await page.getByText('Angemeldet:').count()).toBe(0);
    await page.close();
  });

  it('comes back to the sign-in page with a message when the user cancels at the provider', { timeout: 60_000 }, async () => {
    provider.next = { cancel: true };
    const page = await newPage();
    await page.goto(`${api.url}/anmelden`);
    await page.getByRole('link', { name: 'Anmelden', exact: true }).click();
    await page.waitForURL(`${api.url}/anmelden?fehler=abgebrochen`);
    await page.getByRole('status').getByText('Anmeldung abgebrochen').waitFor();
    expect(await page.getByText('Die Anmeldung wurde beim Anmeldedienst abgebrochen; Sie sind nicht angemeldet.').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'anmelden-abgebrochen');
    // Trying again works.
    provider.next = { account: FINANCE_OFFICER };
    await page.getByRole('link', { name: 'Anmelden', exact: true }).click();
    await atStartPage(page);
    await page.close();
  });

  it('says that the provider is not reachable when it is away', { timeout: 60_000 }, async () => {
    // A service of its own whose provider is not running: it starts, and the sign-in says what is wrong.
    const port = await freePort();
    const away = await startTestApi(
      { port, authentication: clientSettings(`http://127.0.0.1:${port}`, `http://127.0.0.1:${await freePort()}`) },
      { webDist: web.dir },
    );
    try {
      const page = await newPage();
      await page.goto(`${away.url}/anmelden`);
      await page.getByRole('link', { name: 'Anmelden', exact: true }).click();
      await page.waitForURL(`${away.url}/anmelden?fehler=anbieter-nicht-erreichbar`);
      await page.getByRole('alert').getByText('Der Anmeldedienst ist nicht erreichbar', { exact: true }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'anmelden-fehler');
      await page.close();
    } finally {
      await away.stop();
    }
  });
});

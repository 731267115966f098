// „Fristen im Kalender abonnieren“ on the start page in the browser: the finance officer makes the
// address of the calendar feed, which is shown once and serves the Fristen of the Kyffhäuserkreis as
// iCalendar, and revokes it, after which it answers 404; each state with the accessibility check.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../support/api.js';
import { accessibilityViolations, haveChromium, screenshot, signInAsDemoUser, startWebTest } from '../support/browser.js';

let api: TestApi;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  if (!haveChromium) return;
  ({ api, browser, stop } = await startWebTest());
}, 120_000);

afterAll(async () => {
  await stop?.();
});

describe.skipIf(!haveChromium)('the calendar feed on the start page', () => {
  it('makes the address once, with how to subscribe, and revokes it', { timeout: 120_000 }, async () => {
    const page = await signInAsDemoUser(browser, api.url);
    const section = page.getByRole('region', { name: 'Fristen im Kalender abonnieren' });
    await section.getByRole('button', { name: 'Adresse zum Abonnieren erstellen' }).click();
    await section.getByText('Die Adresse Ihres Kalenders ist erstellt').waitFor();
    const address = section.getByRole('textbox', { name: 'Adresse zum Abonnieren' });
    const url = await address.inputValue();
    expect(url).toMatch(new RegExp(`^${api.url}/kalender/[\\w-]{43}\\.ics$`));
    expect(await section.getByRole('listitem').allInnerTexts()).toEqual([
      'Outlook: Kalender öffnen, „Kalender hinzufügen“ und „Aus dem Internet abonnieren“ wählen, die Adresse einfügen.',
      'Thunderbird: im Kalender „Neuer Kalender“, „Im Netzwerk“ wählen, die Adresse als Adresse des Kalenders einfügen.',
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'start-kalender-abonnieren');

    // The calendar client reads the feed without the session: the one Frist of the Kyffhäuserkreis.
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await feed.text();
    expect(text.match(/^SUMMARY:.*$/gm)).toEqual(['SUMMARY:Verwendungsnachweis fällig: TFM-EGOV-2020-0001']);
    expect(text.match(/^DTSTART;VALUE=DATE:.*$/gm)).toEqual(['DTSTART;VALUE=DATE:20220630']);

    await section.getByRole('button', { name: 'Adresse widerrufen' }).click();
    await section.getByText('Die Adresse Ihres Kalenders ist widerrufen').waitFor();
    // The address is shown no more, and answers nothing.
    expect(await address.count()).toBe(0);
    expect((await fetch(url)).status).toBe(404);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'start-kalender-widerrufen');
  });
});

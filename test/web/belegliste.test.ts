// The Belegliste in the browser: paged by the service, sorted by its column headers, filtered by
// whether a row counts and searched by amount, on the Kyffhäuserkreis notice of the demonstration data
// with 50 more receipts; every state passes axe and is saved as a screenshot.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../support/api.js';
import { accessibilityViolations, haveChromium, screenshot, signInAsDemoUser, startWebTest } from '../support/browser.js';

let api: TestApi;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;
let noticeId: string;

beforeAll(async () => {
  if (!haveChromium) return;
  ({ api, browser, stop } = await startWebTest());
  const officer = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065'] });
  const notices = await api.gql<{ grantNotices: { edges: { node: { id: string } }[] } }>(
    '{ grantNotices { edges { node { id } } } }',
    undefined,
    officer,
  );
  noticeId = notices.data!.grantNotices.edges[0]!.node.id;
  // 50 receipts of 10.00 € each for consulting, paid in the approval period: 500.00 € more that count.
  for (let index = 1; index <= 50; index += 1) {
    const booked = await api.gql(
      'mutation ($id: ID!, $input: ExpenditureInput!) { recordExpenditure(grantNoticeId: $id, input: $input) { id } }',
      {
        id: noticeId,
        input: {
          receiptNumber: `KYF-2021-${String(300 + index)}`,
          invoiceDate: '2021-04-20',
          paymentDate: '2021-05-03',
          payee: 'Beratungshaus Mitteldeutschland GmbH',
          purpose: `Rufbereitschaft Fachverfahren, Einsatz ${index}`,
          category: 'CONSULTING',
          amount: '10.00',
        },
      },
      officer,
    );
    expect(booked.errors).toBeUndefined();
  }
}, 180_000);

afterAll(async () => {
  await stop?.();
});

const status = (page: Page) => page.locator('#belegliste ~ [role="status"]');

/** The receipt numbers and amounts of the rows shown. */
async function shownRows(page: Page): Promise<string[]> {
  const rows = page.getByRole('region', { name: 'Belege', exact: true }).locator('tbody tr');
  const shown: string[] = [];
  for (const row of await rows.all()) {
    const cells = (await row.locator('th, td').allInnerTexts()).map((text) => text.trim());
    shown.push(`${cells[0]} ${cells[5]}`);
  }
  return shown;
}

async function waitForStatus(page: Page, text: string): Promise<void> {
  await page.locator('#belegliste ~ [role="status"]', { hasText: text }).waitFor();
}

describe.skipIf(!haveChromium)('the Belegliste', () => {
  it('pages, filters, sorts and searches', { timeout: 120_000 }, async () => {
    const page = await signInAsDemoUser(browser, api.url);
    await page.goto(`${api.url}/bescheide/${noticeId}`);

    // 12 + 50 rows over 61,510.00 + 500.00 = 62,010.00 €, 50 to a page.
    await waitForStatus(page, '62 Belege über zusammen 62.010,00 €; angezeigt 1–50.');
    expect(await shownRows(page)).toHaveLength(50);
    expect(await page.getByRole('button', { name: 'Vorherige Seite' }).isDisabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'belegliste-1-seite-1');

    // While the next page is on its way, the first page's rows stay, and so does the status that names them.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      if (route.request().postDataJSON()?.operationName === 'NoticeReceipts') await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Nächste Seite' }).click();
    await page.locator('table[aria-busy="true"]').waitFor();
    expect(await page.locator('#belegliste ~ [role="status"]').innerText()).toBe('62 Belege über zusammen 62.010,00 €; angezeigt 1–50.');
    expect((await shownRows(page))[0]).toBe('KYF-2020-101 12.400,00 €');
    release();
    await waitForStatus(page, 'angezeigt 51–62.');
    await page.unroute('**/graphql');
    expect((await shownRows(page)).at(-1)).toBe('KYF-2021-350 10,00 €');
    expect(await page.getByRole('button', { name: 'Nächste Seite' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Vorherige Seite' }).click();
    await waitForStatus(page, 'angezeigt 1–50.');
    expect((await shownRows(page))[0]).toBe('KYF-2020-101 12.400,00 €');

    // The two rows that do not count: 1,200.00 € paid after the period and the reversed 8,900.00 €.
    await page.getByLabel('Zählt').selectOption('no');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await waitForStatus(page, 'Gefunden: 2 Belege über zusammen 10.100,00 €; angezeigt 1–2.');
    expect(await shownRows(page)).toEqual(['KYF-2022-007 1.200,00 €', 'KYF-2020-102 8.900,00 €']);

    // Sorted by amount: ascending on the first press, descending on the second, as aria-sort says.
    await page.getByRole('button', { name: 'Betrag: aufsteigend sortieren' }).click();
    await page.locator('th[aria-sort="ascending"]', { hasText: 'Betrag' }).waitFor();
    expect(await shownRows(page)).toEqual(['KYF-2022-007 1.200,00 €', 'KYF-2020-102 8.900,00 €']);
    await page.getByRole('button', { name: 'Betrag: absteigend sortieren' }).click();
    await page.locator('th[aria-sort="descending"]', { hasText: 'Betrag' }).waitFor();
    expect(await shownRows(page)).toEqual(['KYF-2020-102 8.900,00 €', 'KYF-2022-007 1.200,00 €']);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'belegliste-2-zaehlt-nicht');

    // Searched by amount in German notation, all rows again: the receipt and its reversed duplicate.
    await page.getByLabel('Zählt').selectOption('');
    await page.getByRole('searchbox', { name: 'Suche' }).fill('8.900,00');
    await page.getByRole('searchbox', { name: 'Suche' }).press('Enter');
    await waitForStatus(page, 'Gefunden: 2 Belege über zusammen 17.800,00 €; angezeigt 1–2.');
    // Nothing matches: said so, and the filter can be reset.
    await page.getByRole('searchbox', { name: 'Suche' }).fill('Müller');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await waitForStatus(page, 'Kein Beleg passt zu Suche und Filter.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'belegliste-3-nichts-gefunden');
    await page.getByRole('button', { name: 'Zurücksetzen' }).click();
    await waitForStatus(page, '62 Belege über zusammen 62.010,00 €; angezeigt 1–50.');
    expect(await status(page).count()).toBe(1);
    await page.close();
  });
});

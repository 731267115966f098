// The start page in the browser for the lead of the service team, who sees both members' notices: the
// next deadline of each and what needs attention (overdue deadlines, money drawn but not used in time,
// a budget line over its tolerance), with an accessibility check and a screenshot.
import type { Browser, Page } from 'playwright-core';
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

/** The cells of the row of a notice: its next deadline and its warnings. */
async function deadlineCells(page: Page, reference: string): Promise<{ next: string; warnings: string[] }> {
  const row = page.locator('table tbody tr', { hasText: reference });
  const cells = row.locator('td');
  const count = await cells.count();
  const next = (await cells.nth(count - 2).innerText()).replace(/\s+/g, ' ').trim();
  const items = await cells
    .nth(count - 1)
    .locator('li')
    .allInnerTexts();
  return { next, warnings: items.length > 0 ? items.map((item) => item.trim()) : [(await cells.nth(count - 1).innerText()).trim()] };
}

describe.skipIf(!haveChromium)('the start page', () => {
  it('shows each notice’s next deadline and what needs attention', { timeout: 120_000 }, async () => {
    // The Kyffhäuserkreis books 2,500.00 € more of training: 1,650.00 + 2,500.00 = 4,150.00 € against a
    // planned 3,000.00 €, above the 3,600.00 € that the tolerance of 20 % allows.
    const officer = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065'] });
    const notices = await api.gql<{ grantNotices: { edges: { node: { id: string } }[] } }>(
      '{ grantNotices { edges { node { id } } } }',
      undefined,
      officer,
    );
    const booked = await api.gql(
      `mutation ($id: ID!, $input: ExpenditureInput!) { recordExpenditure(grantNoticeId: $id, input: $input) { id } }`,
      {
        id: notices.data!.grantNotices.edges[0]!.node.id,
        input: {
          receiptNumber: 'KYF-2021-201',
          invoiceDate: '2021-02-15',
          paymentDate: '2021-03-01',
          payee: 'Bildungswerk Nordthüringen e. V.',
          purpose: 'Schulung Fachverfahren, fünf Tage',
          category: 'TRAINING',
          amount: '2500.00',
        },
      },
      officer,
    );
    expect(booked.errors).toBeUndefined();

    const page = await signInAsDemoUser(browser, api.url, 'Leitung des Serviceteams');
    await page.locator('table tbody tr').nth(1).waitFor();

    // Kyffhäuserkreis: the 40,000.00 € drawn were used; only the proof of use (due 30.06.2022) is late.
    expect(await deadlineCells(page, 'TFM-EGOV-2020-0001')).toEqual({
      next: 'keine offene',
      warnings: ['Verwendungsnachweis seit 30.06.2022 überfällig', 'Ansatz Schulung über der Toleranz'],
    });
    // Unstrut-Hainich-Kreis: 80 % of the 77,340.00 € spent, 61,872.00 €, used the first 71,500.00 € up to
    // 9,628.00 €, which were due by 02.05.2020; the second 71,500.00 € (due by 01.11.2020) none at all.
    expect(await deadlineCells(page, 'TFM-EGOV-2020-0002')).toEqual({
      next: 'keine offene',
      warnings: [
        '9.628,00 € nicht bis 02.05.2020 verwendet: Zinsen drohen',
        '71.500,00 € nicht bis 01.11.2020 verwendet: Zinsen drohen',
        'Verwendungsnachweis seit 30.06.2021 überfällig',
      ],
    });
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'start-serviceteam');
  });
});

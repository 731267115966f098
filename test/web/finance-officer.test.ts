// The finance officer of the Kyffhäuserkreis in the browser: signs in as the demonstration user of the
// embedded set-up, sees the district's notice with its figures in German notation and no other
// district's, and signs out again; once with the mouse, once with the keyboard only. Every screen
// passes axe's WCAG 2.1 A and AA checks and is saved as a screenshot.
import { readFileSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../support/api.js';
import { openWorkbook, rowLabelled } from '../support/workbooks.js';
import { accessibilityViolations, haveChromium, screenshot, startWebTest, tabTo } from '../support/browser.js';

let api: TestApi;

/** A money cell as the page writes it: "145.012,03 €". */
function germanMoney(value: ExcelJS.CellValue): string {
  const number = typeof value === 'object' && value !== null && 'result' in value ? value.result : value;
  expect(typeof number).toBe('number');
  const [whole, cents] = (number as number).toFixed(2).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+$)/g, '.')},${cents} €`;
}

let browser: Browser;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  if (!haveChromium) return;
  ({ api, browser, stop } = await startWebTest());
}, 120_000);

afterAll(async () => {
  await stop?.();
});

/** The cells of each row of the notices table, their text with white space collapsed. */
async function noticeRows(page: Page): Promise<string[][]> {
  const rows: string[][] = [];
  for (const row of await page.locator('table tbody tr').all()) {
    rows.push((await row.locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()));
  }
  return rows;
}

/** The page's document as the browser has it (the tests are type-checked without the DOM library). */
type BrowserDocument = { document: { activeElement: { textContent: string | null } | null } };

describe.skipIf(!haveChromium)('the finance officer in the browser', () => {
  it('signs in as the demonstration user, sees the own notice with its figures, and signs out', { timeout: 120_000 }, async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(api.url);
    // Not signed in: the sign-in page, which says that it exists only in the embedded set-up.
    await page.waitForURL(`${api.url}/anmelden`);
    await page.getByRole('heading', { name: 'Anmelden', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Anmelden als Finanzen Kyffhäuserkreis' }).waitFor();
    expect(await page.getByText('Diese Anmeldung ohne Kennwort gibt es nur').count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '01-anmelden');

    await page.getByRole('button', { name: 'Anmelden als Finanzen Kyffhäuserkreis' }).click();
    await page.waitForURL(`${api.url}/`);
    await page.getByRole('heading', { name: 'Zuwendungsbescheide', level: 1 }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    expect(await page.getByText('Angemeldet: Finanzen Kyffhäuserkreis (Finanzsachbearbeitung)').count()).toBe(1);
    // The Kyffhäuserkreis notice of 02.06.2020, and not the notice of the Unstrut-Hainich-Kreis.
    const rows = await noticeRows(page);
    expect(rows).toHaveLength(1);
    expect(rows[0]![0]).toMatch(/^TFM-EGOV-2020-0001 Kyffhäuserkreis · .+ · vom 02\.06\.2020$/);
    // Approved 145,012.03 €; the demonstration data paid 40,000.00 € on 15.07.2020, so 145,012.03 − 40,000.00 =
    // 105,012.03 € can still be drawn; its receipts of 51,410.00 € all count. The proof of use was due on 30.06.2022, six months
    // after the approval period, and the 40,000.00 € drawn were all used: no other deadline is left.
    expect(rows[0]!.slice(1)).toEqual([
      'bewilligt',
      '145.012,03 €',
      '40.000,00 €',
      '105.012,03 €',
      '51.410,00 €',
      '51.410,00 €',
      'keine offene',
      'Verwendungsnachweis seit 30.06.2022 überfällig',
    ]);
    expect(await page.getByRole('img', { name: '35,5 % des bewilligten Betrags anerkannt' }).count()).toBe(1);
    expect(await page.getByText('TFM-EGOV-2020-0002').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '02-start-finanzen');

    // The notice itself: its figures, the budget check per line, the Belegliste and the payments.
    await page.getByRole('link', { name: 'TFM-EGOV-2020-0001' }).click();
    await page.getByRole('heading', { name: 'Bescheid TFM-EGOV-2020-0001', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Belege', exact: true }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '03-bescheid');
    const figure = async (term: string) =>
      (await page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd').innerText()).trim();
    expect(await figure('Bewilligte Zuwendung')).toBe('145.012,03 €');
    expect(await figure('Finanzierungsart')).toBe('Anteilfinanzierung, Fördersatz 80 %');
    // The five budget lines add up to the eligible costs of 181,265.04 €; 51,410.00 € were spent and all of it is recognised.
    const sums = (await page.locator('tfoot tr').first().locator('th, td').allInnerTexts()).map((text) => text.trim());
    expect(sums).toEqual(['Summe', '181.265,04 €', '51.410,00 €', '', '', '51.410,00 €', '']);
    // Twelve receipts of 61,510.00 €: the 51,410.00 € that count, a receipt paid after the period (1,200.00 €) and a reversed one (8,900.00 €).
    expect(await page.getByText('12 Belege über zusammen 61.510,00 €; angezeigt 1–12.').count()).toBe(1);

    // The Verwendungsnachweis downloads with the session alone, and its figures are those of the page.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Verwendungsnachweis herunterladen (Excel)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^Verwendungsnachweis.*TFM-EGOV-2020-0001.*\.xlsx$/);
    const workbook = await openWorkbook(readFileSync((await download.path())!));
    const cover = workbook.worksheets[0]!;
    expect(germanMoney(rowLabelled(cover, 'Bewilligte Zuwendung').getCell(2).value)).toBe(await figure('Bewilligte Zuwendung'));
    const proof = workbook.getWorksheet('Zahlenmäßiger Nachweis')!;
    const total = rowLabelled(proof, 'Summe');
    expect([germanMoney(total.getCell(2).value), germanMoney(total.getCell(3).value)]).toEqual([sums[1], sums[2]]);
    expect(germanMoney(rowLabelled(proof, 'Anerkannt insgesamt (höchstens Gesamtansatz)').getCell(7).value)).toBe(sums[5]);

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(`${api.url}/anmelden`);
    // The session is gone on the server too: the start page sends back to the sign-in page.
    await page.goto(api.url);
    await page.waitForURL(`${api.url}/anmelden`);
    await page.close();
  });

  it('works with the keyboard only', { timeout: 120_000 }, async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(`${api.url}/anmelden`);
    const button = page.getByRole('button', { name: 'Anmelden als Finanzen Kyffhäuserkreis' });
    await button.waitFor();
    // The first Tab reaches the skip link, and Tab on from there the sign-in buttons.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as BrowserDocument).document.activeElement?.textContent?.trim())).toBe(
      'Zum Inhalt springen',
    );
    await tabTo(page, button);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Zuwendungsbescheide', level: 1 }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    expect((await noticeRows(page))[0]![2]).toBe('145.012,03 €');
    await tabTo(page, page.getByRole('button', { name: 'Abmelden' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(`${api.url}/anmelden`);
    await page.close();
  });
});

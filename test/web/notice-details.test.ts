// The notice page below the Belegliste: the payments with their spend deadline, the settlement
// forecast on a chosen day with the interest portion by portion, and the versions of the figures side
// by side after an amendment; on the Kyffhäuserkreis notice of the demonstration data.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../support/api.js';
import { accessibilityViolations, haveChromium, screenshot, signInAsDemoUser, startWebTest } from '../support/browser.js';

let api: TestApi;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;
let notice: { id: string; version: number };
let officer: string;

beforeAll(async () => {
  if (!haveChromium) return;
  ({ api, browser, stop } = await startWebTest());
  officer = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065'] });
  const notices = await api.gql<{ grantNotices: { edges: { node: { id: string; version: number } }[] } }>(
    '{ grantNotices { edges { node { id version } } } }',
    undefined,
    officer,
  );
  notice = notices.data!.grantNotices.edges[0]!.node;
}, 120_000);

afterAll(async () => {
  await stop?.();
});

/** The cells of each body row of a table, white space collapsed. */
async function rowsOf(page: Page, region: string): Promise<string[][]> {
  const rows: string[][] = [];
  for (const row of await page.getByRole('region', { name: region, exact: true }).locator('tbody tr').all()) {
    rows.push((await row.locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()));
  }
  return rows;
}

const figure = async (page: Page, section: string, term: string) =>
  (
    await page.locator(`section[aria-labelledby="${section}"] dt`, { hasText: term }).locator('xpath=following-sibling::dd').innerText()
  ).trim();

describe.skipIf(!haveChromium)('the notice page', () => {
  it('shows the settlement on a chosen day with its interest, and the versions after an amendment', { timeout: 120_000 }, async () => {
    const page = await signInAsDemoUser(browser, api.url);
    await page.goto(`${api.url}/bescheide/${notice.id}`);
    // Paid 15.07.2020; Rule 5 gives two months to use it.
    await page.getByText('Ausgezahlt: 40.000,00 € am 15.07.2020, zu verwenden bis 15.09.2020.').waitFor();

    // Staff costs: 80 % of the employer's 5,200.00 € a month, July to December 2020: 6 × 4,160.00 = 24,960.00 €.
    await page.getByText('6 Monate über zusammen 24.960,00 €.').waitFor();
    const staff = await rowsOf(page, 'Personalausgaben nach Monaten');
    expect(staff.map((row) => row[0])).toEqual(['07/2020', '08/2020', '09/2020', '10/2020', '11/2020', '12/2020']);
    expect(staff[0]).toEqual([
      '07/2020',
      'Jonas Hartmann',
      'TVöD E 11',
      'tatsächliche Ausgaben',
      '80 %',
      '5.200,00 €',
      '4.160,00 €',
      'Stornieren',
    ]);

    // A day the calendar does not have is refused at the field.
    const day = page.getByLabel('Stichtag der Vorschau');
    await day.fill('31.06.2022');
    await page.getByRole('button', { name: 'Berechnen' }).click();
    await page.getByText('Den 31.06.2022 gibt es im Kalender nicht.', { exact: false }).waitFor();
    expect(await day.getAttribute('aria-invalid')).toBe('true');

    await day.fill('30.06.2022');
    await page.getByRole('button', { name: 'Berechnen' }).click();
    await page.getByText('Vorschau zum 30.06.2022', { exact: false }).waitFor();
    // Rule 4: 80 % of the recognised 51,410.00 € = 41,128.00 €, of which 40,000.00 € were paid: 1,128.00 € still to pay.
    expect(await figure(page, 'schlussabrechnung', 'Endgültige Zuwendung')).toBe('41.128,00 €');
    expect(await figure(page, 'schlussabrechnung', 'Restauszahlung')).toBe('1.128,00 €');
    // Rule 6: the grant uses 145,012.03 / 181,265.04 (just under 80 %) of each euro spent, first in, first out
    // against the 40,000.00 €. Spending up to 15.09.2020 (34,770.00 €: 27,816.00 € of the grant) is in time;
    // the staff months of September to November use 3,328.00 € each, and December the last 2,200.00 €, late:
    // 77, 108, 138 and 169 days since 15.07.2020 at −0.88 % + 5 points = 4.12 %, actual days / 365:
    // 28.925 + 40.571 + 51.840 + 41.968 = 163.30 €.
    expect(await rowsOf(page, 'Verwendung der Auszahlungen')).toEqual([
      ['15.07.2020', '9.920,00 €', '24.07.2020', '15.09.2020', '0', '0,00 €'],
      ['15.07.2020', '3.328,00 €', '31.07.2020', '15.09.2020', '0', '0,00 €'],
      ['15.07.2020', '7.120,00 €', '17.08.2020', '15.09.2020', '0', '0,00 €'],
      ['15.07.2020', '3.328,00 €', '31.08.2020', '15.09.2020', '0', '0,00 €'],
      ['15.07.2020', '4.120,00 €', '15.09.2020', '15.09.2020', '0', '0,00 €'],
      ['15.07.2020', '3.328,00 €', '30.09.2020', '15.09.2020', '77', '28,93 €'],
      ['15.07.2020', '3.328,00 €', '31.10.2020', '15.09.2020', '108', '40,57 €'],
      ['15.07.2020', '3.328,00 €', '30.11.2020', '15.09.2020', '138', '51,84 €'],
      ['15.07.2020', '2.200,00 €', '31.12.2020', '15.09.2020', '169', '41,97 €'],
    ]);
    expect(await figure(page, 'schlussabrechnung', 'Zinsen auf vorzeitig abgerufene Mittel')).toBe('163,30 €');
    expect(await page.getByText('Der Bescheid wurde nicht geändert; es gilt die Fassung vom 02.06.2020.').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'bescheid-schlussabrechnung');

    // An amendment of 01.03.2021 moves 5,000.00 € from consulting to software; the approved amount stays.
    const amended = await api.gql(
      `mutation ($id: ID!, $version: Int!, $input: GrantAmendmentInput!) {
         amendGrantNotice(id: $id, expectedVersion: $version, input: $input) { id } }`,
      {
        id: notice.id,
        version: notice.version,
        input: {
          reference: 'TFM-EGOV-2020-0001-Ä1',
          amendmentDate: '2021-03-01',
          reason: 'Umschichtung Beratung zu Software',
          budgetLines: [
            { category: 'STAFF', planned: '120000.00' },
            { category: 'CONSULTING', planned: '25000.00' },
            { category: 'SOFTWARE', planned: '25000.00' },
            { category: 'HARDWARE', planned: '8265.04' },
            { category: 'TRAINING', planned: '3000.00' },
          ],
        },
      },
      officer,
    );
    expect(amended.errors).toBeUndefined();
    await page.reload();
    await page.getByRole('region', { name: 'Fassungen nebeneinander' }).waitFor();
    const versions = await rowsOf(page, 'Fassungen nebeneinander');
    expect(versions.find((row) => row[0] === 'Bescheid')).toEqual([
      'Bescheid',
      'Zuwendungsbescheid',
      'Änderungsbescheid TFM-EGOV-2020-0001-Ä1 vom 01.03.2021: Umschichtung Beratung zu Software',
    ]);
    expect(versions.find((row) => row[0] === 'Ansatz Beratung')).toEqual(['Ansatz Beratung', '30.000,00 €', '25.000,00 € (geändert)']);
    expect(versions.find((row) => row[0] === 'Bewilligte Zuwendung')).toEqual(['Bewilligte Zuwendung', '145.012,03 €', '145.012,03 €']);
    expect(await page.locator('.version-changed').count()).toBe(2);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'bescheid-fassungen');
    await page.close();
  });

  it('records the day the proof of use was submitted, after which the settlement is what is left to do', { timeout: 60_000 }, async () => {
    const page = await signInAsDemoUser(browser, api.url);
    await page.goto(`${api.url}/bescheide/${notice.id}`);
    await page.getByText('Verwendungsnachweis überfällig', { exact: true }).waitFor();
    const submitted = page.getByLabel('Verwendungsnachweis eingereicht am');
    await submitted.fill('15.13.2022');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Den 15.13.2022 gibt es im Kalender nicht.', { exact: false }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await submitted.fill('15.06.2022');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Gespeichert: Verwendungsnachweis eingereicht am 15.06.2022.').waitFor();
    await page.getByText('30.06.2022, eingereicht am 15.06.2022').waitFor();
    expect(await page.getByText('Verwendungsnachweis überfällig', { exact: true }).count()).toBe(0);
    await screenshot(page, 'bescheid-nachweis-eingereicht');
    // On the start page the proof of use is no longer overdue; the settlement is due since its submission.
    await page.getByRole('link', { name: 'Zuwendungsbescheide' }).first().click();
    await page.getByText('Schlussabrechnung seit 15.06.2022 offen').waitFor();
    expect(await page.getByText('Verwendungsnachweis seit 30.06.2022 überfällig').count()).toBe(0);
    await page.close();
  });

  it('withholds the staff’s personal data from the lead of the service team', { timeout: 60_000 }, async () => {
    const page = await signInAsDemoUser(browser, api.url, 'Leitung des Serviceteams');
    await page.goto(`${api.url}/bescheide/${notice.id}`);
    await page.getByText('6 Monate über zusammen 24.960,00 €.').waitFor();
    const staff = await rowsOf(page, 'Personalausgaben nach Monaten');
    expect(staff[0]).toEqual([
      '07/2020',
      'nur für den Arbeitgeber sichtbar',
      'nur für den Arbeitgeber sichtbar',
      'tatsächliche Ausgaben',
      '–',
      '–',
      '4.160,00 €',
    ]);
    expect(await page.getByText('Hartmann').count()).toBe(0);
    expect(await page.getByText('TVöD').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'bescheid-personal-leitung');
    await page.close();
  });
});

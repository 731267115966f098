// The state auditor in the browser: the Programmübersicht of the demonstration data with one more notice
// of Ilm-Kreis (no cooperation, its software line over the tolerance, nothing paid), sorted by its
// headers, filtered, with the totals per recipient and cooperation, the budget use per year, the workbook
// of what is filtered, and a notice opened from the table read-only with its personal data. Every state
// passes axe and is saved as a screenshot.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../support/api.js';
import { accessibilityViolations, haveChromium, screenshot, signInAsDemoUser, startWebTest } from '../support/browser.js';
import { openWorkbook } from '../support/workbooks.js';

let api: TestApi;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;
let ilmNotice: { programmeId: string; projectId: string; token: string };
/** Interest as of today by reference, as each notice's settlement gives it: it grows every day. */
const interestOf = new Map<string, string>();

const SERVICE_TEAM = 'Interkommunales E-Government-Serviceteam Nordthüringen';

async function must<T>(query: string, variables: Record<string, unknown> | undefined, token: string): Promise<T> {
  const response = await api.gql<T>(query, variables, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!;
}

/** "1234.5" as the page writes it: "1.234,50 €". */
function euro(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  return `${Number(whole).toLocaleString('de-DE')},${fraction.padEnd(2, '0')} €`;
}

beforeAll(async () => {
  if (!haveChromium) return;
  ({ api, browser, stop } = await startWebTest());
  const auditor = await api.token({ role: 'AUDITOR' });
  const data = await must<{
    fundingPrograms: { edges: { node: { id: string } }[] };
    recipients: { edges: { node: { id: string; ags: string } }[] };
  }>('{ fundingPrograms { edges { node { id } } } recipients(first: 100) { edges { node { id ags } } } }', undefined, auditor);
  const ilm = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16070'] });
  const project = await must<{ createProject: { id: string } }>(
    'mutation ($input: ProjectInput!) { createProject(input: $input) { id } }',
    { input: { recipientId: data.recipients.edges.find(({ node }) => node.ags === '16070')!.node.id, title: 'Digitale Bauakte' } },
    ilm,
  );
  const notice = await must<{ createGrantNotice: { id: string } }>(
    'mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id } }',
    {
      input: {
        reference: 'TFM-EGOV-2025-0003',
        noticeDate: '2025-01-15',
        fundingProgramId: data.fundingPrograms.edges[0]!.node.id,
        projectId: project.createProject.id,
        financingType: 'SHARE',
        rate: '0.8',
        eligibleCosts: '10000.00',
        approvedAmount: '8000.00',
        approvalPeriod: { start: '2025-01-01', end: '2027-12-31' },
        budgetYear: 2025,
        budgetLines: [{ category: 'SOFTWARE', planned: '10000.00' }],
      },
    },
    ilm,
  );
  ilmNotice = { programmeId: data.fundingPrograms.edges[0]!.node.id, projectId: project.createProject.id, token: ilm };
  await must(
    'mutation ($id: ID!, $input: ExpenditureInput!) { recordExpenditure(grantNoticeId: $id, input: $input) { id } }',
    {
      id: notice.createGrantNotice.id,
      input: {
        receiptNumber: 'ILM-2025-001',
        invoiceDate: '2025-03-03',
        paymentDate: '2025-03-17',
        payee: 'Softwarehaus Thüringen GmbH',
        purpose: 'Fachverfahren Bauakte',
        category: 'SOFTWARE',
        amount: '13000.00',
      },
    },
    ilm,
  );
  const notices = await must<{ grantNotices: { edges: { node: { reference: string; settlement: { interest: { amount: string } } } }[] } }>(
    '{ grantNotices(first: 100) { edges { node { reference settlement { interest { amount } } } } } }',
    undefined,
    auditor,
  );
  for (const { node } of notices.grantNotices.edges) interestOf.set(node.reference, node.settlement.interest.amount);
}, 180_000);

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

const references = async (page: Page) => (await rowsOf(page, 'Bescheide des Programms')).map((cells) => cells[0]!.split(' ')[0]);

async function waitForStatus(page: Page, text: string): Promise<void> {
  await page.locator('#overview-status', { hasText: text }).waitFor();
}

async function checked(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
  await screenshot(page, name);
}

describe.skipIf(!haveChromium)('the state auditor', () => {
  it('filters, sorts and downloads the Programmübersicht and opens a notice read-only', { timeout: 180_000 }, async () => {
    const page = await signInAsDemoUser(browser, api.url, 'Prüfung des Ministeriums');
    const uhkInterest = interestOf.get('TFM-EGOV-2020-0002')!;
    const kyfInterest = interestOf.get('TFM-EGOV-2020-0001')!;
    expect(BigInt(uhkInterest.replace('.', ''))).toBeGreaterThan(0n);
    await page.getByRole('navigation', { name: 'Weitere Bereiche' }).getByRole('link', { name: 'Programmübersicht' }).waitFor();
    await checked(page, 'pruefung-1-startseite');

    await page.getByRole('link', { name: 'Programmübersicht' }).click();
    const filters = page.getByRole('search', { name: 'Bescheide filtern' });
    await page.getByRole('heading', { name: 'Programmübersicht', level: 1 }).waitFor();
    // 143,000.00 + 145,012.03 + 8,000.00 approved.
    await waitForStatus(page, '3 Bescheide über zusammen 296.012,03 € bewilligt; angezeigt 1–3.');
    // By AGS: 16064, 16065, 16070. UHK spent 4,800.00 + 640.00 + 12 × 5,700.00 + 3,500.00 = 77,340.00, 80 % of it
    // is 61,872.00 against 143,000.00 received: 81,128.00 back. KYF 12,400.00 + 8,900.00 + 1,650.00 +
    // 6 × 5,200.00 × 0.8 + 3,500.00 = 51,410.00. Ilm-Kreis 13,000.00 spent, 10,000.00 (the plan) recognised.
    expect(await rowsOf(page, 'Bescheide des Programms')).toEqual([
      [
        'TFM-EGOV-2020-0002 bewilligt',
        'Unstrut-Hainich-Kreis',
        SERVICE_TEAM,
        '143.000,00 €',
        '143.000,00 €',
        '77.340,00 €',
        '77.340,00 €',
        '30.06.2021 überfällig',
        '81.128,00 €',
        euro(uhkInterest),
      ],
      [
        'TFM-EGOV-2020-0001 bewilligt',
        'Kyffhäuserkreis',
        SERVICE_TEAM,
        '145.012,03 €',
        '40.000,00 €',
        '51.410,00 €',
        '51.410,00 €',
        '30.06.2022 überfällig',
        '0,00 €',
        euro(kyfInterest),
      ],
      [
        'TFM-EGOV-2025-0003 bewilligt über Toleranz',
        'Ilm-Kreis',
        '–',
        '8.000,00 €',
        '0,00 €',
        '13.000,00 €',
        '10.000,00 €',
        '30.06.2028',
        '0,00 €',
        '0,00 €',
      ],
    ]);
    expect(await rowsOf(page, 'Summen je Zuwendungsempfänger')).toEqual([
      ['Unstrut-Hainich-Kreis', '1', '143.000,00 €', '143.000,00 €', '77.340,00 €', '77.340,00 €', '81.128,00 €'],
      ['Kyffhäuserkreis', '1', '145.012,03 €', '40.000,00 €', '51.410,00 €', '51.410,00 €', '0,00 €'],
      ['Ilm-Kreis', '1', '8.000,00 €', '0,00 €', '13.000,00 €', '10.000,00 €', '0,00 €'],
      ['Summe der Auswahl', '3', '296.012,03 €', '183.000,00 €', '141.750,00 €', '138.750,00 €', '81.128,00 €'],
    ]);
    expect(await rowsOf(page, 'Summen je Kooperation')).toEqual([
      [SERVICE_TEAM, '2', '288.012,03 €', '183.000,00 €', '128.750,00 €', '128.750,00 €', '81.128,00 €'],
      ['Summe der Auswahl', '3', '296.012,03 €', '183.000,00 €', '141.750,00 €', '138.750,00 €', '81.128,00 €'],
    ]);
    // 288,012.03 of 20,000,000.00 committed in 2020 (1.44 %), 8,000.00 in 2025 (0.04 %); spent as counted.
    const years = await rowsOf(page, 'Mittelbindung je Haushaltsjahr');
    expect(years[0]).toEqual(['2020', '20.000.000,00 €', '288.012,03 €', '', '19.711.987,97 €', '128.750,00 €']);
    expect(years[5]).toEqual(['2025', '20.000.000,00 €', '8.000,00 €', '', '19.992.000,00 €', '13.000,00 €']);
    const bars = page.getByRole('region', { name: 'Mittelbindung je Haushaltsjahr' }).getByRole('img');
    expect(await bars.first().getAttribute('aria-label')).toBe('1,4 % des Haushaltsansatzes 2020 gebunden');
    expect(await bars.nth(5).getAttribute('aria-label')).toBe('0 % des Haushaltsansatzes 2025 gebunden');
    await checked(page, 'pruefung-2-programmuebersicht');

    // Sorted by the approved amount, ascending and then descending.
    const approved = page.getByRole('region', { name: 'Bescheide des Programms' }).getByRole('columnheader', { name: /^Bewilligt/ });
    expect(await approved.getAttribute('aria-sort')).toBe('none');
    await page.getByRole('button', { name: 'Bewilligt: aufsteigend sortieren' }).click();
    await page.getByRole('button', { name: 'Bewilligt: absteigend sortieren' }).waitFor();
    await expect.poll(() => references(page)).toEqual(['TFM-EGOV-2025-0003', 'TFM-EGOV-2020-0002', 'TFM-EGOV-2020-0001']);
    expect(await approved.getAttribute('aria-sort')).toBe('ascending');
    await checked(page, 'pruefung-3-sortiert-bewilligt');
    await page.getByRole('button', { name: 'Bewilligt: absteigend sortieren' }).click();
    await expect.poll(() => references(page)).toEqual(['TFM-EGOV-2020-0001', 'TFM-EGOV-2020-0002', 'TFM-EGOV-2025-0003']);
    expect(await approved.getAttribute('aria-sort')).toBe('descending');

    // The overdue proofs of use: the two notices of the service team, which is all of its cooperation's total.
    await filters.getByLabel('Verwendungsnachweis überfällig').check();
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await waitForStatus(page, 'Gefunden: 2 Bescheide über zusammen 288.012,03 € bewilligt; angezeigt 1–2.');
    expect(await references(page)).toEqual(['TFM-EGOV-2020-0001', 'TFM-EGOV-2020-0002']);
    expect((await rowsOf(page, 'Summen je Zuwendungsempfänger')).at(-1)).toEqual([
      'Summe der Auswahl',
      '2',
      '288.012,03 €',
      '183.000,00 €',
      '128.750,00 €',
      '128.750,00 €',
      '81.128,00 €',
    ]);
    await checked(page, 'pruefung-4-verwendungsnachweis-ueberfaellig');

    // … of Kyffhäuserkreis only, and its workbook: the rows of the filter, and the filter stated.
    await filters.getByLabel('Zuwendungsempfänger').selectOption({ label: 'Kyffhäuserkreis' });
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await waitForStatus(page, 'Gefunden: 1 Bescheid über zusammen 145.012,03 € bewilligt; angezeigt 1–1.');
    expect(await references(page)).toEqual(['TFM-EGOV-2020-0001']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Programmübersicht der Auswahl (Excel)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^Programmuebersicht_EGOV-TH_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheet = (await openWorkbook(readFileSync((await download.path())!))).getWorksheet('Bescheide')!;
    const lines: string[] = [];
    sheet.eachRow((row) => lines.push([1, 3, 6, 7].map((column) => row.getCell(column).text).join(' | ')));
    expect(lines).toEqual([
      'Zuwendungsempfänger | Aktenzeichen | Bewilligt | Ausgezahlt',
      'Kyffhäuserkreis | TFM-EGOV-2020-0001 | 145012.03 | 40000',
      'Summe Kyffhäuserkreis |  | 145012.03 | 40000',
      'Summe Förderprogramm |  | 145012.03 | 40000',
      'Auswahl: Zuwendungsempfänger: Kyffhäuserkreis; Verwendungsnachweis überfällig: ja |  |  | ',
    ]);
    await checked(page, 'pruefung-5-kyffhaeuserkreis');

    // Reset; then the lines over their tolerance: Ilm-Kreis alone, outside any cooperation.
    await page.getByRole('button', { name: 'Zurücksetzen' }).click();
    await waitForStatus(page, '3 Bescheide über zusammen 296.012,03 € bewilligt');
    await filters.getByLabel('Ansatz über der Toleranz').check();
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await waitForStatus(page, 'Gefunden: 1 Bescheid über zusammen 8.000,00 € bewilligt; angezeigt 1–1.');
    expect(await references(page)).toEqual(['TFM-EGOV-2025-0003']);
    await page.getByText('Keiner der gefilterten Bescheide gehört dazu.').waitFor();
    await checked(page, 'pruefung-6-ueber-toleranz');

    // Refunds due, then interest due.
    await filters.getByLabel('Ansatz über der Toleranz').uncheck();
    await filters.getByLabel('Rückforderung fällig').check();
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await waitForStatus(page, 'Gefunden: 1 Bescheid über zusammen 143.000,00 € bewilligt; angezeigt 1–1.');
    expect(await references(page)).toEqual(['TFM-EGOV-2020-0002']);
    await filters.getByLabel('Rückforderung fällig').uncheck();
    await filters.getByLabel('Zinsen fällig').check();
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await waitForStatus(page, 'Gefunden: 2 Bescheide');
    expect(await references(page)).toEqual(['TFM-EGOV-2020-0002', 'TFM-EGOV-2020-0001']);
    await checked(page, 'pruefung-7-zinsen');

    // A notice opened from the table: every figure, the employee's name, and nothing to book.
    await page.getByRole('link', { name: 'TFM-EGOV-2020-0001' }).click();
    await page.getByRole('heading', { name: 'Bescheid TFM-EGOV-2020-0001', level: 1 }).waitFor();
    await page.locator('#belegliste ~ [role="status"]', { hasText: 'Belege' }).waitFor();
    await page.getByText('145.012,03 €').first().waitFor();
    await page.getByText('Jonas Hartmann').first().waitFor();
    await page.getByRole('region', { name: 'Personalausgaben nach Monaten' }).getByText('TVöD E 11').first().waitFor();
    const buttons = await page.locator('main').getByRole('button').allInnerTexts();
    const links = await page.locator('main').locator('a.kern-btn').allInnerTexts();
    // Only what reads: the Belegliste's filter and sort order, the settlement forecast on a day, the download.
    expect(buttons).toEqual([
      'Anzeigen',
      'Zurücksetzen',
      'Beleg↕',
      'Rechnung vom↕',
      'Bezahlt am↕',
      'Empfänger und Zweck↕',
      'Kategorie↕',
      'Betrag↕',
      'Berechnen',
    ]);
    expect(links).toEqual(['Verwendungsnachweis herunterladen (Excel)']);
    for (const action of [
      'Änderungsbescheid erfassen',
      'Beleg erfassen',
      'Mittelabruf anlegen',
      'Personalkosten zuordnen',
      'Stornieren',
      'Einreichen',
      'Speichern',
    ]) {
      expect(await page.getByRole('button', { name: action }).count(), action).toBe(0);
      expect(await page.getByRole('link', { name: action }).count(), action).toBe(0);
    }
    expect(await page.getByRole('link', { name: /Belege importieren/ }).count()).toBe(0);
    await checked(page, 'pruefung-8-bescheid-lesend');
  });

  it('pages 50 notices at a time', { timeout: 180_000 }, async () => {
    // 48 more notices of Ilm-Kreis of 100.00 € each: 51 in all, 296,012.03 + 4,800.00 = 300,812.03 € approved.
    for (let index = 1; index <= 48; index += 1) {
      await must(
        'mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id } }',
        {
          input: {
            reference: `TFM-EGOV-2025-${String(100 + index).padStart(4, '0')}`,
            noticeDate: '2025-02-01',
            fundingProgramId: ilmNotice.programmeId,
            projectId: ilmNotice.projectId,
            financingType: 'SHARE',
            rate: '0.8',
            eligibleCosts: '125.00',
            approvedAmount: '100.00',
            approvalPeriod: { start: '2025-02-01', end: '2027-12-31' },
            budgetYear: 2025,
            budgetLines: [{ category: 'TRAINING', planned: '125.00' }],
          },
        },
        ilmNotice.token,
      );
    }
    const page = await signInAsDemoUser(browser, api.url, 'Prüfung des Ministeriums');
    await page.goto(`${api.url}/programm`);
    await waitForStatus(page, '51 Bescheide über zusammen 300.812,03 € bewilligt; angezeigt 1–50.');
    expect(await references(page)).toHaveLength(50);
    expect(await page.getByRole('button', { name: 'Vorherige Seite' }).isDisabled()).toBe(true);
    // By AGS and reference: UHK, KYF, then Ilm-Kreis's 49 notices; the last of them on page 2.
    await page.getByRole('button', { name: 'Nächste Seite' }).click();
    await waitForStatus(page, 'angezeigt 51–51.');
    expect(await references(page)).toEqual(['TFM-EGOV-2025-0148']);
    expect(await page.getByRole('button', { name: 'Nächste Seite' }).isDisabled()).toBe(true);
    // The totals stay those of all 51 notices.
    expect((await rowsOf(page, 'Summen je Zuwendungsempfänger')).at(-1)?.slice(0, 3)).toEqual(['Summe der Auswahl', '51', '300.812,03 €']);
    await checked(page, 'pruefung-9-seite-2');
  });
});

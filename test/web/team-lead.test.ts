// The service-team lead in the browser: from the start page to the cooperation's page, the members on
// a chosen day with their resolutions, every member's grants with their budget checks and the sums per
// member and for the cooperation (worked out by hand from the demonstration data), the Budgetprüfung
// workbook; and no employee's name or pay group on any page the lead can reach. Every state passes
// axe and is saved as screenshots/team-lead-*.png.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../support/api.js';
import { accessibilityViolations, haveChromium, isFocused, screenshot, signInAsDemoUser, startWebTest } from '../support/browser.js';

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

const LEAD = 'Leitung des Serviceteams';

/** axe finds nothing, and the screen is saved as screenshots/team-lead-<name>.png. */
async function checked(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
  await screenshot(page, `team-lead-${name}`);
}

/** The rows of a table, each as its cells' texts with white space collapsed. */
async function rowsOf(table: Locator, part = 'tbody tr'): Promise<string[][]> {
  const rows: string[][] = [];
  for (const row of await table.locator(part).all()) {
    rows.push((await row.locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()));
  }
  return rows;
}

/** The demonstration employees (src/services/demo-data.ts): their names and their pay group. */
const PERSONAL_DATA = ['Anna Becker', 'Jonas Hartmann', 'Claudia Wolf', 'Stefan Krause', 'Becker', 'Hartmann', 'Krause', 'TVöD', 'E 11'];

describe.skipIf(!haveChromium)('the service-team lead', () => {
  it('finds the cooperation from the start page: members on a chosen day, budgets per member and in total, the workbook', async () => {
    const page = await signInAsDemoUser(browser, api.url, LEAD);
    await checked(page, 'start');
    await page
      .getByRole('navigation', { name: 'Weitere Bereiche' })
      .getByRole('link', { name: /^Zweckvereinbarung / })
      .click();
    await page
      .getByRole('heading', { level: 1, name: 'Zweckvereinbarung Interkommunales E-Government-Serviceteam Nordthüringen' })
      .waitFor();
    await page.getByRole('table', { name: /Summen je Mitglied/ }).waitFor();

    // Today all four districts are members, the lead first; Nordhausen leads without a resolution of its own.
    const members = page.getByRole('table', { name: /Mitglieder am/ });
    expect(await rowsOf(members)).toEqual([
      ['Landkreis Nordhausen AGS 16062 · Federführung', '27.11.2019', '–', 'kein Beschluss erfasst'],
      [
        'Unstrut-Hainich-Kreis AGS 16064',
        '27.11.2019',
        '–',
        'Kreistag Unstrut-Hainich-Kreis, Nr. KT/065-03/19 vom 27.11.2019: Zweckvereinbarung zur Gründung eines interkommunalen Serviceteams im Bereich E-Government',
      ],
      [
        'Kyffhäuserkreis AGS 16065',
        '05.12.2019',
        '–',
        'Kreistag Kyffhäuserkreis, Nr. 2019/7/027 vom 05.12.2019: Abschluss einer Zweckvereinbarung zur Gründung eines E-Government-Service-Teams',
      ],
      [
        'Wartburgkreis AGS 16063',
        '24.06.2020',
        '–',
        'Kreistag Unstrut-Hainich-Kreis, Nr. KT/103/2020 vom 24.06.2020: 1. Änderung der Zweckvereinbarung: Aufnahme des Wartburgkreises, Erweiterung von drei auf vier Landkreise',
      ],
    ]);

    // Kyffhäuserkreis: 3,500.00 (half of the scanner) + 24,960.00 staff (6 months × 5,200.00 × 80 %) +
    // 12,400.00 + 8,900.00 + 1,650.00 = 51,410.00; the receipt paid after the approval period does not
    // count. Unstrut-Hainich-Kreis: 4,800.00 + 3,500.00 hardware, 640.00 travel, 68,400.00 staff at
    // the flat rate = 77,340.00. Planned 181,265.04 and 178,750.00. Nothing is over its tolerance.
    const noNotice =
      'Kein Zuwendungsbescheid in diesem Programm: das Mitglied trägt keine Ausgaben und keinen Anteil an gemeinsamen Beschaffungen darin.';
    const budgets = page.getByRole('table', { name: 'Summen je Mitglied' });
    expect(await rowsOf(budgets)).toEqual([
      ['Landkreis Nordhausen', noNotice],
      ['Unstrut-Hainich-Kreis', 'TFM-EGOV-2020-0002', '143.000,00 €', '178.750,00 €', '77.340,00 €', '77.340,00 €', 'eingehalten'],
      ['Kyffhäuserkreis', 'TFM-EGOV-2020-0001', '145.012,03 €', '181.265,04 €', '51.410,00 €', '51.410,00 €', 'eingehalten'],
      ['Wartburgkreis', noNotice],
    ]);
    // 145,012.03 + 143,000.00 = 288,012.03; 181,265.04 + 178,750.00 = 360,015.04; 51,410.00 + 77,340.00 = 128,750.00.
    expect(await rowsOf(budgets, 'tfoot tr')).toEqual([
      ['Zweckvereinbarung', '2 Bescheide', '288.012,03 €', '360.015,04 €', '128.750,00 €', '128.750,00 €', 'eingehalten'],
    ]);

    // Each grant's lines side by side with what was spent and recognised.
    const kyffhaeuser = page.getByRole('table', { name: 'Budgetprüfung Kyffhäuserkreis: Bescheid TFM-EGOV-2020-0001' });
    expect(await rowsOf(kyffhaeuser)).toEqual([
      ['Personalausgaben', '120.000,00 €', '24.960,00 €', '−95.040,00 € (−79,20 %)', 'eingehalten', '24.960,00 €'],
      ['Beratung', '30.000,00 €', '12.400,00 €', '−17.600,00 € (−58,67 %)', 'eingehalten', '12.400,00 €'],
      ['Software', '20.000,00 €', '8.900,00 €', '−11.100,00 € (−55,50 %)', 'eingehalten', '8.900,00 €'],
      ['Hardware', '8.265,04 €', '3.500,00 €', '−4.765,04 € (−57,65 %)', 'eingehalten', '3.500,00 €'],
      ['Schulung', '3.000,00 €', '1.650,00 €', '−1.350,00 € (−45,00 %)', 'eingehalten', '1.650,00 €'],
    ]);
    expect(await rowsOf(kyffhaeuser, 'tfoot tr')).toEqual([['Summe', '181.265,04 €', '51.410,00 €', '', '', '51.410,00 €']]);
    const uhk = page.getByRole('table', { name: 'Budgetprüfung Unstrut-Hainich-Kreis: Bescheid TFM-EGOV-2020-0002' });
    expect(await rowsOf(uhk, 'tfoot tr')).toEqual([['Summe', '178.750,00 €', '77.340,00 €', '', '', '77.340,00 €']]);
    await checked(page, 'cooperation');

    // The workbook of the whole cooperation, named as what it is.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Budgetprüfung der Zweckvereinbarung herunterladen (Excel)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^Budgetpruefung_.*Serviceteam.*\.xlsx$/);

    // On 01.06.2020 the Wartburgkreis had not joined yet: three members, the same two grants.
    const day = page.getByLabel('Mitglieder am');
    await day.fill('1.6.2020');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.getByRole('table', { name: '3 Mitglieder am 01.06.2020' }).waitFor();
    expect((await rowsOf(page.getByRole('table', { name: 'Summen je Mitglied' }))).map((row) => row[0])).toEqual([
      'Landkreis Nordhausen',
      'Unstrut-Hainich-Kreis',
      'Kyffhäuserkreis',
    ]);
    expect(new URL(page.url()).searchParams.get('am')).toBe('2020-06-01');
    await checked(page, 'cooperation-2020-06-01');

    // On 01.12.2019 the Kyffhäuserkreis had not joined yet: its grant is named, but not counted.
    await day.fill('01.12.2019');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.getByRole('table', { name: '2 Mitglieder am 01.12.2019' }).waitFor();
    expect(await rowsOf(page.getByRole('table', { name: 'Summen je Mitglied' }), 'tfoot tr')).toEqual([
      ['Zweckvereinbarung', '1 Bescheid', '143.000,00 €', '178.750,00 €', '77.340,00 €', '77.340,00 €', 'eingehalten'],
    ]);
    await page.getByText('Nicht mitgezählt, weil an diesem Tag nicht Mitglied: Kyffhäuserkreis (Bescheid TFM-EGOV-2020-0001).').waitFor();
    await checked(page, 'cooperation-2019-12-01');

    // A day the calendar does not have is refused at the field.
    await day.fill('31.06.2020');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    expect(await day.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByText('Den 31.06.2020 gibt es im Kalender nicht.').count()).toBe(1);
    await checked(page, 'cooperation-invalid-day');
    await page.context().close();
  }, 120_000);

  it('records a joint purchase split by population after a preview of every part, and reverses it as a whole', async () => {
    const page = await signInAsDemoUser(browser, api.url, LEAD);
    await page.goto(`${api.url}/zweckvereinbarung`);
    await page.getByRole('link', { name: 'Gemeinsame Beschaffungen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gemeinsame Beschaffungen' }).waitFor();
    const list = page.getByRole('table', { name: /gemeinsame Beschaffung/ });
    // The scanner of the seed story: 7,000.00 € in equal parts.
    expect(await rowsOf(list)).toEqual([
      [
        'ST-2020-001 vom 01.09.2020, bezahlt am 15.09.2020 · Scanner & Archiv GmbH · Dokumentenscanner für das gemeinsame DMS (illustrativ) · Hardware · EGOV-TH',
        'zu gleichen Teilen',
        '7.000,00 €',
        'Unstrut-Hainich-Kreis: TFM-EGOV-2020-0002 3.500,00 € Kyffhäuserkreis: TFM-EGOV-2020-0001 3.500,00 €',
        'Stornieren',
      ],
    ]);
    await checked(page, 'purchases');

    const field = (name: string) => page.getByLabel(name, { exact: true });
    const enter = async (name: string, value: string) => {
      await field(name).fill(value);
      await field(name).blur();
    };
    await enter('Rechnungsnummer (Belegnummer)', 'GB-2020-007');
    await enter('Rechnungsdatum', '01.10.2020');
    await enter('Zahlungsdatum – optional', '15.10.2020');
    await enter('Lieferant', 'Archivtechnik Erfurt GmbH');
    await enter('Verwendungszweck', 'Aktenscanner für das gemeinsame DMS');
    await enter('Gesamtbetrag der Rechnung', '10.000,00');
    await field('Verteilungsschlüssel').selectOption({ label: 'nach Einwohnerzahl' });

    // 10,000.00 × 102,232 / 176,444 = 5,794.0196… and × 74,212 / 176,444 = 4,205.9803…: 5,794.01 + 4,205.98
    // leave one cent, which goes to the larger remainder, the Unstrut-Hainich-Kreis.
    const preview = page.getByRole('table', { name: 'Vorschau der Anteile (noch nicht gebucht)' });
    await preview.waitFor();
    expect(await rowsOf(preview)).toEqual([
      ['Unstrut-Hainich-Kreis', 'TFM-EGOV-2020-0002', '102.232', '5.794,02 €'],
      ['Kyffhäuserkreis', 'TFM-EGOV-2020-0001', '74.212', '4.205,98 €'],
    ]);
    expect(await rowsOf(preview, 'tfoot tr')).toEqual([['Summe', '', '176.444', '10.000,00 €']]);
    await checked(page, 'purchase-preview-population');

    // Fixed shares that do not add up to 100 % are refused at the members, as the booking would be.
    await field('Verteilungsschlüssel').selectOption({ label: 'nach festen Anteilen' });
    await enter('Fester Anteil Unstrut-Hainich-Kreis', '40');
    await enter('Fester Anteil Kyffhäuserkreis', '40 %');
    const members = page.getByRole('group', { name: 'Mitglieder, die einen Teil tragen' });
    await expect
      .poll(() => members.locator('.kern-error').innerText())
      .toBe('Die festen Anteile ergeben zusammen 80 %; sie müssen zusammen genau 100 % ergeben.');
    expect(await preview.count()).toBe(0);
    await checked(page, 'purchase-shares-refused');
    await enter('Fester Anteil Unstrut-Hainich-Kreis', '60');
    await preview.waitFor();
    expect(await rowsOf(preview)).toEqual([
      ['Unstrut-Hainich-Kreis', 'TFM-EGOV-2020-0002', '60 %', '6.000,00 €'],
      ['Kyffhäuserkreis', 'TFM-EGOV-2020-0001', '40 %', '4.000,00 €'],
    ]);
    await checked(page, 'purchase-preview-shares');

    // Booked by population after all.
    await field('Verteilungsschlüssel').selectOption({ label: 'nach Einwohnerzahl' });
    await expect.poll(async () => (await rowsOf(preview)).map((row) => row[3])).toEqual(['5.794,02 €', '4.205,98 €']);
    await page.getByRole('button', { name: 'Anteile buchen' }).click();
    await page.getByText('Die gemeinsame Beschaffung GB-2020-007 ist gebucht').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'GB-2020-007' }).innerText()).toContain(
      '10.000,00 € als Belege auf den Bescheiden der Mitglieder: Unstrut-Hainich-Kreis 5.794,02 €, Kyffhäuserkreis 4.205,98 €.',
    );
    await expect.poll(async () => (await rowsOf(list)).length).toBe(2);
    const booked = list.locator('tbody tr', { hasText: 'GB-2020-007' });
    expect((await rowsOf(booked, ':scope'))[0]!.slice(1, 4)).toEqual([
      'nach Einwohnerzahl',
      '10.000,00 €',
      'Unstrut-Hainich-Kreis: TFM-EGOV-2020-0002 5.794,02 € Kyffhäuserkreis: TFM-EGOV-2020-0001 4.205,98 €',
    ]);
    expect(await field('Rechnungsnummer (Belegnummer)').inputValue()).toBe('');
    await checked(page, 'purchase-booked');

    // The part is a receipt on the member's grant.
    await booked.getByRole('link', { name: 'TFM-EGOV-2020-0001' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bescheid TFM-EGOV-2020-0001' }).waitFor();
    await expect.poll(() => page.locator('tr', { hasText: 'GB-2020-007' }).first().innerText()).toContain('4.205,98 €');

    // The Kyffhäuserkreis' finance officer sees on the start page that the lead booked a part on the grant, and when.
    const officer = await signInAsDemoUser(browser, api.url, 'Finanzen Kyffhäuserkreis');
    const told = officer.getByRole('region', { name: 'Gemeinsame Beschaffungen auf Ihren Bescheiden' }).locator('li').first();
    await told.waitFor();
    expect((await told.innerText()).replace(/\s+/g, ' ')).toMatch(
      /^Rechnung GB-2020-007 vom 01\.10\.2020 \(Archivtechnik Erfurt GmbH: Aktenscanner für das gemeinsame DMS\), Ihr Anteil 4\.205,98 € auf Bescheid TFM-EGOV-2020-0001; gebucht am \d\d\.\d\d\.\d{4}, \d\d:\d\d:\d\d von Leitung Serviceteam Nordthüringen \(Zweckvereinbarung Interkommunales E-Government-Serviceteam Nordthüringen\)\.$/,
    );
    expect(await accessibilityViolations(officer)).toEqual([]);
    await screenshot(officer, 'team-lead-member-start-page');
    await officer.context().close();

    // The cooperation's sums: 77,340.00 + 5,794.02 = 83,134.02 and 51,410.00 + 4,205.98 = 55,615.98; 138,750.00 in all.
    await page.goto(`${api.url}/zweckvereinbarung`);
    const budgets = page.getByRole('table', { name: 'Summen je Mitglied' });
    await budgets.waitFor();
    expect((await rowsOf(budgets)).map((row) => row[4])).toEqual([undefined, '83.134,02 €', '55.615,98 €', undefined]);
    expect((await rowsOf(budgets, 'tfoot tr'))[0]![4]).toBe('138.750,00 €');

    // The Storno of the whole invoice: without a reason it is refused, with one every part is reversed.
    await page.getByRole('link', { name: 'Gemeinsame Beschaffungen' }).click();
    await page.getByRole('button', { name: 'Stornieren (Rechnung GB-2020-007)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Gemeinsame Rechnung GB-2020-007 stornieren' });
    await dialog.waitFor();
    // Escape closes the dialog and gives the focus back to its button.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    const reverseButton = page.getByRole('button', { name: 'Stornieren (Rechnung GB-2020-007)' });
    expect(await isFocused(reverseButton)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Rechnung und Anteile stornieren' }).click();
    await expect.poll(() => dialog.getByLabel('Grund des Stornos').getAttribute('aria-invalid')).toBe('true');
    await checked(page, 'purchase-reverse-dialog');
    await dialog.getByLabel('Grund des Stornos').fill('Rechnung vom Lieferanten storniert');
    await dialog.getByRole('button', { name: 'Rechnung und Anteile stornieren' }).click();
    await expect
      .poll(() => booked.locator('td').last().innerText())
      .toMatch(/^storniert\s+am \d{2}\.\d{2}\.\d{4}: Rechnung vom Lieferanten storniert$/);
    // The focus is on the row's "storniert", where the button was.
    await expect.poll(() => isFocused(booked.locator('td').last().locator('[tabindex="-1"]'))).toBe(true);
    await checked(page, 'purchase-reversed');

    await page.goto(`${api.url}/zweckvereinbarung`);
    await budgets.waitFor();
    expect((await rowsOf(budgets, 'tfoot tr'))[0]![4]).toBe('128.750,00 €');
    await page.context().close();
  }, 180_000);

  it('shows no employee’s name or pay group on any page the lead can reach', async () => {
    const page = await signInAsDemoUser(browser, api.url, LEAD);
    // Every page of the application reachable by a link, from the start page on.
    const seen = new Set<string>();
    const queue = ['/'];
    while (queue.length > 0 && seen.size < 60) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      await page.goto(`${api.url}${path}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'geladen …' }).count()).toBe(0);
      const text = await page.locator('body').innerText();
      for (const personal of PERSONAL_DATA) expect(text, `${personal} on ${path}`).not.toContain(personal);
      const links = await page
        .locator('a[href^="/"]')
        .evaluateAll((anchors) =>
          anchors.map((anchor) => (anchor as unknown as { getAttribute(name: string): string }).getAttribute('href')),
        );
      for (const link of links) if (!/^\/(reports|auth|graphql|imports)\//.test(link) && !seen.has(link)) queue.push(link);
    }
    // Then every other page of the application typed in directly, on each of those grants too.
    const notices = [...seen].filter((path) => /^\/bescheide\/[^/]+$/.test(path));
    const typedIn = ['/beschaeftigte', '/vorhaben/neu', '/bescheide/neu'];
    for (const notice of notices)
      for (const part of ['beleg', 'personal', 'mittelabruf', 'aenderung', 'import', 'pruefpfad']) typedIn.push(`${notice}/${part}`);
    for (const path of typedIn) {
      await page.goto(`${api.url}${path}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'geladen …' }).count()).toBe(0);
      const text = await page.locator('body').innerText();
      for (const personal of PERSONAL_DATA) expect(text, `${personal} on ${path}`).not.toContain(personal);
    }
    // The start page, the cooperation, the projects and both grants of the members at least.
    expect(seen.size).toBeGreaterThanOrEqual(5);
    expect([...seen]).toEqual(expect.arrayContaining(['/', '/zweckvereinbarung', '/vorhaben']));
    expect(notices).toHaveLength(2);
    await page.context().close();

    // The check would see them: the employer's finance officer has the name and pay group on the page of the employees.
    const officer = await signInAsDemoUser(browser, api.url, 'Finanzen Kyffhäuserkreis');
    await officer.goto(`${api.url}/beschaeftigte`);
    await officer.getByText('Jonas Hartmann').waitFor();
    expect(await officer.locator('body').innerText()).toContain('TVöD E 11');
    await officer.context().close();
  }, 180_000);
});

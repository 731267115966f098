// The finance officer's whole journey in one run, as a working day would chain it: signed in through
// the identity provider (a real OpenID provider on loopback), a new notice that the cap refuses and
// then one that it accepts, the month's Buchungsexport imported as a Windows-1252 CSV, one of its
// receipts reversed, a Mittelabruf created and submitted, and the Verwendungsnachweis downloaded, whose
// figures are those the page shows. The second run takes the same journey with the keyboard only.
// Every screen passes axe and is saved as screenshots/reise-*.png.
import { readFileSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import type { Browser, FileChooser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { FundingProgram, Recipient } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import { createGrantApplication } from '../../src/services/applications.js';
import { DEMO_PROGRAM_CODE, seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { createProject } from '../../src/services/projects.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { accessibilityViolations, buildWebApp, haveChromium, isFocused, launchBrowser, screenshot, tabTo } from '../support/browser.js';
import { FINANCE_OFFICER, freePort, startTestProvider, type TestProvider } from '../support/oidc-provider.js';
import { openWorkbook, rowLabelled } from '../support/workbooks.js';

let api: TestApi;
let provider: TestProvider;
let browser: Browser;
let web: ReturnType<typeof buildWebApp>;

/** Two applications of the Kyffhäuserkreis without a notice, one for each run. */
beforeAll(async () => {
  if (!haveChromium) return;
  web = buildWebApp();
  const port = await freePort();
  provider = await startTestProvider(`http://127.0.0.1:${port}`);
  api = await startTestApi({ port, authentication: provider.authentication }, { webDist: web.dir });
  const em = api.service.orm.em.fork();
  await seedDemoIfEmpty(em);
  const system = Access.system();
  const kyffhaeuser = await em.findOneOrFail(Recipient, { ags: '16065' });
  const program = await em.findOneOrFail(FundingProgram, { code: DEMO_PROGRAM_CODE });
  // Asked 42,000.00 € for a plan of 40,000.00 + 10,000.00 = 50,000.00 €.
  const office = await createProject(em, system, { recipientId: kyffhaeuser.id, title: 'Digitales Bürgerbüro' });
  await createGrantApplication(em, system, {
    fundingProgramId: program.id,
    projectId: office.id,
    submittedOn: '2025-05-15',
    requestedAmount: new Dec('42000.00'),
    financingType: 'SHARE',
    status: 'SUBMITTED',
    lines: [
      { category: 'SOFTWARE', planned: new Dec('40000.00') },
      { category: 'TRAINING', planned: new Dec('10000.00') },
    ],
  });
  // Asked 31,000.00 € for a plan of 25,000.00 + 12,500.00 = 37,500.00 €.
  const archive = await createProject(em, system, { recipientId: kyffhaeuser.id, title: 'Elektronisches Archiv' });
  await createGrantApplication(em, system, {
    fundingProgramId: program.id,
    projectId: archive.id,
    submittedOn: '2025-06-02',
    requestedAmount: new Dec('31000.00'),
    financingType: 'SHARE',
    status: 'SUBMITTED',
    lines: [
      { category: 'SOFTWARE', planned: new Dec('25000.00') },
      { category: 'CONSULTING', planned: new Dec('12500.00') },
    ],
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await provider?.stop();
  web?.remove();
});

/** The characters of Windows-1252 that Latin-1 does not have at the same code, as the files below use them. */
const WINDOWS_1252: Record<string, number> = { '„': 0x84, '“': 0x93 };

function windows1252(lines: string[]): Buffer {
  return Buffer.from([...lines.join('\r\n')].map((char) => WINDOWS_1252[char] ?? char.charCodeAt(0)));
}

const HEADER = 'Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag';

/** axe finds nothing, and the screen is saved as screenshots/reise-<name>.png. */
async function checked(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
  await screenshot(page, `reise-${name}`);
}

/** The error shown at a field (tied to it by aria-describedby); null when it has none. */
async function errorAt(field: Locator): Promise<string | null> {
  const id = (await field.getAttribute('aria-describedby'))?.split(' ').find((part) => part.endsWith('-error'));
  return id ? (await field.page().locator(`[id="${id}"]`).innerText()).trim() : null;
}

/** The figure of a term in the notice's description list. */
async function figure(page: Page, term: string): Promise<string> {
  return (await page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd').first().innerText()).trim();
}

/** The cells of a table row, their text with white space collapsed. */
async function cells(row: Locator): Promise<string[]> {
  return (await row.locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/** The sums row of the budget check: planned, spent, …, recognised. */
async function budgetSums(page: Page): Promise<string[]> {
  return (await page.locator('tfoot tr').first().locator('th, td').allInnerTexts()).map((text) => text.trim());
}

/** A money cell of the workbook as the page writes it: "145.012,03 €". */
function germanMoney(value: ExcelJS.CellValue): string {
  const number = typeof value === 'object' && value !== null && 'result' in value ? value.result : value;
  expect(typeof number).toBe('number');
  const [whole, cents] = (number as number).toFixed(2).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+$)/g, '.')},${cents} €`;
}

/**
 * The figures of the downloaded Verwendungsnachweis in the page's notation: the approved grant of the
 * cover sheet, planned and spent of the sums row and the recognised total.
 */
async function proofOfUseFigures(bytes: Buffer): Promise<{ approved: string; planned: string; spent: string; recognised: string }> {
  const workbook = await openWorkbook(bytes);
  const proof = workbook.getWorksheet('Zahlenmäßiger Nachweis')!;
  const total = rowLabelled(proof, 'Summe');
  return {
    approved: germanMoney(rowLabelled(workbook.worksheets[0]!, 'Bewilligte Zuwendung').getCell(2).value),
    planned: germanMoney(total.getCell(2).value),
    spent: germanMoney(total.getCell(3).value),
    recognised: germanMoney(rowLabelled(proof, 'Anerkannt insgesamt (höchstens Gesamtansatz)').getCell(7).value),
  };
}

/** The page's document as the browser has it (the tests are type-checked without the DOM library). */
type BrowserDocument = { document: { activeElement: { textContent: string | null } | null } };

/** Types into the field that has the focus after Tab presses brought it there, replacing what it held. */
async function typeInto(page: Page, field: Locator, text: string, limit = 40): Promise<void> {
  await tabTo(page, field, limit);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describe.skipIf(!haveChromium)('the finance officer’s journey from sign-in to the Verwendungsnachweis', () => {
  it('runs start to finish with the mouse', { timeout: 240_000 }, async () => {
    provider.next = { account: FINANCE_OFFICER };
    const page = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
    await page.goto(api.url);
    await page.waitForURL(`${api.url}/anmelden`);
    await page.getByRole('link', { name: 'Anmelden', exact: true }).click();
    await page.waitForURL(`${api.url}/`);
    await page.getByRole('heading', { name: 'Zuwendungsbescheide', level: 1 }).waitFor();
    expect(await page.getByText('Angemeldet: Finanzen Kyffhäuserkreis (Finanzsachbearbeitung)').count()).toBe(1);
    await page.locator('table tbody tr').first().waitFor();
    await checked(page, '01-start');

    // The notice: 42,000.00 € is above the cap of 80 % × 50,000.00 € = 40,000.00 €, and 84 % above the programme's 80 %.
    await page.getByRole('link', { name: 'Neuen Bescheid anlegen' }).click();
    await page.getByRole('heading', { name: 'Neuer Zuwendungsbescheid', level: 1 }).waitFor();
    await page.getByLabel('Förderantrag').selectOption({ label: 'Digitales Bürgerbüro (Kyffhäuserkreis), beantragt 42.000,00 €' });
    const approved = page.getByLabel('Bewilligte Zuwendung');
    await approved.waitFor();
    for (const [label, value] of [
      ['Aktenzeichen', 'TFM-EGOV-2025-0301'],
      ['Bescheid vom', '01.07.2025'],
      ['Beginn', '01.07.2025'],
      ['Ende', '30.06.2026'],
    ] as const) {
      await page.getByLabel(label).fill(value);
      await page.getByLabel(label).blur();
    }
    await approved.fill('42.000,00');
    await approved.blur();
    await expect
      .poll(() => errorAt(approved), { timeout: 10_000 })
      .toBe(
        'Der bewilligte Betrag von 42.000,00 € übersteigt die Obergrenze von 40.000,00 € bei Anteilfinanzierung (80 % von 50.000,00 €). ' +
          'Der bewilligte Betrag von 42.000,00 € entspricht 84 % der zuwendungsfähigen Ausgaben von 50.000,00 € und liegt über dem ' +
          'Höchstfördersatz des Programms von 80 % (höchstens 40.000,00 €).',
      );
    await checked(page, '02-obergrenze');
    // The cap itself passes.
    await approved.fill('40.000,00');
    await approved.blur();
    await expect.poll(() => errorAt(approved), { timeout: 10_000 }).toBeNull();
    await page.getByRole('button', { name: 'Bescheid anlegen' }).click();
    await page.getByRole('heading', { name: 'Bescheid TFM-EGOV-2025-0301', level: 1 }).waitFor();
    expect(await figure(page, 'Bewilligte Zuwendung')).toBe('40.000,00 €');
    const noticeUrl = page.url();

    // The Buchungsexport of August: 12,345.67 + 2,500.00 + 1,000.00 = 15,845.67 €, umlauts and „…“ in Windows-1252.
    await page.getByRole('link', { name: 'Belege importieren (CSV oder XLSX)' }).click();
    await page.getByRole('heading', { name: 'Belege importieren', level: 1 }).waitFor();
    await page.getByLabel('Buchungsexport (CSV oder XLSX)').setInputFiles({
      name: 'Buchungsexport August 2025.csv',
      mimeType: 'text/csv',
      buffer: windows1252([
        HEADER,
        'BB-2025-001;01.08.2025;15.08.2025;Kommunale IT GmbH;Lizenz „Bürgerbüro“;Software;12.345,67',
        'BB-2025-002;05.08.2025;20.08.2025;Schulungszentrum Gößnitz;Schulung Sachbearbeitung;Schulung;2.500,00',
        'BB-2025-003;10.08.2025;25.08.2025;Büroservice Weiß KG;Lizenz Terminbuchung;Software;1.000,00',
      ]),
    });
    await page.getByRole('heading', { name: 'Ergebnis der Prüfung' }).waitFor();
    await checked(page, '03-import-vorschau');
    await page.getByRole('button', { name: 'Alle 3 Belege buchen' }).click();
    await page.getByRole('status').filter({ hasText: '3 Belege gebucht' }).waitFor();
    await page.getByRole('link', { name: 'Zurück zum Bescheid TFM-EGOV-2025-0301' }).click();
    await page.getByText('3 Belege über zusammen 15.845,67 €; angezeigt 1–3.').waitFor();
    const belege = page.getByRole('region', { name: 'Belege', exact: true });
    expect((await cells(belege.locator('tbody tr', { hasText: 'BB-2025-001' }))).slice(3, 8)).toEqual([
      'Kommunale IT GmbH Lizenz „Bürgerbüro“',
      'Software',
      '12.345,67 €',
      '12.345,67 €',
      'ja',
    ]);
    expect(await budgetSums(page)).toEqual(['Summe', '50.000,00 €', '15.845,67 €', '', '', '15.845,67 €', '']);
    await checked(page, '04-importiert');

    // Storno of the licence booked by mistake: 15,845.67 − 1,000.00 = 14,845.67 € count.
    await belege.getByRole('button', { name: 'Stornieren (Beleg BB-2025-003)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Beleg BB-2025-003 stornieren' });
    await dialog.getByLabel('Grund des Stornos').fill('Gehört zum Vorhaben Terminbuchung');
    await checked(page, '05-storno');
    await dialog.getByRole('button', { name: 'Stornieren', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await belege.locator('tbody tr', { hasText: 'BB-2025-003' }).getByText('nein: storniert').waitFor();
    expect(await budgetSums(page)).toEqual(['Summe', '50.000,00 €', '14.845,67 €', '', '', '14.845,67 €', '']);

    // A Mittelabruf of 12,000.00 € (no more than 80 % of what counts: 0.8 × 14,845.67 = 11,876.54 € would also do), submitted.
    await page.getByRole('link', { name: 'Mittelabruf anlegen' }).click();
    await page.getByRole('heading', { name: 'Mittelabruf anlegen', level: 1 }).waitFor();
    for (const [label, value] of [
      ['Datum des Mittelabrufs', '01.09.2025'],
      ['Verwendungszweck', '1. Abschlag Bürgerbüro'],
    ] as const) {
      await page.getByLabel(label).fill(value);
      await page.getByLabel(label).blur();
    }
    await page.getByLabel('Betrag', { exact: true }).fill('12.000,00');
    await page.getByLabel('Betrag', { exact: true }).blur();
    await expect.poll(() => errorAt(page.getByLabel('Betrag', { exact: true })), { timeout: 10_000 }).toBeNull();
    await page.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await page.getByText('Der Mittelabruf über 12.000,00 € ist als Entwurf gespeichert.').waitFor();
    expect(page.url()).toBe(noticeUrl);
    const requests = page.getByRole('region', { name: 'Mittelabrufe', exact: true });
    await requests.getByRole('button', { name: 'Einreichen (Mittelabruf über 12.000,00 €)' }).click();
    await requests.getByText('Eingereicht').waitFor();
    expect(await cells(requests.locator('tbody tr').first())).toEqual([
      '01.09.2025',
      '12.000,00 €',
      '1. Abschlag Bürgerbüro',
      'Eingereicht',
      'Excel (Mittelabruf vom 01.09.2025)',
      '',
    ]);
    await checked(page, '06-mittelabruf-eingereicht');

    // The Verwendungsnachweis under the session cookie: the figures of the page.
    const sums = await budgetSums(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Verwendungsnachweis herunterladen (Excel)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^Verwendungsnachweis.*TFM-EGOV-2025-0301.*\.xlsx$/);
    expect(await proofOfUseFigures(readFileSync((await download.path())!))).toEqual({
      approved: await figure(page, 'Bewilligte Zuwendung'),
      planned: sums[1],
      spent: sums[2],
      recognised: sums[5],
    });
    expect(sums[5]).toBe('14.845,67 €');

    // The start page counts the new notice: approved 40,000.00 €, nothing paid yet, 14,845.67 € spent and recognised.
    await page
      .getByRole('link', { name: /Förderregister/ })
      .first()
      .click();
    const row = page.locator('table tbody tr', { hasText: 'TFM-EGOV-2025-0301' });
    await row.waitFor();
    expect((await cells(row)).slice(1, 7)).toEqual(['bewilligt', '40.000,00 €', '0,00 €', '40.000,00 €', '14.845,67 €', '14.845,67 €']);
    await checked(page, '07-start-danach');
    await page.close();
  });

  it('runs start to finish with the keyboard only', { timeout: 240_000 }, async () => {
    provider.next = { account: FINANCE_OFFICER };
    const page = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
    // The file dialogs the page opens, caught from the start (the browser sets the catching up asynchronously).
    const choosers: FileChooser[] = [];
    page.on('filechooser', (chooser) => choosers.push(chooser));
    await page.goto(`${api.url}/anmelden`);
    const signIn = page.getByRole('link', { name: 'Anmelden', exact: true });
    await signIn.waitFor();
    await tabTo(page, signIn);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${api.url}/`);
    await page.locator('table tbody tr').first().waitFor();

    // The notice: 31,000.00 € is above 80 % × 37,500.00 € = 30,000.00 €; 31,000.00 / 37,500.00 = 82.67 %, above 80 %.
    const newNotice = page.getByRole('link', { name: 'Neuen Bescheid anlegen' });
    await tabTo(page, newNotice, 60);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Neuer Zuwendungsbescheid', level: 1 }).waitFor();
    const application = page.getByLabel('Förderantrag');
    // The application of the first run has its notice now and is no longer offered.
    await application.waitFor();
    expect(await application.locator('option').allInnerTexts()).toEqual([
      'Bitte wählen',
      'Elektronisches Archiv (Kyffhäuserkreis), beantragt 31.000,00 €',
    ]);
    await tabTo(page, application, 30);
    // Typing the start of an option's name selects it in a closed select, as in every browser.
    await page.keyboard.type('Elektronisches');
    expect(await application.locator('option:checked').innerText()).toBe('Elektronisches Archiv (Kyffhäuserkreis), beantragt 31.000,00 €');
    const approved = page.getByLabel('Bewilligte Zuwendung');
    await approved.waitFor();
    await typeInto(page, page.getByLabel('Aktenzeichen'), 'TFM-EGOV-2025-0302');
    await typeInto(page, page.getByLabel('Bescheid vom'), '15.07.2025');
    await typeInto(page, page.getByLabel('Beginn'), '01.08.2025');
    await typeInto(page, page.getByLabel('Ende'), '31.07.2026');
    await typeInto(page, approved, '31.000,00');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => errorAt(approved), { timeout: 10_000 })
      .toBe(
        'Der bewilligte Betrag von 31.000,00 € übersteigt die Obergrenze von 30.000,00 € bei Anteilfinanzierung (80 % von 37.500,00 €). ' +
          'Der bewilligte Betrag von 31.000,00 € entspricht 82,67 % der zuwendungsfähigen Ausgaben von 37.500,00 € und liegt über dem ' +
          'Höchstfördersatz des Programms von 80 % (höchstens 30.000,00 €).',
      );
    await page.keyboard.press('Shift+Tab');
    expect(await isFocused(approved)).toBe(true);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('30.000,00');
    await page.keyboard.press('Tab');
    await expect.poll(() => errorAt(approved), { timeout: 10_000 }).toBeNull();
    await tabTo(page, page.getByRole('button', { name: 'Bescheid anlegen' }), 20);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Bescheid TFM-EGOV-2025-0302', level: 1 }).waitFor();
    expect(await figure(page, 'Bewilligte Zuwendung')).toBe('30.000,00 €');

    // The import: the file chosen in the dialog that Enter on the file input opens, 8,000.00 + 4,250.50 = 12,250.50 €.
    const importLink = page.getByRole('link', { name: 'Belege importieren (CSV oder XLSX)' });
    await tabTo(page, importLink, 80);
    await page.keyboard.press('Enter');
    const input = page.getByLabel('Buchungsexport (CSV oder XLSX)');
    await tabTo(page, input, 30);
    await page.keyboard.press('Enter');
    await expect.poll(() => choosers.length, { timeout: 10_000 }).toBe(1);
    await choosers[0]!.setFiles({
      name: 'Buchungsexport August 2025 Archiv.csv',
      mimeType: 'text/csv',
      buffer: windows1252([
        HEADER,
        'EA-2025-001;04.08.2025;18.08.2025;Archivsysteme Weimar GmbH;Lizenz „E-Archiv“;Software;8.000,00',
        'EA-2025-002;11.08.2025;22.08.2025;Beratung Jäger & Söhne;Konzept Aussonderung;Beratung;4.250,50',
      ]),
    });
    await page.getByRole('heading', { name: 'Ergebnis der Prüfung' }).waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Alle 2 Belege buchen' }), 10);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: '2 Belege gebucht' }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'Zurück zum Bescheid TFM-EGOV-2025-0302' }), 20);
    await page.keyboard.press('Enter');
    await page.getByText('2 Belege über zusammen 12.250,50 €; angezeigt 1–2.').waitFor();
    expect(await budgetSums(page)).toEqual(['Summe', '37.500,00 €', '12.250,50 €', '', '', '12.250,50 €', '']);

    // Storno of the consulting receipt: 12,250.50 − 4,250.50 = 8,000.00 € count.
    const belege = page.getByRole('region', { name: 'Belege', exact: true });
    await tabTo(page, belege.getByRole('button', { name: 'Stornieren (Beleg EA-2025-002)' }), 200);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Beleg EA-2025-002 stornieren' });
    await dialog.waitFor();
    expect(await isFocused(dialog.getByLabel('Grund des Stornos'))).toBe(true);
    await page.keyboard.type('Rechnung an das Hauptamt');
    await tabTo(page, dialog.getByRole('button', { name: 'Stornieren', exact: true }), 10);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await belege.locator('tbody tr', { hasText: 'EA-2025-002' }).getByText('nein: storniert').waitFor();
    expect(await budgetSums(page)).toEqual(['Summe', '37.500,00 €', '8.000,00 €', '', '', '8.000,00 €', '']);

    // The Mittelabruf of 6,000.00 €, saved as a draft and submitted.
    await tabTo(page, page.getByRole('link', { name: 'Mittelabruf anlegen' }), 200);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Mittelabruf anlegen', level: 1 }).waitFor();
    await typeInto(page, page.getByLabel('Datum des Mittelabrufs'), '01.09.2025');
    await typeInto(page, page.getByLabel('Verwendungszweck'), '1. Abschlag Archiv');
    await typeInto(page, page.getByLabel('Betrag', { exact: true }), '6.000,00');
    await page.keyboard.press('Tab');
    await tabTo(page, page.getByRole('button', { name: 'Als Entwurf speichern' }), 10);
    await page.keyboard.press('Enter');
    await page.getByText('Der Mittelabruf über 6.000,00 € ist als Entwurf gespeichert.').waitFor();
    const requests = page.getByRole('region', { name: 'Mittelabrufe', exact: true });
    await tabTo(page, requests.getByRole('button', { name: 'Einreichen (Mittelabruf über 6.000,00 €)' }), 200);
    await page.keyboard.press('Enter');
    await requests.getByText('Eingereicht').waitFor();
    // The button goes, and the focus moves to the request's new status rather than back to the top of the page.
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as BrowserDocument).document.activeElement?.textContent?.trim()), {
        timeout: 10_000,
      })
      .toBe('Eingereicht');

    // The Verwendungsnachweis by Enter on its link.
    const sums = await budgetSums(page);
    const proofLink = page.getByRole('link', { name: 'Verwendungsnachweis herunterladen (Excel)' });
    await tabTo(page, proofLink, 300);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^Verwendungsnachweis.*TFM-EGOV-2025-0302.*\.xlsx$/);
    expect(await proofOfUseFigures(readFileSync((await download.path())!))).toEqual({
      approved: '30.000,00 €',
      planned: sums[1],
      spent: sums[2],
      recognised: '8.000,00 €',
    });
    await checked(page, '08-tastatur-ende');
    await page.close();
  });
});

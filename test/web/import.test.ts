// The finance officer of the Kyffhäuserkreis imports a Buchungsexport in the browser: a Windows-1252
// CSV dropped on the page is checked (bad row, duplicates, a receipt that will not count), the
// corrected file chosen with the file input and booked with the keyboard, after which the notice's
// Belegliste shows the new receipts; the same file again and an expired session are refused as German
// alerts. Every state passes axe and is saved as a screenshot.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserSession } from '../../src/entities/index.js';
import type { TestApi } from '../support/api.js';
import { accessibilityViolations, haveChromium, screenshot, startWebTest, tabTo } from '../support/browser.js';

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

/** The characters of Windows-1252 that Latin-1 does not have at the same code, as the files below use them. */
const WINDOWS_1252: Record<string, number> = { '„': 0x84, '“': 0x93 };

function windows1252(lines: string[]): Buffer {
  return Buffer.from([...lines.join('\r\n')].map((char) => WINDOWS_1252[char] ?? char.charCodeAt(0)));
}

const HEADER = 'Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag';
const SCANNER = 'IMP-2020-201;01.10.2020;15.10.2020;Müller & Söhne GmbH;Scanner für die Poststelle;Hardware;2.380,00';
const TRAINING = 'IMP-2020-202;05.10.2020;20.10.2020;Büroservice Weiß KG;Schulung „E-Akte“ für 12 Personen;Schulung;1.190,50';
const UNPAID = 'IMP-2020-203;12.10.2020;;Kommunale IT-Dienste Gößnitz;Lizenzerweiterung;Software;595,00';
const MAINTENANCE = (invoiceDate: string) => `IMP-2020-204;${invoiceDate};02.11.2020;Müller & Söhne GmbH;Wartung Scanner;Hardware;119,00`;

/**
 * Six rows: two good ones, one unpaid (booked but not counting), one with the 32nd of October, the
 * demonstration receipt KYF-2020-101 booked on the notice before, and the first row again.
 */
const WITH_PROBLEMS = windows1252([
  HEADER,
  SCANNER,
  TRAINING,
  UNPAID,
  MAINTENANCE('32.10.2020'),
  'KYF-2020-101;10.07.2020;24.07.2020;Beratungshaus Mitteldeutschland GmbH;Prozessanalyse;Beratung;12.400,00',
  SCANNER,
]);
/** The same export corrected: the date of the maintenance fixed, the two duplicates left out. */
const CORRECTED = windows1252([HEADER, SCANNER, TRAINING, UNPAID, MAINTENANCE('02.10.2020')]);

const HINT = 'markieren Sie die Zeile in der Spalte „Korrektur“, wenn sie den Beleg bewusst ergänzt.';

/** The cells of each body row of the table in the region named `region`, white space collapsed. */
async function tableRows(page: Page, region: string): Promise<string[][]> {
  const rows: string[][] = [];
  for (const row of await page.getByRole('region', { name: region, exact: true }).locator('tbody tr').all()) {
    rows.push((await row.locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()));
  }
  return rows;
}

/** The summary of the check: term and value of each line. */
async function summary(page: Page): Promise<string[][]> {
  const items = await page.locator('.kern-description-list-item').all();
  return Promise.all(
    items.map(async (item) => [(await item.locator('dt').innerText()).trim(), (await item.locator('dd').innerText()).trim()]),
  );
}

/** Drops the file on the drop zone as a browser does when a file is dragged onto it. */
async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ content, fileName }) => {
      const scope = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
      };
      const data = new scope.DataTransfer();
      data.items.add(new scope.File([new Uint8Array(content)], fileName, { type: 'text/csv' }));
      return data;
    },
    { content: [...bytes], fileName: name },
  );
  const zone = page.locator('.import-drop');
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  expect(await zone.getAttribute('class')).toBe('import-drop import-drop--over');
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

describe.skipIf(!haveChromium)('the import of a Buchungsexport in the browser', () => {
  it('checks a file with problems, books the corrected one, and shows it in the Belegliste', { timeout: 180_000 }, async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${api.url}/anmelden`);
    await page.getByRole('button', { name: 'Anmelden als Finanzen Kyffhäuserkreis' }).click();
    await page.getByRole('link', { name: 'TFM-EGOV-2020-0001' }).click();
    await page.getByRole('heading', { name: 'Bescheid TFM-EGOV-2020-0001', level: 1 }).waitFor();
    await page.getByText('12 Belege über zusammen 61.510,00 €; angezeigt 1–12.').waitFor();
    await page.getByRole('link', { name: 'Belege importieren (CSV oder XLSX)' }).click();

    // The empty page: the file input with its label is reached with the keyboard.
    await page.getByRole('heading', { name: 'Belege importieren', level: 1 }).waitFor();
    expect(await page.title()).toBe('Belege importieren – Bescheid TFM-EGOV-2020-0001 – Förderregister E-Government Thüringen');
    const input = page.getByLabel('Buchungsexport (CSV oder XLSX)');
    expect(await input.getAttribute('accept')).toBe(
      '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    await tabTo(page, input, 30);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'import-01-leer');

    // Dropped: the check names every problem, and nothing can be booked.
    await dropFile(page, 'Buchungsexport Oktober 2020.csv', WITH_PROBLEMS);
    await page.getByRole('heading', { name: 'Ergebnis der Prüfung' }).waitFor();
    // Six rows; those of rows 5, 6 and 7 have problems. 2,380.00 + 1,190.50 + 595.00 + 119.00 + 12,400.00 + 2,380.00 = 19,064.50.
    expect(await summary(page)).toEqual([
      ['Datei', 'Buchungsexport Oktober 2020.csv (CSV)'],
      ['Gelesene Belegzeilen', '6'],
      ['Davon fehlerfrei', '3'],
      ['Zu buchen', 'keine, solange die Datei Fehler hat'],
      ['Summe der Beträge', '19.064,50 €'],
      ['Zählen nicht', '1 Beleg'],
    ]);
    expect(await page.getByRole('alert').innerText()).toContain('Die Datei hat 3 Probleme; es wird nichts gebucht');
    expect(await page.getByRole('button', { name: /buchen/ }).count()).toBe(0);
    expect(await tableRows(page, 'Fehlerhafte Zeilen')).toEqual([['5', 'Rechnungsdatum', '"32.10.2020" ist kein Tag im Kalender.']]);
    expect(await tableRows(page, 'Doppelte Belegnummern')).toEqual([
      [
        '6',
        'bereits gebucht',
        `Die Belegnummer KYF-2020-101 ist auf diesem Zuwendungsbescheid bereits gebucht (Rechnung vom 10.07.2020 über 12.400,00 €); ${HINT}`,
      ],
      ['7', 'doppelt in der Datei', `Die Belegnummer IMP-2020-201 steht bereits in Zeile 2 dieser Datei; ${HINT}`],
    ]);
    expect(await tableRows(page, 'Belege, die nicht zählen')).toEqual([
      ['4', 'IMP-2020-203', 'nicht bezahlt', 'Noch nicht bezahlt: ein Beleg zählt erst mit einem Zahlungsdatum im Bewilligungszeitraum.'],
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'import-02-probleme');

    // The corrected file through the file input: four receipts, 2,380.00 + 1,190.50 + 595.00 + 119.00 = 4,284.50 €.
    await input.setInputFiles({ name: 'Buchungsexport Oktober 2020 korrigiert.csv', mimeType: 'text/csv', buffer: CORRECTED });
    await page.getByText('Buchungsexport Oktober 2020 korrigiert.csv (CSV)').waitFor();
    expect(await summary(page)).toEqual([
      ['Datei', 'Buchungsexport Oktober 2020 korrigiert.csv (CSV)'],
      ['Gelesene Belegzeilen', '4'],
      ['Davon fehlerfrei', '4'],
      ['Zu buchen', '4 Belege'],
      ['Summe der Beträge', '4.284,50 €'],
      ['Zählen nicht', '1 Beleg'],
    ]);
    expect(await page.getByRole('region', { name: 'Fehlerhafte Zeilen' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Doppelte Belegnummern' }).count()).toBe(0);
    expect((await tableRows(page, 'Belege, die nicht zählen')).map((row) => row.slice(0, 3))).toEqual([
      ['4', 'IMP-2020-203', 'nicht bezahlt'],
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'import-03-vorschau');

    // Booked with the keyboard: the focus is on the result, and Tab reaches the button.
    const book = page.getByRole('button', { name: 'Alle 4 Belege buchen' });
    await tabTo(page, book, 5);
    await page.keyboard.press('Enter');
    const success = page.getByRole('status').filter({ hasText: '4 Belege gebucht' });
    await success.waitFor();
    expect((await success.innerText()).replace(/\s+/g, ' ')).toContain(
      'Die Datei „Buchungsexport Oktober 2020 korrigiert.csv“ ist eingelesen: 4 Belege über zusammen 4.284,50 €; einer davon zählt nicht. Die Belegliste des Bescheids zeigt sie.',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'import-04-gebucht');

    // The Belegliste: 12 + 4 receipts, 61,510.00 + 4,284.50 = 65,794.50 €; the umlauts of the Windows-1252 file intact.
    await page.getByRole('link', { name: 'Zurück zum Bescheid TFM-EGOV-2020-0001' }).click();
    await page.getByText('16 Belege über zusammen 65.794,50 €; angezeigt 1–16.').waitFor();
    const receipts = await tableRows(page, 'Belege');
    const imported = receipts.filter((row) => row[0]!.startsWith('IMP-'));
    expect(imported.map((row) => [row[0], row[3], row[5], row[7]])).toEqual([
      ['IMP-2020-201', 'Müller & Söhne GmbH Scanner für die Poststelle', '2.380,00 €', 'ja'],
      ['IMP-2020-202', 'Büroservice Weiß KG Schulung „E-Akte“ für 12 Personen', '1.190,50 €', 'ja'],
      ['IMP-2020-203', 'Kommunale IT-Dienste Gößnitz Lizenzerweiterung', '595,00 €', 'nein: nicht bezahlt'],
      ['IMP-2020-204', 'Müller & Söhne GmbH Wartung Scanner', '119,00 €', 'ja'],
    ]);
    // What counts: 51,410.00 € before, and 2,380.00 + 1,190.50 + 119.00 = 3,689.50 € of the import: 55,099.50 €.
    const sums = (await page.locator('tfoot tr').first().locator('th, td').allInnerTexts()).map((text) => text.trim());
    expect(sums.slice(0, 3)).toEqual(['Summe', '181.265,04 €', '55.099,50 €']);
    await screenshot(page, 'import-05-belegliste');

    // The same file again: refused as imported before, as a German alert (the service shortens the long name).
    await page.getByRole('link', { name: 'Belege importieren (CSV oder XLSX)' }).click();
    await input.setInputFiles({ name: 'Buchungsexport Oktober 2020 korrigiert.csv', mimeType: 'text/csv', buffer: CORRECTED });
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(
      /^Diese Datei wurde bereits eingelesen\s+Diese Datei wurde bereits am .+ als Stapel .+ eingelesen \("Buchungsexport Oktober 2020 korrigiert\.c…", 4 Belege, 4\.284,50 €\); sie wird nicht erneut eingelesen\.$/,
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'import-06-bereits-eingelesen');

    // A larger file on a slow line: the progress of the upload is shown while the body goes out.
    const rows = Array.from(
      { length: 6000 },
      (_, index) => `BIG-${index + 1};01.11.2020;16.11.2020;Müller & Söhne GmbH;Lizenz ${index + 1};Software;10,00`,
    );
    const large = windows1252([HEADER, ...rows]);
    expect(large.length).toBeGreaterThan(400_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 150_000 });
    await input.setInputFiles({ name: 'Jahresexport.csv', mimeType: 'text/csv', buffer: large });
    const progress = page.locator('.kern-progress progress');
    await page.getByText(/^Die Datei wird gesendet: [1-9]\d? %$/).waitFor();
    const sent = Number(await progress.getAttribute('value'));
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(100);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'import-07-senden');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.getByText('Jahresexport.csv (CSV)').waitFor();
    // 6,000 receipts of 10.00 €.
    expect((await summary(page)).slice(1, 5)).toEqual([
      ['Gelesene Belegzeilen', '6.000'],
      ['Davon fehlerfrei', '6.000'],
      ['Zu buchen', '6.000 Belege'],
      ['Summe der Beträge', '60.000,00 €'],
    ]);

    // A file the service cannot read: an Excel 97–2003 workbook, named .xlsx as exports often are.
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    await input.setInputFiles({ name: 'Belege 2020.xlsx', mimeType: 'application/vnd.ms-excel', buffer: xls });
    const unreadable = page.getByRole('alert').filter({ hasText: 'Die Datei kann nicht gelesen werden' });
    await unreadable.waitFor();
    expect((await unreadable.innerText()).split('\n').filter(Boolean)).toEqual([
      'Die Datei kann nicht gelesen werden',
      'Dies ist eine Arbeitsmappe von Excel 97–2003 (.xls) oder eine kennwortgeschützte; speichern Sie sie als Excel-Arbeitsmappe (.xlsx) ohne Kennwort oder als CSV.',
    ]);
    // The preview of the file before is gone with it: nothing on the page belongs to another file.
    expect(await page.getByRole('heading', { name: 'Ergebnis der Prüfung' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'import-08-unlesbar');

    // The session expired on the server meanwhile: the upload is refused 401, and the page offers to sign in anew.
    expect(await api.service.orm.em.fork().nativeUpdate(UserSession, {}, { expiresAt: new Date(Date.now() - 1000) })).toBe(1);
    await input.setInputFiles({ name: 'Buchungsexport Oktober 2020.csv', mimeType: 'text/csv', buffer: WITH_PROBLEMS });
    const expired = page.getByRole('alert').filter({ hasText: 'Sie sind nicht mehr angemeldet' });
    await expired.waitFor();
    expect((await expired.innerText()).split('\n').filter(Boolean)).toEqual([
      'Sie sind nicht mehr angemeldet',
      'Die Sitzung ist abgelaufen oder wurde beendet; bitte neu anmelden.',
      'Neu anmelden',
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'import-09-abgemeldet');
    const importPath = new URL(page.url()).pathname;
    await page.getByRole('button', { name: 'Neu anmelden' }).click();
    // The sign-in page, which brings the user back to the import afterwards.
    await page.waitForURL((url) => url.pathname === '/anmelden' && url.searchParams.get('ziel') === importPath);
    await context.close();
  });
});

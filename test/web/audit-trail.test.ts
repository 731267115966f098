// The Prüfpfad of a notice in the browser: the finance officer of the Kyffhäuserkreis books a receipt and
// reverses it on the notice of the demonstration data, then finds both changes at the top of the
// notice's audit trail with who, when and the record before and after, and filters the trail.
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
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
}, 120_000);

afterAll(async () => {
  await stop?.();
});

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The rows of the trail: who, what, and the fields of the change as "name: before → after", or "name: value" for a record created. */
async function trailRows(page: Page): Promise<{ who: string; what: string; fields: string[] }[]> {
  const rows = page.getByRole('region', { name: 'Prüfpfad', exact: true }).locator('table.audit-trail > tbody > tr');
  const result: { who: string; what: string; fields: string[] }[] = [];
  for (const row of await rows.all()) {
    const cells = row.locator(':scope > th, :scope > td');
    const fields: string[] = [];
    for (const field of await cells.nth(3).locator('tbody tr').all()) {
      const [name, before, after] = (await field.locator('th, td').allInnerTexts()).map(collapse);
      fields.push(after === undefined ? `${name}: ${before}` : `${name}: ${before} → ${after}`);
    }
    result.push({ who: collapse(await cells.nth(1).innerText()), what: collapse(await cells.nth(2).innerText()), fields });
  }
  return result;
}

async function checked(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
  await screenshot(page, `pruefpfad-${name}`);
}

const status = (page: Page) => page.getByRole('status').filter({ hasText: /Änderung|Prüfpfad/ });

async function enter(field: Locator, text: string): Promise<void> {
  await field.fill(text);
}

describe.skipIf(!haveChromium)('the audit trail of a notice', () => {
  it('shows the finance officer the receipt booked and reversed, with before and after, and filters it', { timeout: 180_000 }, async () => {
    const page = await signInAsDemoUser(browser, api.url);
    await page.goto(`${api.url}/bescheide/${noticeId}`);
    await page.getByRole('heading', { name: /^Bescheid / }).waitFor();

    // Book a receipt and reverse it, as the officer does on the notice page.
    await page.getByRole('link', { name: 'Beleg erfassen' }).click();
    await page.getByRole('heading', { name: 'Beleg erfassen', level: 1 }).waitFor();
    await enter(page.getByLabel('Belegnummer'), 'PP-2020-001');
    await enter(page.getByLabel('Rechnungsdatum'), '01.09.2020');
    await enter(page.getByLabel('Zahlungsdatum'), '15.09.2020');
    await enter(page.getByLabel('Zahlungsempfänger'), 'Kommunale IT GmbH');
    await enter(page.getByLabel('Verwendungszweck'), 'Lizenz Prüfpfad');
    await page.getByLabel('Ausgabenansatz (Kostenkategorie)').selectOption({ label: 'Software' });
    await enter(page.getByLabel('Betrag', { exact: true }), '1.234,56');
    await page.getByRole('button', { name: 'Beleg buchen' }).click();
    await page.getByText('Der Beleg PP-2020-001 ist gebucht.').waitFor();
    const belege = page.getByRole('region', { name: 'Belege', exact: true });
    // Booked last, the receipt is on the last page of the Belegliste in booking order: find it by its number.
    const search = page.getByRole('search', { name: 'Belege suchen und filtern' });
    await search.getByRole('searchbox', { name: 'Suche' }).fill('PP-2020-001');
    await search.getByRole('button', { name: 'Anzeigen' }).click();
    await belege.getByRole('button', { name: 'Stornieren (Beleg PP-2020-001)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Beleg PP-2020-001 stornieren' });
    await dialog.getByLabel('Grund des Stornos').fill('Falscher Bescheid');
    await dialog.getByRole('button', { name: 'Stornieren', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await belege.getByText('nein: storniert').waitFor();

    // The link at the foot of the notice page leads to the trail.
    await page.getByRole('link', { name: 'Prüfpfad: wer wann was an diesem Bescheid geändert hat' }).click();
    await page.getByRole('heading', { name: /^Prüfpfad des Bescheids /, level: 1 }).waitFor();
    await status(page).filter({ hasText: 'angezeigt 1–20' }).waitFor();
    const rows = await trailRows(page);
    const who = 'Finanzen Kyffhäuserkreis Finanzsachbearbeitung';
    expect(rows[0]!.who).toBe(who);
    expect(rows[0]!.what).toBe('Storno eines Belegs angelegt');
    // The reversal names the receipt by its number and is dated today, as the dialog proposes.
    const today = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }).format(
      new Date(),
    );
    expect(rows[0]!.fields).toEqual(['Beleg: PP-2020-001', `Storniert am: ${today}`, 'Grund: Falscher Bescheid']);
    expect(rows[1]).toEqual({
      who,
      what: 'Beleg angelegt',
      fields: [
        // Fields the receipt holds nothing in (remark, import, joint purchase) are left out.
        'Kategorie: Software',
        'Belegnummer: PP-2020-001',
        'Rechnung vom: 01.09.2020',
        'Bezahlt am: 15.09.2020',
        'Empfänger: Kommunale IT GmbH',
        'Zweck: Lizenz Prüfpfad',
        'Betrag: 1.234,56 €',
        'Zuwendungsfähiger Betrag: 1.234,56 €',
        'Herkunft: von Hand erfasst',
      ],
    });
    await checked(page, '01-neueste-zuerst');

    // Only changes: the Mittelabruf of the demonstration data was submitted after it was drafted.
    await page.getByLabel('Aktion').selectOption({ label: 'geändert' });
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await status(page).filter({ hasText: 'Gefunden: ' }).waitFor();
    const changed = await trailRows(page);
    const request = (from: string, to: string) => ({
      who: 'Förderregister System',
      what: 'Mittelabruf geändert',
      fields: [
        `Stand (geändert): ${from} → ${to}`,
        'Zweck: Personal- und Beratungsausgaben Juli bis September 2020 → Personal- und Beratungsausgaben Juli bis September 2020',
        'Betrag: 40.000,00 € → 40.000,00 €',
        'Abgerufen am: 01.07.2020 → 01.07.2020',
      ],
    });
    expect(changed).toEqual([request('Eingereicht', 'Ausgezahlt'), request('Entwurf', 'Eingereicht')]);
    expect(await page.locator('.audit-change__row--changed').count()).toBe(2);
    await checked(page, '02-nur-aenderungen');

    // Only reversals of receipts: the one just made and the demonstration data's doubled receipt.
    await page.getByLabel('Aktion').selectOption({ label: 'alle Aktionen' });
    await page.getByLabel('Datensatz').selectOption({ label: 'Storno eines Belegs' });
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await status(page).filter({ hasText: 'Gefunden: 2 Änderungen' }).waitFor();
    const reversals = await trailRows(page);
    expect(reversals.map((row) => [row.what, row.fields.find((field) => field.startsWith('Grund'))])).toEqual([
      ['Storno eines Belegs angelegt', 'Grund: Falscher Bescheid'],
      ['Storno eines Belegs angelegt', 'Grund: Doppelt erfasst'],
    ]);
    await checked(page, '03-nur-stornos');

    // A day that cannot be read is named at its field; nothing before 2000 exists.
    await page.getByLabel('Datensatz').selectOption({ label: 'alle Datensätze' });
    await page.getByLabel('Von').fill('31.02.2020');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.getByText('Den 31.02.2020 gibt es im Kalender nicht.', { exact: false }).waitFor();
    expect(await page.getByLabel('Von').getAttribute('aria-invalid')).toBe('true');
    await checked(page, '04-datum-falsch');
    await page.getByLabel('Von').fill('');
    await page.getByLabel('Bis einschließlich').fill('31.12.1999');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await status(page).filter({ hasText: 'Keine Änderung passt zum Filter.' }).waitFor();
    await checked(page, '05-nichts-gefunden');

    // The CSV of the filtered trail: UTF-8 with BOM, semicolons, German headers.
    await page.getByRole('button', { name: 'Zurücksetzen' }).click();
    await page.getByLabel('Datensatz').selectOption({ label: 'Beleg' });
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await status(page).filter({ hasText: 'Gefunden: ' }).waitFor();
    await checked(page, '06-nur-belege');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Gefilterten Prüfpfad herunterladen (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^Pruefpfad_.*\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFZeitpunkt;Wer;Rolle;Aktion;Datensatz;Kennung des Datensatzes;Feld;Vorher;Nachher;Geändert');
    // The newest receipt first, one line per field; time and id as on the page.
    const fields = lines.slice(1, 13).map((csvLine) => csvLine.split(';'));
    expect(fields.every((cells) => /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/.test(cells[0]!))).toBe(true);
    expect(fields.map((cells) => [...cells.slice(1, 5), ...cells.slice(6)].join(';'))).toEqual(
      [
        'Kategorie;;Software',
        'Belegnummer;;PP-2020-001',
        'Rechnung vom;;01.09.2020',
        'Bezahlt am;;15.09.2020',
        'Empfänger;;Kommunale IT GmbH',
        'Zweck;;Lizenz Prüfpfad',
        'Betrag;;1.234,56 €',
        'Zuwendungsfähiger Betrag;;1.234,56 €',
        'Bemerkung;;—',
        'Herkunft;;von Hand erfasst',
        'Import;;—',
        'Gemeinsame Rechnung;;—',
      ].map((field) => `Finanzen Kyffhäuserkreis;Finanzsachbearbeitung;angelegt;Beleg;${field};`),
    );
    expect(lines.at(-1)).toBe('');
  });
});

// The administrator in the browser, from the start page to the three pages of master data. „Programm
// und Sätze“: a budget year below what the notices already commit refused at its field by the service's
// dry run (nothing stored), then a new budget year set; two base rates added to the shipped ones, a
// negative one included; the programme's rules changed and a staff-cost rate set, and a change over
// one made meanwhile by someone else refused instead of stored. „Zuwendungsempfänger“: a recipient
// recorded, its AGS refused at the field first (four digits, then one already recorded), and its
// population changed. „Zweckvereinbarungen“: a member added with its resolution, refused first as a
// member already, a further resolution, its leaving (refused first before its joining), and a new
// cooperation. Every state passes axe and is saved as screenshots/admin-*.png.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FundingProgram } from '../../src/entities/index.js';
import { DEMO_PROGRAM_CODE } from '../../src/services/demo-data.js';
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

/** The error shown at a field, which is then marked invalid; null when it has none. */
async function errorAt(field: Locator): Promise<string | null> {
  const id = (await field.getAttribute('aria-describedby'))?.split(' ').find((part) => part.endsWith('-error'));
  if (!id) {
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    return null;
  }
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  return (await field.page().locator(`[id="${id}"]`).innerText()).trim();
}

/** Types a value into a field and leaves it, which starts the service's dry run. */
async function enter(field: Locator, value: string): Promise<void> {
  await field.fill(value);
  await field.blur();
}

/** The rows of a table by their cells, white space collapsed, once the table shows (none when it has no row after 10 s). */
async function rows(table: Locator): Promise<string[][]> {
  await table
    .locator('tbody tr')
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  const result: string[][] = [];
  for (const row of await table.locator('tbody tr').all()) {
    result.push((await row.locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()));
  }
  return result;
}

async function checked(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
  await screenshot(page, name);
}

describe.skipIf(!haveChromium)('the administrator in the browser', () => {
  it('sets a budget year and a base rate, a refusal shown at its field first', { timeout: 180_000 }, async () => {
    const page = await signInAsDemoUser(browser, api.url, 'Administration');
    // The start page leads to the three pages of master data.
    expect(await page.getByRole('navigation', { name: 'Weitere Bereiche' }).getByRole('link').allInnerTexts()).toEqual([
      'Vorhaben und Anträge',
      'Programm und Sätze',
      'Zuwendungsempfänger',
      'Zweckvereinbarungen',
    ]);
    await checked(page, 'admin-start');
    await page.getByRole('navigation', { name: 'Weitere Bereiche' }).getByRole('link', { name: 'Programm und Sätze' }).click();
    await page.getByRole('heading', { name: 'Programm und Sätze', level: 1 }).waitFor();
    expect(page.url()).toBe(`${api.url}/verwaltung/programm`);

    // The demonstration programme's rules, with their defaults.
    const rules = page.getByRole('region', { name: 'Regeln des Programms' });
    // The heading stands before the programme is read.
    await rules.locator('dl div').first().waitFor();
    const figures = (await rules.locator('dl div').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(figures).toEqual([
      'Höchstfördersatz 80 %',
      'Toleranz der Einzelansätze 20 %',
      'Verwendungsfrist 2 Monate nach der Auszahlung',
      'Verwendungsnachweis 6 Monate nach dem Bewilligungszeitraum',
      'Zinsaufschlag 5 % über dem Basiszinssatz',
      'Rundung Kaufmännisch runden (ab einem halben Cent aufrunden)',
    ]);

    // 20,000,000.00 € a year from 2020 to next year; 2020 is committed by the two demonstration notices,
    // 145,012.03 + 143,000.00 = 288,012.03 €, leaving 20,000,000.00 − 288,012.03 = 19,711,987.97 €.
    const budgets = page.getByRole('region', { name: 'Haushaltsansätze', exact: true });
    const thisYear = new Date().getFullYear();
    const demoYears = Array.from({ length: Math.max(2023, thisYear + 1) - 2020 + 1 }, (_, index) => 2020 + index);
    const before = await rows(budgets.locator('table'));
    expect(before.map((cells) => cells.slice(0, 4))).toEqual(
      demoYears.map((year) =>
        year === 2020
          ? ['2020', '20.000.000,00 €', '288.012,03 €', '19.711.987,97 €']
          : [String(year), '20.000.000,00 €', '0,00 €', '20.000.000,00 €'],
      ),
    );
    await checked(page, 'admin-programm');

    // 2020 at 100,000.00 €: below the 288,012.03 € the notices commit; the dry run refuses it at the amount.
    const budgetForm = page.getByRole('form', { name: 'Haushaltsjahr festlegen' });
    const year = budgetForm.getByRole('textbox', { name: 'Haushaltsjahr' });
    const amount = budgetForm.getByRole('textbox', { name: 'Haushaltsansatz' });
    await enter(year, '2020');
    await enter(amount, '100.000,00');
    await expect
      .poll(() => errorAt(amount))
      .toBe(
        'Der Haushaltsansatz 2020 kann nicht auf 100.000,00 € gesetzt werden: Zuwendungsbescheide binden bereits 288.012,03 € davon. ' +
          'Bitte mindestens diesen Betrag ansetzen.',
      );
    expect(await errorAt(year)).toBeNull();
    await amount.scrollIntoViewIfNeeded();
    await checked(page, 'admin-haushalt-abgelehnt');
    // Submitted anyway, it is refused again and the focus goes to the field; nothing was stored.
    await budgetForm.getByRole('button', { name: 'Haushaltsjahr festlegen' }).click();
    await expect.poll(() => isFocused(amount)).toBe(true);
    expect(await rows(budgets.locator('table'))).toEqual(before);

    // A new year, two after this one: 2,500,000.00 €, nothing committed yet.
    const newYear = thisYear + 2;
    await enter(year, String(newYear));
    await enter(amount, '2.500.000,00');
    await expect.poll(() => errorAt(amount)).toBeNull();
    await budgetForm.getByRole('button', { name: 'Haushaltsjahr festlegen' }).click();
    await page.getByText(`Der Haushaltsansatz ${newYear} ist auf 2.500.000,00 € festgelegt.`).waitFor();
    await expect
      .poll(async () => (await rows(budgets.locator('table'))).map((cells) => cells.slice(0, 4)))
      .toEqual([...before.map((cells) => cells.slice(0, 4)), [String(newYear), '2.500.000,00 €', '0,00 €', '2.500.000,00 €']]);
    // The form is empty again for the next year.
    expect(
      await page.getByRole('form', { name: 'Haushaltsjahr festlegen' }).getByRole('textbox', { name: 'Haushaltsjahr' }).inputValue(),
    ).toBe('');
    await checked(page, 'admin-haushalt-festgelegt');

    // Base rates: the Bundesbank's since 2016 as the service ships them; −0.83 % from 01.01.2015 and 1.27 % from 01.01.2026 added.
    const baseRates = page.getByRole('region', { name: 'Basiszinssätze', exact: true });
    const ratesBefore = await rows(baseRates.locator('table'));
    expect(ratesBefore[0]).toEqual(['01.07.2016', '−0,88 %']);
    expect(ratesBefore.at(-1)).toEqual(['01.07.2025', '1,27 %']);
    const baseForm = () => page.getByRole('form', { name: 'Basiszinssatz festlegen' });
    await enter(baseForm().getByRole('textbox', { name: 'Gültig ab' }), '31.02.2026');
    await enter(baseForm().getByRole('textbox', { name: 'Basiszinssatz' }), '1,275');
    await baseForm().getByRole('button', { name: 'Basiszinssatz festlegen' }).click();
    expect(await errorAt(baseForm().getByRole('textbox', { name: 'Gültig ab' }))).toBe(
      'Den 31.02.2026 gibt es im Kalender nicht. Bitte ein Datum wie 31.12.2025 eingeben (Tag, Monat, Jahr).',
    );
    expect(await errorAt(baseForm().getByRole('textbox', { name: 'Basiszinssatz' }))).toBe(
      'Bitte einen Prozentsatz wie 3,62 oder −0,88 eingeben (höchstens zwei Nachkommastellen).',
    );
    await baseForm().scrollIntoViewIfNeeded();
    await checked(page, 'admin-basiszins-fehler');

    await enter(baseForm().getByRole('textbox', { name: 'Gültig ab' }), '01.01.2026');
    await enter(baseForm().getByRole('textbox', { name: 'Basiszinssatz' }), '1,27');
    await baseForm().getByRole('button', { name: 'Basiszinssatz festlegen' }).click();
    await page.getByText('Der Basiszinssatz ab 01.01.2026 ist auf 1,27 % festgelegt.').waitFor();
    await enter(baseForm().getByRole('textbox', { name: 'Gültig ab' }), '01.01.2015');
    await enter(baseForm().getByRole('textbox', { name: 'Basiszinssatz' }), '−0,83');
    await baseForm().getByRole('button', { name: 'Basiszinssatz festlegen' }).click();
    await page.getByText('Der Basiszinssatz ab 01.01.2015 ist auf −0,83 % festgelegt.').waitFor();
    // Oldest first, as the service lists them.
    await expect
      .poll(() => rows(baseRates.locator('table')))
      .toEqual([['01.01.2015', '−0,83 %'], ...ratesBefore, ['01.01.2026', '1,27 %']]);
    const stored = await api.gql<{ baseRates: { validFrom: string; rate: string }[] }>(
      '{ baseRates { validFrom rate } }',
      undefined,
      await api.token({ role: 'ADMIN', name: 'Administration' }),
    );
    expect(stored.data!.baseRates.length).toBe(ratesBefore.length + 2);
    expect([stored.data!.baseRates[0], stored.data!.baseRates.at(-1)]).toEqual([
      { validFrom: '2015-01-01', rate: '-0.0083' },
      { validFrom: '2026-01-01', rate: '0.0127' },
    ]);
    await baseRates.scrollIntoViewIfNeeded();
    await checked(page, 'admin-basiszins-festgelegt');
  });

  it(
    'changes the programme’s rules and sets a staff-cost rate, and refuses a change over one made meanwhile',
    { timeout: 120_000 },
    async () => {
      const page = await signInAsDemoUser(browser, api.url, 'Administration');
      await page.goto(`${api.url}/verwaltung/programm`);
      const form = page.getByRole('form', { name: 'Regeln des Programms ändern' });
      const tolerance = form.getByRole('textbox', { name: 'Toleranz der Einzelansätze' });
      expect(await tolerance.inputValue()).toBe('20');
      expect(await form.getByRole('textbox', { name: 'Höchstfördersatz' }).inputValue()).toBe('80');

      // 121 months is more than the 120 the service allows: refused at the field by the dry run.
      const months = form.getByRole('textbox', { name: 'Verwendungsfrist' });
      await enter(months, '121');
      await expect.poll(() => errorAt(months)).toBe('Die Verwendungsfrist muss eine ganze Zahl von Monaten zwischen 0 und 120 sein.');
      await enter(months, '3');
      await enter(tolerance, '25');
      await form.getByRole('combobox', { name: 'Rundung der Endbeträge' }).selectOption('HALF_EVEN');
      await expect.poll(() => errorAt(months)).toBeNull();
      await checked(page, 'admin-regeln-aendern');
      await form.getByRole('button', { name: 'Regeln speichern' }).click();
      await page.getByText('Die Regeln des Programms sind gespeichert.').waitFor();
      const rules = page.getByRole('region', { name: 'Regeln des Programms' });
      await expect
        .poll(async () => (await rules.locator('dl div').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()))
        .toEqual([
          'Höchstfördersatz 80 %',
          'Toleranz der Einzelansätze 25 %',
          'Verwendungsfrist 3 Monate nach der Auszahlung',
          'Verwendungsnachweis 6 Monate nach dem Bewilligungszeitraum',
          'Zinsaufschlag 5 % über dem Basiszinssatz',
          'Rundung Zum geraden Cent runden (ein halber Cent zum geraden Cent)',
        ]);

      // A flat staff-cost rate for a pay group the programme has none for yet: 72,000.00 € a year is 6,000.00 € a month.
      const staffRates = page.getByRole('region', { name: 'Personalkostensätze', exact: true });
      expect(await rows(staffRates.locator('table'))).toEqual([
        ['TVöD E 11', '2020', '68.400,00 €', '5.700,00 €'],
        ['TVöD E 11', '2021', '68.400,00 €', '5.700,00 €'],
      ]);
      const staffForm = page.getByRole('form', { name: 'Personalkostensatz festlegen' });
      await enter(staffForm.getByRole('textbox', { name: 'Entgeltgruppe' }), 'TVöD E 12');
      await enter(staffForm.getByRole('textbox', { name: 'Jahr', exact: true }), '2021');
      await enter(staffForm.getByRole('textbox', { name: 'Jahressatz' }), '72.000,00');
      await staffForm.getByRole('button', { name: 'Personalkostensatz festlegen' }).click();
      await page.getByText('Der Personalkostensatz TVöD E 12 2021 ist auf 72.000,00 € im Jahr festgelegt.').waitFor();
      await expect
        .poll(() => rows(staffRates.locator('table')))
        .toEqual([
          ['TVöD E 11', '2020', '68.400,00 €', '5.700,00 €'],
          ['TVöD E 11', '2021', '68.400,00 €', '5.700,00 €'],
          ['TVöD E 12', '2021', '72.000,00 €', '6.000,00 €'],
        ]);
      await staffRates.scrollIntoViewIfNeeded();
      await checked(page, 'admin-personalkostensatz-festgelegt');

      // Someone else changes the programme meanwhile; the form still holds the version it was read at.
      const em = api.service.orm.em.fork();
      const program = await em.findOneOrFail(FundingProgram, { code: DEMO_PROGRAM_CODE });
      const admin = await api.token({ role: 'ADMIN', name: 'Andere Administration' });
      const other = await api.gql(
        'mutation ($id: ID!, $v: Int!) { updateFundingProgram(id: $id, expectedVersion: $v, input: { proofOfUseMonths: 9 }) { version } }',
        { id: program.id, v: program.version },
        admin,
      );
      expect(other.errors).toBeUndefined();
      await enter(form.getByRole('textbox', { name: 'Höchstfördersatz' }), '75');
      const problem = page.locator('#form-problem');
      await problem.getByText('Das Programm wurde inzwischen von jemand anderem geändert').waitFor();
      expect((await problem.innerText()).replace(/\s+/g, ' ')).toContain(
        'Ihre Änderung ist nicht gespeichert, damit sie die andere nicht überschreibt.',
      );
      // The confirmation of the earlier change is gone: it no longer describes what is stored.
      expect(await page.getByText('Die Regeln des Programms sind gespeichert.').count()).toBe(0);
      await checked(page, 'admin-regeln-veraltet');
      // Nothing of the refused change was stored: the other change stands, the maximum rate is still 80 %.
      const after = await api.gql<{ fundingProgram: { maxRate: string; proofOfUseMonths: number } }>(
        `{ fundingProgram(id: "${program.id}") { maxRate proofOfUseMonths } }`,
        undefined,
        admin,
      );
      expect(after.data!.fundingProgram).toEqual({ maxRate: '0.8000', proofOfUseMonths: 9 });

      // Loaded anew, the form holds the other change, and the maximum rate is as stored.
      await problem.getByRole('button', { name: 'Aktuellen Stand laden' }).click();
      await expect.poll(() => form.getByRole('textbox', { name: 'Verwendungsnachweis' }).inputValue()).toBe('9');
      expect(await form.getByRole('textbox', { name: 'Höchstfördersatz' }).inputValue()).toBe('80');
      expect(await page.locator('#form-problem').count()).toBe(0);
      expect(await rules.locator('dl div', { hasText: 'Verwendungsnachweis' }).innerText()).toMatch(
        /9 Monate nach dem Bewilligungszeitraum/,
      );
      await checked(page, 'admin-regeln-neu-geladen');
    },
  );

  it('records a recipient, its AGS refused at the field first, and changes its population', { timeout: 120_000 }, async () => {
    const page = await signInAsDemoUser(browser, api.url, 'Administration');
    await page.getByRole('navigation', { name: 'Weitere Bereiche' }).getByRole('link', { name: 'Zuwendungsempfänger' }).click();
    await page.getByRole('heading', { name: 'Zuwendungsempfänger', level: 1 }).waitFor();
    expect(page.url()).toBe(`${api.url}/verwaltung/empfaenger`);
    const table = page.getByRole('region', { name: 'Zuwendungsempfänger' }).locator('table');
    // The eleven recipients of the demonstration data.
    expect((await table.locator('caption').innerText()).trim()).toBe('11 Zuwendungsempfänger');
    const rowOf = async (name: string) => (await rows(table)).find((cells) => cells[0] === name);
    expect(await rowOf('Kyffhäuserkreis')).toEqual(['Kyffhäuserkreis', 'Landkreis', '16065', '74.212', 'Ändern']);
    expect(await rowOf('Stadt Weimar')).toEqual(['Stadt Weimar', 'Kreisfreie Stadt', '16055000', '65.138', 'Ändern']);
    await checked(page, 'admin-empfaenger');

    const form = page.getByRole('form', { name: 'Zuwendungsempfänger anlegen' });
    const ags = form.getByRole('textbox', { name: 'Amtlicher Gemeindeschlüssel (AGS)' });
    await enter(form.getByRole('textbox', { name: 'Name' }), 'Landkreis Sonneberg');
    await enter(form.getByRole('textbox', { name: 'Einwohnerzahl' }), '56.000');
    // Four digits: the service refuses the AGS in its dry run, at the field.
    await enter(ags, '1607');
    await expect
      .poll(() => errorAt(ags))
      .toBe('Der AGS muss 5 Ziffern (Landkreis, z. B. 16065) oder 8 Ziffern (Gemeinde, z. B. 16055000) haben.');
    await ags.scrollIntoViewIfNeeded();
    await checked(page, 'admin-empfaenger-ags-abgelehnt');
    // The AGS of the Landkreis Gotha: already recorded.
    await enter(ags, '16067');
    await expect.poll(() => errorAt(ags)).toBe('Ein Zuwendungsempfänger mit diesem Amtlichen Gemeindeschlüssel (AGS) ist bereits erfasst.');
    await enter(ags, '16072');
    await expect.poll(() => errorAt(ags)).toBeNull();
    expect((await table.locator('caption').innerText()).trim()).toBe('11 Zuwendungsempfänger');
    await form.getByRole('button', { name: 'Zuwendungsempfänger anlegen' }).click();
    await page.getByText('Landkreis Sonneberg ist als Zuwendungsempfänger angelegt.').waitFor();
    await expect.poll(async () => (await table.locator('caption').innerText()).trim()).toBe('12 Zuwendungsempfänger');
    expect(await rowOf('Landkreis Sonneberg')).toEqual(['Landkreis Sonneberg', 'Landkreis', '16072', '56.000', 'Ändern']);
    await checked(page, 'admin-empfaenger-angelegt');

    // Its population changed; the focus returns to the row's button.
    await page.getByRole('button', { name: 'Ändern (Landkreis Sonneberg)' }).click();
    const change = page.getByRole('form', { name: 'Landkreis Sonneberg ändern' });
    const population = change.getByRole('textbox', { name: 'Einwohnerzahl' });
    expect(await population.inputValue()).toBe('56.000');
    await enter(population, '56.5OO');
    await change.getByRole('button', { name: 'Änderung speichern' }).click();
    expect(await errorAt(population)).toBe('Bitte die Einwohnerzahl als ganze Zahl eingeben, z. B. 74.212.');
    await checked(page, 'admin-empfaenger-aendern');
    await enter(population, '56.500');
    await change.getByRole('button', { name: 'Änderung speichern' }).click();
    await page.getByText('Die Angaben zu Landkreis Sonneberg sind geändert.').waitFor();
    await expect.poll(() => rowOf('Landkreis Sonneberg')).toEqual(['Landkreis Sonneberg', 'Landkreis', '16072', '56.500', 'Ändern']);
    expect(await isFocused(page.getByRole('button', { name: 'Ändern (Landkreis Sonneberg)' }))).toBe(true);
  });

  it(
    'adds a member with its resolution, refused first as already a member, a further resolution, its leaving, and a cooperation',
    { timeout: 120_000 },
    async () => {
      const page = await signInAsDemoUser(browser, api.url, 'Administration');
      await page.getByRole('navigation', { name: 'Weitere Bereiche' }).getByRole('link', { name: 'Zweckvereinbarungen' }).click();
      await page.getByRole('heading', { name: 'Zweckvereinbarungen', level: 1 }).waitFor();
      expect(page.url()).toBe(`${api.url}/verwaltung/zweckvereinbarungen`);
      const team = 'Interkommunales E-Government-Serviceteam Nordthüringen';
      const members = page.getByRole('region', { name: `Mitglieder: ${team}` }).locator('table');
      // The service team of the demonstration data: Nordhausen leading, the Wartburgkreis since the first amendment.
      const demoMembers = [
        ['Landkreis Nordhausen Federführung', '16062', '27.11.2019', '–', 'keiner erfasst'],
        [
          'Unstrut-Hainich-Kreis',
          '16064',
          '27.11.2019',
          '–',
          'Kreistag Unstrut-Hainich-Kreis, KT/065-03/19 vom 27.11.2019: Zweckvereinbarung zur Gründung eines interkommunalen Serviceteams im Bereich E-Government',
        ],
        [
          'Kyffhäuserkreis',
          '16065',
          '05.12.2019',
          '–',
          'Kreistag Kyffhäuserkreis, 2019/7/027 vom 05.12.2019: Abschluss einer Zweckvereinbarung zur Gründung eines E-Government-Service-Teams',
        ],
        [
          'Wartburgkreis',
          '16063',
          '24.06.2020',
          '–',
          'Kreistag Unstrut-Hainich-Kreis, KT/103/2020 vom 24.06.2020: 1. Änderung der Zweckvereinbarung: Aufnahme des Wartburgkreises, Erweiterung von drei auf vier Landkreise',
        ],
      ];
      expect(await rows(members)).toEqual(demoMembers);
      await checked(page, 'admin-zweckvereinbarungen');

      // The Kyffhäuserkreis is a member already: the dry run refuses it at the recipient.
      const form = page.getByRole('form', { name: 'Mitglied aufnehmen' });
      const recipient = form.getByRole('combobox', { name: 'Zuwendungsempfänger' });
      await enter(form.getByRole('textbox', { name: 'Beitritt am' }), '01.01.2021');
      await recipient.selectOption({ label: 'Kyffhäuserkreis (16065)' });
      await expect.poll(() => errorAt(recipient)).toBe(`Kyffhäuserkreis ist am 01.01.2021 bereits Mitglied der Zweckvereinbarung ${team}.`);
      await recipient.scrollIntoViewIfNeeded();
      await checked(page, 'admin-mitglied-abgelehnt');

      await recipient.selectOption({ label: 'Landkreis Gotha (16067)' });
      await enter(form.getByRole('textbox', { name: 'Gremium' }), 'Kreistag Landkreis Gotha');
      await enter(form.getByRole('textbox', { name: 'Beschlussnummer' }), 'KT/12/2020');
      await enter(form.getByRole('textbox', { name: 'Beschlossen am' }), '15.12.2020');
      await enter(form.getByRole('textbox', { name: 'Gegenstand des Beschlusses' }), 'Beitritt zur Zweckvereinbarung des Serviceteams');
      await expect.poll(() => errorAt(recipient)).toBeNull();
      await form.getByRole('button', { name: 'Mitglied aufnehmen' }).click();
      await page.getByText(`Landkreis Gotha ist Mitglied der Zweckvereinbarung ${team}.`).waitFor();
      const gotha = ['Landkreis Gotha', '16067', '01.01.2021', '–'];
      await expect
        .poll(() => rows(members))
        .toEqual([
          ...demoMembers,
          [...gotha, 'Kreistag Landkreis Gotha, KT/12/2020 vom 15.12.2020: Beitritt zur Zweckvereinbarung des Serviceteams'],
        ]);

      // A further resolution of the Landkreis Gotha, its Gremium left empty first.
      const resolution = page.getByRole('form', { name: 'Beschluss ergänzen' });
      await resolution
        .getByRole('combobox', { name: 'Mitgliedschaft' })
        .selectOption({ label: `Landkreis Gotha – ${team} (seit 01.01.2021)` });
      const body = resolution.getByRole('textbox', { name: 'Gremium' });
      await enter(body, ' ');
      await enter(resolution.getByRole('textbox', { name: 'Beschlussnummer' }), 'KT/3/2021');
      await enter(resolution.getByRole('textbox', { name: 'Beschlossen am' }), '20.01.2021');
      await enter(
        resolution.getByRole('textbox', { name: 'Gegenstand des Beschlusses' }),
        'Gemeinsame Beschaffung eines Dokumentenmanagementsystems',
      );
      await expect.poll(() => errorAt(body)).toBe('Das beschließende Gremium darf nicht leer sein.');
      await body.scrollIntoViewIfNeeded();
      await checked(page, 'admin-beschluss-abgelehnt');
      await enter(body, 'Kreisausschuss Landkreis Gotha');
      await expect.poll(() => errorAt(body)).toBeNull();
      await resolution.getByRole('button', { name: 'Beschluss ergänzen' }).click();
      await page.getByText('Der Beschluss KT/3/2021 ist ergänzt.').waitFor();
      await expect
        .poll(async () => (await rows(members)).at(-1))
        .toEqual([
          ...gotha,
          'Kreistag Landkreis Gotha, KT/12/2020 vom 15.12.2020: Beitritt zur Zweckvereinbarung des Serviceteams ' +
            'Kreisausschuss Landkreis Gotha, KT/3/2021 vom 20.01.2021: Gemeinsame Beschaffung eines Dokumentenmanagementsystems',
        ]);
      await members.scrollIntoViewIfNeeded();
      await checked(page, 'admin-beschluss-ergaenzt');

      // The Landkreis Gotha leaves: a day before it joined is refused at the field, then 30.06.2021 is recorded.
      const leave = page.getByRole('form', { name: 'Austritt erfassen' });
      await leave.getByRole('combobox', { name: 'Mitgliedschaft' }).selectOption({ label: `Landkreis Gotha – ${team} (seit 01.01.2021)` });
      const leftOn = leave.getByRole('textbox', { name: 'Austritt am' });
      await enter(leftOn, '31.12.2020');
      await expect
        .poll(() => errorAt(leftOn))
        .toBe(
          'Der Austritt am 31.12.2020 liegt vor dem Beitritt am 01.01.2021; ein Mitglied kann frühestens am Tag seines Beitritts austreten.',
        );
      await leftOn.scrollIntoViewIfNeeded();
      await checked(page, 'admin-austritt-abgelehnt');
      await enter(leftOn, '30.06.2021');
      await expect.poll(() => errorAt(leftOn)).toBeNull();
      await leave.getByRole('button', { name: 'Austritt erfassen' }).click();
      await page.getByText('Der Austritt von Landkreis Gotha am 30.06.2021 ist erfasst.').waitFor();
      await expect
        .poll(async () => (await rows(members)).at(-1)?.slice(0, 4))
        .toEqual(['Landkreis Gotha', '16067', '01.01.2021', '30.06.2021']);

      // A new cooperation, its agreement missing first; then it stands on the page without members.
      const create = page.getByRole('form', { name: 'Zweckvereinbarung anlegen' });
      await enter(create.getByRole('textbox', { name: 'Name' }), 'Serviceteam Mittelthüringen');
      await create.getByRole('button', { name: 'Zweckvereinbarung anlegen' }).click();
      expect(await errorAt(create.getByRole('textbox', { name: 'Vereinbarung' }))).toBe('Bitte die Vereinbarung angeben.');
      await enter(create.getByRole('textbox', { name: 'Vereinbarung' }), 'Zweckvereinbarung vom 01.02.2021');
      await create.getByRole('button', { name: 'Zweckvereinbarung anlegen' }).click();
      await page.getByText('Die Zweckvereinbarung Serviceteam Mittelthüringen ist angelegt.').waitFor();
      const section = page.getByRole('region', { name: 'Serviceteam Mittelthüringen' });
      await section.getByText('Noch ohne Mitglieder.').waitFor();
      expect(await section.getByText('Zweckvereinbarung vom 01.02.2021').count()).toBe(1);
      await checked(page, 'admin-zweckvereinbarung-angelegt');
    },
  );
});

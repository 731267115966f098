// The finance officer's staff-cost forms in the browser: an employee recorded on the page
// "Beschäftigte" and the pay group changed; on a second notice of the Kyffhäuserkreis staff costs by
// each method, with the employee's shares in the demonstration notice shown month by month, a month
// above 100 % refused at the share with the figures and a fitting share accepted; a Storno of one
// month. The lead of the service team sees neither names nor the forms. Every state passes axe and is
// saved as screenshots/staff-*.png.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { FundingProgram, Recipient } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import { DEMO_PROGRAM_CODE } from '../../src/services/demo-data.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { createProject } from '../../src/services/projects.js';
import type { TestApi } from '../support/api.js';
import { accessibilityViolations, haveChromium, isFocused, screenshot, signInAsDemoUser, startWebTest } from '../support/browser.js';

let api: TestApi;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;
let noticeId: string;

beforeAll(async () => {
  if (!haveChromium) return;
  ({ api, browser, stop } = await startWebTest());
  const em = api.service.orm.em.fork();
  const system = Access.system();
  const kyffhaeuser = await em.findOneOrFail(Recipient, { ags: '16065' });
  const program = await em.findOneOrFail(FundingProgram, { code: DEMO_PROGRAM_CODE });
  // A second notice of the Kyffhäuserkreis from 01.10.2020 to 31.12.2021; the demonstration notice
  // TFM-EGOV-2020-0001 has Jonas Hartmann at 80 % from 07/2020 to 12/2020.
  const project = await createProject(em, system, { recipientId: kyffhaeuser.id, title: 'Digitale Personalakte' });
  const notice = await createGrantNotice(api.service.orm.em.fork(), system, {
    reference: 'TFM-EGOV-2020-0150',
    noticeDate: '2020-10-01',
    fundingProgramId: program.id,
    projectId: project.id,
    financingType: 'SHARE',
    rate: new Dec('0.8'),
    eligibleCosts: new Dec('60000.00'),
    approvedAmount: new Dec('48000.00'),
    approvalPeriod: { start: '2020-10-01', end: '2021-12-31' },
    budgetLines: [{ category: 'STAFF', planned: new Dec('60000.00') }],
  });
  noticeId = notice.id;
}, 120_000);

afterAll(async () => {
  await stop?.();
});

/** axe finds nothing, and the screen is saved as screenshots/staff-<name>.png. */
async function checked(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
  await screenshot(page, `staff-${name}`);
}

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

async function enter(field: Locator, value: string): Promise<void> {
  await field.fill(value);
  await field.blur();
}

async function cells(row: Locator): Promise<string[]> {
  return (await row.locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/** The body rows of a table found by its name. */
async function rows(page: Page, table: string): Promise<string[][]> {
  const found = page.getByRole('table', { name: table }).locator('tbody tr');
  const result: string[][] = [];
  for (const row of await found.all()) result.push(await cells(row));
  return result;
}

function staffSection(page: Page): Locator {
  return page.getByRole('region', { name: 'Personalausgaben', exact: true });
}

async function openAllocationForm(page: Page): Promise<void> {
  await page.goto(`${api.url}/bescheide/${noticeId}`);
  await staffSection(page).getByRole('link', { name: 'Personalkosten zuordnen' }).click();
  await page.getByRole('heading', { name: 'Personalkosten zuordnen', level: 1 }).waitFor();
  await page.getByLabel('Beschäftigte Person').waitFor();
}

describe.skipIf(!haveChromium)('the finance officer’s staff-cost forms', () => {
  it(
    'records an employee, allocates by each method with the other grants’ shares shown, refuses a month above 100 % and reverses a month',
    { timeout: 240_000 },
    async () => {
      const page = await signInAsDemoUser(browser, api.url);
      await page.getByRole('link', { name: 'Beschäftigte', exact: true }).click();
      await page.getByRole('heading', { name: 'Beschäftigte', level: 1 }).waitFor();
      await page.getByRole('table', { name: '1 beschäftigte Person' }).waitFor();
      expect(await rows(page, '1 beschäftigte Person')).toEqual([['Jonas Hartmann', 'TVöD E 11', 'Ändern']]);
      await checked(page, '01-beschaeftigte');

      // Submitted empty: the form's own messages, nothing sent.
      const create = page.getByRole('button', { name: 'Beschäftigte Person anlegen' });
      await create.click();
      expect(await errorAt(page.getByLabel('Name', { exact: true }))).toBe('Bitte den Namen angeben.');
      expect(await errorAt(page.getByLabel('Entgeltgruppe'))).toBe('Bitte die Entgeltgruppe, z. B. TVöD E 11, angeben.');
      await checked(page, '02-pflichtfelder');

      await enter(page.getByLabel('Name', { exact: true }), 'Mara Schulz');
      await enter(page.getByLabel('Entgeltgruppe'), 'TVöD E 10');
      await create.click();
      await page.getByText('Mara Schulz ist als beschäftigte Person angelegt.').waitFor();
      await page.getByRole('table', { name: '2 Beschäftigte' }).waitFor();
      expect(await rows(page, '2 Beschäftigte')).toEqual([
        ['Jonas Hartmann', 'TVöD E 11', 'Ändern'],
        ['Mara Schulz', 'TVöD E 10', 'Ändern'],
      ]);
      // The form is empty again for the next person.
      expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
      await checked(page, '03-angelegt');

      // The pay group changed: TVöD E 11 has the programme's flat rate of 68,400.00 € a year.
      await page.getByRole('button', { name: 'Ändern (Mara Schulz)' }).click();
      const changeForm = page.getByRole('form', { name: 'Mara Schulz ändern' });
      await changeForm.getByLabel('Entgeltgruppe').waitFor();
      expect(await changeForm.getByLabel('Name', { exact: true }).inputValue()).toBe('Mara Schulz');
      await checked(page, '04-aendern');
      await enter(changeForm.getByLabel('Entgeltgruppe'), 'TVöD E 11');
      await changeForm.getByRole('button', { name: 'Änderung speichern' }).click();
      await page.getByText('Die Angaben zu Mara Schulz sind geändert.').waitFor();
      // The form closed, the focus is back on the row's button.
      await expect.poll(() => isFocused(page.getByRole('button', { name: 'Ändern (Mara Schulz)' }))).toBe(true);
      await expect.poll(() => rows(page, '2 Beschäftigte')).toContainEqual(['Mara Schulz', 'TVöD E 11', 'Ändern']);

      // Actual cost: Jonas Hartmann from 11/2020 to 01/2021 at 30 % of 5,200.00 €.
      await openAllocationForm(page);
      await checked(page, '05-zuordnen-leer');
      await page.getByLabel('Beschäftigte Person').selectOption({ label: 'Jonas Hartmann (TVöD E 11)' });
      await enter(page.getByLabel('Erster Monat'), '11.2020');
      await enter(page.getByLabel('Letzter Monat'), '01.2021');
      // Only the fields of the method: no hours for actual cost.
      expect(await page.getByLabel('Projektstunden je Monat').count()).toBe(0);
      await enter(page.getByLabel('Projektanteil in Prozent'), '30');
      await enter(page.getByLabel('Arbeitgeberbrutto je Monat'), '5.200,00');
      const share = page.getByLabel('Projektanteil in Prozent');
      // 80 % on TFM-EGOV-2020-0001 in 11/2020 and 12/2020, plus 30 %, is 110 %.
      await expect
        .poll(() => errorAt(share))
        .toBe(
          'Die Projektanteile von Jonas Hartmann im Monat 11/2020 ergäben zusammen 110 %: bereits 80 % über alle Bescheide zugeordnet, ' +
            'dazu 30 %, das ist mehr als 100 %; kein Monat darf doppelt gefördert werden. ' +
            'Die Projektanteile von Jonas Hartmann im Monat 12/2020 ergäben zusammen 110 %: bereits 80 % über alle Bescheide zugeordnet, ' +
            'dazu 30 %, das ist mehr als 100 %; kein Monat darf doppelt gefördert werden.',
        );
      const monthsTable = 'Anteile von Jonas Hartmann von 11/2020 bis 01/2021';
      expect(await rows(page, monthsTable)).toEqual([
        ['11/2020', '80 % Bescheid TFM-EGOV-2020-0001', '30 %', '110 % über 100 %', '–'],
        ['12/2020', '80 % Bescheid TFM-EGOV-2020-0001', '30 %', '110 % über 100 %', '–'],
        ['01/2021', 'nichts', '30 %', '30 %', '–'],
      ]);
      await checked(page, '06-ueber-100-prozent');

      // 09/2020 lies before the notice's approval period: refused at the first month instead.
      const firstMonth = page.getByLabel('Erster Monat');
      await enter(firstMonth, '09.2020');
      await expect
        .poll(() => errorAt(firstMonth))
        .toBe(
          'Der Monat 09/2020 liegt außerhalb des Bewilligungszeitraums des Zuwendungsbescheids TFM-EGOV-2020-0150 (01.10.2020 bis 31.12.2021).',
        );
      expect(await errorAt(share)).toBeNull();
      await checked(page, '06a-ausserhalb-bewilligungszeitraum');
      await enter(firstMonth, '11.2020');
      await expect.poll(() => errorAt(firstMonth)).toBeNull();

      // 20 % fits: 80 % + 20 % = 100 %; each month 5,200.00 € × 0.2 = 1,040.00 €, 3,120.00 € in all.
      await enter(share, '20 %');
      await expect.poll(() => errorAt(share)).toBeNull();
      await expect
        .poll(() => rows(page, monthsTable))
        .toEqual([
          ['11/2020', '80 % Bescheid TFM-EGOV-2020-0001', '20 %', '100 %', '1.040,00 €'],
          ['12/2020', '80 % Bescheid TFM-EGOV-2020-0001', '20 %', '100 %', '1.040,00 €'],
          ['01/2021', 'nichts', '20 %', '20 %', '1.040,00 €'],
        ]);
      await checked(page, '07-passt');
      await page.getByRole('button', { name: 'Personalkosten zuordnen' }).click();
      await page.getByRole('heading', { name: 'Bescheid TFM-EGOV-2020-0150', level: 1 }).waitFor();
      await page.getByText('Die Personalkosten von Jonas Hartmann für 11/2020 bis 01/2021 sind zugeordnet: 3.120,00 €.').waitFor();
      await expect.poll(() => staffSection(page).getByText('3 Monate über zusammen 3.120,00 €.').count()).toBe(1);
      expect(await rows(page, 'Personalausgaben nach Monaten')).toEqual([
        ['11/2020', 'Jonas Hartmann', 'TVöD E 11', 'tatsächliche Ausgaben', '20 %', '5.200,00 €', '1.040,00 €', 'Stornieren'],
        ['12/2020', 'Jonas Hartmann', 'TVöD E 11', 'tatsächliche Ausgaben', '20 %', '5.200,00 €', '1.040,00 €', 'Stornieren'],
        ['01/2021', 'Jonas Hartmann', 'TVöD E 11', 'tatsächliche Ausgaben', '20 %', '5.200,00 €', '1.040,00 €', 'Stornieren'],
      ]);
      await checked(page, '08-zugeordnet');

      // By hours: 53.5 of 160 hours of 5,200.00 € in 02/2021 is 5,200.00 × 53.5 / 160 = 1,738.75 €, the share 0.334375 recorded as 33,44 %.
      await openAllocationForm(page);
      await page.getByLabel('Beschäftigte Person').selectOption({ label: 'Jonas Hartmann (TVöD E 11)' });
      await enter(page.getByLabel('Erster Monat'), '02.2021');
      await enter(page.getByLabel('Letzter Monat'), '2.2021');
      await page.getByLabel('Abrechnungsverfahren').selectOption({ label: 'Stundennachweis' });
      expect(await page.getByLabel('Projektanteil in Prozent').count()).toBe(0);
      await enter(page.getByLabel('Projektstunden je Monat'), '53,5');
      await enter(page.getByLabel('Arbeitsstunden je Monat'), '160');
      await enter(page.getByLabel('Arbeitgeberbrutto je Monat'), '5200');
      await expect
        .poll(() => rows(page, 'Anteile von Jonas Hartmann von 02/2021 bis 02/2021'))
        .toEqual([['02/2021', 'nichts', '33,44 %', '33,44 %', '1.738,75 €']]);
      await checked(page, '09-stunden');
      await page.getByRole('button', { name: 'Personalkosten zuordnen' }).click();
      await page.getByText('Die Personalkosten von Jonas Hartmann für 02/2021 sind zugeordnet: 1.738,75 €.').waitFor();
      // 3,120.00 + 1,738.75 = 4,858.75 €.
      await expect.poll(() => staffSection(page).getByText('4 Monate über zusammen 4.858,75 €.').count()).toBe(1);

      // At the flat rate: Mara Schulz (TVöD E 11) in 02/2021 and 03/2021 at 50 %: 68,400.00 ÷ 12 × 0.5 = 2,850.00 € a month.
      await openAllocationForm(page);
      await page.getByLabel('Beschäftigte Person').selectOption({ label: 'Mara Schulz (TVöD E 11)' });
      await page.getByLabel('Abrechnungsverfahren').selectOption({ label: 'Personalkostensatz' });
      expect(await page.getByLabel('Arbeitgeberbrutto je Monat').count()).toBe(0);
      await expect
        .poll(() =>
          page.getByText('Personalkostensatz TVöD E 11: 2020 68.400,00 €, 2021 68.400,00 € im Jahr; ein Monat ist ein Zwölftel.').count(),
        )
        .toBe(1);
      await enter(page.getByLabel('Erster Monat'), '02.2021');
      await enter(page.getByLabel('Letzter Monat'), '03.2021');
      await enter(page.getByLabel('Projektanteil in Prozent'), '50');
      await expect
        .poll(() => rows(page, 'Anteile von Mara Schulz von 02/2021 bis 03/2021'))
        .toEqual([
          ['02/2021', 'nichts', '50 %', '50 %', '2.850,00 €'],
          ['03/2021', 'nichts', '50 %', '50 %', '2.850,00 €'],
        ]);
      await checked(page, '10-personalkostensatz');
      await page.getByRole('button', { name: 'Personalkosten zuordnen' }).click();
      await page.getByText('Die Personalkosten von Mara Schulz für 02/2021 bis 03/2021 sind zugeordnet: 5.700,00 €.').waitFor();
      // 4,858.75 + 2 × 2,850.00 = 10,558.75 €.
      await expect.poll(() => staffSection(page).getByText('6 Monate über zusammen 10.558,75 €.').count()).toBe(1);
      expect((await rows(page, 'Personalausgaben nach Monaten')).slice(3)).toEqual([
        ['02/2021', 'Jonas Hartmann', 'TVöD E 11', 'Stundennachweis', '33,44 %', '5.200,00 €', '1.738,75 €', 'Stornieren'],
        ['02/2021', 'Mara Schulz', 'TVöD E 11', 'Personalkostensatz', '50 %', '–', '2.850,00 €', 'Stornieren'],
        ['03/2021', 'Mara Schulz', 'TVöD E 11', 'Personalkostensatz', '50 %', '–', '2.850,00 €', 'Stornieren'],
      ]);
      await checked(page, '11-drei-verfahren');

      // Storno of Jonas Hartmann's 02/2021 behind a dialog that asks for the reason: 10,558.75 − 1,738.75 = 8,820.00 €.
      await staffSection(page).getByRole('button', { name: 'Stornieren (Jonas Hartmann 02/2021)' }).click();
      const dialog = page.getByRole('dialog', { name: 'Zuordnung Jonas Hartmann 02/2021 stornieren' });
      await dialog.getByLabel('Grund des Stornos').fill('Stunden falsch erfasst');
      await checked(page, '12-storno-dialog');
      await dialog.getByRole('button', { name: 'Stornieren', exact: true }).click();
      await expect.poll(() => staffSection(page).getByText('5 Monate über zusammen 8.820,00 €, dazu 1 stornierter.').count()).toBe(1);
      expect((await rows(page, 'Personalausgaben nach Monaten'))[3]).toEqual([
        '02/2021',
        'Jonas Hartmann',
        'TVöD E 11',
        'Stundennachweis',
        '33,44 %',
        '5.200,00 €',
        '1.738,75 €',
        'storniert',
      ]);
      await checked(page, '13-storniert');
    },
  );

  it('offers the lead of the service team no staff form and no names', { timeout: 120_000 }, async () => {
    const page = await signInAsDemoUser(browser, api.url, 'Leitung des Serviceteams');
    expect(await page.getByRole('link', { name: 'Beschäftigte', exact: true }).count()).toBe(0);
    await page.goto(`${api.url}/bescheide/${noticeId}`);
    await page.getByRole('heading', { name: 'Bescheid TFM-EGOV-2020-0150', level: 1 }).waitFor();
    await staffSection(page).getByRole('heading', { name: 'Personalausgaben' }).waitFor();
    await expect.poll(() => staffSection(page).getByText('nur für den Arbeitgeber sichtbar').count()).toBeGreaterThan(0);
    expect(await staffSection(page).getByRole('link', { name: 'Personalkosten zuordnen' }).count()).toBe(0);
    expect(
      await staffSection(page)
        .getByRole('button', { name: /^Stornieren/ })
        .count(),
    ).toBe(0);
    expect(await page.getByText('Jonas Hartmann').count()).toBe(0);
    await checked(page, '14-serviceteam-bescheid');

    // Typed in directly, the form is not there, nor are the names.
    await page.goto(`${api.url}/bescheide/${noticeId}/personal`);
    await page.getByText('Personalkosten ordnet die Finanzsachbearbeitung des Arbeitgebers zu').waitFor();
    expect(await page.getByLabel('Beschäftigte Person').count()).toBe(0);
    await checked(page, '15-serviceteam-formular');
    await page.goto(`${api.url}/beschaeftigte`);
    await page.getByText('Nur für den Arbeitgeber sichtbar').waitFor();
    expect(await page.getByText('Jonas Hartmann').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Beschäftigte Person anlegen' }).count()).toBe(0);
    await checked(page, '16-serviceteam-beschaeftigte');
  });
});

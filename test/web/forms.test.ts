// The finance officer's forms in the browser: a new notice that the cap refuses, with the message and
// its figures at the field, then one it accepts; a receipt with a Hinweis at its field; a Storno whose
// empty reason is refused first; a Mittelabruf above what can be drawn, then one that is stored and
// submitted. Every state passes axe and is saved as screenshots/form-*.png. The Storno dialog also
// with the keyboard only: opened with Enter, the reason typed, confirmed, the focus back in the row.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { FundingProgram, GrantNotice, Recipient } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import { createGrantApplication } from '../../src/services/applications.js';
import { DEMO_PROGRAM_CODE, seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { recordExpenditure } from '../../src/services/expenditures.js';
import { createProject } from '../../src/services/projects.js';
import { startTestApi, type TestApi } from '../support/api.js';
import {
  accessibilityViolations,
  buildWebApp,
  haveChromium,
  isFocused,
  launchBrowser,
  screenshot,
  signInAsDemoUser,
  tabTo,
} from '../support/browser.js';

let api: TestApi;
let browser: Browser;
let web: ReturnType<typeof buildWebApp>;
let demoNoticeId: string;

beforeAll(async () => {
  if (!haveChromium) return;
  web = buildWebApp();
  api = await startTestApi({}, { webDist: web.dir });
  const em = api.service.orm.em.fork();
  await seedDemoIfEmpty(em);
  const system = Access.system();
  const kyffhaeuser = await em.findOneOrFail(Recipient, { ags: '16065' });
  const program = await em.findOneOrFail(FundingProgram, { code: DEMO_PROGRAM_CODE });
  // An application of the Kyffhäuserkreis without a notice: 42,000.00 € asked for, a plan of 40,000.00 + 10,000.00 = 50,000.00 €.
  const project = await createProject(em, system, { recipientId: kyffhaeuser.id, title: 'Digitale Bauakte' });
  await createGrantApplication(em, system, {
    fundingProgramId: program.id,
    projectId: project.id,
    submittedOn: '2025-05-15',
    requestedAmount: new Dec('42000.00'),
    financingType: 'SHARE',
    status: 'SUBMITTED',
    lines: [
      { category: 'SOFTWARE', planned: new Dec('40000.00') },
      { category: 'TRAINING', planned: new Dec('10000.00') },
    ],
  });
  // A receipt on the demonstration notice for the keyboard pass of the Storno.
  const demoNotice = await em.findOneOrFail(GrantNotice, { reference: 'TFM-EGOV-2020-0001' });
  demoNoticeId = demoNotice.id;
  await recordExpenditure(api.service.orm.em.fork(), system, demoNoticeId, {
    receiptNumber: 'KB-2021-001',
    invoiceDate: '2021-03-01',
    paymentDate: '2021-03-10',
    payee: 'Tastatur-Schulungen Erfurt',
    purpose: 'Schulung Barrierefreiheit',
    category: 'TRAINING',
    amount: new Dec('500.00'),
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  web?.remove();
});

function signedIn(): Promise<Page> {
  return signInAsDemoUser(browser, api.url);
}

/** axe finds nothing, and the screen is saved as screenshots/form-<name>.png. */
async function checked(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
  await screenshot(page, `form-${name}`);
}

/** The messages tied to a field by aria-describedby: its hint, Hinweis and error, in that order. */
async function describedBy(field: Locator): Promise<string[]> {
  const ids = (await field.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const texts: string[] = [];
  for (const id of ids) texts.push((await field.page().locator(`[id="${id}"]`).innerText()).replace(/\s+/g, ' ').trim());
  return texts;
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

/** Types a value into a field and leaves it, which starts the service's dry run. */
async function enter(field: Locator, value: string): Promise<void> {
  await field.fill(value);
  await field.blur();
}

/** The figure of a term in the notice's description list. */
async function figure(page: Page, term: string): Promise<string> {
  return (await page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd').innerText()).trim();
}

/** The cells of a table row, their text with white space collapsed. */
async function cells(row: Locator): Promise<string[]> {
  return (await row.locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

describe.skipIf(!haveChromium)('the finance officer’s forms', () => {
  it(
    'creates a notice after the cap refused one, books a receipt, reverses it, and submits a Mittelabruf',
    { timeout: 180_000 },
    async () => {
      const page = await signedIn();
      await page.getByRole('link', { name: 'Neuen Bescheid anlegen' }).click();
      await page.getByRole('heading', { name: 'Neuer Zuwendungsbescheid', level: 1 }).waitFor();
      await page.getByLabel('Förderantrag').selectOption({ label: 'Digitale Bauakte (Kyffhäuserkreis), beantragt 42.000,00 €' });
      const approved = page.getByLabel('Bewilligte Zuwendung');
      await approved.waitFor();
      // The application's plan and amount are taken over in German notation.
      expect(await page.getByLabel('Ansatz Software').inputValue()).toBe('40.000,00');
      expect(await page.getByLabel('Ansatz Schulung').inputValue()).toBe('10.000,00');
      expect(await approved.inputValue()).toBe('42.000,00');
      expect(await page.getByLabel('Fördersatz in Prozent').inputValue()).toBe('80');
      expect(await page.getByText('Zuwendungsfähige Ausgaben: 50.000,00 €').count()).toBe(1);
      await checked(page, '01-bescheid-leer');

      // Submitted empty: the form's own messages at the fields, nothing sent.
      await page.getByRole('button', { name: 'Bescheid anlegen' }).click();
      expect(await errorAt(page.getByLabel('Aktenzeichen'))).toBe('Bitte das Aktenzeichen angeben.');
      expect(await errorAt(page.getByLabel('Bescheid vom'))).toBe('Bitte das Datum des Bescheids angeben, z. B. 31.12.2025.');
      expect(await errorAt(page.getByLabel('Beginn'))).toBe('Bitte den Beginn des Bewilligungszeitraums angeben, z. B. 31.12.2025.');
      expect(await isFocused(page.getByLabel('Aktenzeichen'))).toBe(true);
      await checked(page, '02-bescheid-pflichtfelder');

      await enter(page.getByLabel('Aktenzeichen'), 'TFM-EGOV-2025-0101');
      await enter(page.getByLabel('Bescheid vom'), '01.07.2025');
      // A day the calendar does not have is refused by the form itself.
      await enter(page.getByLabel('Beginn'), '31.06.2025');
      expect(await errorAt(page.getByLabel('Beginn'))).toBe(
        'Den 31.06.2025 gibt es im Kalender nicht. Bitte ein Datum wie 31.12.2025 eingeben (Tag, Monat, Jahr).',
      );
      await enter(page.getByLabel('Beginn'), '1.7.2025');
      // An amount that is not German notation is refused by the form itself.
      await enter(page.getByLabel('Drittmittel'), '1.23,4');
      expect(await errorAt(page.getByLabel('Drittmittel'))).toBe(
        'Bitte einen Betrag in Euro wie 1.234,56 oder 1234,56 eingeben (höchstens zwei Nachkommastellen).',
      );
      await enter(page.getByLabel('Drittmittel'), '');
      expect(await errorAt(page.getByLabel('Drittmittel'))).toBeNull();
      // The last field readable, the service checks the whole notice as a dry run: 42,000.00 € is above the cap of
      // 80 % × 50,000.00 € = 40,000.00 €, and 42,000.00 / 50,000.00 = 84 % is above the programme's 80 %.
      await enter(page.getByLabel('Ende'), '30.06.2026');
      await enter(approved, '42.000,00');
      await expect
        .poll(() => errorAt(approved))
        .toBe(
          'Der bewilligte Betrag von 42.000,00 € übersteigt die Obergrenze von 40.000,00 € bei Anteilfinanzierung (80 % von 50.000,00 €). ' +
            'Der bewilligte Betrag von 42.000,00 € entspricht 84 % der zuwendungsfähigen Ausgaben von 50.000,00 € und liegt über dem ' +
            'Höchstfördersatz des Programms von 80 % (höchstens 40.000,00 €).',
        );
      expect((await describedBy(approved))[0]).toBe('Betrag in Euro, z. B. 1.234,56');
      await checked(page, '03-bescheid-obergrenze');
      // Nothing was stored by the dry run: the start page still has the one notice of the Kyffhäuserkreis.
      const notices = await api.gql<{ grantNotices: { totalCount: number } }>(
        '{ grantNotices { totalCount } }',
        undefined,
        await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065'] }),
      );
      expect(notices.data!.grantNotices.totalCount).toBe(1);

      // 40,000.00 € is the cap itself: the dry run passes, and the notice is stored.
      await enter(approved, '40000');
      await expect.poll(() => errorAt(approved)).toBeNull();
      await page.getByRole('button', { name: 'Bescheid anlegen' }).click();
      await page.getByRole('heading', { name: 'Bescheid TFM-EGOV-2025-0101', level: 1 }).waitFor();
      expect(await figure(page, 'Bewilligte Zuwendung')).toBe('40.000,00 €');
      expect(await figure(page, 'Zuwendungsfähige Ausgaben')).toBe('50.000,00 €');
      // Own funds left out are the remainder: 50,000.00 − 0.00 − 40,000.00 = 10,000.00 €.
      expect(await figure(page, 'Eigenmittel')).toBe('10.000,00 €');
      expect(await figure(page, 'Drittmittel')).toBe('0,00 €');
      expect(await figure(page, 'Finanzierungsart')).toBe('Anteilfinanzierung, Fördersatz 80 %');
      expect(await figure(page, 'Bewilligungszeitraum')).toBe('01.07.2025 bis 30.06.2026');
      await checked(page, '04-bescheid-angelegt');
      const noticeUrl = page.url();

      // Beleg erfassen: empty first, then a receipt of a category outside the plan, which the dry run notes.
      await page.getByRole('link', { name: 'Beleg erfassen' }).click();
      await page.getByRole('heading', { name: 'Beleg erfassen', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Beleg buchen' }).click();
      expect(await errorAt(page.getByLabel('Belegnummer'))).toBe('Bitte die Belegnummer angeben.');
      expect(await errorAt(page.getByLabel('Betrag', { exact: true }))).toBe('Bitte den Betrag angeben, z. B. 1.234,56.');
      await checked(page, '05-beleg-pflichtfelder');
      await enter(page.getByLabel('Belegnummer'), 'RE-2025-001');
      await enter(page.getByLabel('Rechnungsdatum'), '01.08.2025');
      await enter(page.getByLabel('Zahlungsdatum'), '15.08.2025');
      await enter(page.getByLabel('Zahlungsempfänger'), 'Kommunale IT GmbH');
      await enter(page.getByLabel('Verwendungszweck'), 'Lizenz Bauakte');
      const category = page.getByLabel('Ausgabenansatz (Kostenkategorie)');
      await category.selectOption({ label: 'Reisekosten (nicht im Finanzierungsplan)' });
      await enter(page.getByLabel('Betrag', { exact: true }), '1.234,56');
      await expect.poll(async () => (await describedBy(category)).join(' | ')).toMatch(/^Hinweis: .*Reisekosten/);
      expect(await errorAt(category)).toBeNull();
      await checked(page, '06-beleg-hinweis');
      await category.selectOption({ label: 'Software' });
      await category.blur();
      await expect.poll(async () => (await describedBy(category)).length).toBe(0);
      await page.getByRole('button', { name: 'Beleg buchen' }).click();
      await page.getByRole('heading', { name: 'Bescheid TFM-EGOV-2025-0101', level: 1 }).waitFor();
      await page.getByText('Der Beleg RE-2025-001 ist gebucht.').waitFor();
      await page.getByText('1 Beleg über zusammen 1.234,56 €; angezeigt 1–1.').waitFor();
      // The receipt counts on the software line: 1,234.56 € of 40,000.00 €.
      const belege = page.getByRole('region', { name: 'Belege', exact: true });
      expect((await cells(belege.locator('tbody tr').first())).slice(0, 8)).toEqual([
        'RE-2025-001',
        '01.08.2025',
        '15.08.2025',
        'Kommunale IT GmbH Lizenz Bauakte',
        'Software',
        '1.234,56 €',
        '1.234,56 €',
        'ja',
      ]);
      await checked(page, '07-beleg-gebucht');

      // Storno: the empty reason is refused in the dialog, then the receipt is reversed.
      await belege.getByRole('button', { name: 'Stornieren (Beleg RE-2025-001)' }).click();
      const dialog = page.getByRole('dialog', { name: 'Beleg RE-2025-001 stornieren' });
      await dialog.waitFor();
      expect(await isFocused(dialog.getByLabel('Grund des Stornos'))).toBe(true);
      await checked(page, '08-storno-dialog');
      await dialog.getByRole('button', { name: 'Stornieren', exact: true }).click();
      expect(await errorAt(dialog.getByLabel('Grund des Stornos'))).toBe('Bitte den Grund des Stornos angeben.');
      await checked(page, '09-storno-ohne-grund');
      await dialog.getByLabel('Grund des Stornos').fill('Doppelt erfasst');
      await dialog.getByRole('button', { name: 'Stornieren', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await belege.getByText('nein: storniert').waitFor();
      expect(await belege.getByRole('button', { name: /Stornieren/ }).count()).toBe(0);
      // The confirmation of the booking no longer stands beside the reversed receipt.
      await page.getByText('Der Beleg RE-2025-001 ist gebucht.').waitFor({ state: 'detached' });
      // The reversed receipt stays in the list but no longer counts: spent 0,00 € on the two lines of 50,000.00 €.
      const sums = (await page.locator('tfoot tr').first().locator('th, td').allInnerTexts()).map((text) => text.trim());
      expect(sums.slice(0, 3)).toEqual(['Summe', '50.000,00 €', '0,00 €']);
      await checked(page, '10-storniert');

      // Mittelabruf: 50,000.00 € is more than the 40,000.00 € approved and not yet paid; 10,000.00 € is stored as a draft.
      await page.getByRole('link', { name: 'Mittelabruf anlegen' }).click();
      await page.getByRole('heading', { name: 'Mittelabruf anlegen', level: 1 }).waitFor();
      await enter(page.getByLabel('Datum des Mittelabrufs'), '01.09.2025');
      await enter(page.getByLabel('Verwendungszweck'), '1. Abschlag');
      const amount = page.getByLabel('Betrag', { exact: true });
      await enter(amount, '50.000,00');
      await expect
        .poll(() => errorAt(amount))
        .toBe(
          'Der Mittelabruf über 50.000,00 € übersteigt, was noch ausgezahlt werden kann: bewilligt 40.000,00 €, bereits ausgezahlt 0,00 €, ' +
            'noch abrufbar 40.000,00 €.',
        );
      await checked(page, '11-mittelabruf-zu-hoch');
      await enter(amount, '10.000,00');
      await expect.poll(() => errorAt(amount)).toBeNull();
      await page.getByRole('button', { name: 'Als Entwurf speichern' }).click();
      await page.getByText('Der Mittelabruf über 10.000,00 € ist als Entwurf gespeichert.').waitFor();
      expect(page.url()).toBe(noticeUrl);
      const requests = page.getByRole('region', { name: 'Mittelabrufe', exact: true });
      await requests.locator('tbody tr').first().waitFor();
      expect(await cells(requests.locator('tbody tr').first())).toEqual([
        '01.09.2025',
        '10.000,00 €',
        '1. Abschlag',
        'Entwurf',
        'Excel (Mittelabruf vom 01.09.2025)',
        'Einreichen',
      ]);
      await checked(page, '12-mittelabruf-entwurf');
      await requests.getByRole('button', { name: 'Einreichen (Mittelabruf über 10.000,00 €)' }).click();
      await requests.getByText('Eingereicht').waitFor();
      // "als Entwurf gespeichert" would now contradict the table.
      await page.getByText('Der Mittelabruf über 10.000,00 € ist als Entwurf gespeichert.').waitFor({ state: 'detached' });
      expect(await cells(requests.locator('tbody tr').first())).toEqual([
        '01.09.2025',
        '10.000,00 €',
        '1. Abschlag',
        'Eingereicht',
        'Excel (Mittelabruf vom 01.09.2025)',
        '',
      ]);
      await checked(page, '13-mittelabruf-eingereicht');
      await page.close();
    },
  );

  it('reverses a receipt with the keyboard only, the focus kept in the dialog and given back', { timeout: 120_000 }, async () => {
    const page = await signedIn();
    await page.goto(`${api.url}/bescheide/${demoNoticeId}`);
    const belege = page.getByRole('region', { name: 'Belege', exact: true });
    const open = belege.getByRole('button', { name: 'Stornieren (Beleg KB-2021-001)' });
    await open.waitFor();

    // Escape closes the dialog and gives the focus back to its button.
    await tabTo(page, open, 200);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Beleg KB-2021-001 stornieren' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await isFocused(open)).toBe(true);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    const reason = dialog.getByLabel('Grund des Stornos');
    expect(await isFocused(reason)).toBe(true);
    // Tab stays inside the modal dialog: from the reason through its controls and round again.
    for (let presses = 0; presses < 8; presses++) {
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() =>
          Boolean(
            (
              globalThis as unknown as { document: { activeElement: { closest(selector: string): unknown } } }
            ).document.activeElement.closest('dialog'),
          ),
        ),
      ).toBe(true);
    }
    await reason.focus();
    await page.keyboard.type('Falsche Kostenstelle');
    const confirm = dialog.getByRole('button', { name: 'Stornieren', exact: true });
    await tabTo(page, confirm, 10);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const row = belege.locator('tbody tr', { hasText: 'KB-2021-001' });
    const reversed = row.getByText('storniert', { exact: true });
    await reversed.waitFor();
    await expect.poll(() => isFocused(reversed)).toBe(true);
    expect(await row.getByText('nein: storniert').count()).toBe(1);
    await page.close();
  });
});

// The finance officer's forms for a project and its grant in the browser: a new project (Vorhaben), an
// application (Förderantrag) for it whose plan the programme refuses at the line, then accepts; the
// notice from that application by the existing form, chosen from the list; and an Änderungsbescheid
// that the cap refuses at the field, then stores as the notice's second version. Every state passes
// axe and is saved as screenshots/vorhaben-*.png.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { Access } from '../../src/services/access.js';
import { seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { createFundingProgram, setProgramBudget } from '../../src/services/programs.js';
import { startTestApi, type TestApi } from '../support/api.js';
import {
  accessibilityViolations,
  buildWebApp,
  haveChromium,
  isFocused,
  launchBrowser,
  screenshot,
  signInAsDemoUser,
} from '../support/browser.js';

const PROGRAMME = 'Richtlinie zur Förderung digitaler Basisdienste';

let api: TestApi;
let browser: Browser;
let web: ReturnType<typeof buildWebApp>;

beforeAll(async () => {
  if (!haveChromium) return;
  web = buildWebApp();
  api = await startTestApi({}, { webDist: web.dir });
  const em = api.service.orm.em.fork();
  await seedDemoIfEmpty(em);
  // A second programme of 80 % that funds no travel, with 1,000,000.00 € for 2025.
  const system = Access.system();
  const program = await createFundingProgram(em, system, {
    code: 'BASIS-2025',
    name: PROGRAMME,
    grantingAuthority: 'Thüringer Finanzministerium',
    legalBasis: 'ThürLHO §§ 23, 44',
    maxRate: new Dec('0.8'),
    eligibleCategories: ['CONSULTING', 'SOFTWARE', 'HARDWARE', 'TRAINING'],
  });
  await setProgramBudget(em, system, program.id, 2025, new Dec('1000000.00'));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  web?.remove();
});

/** axe finds nothing, and the screen is saved as screenshots/vorhaben-<name>.png. */
async function checked(page: Page, name: string): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
  await screenshot(page, `vorhaben-${name}`);
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

/** The section of a project in the list, by its title. */
function projectSection(page: Page, title: string): Locator {
  return page.getByRole('region', { name: title, exact: true });
}

describe.skipIf(!haveChromium)('the forms for a project, its application and an amendment of its notice', () => {
  it(
    'creates a project, an application, its notice and an amendment, each after a refusal at the field',
    { timeout: 240_000 },
    async () => {
      const page = await signInAsDemoUser(browser, api.url);
      await page.getByRole('link', { name: 'Vorhaben und Anträge' }).click();
      await page.getByRole('heading', { name: 'Vorhaben und Anträge', level: 1 }).waitFor();
      // The demonstration project of the Kyffhäuserkreis has its notice without an application.
      await page.getByRole('link', { name: 'Neues Vorhaben' }).waitFor();
      const demo = projectSection(page, 'E-Government-Serviceteam');
      await demo.getByText('Ohne erfassten Antrag: Bescheid TFM-EGOV-2020-0001').waitFor();
      await demo.getByText('Zu diesem Vorhaben ist noch kein Förderantrag erfasst.').waitFor();
      await checked(page, '01-liste');

      // Neues Vorhaben: empty first, the form's own message at the title; the recipient is the viewer's one.
      await page.getByRole('link', { name: 'Neues Vorhaben' }).click();
      await page.getByRole('heading', { name: 'Neues Vorhaben', level: 1 }).waitFor();
      await page.getByText('Zuwendungsempfänger: Kyffhäuserkreis').waitFor();
      await page.getByRole('button', { name: 'Vorhaben anlegen' }).click();
      const title = page.getByLabel('Titel des Vorhabens');
      expect(await errorAt(title)).toBe('Bitte den Titel des Vorhabens angeben.');
      expect(await isFocused(title)).toBe(true);
      await checked(page, '02-vorhaben-pflichtfeld');
      await enter(title, 'Online-Zulassungsstelle');
      await enter(page.getByLabel('Beschreibung'), 'Kfz-Zulassung online nach dem Onlinezugangsgesetz');
      await page.getByLabel('Zweckvereinbarung').selectOption({ label: 'Interkommunales E-Government-Serviceteam Nordthüringen' });
      await expect.poll(() => errorAt(title)).toBeNull();
      await page.getByRole('button', { name: 'Vorhaben anlegen' }).click();
      await page.getByRole('heading', { name: 'Vorhaben und Anträge', level: 1 }).waitFor();
      await page.getByText('Das Vorhaben „Online-Zulassungsstelle“ ist angelegt.', { exact: false }).waitFor();
      const project = projectSection(page, 'Online-Zulassungsstelle');
      await project.getByText('Kyffhäuserkreis · Zweckvereinbarung Interkommunales E-Government-Serviceteam Nordthüringen').waitFor();
      await project.getByText('Zu diesem Vorhaben ist noch kein Förderantrag erfasst.').waitFor();
      await checked(page, '03-vorhaben-angelegt');

      // Antrag stellen: a plan with travel, which the programme does not fund, is refused at that line by the dry run.
      await project.getByRole('link', { name: 'Antrag stellen zu Online-Zulassungsstelle' }).click();
      await page.getByRole('heading', { name: 'Neuer Förderantrag', level: 1 }).waitFor();
      await page.getByText('Online-Zulassungsstelle · Kyffhäuserkreis').waitFor();
      await page.getByLabel('Förderprogramm').selectOption({ label: PROGRAMME });
      await enter(page.getByLabel('Aktenzeichen des Antrags'), 'ANT-2025-031');
      await enter(page.getByLabel('Eingereicht am'), '15.05.2025');
      await enter(page.getByLabel('Beantragte Zuwendung'), '48.000,00');
      expect(await page.getByLabel('Finanzierungsart').inputValue()).toBe('SHARE');
      await enter(page.getByLabel('Ansatz Software'), '50.000,00');
      await enter(page.getByLabel('Ansatz Schulung'), '10000');
      const travel = page.getByLabel('Ansatz Reisekosten');
      await enter(travel, '2.500,00');
      // 50,000.00 + 10,000.00 + 2,500.00 = 62,500.00 €.
      await page.getByText('Summe des Finanzierungsplans: 62.500,00 €').waitFor();
      await expect
        .poll(() => errorAt(travel))
        .toBe(
          `Die Kostenkategorie „Reisekosten“ ist im Programm ${PROGRAMME} nicht förderfähig (förderfähig: Beratung, Software, Hardware, Schulung).`,
        );
      expect(await errorAt(page.getByLabel('Ansatz Software'))).toBeNull();
      await checked(page, '04-antrag-reisekosten');

      // Without travel the plan is 50,000.00 + 10,000.00 = 60,000.00 €; the dry run passes and the application is stored.
      await enter(travel, '');
      await page.getByText('Summe des Finanzierungsplans: 60.000,00 €').waitFor();
      await expect.poll(() => errorAt(travel)).toBeNull();
      await page.getByRole('button', { name: 'Antrag speichern' }).click();
      await page.getByRole('heading', { name: 'Vorhaben und Anträge', level: 1 }).waitFor();
      await page.getByText('Der Förderantrag ANT-2025-031 ist gespeichert.', { exact: false }).waitFor();
      const applicationId = new URL(page.url()).hash.replace('#antrag-', '');
      const row = page.locator(`[id="antrag-${applicationId}"]`);
      await row.waitFor();
      expect(await cells(row)).toEqual([`ANT-2025-031 ${PROGRAMME}`, '15.05.2025', '48.000,00 €', 'Eingereicht', 'Bescheid erfassen']);
      expect(await row.getAttribute('class')).toContain('row-saved');
      await checked(page, '05-antrag-gespeichert');

      // Bescheid erfassen: the existing form with this application chosen, its plan and amount taken over.
      await row.getByRole('link', { name: 'Bescheid erfassen' }).click();
      await page.getByRole('heading', { name: 'Neuer Zuwendungsbescheid', level: 1 }).waitFor();
      expect(await page.getByLabel('Förderantrag').inputValue()).toBe(applicationId);
      const approved = page.getByLabel('Bewilligte Zuwendung');
      expect(await approved.inputValue()).toBe('48.000,00');
      expect(await page.getByLabel('Ansatz Software').inputValue()).toBe('50.000,00');
      expect(await page.getByLabel('Ansatz Schulung').inputValue()).toBe('10.000,00');
      await enter(page.getByLabel('Aktenzeichen'), 'TFM-BASIS-2025-0007');
      await enter(page.getByLabel('Bescheid vom'), '01.07.2025');
      await enter(page.getByLabel('Beginn'), '01.07.2025');
      await enter(page.getByLabel('Ende'), '30.06.2026');
      // 48,000.00 € is the cap of 80 % × 60,000.00 € itself.
      await expect.poll(() => errorAt(approved)).toBeNull();
      await page.getByRole('button', { name: 'Bescheid anlegen' }).click();
      await page.getByRole('heading', { name: 'Bescheid TFM-BASIS-2025-0007', level: 1 }).waitFor();
      expect(await figure(page, 'Bewilligte Zuwendung')).toBe('48.000,00 €');
      // Own funds are the remainder: 60,000.00 − 0.00 − 48,000.00 = 12,000.00 €.
      expect(await figure(page, 'Eigenmittel')).toBe('12.000,00 €');
      const noticeUrl = page.url();
      await checked(page, '06-bescheid-angelegt');

      // The list now links the application to its notice.
      await page.goto(`${api.url}/vorhaben`);
      await page.getByRole('heading', { name: 'Vorhaben und Anträge', level: 1 }).waitFor();
      expect((await cells(row)).at(-1)).toBe('Bescheid TFM-BASIS-2025-0007');
      await row.getByRole('link', { name: 'Bescheid TFM-BASIS-2025-0007' }).click();
      await page.getByRole('heading', { name: 'Bescheid TFM-BASIS-2025-0007', level: 1 }).waitFor();
      expect(page.url()).toBe(noticeUrl);

      // Änderungsbescheid: the figures in force beside each field, which start with them.
      await page.getByRole('link', { name: 'Änderungsbescheid erfassen' }).click();
      await page.getByRole('heading', { name: 'Änderungsbescheid', level: 1 }).waitFor();
      const newApproved = page.getByLabel('Bewilligte Zuwendung');
      const software = page.getByLabel('Ansatz Software');
      expect(await newApproved.inputValue()).toBe('48.000,00');
      expect((await describedBy(newApproved))[0]).toBe('Geltend: 48.000,00 €; Betrag in Euro, z. B. 1.234,56');
      expect((await describedBy(software))[0]).toBe('Geltend: 50.000,00 €; Betrag in Euro, z. B. 1.234,56');
      expect(await page.getByLabel('Fördersatz in Prozent').inputValue()).toBe('80');
      expect(await page.getByLabel('Beginn').inputValue()).toBe('01.07.2025');
      await checked(page, '07-aenderung-leer');

      await enter(page.getByLabel('Aktenzeichen des Änderungsbescheids'), 'TFM-BASIS-2025-0007-Ä1');
      await enter(page.getByLabel('Änderungsbescheid vom'), '01.10.2025');
      await enter(page.getByLabel('Grund der Änderung'), 'Mehrkosten der Software laut Angebot vom 15.09.2025');
      await enter(software, '62.500,00');
      // 62,500.00 + 10,000.00 = 72,500.00 €; its cap is 80 % × 72,500.00 = 58,000.00 €, so 60,000.00 € is refused.
      await page.getByText('Zuwendungsfähige Ausgaben neu: 72.500,00 €').waitFor();
      await enter(newApproved, '60.000,00');
      await expect
        .poll(() => errorAt(newApproved))
        .toBe(
          'Der bewilligte Betrag von 60.000,00 € übersteigt die Obergrenze von 58.000,00 € bei Anteilfinanzierung (80 % von 72.500,00 €). ' +
            'Der bewilligte Betrag von 60.000,00 € entspricht 82,76 % der zuwendungsfähigen Ausgaben von 72.500,00 € und liegt über dem ' +
            'Höchstfördersatz des Programms von 80 % (höchstens 58.000,00 €).',
        );
      await checked(page, '08-aenderung-obergrenze');

      // 58,000.00 € is the cap itself: stored as the second version.
      await enter(newApproved, '58.000,00');
      await expect.poll(() => errorAt(newApproved)).toBeNull();
      await page.getByRole('button', { name: 'Änderungsbescheid speichern' }).click();
      await page.getByRole('heading', { name: 'Bescheid TFM-BASIS-2025-0007', level: 1 }).waitFor();
      await page.getByText('Änderungsbescheid gespeichert: es gilt die 2. Fassung.').waitFor();
      expect(await figure(page, 'Bewilligte Zuwendung')).toBe('58.000,00 €');
      expect(await figure(page, 'Zuwendungsfähige Ausgaben')).toBe('72.500,00 €');
      // Still the remainder: 72,500.00 − 0.00 − 58,000.00 = 14,500.00 €.
      expect(await figure(page, 'Eigenmittel')).toBe('14.500,00 €');
      const versions = page.getByRole('region', { name: 'Fassungen nebeneinander' });
      await versions.waitFor();
      const versionRow = (name: string) => versions.locator('tbody tr', { has: page.locator('th', { hasText: name }) });
      expect(await cells(versionRow('Bewilligte Zuwendung'))).toEqual(['Bewilligte Zuwendung', '48.000,00 €', '58.000,00 € (geändert)']);
      expect(await cells(versionRow('Ansatz Software'))).toEqual(['Ansatz Software', '50.000,00 €', '62.500,00 € (geändert)']);
      expect(await cells(versionRow('Ansatz Schulung'))).toEqual(['Ansatz Schulung', '10.000,00 €', '10.000,00 €']);
      expect(await cells(versionRow('Wirksam ab'))).toEqual(['Wirksam ab', '01.07.2025', '01.10.2025']);
      await checked(page, '09-aenderung-gespeichert');
    },
  );

  it('offers the project forms only to those who may record grant data', { timeout: 60_000 }, async () => {
    const page = await signInAsDemoUser(browser, api.url, 'Prüfung des Ministeriums');
    await page.goto(`${api.url}/vorhaben`);
    await page.getByRole('heading', { name: 'Vorhaben und Anträge', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Online-Zulassungsstelle', level: 2 }).waitFor();
    expect(await page.getByRole('link', { name: 'Neues Vorhaben' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /^Antrag stellen/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Bescheid erfassen' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Bescheid TFM-BASIS-2025-0007' }).click();
    await page.getByRole('heading', { name: 'Bescheid TFM-BASIS-2025-0007', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Änderungsbescheid erfassen' }).count()).toBe(0);
    await checked(page, '10-pruefung');
  });
});

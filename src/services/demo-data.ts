// Demonstration data from the seed story: the Thuringian E-Government programme, the districts of the
// service team, the Kyffhäuserkreis notice of 145,012.03 € and the other cooperations, with receipts,
// staff costs, a joint purchase, disbursement requests and payments on the service team's grants. It is
// written through the same use cases as the API, so every rule applies. Figures the story does not give
// are illustrative and say so in their descriptions.
import { Dec } from '../domain/decimal.js';
import { COST_CATEGORIES, type CostCategory, type RecipientKind } from '../domain/enums.js';
import { FundingProgram, type Recipient } from '../entities/index.js';
import { createGrantApplication } from './applications.js';
import { createDisbursementRequest, recordPayment, updateDisbursementRequest } from './disbursements.js';
import { addCooperationMember, createCooperation } from './cooperations.js';
import { recordExpenditures, reverseExpenditure, type ExpenditureInput } from './expenditures.js';
import { createGrantNotice } from './notices.js';
import { createFundingProgram, setProgramBudget } from './programs.js';
import { createProject } from './projects.js';
import { createRecipient } from './recipients.js';
import { recordSharedInvoice } from './shared-invoices.js';
import { allocateStaff, createEmployee, setStaffCostRate } from './staff.js';
import { Access } from './access.js';
import type { Em } from './records.js';

export const DEMO_PROGRAM_CODE = 'EGOV-TH';
const ILLUSTRATIVE = 'Beispielhaft, soweit die öffentlichen Quellen keine Angaben machen:';

const money = (value: string) => new Dec(value);

function receipt(
  receiptNumber: string,
  invoiceDate: string,
  paymentDate: string,
  payee: string,
  purpose: string,
  category: CostCategory,
  amount: string,
): ExpenditureInput {
  return { receiptNumber, invoiceDate, paymentDate, payee, purpose, category, amount: money(amount) };
}

/** Name, kind, AGS and an illustrative population (about 2020) of each recipient in the story. */
const RECIPIENTS: [string, RecipientKind, string, number][] = [
  ['Landkreis Nordhausen', 'DISTRICT', '16062', 83_822],
  ['Kyffhäuserkreis', 'DISTRICT', '16065', 74_212],
  ['Unstrut-Hainich-Kreis', 'DISTRICT', '16064', 102_232],
  ['Wartburgkreis', 'DISTRICT', '16063', 123_025],
  ['Landkreis Altenburger Land', 'DISTRICT', '16077', 89_393],
  ['Saale-Orla-Kreis', 'DISTRICT', '16075', 80_312],
  ['Saale-Holzland-Kreis', 'DISTRICT', '16074', 82_950],
  ['Landkreis Weimarer Land', 'DISTRICT', '16071', 81_947],
  ['Landkreis Gotha', 'DISTRICT', '16067', 134_908],
  ['Stadt Weimar', 'CITY', '16055000', 65_138],
  ['Ilm-Kreis', 'DISTRICT', '16070', 106_249],
];

/** Loads the demonstration data into an empty register; returns false when there is data already. */
export async function seedDemoIfEmpty(em: Em): Promise<boolean> {
  if ((await em.count(FundingProgram, {})) > 0) return false;
  await seedDemo(em);
  return true;
}

/** The budget years of the demonstration programme: 2020 to 2023 as announced, then up to the year after `thisYear`. */
export function demoBudgetYears(thisYear: number): number[] {
  const last = Math.max(2023, thisYear + 1);
  return Array.from({ length: last - 2020 + 1 }, (_, index) => 2020 + index);
}

function currentYear(): number {
  return new Date().getFullYear();
}

export async function seedDemo(em: Em): Promise<void> {
  await em.transactional(async (tx) => {
    const system = Access.system();
    const program = await createFundingProgram(tx, system, {
      code: DEMO_PROGRAM_CODE,
      name: 'Richtlinie zur Förderung von E-Government und IT in Thüringer Kommunen',
      grantingAuthority: 'Thüringer Finanzministerium (TFM)',
      legalBasis: 'Richtlinie zur Förderung von E-Government und IT in Thüringer Kommunen; §§ 23, 44 ThürLHO',
      maxRate: money('0.8'),
      eligibleCategories: [...COST_CATEGORIES],
    });
    // EUR 80 million announced for all of Thuringia, modelled as 4 × 20 million per budget year; the
    // continuation up to next year is illustrative, so that a notice of this year finds its budget.
    for (const year of demoBudgetYears(currentYear())) await setProgramBudget(tx, system, program.id, year, money('20000000.00'));

    const recipients = new Map<string, Recipient>();
    for (const [name, kind, ags, population] of RECIPIENTS) {
      recipients.set(ags, await createRecipient(tx, system, { name, kind, ags, population }));
    }
    const byAgs = (ags: string) => {
      const recipient = recipients.get(ags);
      if (!recipient) throw new Error(`Demonstration recipient ${ags} is missing.`);
      return recipient.id;
    };

    // The inter-municipal E-Government service team (Zweckvereinbarung), Nordhausen leading.
    const serviceTeam = await createCooperation(tx, system, {
      name: 'Interkommunales E-Government-Serviceteam Nordthüringen',
      agreement: 'Zweckvereinbarung zur Gründung eines interkommunalen Serviceteams im Bereich E-Government',
      purpose:
        'Einheitliche E-Government-Strategie, Umsetzung des OZG in Arbeitsteilung, gemeinsame Beschaffung eines Dokumentenmanagementsystems; jeder Landkreis stellt einen Mitarbeiter.',
    });
    await addCooperationMember(tx, system, {
      cooperationId: serviceTeam.id,
      recipientId: byAgs('16062'),
      isLead: true,
      joinedOn: '2019-11-27',
    });
    await addCooperationMember(tx, system, {
      cooperationId: serviceTeam.id,
      recipientId: byAgs('16064'),
      joinedOn: '2019-11-27',
      resolutions: [
        {
          body: 'Kreistag Unstrut-Hainich-Kreis',
          number: 'KT/065-03/19',
          adoptedOn: '2019-11-27',
          subject: 'Zweckvereinbarung zur Gründung eines interkommunalen Serviceteams im Bereich E-Government',
        },
      ],
    });
    await addCooperationMember(tx, system, {
      cooperationId: serviceTeam.id,
      recipientId: byAgs('16065'),
      joinedOn: '2019-12-05',
      resolutions: [
        {
          body: 'Kreistag Kyffhäuserkreis',
          number: '2019/7/027',
          adoptedOn: '2019-12-05',
          subject: 'Abschluss einer Zweckvereinbarung zur Gründung eines E-Government-Service-Teams',
        },
      ],
    });
    await addCooperationMember(tx, system, {
      cooperationId: serviceTeam.id,
      recipientId: byAgs('16063'),
      joinedOn: '2020-06-24',
      resolutions: [
        {
          body: 'Kreistag Unstrut-Hainich-Kreis',
          number: 'KT/103/2020',
          adoptedOn: '2020-06-24',
          subject: '1. Änderung der Zweckvereinbarung: Aufnahme des Wartburgkreises, Erweiterung von drei auf vier Landkreise',
        },
      ],
    });

    // The Kyffhäuserkreis notice of 02.06.2020: 80 % of 181,265.04 € = 145,012.03 €.
    const kyffhaeuserProject = await createProject(tx, system, {
      recipientId: byAgs('16065'),
      cooperationId: serviceTeam.id,
      title: 'E-Government-Serviceteam',
      description: `Analyse von Verwaltungsprozessen, Fachverfahren und Aufgaben im Hinblick auf die Digitalisierung. ${ILLUSTRATIVE} Aktenzeichen, Bewilligungszeitraum, Einzelansätze.`,
    });
    const kyffhaeuserNotice = await createGrantNotice(tx, system, {
      reference: 'TFM-EGOV-2020-0001',
      noticeDate: '2020-06-02',
      fundingProgramId: program.id,
      projectId: kyffhaeuserProject.id,
      financingType: 'SHARE',
      rate: money('0.8'),
      eligibleCosts: money('181265.04'),
      approvedAmount: money('145012.03'),
      approvalPeriod: { start: '2020-06-01', end: '2021-12-31' },
      budgetLines: [
        { category: 'STAFF', planned: money('120000.00') },
        { category: 'CONSULTING', planned: money('30000.00') },
        { category: 'SOFTWARE', planned: money('20000.00') },
        { category: 'HARDWARE', planned: money('8265.04') },
        { category: 'TRAINING', planned: money('3000.00') },
      ],
    });

    // Unstrut-Hainich-Kreis: about 143,000 € until the end of 2020, mostly staff costs.
    const uhkProject = await createProject(tx, system, {
      recipientId: byAgs('16064'),
      cooperationId: serviceTeam.id,
      title: 'Mitarbeit im interkommunalen E-Government-Serviceteam',
      description: `Überwiegend Personalkosten bis Ende 2020. ${ILLUSTRATIVE} Aktenzeichen, Datum, zuwendungsfähige Ausgaben, Einzelansätze.`,
    });
    const uhkNotice = await createGrantNotice(tx, system, {
      reference: 'TFM-EGOV-2020-0002',
      noticeDate: '2020-05-15',
      fundingProgramId: program.id,
      projectId: uhkProject.id,
      financingType: 'SHARE',
      rate: money('0.8'),
      eligibleCosts: money('178750.00'),
      approvedAmount: money('143000.00'),
      approvalPeriod: { start: '2020-01-01', end: '2020-12-31' },
      budgetLines: [
        { category: 'STAFF', planned: money('150000.00') },
        { category: 'HARDWARE', planned: money('12000.00') },
        { category: 'TRAINING', planned: money('8750.00') },
        { category: 'TRAVEL', planned: money('8000.00') },
      ],
    });

    // Spending on the service team's grants; all of it illustrative.
    await recordExpenditures(tx, system, kyffhaeuserNotice.id, [
      receipt(
        'KYF-2020-101',
        '2020-07-10',
        '2020-07-24',
        'Beratungshaus Mitteldeutschland GmbH',
        'Prozessanalyse Bauordnung und Kfz-Zulassung',
        'CONSULTING',
        '12400.00',
      ),
      receipt(
        'KYF-2020-102',
        '2020-08-03',
        '2020-08-17',
        'Softwarehaus Thüringen GmbH',
        'Lizenzen Antragsmanagement',
        'SOFTWARE',
        '8900.00',
      ),
      receipt(
        'KYF-2020-103',
        '2020-09-01',
        '2020-09-15',
        'Bildungswerk Nordthüringen e. V.',
        'Schulung E-Akte, zwei Tage',
        'TRAINING',
        '1650.00',
      ),
      receipt(
        'KYF-2022-007',
        '2021-12-20',
        '2022-01-10',
        'Softwarehaus Thüringen GmbH',
        'Wartung 1. Quartal 2022, nach dem Bewilligungszeitraum gezahlt',
        'SOFTWARE',
        '1200.00',
      ),
    ]);
    const [doubled] = await recordExpenditures(tx, system, kyffhaeuserNotice.id, [
      receipt(
        'KYF-2020-102',
        '2020-08-03',
        '2020-08-17',
        'Softwarehaus Thüringen GmbH',
        'Lizenzen Antragsmanagement',
        'SOFTWARE',
        '8900.00',
      ),
    ]);
    await reverseExpenditure(tx, system, doubled!.id, { reason: 'Doppelt erfasst', reversedOn: '2020-08-20' });
    await recordExpenditures(tx, system, uhkNotice.id, [
      receipt(
        'UHK-2020-031',
        '2020-03-02',
        '2020-03-16',
        'IT-Systemhaus Mühlhausen',
        'Notebooks für das Serviceteam',
        'HARDWARE',
        '4800.00',
      ),
      receipt(
        'UHK-2020-044',
        '2020-05-11',
        '2020-05-25',
        'Deutsche Bahn AG',
        'Fahrten zu Arbeitstreffen des Serviceteams',
        'TRAVEL',
        '640.00',
      ),
    ]);

    // One employee per member district puts time into the team (names and salaries illustrative);
    // the two districts with a grant here charge their share of the staff costs to it.
    for (const year of [2020, 2021]) {
      await setStaffCostRate(tx, system, { fundingProgramId: program.id, payGroup: 'TVöD E 11', year, annualRate: money('68400.00') });
    }
    const employees = new Map<string, string>();
    for (const [ags, name] of [
      ['16062', 'Anna Becker'],
      ['16065', 'Jonas Hartmann'],
      ['16064', 'Claudia Wolf'],
      ['16063', 'Stefan Krause'],
    ] as const) {
      employees.set(ags, (await createEmployee(tx, system, { employerId: byAgs(ags), name, payGroup: 'TVöD E 11' })).id);
    }
    await allocateStaff(tx, system, {
      employeeId: employees.get('16065')!,
      grantNoticeId: kyffhaeuserNotice.id,
      from: '2020-07-01',
      to: '2020-12-31',
      method: 'ACTUAL',
      employerCost: money('5200.00'),
      share: money('0.8'),
    });
    await allocateStaff(tx, system, {
      employeeId: employees.get('16064')!,
      grantNoticeId: uhkNotice.id,
      from: '2020-01-01',
      to: '2020-12-31',
      method: 'FLAT_RATE',
      share: money('1'),
    });

    // A joint purchase of the service team, split equally between the members with a grant here.
    await recordSharedInvoice(tx, system, {
      cooperationId: serviceTeam.id,
      fundingProgramId: program.id,
      category: 'HARDWARE',
      receiptNumber: 'ST-2020-001',
      invoiceDate: '2020-09-01',
      paymentDate: '2020-09-15',
      payee: 'Scanner & Archiv GmbH',
      purpose: 'Dokumentenscanner für das gemeinsame DMS (illustrativ)',
      totalAmount: money('7000.00'),
      allocationKey: 'EQUAL',
      members: [{ grantNoticeId: kyffhaeuserNotice.id }, { grantNoticeId: uhkNotice.id }],
    });

    // Mittelabrufe and Auszahlungen on the service team's grants, so that both show a settlement forecast
    // (all illustrative). Kyffhäuserkreis: 40,000.00 received against a final grant of 80 % of 51,410.00 =
    // 41,128.00, an outstanding payout of 1,128.00. Unstrut-Hainich-Kreis drew its whole 143,000.00 while
    // only 77,340.00 were spent: a final grant of 61,872.00 and a refund of 81,128.00.
    const paidRequest = async (grantNoticeId: string, requestedOn: string, paidOn: string, amount: string, purpose: string) => {
      const request = await createDisbursementRequest(tx, system, { grantNoticeId, requestedOn, amount: money(amount), purpose });
      await updateDisbursementRequest(tx, system, request.id, request.version, { status: 'SUBMITTED' });
      await recordPayment(tx, system, { grantNoticeId, paidOn, amount: money(amount), requestId: request.id });
    };
    await paidRequest(
      kyffhaeuserNotice.id,
      '2020-07-01',
      '2020-07-15',
      '40000.00',
      'Personal- und Beratungsausgaben Juli bis September 2020',
    );
    await paidRequest(uhkNotice.id, '2020-02-14', '2020-03-02', '71500.00', 'Erste Rate: Personalausgaben und Ausstattung 2020');
    await paidRequest(uhkNotice.id, '2020-08-14', '2020-09-01', '71500.00', 'Zweite Rate: Personalausgaben 2020');

    // The joint DMS project of six authorities: about 575,000 € of grants in prospect.
    const dms = await createCooperation(tx, system, {
      name: 'Gemeinschaftsprojekt Dokumentenmanagementsystem',
      agreement: 'Kooperationsvereinbarung zur gemeinsamen Einführung eines Dokumentenmanagementsystems',
      purpose: `Einführung eines gemeinsamen Dokumentenmanagementsystems. ${ILLUSTRATIVE} Federführung, Beitrittsdaten.`,
    });
    const dmsMembers = ['16077', '16075', '16074', '16071', '16067', '16055000'];
    for (const [index, ags] of dmsMembers.entries()) {
      await addCooperationMember(tx, system, {
        cooperationId: dms.id,
        recipientId: byAgs(ags),
        isLead: index === 0,
        joinedOn: '2020-10-01',
      });
    }
    const dmsProject = await createProject(tx, system, {
      recipientId: byAgs('16077'),
      cooperationId: dms.id,
      title: 'Einführung eines Dokumentenmanagementsystems',
      description: `Rund 575.000 € Fördermittel in Aussicht. ${ILLUSTRATIVE} Antragsdatum, Einzelansätze.`,
    });
    await createGrantApplication(tx, system, {
      fundingProgramId: program.id,
      projectId: dmsProject.id,
      submittedOn: '2020-11-30',
      requestedAmount: money('575000.00'),
      financingType: 'SHARE',
      status: 'SUBMITTED',
      lines: [
        { category: 'SOFTWARE', planned: money('480000.00') },
        { category: 'CONSULTING', planned: money('150000.00') },
        { category: 'TRAINING', planned: money('60000.00') },
        { category: 'HARDWARE', planned: money('28750.00') },
      ],
    });

    // Unstrut-Hainich-Kreis and Ilm-Kreis introduce software for housing-construction subsidies.
    const housing = await createCooperation(tx, system, {
      name: 'Software für Wohnungsbauförderung',
      agreement: 'Kooperationsvereinbarung zur gemeinsamen Einführung einer Software für Wohnungsbauförderung',
      purpose: `Gemeinsame Einführung einer Fachsoftware für die Wohnungsbauförderung. ${ILLUSTRATIVE} Federführung, Beitrittsdaten.`,
    });
    await addCooperationMember(tx, system, {
      cooperationId: housing.id,
      recipientId: byAgs('16064'),
      isLead: true,
      joinedOn: '2020-09-01',
    });
    await addCooperationMember(tx, system, { cooperationId: housing.id, recipientId: byAgs('16070'), joinedOn: '2020-09-01' });
    const housingProject = await createProject(tx, system, {
      recipientId: byAgs('16064'),
      cooperationId: housing.id,
      title: 'Einführung einer Software für Wohnungsbauförderung',
      description: `${ILLUSTRATIVE} alle Beträge.`,
    });
    await createGrantApplication(tx, system, {
      fundingProgramId: program.id,
      projectId: housingProject.id,
      requestedAmount: money('64000.00'),
      financingType: 'SHARE',
      status: 'DRAFT',
      lines: [
        { category: 'SOFTWARE', planned: money('60000.00') },
        { category: 'TRAINING', planned: money('10000.00') },
        { category: 'CONSULTING', planned: money('10000.00') },
      ],
    });
  });
}

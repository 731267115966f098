// Grant notices on a real database: Rule 1 refusals write nothing, amendments keep history, stale edits conflict.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainInputError } from '../../src/domain/errors.js';
import { FundingProgram, GrantAmendment, GrantNotice, GrantNoticeVersion } from '../../src/entities/index.js';
import { createGrantApplication } from '../../src/services/applications.js';
import { ConflictError } from '../../src/services/errors.js';
import { amendGrantNotice, createGrantNotice, updateGrantNotice, versionsOf, type GrantNoticeInput } from '../../src/services/notices.js';
import { budgetYears } from '../../src/services/programs.js';
import type { Em } from '../../src/services/records.js';
import { openTestOrm, type TestOrm } from '../support/database.js';
import { d, district, kyffhaeuserNotice, programme, projectOf } from '../support/factories.js';
import { Access } from '../../src/services/access.js';

const system = Access.system();

let db: TestOrm;
let em: Em;
let programId: string;
let projectId: string;

/** Counts of every table a notice writes to, to show that a refusal wrote nothing. */
async function writtenRows(): Promise<number[]> {
  const fresh = db.orm.em.fork();
  return Promise.all([fresh.count(GrantNotice, {}), fresh.count(GrantNoticeVersion, {}), fresh.count(GrantAmendment, {})]);
}

/** The Kyffhäuserkreis notice of 02.06.2020: 80 % of 181,265.04 € = 145,012.032 → 145,012.03 €. */
function kyffhaeuser(overrides: Partial<GrantNoticeInput> = {}): GrantNoticeInput {
  return kyffhaeuserNotice(programId, projectId, overrides);
}

async function refusal(work: Promise<unknown>): Promise<DomainInputError> {
  const error = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainInputError);
  return error as DomainInputError;
}

beforeAll(async () => {
  db = await openTestOrm();
  const setup = db.orm.em.fork();
  const program = await programme(setup, { 2020: '20000000.00', 2021: '200000.00' });
  const recipient = await district(setup);
  const project = await projectOf(setup, recipient.id);
  programId = program.id;
  projectId = project.id;
});

afterAll(async () => {
  await db.close();
});

beforeEach(() => {
  em = db.orm.em.fork();
});

describe('recording a grant notice (Rule 1)', () => {
  it('accepts the Kyffhäuserkreis notice and reads it back exactly', async () => {
    const notice = await createGrantNotice(em, system, kyffhaeuser());
    const reread = await db.orm.em.fork().findOneOrFail(GrantNotice, notice.id, { populate: ['currentVersion.budgetLines'] });
    expect(reread.approvedAmount.toFixed(2)).toBe('145012.03');
    expect(reread.eligibleCosts.toFixed(2)).toBe('181265.04');
    expect(reread.rate?.toFixed(4)).toBe('0.8000');
    expect(reread.currentVersionNo).toBe(1);
    expect(reread.budgetYear).toBe(2020);
    expect(reread.current.budgetLines.getItems().map((line) => `${line.category} ${line.planned.toFixed(2)}`)).toEqual([
      'STAFF 120000.00',
      'CONSULTING 30000.00',
      'SOFTWARE 20000.00',
      'HARDWARE 8265.04',
      'TRAINING 3000.00',
    ]);
  });

  it('refuses one cent above the cap and names both figures, writing nothing', async () => {
    const before = await writtenRows();
    const error = await refusal(createGrantNotice(em, system, kyffhaeuser({ approvedAmount: d('145012.04') })));
    expect(error.field).toBe('approvedAmount');
    expect(error.message).toContain('145.012,04 €');
    expect(error.message).toContain('145.012,03 €');
    expect(error.details?.cap).toBe('145012.03');
    expect(await writtenRows()).toEqual(before);
  });

  it('refuses full financing above the programme maximum of 80 %', async () => {
    const before = await writtenRows();
    const error = await refusal(
      createGrantNotice(
        em,
        system,
        kyffhaeuser({
          financingType: 'FULL',
          rate: null,
          eligibleCosts: d('100000.00'),
          approvedAmount: d('100000.00'),
          budgetLines: [{ category: 'SOFTWARE', planned: d('100000.00') }],
        }),
      ),
    );
    expect(error.field).toBe('approvedAmount');
    expect(error.message).toContain('100 %');
    expect(error.message).toContain('80 %');
    expect(await writtenRows()).toEqual(before);
  });

  it('accepts deficit financing up to costs less own and third-party funds within 80 %', async () => {
    // Cap 100,000.00 − 15,000.00 − 5,000.00 = 80,000.00; effective rate 80,000 / 100,000 = 80 %.
    const notice = await createGrantNotice(
      em,
      system,
      kyffhaeuser({
        financingType: 'DEFICIT',
        rate: null,
        eligibleCosts: d('100000.00'),
        ownFunds: d('15000.00'),
        thirdPartyFunds: d('5000.00'),
        approvedAmount: d('80000.00'),
        budgetLines: [{ category: 'CONSULTING', planned: d('100000.00') }],
      }),
    );
    expect(notice.approvedAmount.toFixed(2)).toBe('80000.00');
  });

  it('refuses to over-commit the programme budget of a year by one cent', async () => {
    // 2021 budget 200,000.00: 150,000.00 fits; then 150,000.00 + 50,000.01 = 200,000.01 does not.
    await createGrantNotice(
      em,
      system,
      kyffhaeuser({
        budgetYear: 2021,
        eligibleCosts: d('187500.00'),
        approvedAmount: d('150000.00'),
        budgetLines: [{ category: 'STAFF', planned: d('187500.00') }],
      }),
    );
    const before = await writtenRows();
    // Cap 0.8 × 62,500.02 = 50,000.016 → 50,000.02, so only the budget stands in the way.
    const error = await refusal(
      createGrantNotice(
        db.orm.em.fork(),
        system,
        kyffhaeuser({
          budgetYear: 2021,
          eligibleCosts: d('62500.02'),
          approvedAmount: d('50000.01'),
          budgetLines: [{ category: 'STAFF', planned: d('62500.02') }],
        }),
      ),
    );
    expect(error.field).toBe('approvedAmount');
    expect(error.message).toContain('2021');
    expect(error.message).toContain('200.000,01 €');
    expect(await writtenRows()).toEqual(before);
    const year2021 = (await budgetYears(db.orm.em.fork(), programId)).find((entry) => entry.year === 2021);
    expect(year2021?.committed.toFixed(2)).toBe('150000.00');
    expect(year2021?.available.toFixed(2)).toBe('50000.00');
  });

  it('refuses a year for which the programme has no budget', async () => {
    const error = await refusal(createGrantNotice(em, system, kyffhaeuser({ budgetYear: 2030 })));
    expect(error.message).toContain('2030');
  });

  it('refuses a financing plan that does not add up to the eligible costs', async () => {
    const error = await refusal(
      createGrantNotice(em, system, kyffhaeuser({ budgetLines: [{ category: 'STAFF', planned: d('181265.03') }] })),
    );
    expect(error.field).toBe('budgetLines');
    expect(error.reason).toBe('PLAN_NOT_TOTAL');
    expect(error.details).toEqual({ plannedTotal: '181265.03', eligibleCosts: '181265.04' });
  });

  it('refuses an approval period that ends before it starts', async () => {
    const error = await refusal(createGrantNotice(em, system, kyffhaeuser({ approvalPeriod: { start: '2021-01-01', end: '2020-12-31' } })));
    expect(error).toMatchObject({
      reason: 'DATE_OUT_OF_ORDER',
      field: 'approvalPeriod.end',
      message: 'Der Bewilligungszeitraum darf nicht enden (31.12.2020), bevor er beginnt (01.01.2021).',
    });
  });
});

describe('what a notice refers to', () => {
  it('refuses a budget line of a category the programme does not fund, naming the categories in German', async () => {
    const narrow = await programme(db.orm.em.fork());
    const setup = db.orm.em.fork();
    const stored = await setup.findOneOrFail(FundingProgram, narrow.id);
    stored.eligibleCategories = ['SOFTWARE', 'TRAINING'];
    await setup.flush();
    const error = await refusal(
      createGrantNotice(
        em,
        system,
        kyffhaeuserNotice(narrow.id, projectId, { budgetLines: [{ category: 'STAFF', planned: d('181265.04') }] }),
      ),
    );
    expect(error).toMatchObject({
      reason: 'CATEGORY_NOT_ELIGIBLE',
      field: 'budgetLines.0.category',
      message: `Die Kostenkategorie „Personalausgaben“ ist im Programm ${stored.name} nicht förderfähig (förderfähig: Software, Schulung).`,
    });
  });

  it('refuses the application of another project', async () => {
    const other = await projectOf(db.orm.em.fork(), (await district(db.orm.em.fork(), 'Landkreis Greiz')).id, 'Anderes Vorhaben');
    const application = await createGrantApplication(db.orm.em.fork(), system, {
      fundingProgramId: programId,
      projectId: other.id,
      submittedOn: '2020-04-01',
      requestedAmount: d('1000.00'),
      financingType: 'SHARE',
      status: 'APPROVED',
      lines: [{ category: 'SOFTWARE', planned: d('1250.00') }],
    });
    const error = await refusal(createGrantNotice(em, system, kyffhaeuser({ applicationId: application.id })));
    expect(error).toMatchObject({
      reason: 'APPLICATION_OF_OTHER_PROJECT',
      field: 'applicationId',
      message: 'Der Förderantrag gehört zu einem anderen Vorhaben oder Förderprogramm als der Bescheid.',
    });
  });
});

describe('the financing plan balances: expenditure = own funds + third-party funds + grant', () => {
  /** The probe's case: 150,000.00 eligible, 80 % = 120,000.00 granted. */
  const probe = (overrides: Partial<GrantNoticeInput>) =>
    kyffhaeuser({
      eligibleCosts: d('150000.00'),
      approvedAmount: d('120000.00'),
      budgetLines: [{ category: 'SOFTWARE', planned: d('150000.00') }],
      ...overrides,
    });

  it('refuses own funds of 0,00 € that leave 30.000,00 € financed by nobody, writing nothing', async () => {
    const before = await writtenRows();
    const error = await refusal(createGrantNotice(em, system, probe({ ownFunds: d('0.00') })));
    expect(error).toMatchObject({
      reason: 'PLAN_NOT_BALANCED',
      field: 'ownFunds',
      message:
        'Der Finanzierungsplan ist nicht ausgeglichen: Eigenmittel 0,00 €, Drittmittel 0,00 € und Zuwendung 120.000,00 € ' +
        '(zusammen 120.000,00 €) decken die zuwendungsfähigen Ausgaben von 150.000,00 € nicht; 30.000,00 € sind von niemandem finanziert.',
      details: {
        eligibleCosts: '150000.00',
        ownFunds: '0.00',
        thirdPartyFunds: '0.00',
        approvedAmount: '120000.00',
        financedTotal: '120000.00',
        difference: '30000.00',
      },
    });
    expect(await writtenRows()).toEqual(before);
  });

  it('refuses given figures that finance more than the expenditure', async () => {
    // 40,000.00 + 0.00 + 120,000.00 = 160,000.00, 10,000.00 more than 150,000.00.
    const error = await refusal(createGrantNotice(em, system, probe({ ownFunds: d('40000.00') })));
    expect(error.reason).toBe('PLAN_NOT_BALANCED');
    expect(error.message).toContain('übersteigen die zuwendungsfähigen Ausgaben von 150.000,00 € um 10.000,00 €');
    expect(error.details).toMatchObject({ financedTotal: '160000.00', difference: '-10000.00' });
  });

  it('takes own funds that are not given as the remainder, and says so', async () => {
    const notice = await createGrantNotice(em, system, probe({ thirdPartyFunds: d('5000.00') }));
    // 150,000.00 − 5,000.00 − 120,000.00 = 25,000.00
    expect([notice.ownFunds.toFixed(2), notice.ownFundsIsRemainder]).toEqual(['25000.00', true]);
    const given = await createGrantNotice(db.orm.em.fork(), system, probe({ ownFunds: d('30000.00') }));
    expect([given.ownFunds.toFixed(2), given.ownFundsIsRemainder]).toEqual(['30000.00', false]);
  });

  it('refuses third-party funds and a grant that leave no room for own funds', async () => {
    // Own funds left out: 150,000.00 − 40,000.00 − 120,000.00 = −10,000.00.
    const error = await refusal(createGrantNotice(em, system, probe({ thirdPartyFunds: d('40000.00') })));
    expect(error).toMatchObject({ reason: 'PLAN_NOT_BALANCED', field: 'approvedAmount' });
    expect(error.message).toBe(
      'Der Finanzierungsplan ist nicht ausgeglichen: Drittmittel 40.000,00 € und Zuwendung 120.000,00 € (zusammen 160.000,00 €) ' +
        'übersteigen die zuwendungsfähigen Ausgaben von 150.000,00 € um 10.000,00 €.',
    );
  });

  it('works a remainder out anew in an amendment, and keeps given own funds, which then must balance', async () => {
    const remainder = await createGrantNotice(em, system, probe({}));
    const lower = await amendGrantNotice(db.orm.em.fork(), system, remainder.id, remainder.version, {
      reference: 'ÄB-R',
      amendmentDate: '2020-10-01',
      reason: 'Geringere Zuwendung',
      approvedAmount: d('100000.00'),
    });
    // 150,000.00 − 0.00 − 100,000.00 = 50,000.00
    expect([lower.ownFunds.toFixed(2), lower.ownFundsIsRemainder]).toEqual(['50000.00', true]);

    const given = await createGrantNotice(db.orm.em.fork(), system, probe({ ownFunds: d('30000.00') }));
    const unbalanced = await refusal(
      amendGrantNotice(db.orm.em.fork(), system, given.id, given.version, {
        reference: 'ÄB-G',
        amendmentDate: '2020-10-01',
        reason: 'Geringere Zuwendung',
        approvedAmount: d('100000.00'),
      }),
    );
    expect(unbalanced.details).toMatchObject({ ownFunds: '30000.00', difference: '20000.00' });
    const cleared = await amendGrantNotice(db.orm.em.fork(), system, given.id, given.version, {
      reference: 'ÄB-G',
      amendmentDate: '2020-10-01',
      reason: 'Geringere Zuwendung',
      approvedAmount: d('100000.00'),
      ownFunds: null,
    });
    expect([cleared.ownFunds.toFixed(2), cleared.ownFundsIsRemainder]).toEqual(['50000.00', true]);
  });
});

describe('amending a grant notice (Änderungsbescheid)', () => {
  it('adds a version, keeps the original figures and frees the budget it no longer commits', async () => {
    const notice = await createGrantNotice(em, system, kyffhaeuser());
    const committedBefore = (await budgetYears(db.orm.em.fork(), programId)).find((entry) => entry.year === 2020)!.committed;

    const amended = await amendGrantNotice(db.orm.em.fork(), system, notice.id, notice.version, {
      reference: 'ÄB-1',
      amendmentDate: '2020-11-15',
      reason: 'Lower hardware costs',
      eligibleCosts: d('176265.04'),
      approvedAmount: d('141012.03'),
      budgetLines: [
        { category: 'STAFF', planned: d('120000.00') },
        { category: 'CONSULTING', planned: d('30000.00') },
        { category: 'SOFTWARE', planned: d('20000.00') },
        { category: 'HARDWARE', planned: d('3265.04') },
        { category: 'TRAINING', planned: d('3000.00') },
      ],
    });
    expect(amended.currentVersionNo).toBe(2);

    const history = await versionsOf(db.orm.em.fork(), notice.id);
    expect(
      history.map((version) => [
        version.versionNo,
        version.approvedAmount.toFixed(2),
        version.effectiveFrom,
        version.amendment?.reference ?? null,
      ]),
    ).toEqual([
      [1, '145012.03', '2020-06-02', null],
      [2, '141012.03', '2020-11-15', 'ÄB-1'],
    ]);
    // 145,012.03 − 141,012.03 = 4,000.00 less committed in 2020.
    const committedAfter = (await budgetYears(db.orm.em.fork(), programId)).find((entry) => entry.year === 2020)!.committed;
    expect(committedBefore.minus(committedAfter).toFixed(2)).toBe('4000.00');
  });

  it('records the date of the Änderungsbescheid and the day its figures apply from apart', async () => {
    const notice = await createGrantNotice(em, system, kyffhaeuser());
    // Issued on 15.11.2020, with the lower figures in force back from 01.09.2020.
    await amendGrantNotice(db.orm.em.fork(), system, notice.id, notice.version, {
      reference: 'ÄB-W',
      amendmentDate: '2020-11-15',
      effectiveFrom: '2020-09-01',
      reason: 'Rückwirkende Kürzung',
      eligibleCosts: d('176265.04'),
      approvedAmount: d('141012.03'),
      budgetLines: [
        { category: 'STAFF', planned: d('120000.00') },
        { category: 'CONSULTING', planned: d('30000.00') },
        { category: 'SOFTWARE', planned: d('20000.00') },
        { category: 'HARDWARE', planned: d('6265.04') },
      ],
    });
    const [, second] = await versionsOf(db.orm.em.fork(), notice.id);
    expect([second!.effectiveFrom, second!.amendment?.amendmentDate]).toEqual(['2020-09-01', '2020-11-15']);
  });

  it('refuses figures that would apply before the figures in force', async () => {
    const notice = await createGrantNotice(em, system, kyffhaeuser());
    const error = await refusal(
      amendGrantNotice(db.orm.em.fork(), system, notice.id, notice.version, {
        reference: 'ÄB-F',
        amendmentDate: '2020-11-15',
        effectiveFrom: '2020-06-01',
        reason: 'Zu früh',
        approvedAmount: d('140000.00'),
      }),
    );
    expect(error).toMatchObject({
      reason: 'DATE_OUT_OF_ORDER',
      field: 'effectiveFrom',
      message:
        'Die geänderten Zahlen können nicht vor den geltenden wirksam werden: diese gelten ab 02.06.2020, die Änderung soll ab 01.06.2020 gelten.',
    });
  });

  it('refuses an amendment above the cap and writes no version', async () => {
    const notice = await createGrantNotice(em, system, kyffhaeuser());
    const before = await writtenRows();
    const error = await refusal(
      amendGrantNotice(db.orm.em.fork(), system, notice.id, notice.version, {
        reference: 'ÄB-2',
        amendmentDate: '2020-12-01',
        reason: 'Higher grant',
        approvedAmount: d('150000.00'),
      }),
    );
    expect(error.field).toBe('approvedAmount');
    expect(await writtenRows()).toEqual(before);
  });

  it('refuses an edit based on a stale version with a conflict and changes nothing', async () => {
    const notice = await createGrantNotice(em, system, kyffhaeuser());
    const stale = notice.version;
    await updateGrantNotice(db.orm.em.fork(), system, notice.id, stale, { reference: `${notice.reference}-K` });
    const before = await writtenRows();

    await expect(
      amendGrantNotice(db.orm.em.fork(), system, notice.id, stale, {
        reference: 'ÄB-3',
        amendmentDate: '2020-12-01',
        reason: 'Late',
        approvedAmount: d('1000.00'),
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(updateGrantNotice(db.orm.em.fork(), system, notice.id, stale, { reference: 'other' })).rejects.toBeInstanceOf(
      ConflictError,
    );

    expect(await writtenRows()).toEqual(before);
    const reread = await db.orm.em.fork().findOneOrFail(GrantNotice, notice.id, { populate: ['currentVersion'] });
    expect(reread.reference).toBe(`${notice.reference}-K`);
    expect(reread.approvedAmount.toFixed(2)).toBe('145012.03');
  });
});

// Programmes, recipients, cooperations, projects and applications on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainInputError } from '../../src/domain/errors.js';
import { ApplicationLine, CooperationResolution } from '../../src/entities/index.js';
import { createGrantApplication, plannedTotal, updateGrantApplication } from '../../src/services/applications.js';
import { addCooperationMember, createCooperation, membershipsOf, updateCooperationMembership } from '../../src/services/cooperations.js';
import { NotFoundError } from '../../src/services/errors.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { budgetYears, setProgramBudget, updateFundingProgram } from '../../src/services/programs.js';
import { createProject } from '../../src/services/projects.js';
import { createRecipient, getRecipient, listRecipients } from '../../src/services/recipients.js';
import { openTestOrm, type TestOrm } from '../support/database.js';
import { d, district, programme, projectOf } from '../support/factories.js';
import { Access } from '../../src/services/access.js';

const system = Access.system();

let db: TestOrm;
const fork = () => db.orm.em.fork();

beforeAll(async () => {
  db = await openTestOrm();
});

afterAll(async () => {
  await db.close();
});

describe('funding programme', () => {
  it('starts with the rule parameters of DOMAIN.md and keeps its budget per year', async () => {
    const program = await programme(fork(), { 2020: '20000000.00', 2021: '20000000.00' });
    expect(program.maxRate.toFixed(4)).toBe('0.8000');
    expect(program.lineTolerance.toFixed(4)).toBe('0.2000');
    expect(program.interestMargin.toFixed(4)).toBe('0.0500');
    expect([program.spendDeadlineMonths, program.proofOfUseMonths, program.roundingMode]).toEqual([2, 6, 'HALF_UP']);
    const years = await budgetYears(fork(), program.id);
    expect(years.map((year) => [year.year, year.budget.toFixed(2), year.committed.toFixed(2)])).toEqual([
      [2020, '20000000.00', '0.00'],
      [2021, '20000000.00', '0.00'],
    ]);
  });

  it('refuses to lower a year below what notices already commit', async () => {
    const program = await programme(fork(), { 2020: '200000.00' });
    const recipient = await district(fork());
    const project = await projectOf(fork(), recipient.id);
    await createGrantNotice(fork(), system, {
      reference: 'BUDGET-1',
      noticeDate: '2020-03-01',
      fundingProgramId: program.id,
      projectId: project.id,
      financingType: 'SHARE',
      rate: d('0.8'),
      eligibleCosts: d('125000.00'),
      approvedAmount: d('100000.00'),
      approvalPeriod: { start: '2020-03-01', end: '2020-12-31' },
      budgetLines: [{ category: 'SOFTWARE', planned: d('125000.00') }],
    });
    await expect(setProgramBudget(fork(), system, program.id, 2020, d('99999.99'))).rejects.toMatchObject({
      reason: 'BUDGET_BELOW_COMMITTED',
      field: 'amount',
      message:
        'Der Haushaltsansatz 2020 kann nicht auf 99.999,99 € gesetzt werden: Zuwendungsbescheide binden bereits 100.000,00 € davon. ' +
        'Bitte mindestens diesen Betrag ansetzen.',
      details: { amount: '99999.99', committed: '100000.00' },
    });
    const lowered = await setProgramBudget(fork(), system, program.id, 2020, d('100000.00'));
    expect(lowered.amount.toFixed(2)).toBe('100000.00');
  });

  it('refuses a rate change from a stale version', async () => {
    const program = await programme(fork());
    await updateFundingProgram(fork(), system, program.id, program.version, { maxRate: d('0.75') });
    await expect(updateFundingProgram(fork(), system, program.id, program.version, { maxRate: d('0.9') })).rejects.toThrow(
      'von jemand anderem geändert',
    );
  });
});

describe('recipients', () => {
  it('refuses an AGS that is neither 5 nor 8 digits', async () => {
    const error = await createRecipient(fork(), system, { name: 'Nowhere', kind: 'DISTRICT', ags: '1606' }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DomainInputError);
    expect(error).toMatchObject({
      reason: 'INVALID_VALUE',
      field: 'ags',
      message: 'Der AGS muss 5 Ziffern (Landkreis, z. B. 16065) oder 8 Ziffern (Gemeinde, z. B. 16055000) haben.',
    });
  });

  it('treats a malformed id like a missing one', async () => {
    await expect(getRecipient(fork(), system, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
    await expect(getRecipient(fork(), system, '0190f3c2-0000-7000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('cooperation (Zweckvereinbarung)', () => {
  it('records the service team with its resolutions and the Wartburgkreis joining on 24.06.2020', async () => {
    const team = await createCooperation(fork(), system, { name: 'E-Government-Serviceteam', agreement: 'Zweckvereinbarung' });
    const nordhausen = await district(fork(), 'Landkreis Nordhausen');
    const uhk = await district(fork(), 'Unstrut-Hainich-Kreis');
    const wartburg = await district(fork(), 'Wartburgkreis');
    await addCooperationMember(fork(), system, {
      cooperationId: team.id,
      recipientId: nordhausen.id,
      isLead: true,
      joinedOn: '2019-11-27',
    });
    await addCooperationMember(fork(), system, {
      cooperationId: team.id,
      recipientId: uhk.id,
      joinedOn: '2019-11-27',
      resolutions: [
        { body: 'Kreistag Unstrut-Hainich-Kreis', number: 'KT/065-03/19', adoptedOn: '2019-11-27', subject: 'Zweckvereinbarung' },
      ],
    });
    const joining = await addCooperationMember(fork(), system, {
      cooperationId: team.id,
      recipientId: wartburg.id,
      joinedOn: '2020-06-24',
      resolutions: [
        {
          body: 'Kreistag Unstrut-Hainich-Kreis',
          number: 'KT/103/2020',
          adoptedOn: '2020-06-24',
          subject: '1. Änderung der Zweckvereinbarung',
        },
      ],
    });

    const before = await membershipsOf(fork(), system, team.id, '2020-06-23');
    const after = await membershipsOf(fork(), system, team.id, '2020-06-24');
    expect(before.map((membership) => membership.isLead)).toEqual([true, false]);
    expect(after).toHaveLength(3);
    const resolutions = await fork().find(CooperationResolution, { membership: joining.id });
    expect(resolutions.map((resolution) => `${resolution.number} ${resolution.adoptedOn}`)).toEqual(['KT/103/2020 2020-06-24']);

    const members = await listRecipients(fork(), system, { cooperationId: team.id }, { first: 10 });
    expect(members.totalCount).toBe(3);
  });

  it('refuses a member twice at once, and leaving before joining', async () => {
    const team = await createCooperation(fork(), system, { name: 'DMS', agreement: 'Kooperationsvereinbarung' });
    const gotha = await district(fork(), 'Landkreis Gotha');
    const membership = await addCooperationMember(fork(), system, {
      cooperationId: team.id,
      recipientId: gotha.id,
      joinedOn: '2020-10-01',
    });
    await expect(
      addCooperationMember(fork(), system, { cooperationId: team.id, recipientId: gotha.id, joinedOn: '2021-01-01' }),
    ).rejects.toMatchObject({
      reason: 'DUPLICATE_RECORD',
      message: 'Landkreis Gotha ist am 01.01.2021 bereits Mitglied der Zweckvereinbarung DMS.',
    });
    await expect(
      updateCooperationMembership(fork(), system, membership.id, membership.version, { leftOn: '2020-09-30' }),
    ).rejects.toMatchObject({
      reason: 'DATE_OUT_OF_ORDER',
      message:
        'Der Austritt am 30.09.2020 liegt vor dem Beitritt am 01.10.2020; ein Mitglied kann frühestens am Tag seines Beitritts austreten.',
    });
    const left = await updateCooperationMembership(fork(), system, membership.id, membership.version, { leftOn: '2022-12-31' });
    expect(left.leftOn).toBe('2022-12-31');
    expect(await membershipsOf(fork(), system, team.id, '2023-01-01')).toHaveLength(0);
  });

  it('keeps projects of a cooperation to its members', async () => {
    const team = await createCooperation(fork(), system, { name: 'Wohnungsbauförderung', agreement: 'Kooperationsvereinbarung' });
    const outsider = await district(fork(), 'Saale-Orla-Kreis');
    await expect(
      createProject(fork(), system, { recipientId: outsider.id, cooperationId: team.id, title: 'Software' }),
    ).rejects.toMatchObject({
      reason: 'NOT_MEMBER',
      field: 'cooperationId',
      message: 'Saale-Orla-Kreis ist nicht Mitglied der Zweckvereinbarung Wohnungsbauförderung.',
    });
  });
});

describe('grant application (Förderantrag)', () => {
  it('keeps the financing plan and replaces it as a whole', async () => {
    const program = await programme(fork());
    const recipient = await district(fork(), 'Landkreis Altenburger Land');
    const project = await projectOf(fork(), recipient.id, 'Dokumentenmanagementsystem');
    const application = await createGrantApplication(fork(), system, {
      fundingProgramId: program.id,
      projectId: project.id,
      requestedAmount: d('575000.00'),
      financingType: 'SHARE',
      status: 'SUBMITTED',
      submittedOn: '2020-11-30',
      lines: [
        { category: 'SOFTWARE', planned: d('480000.00') },
        { category: 'CONSULTING', planned: d('150000.00') },
        { category: 'TRAINING', planned: d('60000.00') },
        { category: 'HARDWARE', planned: d('28750.00') },
      ],
    });
    // 480,000 + 150,000 + 60,000 + 28,750 = 718,750.00, of which 80 % is 575,000.00.
    expect(plannedTotal(application).toFixed(2)).toBe('718750.00');
    const updated = await updateGrantApplication(fork(), system, application.id, application.version, {
      lines: [{ category: 'SOFTWARE', planned: d('700000.00') }],
    });
    expect(plannedTotal(updated).toFixed(2)).toBe('700000.00');
    expect(await fork().count(ApplicationLine, { application: application.id })).toBe(1);
    await expect(
      updateGrantApplication(fork(), system, application.id, updated.version, {
        lines: [
          { category: 'SOFTWARE', planned: d('1.00') },
          { category: 'SOFTWARE', planned: d('2.00') },
        ],
      }),
    ).rejects.toMatchObject({
      reason: 'DUPLICATE_RECORD',
      field: 'lines.1.category',
      message: 'Die Kostenkategorie „Software“ steht mehrfach im Finanzierungsplan.',
    });
  });
});

// Staff costs (Rule 7) on a real database: the three methods with figures worked out by hand, the monthly
// limit of 1 over all grants, reversals, scope, and who sees the personal data over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainInputError } from '../../src/domain/errors.js';
import { GrantNotice, StaffAllocation, StaffAllocationReversal } from '../../src/entities/index.js';
import { Access, type Actor } from '../../src/services/access.js';
import { ForbiddenError, NotFoundError } from '../../src/services/errors.js';
import { createGrantNotice } from '../../src/services/notices.js';
import type { Em } from '../../src/services/records.js';
import {
  allocateStaff,
  createEmployee,
  getEmployee,
  listEmployees,
  listStaffAllocations,
  listStaffCostRates,
  reverseStaffAllocation,
  setStaffCostRate,
  updateEmployee,
  type StaffAllocationInput,
} from '../../src/services/staff.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { openTestOrm, type TestOrm } from '../support/database.js';
import { d, district, programme, projectOf, uniqueReference } from '../support/factories.js';

const system = Access.system();

let db: TestOrm;
let em: Em;
let programId: string;
let programCode: string;
let employerId: string;
let employerAgs: string;
let otherRecipientId: string;
/** Two grants of the employer and one of another district. */
let grantA: string;
let grantB: string;
let foreignGrant: string;

async function noticeFor(recipientId: string, period = { start: '2020-06-01', end: '2021-12-31' }): Promise<string> {
  const project = await projectOf(em, recipientId);
  const notice = await createGrantNotice(em, system, {
    reference: uniqueReference(),
    noticeDate: '2020-06-02',
    fundingProgramId: programId,
    projectId: project.id,
    financingType: 'SHARE',
    rate: d('0.8'),
    eligibleCosts: d('150000.00'),
    approvedAmount: d('120000.00'),
    approvalPeriod: period,
    budgetLines: [
      { category: 'STAFF', planned: d('120000.00') },
      { category: 'SOFTWARE', planned: d('30000.00') },
    ],
  });
  return notice.id;
}

async function employee(name = 'Anna Schmidt', payGroup = 'TVöD E 11') {
  return createEmployee(em, system, { employerId, name, payGroup });
}

async function referenceOf(noticeId: string): Promise<string> {
  return (await db.orm.em.fork().findOneOrFail(GrantNotice, noticeId)).reference;
}

async function refusal(work: Promise<unknown>): Promise<DomainInputError> {
  const error = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainInputError);
  return error as DomainInputError;
}

/** Sum of an employee's non-reversed shares in a month, straight from the database. */
async function storedShares(employeeId: string, month: string): Promise<string> {
  const [row] = await db.orm.em.fork().execute<{ total: string | null }[]>(
    `select sum(a.share)::text as total from staff_allocation a
       left join staff_allocation_reversal r on r.allocation_id = a.id
      where a.employee_id = ? and a.month = ? and r.id is null`,
    [employeeId, month],
  );
  return row?.total ?? '0';
}

function actual(employeeId: string, overrides: Partial<StaffAllocationInput> = {}): StaffAllocationInput {
  return {
    employeeId,
    grantNoticeId: grantA,
    from: '2020-10-01',
    to: '2020-10-31',
    method: 'ACTUAL',
    share: d('0.6'),
    employerCost: d('4500.00'),
    ...overrides,
  };
}

beforeAll(async () => {
  db = await openTestOrm();
  em = db.orm.em.fork();
  const program = await programme(em, { 2020: '20000000.00' });
  programId = program.id;
  programCode = program.code;
  const employer = await district(em, 'Kyffhäuserkreis');
  employerId = employer.id;
  employerAgs = employer.ags;
  otherRecipientId = (await district(em, 'Unstrut-Hainich-Kreis')).id;
  grantA = await noticeFor(employerId);
  grantB = await noticeFor(employerId);
  foreignGrant = await noticeFor(otherRecipientId);
});

afterAll(async () => {
  await db.close();
});

beforeEach(() => {
  em = db.orm.em.fork();
});

describe('monthly staff costs by method', () => {
  it('charges 4,500.00 × 0.6 = 2,700.00 for each of three months, 8,100.00 in all', async () => {
    const person = await employee();
    const allocations = await allocateStaff(em, system, actual(person.id, { from: '2020-07-15', to: '2020-09-03' }));
    expect(allocations.map((allocation) => `${allocation.month} ${allocation.amount.toFixed(2)}`)).toEqual([
      '2020-07-01 2700.00',
      '2020-08-01 2700.00',
      '2020-09-01 2700.00',
    ]);
    const [row] = await db.orm.em
      .fork()
      .execute<{ total: string }[]>(`select sum(amount)::text as total from staff_allocation where employee_id = ?`, [person.id]);
    expect(row?.total).toBe('8100.00');
    const reread = await db.orm.em.fork().findOneOrFail(StaffAllocation, allocations[0]!.id);
    expect(reread).toMatchObject({ method: 'ACTUAL', month: '2020-07-01' });
    expect(reread.share.toFixed(4)).toBe('0.6000');
    expect(reread.employerCost?.toFixed(2)).toBe('4500.00');
    expect(reread.notice.id).toBe(grantA);
    expect(reread.recipient.id).toBe(employerId);
  });

  it('charges 64 of 160 hours of 4,500.00 as 1,800.00 with the share 0.4', async () => {
    const person = await employee();
    const [allocation] = await allocateStaff(em, system, {
      employeeId: person.id,
      grantNoticeId: grantA,
      from: '2020-11-01',
      to: '2020-11-30',
      method: 'HOURS',
      projectHours: d('64'),
      workingHours: d('160'),
      employerCost: d('4500.00'),
    });
    expect(allocation!.amount.toFixed(2)).toBe('1800.00');
    expect(allocation!.share.toFixed(4)).toBe('0.4000');
    expect(allocation!.projectHours?.toFixed(2)).toBe('64.00');
  });

  it('charges a third of the hours at full precision: 4,500.00 × 1/3 = 1,500.00, shown with the share 0.3333', async () => {
    const person = await employee();
    const [allocation] = await allocateStaff(em, system, {
      employeeId: person.id,
      grantNoticeId: grantA,
      from: '2020-11-01',
      to: '2020-11-01',
      method: 'HOURS',
      projectHours: d('53.33'),
      workingHours: d('159.99'),
      employerCost: d('4500.00'),
    });
    expect(allocation!.amount.toFixed(2)).toBe('1500.00');
    expect(allocation!.share.toFixed(4)).toBe('0.3333');
  });

  it('charges the flat rate 68,400.00 ÷ 12 × 0.5 = 2,850.00 and keeps the rate applied', async () => {
    await setStaffCostRate(em, system, { fundingProgramId: programId, payGroup: 'TVöD E 11', year: 2020, annualRate: d('68400.00') });
    const person = await employee();
    const [allocation] = await allocateStaff(em, system, {
      employeeId: person.id,
      grantNoticeId: grantA,
      from: '2020-12-01',
      to: '2020-12-31',
      method: 'FLAT_RATE',
      share: d('0.5'),
    });
    expect(allocation!.amount.toFixed(2)).toBe('2850.00');
    expect(allocation!.annualRate?.toFixed(2)).toBe('68400.00');
    expect(allocation!.employerCost).toBeNull();

    // A new rate for the year replaces the old one for later allocations only.
    const changed = await setStaffCostRate(em, system, {
      fundingProgramId: programId,
      payGroup: 'TVöD E 11',
      year: 2020,
      annualRate: d('69600.00'),
    });
    expect(changed.version).toBe(2);
    const rates = await listStaffCostRates(db.orm.em.fork(), programId);
    expect(rates.map((rate) => `${rate.payGroup} ${rate.year} ${rate.annualRate.toFixed(2)}`)).toEqual(['TVöD E 11 2020 69600.00']);
    const reread = await db.orm.em.fork().findOneOrFail(StaffAllocation, allocation!.id);
    expect(reread.amount.toFixed(2)).toBe('2850.00');
  });

  it('refuses the flat rate for a year without a rate for the pay group, naming both', async () => {
    const person = await employee('Bernd Weber', 'TVöD E 9b');
    const error = await refusal(
      allocateStaff(em, system, {
        employeeId: person.id,
        grantNoticeId: grantA,
        from: '2021-01-01',
        to: '2021-01-31',
        method: 'FLAT_RATE',
        share: d('0.5'),
      }),
    );
    expect(error).toMatchObject({
      reason: 'FLAT_RATE_MISSING',
      field: 'method',
      message:
        `Das Förderprogramm ${programCode} hat für die Entgeltgruppe TVöD E 9b keinen Personalkostensatz für 2021; ` +
        'die Administration muss ihn zuerst erfassen.',
      details: { payGroup: 'TVöD E 9b', years: '2021' },
    });
    expect(await db.orm.em.fork().count(StaffAllocation, { employee: person.id })).toBe(0);
  });

  it('refuses inputs that the method does not use', async () => {
    const person = await employee();
    const error = await refusal(allocateStaff(em, system, actual(person.id, { projectHours: d('10') })));
    expect(error).toMatchObject({
      reason: 'FIELD_NOT_USED',
      field: 'projectHours',
      message: 'Bei der Abrechnung nach tatsächlichen Kosten werden Projektstunden nicht verwendet; bitte das Feld leer lassen.',
    });
    const hours = await refusal(
      allocateStaff(em, system, { ...actual(person.id), method: 'HOURS', projectHours: d('10'), workingHours: d('100') }),
    );
    expect(hours).toMatchObject({
      reason: 'FIELD_NOT_USED',
      field: 'share',
      message:
        'Bei der Abrechnung nach Stunden ergibt sich der Projektanteil aus Projektstunden durch Arbeitsstunden; bitte keinen Anteil angeben.',
    });
    const flat = await refusal(allocateStaff(em, system, { ...actual(person.id), method: 'FLAT_RATE' }));
    expect(flat).toMatchObject({
      reason: 'FIELD_NOT_USED',
      field: 'employerCost',
      message: 'Bei der Abrechnung nach Personalkostensatz wird das Arbeitgeberbrutto nicht verwendet; bitte das Feld leer lassen.',
    });
  });
});

describe('one employee’s shares in a month over all grants (no double funding)', () => {
  it('refuses 0.5 on another grant after 0.6 in the same month and writes nothing', async () => {
    const person = await employee('Carla Hoffmann');
    await allocateStaff(em, system, actual(person.id, { share: d('0.6') }));
    const before = await db.orm.em.fork().count(StaffAllocation, {});
    const error = await refusal(allocateStaff(em, system, actual(person.id, { grantNoticeId: grantB, share: d('0.5') })));
    expect(error.field).toBe('share');
    expect(error.message).toContain('10/2020');
    expect(error.message).toContain('110 %');
    expect(error.details).toMatchObject({ month: '2020-10', existing: '0.6', additional: '0.5', total: '1.1' });
    expect(await db.orm.em.fork().count(StaffAllocation, {})).toBe(before);
    expect(await storedShares(person.id, '2020-10-01')).toBe('0.6000');
  });

  it('accepts 0.6 + 0.4 = 1 and refuses a range if only one of its months is full', async () => {
    const person = await employee();
    await allocateStaff(em, system, actual(person.id, { share: d('0.6') }));
    await allocateStaff(em, system, actual(person.id, { grantNoticeId: grantB, share: d('0.4') }));
    expect(await storedShares(person.id, '2020-10-01')).toBe('1.0000');

    const before = await db.orm.em.fork().count(StaffAllocation, { employee: person.id });
    const error = await refusal(allocateStaff(em, system, actual(person.id, { from: '2020-09-01', to: '2020-11-30', share: d('0.1') })));
    expect(error.details?.month).toBe('2020-10');
    expect(await db.orm.em.fork().count(StaffAllocation, { employee: person.id })).toBe(before);
  });

  it('frees the share again when an allocation is reversed, and reverses only once', async () => {
    const person = await employee();
    const [first] = await allocateStaff(em, system, actual(person.id, { share: d('0.6') }));
    await refusal(allocateStaff(em, system, actual(person.id, { grantNoticeId: grantB, share: d('0.5') })));

    const reversal = await reverseStaffAllocation(em, system, first!.id, { reason: 'Falscher Anteil', reversedOn: '2020-11-05' });
    expect(reversal.reversedOn).toBe('2020-11-05');
    const [second] = await allocateStaff(em, system, actual(person.id, { grantNoticeId: grantB, share: d('0.5') }));
    expect(second!.amount.toFixed(2)).toBe('2250.00');
    expect(await storedShares(person.id, '2020-10-01')).toBe('0.5000');

    expect(await refusal(reverseStaffAllocation(em, system, first!.id, { reason: 'Nochmals', reversedOn: '2020-11-06' }))).toMatchObject({
      reason: 'ALREADY_REVERSED',
      field: 'id',
      message: 'Die Personalkostenzuordnung für 10/2020 ist bereits storniert.',
    });
    expect(await db.orm.em.fork().count(StaffAllocationReversal, { allocation: first!.id })).toBe(1);
  });
});

describe('what an allocation may be charged to', () => {
  it('refuses a grant of another recipient than the employer', async () => {
    const person = await employee();
    const error = await refusal(allocateStaff(em, system, actual(person.id, { grantNoticeId: foreignGrant })));
    expect(error).toMatchObject({
      reason: 'NOT_EMPLOYER',
      field: 'grantNoticeId',
      message:
        'Personalausgaben können nur auf einen Zuwendungsbescheid des Arbeitgebers gebucht werden; der Zuwendungsbescheid ' +
        `${await referenceOf(foreignGrant)} gehört zu Unstrut-Hainich-Kreis.`,
    });
  });

  it('refuses months wholly outside the approval period, naming them and the period', async () => {
    const person = await employee();
    const error = await refusal(allocateStaff(em, system, actual(person.id, { from: '2020-04-01', to: '2020-06-30' })));
    expect(error).toMatchObject({
      reason: 'MONTH_OUTSIDE_PERIOD',
      field: 'from',
      message:
        'Die Monate 04/2020, 05/2020 liegen außerhalb des Bewilligungszeitraums des Zuwendungsbescheids ' +
        `${await referenceOf(grantA)} (01.06.2020 bis 31.12.2021).`,
    });
    // A month that overlaps the period in part is accepted.
    const late = await noticeFor(employerId, { start: '2020-06-15', end: '2020-12-31' });
    const [june] = await allocateStaff(em, system, actual(person.id, { grantNoticeId: late, from: '2020-06-01', to: '2020-06-30' }));
    expect(june!.month).toBe('2020-06-01');
  });
});

describe('scope', () => {
  const actor = (role: Actor['role'], recipientAgs: string[] = []): Actor => ({
    subject: `test-${role}`,
    name: role,
    role,
    recipientAgs,
    cooperationId: null,
  });

  it('lets the employer’s finance officer record and edit employees and allocate; others get NOT_FOUND or FORBIDDEN', async () => {
    const own = await Access.resolve(em, actor('FINANCE_OFFICER', [employerAgs]));
    const stranger = await Access.resolve(em, actor('FINANCE_OFFICER', ['16999']));
    const admin = await Access.resolve(em, actor('ADMIN'));

    const person = await createEmployee(em, own, { employerId, name: 'Dieter Fischer', payGroup: 'TVöD E 10' });
    const renamed = await updateEmployee(em, own, person.id, person.version, { payGroup: 'TVöD E 11' });
    expect(renamed.payGroup).toBe('TVöD E 11');
    await allocateStaff(em, own, actual(person.id, { from: '2021-02-01', to: '2021-02-28', share: d('0.2') }));

    await expect(createEmployee(em, stranger, { employerId, name: 'X', payGroup: 'E 9' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getEmployee(em, stranger, person.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(allocateStaff(em, stranger, actual(person.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(allocateStaff(em, admin, actual(person.id))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      setStaffCostRate(em, own, { fundingProgramId: programId, payGroup: 'TVöD E 10', year: 2021, annualRate: d('60000.00') }),
    ).rejects.toBeInstanceOf(ForbiddenError);

    expect((await listEmployees(em, stranger, { employerId }, {})).totalCount).toBe(0);
    expect((await listEmployees(em, own, { employerId }, { first: 100 })).edges.map((edge) => edge.node.id)).toContain(person.id);
    const february = await listStaffAllocations(em, own, { employeeId: person.id, month: '2021-02-17' }, {});
    expect(february.edges.map((edge) => edge.node.amount.toFixed(2))).toEqual(['900.00']);
    expect((await listStaffAllocations(em, stranger, { employeeId: person.id }, {})).totalCount).toBe(0);
  });
});

describe('personal data over the API (Rule 7)', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  let employeeId = '';

  async function must<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
    const response = await api.gql<T>(query, variables, token);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data as T;
  }

  beforeAll(async () => {
    api = await startTestApi();
    const admin = await api.token({ role: 'ADMIN' });
    const program = await must<{ createFundingProgram: { id: string } }>(
      'mutation ($input: FundingProgramInput!) { createFundingProgram(input: $input) { id } }',
      {
        input: {
          code: 'EGOV-PD',
          name: 'E-Government',
          grantingAuthority: 'TFM',
          legalBasis: 'ThürLHO',
          maxRate: '0.8',
          eligibleCategories: ['STAFF'],
        },
      },
      admin,
    );
    await must(
      'mutation ($id: ID!) { setProgramBudget(fundingProgramId: $id, year: 2020, amount: "1000000.00") { year } }',
      { id: program.createFundingProgram.id },
      admin,
    );
    const recipient = async (name: string, ags: string) =>
      (
        await must<{ createRecipient: { id: string } }>(
          'mutation ($input: RecipientInput!) { createRecipient(input: $input) { id } }',
          { input: { name, kind: 'DISTRICT', ags } },
          admin,
        )
      ).createRecipient.id;
    const kyf = await recipient('Kyffhäuserkreis', '16065');
    await recipient('Wartburgkreis', '16063');
    const team = await must<{ createCooperation: { id: string } }>(
      'mutation { createCooperation(input: { name: "Serviceteam", agreement: "Zweckvereinbarung" }) { id } }',
      {},
      admin,
    );
    await must(
      'mutation ($input: MembershipInput!) { addCooperationMember(input: $input) { id } }',
      { input: { cooperationId: team.createCooperation.id, recipientId: kyf, isLead: true, joinedOn: '2020-01-01' } },
      admin,
    );

    tokens.officer = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065'], subject: 'kyf' });
    tokens.otherOfficer = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16063'], subject: 'wak' });
    tokens.auditor = await api.token({ role: 'AUDITOR' });
    tokens.admin = admin;
    tokens.lead = await api.token({ role: 'TEAM_LEAD', cooperation: team.createCooperation.id, subject: 'lead' });

    const project = await must<{ createProject: { id: string } }>(
      'mutation ($input: ProjectInput!) { createProject(input: $input) { id } }',
      { input: { recipientId: kyf, title: 'E-Government-Serviceteam' } },
      tokens.officer,
    );
    const notice = await must<{ createGrantNotice: { id: string } }>(
      'mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id } }',
      {
        input: {
          reference: 'TFM-EGOV-PD-1',
          noticeDate: '2020-06-02',
          fundingProgramId: program.createFundingProgram.id,
          projectId: project.createProject.id,
          financingType: 'SHARE',
          rate: '0.8',
          eligibleCosts: '100000.00',
          approvedAmount: '80000.00',
          approvalPeriod: { start: '2020-06-01', end: '2021-12-31' },
          budgetLines: [{ category: 'STAFF', planned: '100000.00' }],
        },
      },
      tokens.officer,
    );
    const created = await must<{ createEmployee: { id: string } }>(
      'mutation { createEmployee(input: { employerId: "' + kyf + '", name: "Anna Schmidt", payGroup: "TVöD E 11" }) { id } }',
      {},
      tokens.officer,
    );
    employeeId = created.createEmployee.id;
    await must(
      'mutation ($input: StaffAllocationInput!) { allocateStaff(input: $input) { id amount } }',
      {
        input: {
          employeeId,
          grantNoticeId: notice.createGrantNotice.id,
          from: '2020-07-01',
          to: '2020-07-31',
          method: 'ACTUAL',
          share: '0.6',
          employerCost: '4500.00',
        },
      },
      tokens.officer,
    );
  });

  afterAll(async () => {
    await api?.stop();
  });

  const query = `query ($id: ID!) {
    employee(id: $id) { id name payGroup employer { ags } }
    staffAllocations(filter: { employeeId: $id }) { edges { node { month amount share employerCost employee { name } grantNotice { reference approvedAmount } } } }
  }`;

  it.each([
    ['the employer’s finance officer', 'officer'],
    ['an auditor', 'auditor'],
  ])('shows %s the name, pay group and the figures behind the amount', async (_label, who) => {
    const data = await must<Record<string, unknown>>(query, { id: employeeId }, tokens[who]!);
    expect(data).toEqual({
      employee: { id: employeeId, name: 'Anna Schmidt', payGroup: 'TVöD E 11', employer: { ags: '16065' } },
      staffAllocations: {
        edges: [
          {
            node: {
              month: '2020-07-01',
              amount: '2700.00',
              share: '0.6000',
              employerCost: '4500.00',
              employee: { name: 'Anna Schmidt' },
              grantNotice: { reference: 'TFM-EGOV-PD-1', approvedAmount: '80000.00' },
            },
          },
        ],
      },
    });
  });

  it.each([
    ['an administrator', 'admin'],
    ['the team lead', 'lead'],
  ])('shows %s only the amount, with every personal figure null', async (_label, who) => {
    const data = await must<Record<string, unknown>>(query, { id: employeeId }, tokens[who]!);
    expect(data).toEqual({
      employee: { id: employeeId, name: null, payGroup: null, employer: { ags: '16065' } },
      staffAllocations: {
        edges: [
          {
            node: {
              month: '2020-07-01',
              amount: '2700.00',
              share: null,
              employerCost: null,
              employee: { name: null },
              grantNotice: { reference: 'TFM-EGOV-PD-1', approvedAmount: '80000.00' },
            },
          },
        ],
      },
    });
  });

  it('shows the Storno on the allocation once it is reversed', async () => {
    const list = `query ($id: ID!) { staffAllocations(filter: { employeeId: $id }) { edges { node { id reversal { reversedOn reason } } } } }`;
    const before = await must<{ staffAllocations: { edges: { node: { id: string; reversal: unknown } }[] } }>(
      list,
      { id: employeeId },
      tokens.officer!,
    );
    const [edge] = before.staffAllocations.edges;
    expect(edge?.node.reversal).toBeNull();
    await must(
      'mutation ($id: ID!) { reverseStaffAllocation(id: $id, input: { reason: "Falscher Anteil", reversedOn: "2020-08-03" }) { id } }',
      { id: edge!.node.id },
      tokens.officer!,
    );
    const after = await must<Record<string, unknown>>(list, { id: employeeId }, tokens.lead!);
    expect(after).toEqual({
      staffAllocations: { edges: [{ node: { id: edge!.node.id, reversal: { reversedOn: '2020-08-03', reason: 'Falscher Anteil' } } }] },
    });
  });

  it('does not let a finance officer of another district find the employee at all', async () => {
    const response = await api.gql(query, { id: employeeId }, tokens.otherOfficer!);
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(response)).not.toContain('Anna Schmidt');
  });
});

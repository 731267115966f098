// Probeläufe over HTTP: a mutation with `dryRun: true` runs every rule check and answers what it would
// write, with its warnings, and afterwards every table holds exactly the rows it held before: no
// record, no audit event, and the hash chain of the audit trail still verifies up to the same event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Access } from '../../src/services/access.js';
import { addCooperationMember, createCooperation } from '../../src/services/cooperations.js';
import { recordExpenditure } from '../../src/services/expenditures.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { createRecipient } from '../../src/services/recipients.js';
import { recordSharedInvoice } from '../../src/services/shared-invoices.js';
import { allocateStaff, createEmployee } from '../../src/services/staff.js';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/api.js';
import { d, district, programme, projectOf, uniqueReference } from '../support/factories.js';

const system = Access.system();
let api: TestApi;
let officer: string;
let auditor: string;
let programId: string;
let projectId: string;
let noticeId: string;
let receiptId: string;
let recipientId: string;
let foreignCooperationId: string;

type Errors = NonNullable<GraphQLResponse['errors']>;

beforeAll(async () => {
  api = await startTestApi();
  const em = api.service.orm.em.fork();
  const program = await programme(em);
  const recipient = await district(em, 'Landkreis Sömmerda');
  const project = await projectOf(em, recipient.id);
  programId = program.id;
  projectId = project.id;
  recipientId = recipient.id;
  // A cooperation the Landkreis Sömmerda is no member of.
  foreignCooperationId = (
    await createCooperation(em, system, { name: 'Zweckvereinbarung Südthüringen', agreement: 'Vereinbarung vom 01.01.2020' })
  ).id;
  // 120,000.00 € approved of 150,000.00 €; one receipt RE-1 of 30,000.00 € paid on 01.07.2020.
  const notice = await createGrantNotice(em, system, {
    reference: uniqueReference(),
    noticeDate: '2020-06-01',
    fundingProgramId: program.id,
    projectId: project.id,
    financingType: 'SHARE',
    rate: d('0.8'),
    eligibleCosts: d('150000.00'),
    approvedAmount: d('120000.00'),
    approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
    budgetLines: [{ category: 'SOFTWARE', planned: d('150000.00') }],
  });
  noticeId = notice.id;
  receiptId = (
    await recordExpenditure(api.service.orm.em.fork(), system, noticeId, {
      receiptNumber: 'RE-1',
      invoiceDate: '2020-06-20',
      paymentDate: '2020-07-01',
      payee: 'Kommunale IT GmbH',
      purpose: 'Fachverfahren',
      category: 'SOFTWARE',
      amount: d('30000.00'),
    })
  ).id;
  officer = await api.token({ role: 'FINANCE_OFFICER', name: 'Finanzen Sömmerda', recipients: [recipient.ags] });
  auditor = await api.token({ role: 'AUDITOR', name: 'Rechnungsprüfung' });
});

afterAll(() => api?.stop());

/** The rows of every table of the register, by table name. */
async function rowCounts(): Promise<Record<string, number>> {
  const connection = api.service.orm.em.fork().getConnection();
  const tables = await connection.execute<{ table_name: string }[]>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = await connection.execute<{ count: number }[]>(`select count(*)::int as count from "${table}"`);
    counts[table] = row!.count;
  }
  return counts;
}

async function verification() {
  const answer = await api.gql<{ auditTrailVerification: { verifiedEvents: number; firstBrokenEvent: null | { id: string } } }>(
    '{ auditTrailVerification { verifiedEvents firstBrokenEvent { id } lastVerifiedHash } }',
    undefined,
    auditor,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.auditTrailVerification;
}

/** Runs `work` and expects every table, the audit trail and its chain to be as before. */
async function leavesNothingBehind<T>(work: () => Promise<T>): Promise<T> {
  const [counts, chain] = [await rowCounts(), await verification()];
  expect(counts['audit_event']).toBeGreaterThan(0);
  const result = await work();
  expect(await rowCounts()).toEqual(counts);
  expect(await verification()).toEqual(chain);
  return result;
}

const NOTICE = `mutation ($input: GrantNoticeInput!, $dryRun: Boolean) {
  createGrantNotice(input: $input, dryRun: $dryRun) {
    id reference approvedAmount ownFunds ownFundsIsRemainder eligibleCosts budgetLines { category planned }
    budgetCheck { plannedTotal actualTotal }
  }
}`;

/** A share-financed notice of 50,000.00 € eligible costs in two lines; the cap is 80 % × 50,000.00 = 40,000.00 €. */
function noticeInput(approvedAmount: string, reference = uniqueReference()) {
  return {
    reference,
    noticeDate: '2020-08-01',
    fundingProgramId: programId,
    projectId,
    financingType: 'SHARE',
    rate: '0.8',
    eligibleCosts: '50000.00',
    approvedAmount,
    approvalPeriod: { start: '2020-08-01', end: '2021-07-31' },
    budgetLines: [
      { category: 'SOFTWARE', planned: '40000.00' },
      { category: 'TRAINING', planned: '10000.00' },
    ],
  };
}

describe('createGrantNotice with dryRun', () => {
  it('answers the refusal of the cap with its reason, field and figures, and writes nothing', async () => {
    const answer = await leavesNothingBehind(() => api.gql(NOTICE, { input: noticeInput('42000.00'), dryRun: true }, officer));
    expect(answer.data).toBeNull();
    const [error] = answer.errors as Errors;
    // 42,000.00 € > 0.8 × 50,000.00 € = 40,000.00 €; the effective rate 42,000 / 50,000 = 84 % is above the maximum of 80 %.
    expect(error!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'APPROVED_ABOVE_CAP',
      field: 'approvedAmount',
      figures: {
        approvedAmount: '42000.00',
        cap: '40000.00',
        effectiveRate: '0.8400',
        rate: '0.8000',
        eligibleCosts: '50000.00',
        maxRate: '0.8000',
        maxAmount: '40000.00',
      },
    });
    expect(error!.message).toMatch(
      /^Der bewilligte Betrag von 42\.000,00 € übersteigt die Obergrenze von 40\.000,00 € bei Anteilfinanzierung \(80 % von 50\.000,00 €\)\./,
    );
  });

  it('answers the notice that would be written, with the own funds worked out, and writes nothing', async () => {
    const reference = uniqueReference();
    const answer = await leavesNothingBehind(() =>
      api.gql<{ createGrantNotice: Record<string, unknown> & { id: string } }>(
        NOTICE,
        { input: noticeInput('40000.00', reference), dryRun: true },
        officer,
      ),
    );
    expect(answer.errors).toBeUndefined();
    // Own funds are the remainder: 50,000.00 − 0.00 third-party funds − 40,000.00 = 10,000.00 €.
    expect(answer.data!.createGrantNotice).toMatchObject({
      reference,
      approvedAmount: '40000.00',
      ownFunds: '10000.00',
      ownFundsIsRemainder: true,
      eligibleCosts: '50000.00',
      budgetLines: [
        { category: 'SOFTWARE', planned: '40000.00' },
        { category: 'TRAINING', planned: '10000.00' },
      ],
      budgetCheck: { plannedTotal: '50000.00', actualTotal: '0.00' },
    });
    const after = await api.gql(`{ grantNotice(id: "${answer.data!.createGrantNotice.id}") { id } }`, undefined, officer);
    expect(after.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // Without dryRun the same input is written: one notice, one version, two lines and their audit events more.
    const before = await rowCounts();
    const written = await api.gql(NOTICE, { input: noticeInput('40000.00', reference) }, officer);
    expect(written.errors).toBeUndefined();
    const counts = await rowCounts();
    expect([counts['grant_notice']! - before['grant_notice']!, counts['budget_line']! - before['budget_line']!]).toEqual([1, 2]);
    expect(counts['audit_event']).toBe(before['audit_event']! + 4);
    expect((await verification()).firstBrokenEvent).toBeNull();
  });
});

describe('receipts with dryRun', () => {
  const RECORD = `mutation ($input: ExpenditureInput!) {
    recordExpenditure(grantNoticeId: "${'$NOTICE'}", input: $input, dryRun: true) {
      receiptNumber amount warnings { reason field figures }
    }
  }`;

  it('answers the receipt with its warnings (a receipt number the notice has already) and writes nothing', async () => {
    const answer = await leavesNothingBehind(() =>
      api.gql<{ recordExpenditure: { receiptNumber: string; amount: string; warnings: { reason: string; field: string }[] } }>(
        RECORD.replace('$NOTICE', noticeId),
        {
          input: {
            receiptNumber: 'RE-1',
            invoiceDate: '2020-07-20',
            paymentDate: '2020-08-01',
            payee: 'Schulungen Erfurt',
            purpose: 'Schulung',
            category: 'SOFTWARE',
            amount: '1234.56',
          },
        },
        officer,
      ),
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.recordExpenditure).toMatchObject({ receiptNumber: 'RE-1', amount: '1234.56' });
    expect(answer.data!.recordExpenditure.warnings.map((warning) => [warning.reason, warning.field])).toEqual([
      ['RECEIPT_NUMBER_REPEATED', 'receiptNumber'],
    ]);
  });

  it('answers the Storno that would be booked and leaves the receipt unreversed', async () => {
    const REVERSE = `mutation { reverseExpenditure(id: "${receiptId}", input: { reason: "Doppelt erfasst", reversedOn: "2020-09-01" }, dryRun: true) {
      id reversal { reason reversedOn } } }`;
    const answer = await leavesNothingBehind(() => api.gql<{ reverseExpenditure: { reversal: unknown } }>(REVERSE, undefined, officer));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.reverseExpenditure.reversal).toEqual({ reason: 'Doppelt erfasst', reversedOn: '2020-09-01' });
    const after = await api.gql<{ expenditure: { reversal: unknown } }>(
      `{ expenditure(id: "${receiptId}") { reversal { id } } }`,
      undefined,
      officer,
    );
    expect(after.data!.expenditure.reversal).toBeNull();
  });
});

describe('Mittelabrufe with dryRun', () => {
  const CREATE = `mutation ($amount: Money!) {
    createDisbursementRequest(input: { grantNoticeId: "${'$NOTICE'}", requestedOn: "2020-09-01", amount: $amount, purpose: "Abschlag" }, dryRun: true) {
      amount status
    }
  }`;

  it('refuses a request above what can still be paid out, with the figures, and writes nothing', async () => {
    const answer = await leavesNothingBehind(() => api.gql(CREATE.replace('$NOTICE', noticeId), { amount: '120000.01' }, officer));
    const [error] = answer.errors as Errors;
    // 120,000.00 € approved, nothing paid or requested: 120,000.01 € is 0.01 € too much.
    expect(error!.extensions).toMatchObject({
      reason: 'DISBURSEMENT_ABOVE_REMAINING',
      field: 'amount',
      figures: { amount: '120000.01', remaining: '120000.00' },
    });
  });

  it('answers the draft that would be written and writes nothing', async () => {
    const answer = await leavesNothingBehind(() =>
      api.gql<{ createDisbursementRequest: unknown }>(CREATE.replace('$NOTICE', noticeId), { amount: '20000.00' }, officer),
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.createDisbursementRequest).toEqual({ amount: '20000.00', status: 'DRAFT' });
  });
});

describe('staff costs with dryRun', () => {
  const CREATE = `mutation ($input: EmployeeInput!, $dryRun: Boolean) {
    createEmployee(input: $input, dryRun: $dryRun) { name payGroup employer { id } }
  }`;
  const ALLOCATE = `mutation ($input: StaffAllocationInput!, $dryRun: Boolean) {
    allocateStaff(input: $input, dryRun: $dryRun) { month method share employerCost amount }
  }`;

  it('answers the employee that would be recorded, refuses an empty name as the write does, and writes nothing', async () => {
    const input = { employerId: recipientId, name: 'Lena Vogt', payGroup: 'TVöD E 11' };
    const answer = await leavesNothingBehind(() => api.gql(CREATE, { input, dryRun: true }, officer));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.createEmployee).toEqual({ name: 'Lena Vogt', payGroup: 'TVöD E 11', employer: { id: recipientId } });

    const empty = { ...input, name: '  ' };
    const dry = await leavesNothingBehind(() => api.gql(CREATE, { input: empty, dryRun: true }, officer));
    const written = await leavesNothingBehind(() => api.gql(CREATE, { input: empty }, officer));
    expect(dry.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(dry.errors).toEqual(written.errors);
  });

  it('refuses a month above 1 over all grants as the write does, with the figures, and answers a fitting share', async () => {
    // 0.6 of 07/2020 to 09/2020 already on the notice; 0.5 more for 09/2020 to 10/2020 makes 1.1 in 09/2020.
    const employee = await createEmployee(api.service.orm.em.fork(), system, {
      employerId: recipientId,
      name: 'Jan Roth',
      payGroup: 'TVöD E 10',
    });
    await allocateStaff(api.service.orm.em.fork(), system, {
      employeeId: employee.id,
      grantNoticeId: noticeId,
      from: '2020-07-01',
      to: '2020-09-30',
      method: 'ACTUAL',
      share: d('0.6'),
      employerCost: d('4500.00'),
    });
    const input = {
      employeeId: employee.id,
      grantNoticeId: noticeId,
      from: '2020-09-01',
      to: '2020-10-31',
      method: 'ACTUAL',
      share: '0.5',
      employerCost: '4500.00',
    };
    const dry = await leavesNothingBehind(() => api.gql(ALLOCATE, { input, dryRun: true }, officer));
    const written = await leavesNothingBehind(() => api.gql(ALLOCATE, { input }, officer));
    expect(dry.errors?.map((error) => error.extensions)).toEqual([
      {
        code: 'BAD_USER_INPUT',
        reason: 'SHARE_ABOVE_ONE',
        field: 'share',
        figures: { month: '2020-09', existing: '0.6', additional: '0.5', total: '1.1' },
      },
    ]);
    expect(dry.errors).toEqual(written.errors);
    expect(dry.errors![0]!.message).toBe(
      'Die Projektanteile von Jan Roth im Monat 09/2020 ergäben zusammen 110 %: bereits 60 % über alle Bescheide zugeordnet, ' +
        'dazu 50 %, das ist mehr als 100 %; kein Monat darf doppelt gefördert werden.',
    );

    // 0.4 fits: 0.6 + 0.4 = 1 in 09/2020; each month 4,500.00 × 0.4 = 1,800.00.
    const fitting = await leavesNothingBehind(() => api.gql(ALLOCATE, { input: { ...input, share: '0.4' }, dryRun: true }, officer));
    expect(fitting.errors).toBeUndefined();
    expect(fitting.data!.allocateStaff).toEqual([
      { month: '2020-09-01', method: 'ACTUAL', share: '0.4000', employerCost: '4500.00', amount: '1800.00' },
      { month: '2020-10-01', method: 'ACTUAL', share: '0.4000', employerCost: '4500.00', amount: '1800.00' },
    ]);
  });
});

describe('a dry run beside a write in one operation', () => {
  it('is refused before anything runs', async () => {
    const MIXED = `mutation ($a: GrantNoticeInput!, $b: GrantNoticeInput!) {
      check: createGrantNotice(input: $a, dryRun: true) { id }
      write: createGrantNotice(input: $b) { id }
    }`;
    const answer = await leavesNothingBehind(() => api.gql(MIXED, { a: noticeInput('40000.00'), b: noticeInput('40000.00') }, officer));
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'DRY_RUN_MIXED' });
  });

  it('runs two dry runs of one operation in one transaction: the second sees the first', async () => {
    // The second notice has the first one's Aktenzeichen, which the first would already have taken.
    const TWO = `mutation ($a: GrantNoticeInput!, $b: GrantNoticeInput!) {
      a: createGrantNotice(input: $a, dryRun: true) { approvedAmount }
      b: createGrantNotice(input: $b, dryRun: true) { approvedAmount }
    }`;
    const reference = uniqueReference();
    const answer = await leavesNothingBehind(() =>
      api.gql(TWO, { a: noticeInput('40000.00', reference), b: noticeInput('39000.00', reference) }, officer),
    );
    // Both fields are non-null, so the refusal of b empties the whole answer.
    expect(answer.data).toBeNull();
    expect(answer.errors?.map((error) => [error.path, error.extensions])).toEqual([
      [['b'], expect.objectContaining({ reason: 'DUPLICATE_RECORD', field: 'reference' })],
    ]);
  });
});

describe('projects and applications with dryRun', () => {
  const PROJECT = `mutation ($input: ProjectInput!, $dryRun: Boolean) {
    createProject(input: $input, dryRun: $dryRun) { id title description cooperation { id } recipient { id } }
  }`;
  const APPLICATION = `mutation ($input: GrantApplicationInput!, $dryRun: Boolean) {
    createGrantApplication(input: $input, dryRun: $dryRun) { id reference requestedAmount status plannedTotal lines { category planned } }
  }`;

  /** An application of 24,000.00 € for a plan of 20,000.00 + 10,000.00 = 30,000.00 €, or with a line twice. */
  function applicationInput(
    lines = [
      { category: 'SOFTWARE', planned: '20000.00' },
      { category: 'TRAINING', planned: '10000.00' },
    ],
  ) {
    return {
      fundingProgramId: programId,
      projectId,
      reference: 'ANT-2020-17',
      submittedOn: '2020-05-04',
      requestedAmount: '24000.00',
      financingType: 'SHARE',
      lines,
    };
  }

  it('answers the project that would be written, and writes nothing', async () => {
    const input = { recipientId, title: 'Digitaler Bauantrag', description: 'Online-Bauantrag nach OZG' };
    const answer = await leavesNothingBehind(() => api.gql<{ createProject: { id: string } }>(PROJECT, { input, dryRun: true }, officer));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.createProject).toMatchObject({
      title: 'Digitaler Bauantrag',
      description: 'Online-Bauantrag nach OZG',
      cooperation: null,
      recipient: { id: recipientId },
    });
    const after = await api.gql(`{ project(id: "${answer.data!.createProject.id}") { id } }`, undefined, officer);
    expect(after.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses a project in a cooperation the recipient is no member of as the write does, and writes nothing', async () => {
    const input = { recipientId, cooperationId: foreignCooperationId, title: 'Gemeinsames Portal' };
    const tried = await leavesNothingBehind(() => api.gql(PROJECT, { input, dryRun: true }, officer));
    const written = await leavesNothingBehind(() => api.gql(PROJECT, { input }, officer));
    expect(tried.errors).toEqual(written.errors);
    expect((tried.errors as Errors)[0]!.extensions).toMatchObject({ reason: 'NOT_MEMBER', field: 'cooperationId' });
    expect((tried.errors as Errors)[0]!.message).toBe(
      'Landkreis Sömmerda ist nicht Mitglied der Zweckvereinbarung Zweckvereinbarung Südthüringen.',
    );
  });

  it('answers the application that would be written with its plan, and writes nothing', async () => {
    const answer = await leavesNothingBehind(() =>
      api.gql<{ createGrantApplication: { id: string } }>(APPLICATION, { input: applicationInput(), dryRun: true }, officer),
    );
    expect(answer.errors).toBeUndefined();
    // 20,000.00 + 10,000.00 = 30,000.00 € planned; a new application is a draft.
    expect(answer.data!.createGrantApplication).toMatchObject({
      reference: 'ANT-2020-17',
      requestedAmount: '24000.00',
      status: 'DRAFT',
      plannedTotal: '30000.00',
      lines: [
        { category: 'SOFTWARE', planned: '20000.00' },
        { category: 'TRAINING', planned: '10000.00' },
      ],
    });
    const after = await api.gql(`{ grantApplication(id: "${answer.data!.createGrantApplication.id}") { id } }`, undefined, officer);
    expect(after.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses a plan with a category twice as the write does, at the line, and writes nothing', async () => {
    const input = applicationInput([
      { category: 'SOFTWARE', planned: '20000.00' },
      { category: 'SOFTWARE', planned: '10000.00' },
    ]);
    const tried = await leavesNothingBehind(() => api.gql(APPLICATION, { input, dryRun: true }, officer));
    const written = await leavesNothingBehind(() => api.gql(APPLICATION, { input }, officer));
    expect(tried.errors).toEqual(written.errors);
    expect((tried.errors as Errors)[0]!.extensions).toMatchObject({ reason: 'DUPLICATE_RECORD', field: 'lines.1.category' });
    expect((tried.errors as Errors)[0]!.message).toBe('Die Kostenkategorie „Software“ steht mehrfach im Finanzierungsplan.');
  });
});

describe('joint purchases with dryRun', () => {
  let lead: string;
  let teamId: string;
  /** The two members' grants: Landkreis Nordwest (100,000 inhabitants) and Landkreis Südost (50,000). */
  const grants: string[] = [];

  beforeAll(async () => {
    const em = api.service.orm.em.fork();
    teamId = (await createCooperation(em, system, { name: 'Serviceteam Probelauf', agreement: 'Zweckvereinbarung vom 01.01.2020' })).id;
    for (const [name, ags, population] of [
      ['Landkreis Nordwest', '16991', 100_000],
      ['Landkreis Südost', '16992', 50_000],
    ] as const) {
      const member = await createRecipient(em, system, { name, kind: 'DISTRICT', ags, population });
      await addCooperationMember(em, system, { cooperationId: teamId, recipientId: member.id, joinedOn: '2020-01-01' });
      const project = await projectOf(em, member.id);
      const notice = await createGrantNotice(em, system, {
        reference: uniqueReference(),
        noticeDate: '2020-06-01',
        fundingProgramId: programId,
        projectId: project.id,
        financingType: 'SHARE',
        rate: d('0.8'),
        eligibleCosts: d('10000.00'),
        approvedAmount: d('8000.00'),
        approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
        budgetLines: [{ category: 'HARDWARE', planned: d('10000.00') }],
      });
      grants.push(notice.id);
    }
    lead = await api.token({ role: 'TEAM_LEAD', name: 'Leitung Probelauf', cooperation: teamId });
  });

  const invoice = (receiptNumber: string, allocationKey = 'POPULATION') => ({
    cooperationId: teamId,
    fundingProgramId: programId,
    category: 'HARDWARE',
    receiptNumber,
    invoiceDate: '2020-07-01',
    paymentDate: '2020-07-15',
    payee: 'Scanner GmbH',
    purpose: 'Dokumentenscanner',
    totalAmount: '1000.00',
    allocationKey,
    members: grants.map((grantNoticeId) => ({ grantNoticeId })),
  });

  it('answers every member’s part as it would be booked, and writes nothing', async () => {
    const RECORD = `mutation ($input: SharedInvoiceInput!) {
      recordSharedInvoice(input: $input, dryRun: true) { receiptNumber totalAmount parts { amount recipient { ags } } }
    }`;
    const answer = await leavesNothingBehind(() =>
      api.gql<{ recordSharedInvoice: { parts: { amount: string; recipient: { ags: string } }[] } }>(
        RECORD,
        { input: invoice('GB-P-1') },
        lead,
      ),
    );
    expect(answer.errors).toBeUndefined();
    // 1,000.00 × 100,000 / 150,000 = 666.666… and × 50,000 / 150,000 = 333.333…: the cent left goes to the larger remainder.
    expect(answer.data!.recordSharedInvoice.parts).toEqual([
      { amount: '666.67', recipient: { ags: '16991' } },
      { amount: '333.33', recipient: { ags: '16992' } },
    ]);
  });

  it('refuses fixed shares that do not add up to 1 as the write does, and writes nothing', async () => {
    const RECORD = `mutation ($input: SharedInvoiceInput!) { recordSharedInvoice(input: $input, dryRun: true) { id } }`;
    const input = {
      ...invoice('GB-P-2', 'FIXED_SHARES'),
      members: grants.map((grantNoticeId) => ({ grantNoticeId, fixedShare: '0.4' })),
    };
    const answer = await leavesNothingBehind(() => api.gql(RECORD, { input }, lead));
    expect(answer.errors?.[0]?.message).toBe('Die festen Anteile ergeben zusammen 80 %; sie müssen zusammen genau 100 % ergeben.');
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SHARES_NOT_ONE', field: 'fixedShare' });
  });

  it('answers the Storno of a whole invoice that would be booked, and leaves it unreversed', async () => {
    const stored = await recordSharedInvoice(api.service.orm.em.fork(), system, {
      ...invoice('GB-P-3'),
      category: 'HARDWARE',
      allocationKey: 'EQUAL',
      totalAmount: d('1000.00'),
      members: grants.map((grantNoticeId) => ({ grantNoticeId })),
    });
    const REVERSE = `mutation { reverseSharedInvoice(id: "${stored.id}", input: { reason: "Falsche Rechnung", reversedOn: "2020-08-01" }, dryRun: true) {
      reason reversedOn } }`;
    const answer = await leavesNothingBehind(() => api.gql<{ reverseSharedInvoice: unknown }>(REVERSE, undefined, lead));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.reverseSharedInvoice).toEqual({ reason: 'Falsche Rechnung', reversedOn: '2020-08-01' });
    const after = await api.gql<{ sharedInvoice: { reversal: unknown } }>(
      `{ sharedInvoice(id: "${stored.id}") { reversal { id } } }`,
      undefined,
      lead,
    );
    expect(after.data!.sharedInvoice.reversal).toBeNull();
  });
});

describe('master data with dryRun', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await api.token({ role: 'ADMIN', name: 'Administration' });
  });

  const BUDGET = `mutation ($year: Int!, $amount: Money!, $dryRun: Boolean) {
    setProgramBudget(fundingProgramId: "${'$PROGRAM'}", year: $year, amount: $amount, dryRun: $dryRun) { year budget committed available }
  }`;

  async function budgetYears(): Promise<{ year: number; budget: string; committed: string }[]> {
    const answer = await api.gql<{ fundingProgram: { budgetYears: { year: number; budget: string; committed: string }[] } }>(
      `{ fundingProgram(id: "${programId}") { budgetYears { year budget committed } } }`,
      undefined,
      admin,
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.fundingProgram.budgetYears;
  }

  it('answers a new budget year with what is committed and left, and stores nothing', async () => {
    const before = await budgetYears();
    const answer = await leavesNothingBehind(() =>
      api.gql(BUDGET.replace('$PROGRAM', programId), { year: 2021, amount: '500000.00', dryRun: true }, admin),
    );
    expect(answer.errors).toBeUndefined();
    // No notice commits 2021: all of the 500,000.00 € is still available.
    expect(answer.data).toEqual({ setProgramBudget: { year: 2021, budget: '500000.00', committed: '0.00', available: '500000.00' } });
    expect(await budgetYears()).toEqual(before);
  });

  it('refuses a budget below what the notices commit as the write does, with the figures', async () => {
    const committed = (await budgetYears()).find((entry) => entry.year === 2020)!.committed;
    const variables = { year: 2020, amount: '1.00' };
    const dry = await leavesNothingBehind(() => api.gql(BUDGET.replace('$PROGRAM', programId), { ...variables, dryRun: true }, admin));
    const written = await leavesNothingBehind(() => api.gql(BUDGET.replace('$PROGRAM', programId), variables, admin));
    expect(dry.errors?.map((error) => error.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', reason: 'BUDGET_BELOW_COMMITTED', field: 'amount', figures: { amount: '1.00', committed } },
    ]);
    expect(dry.errors).toEqual(written.errors);
  });

  it('answers a base rate and a staff-cost rate without storing them, and refuses a rate of 150 % at its field', async () => {
    const BASE = `mutation ($input: BaseRateInput!, $dryRun: Boolean) { setBaseRate(input: $input, dryRun: $dryRun) { validFrom rate } }`;
    const rates = async () =>
      (await api.gql<{ baseRates: unknown[] }>('{ baseRates { validFrom rate } }', undefined, admin)).data!.baseRates;
    const before = await rates();
    const answer = await leavesNothingBehind(() =>
      api.gql(BASE, { input: { validFrom: '2024-01-01', rate: '0.0362' }, dryRun: true }, admin),
    );
    expect(answer.data).toEqual({ setBaseRate: { validFrom: '2024-01-01', rate: '0.0362' } });
    expect(await rates()).toEqual(before);
    const refused = await leavesNothingBehind(() =>
      api.gql(BASE, { input: { validFrom: '2024-01-01', rate: '1.5' }, dryRun: true }, admin),
    );
    expect(refused.errors?.map((error) => [error.extensions?.reason, error.extensions?.field])).toEqual([['INVALID_RATE', 'rate']]);

    const STAFF = `mutation ($input: StaffCostRateInput!) { setStaffCostRate(input: $input, dryRun: true) { payGroup year annualRate } }`;
    const input = { fundingProgramId: programId, payGroup: 'TVöD E 12', year: 2021, annualRate: '72000.00' };
    const staffAnswer = await leavesNothingBehind(() => api.gql(STAFF, { input }, admin));
    expect(staffAnswer.data).toEqual({ setStaffCostRate: { payGroup: 'TVöD E 12', year: 2021, annualRate: '72000.00' } });
  });

  it('answers the programme as changed, keeps it as it was, and refuses a stale version', async () => {
    const UPDATE = `mutation ($v: Int!, $input: FundingProgramPatch!) {
      updateFundingProgram(id: "${'$PROGRAM'}", expectedVersion: $v, input: $input, dryRun: true) { version maxRate lineTolerance }
    }`.replace('$PROGRAM', programId);
    const current = await api.gql<{ fundingProgram: { version: number; maxRate: string } }>(
      `{ fundingProgram(id: "${programId}") { version maxRate } }`,
      undefined,
      admin,
    );
    const { version, maxRate } = current.data!.fundingProgram;
    const answer = await leavesNothingBehind(() =>
      api.gql(UPDATE, { v: version, input: { maxRate: '0.75', lineTolerance: '0.1' } }, admin),
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ updateFundingProgram: { version: version + 1, maxRate: '0.7500', lineTolerance: '0.1000' } });
    const after = await api.gql(`{ fundingProgram(id: "${programId}") { version maxRate } }`, undefined, admin);
    expect(after.data).toEqual({ fundingProgram: { version, maxRate } });
    const stale = await leavesNothingBehind(() => api.gql(UPDATE, { v: version - 1, input: { maxRate: '0.75' } }, admin));
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('recipients with dryRun', () => {
  const CREATE = `mutation ($input: RecipientInput!, $dryRun: Boolean) {
    createRecipient(input: $input, dryRun: $dryRun) { name kind ags population }
  }`;
  let admin: string;
  beforeAll(async () => {
    admin = await api.token({ role: 'ADMIN', name: 'Administration' });
  });

  it('answers the recipient that would be recorded and stores nothing', async () => {
    const input = { name: 'Landkreis Gotha', kind: 'DISTRICT', ags: '16067', population: 134_908 };
    const answer = await leavesNothingBehind(() => api.gql(CREATE, { input, dryRun: true }, admin));
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ createRecipient: input });
  });

  it('refuses an AGS of four digits and one already recorded at the field, as the write does', async () => {
    const short = { name: 'Landkreis Gotha', kind: 'DISTRICT', ags: '1606', population: 134_908 };
    const dry = await leavesNothingBehind(() => api.gql(CREATE, { input: short, dryRun: true }, admin));
    expect(dry.errors?.map((error) => [error.extensions?.reason, error.extensions?.field, error.message])).toEqual([
      ['INVALID_VALUE', 'ags', 'Der AGS muss 5 Ziffern (Landkreis, z. B. 16065) oder 8 Ziffern (Gemeinde, z. B. 16055000) haben.'],
    ]);
    // The Landkreis Sömmerda of this file has its AGS already.
    const ags = (await api.gql<{ recipient: { ags: string } }>(`{ recipient(id: "${recipientId}") { ags } }`, undefined, admin)).data!
      .recipient.ags;
    const taken = { ...short, ags };
    const dryTaken = await leavesNothingBehind(() => api.gql(CREATE, { input: taken, dryRun: true }, admin));
    const writtenTaken = await leavesNothingBehind(() => api.gql(CREATE, { input: taken }, admin));
    expect(dryTaken.errors?.map((error) => [error.extensions?.reason, error.extensions?.field])).toEqual([['DUPLICATE_RECORD', 'ags']]);
    expect(dryTaken.errors).toEqual(writtenTaken.errors);
  });
});

describe('cooperations with dryRun', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await api.token({ role: 'ADMIN', name: 'Administration' });
  });
  const MEMBER = `mutation ($input: MembershipInput!, $dryRun: Boolean) {
    addCooperationMember(input: $input, dryRun: $dryRun) { isLead joinedOn recipient { id } resolutions { body number adoptedOn subject } }
  }`;
  const resolution = {
    body: 'Kreistag Sömmerda',
    number: 'KT/12/2021',
    adoptedOn: '2021-03-10',
    subject: 'Beitritt zur Zweckvereinbarung',
  };

  it('answers a cooperation, a member with its resolution and a further resolution, and stores nothing', async () => {
    const created = await leavesNothingBehind(() =>
      api.gql(
        'mutation { createCooperation(input: { name: "Serviceteam Mitte", agreement: "Vereinbarung vom 01.02.2021" }, dryRun: true) { name agreement } }',
        undefined,
        admin,
      ),
    );
    expect(created.data).toEqual({ createCooperation: { name: 'Serviceteam Mitte', agreement: 'Vereinbarung vom 01.02.2021' } });
    const input = { cooperationId: foreignCooperationId, recipientId, joinedOn: '2021-03-10', resolutions: [resolution] };
    const member = await leavesNothingBehind(() => api.gql(MEMBER, { input, dryRun: true }, admin));
    expect(member.errors).toBeUndefined();
    expect(member.data).toEqual({
      addCooperationMember: { isLead: false, joinedOn: '2021-03-10', recipient: { id: recipientId }, resolutions: [resolution] },
    });
  });

  it('refuses a second membership at the recipient and an empty Gremium at its resolution, as the write does', async () => {
    const input = { cooperationId: foreignCooperationId, recipientId, joinedOn: '2021-03-10', resolutions: [resolution] };
    const written = await api.gql<{ addCooperationMember: unknown }>(MEMBER, { input }, admin);
    expect(written.errors).toBeUndefined();
    const again = { ...input, joinedOn: '2021-04-01' };
    const dry = await leavesNothingBehind(() => api.gql(MEMBER, { input: again, dryRun: true }, admin));
    expect(dry.errors?.map((error) => [error.extensions?.reason, error.extensions?.field])).toEqual([['DUPLICATE_RECORD', 'recipientId']]);
    expect(dry.errors).toEqual((await leavesNothingBehind(() => api.gql(MEMBER, { input: again }, admin))).errors);

    const memberships = await api.gql<{ cooperation: { memberships: { id: string }[] } }>(
      `{ cooperation(id: "${foreignCooperationId}") { memberships { id } } }`,
      undefined,
      admin,
    );
    const membershipId = memberships.data!.cooperation.memberships[0]!.id;
    const RESOLUTION = `mutation ($input: ResolutionInput!) { addCooperationResolution(membershipId: "${membershipId}", input: $input, dryRun: true) { number } }`;
    const empty = await leavesNothingBehind(() => api.gql(RESOLUTION, { input: { ...resolution, body: ' ' } }, admin));
    expect(empty.errors?.map((error) => [error.extensions?.reason, error.extensions?.field])).toEqual([['REQUIRED', 'input.body']]);
    const fine = await leavesNothingBehind(() => api.gql(RESOLUTION, { input: { ...resolution, number: 'KT/13/2021' } }, admin));
    expect(fine.data).toEqual({ addCooperationResolution: { number: 'KT/13/2021' } });

    // Leaving: a day before joining on 10.03.2021 is refused at the field; a later one is answered, not stored.
    const version = (
      await api.gql<{ cooperation: { memberships: { version: number }[] } }>(
        `{ cooperation(id: "${foreignCooperationId}") { memberships { version } } }`,
        undefined,
        admin,
      )
    ).data!.cooperation.memberships[0]!.version;
    const LEAVE = `mutation ($leftOn: LocalDate!) {
      updateCooperationMembership(id: "${membershipId}", expectedVersion: ${version}, input: { leftOn: $leftOn }, dryRun: true) { leftOn }
    }`;
    const early = await leavesNothingBehind(() => api.gql(LEAVE, { leftOn: '2021-03-09' }, admin));
    expect(early.errors?.map((error) => [error.extensions?.reason, error.extensions?.field])).toEqual([['DATE_OUT_OF_ORDER', 'leftOn']]);
    const later = await leavesNothingBehind(() => api.gql(LEAVE, { leftOn: '2021-12-31' }, admin));
    expect(later.data).toEqual({ updateCooperationMembership: { leftOn: '2021-12-31' } });
    const still = await api.gql(`{ cooperation(id: "${foreignCooperationId}") { memberships { leftOn } } }`, undefined, admin);
    expect(still.data).toEqual({ cooperation: { memberships: [{ leftOn: null }] } });
  });
});

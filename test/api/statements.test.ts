// Every GraphQL request costs a bounded number of SQL statements, whatever the page size: nested
// fields of many nodes are loaded in batches (dataloaders) and figures are aggregated in SQL. Each list
// query is asked with every nested field the schema offers, once for one node and once for all of
// them, and both must cost the same. The first node of every list is the one with the most behind it
// (built here first, with reversals, amendments, payments and a finalised sibling); the demonstration
// data follows it. On PostgreSQL (TEST_DATABASE_URL) the statements of one request run side by side, so
// the count must not depend on which of them answers first either. Batching must change no answer:
// the batched Belegliste equals the single notice's, and the loaders of a mutation never answer stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FundingProgram, GrantNotice } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import { createGrantApplication } from '../../src/services/applications.js';
import { addCooperationMember, createCooperation } from '../../src/services/cooperations.js';
import { DEMO_PROGRAM_CODE, seedDemo } from '../../src/services/demo-data.js';
import { createDisbursementRequest, recordPayment, reversePayment, updateDisbursementRequest } from '../../src/services/disbursements.js';
import { recordExpenditures, reverseExpenditure } from '../../src/services/expenditures.js';
import { receiptRowsFor, receiptsOf } from '../../src/services/receipt-list.js';
import { amendGrantNotice, createGrantNotice } from '../../src/services/notices.js';
import { createProject } from '../../src/services/projects.js';
import type { Em } from '../../src/services/records.js';
import { finaliseSettlement } from '../../src/services/settlement.js';
import { recordSharedInvoice, reverseSharedInvoice } from '../../src/services/shared-invoices.js';
import { allocateStaff, createEmployee, reverseStaffAllocation, setStaffCostRate } from '../../src/services/staff.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { d, district, kyffhaeuserNotice, programme } from '../support/factories.js';

const system = Access.system();
let api: TestApi;
let auditor: string;
let officer: string;
let ids: { programme: string; demoProgramme: string; notice: string };

/** Statements one request sends, and what it answered. */
async function statementsOf(query: string, variables: Record<string, unknown>, token = auditor) {
  const response = await api.gql(query, variables, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  expect(response.sqlStatements).toEqual(expect.any(Number));
  return { statements: response.sqlStatements!, data: response.data as Record<string, { edges: unknown[] } | unknown[]> };
}

/** One node against every node of a list: the same number of statements. */
async function expectConstant(label: string, query: string, variables: Record<string, unknown> = {}, token = auditor) {
  const one = await statementsOf(query, { ...variables, first: 1 }, token);
  const all = await statementsOf(query, { ...variables, first: 100 }, token);
  const [list] = Object.values(all.data);
  const listed = Array.isArray(list) ? list.length : list!.edges.length;
  expect(listed, label).toBeGreaterThan(1);
  console.log(`${label}: ${one.statements} statements for 1, ${all.statements} for ${listed}`);
  expect(all.statements, label).toBe(one.statements);
}

const PLAN_LINES = [
  { category: 'STAFF' as const, planned: d('120000.00') },
  { category: 'CONSULTING' as const, planned: d('30000.00') },
  { category: 'SOFTWARE' as const, planned: d('20000.00') },
];

/**
 * A recipient's grant with everything a notice can have: an application, an amendment, staff months
 * (the first reversed) booked before receipts (so that a short page of the Belegliste has both kinds),
 * receipts that count and that do not (one reversed), a paid disbursement request and a reversed payment.
 */
async function fullNotice(em: Em, programmeId: string, projectId: string, employeeId: string, tag: string) {
  const application = await createGrantApplication(em, system, {
    fundingProgramId: programmeId,
    projectId,
    submittedOn: '2020-04-01',
    requestedAmount: d('145012.03'),
    financingType: 'SHARE',
    status: 'APPROVED',
    lines: PLAN_LINES,
  });
  const notice = await createGrantNotice(em, system, kyffhaeuserNotice(programmeId, projectId, { applicationId: application.id }));
  const [firstMonth] = await allocateStaff(em, system, {
    employeeId,
    grantNoticeId: notice.id,
    from: '2020-07-01',
    to: '2020-09-30',
    method: 'ACTUAL',
    employerCost: d('5000.00'),
    share: d('0.5'),
  });
  await reverseStaffAllocation(em, system, firstMonth!.id, { reason: 'Falscher Monat', reversedOn: '2020-10-01' });
  const receipt = (receiptNumber: string, paymentDate: string | null, category: 'CONSULTING' | 'TRAVEL', amount: string) => ({
    receiptNumber: `${tag}-${receiptNumber}`,
    invoiceDate: '2020-07-01',
    paymentDate,
    payee: 'Beratungshaus Mitteldeutschland GmbH',
    purpose: 'Prozessanalyse',
    category,
    amount: d(amount),
  });
  const [doubled] = await recordExpenditures(em, system, notice.id, [
    receipt('1', '2020-07-20', 'CONSULTING', '1000.00'),
    receipt('2', '2020-07-20', 'CONSULTING', '2500.00'),
    receipt('3', '2022-05-02', 'CONSULTING', '300.00'),
    receipt('4', null, 'CONSULTING', '400.00'),
    receipt('5', '2020-08-01', 'TRAVEL', '120.00'),
  ]);
  await reverseExpenditure(em, system, doubled!.id, { reason: 'Doppelt erfasst', reversedOn: '2020-07-25' });
  await amendGrantNotice(em, system, notice.id, notice.version, {
    reference: `${tag}-Ä1`,
    amendmentDate: '2020-09-01',
    reason: 'Verlängerung',
    approvalPeriod: { start: '2020-06-01', end: '2022-03-31' },
  });
  const request = await createDisbursementRequest(em, system, {
    grantNoticeId: notice.id,
    requestedOn: '2020-07-01',
    amount: d('20000.00'),
    purpose: 'Erste Rate',
  });
  await updateDisbursementRequest(em, system, request.id, request.version, { status: 'SUBMITTED' });
  await recordPayment(em, system, { grantNoticeId: notice.id, paidOn: '2020-07-15', amount: d('20000.00'), requestId: request.id });
  const wrong = await recordPayment(em, system, { grantNoticeId: notice.id, paidOn: '2020-08-15', amount: d('500.00') });
  await reversePayment(em, system, wrong.id, { reason: 'Fehlbuchung', reversedOn: '2020-08-20' });
  return notice;
}

beforeAll(async () => {
  api = await startTestApi();
  const em = api.service.orm.em.fork();
  const program = await programme(em, { 2020: '5000000.00' });
  await setStaffCostRate(em, system, { fundingProgramId: program.id, payGroup: 'TVöD E 9', year: 2020, annualRate: d('52000.00') });
  const [lead, member] = [await district(em, 'Landkreis Eins'), await district(em, 'Landkreis Zwei')];
  const team = await createCooperation(em, system, { name: 'Serviceteam Eins-Zwei', agreement: 'Zweckvereinbarung' });
  for (const [recipient, isLead] of [
    [lead, true],
    [member, false],
  ] as const) {
    await addCooperationMember(em, system, {
      cooperationId: team.id,
      recipientId: recipient.id,
      isLead,
      joinedOn: '2020-01-01',
      resolutions: [{ body: `Kreistag ${recipient.name}`, number: `KT/${recipient.ags}`, adoptedOn: '2019-12-01', subject: 'Beitritt' }],
    });
  }
  const notices: GrantNotice[] = [];
  for (const [index, recipient] of [lead, member, lead].entries()) {
    const project = await createProject(em, system, { recipientId: recipient.id, cooperationId: team.id, title: `Vorhaben ${index + 1}` });
    const employee = await createEmployee(em, system, {
      employerId: recipient.id,
      name: `Beschäftigte ${index + 1}`,
      payGroup: 'TVöD E 9',
    });
    notices.push(await fullNotice(em, program.id, project.id, employee.id, `N${index + 1}`));
  }
  const invoice = (receiptNumber: string) => ({
    cooperationId: team.id,
    fundingProgramId: program.id,
    category: 'SOFTWARE' as const,
    receiptNumber,
    invoiceDate: '2020-09-01',
    paymentDate: '2020-09-15',
    payee: 'Softwarehaus Thüringen GmbH',
    purpose: 'Gemeinsame Lizenzen',
    totalAmount: d('3000.00'),
    allocationKey: 'EQUAL' as const,
    members: [{ grantNoticeId: notices[0]!.id }, { grantNoticeId: notices[1]!.id }],
  });
  const reversed = await recordSharedInvoice(em, system, invoice('GB-1'));
  await reverseSharedInvoice(em, system, reversed.id, { reason: 'Falsche Rechnung', reversedOn: '2020-09-20' });
  await recordSharedInvoice(em, system, invoice('GB-2'));
  // The last one is settled: a list of open and finalised settlements costs what one open one does.
  await finaliseSettlement(em, system, notices[2]!.id, '2022-06-30');

  await seedDemo(api.service.orm.em.fork());
  const demo = await api.service.orm.em.fork().findOneOrFail(FundingProgram, { code: DEMO_PROGRAM_CODE });
  ids = { programme: program.id, demoProgramme: demo.id, notice: notices[0]!.id };
  auditor = await api.token({ role: 'AUDITOR' });
  officer = await api.token({ role: 'FINANCE_OFFICER', recipients: [lead.ags, member.ags] });
});

afterAll(async () => {
  await api?.stop();
});

const NOTICE = `
  id version reference noticeDate status currentVersionNo financingType rate eligibleCosts ownFunds thirdPartyFunds fixedAmount
  approvedAmount budgetYear actualThirdPartyFunds proofOfUseSubmittedOn createdAt updatedAt
  proofOfUseDue proofOfUseOverdue proofOfUseReportPath
  approvalPeriod { start end }
  budgetLines { category planned }
  versions { id versionNo effectiveFrom approvedAmount approvalPeriod { start end } budgetLines { category planned } amendment { id reference reason } }
  recipient { id name ags }
  project { id title recipient { id } cooperation { id name } }
  fundingProgram { id code budgetYears { year budget committed available spent } }
  application { id status lines { category planned } plannedTotal recipient { id } }
  budgetCheck {
    plannedTotal actualTotal recognisedTotal excludedCount
    lines { category planned actual deviation deviationPercent withinTolerance recognised }
    excluded { reason explanation expenditure { id receiptNumber reversal { id reason } grantNotice { id reference } warnings { reason } } }
  }
  settlement(asOf: "2022-06-30") {
    asOf finalised recognisedTotal finalGrant paidTotal balance refundDue outstandingPayout
    interest { amount warnings portions { paymentId amount usedOn days interest } }
  }
  disbursementRequests { id amount status reportPath grantNotice { id reference } payments { id amount reversal { id } } warnings { reason figures } }
  payments { id amount paidOn request { id status } reversal { id reason } warnings { reason } }
  receipts(first: 3) { totalCount totalAmount hasNextPage endCursor rows { id kind receiptNumber payee purpose amount reversed exclusionReason } }
  longerPage: receipts(first: 30) { totalCount rows { id kind payee exclusionReason } }`;

const NOTICES = `query ($first: Int, $filter: GrantNoticeFilter) { grantNotices(first: $first, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${NOTICE} } } } }`;

const APPLICATIONS = `query ($first: Int) { grantApplications(first: $first) { totalCount edges { node {
  id version reference submittedOn requestedAmount financingType status createdAt updatedAt
  fundingProgram { id code budgetYears { year committed } } recipient { id name ags }
  project { id title recipient { id name } cooperation { id name memberships { id recipient { id } } } }
  lines { category planned } plannedTotal notice { id reference application { id } }
} } } }`;

const COOPERATIONS = `query ($first: Int, $programme: ID!) { cooperations(first: $first) { totalCount edges { node {
  id version name agreement purpose createdAt updatedAt budgetCheckReportPath
  memberships {
    id version isLead joinedOn leftOn recipient { id name ags } cooperation { id name }
    resolutions { id body number adoptedOn subject }
  }
  activeMembers: memberships(activeOn: "2020-10-01") { id recipient { id } resolutions { id } }
  budgetOverview(fundingProgramId: $programme) {
    grantNoticeId reference recipientName ags approvedAmount
    budgetCheck {
      plannedTotal actualTotal recognisedTotal excludedCount lines { category actual recognised }
      excluded { reason expenditure { id reversal { id } grantNotice { id } } }
    }
  }
} } } }`;

const FUNDING_PROGRAMS = `query ($first: Int) { fundingPrograms(first: $first) { totalCount edges { node {
  id version code name grantingAuthority legalBasis maxRate eligibleCategories roundingMode lineTolerance
  spendDeadlineMonths proofOfUseMonths interestMargin overviewReportPath createdAt updatedAt
  budgetYears { year budget committed available spent }
  grantNotices {
    id reference approvedAmount recipient { ags name }
    budgetCheck { plannedTotal actualTotal recognisedTotal excludedCount }
    settlement(asOf: "2022-06-30") { finalised recognisedTotal paidTotal finalGrant balance }
  }
} } } }`;

const RECIPIENTS = `query ($first: Int) { recipients(first: $first) { totalCount edges { node {
  id version name kind ags population createdAt updatedAt
} } } }`;

const PROJECTS = `query ($first: Int) { projects(first: $first) { totalCount edges { node {
  id version title description createdAt updatedAt recipient { id name }
  cooperation { id name memberships { id isLead recipient { id } resolutions { id number } } }
} } } }`;

const AUDIT_EVENTS = `query ($first: Int) { auditEvents(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { node {
  id occurredAt actorSubject actorName actorRole requestId entityType entityId action before after
} } } }`;

const SHARED_INVOICES = `query ($first: Int) { sharedInvoices(first: $first) { totalCount edges { node {
  id category receiptNumber invoiceDate paymentDate payee purpose totalAmount allocationKey createdAt
  cooperation { id name } fundingProgram { id code } reversal { id reversedOn reason createdAt }
  parts {
    amount recipient { id ags } grantNotice { id reference approvedAmount approvalPeriod { start end } }
    expenditure { id receiptNumber amount source reversal { id reason } grantNotice { id } warnings { reason message field figures } }
  }
} } } }`;

const EMPLOYEES = `query ($first: Int) { employees(first: $first) { totalCount edges { node {
  id version createdAt updatedAt name payGroup employer { id name ags }
} } } }`;

const STAFF_ALLOCATIONS = `query ($first: Int) { staffAllocations(first: $first) { totalCount edges { node {
  id month method amount createdAt share employerCost projectHours workingHours annualRate
  employee { id name payGroup employer { id } }
  grantNotice { id reference approvedAmount approvalPeriod { start end } budgetLines { category planned } }
  recipient { id name }
  reversal { id reversedOn reason createdAt }
} } } }`;

const STAFF_COST_RATES = `query ($programme: ID!) { staffCostRates(fundingProgramId: $programme) {
  id version payGroup year annualRate fundingProgram { id code budgetYears { year } }
} }`;

describe('SQL statements per GraphQL request do not grow with the page size', () => {
  it('grant notices with every nested field', async () => {
    await expectConstant('grantNotices', NOTICES);
  });

  it('grant notices of the demonstration data alone: no application, amendment or finalised settlement', async () => {
    await expectConstant('grantNotices (demonstration programme)', NOTICES, { filter: { fundingProgramId: ids.demoProgramme } });
  });

  it('grant notices in a finance officer’s scope', async () => {
    await expectConstant('grantNotices (finance officer)', NOTICES, {}, officer);
  });

  it('grant applications', async () => {
    await expectConstant('grantApplications', APPLICATIONS);
    // Each application names the notice made from it, and that notice names the application back.
    const { data } = await statementsOf(APPLICATIONS, { first: 100 }, auditor);
    const nodes = (
      data.grantApplications as { edges: { node: { id: string; notice: { application: { id: string } } | null } }[] }
    ).edges.map((edge) => edge.node);
    const withNotice = nodes.filter((node) => node.notice !== null);
    expect(withNotice.length).toBeGreaterThan(0);
    for (const node of withNotice) expect(node.notice!.application.id).toBe(node.id);
  });

  it('cooperations with memberships, resolutions and the budget overview', async () => {
    await expectConstant('cooperations', COOPERATIONS, { programme: ids.programme });
  });

  it('funding programmes with their budget years and every notice with its figures (the Programmübersicht)', async () => {
    await expectConstant('fundingPrograms', FUNDING_PROGRAMS);
  });

  it('recipients', async () => {
    await expectConstant('recipients', RECIPIENTS);
  });

  it('projects', async () => {
    await expectConstant('projects', PROJECTS);
  });

  it('the audit trail', async () => {
    await expectConstant('auditEvents', AUDIT_EVENTS);
  });

  it('shared invoices with their parts', async () => {
    await expectConstant('sharedInvoices', SHARED_INVOICES);
  });

  it('employees', async () => {
    await expectConstant('employees', EMPLOYEES);
  });

  it('staff allocations', async () => {
    await expectConstant('staffAllocations', STAFF_ALLOCATIONS);
  });

  it('staff cost rates: a programme with one rate and one with several', async () => {
    const one = await statementsOf(STAFF_COST_RATES, { programme: ids.programme });
    const several = await statementsOf(STAFF_COST_RATES, { programme: ids.demoProgramme });
    expect((one.data.staffCostRates as unknown[]).length).toBe(1);
    expect((several.data.staffCostRates as unknown[]).length).toBeGreaterThan(1);
    console.log(
      `staffCostRates: ${one.statements} statements for 1, ${several.statements} for ${(several.data.staffCostRates as unknown[]).length}`,
    );
    expect(several.statements).toBe(one.statements);
  });
});

describe('The Belegliste of many notices', () => {
  type Page = { totalCount: number; totalAmount: string; hasNextPage: boolean; endCursor: string | null; rows: Record<string, unknown>[] };
  const ROW = 'id kind receiptNumber invoiceDate paymentDate payee purpose category amount eligibleAmount remark reversed exclusionReason';
  const pages = async (after: string | null) => {
    const response = await api.gql<{ grantNotices: { edges: { node: { id: string; receipts: Page } }[] } }>(
      `query ($first: Int, $page: Int, $after: String) { grantNotices(first: $first) { edges { node { id
        receipts(first: $page, after: $after) { totalCount totalAmount hasNextPage endCursor rows { ${ROW} } } } } } }`,
      { first: 100, page: 4, after },
      auditor,
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data!.grantNotices.edges.map(({ node }) => node);
  };

  it('has for every notice, also after a cursor, the page a single notice gets', async () => {
    const first = await pages(null);
    const cursor = first.find((notice) => notice.receipts.hasNextPage)!.receipts.endCursor;
    for (const [after, listed] of [
      [null, first],
      [cursor, await pages(cursor)],
    ] as const) {
      for (const { id, receipts } of listed) {
        const em = api.service.orm.em.fork();
        const single = await receiptsOf(em, await em.findOneOrFail(GrantNotice, id), { first: 4, after });
        const rows = receiptRowsFor(system, single.rows);
        expect(receipts, `${id} after ${after}`).toEqual({
          totalCount: single.totalCount,
          totalAmount: single.totalAmount.toFixed(2),
          hasNextPage: single.hasNextPage,
          endCursor: single.endCursor,
          rows: rows.map((row) => ({
            id: row.id,
            kind: row.kind,
            receiptNumber: row.receiptNumber,
            invoiceDate: row.invoiceDate,
            paymentDate: row.paymentDate,
            payee: row.payee,
            purpose: row.purpose,
            category: row.category,
            amount: row.amount.toFixed(2),
            eligibleAmount: row.eligibleAmount.toFixed(2),
            remark: row.remark,
            reversed: row.reversed,
            exclusionReason: row.exclusionReason,
          })),
        });
      }
    }
  });
});

describe('Loaders of a mutation', () => {
  it('start afresh for every root field, so that each sees what the fields before it wrote', async () => {
    const before = await api.gql<{ grantNotice: { version: number } }>(
      'query ($id: ID!) { grantNotice(id: $id) { version } }',
      { id: ids.notice },
      officer,
    );
    const version = before.data!.grantNotice.version;
    const amend = (alias: string, expectedVersion: number) =>
      `${alias}: amendGrantNotice(id: $id, expectedVersion: ${expectedVersion}, input: { reference: "${alias}", amendmentDate: "2020-10-01", reason: "Test" }) {
        versions { versionNo } payments { amount } }`;
    const response = await api.gql<Record<string, { versions: { versionNo: number }[]; payments: { amount: string }[] }>>(
      `mutation ($id: ID!) {
        ${amend('first', version)}
        paid: recordPayment(input: { grantNoticeId: $id, paidOn: "2020-10-02", amount: "10.00" }) { id }
        ${amend('second', version + 1)}
      }`,
      { id: ids.notice },
      officer,
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const { first, second } = response.data!;
    expect(second!.versions.map((entry) => entry.versionNo)).toEqual([
      ...first!.versions.map((entry) => entry.versionNo),
      first!.versions.length + 1,
    ]);
    expect(second!.payments.map((payment) => payment.amount)).toEqual([...first!.payments.map((payment) => payment.amount), '10.00']);
  });
});

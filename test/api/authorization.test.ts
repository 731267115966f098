// The authorisation matrix: every query and mutation of the schema, as every role, in and out of scope.
// An operation of the schema without a permission in src/services/permissions.ts, or without a request
// here, fails the test, so no new operation goes unchecked; what each role gets follows from that table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLObjectType } from 'graphql';
import { SignJWT } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, localSecret } from '../../src/http/authentication.js';
import { buildGraphQLSchema } from '../../src/schema/build.js';
import { OPERATIONS, PERMISSIONS, ROUTES, type Operation, type PermissionKind } from '../../src/services/permissions.js';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/api.js';

/** Who calls: no token, or a token of each role. */
type Caller = 'ANONYMOUS' | 'FINANCE_OFFICER' | 'TEAM_LEAD' | 'AUDITOR' | 'ADMIN';
const CALLERS: Caller[] = ['ANONYMOUS', 'FINANCE_OFFICER', 'TEAM_LEAD', 'AUDITOR', 'ADMIN'];

/**
 * Whose data an operation aims at. KYF (Kyffhäuserkreis) is the finance officer's own recipient and a
 * member of the service team C that the team lead leads; WAK (Wartburgkreis) is a member of C but not
 * the finance officer's; GTH (Gotha) is a member of neither, only of cooperation D (with WAK).
 */
type Target = 'KYF' | 'WAK' | 'GTH';
const TARGETS: Target[] = ['KYF', 'WAK', 'GTH'];

/**
 * What a caller gets: the result (a list without the target's record is HIDDEN; a record whose personal
 * data comes back as null is REDACTED), or the error code.
 */
type Outcome = 'OK' | 'HIDDEN' | 'REDACTED' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED';

/** Records of a recipient by target: the officer sees its own district, the lead the members of C. */
const sees: Record<Exclude<Caller, 'ANONYMOUS'>, Target[]> = {
  FINANCE_OFFICER: ['KYF'],
  TEAM_LEAD: ['KYF', 'WAK'],
  AUDITOR: TARGETS,
  ADMIN: TARGETS,
};
/** Cooperations by target: KYF's is C, the others' D; the officer and the lead see only C. */
const seesCooperationOf: Record<Exclude<Caller, 'ANONYMOUS'>, Target[]> = {
  FINANCE_OFFICER: ['KYF'],
  TEAM_LEAD: ['KYF'],
  AUDITOR: TARGETS,
  ADMIN: TARGETS,
};

/** Whether the target's record is in the caller's scope, for records of a recipient or of a cooperation. */
function inScope(of: PermissionKind['of'], caller: Exclude<Caller, 'ANONYMOUS'>, target: Target): boolean {
  if (of === 'recipient') return sees[caller].includes(target);
  if (of === 'cooperation') return seesCooperationOf[caller].includes(target);
  return true;
}

/**
 * The expected outcome: the role part from the table of permissions (src/services/permissions.ts),
 * the scope part from the records each caller sees above.
 */
function expected(operation: Operation, caller: Caller, target: Target): Outcome {
  if (caller === 'ANONYMOUS') return 'UNAUTHENTICATED';
  const kind: PermissionKind = PERMISSIONS[OPERATIONS[operation]];
  const grant = kind.grants[caller];
  const missing = kind.action === 'list' ? 'HIDDEN' : 'NOT_FOUND';
  if (kind.withoutGrant === 'REDACTED') {
    // Personal data: the record is recipient data; its names and salaries come only with the grant.
    if (!inScope('recipient', caller, target)) return missing;
    return grant === 'EVERYTHING' || (grant && inScope(kind.of, caller, target)) ? 'OK' : 'REDACTED';
  }
  if (!grant) return 'FORBIDDEN';
  if (grant === 'EVERYTHING') return 'OK';
  return inScope(kind.of, caller, target) ? 'OK' : missing;
}

interface Request {
  query: string;
  variables?: Record<string, unknown>;
  /** For lists: the id whose presence shows the target's record was returned. */
  expectId?: string;
  /** For personal data: a value that comes back only to those who may see it. */
  personalData?: string;
}

interface Entry {
  request(target: Target): Promise<Request>;
}

let api: TestApi;
const tokens = {} as Record<Exclude<Caller, 'ANONYMOUS'>, string>;
/** Tokens for setting up: an administrator and a finance officer of all three districts. */
let admin: string;
/** The lead of cooperation D, to set up its shared invoices. */
let leadOfD: string;
let officerOfAll: string;
let auditor: string;

const ids = {
  programme: '',
  recipient: {} as Record<Target, string>,
  /** KYF → C, WAK and GTH → D. */
  cooperation: {} as Record<Target, string>,
  membership: {} as Record<Target, string>,
  project: {} as Record<Target, string>,
  application: {} as Record<Target, string>,
  notice: {} as Record<Target, string>,
  expenditure: {} as Record<Target, string>,
  employee: {} as Record<Target, string>,
  allocation: {} as Record<Target, string>,
  /** KYF → an invoice of C, WAK and GTH → one of D. */
  sharedInvoice: {} as Record<Target, string>,
  disbursementRequest: {} as Record<Target, string>,
};
/** Personal data of the employees: each target's employee name, and the employer cost of its allocation. */
const employeeName = (target: Target) => `Person ${target}`;
const EMPLOYER_COST = '4321.00';
const AGS: Record<Target, string> = { KYF: '16065', WAK: '16063', GTH: '16067' };
let serial = 0;
const unique = () => ++serial;

async function must<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const response = await api.gql<T>(query, variables, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

/** The current version of a record, read by an auditor, for edits that must not fail on a stale version. */
async function versionOf(field: string, id: string): Promise<number> {
  const data = await must<Record<string, { version: number }>>(`query ($id: ID!) { ${field}(id: $id) { version } }`, { id }, auditor);
  return data[field]!.version;
}

function noticeInput(target: Target) {
  return {
    reference: `AUTH-${unique()}`,
    noticeDate: '2020-06-02',
    fundingProgramId: ids.programme,
    projectId: ids.project[target],
    financingType: 'SHARE',
    rate: '0.8',
    eligibleCosts: '1000.00',
    approvedAmount: '800.00',
    approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
    budgetLines: [{ category: 'SOFTWARE', planned: '1000.00' }],
  };
}

/** A month of staff costs booked by the setup officer, for a listing or a reversal to find. */
async function allocated(target: Target, month: string, share: string): Promise<string> {
  const booked = await must<{ allocateStaff: { id: string }[] }>(
    'mutation ($input: StaffAllocationInput!) { allocateStaff(input: $input) { id } }',
    {
      input: {
        employeeId: ids.employee[target],
        grantNoticeId: ids.notice[target],
        from: month,
        to: month,
        method: 'ACTUAL',
        share,
        employerCost: EMPLOYER_COST,
      },
    },
    officerOfAll,
  );
  return booked.allocateStaff[0]!.id;
}

/** A joint purchase of the target's cooperation split between its two members' grants (C: KYF, WAK; D: WAK, GTH). */
function sharedInvoiceInput(target: Target) {
  const members: Target[] = target === 'KYF' ? ['KYF', 'WAK'] : ['WAK', 'GTH'];
  return {
    cooperationId: ids.cooperation[target],
    fundingProgramId: ids.programme,
    category: 'SOFTWARE',
    receiptNumber: `GB-${unique()}`,
    invoiceDate: '2020-07-01',
    paymentDate: '2020-07-15',
    payee: 'DMS-Anbieter',
    purpose: 'Gemeinsames Dokumentenmanagementsystem',
    totalAmount: '100.01',
    allocationKey: 'EQUAL',
    members: members.map((member) => ({ grantNoticeId: ids.notice[member] })),
  };
}

/** A shared invoice recorded by the lead of the target's cooperation. */
async function recordedSharedInvoice(target: Target): Promise<string> {
  const recorded = await must<{ recordSharedInvoice: { id: string } }>(
    'mutation ($input: SharedInvoiceInput!) { recordSharedInvoice(input: $input) { id } }',
    { input: sharedInvoiceInput(target) },
    target === 'KYF' ? tokens.TEAM_LEAD : leadOfD,
  );
  return recorded.recordSharedInvoice.id;
}

function receiptInput() {
  return {
    receiptNumber: `RE-${unique()}`,
    invoiceDate: '2020-07-01',
    paymentDate: '2020-07-15',
    payee: 'IT-Dienstleister',
    purpose: 'Lizenz',
    category: 'SOFTWARE',
    amount: '100.00',
  };
}

/** A receipt booked by the setup officer, so that a reversal has something to cancel each time. */
async function bookedReceipt(target: Target): Promise<string> {
  const booked = await must<{ recordExpenditure: { id: string } }>(
    'mutation ($id: ID!, $input: ExpenditureInput!) { recordExpenditure(grantNoticeId: $id, input: $input) { id } }',
    { id: ids.notice[target], input: receiptInput() },
    officerOfAll,
  );
  return booked.recordExpenditure.id;
}

/** A Mittelabruf drafted by the setup officer, for an edit to find in its first version. */
async function draftedRequest(target: Target): Promise<string> {
  const created = await must<{ createDisbursementRequest: { id: string } }>(
    'mutation ($input: DisbursementRequestInput!) { createDisbursementRequest(input: $input) { id } }',
    { input: { grantNoticeId: ids.notice[target], requestedOn: '2020-07-01', amount: '100.00', purpose: 'Abruf' } },
    officerOfAll,
  );
  return created.createDisbursementRequest.id;
}

/** A payment of one euro booked by the setup officer, so that a reversal has something to cancel each time. */
async function bookedPayment(target: Target): Promise<string> {
  const booked = await must<{ recordPayment: { id: string } }>(
    'mutation ($input: PaymentInput!) { recordPayment(input: $input) { id } }',
    { input: { grantNoticeId: ids.notice[target], paidOn: '2020-07-15', amount: '1.00' } },
    officerOfAll,
  );
  return booked.recordPayment.id;
}

/** A new notice of the target, as a settlement is finalised only once per notice. */
async function freshNotice(target: Target): Promise<string> {
  const notice = await must<{ createGrantNotice: { id: string } }>(
    'mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id } }',
    { input: noticeInput(target) },
    officerOfAll,
  );
  return notice.createGrantNotice.id;
}

/** A request per operation of the table; what each caller gets is expected() of the operation's kind. */
const matrix: Record<Operation, Entry> = {
  viewer: { request: async () => ({ query: '{ viewer { name role may { recordGrantData } } }' }) },
  createCalendarFeed: { request: async () => ({ query: 'mutation { createCalendarFeed { path } }' }) },
  revokeCalendarFeed: { request: async () => ({ query: 'mutation { revokeCalendarFeed }' }) },
  disbursementRequest: {
    request: async (target) => ({
      query: 'query ($id: ID!) { disbursementRequest(id: $id) { id amount status } }',
      variables: { id: ids.disbursementRequest[target] },
    }),
  },
  createDisbursementRequest: {
    request: async (target) => ({
      query: 'mutation ($input: DisbursementRequestInput!) { createDisbursementRequest(input: $input) { id } }',
      variables: { input: { grantNoticeId: ids.notice[target], requestedOn: '2020-07-01', amount: '100.00', purpose: 'Abruf' } },
    }),
  },
  updateDisbursementRequest: {
    request: async (target) => ({
      query:
        'mutation ($id: ID!, $input: DisbursementRequestPatch!) { updateDisbursementRequest(id: $id, expectedVersion: 1, input: $input) { id } }',
      variables: { id: await draftedRequest(target), input: { status: 'SUBMITTED' } },
    }),
  },
  recordPayment: {
    request: async (target) => ({
      query: 'mutation ($input: PaymentInput!) { recordPayment(input: $input) { id } }',
      variables: { input: { grantNoticeId: ids.notice[target], paidOn: '2020-07-15', amount: '1.00' } },
    }),
  },
  reversePayment: {
    request: async (target) => ({
      query: 'mutation ($id: ID!) { reversePayment(id: $id, input: { reason: "Fehlbuchung", reversedOn: "2020-08-01" }) { id } }',
      variables: { id: await bookedPayment(target) },
    }),
  },
  finaliseSettlement: {
    request: async (target) => ({
      query: 'mutation ($id: ID!) { finaliseSettlement(grantNoticeId: $id, asOf: "2021-06-30") { finalGrant finalised } }',
      variables: { id: await freshNotice(target) },
    }),
  },
  baseRates: { request: async () => ({ query: '{ baseRates { validFrom rate } }' }) },
  setBaseRate: {
    request: async () => ({
      query: 'mutation ($input: BaseRateInput!) { setBaseRate(input: $input) { id } }',
      variables: { input: { validFrom: '2026-01-01', rate: '0.0127' } },
    }),
  },
  employees: {
    request: async (target) => ({
      query: '{ employees(first: 100) { edges { node { id name payGroup } } } }',
      expectId: ids.employee[target],
      personalData: employeeName(target),
    }),
  },
  employee: {
    request: async (target) => ({
      query: 'query ($id: ID!) { employee(id: $id) { id name payGroup } }',
      variables: { id: ids.employee[target] },
      personalData: employeeName(target),
    }),
  },
  createEmployee: {
    request: async (target) => ({
      query: 'mutation ($input: EmployeeInput!) { createEmployee(input: $input) { id } }',
      variables: { input: { employerId: ids.recipient[target], name: `Neu ${unique()}`, payGroup: 'TVöD E 9b' } },
    }),
  },
  updateEmployee: {
    request: async (target) => ({
      query: 'mutation ($id: ID!, $v: Int!, $input: EmployeePatch!) { updateEmployee(id: $id, expectedVersion: $v, input: $input) { id } }',
      variables: { id: ids.employee[target], v: await versionOf('employee', ids.employee[target]), input: { payGroup: 'TVöD E 11' } },
    }),
  },
  staffCostRates: {
    request: async () => ({
      query: 'query ($id: ID!) { staffCostRates(fundingProgramId: $id) { payGroup year annualRate } }',
      variables: { id: ids.programme },
    }),
  },
  setStaffCostRate: {
    request: async () => ({
      query: 'mutation ($input: StaffCostRateInput!) { setStaffCostRate(input: $input) { id } }',
      variables: { input: { fundingProgramId: ids.programme, payGroup: 'TVöD E 11', year: 2020, annualRate: '68400.00' } },
    }),
  },
  staffAllocations: {
    request: async (target) => ({
      query:
        'query ($id: ID!) { staffAllocations(first: 100, filter: { grantNoticeId: $id }) { edges { node { id amount employerCost } } } }',
      variables: { id: ids.notice[target] },
      expectId: ids.allocation[target],
      personalData: EMPLOYER_COST,
    }),
  },
  allocateStaff: {
    request: async (target) => ({
      query: 'mutation ($input: StaffAllocationInput!) { allocateStaff(input: $input) { id } }',
      variables: {
        input: {
          employeeId: ids.employee[target],
          grantNoticeId: ids.notice[target],
          from: '2020-08-01',
          to: '2020-08-31',
          method: 'ACTUAL',
          share: '0.01',
          employerCost: EMPLOYER_COST,
        },
      },
    }),
  },
  reverseStaffAllocation: {
    request: async (target) => ({
      query:
        'mutation ($id: ID!) { reverseStaffAllocation(id: $id, input: { reason: "Falscher Monat", reversedOn: "2020-10-01" }) { id } }',
      variables: { id: await allocated(target, '2020-09-01', '0.01') },
    }),
  },
  sharedInvoices: {
    request: async (target) => ({
      query: '{ sharedInvoices(first: 100) { edges { node { id } } } }',
      expectId: ids.sharedInvoice[target],
    }),
  },
  sharedInvoice: {
    request: async (target) => ({
      query: 'query ($id: ID!) { sharedInvoice(id: $id) { id totalAmount } }',
      variables: { id: ids.sharedInvoice[target] },
    }),
  },
  recordSharedInvoice: {
    request: async (target) => ({
      query: 'mutation ($input: SharedInvoiceInput!) { recordSharedInvoice(input: $input) { id } }',
      variables: { input: sharedInvoiceInput(target) },
    }),
  },
  reverseSharedInvoice: {
    request: async (target) => ({
      query: 'mutation ($id: ID!) { reverseSharedInvoice(id: $id, input: { reason: "Storniert", reversedOn: "2020-08-01" }) { id } }',
      variables: { id: await recordedSharedInvoice(target) },
    }),
  },
  expenditure: {
    request: async (target) => ({
      query: 'query ($id: ID!) { expenditure(id: $id) { id amount } }',
      variables: { id: ids.expenditure[target] },
    }),
  },
  recordExpenditure: {
    request: async (target) => ({
      query: 'mutation ($id: ID!, $input: ExpenditureInput!) { recordExpenditure(grantNoticeId: $id, input: $input) { id } }',
      variables: { id: ids.notice[target], input: receiptInput() },
    }),
  },
  reverseExpenditure: {
    request: async (target) => ({
      query: 'mutation ($id: ID!) { reverseExpenditure(id: $id, input: { reason: "Doppelt", reversedOn: "2020-08-01" }) { id } }',
      variables: { id: await bookedReceipt(target) },
    }),
  },
  fundingPrograms: { request: async () => ({ query: '{ fundingPrograms { totalCount } }' }) },
  fundingProgram: {
    request: async () => ({ query: 'query ($id: ID!) { fundingProgram(id: $id) { id } }', variables: { id: ids.programme } }),
  },
  recipients: {
    request: async (target) => ({ query: '{ recipients(first: 100) { edges { node { id } } } }', expectId: ids.recipient[target] }),
  },
  recipient: {
    request: async (target) => ({ query: 'query ($id: ID!) { recipient(id: $id) { id name } }', variables: { id: ids.recipient[target] } }),
  },
  projects: {
    request: async (target) => ({ query: '{ projects(first: 100) { edges { node { id } } } }', expectId: ids.project[target] }),
  },
  project: {
    request: async (target) => ({ query: 'query ($id: ID!) { project(id: $id) { id title } }', variables: { id: ids.project[target] } }),
  },
  grantApplications: {
    request: async (target) => ({
      query: '{ grantApplications(first: 100) { edges { node { id } } } }',
      expectId: ids.application[target],
    }),
  },
  grantApplication: {
    request: async (target) => ({
      query: 'query ($id: ID!) { grantApplication(id: $id) { id requestedAmount } }',
      variables: { id: ids.application[target] },
    }),
  },
  grantNotices: {
    request: async (target) => ({ query: '{ grantNotices(first: 100) { edges { node { id } } } }', expectId: ids.notice[target] }),
  },
  deadlines: {
    // Every open notice has at least its proof of use ahead; no window leaves none out.
    request: async (target) => ({ query: '{ deadlines { kind grantNotice { id } } }', expectId: ids.notice[target] }),
  },
  programmeOverview: {
    request: async (target) => ({
      query:
        'query ($programme: ID!, $recipient: ID!) { programmeOverview(fundingProgramId: $programme, filter: { recipientId: $recipient }, first: 100) { rows { notice { id } } } }',
      variables: { programme: ids.programme, recipient: ids.recipient[target] },
      expectId: ids.notice[target],
    }),
  },
  grantNotice: {
    request: async (target) => ({
      query: 'query ($id: ID!) { grantNotice(id: $id) { id approvedAmount } }',
      variables: { id: ids.notice[target] },
    }),
  },
  cooperations: {
    request: async (target) => ({ query: '{ cooperations(first: 100) { edges { node { id } } } }', expectId: ids.cooperation[target] }),
  },
  cooperation: {
    request: async (target) => ({
      query: 'query ($id: ID!) { cooperation(id: $id) { id name } }',
      variables: { id: ids.cooperation[target] },
    }),
  },
  auditEvents: {
    request: async (target) => ({
      query: 'query ($id: String) { auditEvents(first: 100, filter: { entityId: $id }) { edges { node { id entityId } } } }',
      variables: { id: ids.notice[target] },
      expectId: ids.notice[target],
    }),
  },
  auditTrailVerification: {
    request: async () => ({ query: '{ auditTrailVerification { verifiedEvents firstBrokenEvent { id } } }' }),
  },
  'GrantNotice.auditTrail': {
    request: async (target) => ({
      query: `query ($id: ID!, $allocation: String) { grantNotice(id: $id) {
        auditTrail(first: 10, filter: { entityId: $allocation }) { edges { node { entityId after redactedFields } } } } }`,
      variables: { id: ids.notice[target], allocation: ids.allocation[target] },
      expectId: ids.allocation[target],
      personalData: EMPLOYER_COST,
    }),
  },
  'GrantNotice.auditTrailActors': {
    request: async (target) => ({
      query: 'query ($id: ID!) { grantNotice(id: $id) { id auditTrailActors { subject name role } } }',
      variables: { id: ids.notice[target] },
      expectId: 'setup',
    }),
  },
  createFundingProgram: {
    request: async () => ({
      query: 'mutation ($input: FundingProgramInput!) { createFundingProgram(input: $input) { id } }',
      variables: {
        input: {
          code: `P-${unique()}`,
          name: 'P',
          grantingAuthority: 'TFM',
          legalBasis: 'ThürLHO',
          maxRate: '0.8',
          eligibleCategories: ['SOFTWARE'],
        },
      },
    }),
  },
  updateFundingProgram: {
    request: async () => ({
      query:
        'mutation ($id: ID!, $v: Int!, $input: FundingProgramPatch!) { updateFundingProgram(id: $id, expectedVersion: $v, input: $input) { id } }',
      variables: { id: ids.programme, v: await versionOf('fundingProgram', ids.programme), input: { legalBasis: `ThürLHO ${unique()}` } },
    }),
  },
  setProgramBudget: {
    request: async () => ({
      query: 'mutation ($id: ID!) { setProgramBudget(fundingProgramId: $id, year: 2020, amount: "20000000.00") { year } }',
      variables: { id: ids.programme },
    }),
  },
  createRecipient: {
    request: async () => ({
      query: 'mutation ($input: RecipientInput!) { createRecipient(input: $input) { id } }',
      variables: { input: { name: `Gemeinde ${unique()}`, kind: 'MUNICIPALITY', ags: String(16_061_000 + unique()) } },
    }),
  },
  updateRecipient: {
    request: async (target) => ({
      query:
        'mutation ($id: ID!, $v: Int!, $input: RecipientPatch!) { updateRecipient(id: $id, expectedVersion: $v, input: $input) { id } }',
      variables: { id: ids.recipient[target], v: await versionOf('recipient', ids.recipient[target]), input: { population: unique() } },
    }),
  },
  createCooperation: {
    request: async () => ({
      query: 'mutation ($input: CooperationInput!) { createCooperation(input: $input) { id } }',
      variables: { input: { name: `Kooperation ${unique()}`, agreement: 'Zweckvereinbarung' } },
    }),
  },
  updateCooperation: {
    request: async (target) => ({
      query:
        'mutation ($id: ID!, $v: Int!, $input: CooperationPatch!) { updateCooperation(id: $id, expectedVersion: $v, input: $input) { id } }',
      variables: {
        id: ids.cooperation[target],
        v: await versionOf('cooperation', ids.cooperation[target]),
        input: { purpose: `Zweck ${unique()}` },
      },
    }),
  },
  addCooperationMember: {
    request: async (target) => {
      const recipient = await must<{ createRecipient: { id: string } }>(
        'mutation ($input: RecipientInput!) { createRecipient(input: $input) { id } }',
        { input: { name: `Gemeinde ${unique()}`, kind: 'MUNICIPALITY', ags: String(16_062_000 + unique()) } },
        admin,
      );
      return {
        query: 'mutation ($input: MembershipInput!) { addCooperationMember(input: $input) { id } }',
        variables: { input: { cooperationId: ids.cooperation[target], recipientId: recipient.createRecipient.id, joinedOn: '2021-01-01' } },
      };
    },
  },
  updateCooperationMembership: {
    request: async (target) => {
      const memberships = await must<{ cooperation: { memberships: { id: string; version: number }[] } }>(
        'query ($id: ID!) { cooperation(id: $id) { memberships { id version } } }',
        { id: ids.cooperation[target] },
        auditor,
      );
      const membership = memberships.cooperation.memberships.find((entry) => entry.id === ids.membership[target])!;
      return {
        query:
          'mutation ($id: ID!, $v: Int!) { updateCooperationMembership(id: $id, expectedVersion: $v, input: { leftOn: null }) { id } }',
        variables: { id: membership.id, v: membership.version },
      };
    },
  },
  addCooperationResolution: {
    request: async (target) => ({
      query: 'mutation ($id: ID!, $input: ResolutionInput!) { addCooperationResolution(membershipId: $id, input: $input) { id } }',
      variables: {
        id: ids.membership[target],
        input: { body: 'Kreistag', number: `KT/${unique()}/2020`, adoptedOn: '2020-06-24', subject: 'Beschluss' },
      },
    }),
  },
  createProject: {
    request: async (target) => ({
      query: 'mutation ($input: ProjectInput!) { createProject(input: $input) { id } }',
      variables: { input: { recipientId: ids.recipient[target], title: `Vorhaben ${unique()}` } },
    }),
  },
  updateProject: {
    request: async (target) => ({
      query: 'mutation ($id: ID!, $v: Int!, $input: ProjectPatch!) { updateProject(id: $id, expectedVersion: $v, input: $input) { id } }',
      variables: {
        id: ids.project[target],
        v: await versionOf('project', ids.project[target]),
        input: { description: `Stand ${unique()}` },
      },
    }),
  },
  createGrantApplication: {
    request: async (target) => ({
      query: 'mutation ($input: GrantApplicationInput!) { createGrantApplication(input: $input) { id } }',
      variables: {
        input: { fundingProgramId: ids.programme, projectId: ids.project[target], requestedAmount: '800.00', financingType: 'SHARE' },
      },
    }),
  },
  updateGrantApplication: {
    request: async (target) => ({
      query:
        'mutation ($id: ID!, $v: Int!, $input: GrantApplicationPatch!) { updateGrantApplication(id: $id, expectedVersion: $v, input: $input) { id } }',
      variables: {
        id: ids.application[target],
        v: await versionOf('grantApplication', ids.application[target]),
        input: { reference: `A-${unique()}` },
      },
    }),
  },
  createGrantNotice: {
    request: async (target) => ({
      query: 'mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id } }',
      variables: { input: noticeInput(target) },
    }),
  },
  updateGrantNotice: {
    request: async (target) => ({
      query:
        'mutation ($id: ID!, $v: Int!, $input: GrantNoticePatch!) { updateGrantNotice(id: $id, expectedVersion: $v, input: $input) { id } }',
      variables: {
        id: ids.notice[target],
        v: await versionOf('grantNotice', ids.notice[target]),
        input: { reference: `AUTH-${unique()}` },
      },
    }),
  },
  amendGrantNotice: {
    request: async (target) => ({
      query:
        'mutation ($id: ID!, $v: Int!, $input: GrantAmendmentInput!) { amendGrantNotice(id: $id, expectedVersion: $v, input: $input) { id } }',
      variables: {
        id: ids.notice[target],
        v: await versionOf('grantNotice', ids.notice[target]),
        input: {
          reference: `ÄB-${unique()}`,
          amendmentDate: '2020-09-01',
          reason: 'Verlängerung',
          approvalPeriod: { start: '2020-06-01', end: '2021-06-30' },
        },
      },
    }),
  },
};

function outcomeOf(response: GraphQLResponse, request: Request): Outcome | string {
  const code = response.errors?.[0]?.extensions?.code;
  if (code) return code;
  const body = JSON.stringify(response.data);
  if (request.expectId !== undefined && !body.includes(`"${request.expectId}"`)) return 'HIDDEN';
  if (request.personalData !== undefined && !body.includes(request.personalData)) return 'REDACTED';
  return 'OK';
}

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.token({ role: 'ADMIN' });
  auditor = await api.token({ role: 'AUDITOR' });
  officerOfAll = await api.token({ role: 'FINANCE_OFFICER', recipients: Object.values(AGS), subject: 'setup' });

  const program = await must<{ createFundingProgram: { id: string } }>(
    'mutation ($input: FundingProgramInput!) { createFundingProgram(input: $input) { id } }',
    {
      input: {
        code: 'EGOV-TH',
        name: 'E-Government',
        grantingAuthority: 'TFM',
        legalBasis: 'ThürLHO',
        maxRate: '0.8',
        eligibleCategories: ['SOFTWARE'],
      },
    },
    admin,
  );
  ids.programme = program.createFundingProgram.id;
  await must(
    'mutation ($id: ID!) { setProgramBudget(fundingProgramId: $id, year: 2020, amount: "20000000.00") { year } }',
    { id: ids.programme },
    admin,
  );

  for (const target of TARGETS) {
    const created = await must<{ createRecipient: { id: string } }>(
      'mutation ($input: RecipientInput!) { createRecipient(input: $input) { id } }',
      { input: { name: target, kind: 'DISTRICT', ags: AGS[target] } },
      admin,
    );
    ids.recipient[target] = created.createRecipient.id;
  }
  const cooperation = async (name: string) =>
    (
      await must<{ createCooperation: { id: string } }>(
        'mutation ($input: CooperationInput!) { createCooperation(input: $input) { id } }',
        { input: { name, agreement: 'Zweckvereinbarung' } },
        admin,
      )
    ).createCooperation.id;
  const serviceTeam = await cooperation('Serviceteam C');
  const other = await cooperation('Kooperation D');
  ids.cooperation = { KYF: serviceTeam, WAK: other, GTH: other };
  const join = async (cooperationId: string, target: Target, isLead = false) =>
    (
      await must<{ addCooperationMember: { id: string } }>(
        'mutation ($input: MembershipInput!) { addCooperationMember(input: $input) { id } }',
        { input: { cooperationId, recipientId: ids.recipient[target], isLead, joinedOn: '2020-01-01' } },
        admin,
      )
    ).addCooperationMember.id;
  ids.membership.KYF = await join(serviceTeam, 'KYF', true);
  await join(serviceTeam, 'WAK');
  ids.membership.WAK = await join(other, 'WAK', true);
  ids.membership.GTH = await join(other, 'GTH');

  for (const target of TARGETS) {
    const project = await must<{ createProject: { id: string } }>(
      'mutation ($input: ProjectInput!) { createProject(input: $input) { id } }',
      { input: { recipientId: ids.recipient[target], cooperationId: target === 'KYF' ? serviceTeam : other, title: `Vorhaben ${target}` } },
      officerOfAll,
    );
    ids.project[target] = project.createProject.id;
    const application = await must<{ createGrantApplication: { id: string } }>(
      'mutation ($input: GrantApplicationInput!) { createGrantApplication(input: $input) { id } }',
      { input: { fundingProgramId: ids.programme, projectId: ids.project[target], requestedAmount: '800.00', financingType: 'SHARE' } },
      officerOfAll,
    );
    ids.application[target] = application.createGrantApplication.id;
    const notice = await must<{ createGrantNotice: { id: string } }>(
      'mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id } }',
      { input: noticeInput(target) },
      officerOfAll,
    );
    ids.notice[target] = notice.createGrantNotice.id;
    ids.expenditure[target] = await bookedReceipt(target);
    ids.disbursementRequest[target] = await draftedRequest(target);
  }

  tokens.FINANCE_OFFICER = await api.token({ role: 'FINANCE_OFFICER', recipients: [AGS.KYF], subject: 'kyf-finance' });
  tokens.TEAM_LEAD = await api.token({ role: 'TEAM_LEAD', cooperation: serviceTeam, subject: 'team-lead' });
  tokens.AUDITOR = auditor;
  tokens.ADMIN = admin;
  leadOfD = await api.token({ role: 'TEAM_LEAD', cooperation: other, subject: 'team-lead-d' });

  for (const target of TARGETS) {
    const employee = await must<{ createEmployee: { id: string } }>(
      'mutation ($input: EmployeeInput!) { createEmployee(input: $input) { id } }',
      { input: { employerId: ids.recipient[target], name: employeeName(target), payGroup: 'TVöD E 11' } },
      officerOfAll,
    );
    ids.employee[target] = employee.createEmployee.id;
    ids.allocation[target] = await allocated(target, '2020-07-01', '0.5');
    ids.sharedInvoice[target] = await recordedSharedInvoice(target);
  }
});

afterAll(async () => {
  await api?.stop();
});

describe('authorisation matrix', () => {
  it('has a permission in the table for every query and mutation of the schema, and none for operations that no longer exist', async () => {
    const schema = await buildGraphQLSchema();
    const operations = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())].sort();
    // Fields of a record with a rule of their own are named `Type.field`; they must exist too.
    const fields = Object.keys(OPERATIONS).filter((name) => name.includes('.'));
    for (const name of fields) {
      const [type, field] = name.split('.') as [string, string];
      expect((schema.getType(type) as GraphQLObjectType | undefined)?.getFields()[field], name).toBeDefined();
    }
    expect(
      Object.keys(OPERATIONS)
        .filter((name) => !name.includes('.'))
        .sort(),
    ).toEqual(operations);
  });

  it('has a request for every operation of the table, and every kind of the table is the kind of an operation or route', () => {
    expect(Object.keys(matrix).sort()).toEqual(Object.keys(OPERATIONS).sort());
    const used = new Set<string>([...Object.values(OPERATIONS), ...Object.values(ROUTES)]);
    expect(Object.keys(PERMISSIONS).filter((kind) => !used.has(kind))).toEqual([]);
  });

  // 840 requests: on a busy machine more than the default 30 seconds.
  it('gives every role exactly the outcome the rules expect, in and out of scope', { timeout: 120_000 }, async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const operation of Object.keys(matrix) as Operation[]) {
      const entry = matrix[operation];
      for (const caller of CALLERS) {
        for (const target of TARGETS) {
          const request = await entry.request(target);
          const response = await api.gql(request.query, request.variables, caller === 'ANONYMOUS' ? null : tokens[caller]);
          const actual = outcomeOf(response, request);
          const wanted = expected(operation, caller, target);
          checked += 1;
          if (actual !== wanted)
            mismatches.push(
              `${operation} as ${caller} on ${target}: expected ${wanted}, got ${actual} ${JSON.stringify(response.errors ?? '')}`,
            );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(Object.keys(matrix).length * CALLERS.length * TARGETS.length);
  });
});

describe('no path through the graph leads a finance officer of the Kyffhäuserkreis to the Wartburgkreis', () => {
  const asOfficer = (query: string, variables?: Record<string, unknown>) => api.gql(query, variables, tokens.FINANCE_OFFICER);

  it('shows only its own membership in the shared cooperation', async () => {
    const response = await asOfficer('query ($id: ID!) { cooperation(id: $id) { memberships { recipient { id name ags } } } }', {
      id: ids.cooperation.KYF,
    });
    expect(response.errors).toBeUndefined();
    expect(JSON.stringify(response.data)).not.toContain(AGS.WAK);
    expect((response.data as { cooperation: { memberships: unknown[] } }).cooperation.memberships).toEqual([
      { recipient: { id: ids.recipient.KYF, name: 'KYF', ags: AGS.KYF } },
    ]);
  });

  it('shows only its own part of the service team’s shared invoice', async () => {
    const response = await asOfficer(
      'query ($id: ID!) { sharedInvoice(id: $id) { totalAmount parts { amount recipient { ags } grantNotice { id } expenditure { id } } } }',
      { id: ids.sharedInvoice.KYF },
    );
    expect(response.errors).toBeUndefined();
    expect(JSON.stringify(response.data)).not.toContain(AGS.WAK);
    const invoice = (response.data as { sharedInvoice: { totalAmount: string; parts: { amount: string; recipient: { ags: string } }[] } })
      .sharedInvoice;
    // 100.01 split equally: the extra cent goes to the smaller AGS, the Wartburgkreis (16063), whose part stays hidden.
    expect(invoice.totalAmount).toBe('100.01');
    expect(invoice.parts.map((part) => `${part.recipient.ags} ${part.amount}`)).toEqual([`${AGS.KYF} 50.00`]);
  });

  it('finds nothing of the Wartburgkreis through filters', async () => {
    for (const [query, variables] of [
      ['query ($id: ID!) { grantNotices(filter: { recipientId: $id }) { totalCount } }', { id: ids.recipient.WAK }],
      ['query ($id: ID!) { projects(filter: { recipientId: $id }) { totalCount } }', { id: ids.recipient.WAK }],
      ['query ($id: ID!) { grantApplications(filter: { recipientId: $id }) { totalCount } }', { id: ids.recipient.WAK }],
      ['query ($id: ID!) { recipients(filter: { cooperationId: $id }) { totalCount } }', { id: ids.cooperation.KYF }],
      ['query ($id: ID!) { cooperations(filter: { recipientId: $id }) { totalCount } }', { id: ids.recipient.WAK }],
    ] as const) {
      const response = await asOfficer(query, variables);
      expect(response.errors, query).toBeUndefined();
      const count = Object.values(response.data as Record<string, { totalCount: number }>)[0]!.totalCount;
      // Only the officer's own district is a member of the service team it shares with the Wartburgkreis.
      expect(count, query).toBe(query.includes('cooperationId') || query.includes('cooperations(') ? 1 : 0);
    }
  });

  it('reads its own notice with every relation, all of them its own', async () => {
    const response = await asOfficer(
      `query ($id: ID!) { grantNotice(id: $id) {
        recipient { ags } project { recipient { ags } cooperation { id } } application { recipient { ags } }
        versions { versionNo } fundingProgram { id }
        disbursementRequests { id } payments { id request { id } } settlement(asOf: "2020-12-31") { finalGrant }
      } }`,
      { id: ids.notice.KYF },
    );
    expect(response.errors).toBeUndefined();
    expect(JSON.stringify(response.data)).not.toContain(AGS.WAK);
  });

  it('does not see the cooperation of a member district’s other project as team lead', async () => {
    const response = await api.gql(
      'query ($id: ID!) { project(id: $id) { cooperation { id } } }',
      { id: ids.project.WAK },
      tokens.TEAM_LEAD,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ project: { cooperation: null } });
  });
});

describe('tokens', () => {
  it('refuses a forged, an expired, a foreign and a malformed token with UNAUTHENTICATED', async () => {
    const [header, payload] = tokens.AUDITOR.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const expired = await new SignJWT({ role: 'AUDITOR' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('auditor')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(localSecret(api.secretFile));
    const otherSecret = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('intruder')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a secret that is not the service’s own'));
    for (const token of [forged, expired, otherSecret, 'not-a-token', `${tokens.AUDITOR}x`]) {
      const response = await api.gql('{ fundingPrograms { totalCount } }', undefined, token);
      expect(response.status, token).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('lets the IDE read the schema without a token outside production, and nothing else', async () => {
    const schema = await api.gql('{ __schema { queryType { name } } }', undefined, null);
    expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const mixed = await api.gql('{ __typename fundingPrograms { totalCount } }', undefined, null);
    expect(mixed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

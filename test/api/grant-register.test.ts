// The grant register over HTTP: built through mutations, read back with exact figures, Rule 1 refusals, history and paging.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/api.js';

let api: TestApi;
let tokens: { admin: string; officer: string; auditor: string };

const MASTER_DATA_MUTATION =
  /^\s*mutation\b[^{]*\{\s*(createFundingProgram|updateFundingProgram|setProgramBudget|createRecipient|updateRecipient|createCooperation|updateCooperation|addCooperationMember|updateCooperationMembership|addCooperationResolution)\b/;

/** Master data is written by an administrator, grant data by the finance officer of both districts, and read by an auditor. */
function tokenFor(query: string): string {
  if (MASTER_DATA_MUTATION.test(query)) return tokens.admin;
  return /^\s*mutation\b/.test(query) ? tokens.officer : tokens.auditor;
}

function call<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  return api.gql<T>(query, variables, tokenFor(query));
}

type GraphQLError = NonNullable<GraphQLResponse['errors']>[number];

/** Runs an operation that must succeed and returns its data. */
async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await call<T>(query, variables);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data as T;
}

/** Runs an operation that must be refused with exactly one error and returns it with the status. */
async function refused(query: string, variables?: Record<string, unknown>): Promise<{ status: number; error: GraphQLError }> {
  const response = await call(query, variables);
  expect(response.errors, JSON.stringify(response)).toHaveLength(1);
  return { status: response.status, error: response.errors![0]! };
}

interface Node {
  id: string;
}
interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}
interface BudgetYear {
  year: number;
  budget: string;
  committed: string;
  available: string;
}
interface PlanLine {
  category: string;
  planned: string;
}
interface Notice {
  id: string;
  version: number;
  reference: string;
  noticeDate: string;
  financingType: string;
  rate: string | null;
  eligibleCosts: string;
  ownFunds: string;
  thirdPartyFunds: string;
  approvedAmount: string;
  budgetYear: number;
  status: string;
  currentVersionNo: number;
  approvalPeriod: { start: string; end: string };
  recipient: { id: string; name: string; ags: string };
  project: { id: string; title: string };
  fundingProgram: { id: string; code: string };
  budgetLines: PlanLine[];
  versions: {
    versionNo: number;
    approvedAmount: string;
    eligibleCosts: string;
    effectiveFrom: string;
    amendment: { reference: string } | null;
  }[];
}

const NOTICE_FIELDS = `
  id version reference noticeDate financingType rate eligibleCosts ownFunds ownFundsIsRemainder thirdPartyFunds approvedAmount
  budgetYear status currentVersionNo approvalPeriod { start end }
  recipient { id name ags } project { id title } fundingProgram { id code }
  budgetLines { category planned }
  versions { versionNo approvedAmount eligibleCosts effectiveFrom amendment { reference } }
`;

const CREATE_NOTICE = `mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { ${NOTICE_FIELDS} } }`;
const GET_NOTICE = `query ($id: ID!) { grantNotice(id: $id) { ${NOTICE_FIELDS} } }`;
const LIST_NOTICES = `query ($filter: GrantNoticeFilter) {
  grantNotices(filter: $filter) { totalCount edges { node { ${NOTICE_FIELDS} } } }
}`;
const AMEND_NOTICE = `mutation ($id: ID!, $expectedVersion: Int!, $input: GrantAmendmentInput!) {
  amendGrantNotice(id: $id, expectedVersion: $expectedVersion, input: $input) { ${NOTICE_FIELDS} }
}`;
const UPDATE_NOTICE = `mutation ($id: ID!, $expectedVersion: Int!, $input: GrantNoticePatch!) {
  updateGrantNotice(id: $id, expectedVersion: $expectedVersion, input: $input) { ${NOTICE_FIELDS} }
}`;
const CREATE_RECIPIENT = `mutation ($input: RecipientInput!) { createRecipient(input: $input) { id name kind ags } }`;
const ADD_MEMBER = `mutation ($input: MembershipInput!) {
  addCooperationMember(input: $input) { id version isLead joinedOn leftOn recipient { name } resolutions { number adoptedOn } }
}`;

const ALL_CATEGORIES = ['STAFF', 'CONSULTING', 'SOFTWARE', 'HARDWARE', 'TRAINING', 'TRAVEL', 'OTHER'];

let programId: string;
let kyffhaeuserId: string;
let nordhausenId: string;
let projectId: string;
let noticeId: string;
let notice2021Id: string;

/** The Kyffhäuserkreis notice of 02.06.2020; the lines add up to 181,265.04 €. */
function kyffhaeuserNotice(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    reference: 'TFM-EGOV-2020-0001',
    noticeDate: '2020-06-02',
    fundingProgramId: programId,
    projectId,
    financingType: 'SHARE',
    rate: '0.8',
    eligibleCosts: '181265.04',
    approvedAmount: '145012.03',
    approvalPeriod: { start: '2020-06-01', end: '2021-12-31' },
    // 120,000 + 30,000 + 20,000 + 8,265.04 + 3,000 = 181,265.04; two given without cents on purpose.
    budgetLines: [
      { category: 'STAFF', planned: '120000' },
      { category: 'CONSULTING', planned: '30000.00' },
      { category: 'SOFTWARE', planned: '20000.00' },
      { category: 'HARDWARE', planned: '8265.04' },
      { category: 'TRAINING', planned: '3000.0' },
    ],
    ...overrides,
  };
}

/** A small share notice: 80 % of 1,000.00 € = 800.00 €, one software line. */
function smallNotice(reference: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return kyffhaeuserNotice({
    reference,
    eligibleCosts: '1000.00',
    approvedAmount: '800.00',
    budgetLines: [{ category: 'SOFTWARE', planned: '1000.00' }],
    ...overrides,
  });
}

interface Register {
  notices: number;
  budgetYears: BudgetYear[];
}

/** What a refused write must leave untouched: the number of notices and the programme's commitments. */
async function register(): Promise<Register> {
  const data = await ok<{ grantNotices: { totalCount: number }; fundingProgram: { budgetYears: BudgetYear[] } }>(
    `query ($id: ID!) { grantNotices { totalCount } fundingProgram(id: $id) { budgetYears { year budget committed available } } }`,
    { id: programId },
  );
  return { notices: data.grantNotices.totalCount, budgetYears: data.fundingProgram.budgetYears };
}

async function expectBadInput(
  input: Record<string, unknown>,
  field: string,
  messageParts: string[],
  figures?: Record<string, string>,
): Promise<GraphQLError> {
  const before = await register();
  const { status, error } = await refused(CREATE_NOTICE, { input });
  expect(status).toBe(200);
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error.extensions?.field).toBe(field);
  for (const part of messageParts) expect(error.message).toContain(part);
  if (figures) expect(error.extensions?.figures).toMatchObject(figures);
  expect(await register()).toEqual(before);
  return error;
}

const byCategory = (lines: PlanLine[]) =>
  [...lines].sort((a, b) => ALL_CATEGORIES.indexOf(a.category) - ALL_CATEGORIES.indexOf(b.category));

beforeAll(async () => {
  api = await startTestApi();
  tokens = {
    admin: await api.token({ role: 'ADMIN' }),
    officer: await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065', '16062'] }),
    auditor: await api.token({ role: 'AUDITOR' }),
  };

  const program = await ok<{ createFundingProgram: { id: string; maxRate: string; eligibleCategories: string[] } }>(
    `mutation ($input: FundingProgramInput!) { createFundingProgram(input: $input) { id maxRate eligibleCategories } }`,
    {
      input: {
        code: 'EGOV-TH',
        name: 'Richtlinie zur Förderung von E-Government und IT in Thüringer Kommunen',
        grantingAuthority: 'Thüringer Finanzministerium (TFM)',
        legalBasis: 'ThürLHO §§ 23, 44',
        maxRate: '0.8',
        eligibleCategories: ALL_CATEGORIES,
      },
    },
  );
  expect(program.createFundingProgram.maxRate).toBe('0.8000');
  programId = program.createFundingProgram.id;

  const SET_BUDGET = `mutation ($id: ID!, $year: Int!, $amount: Money!) {
    setProgramBudget(fundingProgramId: $id, year: $year, amount: $amount) { year budget committed available }
  }`;
  expect(
    (await ok<{ setProgramBudget: BudgetYear }>(SET_BUDGET, { id: programId, year: 2020, amount: '20000000.00' })).setProgramBudget,
  ).toEqual({
    year: 2020,
    budget: '20000000.00',
    committed: '0.00',
    available: '20000000.00',
  });
  await ok(SET_BUDGET, { id: programId, year: 2021, amount: '200000.00' });

  const kyffhaeuser = await ok<{ createRecipient: Node }>(CREATE_RECIPIENT, {
    input: { name: 'Kyffhäuserkreis', kind: 'DISTRICT', ags: '16065', population: 74212 },
  });
  kyffhaeuserId = kyffhaeuser.createRecipient.id;
  const nordhausen = await ok<{ createRecipient: Node }>(CREATE_RECIPIENT, {
    input: { name: 'Landkreis Nordhausen', kind: 'DISTRICT', ags: '16062' },
  });
  nordhausenId = nordhausen.createRecipient.id;

  const project = await ok<{ createProject: Node }>(`mutation ($input: ProjectInput!) { createProject(input: $input) { id } }`, {
    input: { recipientId: kyffhaeuserId, title: 'E-Government-Serviceteam' },
  });
  projectId = project.createProject.id;

  const notice = await ok<{ createGrantNotice: Notice }>(CREATE_NOTICE, { input: kyffhaeuserNotice() });
  noticeId = notice.createGrantNotice.id;
});

afterAll(async () => {
  await api?.stop();
});

describe('the Kyffhäuserkreis notice as recorded', () => {
  it('is listed with the exact figures of 02.06.2020', async () => {
    const { grantNotices } = await ok<{ grantNotices: Connection<Notice> }>(LIST_NOTICES);
    expect(grantNotices.totalCount).toBe(1);
    const notice = grantNotices.edges[0]!.node;
    expect(notice).toMatchObject({
      id: noticeId,
      reference: 'TFM-EGOV-2020-0001',
      noticeDate: '2020-06-02',
      financingType: 'SHARE',
      rate: '0.8000',
      eligibleCosts: '181265.04',
      // Not given, so the remainder: 181,265.04 − 0.00 − 145,012.03 = 36,253.01
      ownFunds: '36253.01',
      ownFundsIsRemainder: true,
      thirdPartyFunds: '0.00',
      // 181,265.04 × 0.8 = 145,012.032 → 145,012.03
      approvedAmount: '145012.03',
      budgetYear: 2020,
      status: 'APPROVED',
      currentVersionNo: 1,
      approvalPeriod: { start: '2020-06-01', end: '2021-12-31' },
      recipient: { id: kyffhaeuserId, name: 'Kyffhäuserkreis', ags: '16065' },
      project: { id: projectId, title: 'E-Government-Serviceteam' },
      fundingProgram: { id: programId, code: 'EGOV-TH' },
      versions: [{ versionNo: 1, approvedAmount: '145012.03', eligibleCosts: '181265.04', effectiveFrom: '2020-06-02', amendment: null }],
    });
    expect(byCategory(notice.budgetLines)).toEqual([
      { category: 'STAFF', planned: '120000.00' },
      { category: 'CONSULTING', planned: '30000.00' },
      { category: 'SOFTWARE', planned: '20000.00' },
      { category: 'HARDWARE', planned: '8265.04' },
      { category: 'TRAINING', planned: '3000.00' },
    ]);
  });

  it('commits 145,012.03 € of the 2020 budget and nothing of 2021', async () => {
    expect((await register()).budgetYears).toEqual([
      // 20,000,000.00 − 145,012.03 = 19,854,987.97
      { year: 2020, budget: '20000000.00', committed: '145012.03', available: '19854987.97' },
      { year: 2021, budget: '200000.00', committed: '0.00', available: '200000.00' },
    ]);
  });

  it('is found by id and by every filter that matches it', async () => {
    const { grantNotice } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    expect(grantNotice).toMatchObject({ id: noticeId, approvedAmount: '145012.03', rate: '0.8000', recipient: { ags: '16065' } });

    for (const filter of [{ fundingProgramId: programId }, { recipientId: kyffhaeuserId }, { status: 'APPROVED' }, { year: 2020 }]) {
      const { grantNotices } = await ok<{ grantNotices: Connection<Notice> }>(LIST_NOTICES, { filter });
      expect(grantNotices.totalCount, JSON.stringify(filter)).toBe(1);
      expect(grantNotices.edges.map((edge) => edge.node.id)).toEqual([noticeId]);
    }
  });

  it('is not found by filters that do not match it', async () => {
    for (const filter of [
      { recipientId: nordhausenId },
      { recipientId: 'not-a-uuid' },
      { fundingProgramId: randomUUID() },
      { status: 'SETTLED' },
      { year: 2021 },
    ]) {
      const { grantNotices } = await ok<{ grantNotices: Connection<Notice> }>(LIST_NOTICES, { filter });
      expect(grantNotices, JSON.stringify(filter)).toEqual({ totalCount: 0, edges: [] });
    }
  });
});

describe('Rule 1 refusals name the figures and write nothing', () => {
  it('refuses one cent above the share cap', async () => {
    const error = await expectBadInput(
      kyffhaeuserNotice({ reference: 'TFM-EGOV-2020-0099', approvedAmount: '145012.04' }),
      'approvedAmount',
      ['145.012,04 €', '145.012,03 €', '181.265,04 €'],
      // the cap is 0.8 × 181,265.04 = 145,012.032 → 145,012.03
      { approvedAmount: '145012.04', cap: '145012.03', rate: '0.8000', eligibleCosts: '181265.04' },
    );
    expect(error.message).toContain('übersteigt die Obergrenze von 145.012,03 €');
  });

  it('refuses full financing above the programme maximum rate of 80 %', async () => {
    // FULL caps at the eligible costs (100,000.00), but 0.8 × 100,000.00 = 80,000.00 is the most the programme allows.
    const error = await expectBadInput(
      kyffhaeuserNotice({
        reference: 'TFM-EGOV-2020-0098',
        financingType: 'FULL',
        rate: null,
        eligibleCosts: '100000.00',
        approvedAmount: '100000.00',
        budgetLines: [{ category: 'SOFTWARE', planned: '100000.00' }],
      }),
      'approvedAmount',
      ['100.000,00 €', '80 %', '80.000,00 €'],
      { approvedAmount: '100000.00', eligibleCosts: '100000.00', maxRate: '0.8000', maxAmount: '80000.00', effectiveRate: '1.0000' },
    );
    expect(error.message).toContain('über dem Höchstfördersatz des Programms von 80 %');
  });

  it('refuses a share rate above the programme maximum', async () => {
    // 0.9 × 1,000.00 = 900.00 meets its own cap but not the programme's 80 % (at most 800.00).
    await expectBadInput(smallNotice('TFM-EGOV-2020-0097', { rate: '0.9', approvedAmount: '900.00' }), 'approvedAmount', ['90 %', '80 %'], {
      approvedAmount: '900.00',
      maxAmount: '800.00',
    });
  });

  it('lets 2021 be committed up to its budget and refuses one cent more', async () => {
    // 0.8 × 187,500.00 = 150,000.00 of the 200,000.00 budgeted for 2021.
    const first = await ok<{ createGrantNotice: Notice }>(CREATE_NOTICE, {
      input: kyffhaeuserNotice({
        reference: 'TFM-EGOV-2021-0001',
        noticeDate: '2021-01-15',
        budgetYear: 2021,
        eligibleCosts: '187500.00',
        approvedAmount: '150000.00',
        approvalPeriod: { start: '2021-01-01', end: '2021-12-31' },
        budgetLines: [{ category: 'SOFTWARE', planned: '187500.00' }],
      }),
    });
    expect(first.createGrantNotice).toMatchObject({ approvedAmount: '150000.00', budgetYear: 2021 });
    notice2021Id = first.createGrantNotice.id;
    expect((await register()).budgetYears[1]).toEqual({ year: 2021, budget: '200000.00', committed: '150000.00', available: '50000.00' });

    // Cap 0.8 × 62,500.02 = 50,000.016 → 50,000.02, so 50,000.01 passes the cap;
    // but 150,000.00 + 50,000.01 = 200,000.01 > 200,000.00.
    const error = await expectBadInput(
      kyffhaeuserNotice({
        reference: 'TFM-EGOV-2021-0002',
        noticeDate: '2021-02-01',
        budgetYear: 2021,
        eligibleCosts: '62500.02',
        approvedAmount: '50000.01',
        approvalPeriod: { start: '2021-02-01', end: '2021-12-31' },
        budgetLines: [{ category: 'HARDWARE', planned: '62500.02' }],
      }),
      'approvedAmount',
      ['2021', '200.000,00 €', '150.000,00 €', '50.000,01 €', '200.000,01 €'],
      {
        year: '2021',
        budget: '200000.00',
        alreadyCommitted: '150000.00',
        additional: '50000.01',
        committedTotal: '200000.01',
        excess: '0.01',
      },
    );
    expect(error.message).toContain('würde überschritten');
  });

  it('refuses a budget year without a budget', async () => {
    await expectBadInput(
      smallNotice('TFM-EGOV-2030-0001', { budgetYear: 2030 }),
      'approvedAmount',
      ['keinen Haushaltsansatz', '800,00 €'],
      { year: '2030', additional: '800.00' },
    );
  });

  it('refuses budget lines that do not add up to the eligible costs', async () => {
    // 600.00 + 399.99 = 999.99, one cent short of 1,000.00.
    await expectBadInput(
      smallNotice('TFM-EGOV-2020-0096', {
        budgetLines: [
          { category: 'SOFTWARE', planned: '600.00' },
          { category: 'HARDWARE', planned: '399.99' },
        ],
      }),
      'budgetLines',
      ['999,99 €', '1.000,00 €'],
      { plannedTotal: '999.99', eligibleCosts: '1000.00' },
    );
  });

  it('refuses a negative approved amount', async () => {
    await expectBadInput(smallNotice('TFM-EGOV-2020-0095', { approvedAmount: '-1.00' }), 'approvedAmount', [
      'Bewilligte Zuwendungen dürfen nicht negativ sein.',
    ]);
  });
});

describe('money and dates are strict on input', () => {
  async function expectInputRefused(input: Record<string, unknown>, messagePart: string): Promise<void> {
    const before = await register();
    const response = await call(CREATE_NOTICE, { input });
    expect(response.errors, JSON.stringify(response)).toHaveLength(1);
    const error = response.errors![0]!;
    // Variable coercion fails before any resolver runs; Apollo answers 400 or (older setting) 200.
    expect([200, 400]).toContain(response.status);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toContain(messagePart);
    expect(response.data ?? null).toBeNull();
    expect(await register()).toEqual(before);
  }

  it('refuses an amount given as a JSON number', async () => {
    await expectInputRefused(smallNotice('TFM-EGOV-2020-0090', { approvedAmount: 800 }), 'Ein Geldbetrag muss als Zeichenkette');
    await expectInputRefused(smallNotice('TFM-EGOV-2020-0090', { approvedAmount: 145012.03 }), 'Ein Geldbetrag muss als Zeichenkette');
  });

  it('refuses an exponent, a third decimal, a comma and thousands separators', async () => {
    await expectInputRefused(smallNotice('TFM-EGOV-2020-0091', { eligibleCosts: '1e3' }), '"1e3" ist kein gültiger Geldbetrag');
    await expectInputRefused(smallNotice('TFM-EGOV-2020-0091', { approvedAmount: '12.345' }), '"12.345" ist kein gültiger Geldbetrag');
    await expectInputRefused(smallNotice('TFM-EGOV-2020-0091', { approvedAmount: '800,00' }), '"800,00" ist kein gültiger Geldbetrag');
    await expectInputRefused(smallNotice('TFM-EGOV-2020-0091', { eligibleCosts: '1,000.00' }), '"1,000.00" ist kein gültiger Geldbetrag');
    await expectInputRefused(smallNotice('TFM-EGOV-2020-0091', { approvedAmount: '+800.00' }), '"+800.00" ist kein gültiger Geldbetrag');
  });

  it('refuses an amount written as a number literal in the query itself', async () => {
    const literal = await call(`mutation { setProgramBudget(fundingProgramId: "${programId}", year: 2024, amount: 1000.50) { budget } }`);
    expect(literal.status).toBe(400);
    expect(literal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(literal.errors?.[0]?.message).toContain('Ein Geldbetrag muss als Zeichenkette');
  });

  it('refuses "-0" as an amount without a clear sign instead of reading it as 0.00', async () => {
    await expectInputRefused(smallNotice('TFM-EGOV-2020-0093', { ownFunds: '-0.00' }), '"-0.00" ist kein eindeutiger Geldbetrag');
    const budget = await api.gql(
      `mutation ($id: ID!) { setProgramBudget(fundingProgramId: $id, year: 2022, amount: "-0") { year budget } }`,
      { id: programId },
      tokens.admin,
    );
    expect(budget.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NEGATIVE_ZERO' });
  });

  it('refuses a day that does not exist and a date not in the form YYYY-MM-DD', async () => {
    await expectInputRefused(smallNotice('TFM-EGOV-2021-0092', { noticeDate: '2021-02-29' }), '"2021-02-29" ist kein gültiges Datum');
    await expectInputRefused(
      smallNotice('TFM-EGOV-2021-0092', { approvalPeriod: { start: '2020-06-01', end: '2020-06-31' } }),
      '"2020-06-31" ist kein gültiges Datum',
    );
    await expectInputRefused(smallNotice('TFM-EGOV-2021-0092', { noticeDate: '2020-6-2' }), '"2020-6-2" ist kein gültiges Datum');
  });
});

describe('amendments keep the history', () => {
  it('records version 2 with 140,000.00 € and keeps version 1 with 145,012.03 €', async () => {
    const { grantNotice: before } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    const { amendGrantNotice: amended } = await ok<{ amendGrantNotice: Notice }>(AMEND_NOTICE, {
      id: noticeId,
      expectedVersion: before.version,
      input: {
        reference: 'TFM-EGOV-2020-0001-Ä1',
        amendmentDate: '2020-11-16',
        reason: 'Geringere Personalausgaben als geplant',
        approvedAmount: '140000.00',
      },
    });
    expect(amended).toMatchObject({
      id: noticeId,
      reference: 'TFM-EGOV-2020-0001',
      approvedAmount: '140000.00',
      eligibleCosts: '181265.04',
      rate: '0.8000',
      currentVersionNo: 2,
      approvalPeriod: { start: '2020-06-01', end: '2021-12-31' },
      versions: [
        { versionNo: 1, approvedAmount: '145012.03', eligibleCosts: '181265.04', effectiveFrom: '2020-06-02', amendment: null },
        {
          versionNo: 2,
          approvedAmount: '140000.00',
          eligibleCosts: '181265.04',
          effectiveFrom: '2020-11-16',
          amendment: { reference: 'TFM-EGOV-2020-0001-Ä1' },
        },
      ],
    });
    expect(amended.version).toBeGreaterThan(before.version);
    // Lines left out of the amendment stay as they were.
    expect(byCategory(amended.budgetLines)).toEqual(byCategory(before.budgetLines));

    const { grantNotice: reread } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    expect(reread).toEqual(amended);
  });

  it('lowers the commitment of 2020 from 145,012.03 € to 140,000.00 €', async () => {
    expect((await register()).budgetYears[0]).toEqual({
      year: 2020,
      budget: '20000000.00',
      committed: '140000.00',
      // 20,000,000.00 − 140,000.00
      available: '19860000.00',
    });
  });

  it('refuses an amendment above the cap and keeps two versions', async () => {
    const { grantNotice: before } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    const { error } = await refused(AMEND_NOTICE, {
      id: noticeId,
      expectedVersion: before.version,
      input: { reference: 'TFM-EGOV-2020-0001-Ä2', amendmentDate: '2020-12-01', reason: 'Erhöhung', approvedAmount: '145012.04' },
    });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'approvedAmount', figures: { cap: '145012.03' } });
    const { grantNotice: after } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    expect(after).toEqual(before);
  });

  it('refuses an amendment dated before the notice', async () => {
    const { grantNotice: before } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    const { error } = await refused(AMEND_NOTICE, {
      id: noticeId,
      expectedVersion: before.version,
      input: { reference: 'TFM-EGOV-2020-0001-Ä2', amendmentDate: '2020-06-01', reason: 'Rückdatiert', approvedAmount: '130000.00' },
    });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amendmentDate' });
    expect(error.message).toContain('01.06.2020');
    expect((await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId })).grantNotice).toEqual(before);
  });
});

describe('optimistic locking', () => {
  it('refuses an amendment based on a stale version with CONFLICT and changes nothing', async () => {
    const { grantNotice: current } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    const registerBefore = await register();
    const { error } = await refused(AMEND_NOTICE, {
      id: noticeId,
      expectedVersion: current.version - 1,
      input: { reference: 'TFM-EGOV-2020-0001-Ä9', amendmentDate: '2020-12-01', reason: 'Veraltet', approvedAmount: '100000.00' },
    });
    expect(error.extensions?.code).toBe('CONFLICT');
    const { grantNotice: after } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    expect(after.versions).toHaveLength(2);
    expect(after).toEqual(current);
    expect(await register()).toEqual(registerBefore);
  });

  it('refuses an update based on a stale version with CONFLICT and changes nothing', async () => {
    const { grantNotice: current } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    const { error } = await refused(UPDATE_NOTICE, {
      id: noticeId,
      expectedVersion: current.version + 1,
      input: { reference: 'TFM-EGOV-2020-0001-NEU' },
    });
    expect(error.extensions?.code).toBe('CONFLICT');
    expect((await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId })).grantNotice).toEqual(current);
  });

  it('applies an update based on the current version, after which the old version is stale', async () => {
    const { grantNotice: current } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    const { updateGrantNotice: updated } = await ok<{ updateGrantNotice: Notice }>(UPDATE_NOTICE, {
      id: noticeId,
      expectedVersion: current.version,
      input: { reference: '  TFM-EGOV-2020-0001/A  ' },
    });
    expect(updated).toMatchObject({
      reference: 'TFM-EGOV-2020-0001/A',
      version: current.version + 1,
      approvedAmount: '140000.00',
      currentVersionNo: 2,
    });
    const { error } = await refused(UPDATE_NOTICE, {
      id: noticeId,
      expectedVersion: current.version,
      input: { reference: 'TFM-EGOV-2020-0001/B' },
    });
    expect(error.extensions?.code).toBe('CONFLICT');
    expect((await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId })).grantNotice.reference).toBe('TFM-EGOV-2020-0001/A');
  });
});

describe('concurrent amendments', () => {
  it('lets one of two amendments based on the same version through and refuses the other with CONFLICT', async () => {
    const { grantNotice: current } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    const amend = (reference: string, approvedAmount: string) =>
      call<{ amendGrantNotice: Notice }>(AMEND_NOTICE, {
        id: noticeId,
        expectedVersion: current.version,
        input: { reference, amendmentDate: '2020-12-15', reason: 'Gleichzeitige Bearbeitung', approvedAmount },
      });
    const answers = await Promise.all([amend('TFM-EGOV-2020-0001-Ä2', '139000.00'), amend('TFM-EGOV-2020-0001-Ä3', '138000.00')]);
    const winners = answers.filter((answer) => answer.errors === undefined);
    const losers = answers.filter((answer) => answer.errors !== undefined);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.errors).toHaveLength(1);
    // Both edited the same version; the one that lost the race edited a stale version.
    expect(losers[0]!.errors![0]!.extensions?.code).toBe('CONFLICT');

    const { grantNotice: after } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: noticeId });
    // Exactly one new version, whichever won.
    expect(after.currentVersionNo).toBe(current.currentVersionNo + 1);
    expect(after.versions.map((version) => version.versionNo)).toEqual([
      ...current.versions.map((version) => version.versionNo),
      current.currentVersionNo + 1,
    ]);
    expect(after.approvedAmount).toBe(winners[0]!.data!.amendGrantNotice.approvedAmount);
  });
});

describe('unknown records', () => {
  it('gives NOT_FOUND for an unknown and for a malformed id', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const response = await call(GET_NOTICE, { id });
      expect(response.status).toBe(200);
      expect(response.data ?? null).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]).toMatchObject({ path: ['grantNotice'], extensions: { code: 'NOT_FOUND' } });
      expect(response.errors![0]!.message).toContain(id);
    }
  });
});

describe('database constraints become input errors', () => {
  it('refuses a second recipient with the AGS 16065 on the field ags', async () => {
    const count = async () => (await ok<{ recipients: { totalCount: number } }>(`{ recipients { totalCount } }`)).recipients.totalCount;
    const before = await count();
    const { status, error } = await refused(CREATE_RECIPIENT, {
      input: { name: 'Kyffhäuserkreis (Dublette)', kind: 'DISTRICT', ags: '16065' },
    });
    expect(status).toBe(200);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'DUPLICATE_RECORD', field: 'ags' });
    expect(error.message).toBe('Ein Zuwendungsempfänger mit diesem Amtlichen Gemeindeschlüssel (AGS) ist bereits erfasst.');
    expect(await count()).toBe(before);
  });
});

describe('pagination of recipients', () => {
  it('walks every recipient once in pages of two', async () => {
    const created: string[] = [kyffhaeuserId, nordhausenId];
    for (const [name, ags] of [
      ['Unstrut-Hainich-Kreis', '16064'],
      ['Wartburgkreis', '16063'],
      ['Ilm-Kreis', '16070'],
      ['Landkreis Gotha', '16067'],
      ['Stadt Weimar', '16055000'],
    ] as const) {
      created.push(
        (
          await ok<{ createRecipient: Node }>(CREATE_RECIPIENT, {
            input: { name, kind: name === 'Stadt Weimar' ? 'CITY' : 'DISTRICT', ags },
          })
        ).createRecipient.id,
      );
    }

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const { recipients }: { recipients: Connection<Node> } = await ok(
        `query ($after: String) { recipients(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`,
        { after },
      );
      // Kyffhäuserkreis and Nordhausen from the set-up, five more here.
      expect(recipients.totalCount).toBe(7);
      seen.push(...recipients.edges.map((edge) => edge.node.id));
      pageSizes.push(recipients.edges.length);
      if (!recipients.pageInfo.hasNextPage) break;
      after = recipients.pageInfo.endCursor;
    }
    // 7 = 2 + 2 + 2 + 1
    expect(pageSizes).toEqual([2, 2, 2, 1]);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...created].sort());
  });

  it('refuses a page size above 100 and a cursor it did not issue', async () => {
    const tooLarge = await refused(`{ recipients(first: 101) { totalCount } }`);
    expect(tooLarge.error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const negative = await refused(`{ recipients(first: -1) { totalCount } }`);
    expect(negative.error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const garbage = await refused(`{ recipients(first: 2, after: "garbage") { totalCount } }`);
    expect(garbage.error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('cursors that decode but are not ours', () => {
  it('refuses a cursor whose content is not an id as bad input, not as an internal error', async () => {
    // base64url of ["not-a-uuid"] and of null: well-formed cursors in shape, but no id of this API.
    for (const content of ['["not-a-uuid"]', 'null']) {
      const after = Buffer.from(content).toString('base64url');
      const { status, error } = await refused(`query ($after: String) { recipients(first: 2, after: $after) { totalCount } }`, { after });
      expect(status, content).toBe(200);
      expect(error.extensions, content).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });
});

describe('cooperations', () => {
  let cooperationId: string;
  let wartburgMembershipId: string;
  let wartburgMembershipVersion: number;

  interface Membership {
    id: string;
    version: number;
    isLead: boolean;
    joinedOn: string;
    leftOn: string | null;
    recipient: { name: string };
    resolutions: { number: string; adoptedOn: string }[];
  }

  it('records the service team with its members and resolutions', async () => {
    const { createCooperation } = await ok<{ createCooperation: Node }>(
      `mutation ($input: CooperationInput!) { createCooperation(input: $input) { id } }`,
      {
        input: {
          name: 'Interkommunales E-Government-Serviceteam',
          agreement: 'Zweckvereinbarung zur Gründung eines interkommunalen Serviceteams im Bereich E-Government',
        },
      },
    );
    cooperationId = createCooperation.id;
    const recipientId = async (ags: string) =>
      (
        await ok<{ recipients: Connection<Node> }>(`query ($ags: String) { recipients(filter: { ags: $ags }) { edges { node { id } } } }`, {
          ags,
        })
      ).recipients.edges[0]!.node.id;

    await ok(ADD_MEMBER, { input: { cooperationId, recipientId: nordhausenId, isLead: true, joinedOn: '2019-11-27' } });
    await ok(ADD_MEMBER, {
      input: {
        cooperationId,
        recipientId: kyffhaeuserId,
        joinedOn: '2019-12-05',
        resolutions: [
          { body: 'Kreistag Kyffhäuserkreis', number: '2019/7/027', adoptedOn: '2019-12-05', subject: 'Abschluss der Zweckvereinbarung' },
        ],
      },
    });
    const wartburg = await ok<{ addCooperationMember: Membership }>(ADD_MEMBER, {
      input: {
        cooperationId,
        recipientId: await recipientId('16063'),
        joinedOn: '2020-06-24',
        resolutions: [
          {
            body: 'Kreistag Unstrut-Hainich-Kreis',
            number: 'KT/103/2020',
            adoptedOn: '2020-06-24',
            subject: '1. Änderung der Zweckvereinbarung',
          },
        ],
      },
    });
    expect(wartburg.addCooperationMember).toMatchObject({
      isLead: false,
      joinedOn: '2020-06-24',
      leftOn: null,
      recipient: { name: 'Wartburgkreis' },
      resolutions: [{ number: 'KT/103/2020', adoptedOn: '2020-06-24' }],
    });
    wartburgMembershipId = wartburg.addCooperationMember.id;
    wartburgMembershipVersion = wartburg.addCooperationMember.version;

    const MEMBERS = `query ($id: ID!, $on: LocalDate) {
      cooperation(id: $id) { memberships(activeOn: $on) { isLead joinedOn recipient { name } resolutions { number adoptedOn } } }
    }`;
    const on = async (day: string) =>
      (await ok<{ cooperation: { memberships: Membership[] } }>(MEMBERS, { id: cooperationId, on: day })).cooperation.memberships;

    // Lead first, then by joining date.
    expect(await on('2020-07-01')).toEqual([
      { isLead: true, joinedOn: '2019-11-27', recipient: { name: 'Landkreis Nordhausen' }, resolutions: [] },
      {
        isLead: false,
        joinedOn: '2019-12-05',
        recipient: { name: 'Kyffhäuserkreis' },
        resolutions: [{ number: '2019/7/027', adoptedOn: '2019-12-05' }],
      },
      {
        isLead: false,
        joinedOn: '2020-06-24',
        recipient: { name: 'Wartburgkreis' },
        resolutions: [{ number: 'KT/103/2020', adoptedOn: '2020-06-24' }],
      },
    ]);
    // The day before the 1st amendment the team had three members.
    expect((await on('2020-06-23')).map((m) => m.recipient.name)).toEqual(['Landkreis Nordhausen', 'Kyffhäuserkreis']);
    expect((await on('2019-11-27')).map((m) => m.recipient.name)).toEqual(['Landkreis Nordhausen']);
    // 2020 is a leap year, so its 29 February is a day like any other.
    expect((await on('2020-02-29')).map((m) => m.recipient.name)).toEqual(['Landkreis Nordhausen', 'Kyffhäuserkreis']);
  });

  it('refuses a second lead member on the field isLead', async () => {
    const count = async () =>
      (
        await ok<{ cooperation: { memberships: unknown[] } }>(`query ($id: ID!) { cooperation(id: $id) { memberships { id } } }`, {
          id: cooperationId,
        })
      ).cooperation.memberships.length;
    const before = await count();
    const gotha = (await ok<{ recipients: Connection<Node> }>(`{ recipients(filter: { ags: "16067" }) { edges { node { id } } } }`))
      .recipients.edges[0]!.node.id;
    const { status, error } = await refused(ADD_MEMBER, {
      input: { cooperationId, recipientId: gotha, isLead: true, joinedOn: '2021-01-01' },
    });
    expect(status).toBe(200);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'DUPLICATE_RECORD', field: 'isLead' });
    expect(await count()).toBe(before);
  });

  it('refuses leaving before joining and accepts leaving later', async () => {
    const UPDATE = `mutation ($id: ID!, $v: Int!, $input: MembershipPatch!) {
      updateCooperationMembership(id: $id, expectedVersion: $v, input: $input) { id version leftOn }
    }`;
    const { error } = await refused(UPDATE, { id: wartburgMembershipId, v: wartburgMembershipVersion, input: { leftOn: '2020-06-23' } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leftOn' });
    expect(error.message).toContain('23.06.2020');
    expect(error.message).toContain('24.06.2020');

    const left = await ok<{ updateCooperationMembership: { leftOn: string | null; version: number } }>(UPDATE, {
      id: wartburgMembershipId,
      v: wartburgMembershipVersion,
      input: { leftOn: '2022-12-31' },
    });
    expect(left.updateCooperationMembership.leftOn).toBe('2022-12-31');
    const members = await ok<{ cooperation: { memberships: Membership[] } }>(
      `query ($id: ID!) { cooperation(id: $id) { memberships(activeOn: "2023-01-01") { recipient { name } } } }`,
      { id: cooperationId },
    );
    expect(members.cooperation.memberships.map((m) => m.recipient.name)).toEqual(['Landkreis Nordhausen', 'Kyffhäuserkreis']);
  });
});

describe('revocation', () => {
  const STATUS = `mutation ($id: ID!, $v: Int!, $status: GrantNoticeStatus!) {
    updateGrantNotice(id: $id, expectedVersion: $v, input: { status: $status }) { id version status approvedAmount }
  }`;
  const year2021 = async () => (await register()).budgetYears.find((entry) => entry.year === 2021);

  it('frees the commitment of a revoked notice, and does not let it come back into an exhausted budget', async () => {
    const { grantNotice: notice } = await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: notice2021Id });
    expect(notice).toMatchObject({ approvedAmount: '150000.00', budgetYear: 2021, status: 'APPROVED' });
    const revoked = await ok<{ updateGrantNotice: { version: number; status: string } }>(STATUS, {
      id: notice2021Id,
      v: notice.version,
      status: 'REVOKED',
    });
    expect(revoked.updateGrantNotice.status).toBe('REVOKED');
    expect(await year2021()).toEqual({ year: 2021, budget: '200000.00', committed: '0.00', available: '200000.00' });

    // The freed budget goes to another notice in full: 0.8 × 250,000.00 = 200,000.00.
    await ok(CREATE_NOTICE, {
      input: kyffhaeuserNotice({
        reference: 'TFM-EGOV-2021-0003',
        noticeDate: '2021-03-01',
        eligibleCosts: '250000.00',
        approvedAmount: '200000.00',
        approvalPeriod: { start: '2021-03-01', end: '2021-12-31' },
        budgetLines: [{ category: 'STAFF', planned: '250000.00' }],
      }),
    });
    expect(await year2021()).toEqual({ year: 2021, budget: '200000.00', committed: '200000.00', available: '0.00' });

    // Reinstating the 150,000.00 would commit 350,000.00 of 200,000.00.
    const { error } = await refused(STATUS, { id: notice2021Id, v: revoked.updateGrantNotice.version, status: 'APPROVED' });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await year2021()).toEqual({ year: 2021, budget: '200000.00', committed: '200000.00', available: '0.00' });
    expect((await ok<{ grantNotice: Notice }>(GET_NOTICE, { id: notice2021Id })).grantNotice.status).toBe('REVOKED');
  });
});

// Last in the file, so that a notice wrongly accepted here cannot change the figures the other tests expect.
describe('the financing plan of a notice', () => {
  it('refuses an empty plan, which adds up to 0.00 and not to the eligible costs of 1,000.00', async () => {
    await expectBadInput(smallNotice('TFM-EGOV-2020-0094', { budgetLines: [] }), 'budgetLines', []);
  });
});

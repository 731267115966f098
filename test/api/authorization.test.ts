// The authorisation matrix: every query and mutation of the schema, as every role, in and out of scope.
// An operation of the schema without an entry here fails the test, so no new operation goes unchecked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, localSecret } from '../../src/http/authentication.js';
import { buildGraphQLSchema } from '../../src/schema/build.js';
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

/** What a caller gets: the result (a list without the target's record is HIDDEN), or the error code. */
type Outcome = 'OK' | 'HIDDEN' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED';

/** The kinds of permission of DOMAIN.md, "Who uses the product". */
type Kind =
  | 'read programme'
  | 'read recipient data'
  | 'list recipient data'
  | 'read cooperation'
  | 'list cooperations'
  | 'write master data'
  | 'write grant data'
  | 'write resolution'
  | 'read audit trail';

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

/** The expected outcome, derived from the rules rather than written out per operation. */
function expected(kind: Kind, caller: Caller, target: Target): Outcome {
  if (caller === 'ANONYMOUS') return 'UNAUTHENTICATED';
  switch (kind) {
    case 'read programme':
      return 'OK';
    case 'read recipient data':
      return sees[caller].includes(target) ? 'OK' : 'NOT_FOUND';
    case 'list recipient data':
      return sees[caller].includes(target) ? 'OK' : 'HIDDEN';
    case 'read cooperation':
      return seesCooperationOf[caller].includes(target) ? 'OK' : 'NOT_FOUND';
    case 'list cooperations':
      return seesCooperationOf[caller].includes(target) ? 'OK' : 'HIDDEN';
    case 'write master data':
      return caller === 'ADMIN' ? 'OK' : 'FORBIDDEN';
    case 'write grant data':
      if (caller !== 'FINANCE_OFFICER') return 'FORBIDDEN';
      return sees[caller].includes(target) ? 'OK' : 'NOT_FOUND';
    case 'read audit trail':
      return caller === 'AUDITOR' ? 'OK' : 'FORBIDDEN';
    case 'write resolution':
      if (caller === 'ADMIN') return 'OK';
      if (caller !== 'TEAM_LEAD') return 'FORBIDDEN';
      return seesCooperationOf[caller].includes(target) ? 'OK' : 'NOT_FOUND';
  }
}

interface Request {
  query: string;
  variables?: Record<string, unknown>;
  /** For lists: the id whose presence shows the target's record was returned. */
  expectId?: string;
}

interface Entry {
  kind: Kind;
  request(target: Target): Promise<Request>;
}

let api: TestApi;
const tokens = {} as Record<Exclude<Caller, 'ANONYMOUS'>, string>;
/** Tokens for setting up: an administrator and a finance officer of all three districts. */
let admin: string;
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
};
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

const matrix: Record<string, Entry> = {
  fundingPrograms: { kind: 'read programme', request: async () => ({ query: '{ fundingPrograms { totalCount } }' }) },
  fundingProgram: {
    kind: 'read programme',
    request: async () => ({ query: 'query ($id: ID!) { fundingProgram(id: $id) { id } }', variables: { id: ids.programme } }),
  },
  recipients: {
    kind: 'list recipient data',
    request: async (target) => ({ query: '{ recipients(first: 100) { edges { node { id } } } }', expectId: ids.recipient[target] }),
  },
  recipient: {
    kind: 'read recipient data',
    request: async (target) => ({ query: 'query ($id: ID!) { recipient(id: $id) { id name } }', variables: { id: ids.recipient[target] } }),
  },
  projects: {
    kind: 'list recipient data',
    request: async (target) => ({ query: '{ projects(first: 100) { edges { node { id } } } }', expectId: ids.project[target] }),
  },
  project: {
    kind: 'read recipient data',
    request: async (target) => ({ query: 'query ($id: ID!) { project(id: $id) { id title } }', variables: { id: ids.project[target] } }),
  },
  grantApplications: {
    kind: 'list recipient data',
    request: async (target) => ({
      query: '{ grantApplications(first: 100) { edges { node { id } } } }',
      expectId: ids.application[target],
    }),
  },
  grantApplication: {
    kind: 'read recipient data',
    request: async (target) => ({
      query: 'query ($id: ID!) { grantApplication(id: $id) { id requestedAmount } }',
      variables: { id: ids.application[target] },
    }),
  },
  grantNotices: {
    kind: 'list recipient data',
    request: async (target) => ({ query: '{ grantNotices(first: 100) { edges { node { id } } } }', expectId: ids.notice[target] }),
  },
  grantNotice: {
    kind: 'read recipient data',
    request: async (target) => ({
      query: 'query ($id: ID!) { grantNotice(id: $id) { id approvedAmount } }',
      variables: { id: ids.notice[target] },
    }),
  },
  cooperations: {
    kind: 'list cooperations',
    request: async (target) => ({ query: '{ cooperations(first: 100) { edges { node { id } } } }', expectId: ids.cooperation[target] }),
  },
  cooperation: {
    kind: 'read cooperation',
    request: async (target) => ({
      query: 'query ($id: ID!) { cooperation(id: $id) { id name } }',
      variables: { id: ids.cooperation[target] },
    }),
  },
  auditEvents: {
    kind: 'read audit trail',
    request: async (target) => ({
      query: 'query ($id: String) { auditEvents(first: 100, filter: { entityId: $id }) { edges { node { id entityId } } } }',
      variables: { id: ids.notice[target] },
      expectId: ids.notice[target],
    }),
  },
  createFundingProgram: {
    kind: 'write master data',
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
    kind: 'write master data',
    request: async () => ({
      query:
        'mutation ($id: ID!, $v: Int!, $input: FundingProgramPatch!) { updateFundingProgram(id: $id, expectedVersion: $v, input: $input) { id } }',
      variables: { id: ids.programme, v: await versionOf('fundingProgram', ids.programme), input: { legalBasis: `ThürLHO ${unique()}` } },
    }),
  },
  setProgramBudget: {
    kind: 'write master data',
    request: async () => ({
      query: 'mutation ($id: ID!) { setProgramBudget(fundingProgramId: $id, year: 2020, amount: "20000000.00") { year } }',
      variables: { id: ids.programme },
    }),
  },
  createRecipient: {
    kind: 'write master data',
    request: async () => ({
      query: 'mutation ($input: RecipientInput!) { createRecipient(input: $input) { id } }',
      variables: { input: { name: `Gemeinde ${unique()}`, kind: 'MUNICIPALITY', ags: String(16_061_000 + unique()) } },
    }),
  },
  updateRecipient: {
    kind: 'write master data',
    request: async (target) => ({
      query:
        'mutation ($id: ID!, $v: Int!, $input: RecipientPatch!) { updateRecipient(id: $id, expectedVersion: $v, input: $input) { id } }',
      variables: { id: ids.recipient[target], v: await versionOf('recipient', ids.recipient[target]), input: { population: unique() } },
    }),
  },
  createCooperation: {
    kind: 'write master data',
    request: async () => ({
      query: 'mutation ($input: CooperationInput!) { createCooperation(input: $input) { id } }',
      variables: { input: { name: `Kooperation ${unique()}`, agreement: 'Zweckvereinbarung' } },
    }),
  },
  updateCooperation: {
    kind: 'write master data',
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
    kind: 'write master data',
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
    kind: 'write master data',
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
    kind: 'write resolution',
    request: async (target) => ({
      query: 'mutation ($id: ID!, $input: ResolutionInput!) { addCooperationResolution(membershipId: $id, input: $input) { id } }',
      variables: {
        id: ids.membership[target],
        input: { body: 'Kreistag', number: `KT/${unique()}/2020`, adoptedOn: '2020-06-24', subject: 'Beschluss' },
      },
    }),
  },
  createProject: {
    kind: 'write grant data',
    request: async (target) => ({
      query: 'mutation ($input: ProjectInput!) { createProject(input: $input) { id } }',
      variables: { input: { recipientId: ids.recipient[target], title: `Vorhaben ${unique()}` } },
    }),
  },
  updateProject: {
    kind: 'write grant data',
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
    kind: 'write grant data',
    request: async (target) => ({
      query: 'mutation ($input: GrantApplicationInput!) { createGrantApplication(input: $input) { id } }',
      variables: {
        input: { fundingProgramId: ids.programme, projectId: ids.project[target], requestedAmount: '800.00', financingType: 'SHARE' },
      },
    }),
  },
  updateGrantApplication: {
    kind: 'write grant data',
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
    kind: 'write grant data',
    request: async (target) => ({
      query: 'mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id } }',
      variables: { input: noticeInput(target) },
    }),
  },
  updateGrantNotice: {
    kind: 'write grant data',
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
    kind: 'write grant data',
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
  if (request.expectId === undefined) return 'OK';
  const found = JSON.stringify(response.data).includes(`"${request.expectId}"`);
  return found ? 'OK' : 'HIDDEN';
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
  }

  tokens.FINANCE_OFFICER = await api.token({ role: 'FINANCE_OFFICER', recipients: [AGS.KYF], subject: 'kyf-finance' });
  tokens.TEAM_LEAD = await api.token({ role: 'TEAM_LEAD', cooperation: serviceTeam, subject: 'team-lead' });
  tokens.AUDITOR = auditor;
  tokens.ADMIN = admin;
});

afterAll(async () => {
  await api?.stop();
});

describe('authorisation matrix', () => {
  it('has an entry for every query and mutation of the schema, and none for operations that no longer exist', async () => {
    const schema = await buildGraphQLSchema();
    const operations = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())].sort();
    expect(Object.keys(matrix).sort()).toEqual(operations);
  });

  it('gives every role exactly the outcome the rules expect, in and out of scope', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const [operation, entry] of Object.entries(matrix)) {
      for (const caller of CALLERS) {
        for (const target of TARGETS) {
          const request = await entry.request(target);
          const response = await api.gql(request.query, request.variables, caller === 'ANONYMOUS' ? null : tokens[caller]);
          const actual = outcomeOf(response, request);
          const wanted = expected(entry.kind, caller, target);
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

// The Prüfpfad of one notice: what was changed on the notice and on everything booked on it, newest
// first, for everyone who may read the notice, with the figures of staff allocations only for those who
// may see the recipient's personal data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
let admin: string;
let officer: string;
let otherOfficer: string;
let auditor: string;
let lead: string;
const ids = { notice: '', version: '', budgetLine: '', receipt: '', reversal: '', employee: '', allocation: '' };
let bookedAt = '';

async function must<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const response = await api.gql<T>(query, variables, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

interface TrailEvent {
  actorSubject: string;
  actorName: string;
  actorRole: string;
  entityType: string;
  entityId: string;
  action: string;
  grantNoticeId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  redactedFields: string[];
  relatedLabels: Record<string, string>;
}

interface Trail {
  grantNotice: {
    auditTrail: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: TrailEvent }[] };
    auditTrailActors: { subject: string; name: string; role: string }[];
  };
}

const TRAIL = `query ($id: ID!, $first: Int, $after: String, $filter: AuditEventFilter) { grantNotice(id: $id) {
  auditTrail(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { actorSubject actorName actorRole entityType entityId action grantNoticeId before after redactedFields relatedLabels } }
  }
  auditTrailActors { subject name role } } }`;

async function trail(token: string, variables: Record<string, unknown> = {}): Promise<Trail['grantNotice']> {
  return (await must<Trail>(TRAIL, { id: ids.notice, first: 100, ...variables }, token)).grantNotice;
}

const kinds = (events: { node: TrailEvent }[]) => events.map(({ node }) => `${node.action} ${node.entityType}`);

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.token({ role: 'ADMIN', subject: 'admin', name: 'Anna Admin' });
  auditor = await api.token({ role: 'AUDITOR', subject: 'pruefer', name: 'Paul Prüfer' });
  officer = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065'], subject: 'kyf-finanzen', name: 'Frieda Finanz' });
  otherOfficer = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16063'], subject: 'wak-finanzen', name: 'Walter Wart' });

  const program = await must<{ createFundingProgram: { id: string } }>(
    'mutation ($input: FundingProgramInput!) { createFundingProgram(input: $input) { id } }',
    {
      input: {
        code: 'EGOV-TH',
        name: 'E-Government',
        grantingAuthority: 'TFM',
        legalBasis: 'ThürLHO',
        maxRate: '0.8',
        eligibleCategories: ['SOFTWARE', 'STAFF'],
      },
    },
    admin,
  );
  await must(
    'mutation ($id: ID!) { setProgramBudget(fundingProgramId: $id, year: 2020, amount: "20000000.00") { year } }',
    { id: program.createFundingProgram.id },
    admin,
  );
  const recipients: string[] = [];
  for (const [name, ags] of [
    ['Kyffhäuserkreis', '16065'],
    ['Wartburgkreis', '16063'],
  ]) {
    const created = await must<{ createRecipient: { id: string } }>(
      'mutation ($input: RecipientInput!) { createRecipient(input: $input) { id } }',
      { input: { name, kind: 'DISTRICT', ags } },
      admin,
    );
    recipients.push(created.createRecipient.id);
  }
  const cooperation = await must<{ createCooperation: { id: string } }>(
    'mutation ($input: CooperationInput!) { createCooperation(input: $input) { id } }',
    { input: { name: 'Serviceteam', agreement: 'Zweckvereinbarung' } },
    admin,
  );
  await must(
    'mutation ($input: MembershipInput!) { addCooperationMember(input: $input) { id } }',
    { input: { cooperationId: cooperation.createCooperation.id, recipientId: recipients[0], isLead: true, joinedOn: '2020-01-01' } },
    admin,
  );
  lead = await api.token({ role: 'TEAM_LEAD', cooperation: cooperation.createCooperation.id, subject: 'leitung', name: 'Lea Leitung' });

  const project = await must<{ createProject: { id: string } }>(
    'mutation ($input: ProjectInput!) { createProject(input: $input) { id } }',
    { input: { recipientId: recipients[0], title: 'Serviceteam E-Government' } },
    officer,
  );
  const notice = await must<{ createGrantNotice: { id: string; versions: { id: string }[] } }>(
    'mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id versions { id } } }',
    {
      input: {
        reference: 'TFM-EGOV-2020-001',
        noticeDate: '2020-06-02',
        fundingProgramId: program.createFundingProgram.id,
        projectId: project.createProject.id,
        financingType: 'SHARE',
        rate: '0.8',
        eligibleCosts: '10000.00',
        approvedAmount: '8000.00',
        approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
        budgetLines: [{ category: 'SOFTWARE', planned: '10000.00' }],
      },
    },
    officer,
  );
  ids.notice = notice.createGrantNotice.id;
  ids.version = notice.createGrantNotice.versions[0]!.id;

  const before = new Date().toISOString();
  const receipt = await must<{ recordExpenditure: { id: string } }>(
    'mutation ($id: ID!, $input: ExpenditureInput!) { recordExpenditure(grantNoticeId: $id, input: $input) { id } }',
    {
      id: ids.notice,
      input: {
        receiptNumber: 'RE-2020-017',
        invoiceDate: '2020-07-01',
        paymentDate: '2020-07-15',
        payee: 'IT-Dienstleister Erfurt',
        purpose: 'Lizenz Fachverfahren',
        category: 'SOFTWARE',
        amount: '1234.56',
      },
    },
    officer,
  );
  ids.receipt = receipt.recordExpenditure.id;
  bookedAt = before;
  const reversed = await must<{ reverseExpenditure: { reversal: { id: string } } }>(
    'mutation ($id: ID!) { reverseExpenditure(id: $id, input: { reason: "Doppelt gebucht", reversedOn: "2020-08-01" }) { reversal { id } } }',
    { id: ids.receipt },
    officer,
  );
  ids.reversal = reversed.reverseExpenditure.reversal.id;
});

afterAll(async () => {
  await api?.stop();
});

describe('the audit trail of a notice', () => {
  it('shows the finance officer the booked and the reversed receipt, newest first, with who and what', async () => {
    const { auditTrail, auditTrailActors } = await trail(officer);
    expect(kinds(auditTrail.edges)).toEqual([
      'CREATE ExpenditureReversal',
      'CREATE Expenditure',
      // The notice, its first version and its budget line are written by one flush, at one time, in the
      // order the ORM wrote them (the version first, the notice then pointed at it).
      'CREATE BudgetLine',
      'CREATE GrantNotice',
      'CREATE GrantNoticeVersion',
    ]);
    expect(auditTrail.totalCount).toBe(5);
    const [reversal, receipt] = auditTrail.edges.map((edge) => edge.node);
    expect(reversal).toEqual({
      actorSubject: 'kyf-finanzen',
      actorName: 'Frieda Finanz',
      actorRole: 'FINANCE_OFFICER',
      entityType: 'ExpenditureReversal',
      entityId: ids.reversal,
      action: 'CREATE',
      grantNoticeId: ids.notice,
      before: null,
      after: {
        id: ids.reversal,
        createdAt: expect.any(String),
        expenditure: ids.receipt,
        notice: ids.notice,
        reversedOn: '2020-08-01',
        reason: 'Doppelt gebucht',
      },
      redactedFields: [],
      // The receipt the reversal names, by its number.
      relatedLabels: { [ids.receipt]: 'RE-2020-017' },
    });
    expect(receipt).toEqual({
      actorSubject: 'kyf-finanzen',
      actorName: 'Frieda Finanz',
      actorRole: 'FINANCE_OFFICER',
      entityType: 'Expenditure',
      entityId: ids.receipt,
      action: 'CREATE',
      grantNoticeId: ids.notice,
      before: null,
      after: {
        id: ids.receipt,
        createdAt: expect.any(String),
        notice: ids.notice,
        recipient: expect.any(String),
        receiptNumber: 'RE-2020-017',
        invoiceDate: '2020-07-01',
        paymentDate: '2020-07-15',
        payee: 'IT-Dienstleister Erfurt',
        purpose: 'Lizenz Fachverfahren',
        category: 'SOFTWARE',
        amount: '1234.56',
        eligibleAmount: '1234.56',
        remark: null,
        source: 'MANUAL',
        importBatch: null,
        sharedInvoice: null,
      },
      redactedFields: [],
      relatedLabels: {},
    });
    expect(auditTrailActors).toEqual([{ subject: 'kyf-finanzen', name: 'Frieda Finanz', role: 'FINANCE_OFFICER' }]);
  });

  it('filters by action, kind of record, actor and time span, and pages newest first', async () => {
    const created = await trail(officer, { filter: { action: 'UPDATE' } });
    expect(created.auditTrail.totalCount).toBe(0);
    const receipts = await trail(officer, { filter: { entityType: 'Expenditure' } });
    expect(kinds(receipts.auditTrail.edges)).toEqual(['CREATE Expenditure']);
    const byOthers = await trail(officer, { filter: { actorSubject: 'pruefer' } });
    expect(byOthers.auditTrail.totalCount).toBe(0);
    const sinceBooking = await trail(officer, { filter: { from: bookedAt } });
    expect(kinds(sinceBooking.auditTrail.edges)).toEqual(['CREATE ExpenditureReversal', 'CREATE Expenditure']);
    const beforeBooking = await trail(officer, { filter: { to: bookedAt } });
    expect(kinds(beforeBooking.auditTrail.edges)).toEqual(['CREATE BudgetLine', 'CREATE GrantNotice', 'CREATE GrantNoticeVersion']);

    const first = await trail(officer, { first: 2 });
    expect(kinds(first.auditTrail.edges)).toEqual(['CREATE ExpenditureReversal', 'CREATE Expenditure']);
    expect(first.auditTrail.pageInfo.hasNextPage).toBe(true);
    const second = await trail(officer, { first: 2, after: first.auditTrail.pageInfo.endCursor });
    expect(kinds(second.auditTrail.edges)).toEqual(['CREATE BudgetLine', 'CREATE GrantNotice']);
  });

  it('refuses the notice and its trail to the finance officer of another recipient as missing', async () => {
    const response = await api.gql(TRAIL, { id: ids.notice, first: 100 }, otherOfficer);
    expect(response.data).toBeNull();
    expect(response.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['NOT_FOUND', `Der Zuwendungsbescheid ${ids.notice} wurde nicht gefunden.`],
    ]);
  });

  it('holds the staff costs booked on the notice, their figures only for the finance officer and the auditor', async () => {
    const employee = await must<{ createEmployee: { id: string } }>(
      'mutation ($input: EmployeeInput!) { createEmployee(input: $input) { id } }',
      {
        input: {
          employerId: (await must<{ grantNotice: { recipient: { id: string } } }>(
            'query ($id: ID!) { grantNotice(id: $id) { recipient { id } } }',
            { id: ids.notice },
            officer,
          ))!.grantNotice.recipient.id,
          name: 'Jonas Hartmann',
          payGroup: 'TVöD E 11',
        },
      },
      officer,
    );
    const allocated = await must<{ allocateStaff: { id: string }[] }>(
      'mutation ($input: StaffAllocationInput!) { allocateStaff(input: $input) { id } }',
      {
        input: {
          employeeId: employee.createEmployee.id,
          grantNoticeId: ids.notice,
          from: '2020-07-01',
          to: '2020-07-31',
          method: 'ACTUAL',
          share: '0.5',
          employerCost: '5200.00',
        },
      },
      officer,
    );
    ids.allocation = allocated.allocateStaff[0]!.id;
    const figures = (event: TrailEvent) => [
      event.after?.share,
      event.after?.employerCost,
      event.after?.amount,
      event.redactedFields,
      event.relatedLabels[employee.createEmployee.id] ?? null,
    ];
    for (const [token, expected] of [
      [officer, ['0.5000', '5200.00', '2600.00', [], 'Jonas Hartmann']],
      [auditor, ['0.5000', '5200.00', '2600.00', [], 'Jonas Hartmann']],
      // 5,200.00 × 0.5 = 2,600.00: the amount is a sum everyone reading the notice sees; share and employer cost are withheld.
      // The employee's name neither.
      [lead, [null, null, '2600.00', ['share', 'employerCost', 'projectHours', 'workingHours', 'annualRate'], null]],
      [admin, [null, null, '2600.00', ['share', 'employerCost', 'projectHours', 'workingHours', 'annualRate'], null]],
    ] as const) {
      const { auditTrail } = await trail(token, { filter: { entityType: 'StaffAllocation' } });
      expect(auditTrail.edges).toHaveLength(1);
      expect(figures(auditTrail.edges[0]!.node)).toEqual(expected);
    }
    // The employee belongs to the employer, not to the notice.
    const { auditTrail } = await trail(auditor, { first: 1 });
    expect(kinds(auditTrail.edges)).toEqual(['CREATE StaffAllocation']);
  });

  it('downloads the filtered trail as CSV for the notice’s readers, and refuses it to another recipient’s officer as missing', async () => {
    const csv = (token: string, query: string) =>
      fetch(`${api.url}/reports/audit-trail/${ids.notice}.csv${query}`, { headers: { authorization: `Bearer ${token}` } });
    const response = await csv(officer, '?entityType=ExpenditureReversal');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Pruefpfad_TFM-EGOV-2020-001.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('Zeitpunkt;Wer;Rolle;Aktion;Datensatz;Kennung des Datensatzes;Feld;Vorher;Nachher;Geändert');
    // One line per field of the reversal, without the bookkeeping ones (id, createdAt, notice).
    expect(lines.slice(1).map((line) => line.split(';').slice(1))).toEqual([
      ['Frieda Finanz', 'Finanzsachbearbeitung', 'angelegt', 'Storno eines Belegs', ids.reversal, 'Beleg', '', 'RE-2020-017', ''],
      ['Frieda Finanz', 'Finanzsachbearbeitung', 'angelegt', 'Storno eines Belegs', ids.reversal, 'Storniert am', '', '01.08.2020', ''],
      ['Frieda Finanz', 'Finanzsachbearbeitung', 'angelegt', 'Storno eines Belegs', ids.reversal, 'Grund', '', 'Doppelt gebucht', ''],
      // The file ends with the line break of its last line.
      [],
    ]);

    const refused = await csv(otherOfficer, '');
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { errors: { extensions: { reason: string } }[] }).errors[0]!.extensions.reason).toBe(
      'RECORD_NOT_FOUND',
    );
    const badAction = await csv(officer, '?action=ERASE');
    expect(badAction.status).toBe(400);
  });
});

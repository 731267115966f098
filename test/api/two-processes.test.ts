// Two server processes on one PostgreSQL database (PostgreSQL only): the service compiled once with tsc and
// started twice as an operator would, one signing secret for both, and the concurrency scenarios of the
// in-process tests replayed over HTTP, the requests alternating between the processes and fired at once.
// Every scenario must end exactly as with one process, and so must the database and its audit trail.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '../../src/http/authentication.js';
import { openOrm, type Orm } from '../../src/orm.js';
import { Access } from '../../src/services/access.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { createEmployee } from '../../src/services/staff.js';
import type { GraphQLResponse } from '../support/api.js';
import { createTestDatabase, usingPostgres, type TestDatabase } from '../support/database.js';
import { d, district, kyffhaeuserNotice, programme, projectOf, uniqueReference } from '../support/factories.js';
import { buildService, startServer, type ServerExit, type ServerProcess, type ServiceBuild } from '../support/server-processes.js';

const system = Access.system();
const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

let build: ServiceBuild | undefined;
let database: TestDatabase | undefined;
let secretDir: string | undefined;
const servers: ServerProcess[] = [];
let orm: Orm | undefined;
const timings: string[] = [];

let tokens: { officer: string; auditor: string; admin: string };
let ids: {
  tightProgram: string;
  project: string;
  employee: string;
  staffGrants: string[];
  paymentNotice: string;
  importNotice: string;
  editNotice: string;
  amendNotice: string;
};

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

interface Answer<T> extends GraphQLResponse<T> {
  server: string;
  requestId: string;
}

/** Posts an operation to server `index % 2` under its own request id, which the audit trail records. */
async function send<T>(label: string, index: number, query: string, variables: Record<string, unknown>, token: string): Promise<Answer<T>> {
  const server = servers[index % 2]!;
  const requestId = `${label}-${index}`;
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId },
    body: JSON.stringify({ query, variables }),
  });
  return { server: server.name, requestId, status: response.status, ...((await response.json()) as object) };
}

/** Fires `count` mutations of the finance officer at once, alternating between the two processes. */
function atOnce<T>(
  label: string,
  count: number,
  query: string,
  variables: (index: number) => Record<string, unknown>,
): Promise<Answer<T>[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => send<T>(label, index, query, variables(index), tokens.officer)));
}

function split<T>(answers: Answer<T>[]): { accepted: Answer<T>[]; refused: Answer<T>[] } {
  for (const answer of answers) expect(answer.status, JSON.stringify(answer)).toBe(200);
  return {
    accepted: answers.filter((answer) => answer.errors === undefined),
    refused: answers.filter((answer) => answer.errors !== undefined),
  };
}

/** The one error of a refused answer: message, code, field and figures. */
function refusal(answer: Answer<unknown>): Record<string, unknown> {
  expect(answer.errors, JSON.stringify(answer)).toHaveLength(1);
  const [error] = answer.errors!;
  return { message: error!.message, ...error!.extensions };
}

async function query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
  return orm!.em.fork().execute<T[]>(sql, parameters);
}

/** Request ids of the label that wrote `action` events on `entityType`, once each, sorted. */
async function auditedRequests(label: string, entityType: string, action: 'CREATE' | 'UPDATE'): Promise<string[]> {
  const rows = await query<{ request_id: string }>(
    `select request_id from audit_event where entity_type = ? and action = ? and request_id like ? order by request_id`,
    [entityType, action, `${label}-%`],
  );
  return rows.map((row) => row.request_id);
}

const requestIds = (answers: Answer<unknown>[]) => answers.map((answer) => answer.requestId).sort();

describe.skipIf(!usingPostgres)('two server processes on one PostgreSQL database', () => {
  beforeAll(async () => {
    const started = performance.now();
    // Settled both, so that afterAll removes whichever was made when the other failed.
    const [built, created] = await Promise.allSettled([buildService(), createTestDatabase()]);
    if (built.status === 'fulfilled') build = built.value;
    if (created.status === 'fulfilled') database = created.value;
    if (built.status === 'rejected') throw built.reason;
    if (created.status === 'rejected') throw created.reason;
    timings.push(`build ${built.value.seconds.toFixed(1)} s`);
    if (created.value.database.kind !== 'postgresql') throw new Error('Two server processes need PostgreSQL.');
    const databaseUrl = created.value.database.url;
    secretDir = mkdtempSync(path.join(tmpdir(), 'grants-two-processes-'));
    const secretFile = path.join(secretDir, 'auth-secret');

    const starting = performance.now();
    // Both at once on the empty database, as in a rolling deploy: one creates the signing secret and
    // applies the migrations, the other waits for them and finds nothing to do.
    const [first, second] = await Promise.all([
      startServer({ name: 'A', dist: built.value.dist, databaseUrl, secretFile }),
      startServer({ name: 'B', dist: built.value.dist, databaseUrl, secretFile }),
    ]);
    servers.push(first, second);
    orm = await openOrm(created.value.database);
    timings.push(`start ${seconds(starting)}`);

    const em = orm.em.fork();
    const general = await programme(em, { 2020: '20000000.00' });
    const tight = await programme(em, { 2020: '100000.00' });
    const employer = await district(em);
    const project = await projectOf(em, employer.id);
    const notice = async (approvedAmount: string, eligibleCosts: string) =>
      (
        await createGrantNotice(em, system, {
          reference: uniqueReference(),
          noticeDate: '2020-06-02',
          fundingProgramId: general.id,
          projectId: project.id,
          financingType: 'SHARE',
          rate: d('0.8'),
          eligibleCosts: d(eligibleCosts),
          approvedAmount: d(approvedAmount),
          approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
          budgetLines: [{ category: 'STAFF', planned: d(eligibleCosts) }],
        })
      ).id;
    const staffGrants: string[] = [];
    for (let index = 0; index < 20; index += 1) staffGrants.push(await notice('8000.00', '10000.00'));
    ids = {
      tightProgram: tight.id,
      project: project.id,
      employee: (await createEmployee(em, system, { employerId: employer.id, name: 'Bernd Weber', payGroup: 'TVöD E 11' })).id,
      staffGrants,
      paymentNotice: await notice('100000.00', '125000.00'),
      importNotice: (await createGrantNotice(em, system, kyffhaeuserNotice(general.id, project.id))).id,
      editNotice: (await createGrantNotice(em, system, kyffhaeuserNotice(general.id, project.id))).id,
      amendNotice: (await createGrantNotice(em, system, kyffhaeuserNotice(general.id, project.id))).id,
    };
    tokens = {
      officer: await signLocalToken(secretFile, { role: 'FINANCE_OFFICER', subject: 'two-processes-officer', recipients: [employer.ags] }),
      auditor: await signLocalToken(secretFile, { role: 'AUDITOR', subject: 'two-processes-auditor' }),
      admin: await signLocalToken(secretFile, { role: 'ADMIN', subject: 'two-processes-admin' }),
    };
    timings.push(`set-up ${seconds(started)}`);
  }, 60_000);

  afterAll(async () => {
    const exits: ServerExit[] = [];
    try {
      exits.push(...(await Promise.all(servers.map((server) => server.stop()))));
    } finally {
      await orm?.close(true);
      await database?.drop();
      build?.remove();
      if (secretDir) rmSync(secretDir, { recursive: true, force: true });
    }
    if (timings.length > 0) console.log(`Two server processes: ${timings.join(', ')}.`);
    servers.forEach((server, index) => expect(exits[index], server.output()).toEqual({ code: 0, signal: null }));
  });

  it('runs the compiled build: started together, one process applies every migration, the other none, and one token works on both', async () => {
    const committed = readdirSync(MIGRATIONS)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    const applied = (server: ServerProcess) =>
      server
        .logs()
        .filter((entry) => entry.msg === 'applied database migrations')
        .flatMap((entry) => entry.migrations as string[]);
    expect(committed.length).toBeGreaterThan(0);
    expect([applied(servers[0]!), applied(servers[1]!)].sort((a, b) => b.length - a.length)).toEqual([committed, []]);

    const answers = await Promise.all(
      [0, 1].map((index) => send('token', index, '{ fundingPrograms { totalCount } }', {}, tokens.auditor)),
    );
    expect(answers.map(({ server, status, data, errors }) => ({ server, status, data, errors }))).toEqual([
      { server: 'A', status: 200, data: { fundingPrograms: { totalCount: 2 } }, errors: undefined },
      { server: 'B', status: 200, data: { fundingPrograms: { totalCount: 2 } }, errors: undefined },
    ]);
  });

  it('Rule 1: of twenty notices of 10,000.00 against a year budget of 100,000.00 exactly ten are committed', async () => {
    const answers = await atOnce<{ createGrantNotice: { id: string } }>(
      'budget',
      20,
      'mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id } }',
      (index) => ({
        input: {
          reference: `TFM-EGOV-BUDGET-${index}`,
          noticeDate: '2020-06-02',
          fundingProgramId: ids.tightProgram,
          projectId: ids.project,
          financingType: 'SHARE',
          rate: '0.8',
          eligibleCosts: '12500.00',
          approvedAmount: '10000.00',
          approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
          budgetLines: [{ category: 'SOFTWARE', planned: '12500.00' }],
        },
      }),
    );
    const { accepted, refused } = split(answers);
    expect([accepted.length, refused.length]).toEqual([10, 10]);
    // Every refusal saw the full year: the budget row's lock let no two commitments overlap.
    expect(refused.map(refusal)).toEqual(
      Array.from({ length: 10 }, () => ({
        message:
          'Der Haushaltsansatz 2020 des Programms von 100.000,00 € würde überschritten: ' +
          'bereits gebunden 100.000,00 €, zusätzlich 10.000,00 €, zusammen 110.000,00 €.',
        code: 'BAD_USER_INPUT',
        reason: 'BUDGET_EXCEEDED',
        field: 'approvedAmount',
        figures: {
          year: '2020',
          budget: '100000.00',
          alreadyCommitted: '100000.00',
          additional: '10000.00',
          committedTotal: '110000.00',
          excess: '10000.00',
        },
      })),
    );

    const [stored] = await query<{ notices: number; committed: string }>(
      `select count(*)::int as notices, sum(v.approved_amount)::text as committed
         from grant_notice n join grant_notice_version v on v.id = n.current_version_id
        where n.funding_program_id = ?`,
      [ids.tightProgram],
    );
    expect(stored).toEqual({ notices: 10, committed: '100000.00' });
    const read = await send<{ fundingProgram: { budgetYears: unknown[] } }>(
      'budget-read',
      1,
      'query ($id: ID!) { fundingProgram(id: $id) { budgetYears { year budget committed available } } }',
      { id: ids.tightProgram },
      tokens.auditor,
    );
    expect(read.data?.fundingProgram.budgetYears).toEqual([{ year: 2020, budget: '100000.00', committed: '100000.00', available: '0.00' }]);
    expect(await auditedRequests('budget', 'GrantNotice', 'CREATE')).toEqual(requestIds(accepted));
  });

  it('Rule 1: a notice in one process and a budget cut in the other never together over-commit the year (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const em = orm!.em.fork();
      const program = await programme(em, { 2020: '1000000.00' });
      await createGrantNotice(em, system, {
        ...kyffhaeuserNotice(program.id, ids.project),
        eligibleCosts: d('1125000.00'),
        approvedAmount: d('900000.00'),
        budgetLines: [{ category: 'SOFTWARE', planned: d('1125000.00') }],
      });
      // 900,000 + 100,000 fits 1,000,000 but not 950,000: one of the two must be refused.
      const [created, cut] = await Promise.all([
        send<unknown>(
          `race-${round}`,
          0,
          'mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id } }',
          {
            input: {
              reference: `TFM-EGOV-RACE-${round}`,
              noticeDate: '2020-06-02',
              fundingProgramId: program.id,
              projectId: ids.project,
              financingType: 'SHARE',
              rate: '0.8',
              eligibleCosts: '125000.00',
              approvedAmount: '100000.00',
              approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
              budgetLines: [{ category: 'SOFTWARE', planned: '125000.00' }],
            },
          },
          tokens.officer,
        ),
        send<unknown>(
          `race-${round}`,
          1,
          'mutation ($id: ID!) { setProgramBudget(fundingProgramId: $id, year: 2020, amount: "950000.00") { year } }',
          { id: program.id },
          tokens.admin,
        ),
      ]);
      expect([created.server, cut.server]).toEqual(['A', 'B']);
      const [year] = await query<{ budget: string; committed: string }>(
        `select b.amount::text as budget,
                (select sum(v.approved_amount) from grant_notice n join grant_notice_version v on v.id = n.current_version_id
                  where n.funding_program_id = b.funding_program_id and v.budget_year = 2020)::text as committed
           from program_budget b where b.funding_program_id = ? and b.year = 2020`,
        [program.id],
      );
      expect(Number(year!.committed), `round ${round}: ${year!.committed} of ${year!.budget}`).toBeLessThanOrEqual(Number(year!.budget));
      const refusals = [created, cut].filter((answer) => answer.errors !== undefined).map((answer) => refusal(answer).reason);
      expect(refusals.length, `round ${round}`).toBe(1);
      expect(['BUDGET_EXCEEDED', 'BUDGET_BELOW_COMMITTED']).toContain(refusals[0]);
    }
  });

  it('Rule 7: of twenty allocations of 0.1 for one employee and month exactly ten are accepted, adding up to exactly 1', async () => {
    const answers = await atOnce<{ allocateStaff: { month: string; share: string; amount: string }[] }>(
      'staff',
      20,
      'mutation ($input: StaffAllocationInput!) { allocateStaff(input: $input) { month share amount } }',
      (index) => ({
        input: {
          employeeId: ids.employee,
          grantNoticeId: ids.staffGrants[index],
          from: '2020-07-01',
          to: '2020-07-31',
          method: 'ACTUAL',
          share: '0.1',
          employerCost: '4500.00',
        },
      }),
    );
    const { accepted, refused } = split(answers);
    expect([accepted.length, refused.length]).toEqual([10, 10]);
    for (const answer of accepted) expect(answer.data?.allocateStaff).toEqual([{ month: '2020-07-01', share: '0.1000', amount: '450.00' }]);
    // Every refusal saw the month full: the employee's row lock let no two allocations overlap.
    expect(refused.map(refusal)).toEqual(
      Array.from({ length: 10 }, () => ({
        message:
          'Die Projektanteile von Bernd Weber im Monat 07/2020 ergäben zusammen 110 %: bereits 100 % über alle Bescheide zugeordnet, ' +
          'dazu 10 %, das ist mehr als 100 %; kein Monat darf doppelt gefördert werden.',
        code: 'BAD_USER_INPUT',
        reason: 'SHARE_ABOVE_ONE',
        field: 'share',
        figures: { month: '2020-07', existing: '1', additional: '0.1', total: '1.1' },
      })),
    );

    const [stored] = await query<{ allocations: number; shares: string; amount: string }>(
      `select count(*)::int as allocations, sum(share)::text as shares, sum(amount)::text as amount
         from staff_allocation where employee_id = ? and month = '2020-07-01'`,
      [ids.employee],
    );
    expect(stored).toEqual({ allocations: 10, shares: '1.0000', amount: '4500.00' });
    expect(await auditedRequests('staff', 'StaffAllocation', 'CREATE')).toEqual(requestIds(accepted));
  });

  it('Rule 5: of fifty payments of 5,000.00 against 100,000.00 exactly twenty are acknowledged, all of them stored', async () => {
    const answers = await atOnce<{ recordPayment: { id: string; amount: string } }>(
      'payment',
      50,
      'mutation ($input: PaymentInput!) { recordPayment(input: $input) { id amount } }',
      () => ({ input: { grantNoticeId: ids.paymentNotice, paidOn: '2020-07-15', amount: '5000.00' } }),
    );
    const { accepted, refused } = split(answers);
    expect([accepted.length, refused.length]).toEqual([20, 30]);
    // Every refusal saw all twenty: the notice's row lock let no two payments overlap.
    expect(refused.map(refusal)).toEqual(
      Array.from({ length: 30 }, () => ({
        message:
          'Die Auszahlung über 5.000,00 € übersteigt den bewilligten Betrag: bewilligt 100.000,00 €, ' +
          'bereits ausgezahlt 100.000,00 €, noch auszahlbar 0,00 €.',
        code: 'BAD_USER_INPUT',
        reason: 'PAYMENTS_ABOVE_APPROVED',
        field: 'amount',
        figures: { approved: '100000.00', paid: '100000.00', requested: '0.00', amount: '5000.00', remaining: '0.00' },
      })),
    );

    const stored = await query<{ id: string; amount: string }>(
      `select id, amount::text as amount from payment where notice_id = ? order by id`,
      [ids.paymentNotice],
    );
    expect(stored.reduce((sum, row) => sum.plus(row.amount), d('0')).toFixed(2)).toBe('100000.00');
    expect(stored.map((row) => row.id).sort()).toEqual(accepted.map((answer) => answer.data!.recordPayment.id).sort());
    expect(await auditedRequests('payment', 'Payment', 'CREATE')).toEqual(requestIds(accepted));
  });

  it('imports a file uploaded to both processes at once exactly once and refuses the other upload as already imported', async () => {
    const rows = 300;
    const lines = ['Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag'];
    let cents = 0;
    for (let row = 1; row <= rows; row += 1) {
      const amount = row * 101;
      cents += amount;
      const euros = `${Math.floor(amount / 100)},${String(amount % 100).padStart(2, '0')}`;
      lines.push(`TP-${row};01.07.2020;15.07.2020;Müller GmbH;Lizenz ${row};Software;${euros}`);
    }
    // 1.01 € × (1 + 2 + … + 300) = 1.01 € × 45,150 = 45,601.50 €.
    expect(cents).toBe(4_560_150);
    const file = new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
    const upload = async (index: number, fileName: string) => {
      const server = servers[index]!;
      const response = await fetch(`${server.url}/imports/receipts?grantNoticeId=${ids.importNotice}&dryRun=false`, {
        method: 'POST',
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${fileName}"`,
          authorization: `Bearer ${tokens.officer}`,
          'x-request-id': `import-${index}`,
        },
        body: file,
      });
      return { requestId: `import-${index}`, fileName, status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const answers = await Promise.all([upload(0, 'a.csv'), upload(1, 'b.csv')]);
    const winner = answers.find((answer) => answer.status === 200);
    const loser = answers.find((answer) => answer.status !== 200);
    expect(answers.map((answer) => answer.status).sort(), JSON.stringify(answers)).toEqual([200, 409]);
    expect(winner!.body).toMatchObject({ fileName: winner!.fileName, rows, totalAmount: '45601.50', problems: [], imported: true });
    const batchId = winner!.body.batchId as string;
    expect(loser!.body).toEqual({
      errors: [
        {
          message: expect.stringMatching(/^Diese Datei wurde bereits am /) as unknown,
          extensions: { code: 'CONFLICT', reason: 'ALREADY_IMPORTED', batchId },
        },
      ],
    });
    const message = (loser!.body as { errors: { message: string }[] }).errors[0]!.message;
    expect(message).toMatch(
      new RegExp(
        `^Diese Datei wurde bereits am \\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2} als Stapel ${batchId} eingelesen \\("${winner!.fileName}", 300 Belege, 45\\.601,50 €\\); sie wird nicht erneut eingelesen\\.$`,
      ),
    );

    const [stored] = await query<{ receipts: number; total: string; batches: number }>(
      `select count(*)::int as receipts, sum(amount)::text as total, (select count(*)::int from import_batch where notice_id = ?) as batches
         from expenditure where notice_id = ?`,
      [ids.importNotice, ids.importNotice],
    );
    expect(stored).toEqual({ receipts: 300, total: '45601.50', batches: 1 });
    expect(await auditedRequests('import', 'ImportBatch', 'CREATE')).toEqual([winner!.requestId]);
  });

  it('lets one of ten edits of the same version through and refuses the other nine with CONFLICT', async () => {
    const [before] = await query<{ version: number }>('select version from grant_notice where id = ?', [ids.editNotice]);
    const answers = await atOnce<{ updateGrantNotice: { reference: string; version: number } }>(
      'edit',
      10,
      'mutation ($id: ID!, $v: Int!, $input: GrantNoticePatch!) { updateGrantNotice(id: $id, expectedVersion: $v, input: $input) { reference version } }',
      (index) => ({ id: ids.editNotice, v: before!.version, input: { reference: `TFM-EGOV-EDIT-${index}` } }),
    );
    const { accepted, refused } = split(answers);
    expect([accepted.length, refused.length]).toEqual([1, 9]);
    const [winner] = accepted;
    expect(winner!.data?.updateGrantNotice.version).toBe(before!.version + 1);
    expect(refused.map(refusal)).toEqual(
      Array.from({ length: 9 }, () => ({
        message:
          `Der Zuwendungsbescheid ${ids.editNotice} wurde inzwischen von jemand anderem geändert (bearbeitet wurde Version ${before!.version}, ` +
          `aktuell ist Version ${before!.version + 1}). Bitte neu laden und die Änderung erneut vornehmen.`,
        code: 'CONFLICT',
        reason: 'STALE_VERSION',
      })),
    );

    const [after] = await query<{ version: number; reference: string }>('select version, reference from grant_notice where id = ?', [
      ids.editNotice,
    ]);
    expect(after).toEqual({ version: before!.version + 1, reference: winner!.data?.updateGrantNotice.reference });
    expect(await auditedRequests('edit', 'GrantNotice', 'UPDATE')).toEqual([winner!.requestId]);
  });

  it('lets one of two amendments based on the same version through and refuses the other with CONFLICT', async () => {
    const [before] = await query<{ version: number }>('select version from grant_notice where id = ?', [ids.amendNotice]);
    const answers = await atOnce<{ amendGrantNotice: { approvedAmount: string; currentVersionNo: number } }>(
      'amend',
      2,
      'mutation ($id: ID!, $v: Int!, $input: GrantAmendmentInput!) { amendGrantNotice(id: $id, expectedVersion: $v, input: $input) { approvedAmount currentVersionNo } }',
      (index) => ({
        id: ids.amendNotice,
        v: before!.version,
        input: {
          reference: `TFM-EGOV-AMEND-${index}`,
          amendmentDate: '2020-12-15',
          reason: 'Gleichzeitige Bearbeitung',
          approvedAmount: ['139000.00', '138000.00'][index],
        },
      }),
    );
    const { accepted, refused } = split(answers);
    expect([accepted.length, refused.length]).toEqual([1, 1]);
    const [winner] = accepted;
    expect(winner!.data?.amendGrantNotice.currentVersionNo).toBe(2);
    expect(refused.map(refusal)).toEqual([
      {
        message:
          `Der Zuwendungsbescheid ${ids.amendNotice} wurde inzwischen von jemand anderem geändert (bearbeitet wurde Version ${before!.version}, ` +
          `aktuell ist Version ${before!.version + 1}). Bitte neu laden und die Änderung erneut vornehmen.`,
        code: 'CONFLICT',
        reason: 'STALE_VERSION',
      },
    ]);

    const versions = await query<{ version_no: number; approved_amount: string }>(
      'select version_no, approved_amount::text from grant_notice_version where notice_id = ? order by version_no',
      [ids.amendNotice],
    );
    expect(versions).toEqual([
      { version_no: 1, approved_amount: '145012.03' },
      { version_no: 2, approved_amount: winner!.data?.amendGrantNotice.approvedAmount },
    ]);
    const [amendments] = await query<{ count: number }>('select count(*)::int as count from grant_amendment where notice_id = ?', [
      ids.amendNotice,
    ]);
    expect(amendments).toEqual({ count: 1 });
    expect(await auditedRequests('amend', 'GrantAmendment', 'CREATE')).toEqual([winner!.requestId]);
  });

  it('logged no internal error in either process', () => {
    for (const server of servers) {
      expect(
        server.logs().filter((entry) => Number(entry.level) >= 50),
        `errors logged by ${server.name}`,
      ).toEqual([]);
    }
  });
});

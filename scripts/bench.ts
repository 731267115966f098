// `npm run bench [-- --size S|M|L] [--runs N] [--only overview,budget-check,proof-of-use,record,import,mixed,web] [--json FILE]
//   [--levels 10,50,200] [--seconds 10]`:
// the product against what PostgreSQL and exceljs can do at best, on the generated state-wide data set.
//
// The data set is generated once per size into the database `grants_bench_<size>` (kept as a template);
// every run works on a fresh copy of it, `grants_bench_run`, so that runs do not change each other's
// data. The service runs as its own process (`dist/src/main.js`), as in production; the clients and the
// baselines run here. Prints, per operation, the product's median and p95 beside the baseline's and
// their ratio, and checks that the API and the SQL baselines agree to the cent. The mixed phase puts a
// fresh service process under reads and writes from 10, 50 and 200 connections at once and fails when
// a request is lost or answered 5xx other than the deliberate 503 SERVICE_BUSY.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Dec } from '../src/domain/decimal.js';
import { signLocalToken } from '../src/http/authentication.js';
import { rolesOf } from '../src/database-roles.js';
import { migrate, openOrm, withOwner } from '../src/orm.js';
import { BUDGET_CHECK_SQL, NOTICE_FIGURES_SQL } from './bench-baselines.js';
import { loadLevel, loadTable, type LoadLevel } from './bench-load.js';
import { benchWeb, webTable, type WebFigure } from './bench-web.js';
import { SessionStore } from '../src/http/sessions.js';
import { generateData, type DataSize } from './generate-data.js';

/** Stops the benchmark: the service process and the run database are cleaned up by the caller's `finally`. */
class BenchmarkFailure extends Error {}

function fail(message: string): never {
  throw new BenchmarkFailure(message);
}

function usage(message: string): never {
  console.error(message);
  process.exit(2);
}

const SIZES = ['S', 'M', 'L'] as const;
const OPERATIONS = ['overview', 'budget-check', 'proof-of-use', 'record', 'import', 'mixed', 'web'] as const;
type Operation = (typeof OPERATIONS)[number];

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'L' },
    runs: { type: 'string' },
    only: { type: 'string' },
    json: { type: 'string' },
    clients: { type: 'string', default: '16' },
    processes: { type: 'string', default: '1' },
    levels: { type: 'string', default: '10,50,200' },
    seconds: { type: 'string', default: '10' },
  },
});
const size = values.size!.toUpperCase() as DataSize;
if (!SIZES.includes(size as (typeof SIZES)[number])) usage(`--size must be one of ${SIZES.join(', ')}.`);
const only = values.only ? (values.only.split(',') as Operation[]) : [...OPERATIONS];
for (const operation of only) if (!OPERATIONS.includes(operation)) usage(`Unknown operation ${operation}; use ${OPERATIONS.join(', ')}.`);
/** Fewer repetitions on the small sizes, which CI runs to see that the benchmark works. */
const runsOverride = values.runs ? Number(values.runs) : null;
const clients = Number(values.clients);
/** Service processes the recording clients are spread over (the other operations use the first). */
const serviceProcesses = Number(values.processes);
/** Connections at once in the mixed phase, and how long each level runs. */
const loadLevels = values.levels!.split(',').map(Number);
const loadSeconds = Number(values.seconds);
if (loadLevels.some((level) => !Number.isInteger(level) || level < 1)) usage('--levels must be positive whole numbers, e.g. 10,50,200.');
if (!(loadSeconds > 0)) usage('--seconds must be a positive number.');

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const templateName = `grants_bench_${size.toLowerCase()}`;
// Per process, so that two benchmarks on one server do not drop each other's copy.
const runName = `grants_bench_run_${process.pid}`;
const databaseUrl = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
const distRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeBinary = process.execPath;
/** Marks a template whose generation finished; a half-generated one is generated anew. */
const COMPLETE = `generated ${size}`;

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Data

async function ensureTemplate(): Promise<void> {
  const comment = await admin(async (client) => {
    const { rows } = await client.query<{ comment: string | null }>(
      'select shobj_description(oid, $2) as comment from pg_database where datname = $1',
      [templateName, 'pg_database'],
    );
    return rows.length === 0 ? undefined : rows[0]!.comment;
  });
  if (comment === COMPLETE) {
    log(`data set ${size} found in ${templateName}`);
    return;
  }
  await admin(async (client) => {
    await client.query(`drop database if exists ${templateName} with (force)`);
    await client.query(`create database ${templateName}`);
  });
  log(`generating data set ${size} into ${templateName} …`);
  const started = performance.now();
  const orm = await openOrm({ kind: 'postgresql', url: databaseUrl(templateName) });
  try {
    await migrate(orm);
    await generateData(orm, { size, onProgress: (message: string) => log(`  ${message}`) });
    // As the owner: the service's role may not vacuum tables it does not own.
    await withOwner(orm, (owner) => owner.em.fork().execute('vacuum analyze'));
  } finally {
    await orm.close(true);
  }
  await admin((client) => client.query(`comment on database ${templateName} is '${COMPLETE}'`));
  log(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function freshRunDatabase(): Promise<void> {
  await admin(async (client) => {
    await client.query(`drop database if exists ${runName} with (force)`);
    await client.query(`create database ${runName} template ${templateName}`);
  });
}

// ---------------------------------------------------------------------------------------------
// The service as its own process

interface Service {
  url: string;
  secretFile: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function startService(shared?: Service): Promise<Service> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'grants-bench-'));
  // Further processes share the first one's signing secret, so that one token works on all.
  const secretFile = shared?.secretFile ?? path.join(dataDir, 'auth-secret');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(nodeBinary, [path.join(distRoot, 'src', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(runName),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      AUTH_SECRET_FILE: secretFile,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) fail(`The service exited with ${child.exitCode} before it was ready.`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300) fail('The service did not become ready within 30 s.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    secretFile,
    process: child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function graphql<T>(service: Service, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL error: ${body.errors.map((error) => error.message).join('; ')}`);
  return body.data!;
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Figures {
  median: number;
  p95: number;
  runs: number;
}

interface Result {
  operation: string;
  unit: 'ms' | 'receipts/s' | 'MiB';
  product: Figures;
  baseline: Figures;
  /** product ÷ baseline for times and memory, baseline ÷ product for throughput: above 1 the product is slower. */
  ratio: number;
  target: string;
  met: boolean;
  note?: string;
}

function stats(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), runs: samples.length };
}

async function timed(runs: number, warmup: number, work: () => Promise<unknown>): Promise<Figures> {
  for (let i = 0; i < warmup; i += 1) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

const runsFor = (normal: number) => runsOverride ?? (size === 'L' ? normal : Math.max(3, Math.ceil(normal / 3)));

// ---------------------------------------------------------------------------------------------
// The operations

interface Subject {
  programId: string;
  largestNoticeId: string;
  largestReceipts: number;
  notices: number;
  /** Open notices with their recipients' AGS, for clients that book receipts. */
  openNotices: { id: string; ags: string }[];
}

async function subjectOf(pool: pg.Pool): Promise<Subject> {
  const { rows: programmes } = await pool.query<{ id: string; notices: string }>(
    `select funding_program_id as id, count(*) as notices from grant_notice group by funding_program_id order by count(*) desc limit 1`,
  );
  const programme = programmes[0];
  if (!programme) fail('The data set holds no grant notice.');
  const { rows: largest } = await pool.query<{ notice_id: string; receipts: string }>(
    `select notice_id, count(*) as receipts from expenditure group by notice_id order by count(*) desc limit 1`,
  );
  const { rows: open } = await pool.query<{ id: string; ags: string }>(
    `select n.id, r.ags from grant_notice n join recipient r on r.id = n.recipient_id
      where n.status = 'APPROVED' and n.funding_program_id = $1 order by n.id limit 200`,
    [programme.id],
  );
  return {
    programId: programme.id,
    largestNoticeId: largest[0]!.notice_id,
    largestReceipts: Number(largest[0]!.receipts),
    notices: Number(programme.notices),
    openNotices: open,
  };
}

const AS_OF = '2026-06-30';

const OVERVIEW_FIELDS = `
  id reference status approvedAmount
  recipient { ags name }
  budgetCheck { plannedTotal actualTotal recognisedTotal excludedCount }
  settlement(asOf: $asOf) { finalised recognisedTotal paidTotal finalGrant balance }`;

const OVERVIEW_QUERY = `
  query Overview($programme: ID!, $after: String, $asOf: LocalDate!) {
    grantNotices(first: 100, after: $after, filter: { fundingProgramId: $programme }) {
      pageInfo { hasNextPage endCursor }
      edges { node { ${OVERVIEW_FIELDS} } }
    }
  }`;

interface OverviewNode {
  id: string;
  reference: string;
  approvedAmount: string;
  recipient: { ags: string; name: string };
  budgetCheck: { plannedTotal: string; actualTotal: string; recognisedTotal: string; excludedCount: number };
  settlement: { finalised: boolean; recognisedTotal: string; paidTotal: string; finalGrant: string; balance: string };
}

async function overviewOverApi(service: Service, token: string, programId: string): Promise<OverviewNode[]> {
  const nodes: OverviewNode[] = [];
  let after: string | null = null;
  for (;;) {
    const data: {
      grantNotices: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: OverviewNode }[] };
    } = await graphql(service, token, OVERVIEW_QUERY, { programme: programId, after, asOf: AS_OF });
    nodes.push(...data.grantNotices.edges.map((edge) => edge.node));
    if (!data.grantNotices.pageInfo.hasNextPage) return nodes;
    after = data.grantNotices.pageInfo.endCursor;
  }
}

/** The API's figures must be the baseline's, to the cent: a benchmark of wrong figures would be worthless. */
function compareOverview(api: OverviewNode[], sql: Record<string, string | number>[]): void {
  const byId = new Map(sql.map((row) => [row.id, row]));
  if (api.length !== sql.length) fail(`The API lists ${api.length} notices, the SQL baseline ${sql.length}.`);
  for (const node of api) {
    const row = byId.get(node.id);
    const pairs: [string, unknown, unknown][] = [
      ['approvedAmount', node.approvedAmount, row?.approved_amount],
      ['plannedTotal', node.budgetCheck.plannedTotal, row?.planned_total],
      ['actualTotal', node.budgetCheck.actualTotal, row?.actual_total],
      ['recognisedTotal', node.budgetCheck.recognisedTotal, row?.recognised_total],
      ['excludedCount', node.budgetCheck.excludedCount, row?.excluded_count],
      ['settlement.recognisedTotal', node.settlement.recognisedTotal, row?.settled_recognised],
      ['paidTotal', node.settlement.paidTotal, row?.paid_total],
      ['finalGrant', node.settlement.finalGrant, row?.final_grant],
      ['balance', node.settlement.balance, row?.balance],
    ];
    for (const [name, fromApi, fromSql] of pairs) {
      const same =
        typeof fromApi === 'number'
          ? fromApi === fromSql
          : typeof fromApi === 'string' && new Dec(fromApi).equals(new Dec(String(fromSql)));
      if (!same) fail(`Notice ${node.reference}: ${name} is ${String(fromApi)} over the API but ${String(fromSql)} in SQL.`);
    }
  }
}

/** The Programmübersicht in one request: `FundingProgram.grantNotices`, every notice with its figures. */
const PROGRAMME_OVERVIEW_QUERY = `
  query ProgrammeOverview($programme: ID!, $asOf: LocalDate!) {
    fundingProgram(id: $programme) { grantNotices { ${OVERVIEW_FIELDS} } }
  }`;

async function programmeOverviewOverApi(service: Service, token: string, programId: string): Promise<OverviewNode[]> {
  const data = await graphql<{ fundingProgram: { grantNotices: OverviewNode[] } }>(service, token, PROGRAMME_OVERVIEW_QUERY, {
    programme: programId,
    asOf: AS_OF,
  });
  return data.fundingProgram.grantNotices;
}

async function benchOverview(service: Service, pool: pg.Pool, subject: Subject, auditor: string): Promise<Result[]> {
  const runs = runsFor(10);
  const { rows: sql } = await pool.query(NOTICE_FIGURES_SQL, [subject.programId, null, AS_OF]);
  compareOverview(await programmeOverviewOverApi(service, auditor, subject.programId), sql);
  compareOverview(await overviewOverApi(service, auditor, subject.programId), sql);
  const baseline = await timed(runs, 1, () => pool.query(NOTICE_FIGURES_SQL, [subject.programId, null, AS_OF]));
  const whole = await timed(runs, 1, () => programmeOverviewOverApi(service, auditor, subject.programId));
  const paged = await timed(runs, 1, () => overviewOverApi(service, auditor, subject.programId));
  return [
    {
      operation: `programme overview, ${subject.notices} notices in one request (FundingProgram.grantNotices)`,
      unit: 'ms',
      product: whole,
      baseline,
      ratio: whole.median / baseline.median,
      target: '≤ 1.5 × SQL',
      met: whole.median / baseline.median <= 1.5,
    },
    {
      operation: `the same through grantNotices in ${Math.ceil(subject.notices / 100)} pages of 100`,
      unit: 'ms',
      product: paged,
      baseline,
      ratio: paged.median / baseline.median,
      target: '(for comparison)',
      met: true,
    },
  ];
}

const BUDGET_CHECK_QUERY = `
  query BudgetCheck($id: ID!) {
    grantNotice(id: $id) {
      budgetCheck {
        lines { category planned actual deviation deviationPercent withinTolerance recognised }
        plannedTotal actualTotal recognisedTotal excludedCount
      }
    }
  }`;

interface BudgetCheckData {
  grantNotice: {
    budgetCheck: {
      lines: { category: string; planned: string; actual: string; recognised: string }[];
      recognisedTotal: string;
      excludedCount: number;
    };
  };
}

async function benchBudgetCheck(service: Service, pool: pg.Pool, subject: Subject, auditor: string): Promise<Result> {
  const runs = runsFor(50);
  const api = await graphql<BudgetCheckData>(service, auditor, BUDGET_CHECK_QUERY, { id: subject.largestNoticeId });
  const { rows } = await pool.query<{ category: string; planned: string; actual: string; recognised: string; excluded_count: number }>(
    BUDGET_CHECK_SQL,
    [subject.largestNoticeId],
  );
  for (const row of rows) {
    const line = api.grantNotice.budgetCheck.lines.find((candidate) => candidate.category === row.category);
    const equal = (a: string | undefined, b: string) => a !== undefined && new Dec(a).equals(new Dec(b));
    if (!line || !equal(line.actual, row.actual) || !equal(line.recognised, row.recognised) || !equal(line.planned, row.planned)) {
      fail(`Budget check line ${row.category}: API ${JSON.stringify(line)} but SQL ${JSON.stringify(row)}.`);
    }
  }
  if (rows.length !== api.grantNotice.budgetCheck.lines.length || rows[0]?.excluded_count !== api.grantNotice.budgetCheck.excludedCount) {
    fail('The budget check over the API and in SQL differ in lines or excluded receipts.');
  }
  const product = await timed(runs, 3, () => graphql(service, auditor, BUDGET_CHECK_QUERY, { id: subject.largestNoticeId }));
  const baseline = await timed(runs, 3, () => pool.query(BUDGET_CHECK_SQL, [subject.largestNoticeId]));
  const ratio = product.median / baseline.median;
  return {
    operation: `budget check of the largest grant (${subject.largestReceipts.toLocaleString('en')} receipts)`,
    unit: 'ms',
    product,
    baseline,
    ratio,
    target: '≤ 2 × SQL and < 50 ms',
    met: ratio <= 2 && product.median < 50,
  };
}

interface WorkerRun {
  ms: number;
  bytes: number;
  peakRssMiB: number;
  startRssMiB: number;
}

function runWorker(mode: 'proof-of-use' | 'bare-write', noticeId: string): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBinary, [path.join(distRoot, 'scripts', 'bench-worker.js'), mode, '--notice', noticeId], {
      env: { ...process.env, DATABASE_URL: databaseUrl(runName) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`bench worker ${mode} exited with ${code}`));
      else resolve(JSON.parse(output.trim().split('\n').at(-1)!) as WorkerRun);
    });
  });
}

async function benchProofOfUse(subject: Subject): Promise<Result[]> {
  const runs = runsFor(5);
  const product: WorkerRun[] = [];
  const bare: WorkerRun[] = [];
  for (let i = 0; i < runs; i += 1) {
    product.push(await runWorker('proof-of-use', subject.largestNoticeId));
    bare.push(await runWorker('bare-write', subject.largestNoticeId));
  }
  const time = { product: stats(product.map((run) => run.ms)), baseline: stats(bare.map((run) => run.ms)) };
  const memory = { product: stats(product.map((run) => run.peakRssMiB)), baseline: stats(bare.map((run) => run.peakRssMiB)) };
  const timeRatio = time.product.median / time.baseline.median;
  return [
    {
      operation: `proof of use of the largest grant (${subject.largestReceipts.toLocaleString('en')} receipts), time`,
      unit: 'ms',
      ...time,
      ratio: timeRatio,
      target: '≤ 1.3 × bare exceljs',
      met: timeRatio <= 1.3,
    },
    {
      operation: 'proof of use, peak memory of the process (RSS)',
      unit: 'MiB',
      ...memory,
      ratio: memory.product.median / memory.baseline.median,
      target: '≤ 300 MB',
      met: memory.product.p95 * 2 ** 20 <= 300e6,
      note: 'the baseline process holds the receipt cells in memory before it writes them',
    },
  ];
}

/** A receipt as a client books it, numbered so that every run books new ones. */
function receiptInput(run: number, index: number) {
  const cents = 1_000 + ((index * 7919) % 500_000);
  return {
    receiptNumber: `API-${run}-${index}`,
    invoiceDate: '2024-03-01',
    paymentDate: '2024-03-15',
    payee: `Lieferant ${index % 97}`,
    purpose: `Leistung ${index}`,
    category: 'SOFTWARE',
    amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
  };
}

const RECORD_MUTATION = `
  mutation Record($notice: ID!, $input: ExpenditureInput!) {
    recordExpenditure(grantNoticeId: $notice, input: $input) { id }
  }`;

async function benchRecording(services: Service[], pool: pg.Pool, subject: Subject): Promise<Result> {
  const service = services[0]!;
  const runs = runsFor(3);
  const perRun = size === 'L' ? 6_000 : 1_000;
  const targets = subject.openNotices.slice(0, clients);
  if (targets.length === 0) fail('No open notice to book receipts on.');
  const tokens = await Promise.all(
    targets.map((notice, index) =>
      signLocalToken(service.secretFile, { role: 'FINANCE_OFFICER', subject: `bench-officer-${index}`, recipients: [notice.ags] }),
    ),
  );
  const { rows: recipients } = await pool.query<{ id: string; recipient_id: string }>(
    'select id, recipient_id from grant_notice where id = any($1)',
    [targets.map((notice) => notice.id)],
  );
  const recipientOf = new Map(recipients.map((row) => [row.id, row.recipient_id]));
  let run = 0;

  /** `clients` loops at once, each booking its share one receipt per request. */
  async function concurrently(book: (client: number, index: number) => Promise<unknown>): Promise<number> {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      targets.map(async (_, client) => {
        for (let index = next++; index < perRun; index = next++) await book(client, index);
      }),
    );
    return perRun / ((performance.now() - started) / 1000);
  }

  const product: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs + 1; i += 1) {
    run += 1;
    const thisRun = run;
    const overApi = await concurrently((client, index) =>
      // The clients are spread over the service processes, as a load balancer would.
      graphql(services[client % services.length]!, tokens[client]!, RECORD_MUTATION, {
        notice: targets[client]!.id,
        input: receiptInput(thisRun, index),
      }),
    );
    run += 1;
    const sqlRun = run;
    const overSql = await concurrently((client, index) => {
      const input = receiptInput(sqlRun, index);
      const noticeId = targets[client]!.id;
      return pool.query(
        `insert into expenditure (id, created_at, notice_id, recipient_id, receipt_number, invoice_date, payment_date, payee, purpose,
                                  category, amount, eligible_amount, source)
         values (gen_random_uuid(), now(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 'MANUAL')`,
        [
          noticeId,
          recipientOf.get(noticeId),
          input.receiptNumber,
          input.invoiceDate,
          input.paymentDate,
          input.payee,
          input.purpose,
          input.category,
          input.amount,
        ],
      );
    });
    // The first round warms up both.
    if (i > 0) {
      product.push(overApi);
      baseline.push(overSql);
    }
  }
  const productFigures = stats(product);
  const baselineFigures = stats(baseline);
  // For throughput the median and p95 are of receipts per second over whole runs; p95 is the slow end.
  const slowEnd = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(0.05 * samples.length)]!;
  return {
    operation:
      `recording receipts, ${targets.length} clients at once, one receipt per request (${perRun.toLocaleString('en')} per run)` +
      (services.length > 1 ? `, ${services.length} service processes` : ''),
    unit: 'receipts/s',
    product: { ...productFigures, p95: slowEnd(product) },
    baseline: { ...baselineFigures, p95: slowEnd(baseline) },
    ratio: baselineFigures.median / productFigures.median,
    target: '≥ 1,000 receipts/s',
    met: productFigures.median >= 1000,
    note: 'baseline: the same rows as single-row INSERTs over as many connections',
  };
}

/** A German CSV export of `rows` receipts, as an accounting system writes it. */
function csvOf(rows: number, tag: string): string {
  const lines = ['Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag'];
  const categories = ['Software', 'Beratung', 'Hardware', 'Schulung'];
  for (let i = 1; i <= rows; i += 1) {
    const cents = 1_000 + ((i * 7919) % 500_000);
    const day = 1 + (i % 28);
    lines.push(
      `${tag}-${i};${day}.03.2024;${day}.04.2024;Lieferant ${i % 97} GmbH;Leistung ${i} laut Vertrag;${categories[i % 4]};` +
        `${Math.floor(cents / 100).toLocaleString('de-DE')},${String(cents % 100).padStart(2, '0')}`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The same rows as COPY reads them: the columns of `expenditure` in PostgreSQL's text format. */
function copyRowsOf(rows: number, tag: string, noticeId: string, recipientId: string): string {
  const categories = ['SOFTWARE', 'CONSULTING', 'HARDWARE', 'TRAINING'];
  const out: string[] = [];
  for (let i = 1; i <= rows; i += 1) {
    const cents = 1_000 + ((i * 7919) % 500_000);
    const day = String(1 + (i % 28)).padStart(2, '0');
    const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    out.push(
      [
        crypto.randomUUID(),
        new Date().toISOString(),
        noticeId,
        recipientId,
        `${tag}-${i}`,
        `2024-03-${day}`,
        `2024-04-${day}`,
        `Lieferant ${i % 97} GmbH`,
        `Leistung ${i} laut Vertrag`,
        categories[i % 4],
        amount,
        amount,
        'IMPORT',
      ].join('\t'),
    );
  }
  return `${out.join('\n')}\n`;
}

async function benchImport(service: Service, pool: pg.Pool, subject: Subject): Promise<Result> {
  const runs = runsFor(3);
  const rows = size === 'L' ? 100_000 : size === 'M' ? 20_000 : 5_000;
  const targets = subject.openNotices.slice(-(2 * (runs + 1)));
  if (targets.length < 2 * (runs + 1)) fail('Not enough open notices for the import runs.');
  const product: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs + 1; i += 1) {
    const notice = targets[2 * i]!;
    const token = await signLocalToken(service.secretFile, { role: 'FINANCE_OFFICER', subject: 'bench-import', recipients: [notice.ags] });
    const csv = Buffer.from(csvOf(rows, `IMP${i}`), 'utf8');
    const started = performance.now();
    const response = await fetch(`${service.url}/imports/receipts?grantNoticeId=${notice.id}&fileName=bench-${i}.csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: csv,
    });
    const report = (await response.json()) as { imported?: boolean; problems?: unknown[] };
    const overApi = performance.now() - started;
    if (!report.imported) fail(`The import was refused: ${JSON.stringify(report).slice(0, 500)}`);

    const copyTarget = targets[2 * i + 1]!;
    const { rows: recipient } = await pool.query<{ recipient_id: string }>('select recipient_id from grant_notice where id = $1', [
      copyTarget.id,
    ]);
    const text = copyRowsOf(rows, `COPY${i}`, copyTarget.id, recipient[0]!.recipient_id);
    const client = await pool.connect();
    const copyStarted = performance.now();
    try {
      await pipeline(
        Readable.from([text]),
        client.query(
          copyFrom(
            `copy expenditure (id, created_at, notice_id, recipient_id, receipt_number, invoice_date, payment_date, payee, purpose,
                               category, amount, eligible_amount, source) from stdin`,
          ),
        ),
      );
    } finally {
      client.release();
    }
    const overCopy = performance.now() - copyStarted;
    if (i > 0) {
      product.push(overApi);
      baseline.push(overCopy);
    }
  }
  const productFigures = stats(product);
  const baselineFigures = stats(baseline);
  const ratio = productFigures.median / baselineFigures.median;
  return {
    operation: `importing ${rows.toLocaleString('en')} receipts from CSV over HTTP`,
    unit: 'ms',
    product: productFigures,
    baseline: baselineFigures,
    ratio,
    target: '≤ 3 × COPY',
    met: ratio <= 3,
    note: 'baseline: COPY of the same rows into the same table, text prepared in memory',
  };
}

/**
 * Reads and writes from many connections at once, on a service process of its own so that its memory
 * is not what the operations before left behind: a short warm-up, then each level for `loadSeconds`.
 */
async function benchMixed(shared: Service, subject: Subject): Promise<LoadLevel[]> {
  const service = await startService(shared);
  try {
    const targets = subject.openNotices.slice(0, 100);
    if (targets.length === 0) fail('No open notice for the mixed load.');
    const clients = await Promise.all(
      targets.map(async (notice, index) => ({
        noticeId: notice.id,
        token: await signLocalToken(service.secretFile, {
          role: 'FINANCE_OFFICER',
          subject: `bench-load-${index}`,
          recipients: [notice.ags],
        }),
      })),
    );
    const pid = service.process.pid!;
    const run = (connections: number, seconds: number, tag: string) =>
      loadLevel({ url: service.url, pid, clients, connections, seconds, tag });
    await run(10, Math.min(3, loadSeconds), 'warmup');
    const levels: LoadLevel[] = [];
    for (const connections of loadLevels) {
      log(`  ${connections} connections for ${loadSeconds} s …`);
      levels.push(await run(connections, loadSeconds, `c${connections}`));
    }
    return levels;
  } finally {
    await service.stop();
  }
}

/** The web application on the largest grant, signed in as a finance officer of its recipient. */
async function benchWebApplication(service: Service, pool: pg.Pool, subject: Subject): Promise<WebFigure[]> {
  const { rows } = await pool.query<{ ags: string }>(
    'select r.ags from grant_notice n join recipient r on r.id = n.recipient_id where n.id = $1',
    [subject.largestNoticeId],
  );
  const orm = await openOrm({ kind: 'postgresql', url: databaseUrl(runName) });
  try {
    const session = await new SessionStore(orm).create(
      {
        subject: 'bench-finance',
        name: 'Finanzen (Benchmark)',
        role: 'FINANCE_OFFICER',
        recipientAgs: [rows[0]!.ags],
        cooperationId: null,
      },
      'DEMO',
    );
    return await benchWeb({ url: service.url, sessionKey: session.key, noticeId: subject.largestNoticeId, runs: runsFor(5), log });
  } finally {
    await orm.close(true);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function format(value: number, unit: Result['unit']): string {
  if (unit === 'receipts/s') return `${Math.round(value).toLocaleString('en')}/s`;
  if (unit === 'MiB') return `${value.toFixed(0)} MiB`;
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(1)} ms`;
}

function table(results: Result[]): string {
  const header = ['operation', 'product median', 'p95', 'baseline median', 'p95', 'ratio', 'target', 'met'];
  const rows = results.map((result) => [
    result.operation,
    format(result.product.median, result.unit),
    format(result.product.p95, result.unit),
    format(result.baseline.median, result.unit),
    format(result.baseline.p95, result.unit),
    `${result.ratio.toFixed(2)} ×`,
    result.target,
    result.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function machine(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ server_version: string }>('show server_version');
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.versions.node}, PostgreSQL ${rows[0]!.server_version}`;
}

// ---------------------------------------------------------------------------------------------

try {
  await main();
} catch (error) {
  if (!(error instanceof BenchmarkFailure)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}

async function main(): Promise<void> {
  await ensureTemplate();
  await freshRunDatabase();
  const service = await startService();
  const extraServices: Service[] = [];
  for (let index = 1; index < serviceProcesses; index += 1) extraServices.push(await startService(service));
  const pool = new pg.Pool({ connectionString: databaseUrl(runName), max: clients });
  const results: Result[] = [];
  let load: LoadLevel[] = [];
  let web: WebFigure[] = [];
  try {
    const subject = await subjectOf(pool);
    const auditor = await signLocalToken(service.secretFile, { role: 'AUDITOR', subject: 'bench-auditor' });
    const steps: Record<Operation, () => Promise<Result | Result[]>> = {
      overview: () => benchOverview(service, pool, subject, auditor),
      'budget-check': () => benchBudgetCheck(service, pool, subject, auditor),
      'proof-of-use': () => benchProofOfUse(subject),
      record: () => benchRecording([service, ...extraServices], pool, subject),
      import: () => benchImport(service, pool, subject),
      mixed: async () => {
        load = await benchMixed(service, subject);
        return [];
      },
      web: async () => {
        web = await benchWebApplication(service, pool, subject);
        return [];
      },
    };
    for (const operation of OPERATIONS) {
      if (!only.includes(operation)) continue;
      log(`${operation} …`);
      results.push(...[await steps[operation]()].flat());
    }
    const about = `${new Date().toISOString().slice(0, 10)}, data set ${size}, ${await machine(pool)}`;
    console.log(`\n${about}\n`);
    if (results.length > 0) console.log(`${table(results)}\n`);
    for (const result of results) if (result.note) console.log(`- ${result.operation}: ${result.note}`);
    if (load.length > 0) {
      console.log(
        `\nMixed load, ${loadSeconds} s per level (40 % notice list, 40 % budget check, 20 % recording a receipt; ` +
          `targets: p99 ≤ 500 ms at 50 connections, peak RSS ≤ 400 MiB):\n\n${loadTable(load)}\n`,
      );
      for (const level of load) for (const sample of level.samples) console.log(`- ${level.connections} connections: ${sample}`);
    }
    if (web.length > 0) {
      console.log(
        `\nThe web application in headless Chromium, the largest grant (${subject.largestReceipts} receipts):\n\n${webTable(web)}\n`,
      );
      for (const figure of web) if (figure.note) console.log(`- ${figure.measure}: ${figure.note}`);
    }
    if (values.json) writeFileSync(values.json, JSON.stringify({ about, size, results, load, web }, null, 2));
    const failed = load.filter((level) => level.serverErrors + level.lost + level.otherErrors > 0);
    if (failed.length > 0) {
      fail(
        `Under load, requests were lost or answered with an error other than 503 SERVICE_BUSY: ` +
          failed
            .map(
              (level) =>
                `${level.connections} connections: ${level.serverErrors} 5xx, ${level.lost} lost, ${level.otherErrors} other errors`,
            )
            .join('; '),
      );
    }
  } finally {
    await pool.end();
    for (const extra of extraServices) await extra.stop();
    await service.stop();
    await admin(async (client) => {
      await client.query(`drop database if exists ${runName} with (force)`);
      // The roles the service set up for the copy belong to the cluster: they go with it.
      const roles = rolesOf(runName);
      await client.query(`drop role if exists "${roles.service}", "${roles.owner}"`);
    });
  }
}

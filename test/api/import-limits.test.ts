// What one finance officer's uploads may cost the service: a small workbook that unpacks to hundreds of
// megabytes or a million rows is refused after reading no more than the limits allow, in seconds and
// with bounded memory, while /healthz keeps answering; a dry run of 50,000 rows keeps it answering too;
// a user has at most two uploads running at a time.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Expenditure } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { district, kyffhaeuserNotice, programme, projectOf } from '../support/factories.js';
import { headerRow, tinyRows, whitespace, workbookArchive } from '../support/xlsx-bombs.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What /healthz must answer within throughout (the figure). */
const HEALTH_BOUND_MS = 200;
/**
 * How much the process may grow while one bomb is read: the service's own working set for it is a
 * few megabytes; loaded whole (as before), a 400 MB sheet took gigabytes.
 */
const MEMORY_BOUND_BYTES = 300 * 1024 * 1024;

let api: TestApi;
let officer: string;
let noticeId: string;
let recipientAgs: string;

interface Refusal {
  status: number;
  retryAfter: string | null;
  body: {
    errors?: { message: string; extensions: { code: string; reason?: string; field?: string } }[];
    rows?: number;
    problems?: unknown[];
  };
}

async function upload(bytes: Uint8Array, options: { token?: string; contentType?: string; dryRun?: boolean } = {}): Promise<Refusal> {
  const response = await fetch(`${api.url}/imports/receipts?grantNoticeId=${noticeId}&dryRun=${options.dryRun ?? false}`, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? XLSX_TYPE, authorization: `Bearer ${options.token ?? officer}` },
    body: bytes,
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Refusal['body'] };
}

interface Watched<T> {
  result: T;
  elapsedMs: number;
  /** The slowest /healthz answer while the work ran (asked every 50 ms). */
  slowestHealthMs: number;
  healthChecks: number;
  /** The largest resident set seen while the work ran, above the one before it. */
  memoryGrowth: number;
}

/**
 * Asks /healthz every 50 ms from a process of its own (so that only the service's event loop is
 * measured, not the test's), until its input is closed; then prints the slowest answer and how many.
 */
const PROBE = `
let stop = false;
let slowest = 0;
let checks = 0;
process.stdin.on('end', () => (stop = true)).resume();
while (!stop) {
  const asked = performance.now();
  await (await fetch(process.argv[1])).arrayBuffer();
  // The first answer warms this process up (and comes before the work starts): not counted.
  if (checks > 0) slowest = Math.max(slowest, performance.now() - asked);
  checks += 1;
  if (checks === 1) process.stdout.write('ready\\n');
  await new Promise((resolve) => setTimeout(resolve, 50));
}
process.stdout.write(JSON.stringify({ slowest, checks }) + '\\n');
`;

async function healthProbe(): Promise<{ stop(): Promise<{ slowest: number; checks: number }> }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE, `${api.url}/healthz`], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => reject(new Error(`the /healthz probe ended: ${output}`)));
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.startsWith('ready\n')) resolve();
    });
  });
  return {
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
      const { slowest, checks } = JSON.parse(output.split('\n')[1]!) as { slowest: number; checks: number };
      return { slowest, checks: checks - 1 };
    },
  };
}

/** Runs `work` while another process asks /healthz every 50 ms, sampling the resident set of this process (the service's). */
async function watched<T>(work: () => Promise<T>): Promise<Watched<T>> {
  const probe = await healthProbe();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const result = await work();
    const elapsedMs = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage().rss);
    const health = await probe.stop();
    return { result, elapsedMs, slowestHealthMs: health.slowest, healthChecks: health.checks, memoryGrowth: peak - baseline };
  } finally {
    clearInterval(sampler);
  }
}

const count = () => api.service.orm.em.fork().count(Expenditure, { notice: noticeId });
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

beforeAll(async () => {
  api = await startTestApi();
  const em = api.service.orm.em.fork();
  const program = await programme(em);
  const kyf = await district(em);
  recipientAgs = kyf.ags;
  const project = await projectOf(em, kyf.id);
  noticeId = (await createGrantNotice(em, Access.system(), kyffhaeuserNotice(program.id, project.id))).id;
  officer = await api.token({ role: 'FINANCE_OFFICER', recipients: [recipientAgs] });
});

afterAll(async () => {
  await api?.stop();
});

/** Uploads a bomb and checks the refusal, the time, the memory, and /healthz meanwhile. */
async function expectRefused(label: string, bytes: Buffer, expected: { reason: string; message: string }, boundMs: number) {
  const before = await count();
  const run = await watched(() => upload(bytes));
  console.log(
    `${label} (${(bytes.length / 1024).toFixed(0)} KB): answered ${run.result.status} in ${run.elapsedMs.toFixed(0)} ms, ` +
      `process grew by ${mb(run.memoryGrowth)}, slowest of ${run.healthChecks} /healthz answers ${run.slowestHealthMs.toFixed(0)} ms`,
  );
  expect(run.result).toEqual({
    status: 413,
    retryAfter: null,
    body: { errors: [{ message: expected.message, extensions: { code: 'PAYLOAD_TOO_LARGE', reason: expected.reason, field: 'file' } }] },
  });
  expect(run.elapsedMs).toBeLessThan(boundMs);
  expect(run.memoryGrowth).toBeLessThan(MEMORY_BOUND_BYTES);
  if (run.elapsedMs > 300) expect(run.healthChecks).toBeGreaterThan(0);
  expect(run.slowestHealthMs).toBeLessThan(HEALTH_BOUND_MS);
  expect(await count()).toBe(before);
}

const UNPACKED_MESSAGE =
  'Die Arbeitsmappe ist entpackt größer als 100 MB (eine XLSX-Datei ist ein gepacktes ZIP-Archiv); teilen Sie sie auf mehrere Dateien auf oder exportieren Sie CSV.';

describe('workbooks that unpack to far more than they are', () => {
  it('refuses a sheet of 1,000,000 rows at the 100,001st receipt row as TOO_MANY_ROWS', async () => {
    const bytes = await workbookArchive([headerRow(), ...tinyRows(1_000_000)]);
    await expectRefused(
      'a million rows',
      bytes,
      {
        reason: 'TOO_MANY_ROWS',
        message:
          'Die Datei hat mehr als 100.000 Belegzeilen (die 100.001. steht in Zeile 100.002); teilen Sie sie auf mehrere Dateien auf.',
      },
      20_000,
    );
  });

  it('refuses a sheet that inflates to 400 MB as FILE_TOO_LARGE_UNPACKED, also when the archive understates its size', async () => {
    const sheet = () => [headerRow(), ...whitespace(400 * 1024 * 1024), '<row r="2"><c r="A2"><v>1</v></c></row>'];
    const honest = await workbookArchive(sheet());
    expect(honest.length).toBeLessThan(1024 * 1024);
    await expectRefused('400 MB sheet, sizes declared', honest, { reason: 'FILE_TOO_LARGE_UNPACKED', message: UNPACKED_MESSAGE }, 5_000);
    const understated = await workbookArchive(sheet(), { understate: true });
    await expectRefused(
      '400 MB sheet, sizes understated',
      understated,
      { reason: 'FILE_TOO_LARGE_UNPACKED', message: UNPACKED_MESSAGE },
      10_000,
    );
  });

  it('refuses a shared-strings table that inflates to 400 MB, or holds 1,200,000 texts, before the sheet is read', async () => {
    const giant = await workbookArchive([headerRow()], {
      sharedStrings: ['<si><t>', ...whitespace(400 * 1024 * 1024), '</t></si>'],
      understate: true,
    });
    await expectRefused('400 MB shared string', giant, { reason: 'FILE_TOO_LARGE_UNPACKED', message: UNPACKED_MESSAGE }, 10_000);
    const many = await workbookArchive([headerRow()], {
      sharedStrings: (function* () {
        for (let block = 0; block < 1_200; block += 1) yield '<si><t>x</t></si>'.repeat(1_000);
      })(),
    });
    await expectRefused(
      '1,200,000 shared strings',
      many,
      {
        reason: 'TOO_MANY_CELLS',
        message:
          'Die Arbeitsmappe enthält mehr als 1.000.000 verschiedene Texte; teilen Sie sie auf mehrere Dateien auf oder exportieren Sie CSV.',
      },
      10_000,
    );
  });

  it('refuses rows with a value in column XFD as TOO_MANY_CELLS at the first of them', async () => {
    const rows = function* () {
      yield headerRow();
      for (let start = 2; start < 100_002; start += 1000) {
        let text = '';
        for (let row = start; row < start + 1000; row += 1) text += `<row r="${row}"><c r="XFD${row}"><v>1</v></c></row>`;
        yield text;
      }
    };
    await expectRefused(
      'a value in column XFD of 100,000 rows',
      await workbookArchive(rows()),
      {
        reason: 'TOO_MANY_CELLS',
        message:
          'Zeile 2 hat Werte in mehr als 1.000 Spalten; ein Buchungsexport hat weit weniger. Löschen Sie die Werte rechts der Belegspalten oder exportieren Sie die Datei erneut.',
      },
      5_000,
    );
  });
});

describe('the event loop during a large dry run', () => {
  it('keeps answering /healthz within 200 ms while 50,000 CSV rows are checked', async () => {
    const lines = ['Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag'];
    for (let index = 1; index <= 50_000; index += 1) {
      lines.push(`DRY-${index};01.07.2020;15.07.2020;Müller GmbH ${index % 50};Lizenz ${index};Software;${(index % 900) + 1},50`);
    }
    const run = await watched(() => upload(new TextEncoder().encode(lines.join('\r\n')), { contentType: 'text/csv', dryRun: true }));
    console.log(
      `dry run of 50,000 CSV rows: answered ${run.result.status} in ${run.elapsedMs.toFixed(0)} ms, ` +
        `slowest of ${run.healthChecks} /healthz answers ${run.slowestHealthMs.toFixed(0)} ms`,
    );
    expect([run.result.status, run.result.body.rows, run.result.body.problems]).toEqual([200, 50_000, []]);
    expect(run.healthChecks).toBeGreaterThan(1);
    expect(run.slowestHealthMs).toBeLessThan(HEALTH_BOUND_MS);
  });
});

describe('uploads running at a time', () => {
  /** An upload whose body is sent only when `finish` is called: it holds its place meanwhile. */
  function heldUpload(token: string) {
    let finish!: () => void;
    const sent = new Promise<void>((resolve) => (finish = resolve));
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(
          new TextEncoder().encode('Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag\r\n'),
        );
        await sent;
        controller.enqueue(new TextEncoder().encode(`H-${Math.random()};01.07.2020;15.07.2020;Müller GmbH;Lizenz;Software;10,00`));
        controller.close();
      },
    });
    const answer = fetch(`${api.url}/imports/receipts?grantNoticeId=${noticeId}&dryRun=true`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body,
      duplex: 'half',
    } as RequestInit).then((response) => response.status);
    return { finish, answer };
  }

  it('answers a third upload of the same user 429 TOO_MANY_IMPORTS with Retry-After; other users and later uploads go through', async () => {
    const first = heldUpload(officer);
    const second = heldUpload(officer);
    // Both bodies have started to arrive once a request after them is answered.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const file = new TextEncoder().encode(
      'Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag\r\nT-1;01.07.2020;15.07.2020;Müller GmbH;Lizenz;Software;10,00',
    );
    const third = await upload(file, { contentType: 'text/csv', dryRun: true });
    expect(third).toEqual({
      status: 429,
      retryAfter: '5',
      body: {
        errors: [
          {
            message: 'Sie haben bereits 2 Importe laufen; senden Sie die Datei erneut, sobald einer davon beantwortet ist.',
            extensions: { code: 'TOO_MANY_REQUESTS', reason: 'TOO_MANY_IMPORTS' },
          },
        ],
      },
    });
    const colleague = await api.token({ role: 'FINANCE_OFFICER', recipients: [recipientAgs], subject: 'test-colleague' });
    expect((await upload(file, { token: colleague, contentType: 'text/csv', dryRun: true })).status).toBe(200);
    first.finish();
    second.finish();
    expect([await first.answer, await second.answer]).toEqual([200, 200]);
    expect((await upload(file, { contentType: 'text/csv', dryRun: true })).status).toBe(200);
  });
});

// One timed run of the benchmark in a process of its own, so that its peak memory is its own:
//   proof-of-use --notice ID   the Verwendungsnachweis as the service writes it
//   bare-write --notice ID     the same receipt cells written with nothing but exceljs's streaming writer
// Reads DATABASE_URL; prints one line of JSON: { ms, bytes, peakRssMiB, startRssMiB }.
import 'reflect-metadata';
import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';

const MiB = 2 ** 20;
const { values, positionals } = parseArgs({ options: { notice: { type: 'string' } }, allowPositionals: true });
const url = process.env.DATABASE_URL;
if (!url || !values.notice || !['proof-of-use', 'bare-write'].includes(positionals[0] ?? '')) {
  console.error('Usage: DATABASE_URL=… node dist/scripts/bench-worker.js proof-of-use|bare-write --notice ID');
  process.exit(2);
}
const noticeId = values.notice;

/** Counts the bytes and drops them: the file itself is not what is measured. */
function sink(): { stream: Writable; bytes: () => number } {
  let bytes = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  return { stream, bytes: () => bytes };
}

type Cells = [string, string, Date, Date | null, string, string, string, number, number, string];

/** The receipt cells of the Belegliste, read before the clock starts. */
async function receiptCells(): Promise<Cells[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{
      receipt_number: string;
      invoice_date: string;
      payment_date: string | null;
      payee: string;
      purpose: string;
      category: string;
      amount: string;
      eligible_amount: string;
      remark: string | null;
    }>(
      `select receipt_number, invoice_date::text, payment_date::text, payee, purpose, category::text, amount::text, eligible_amount::text, remark
         from expenditure where notice_id = $1 order by id`,
      [noticeId],
    );
    return rows.map((row, index) => [
      String(index + 1),
      row.receipt_number,
      new Date(`${row.invoice_date}T00:00:00Z`),
      row.payment_date ? new Date(`${row.payment_date}T00:00:00Z`) : null,
      row.payee,
      row.purpose,
      row.category,
      Number(row.amount),
      Number(row.eligible_amount),
      row.remark ?? '',
    ]);
  } finally {
    await client.end();
  }
}

async function bareWrite(cells: Cells[], target: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: target, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Belegliste');
  for (const row of cells) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
}

/** The service's Verwendungsnachweis, with the ORM opened before the clock starts. */
async function proofOfUse(): Promise<{ write: (target: Writable) => Promise<void>; close: () => Promise<void> }> {
  const { openOrm } = await import('../src/orm.js');
  const { prepareProofOfUse } = await import('../src/reports/proof-of-use.js');
  const { Access } = await import('../src/services/access.js');
  const orm = await openOrm({ kind: 'postgresql', url: url! });
  await orm.em.fork().getConnection().execute('select 1');
  return {
    write: async (target) => {
      const report = await prepareProofOfUse(orm.em.fork(), Access.system(), noticeId);
      await report.write(target);
    },
    close: () => orm.close(true),
  };
}

const cells = positionals[0] === 'bare-write' ? await receiptCells() : null;
const product = cells ? null : await proofOfUse();
const startRss = process.memoryUsage().rss;
const { stream, bytes } = sink();
const started = performance.now();
if (cells) await bareWrite(cells, stream);
else await product!.write(stream);
await finished(stream);
const ms = performance.now() - started;
await product?.close();
console.log(JSON.stringify({ ms, bytes: bytes(), peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB, startRssMiB: startRss / MiB }));

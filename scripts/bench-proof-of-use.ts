// `npm run bench:proof-of-use [-- --receipts N]`: time and memory of the Verwendungsnachweis of one
// grant with many receipts, next to a bare exceljs streaming write of the same receipt cells without
// database or styles. Runs on the configured database (PostgreSQL via DATABASE_URL, else a throw-away
// embedded one, whose memory is part of this process and so of the baseline); the files go nowhere.
import 'reflect-metadata';
import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { migrate, openOrm } from '../src/orm.js';
import { prepareProofOfUse } from '../src/reports/proof-of-use.js';
import { Access } from '../src/services/access.js';
import { createBenchmarkGrant } from './bench-grant.js';

const { values } = parseArgs({ options: { receipts: { type: 'string', default: '100000' } } });
const receipts = Number(values.receipts);
const config = loadConfig();
const database = config.database.kind === 'postgresql' ? config.database : ({ kind: 'pglite', dataDir: null } as const);
const MiB = 2 ** 20;

/** Counts the bytes and drops them, so that only the writer's own memory is measured. */
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

/** Runs `task` while sampling resident set size and heap every 10 ms. */
async function measured(label: string, task: (target: Writable) => Promise<void>): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 10);
  const { stream, bytes } = sink();
  const started = performance.now();
  await task(stream);
  await finished(stream);
  const elapsed = performance.now() - started;
  clearInterval(timer);
  console.log(
    `${label}: ${(elapsed / 1000).toFixed(1)} s, ${(bytes() / MiB).toFixed(1)} MiB written; ` +
      `peak rss ${(peakRss / MiB).toFixed(0)} MiB (+${((peakRss - before.rss) / MiB).toFixed(0)} over ${(before.rss / MiB).toFixed(0)}), ` +
      `peak heap ${(peakHeap / MiB).toFixed(0)} MiB (+${((peakHeap - before.heapUsed) / MiB).toFixed(0)})`,
  );
}

/** The Belegliste's cells as the generator below fills them, written with nothing but exceljs. */
async function bareWrite(target: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: target, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Belegliste');
  const day = (offset: number, from: string) => new Date(Date.parse(`${from}T00:00:00Z`) + offset * 86_400_000);
  const categories = ['Software', 'Beratung', 'Hardware', 'Reisekosten'];
  for (let i = 1; i <= receipts; i += 1) {
    const amount = 100 + (i % 900) + (i % 100) / 100;
    sheet
      .addRow([
        i,
        `B-${i}`,
        day(i % 700, '2021-01-01'),
        day(i % 740, '2021-01-05'),
        `Lieferant ${i % 97}`,
        `Leistung ${i}`,
        categories[i % 4],
        amount,
        amount,
        '',
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

const orm = await openOrm(database);
const system = Access.system();
try {
  await migrate(orm);
  const em = orm.em.fork();
  const { noticeId } = await createBenchmarkGrant(em, system, receipts);
  console.log(`${receipts} receipts on ${database.kind}`);

  await measured('bare exceljs streaming write', bareWrite);
  await measured('Verwendungsnachweis', async (target) => {
    const report = await prepareProofOfUse(orm.em.fork(), system, noticeId);
    await report.write(target);
  });
} finally {
  await orm.close(true);
}

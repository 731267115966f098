// `npm run bench:budget-check [-- --receipts N]`: times the budget check of one grant with many receipts
// on the configured database (PostgreSQL via DATABASE_URL, else a throw-away embedded one). Prints
// median and p95 of repeated runs; the receipts are generated in SQL, then removed with the database.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { GrantNotice } from '../src/entities/index.js';
import { migrate, openOrm } from '../src/orm.js';
import { Access } from '../src/services/access.js';
import { budgetCheckOf } from '../src/services/expenditures.js';
import { createBenchmarkGrant } from './bench-grant.js';

const { values } = parseArgs({ options: { receipts: { type: 'string', default: '100000' }, runs: { type: 'string', default: '30' } } });
const receipts = Number(values.receipts);
const runs = Number(values.runs);
const config = loadConfig();
const database = config.database.kind === 'postgresql' ? config.database : ({ kind: 'pglite', dataDir: null } as const);
const orm = await openOrm(database);
const system = Access.system();
try {
  await migrate(orm);
  const em = orm.em.fork();
  const started = performance.now();
  // Every 50th receipt is reversed.
  const { noticeId } = await createBenchmarkGrant(em, system, receipts, { reverseEvery: 50 });
  console.log(`generated ${receipts} receipts in ${Math.round(performance.now() - started)} ms on ${database.kind}`);

  const times: number[] = [];
  let result;
  for (let run = 0; run < runs; run += 1) {
    const t0 = performance.now();
    result = await budgetCheckOf(orm.em.fork(), await orm.em.fork().findOneOrFail(GrantNotice, noticeId));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(
    `budget check of a grant with ${receipts} receipts: median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms over ${runs} runs`,
  );
  console.log(
    `recognised total ${result!.recognisedTotal.toFixed(2)}, actual ${result!.actualTotal.toFixed(2)}, excluded ${result!.excludedCount}`,
  );
  const heap = process.memoryUsage();
  console.log(`heap used ${(heap.heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(heap.rss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  await orm.close(true);
}

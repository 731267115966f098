// `npm run bench:budget-check [-- --receipts N]`: times the budget check of one grant with many receipts
// on the configured database (PostgreSQL via DATABASE_URL, else a throw-away embedded one). Prints
// median and p95 of repeated runs; the receipts are generated in SQL, then removed with the database.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { Dec } from '../src/domain/decimal.js';
import { GrantNotice } from '../src/entities/index.js';
import { migrate, openOrm } from '../src/orm.js';
import { Access } from '../src/services/access.js';
import { budgetCheckOf } from '../src/services/expenditures.js';
import { createGrantNotice } from '../src/services/notices.js';
import { createFundingProgram, setProgramBudget } from '../src/services/programs.js';
import { createProject } from '../src/services/projects.js';
import { createRecipient } from '../src/services/recipients.js';

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
  const suffix = Date.now().toString(36).toUpperCase();
  const program = await createFundingProgram(em, system, {
    code: `BENCH-${suffix}`,
    name: 'Benchmark',
    grantingAuthority: 'TFM',
    legalBasis: 'ThürLHO',
    maxRate: new Dec('0.8'),
    eligibleCategories: ['STAFF', 'CONSULTING', 'SOFTWARE', 'HARDWARE', 'TRAINING', 'TRAVEL', 'OTHER'],
  });
  await setProgramBudget(em, system, program.id, 2021, new Dec('999999999.00'));
  const ags = String(16_000_000 + (Date.now() % 999_999)).slice(0, 8);
  const recipient = await createRecipient(em, system, { name: `Benchmark ${suffix}`, kind: 'MUNICIPALITY', ags });
  const project = await createProject(em, system, { recipientId: recipient.id, title: 'Benchmark' });
  const notice = await createGrantNotice(em, system, {
    reference: `BENCH-${suffix}`,
    noticeDate: '2021-01-01',
    fundingProgramId: program.id,
    projectId: project.id,
    financingType: 'SHARE',
    rate: new Dec('0.8'),
    eligibleCosts: new Dec('50000000.00'),
    approvedAmount: new Dec('40000000.00'),
    approvalPeriod: { start: '2021-01-01', end: '2022-12-31' },
    budgetLines: [
      { category: 'SOFTWARE', planned: new Dec('20000000.00') },
      { category: 'CONSULTING', planned: new Dec('20000000.00') },
      { category: 'HARDWARE', planned: new Dec('10000000.00') },
    ],
  });
  const started = performance.now();
  // Receipts across four categories (one without a budget line), some paid outside the period, every 50th reversed.
  await em.execute(
    `insert into expenditure (id, created_at, notice_id, recipient_id, receipt_number, invoice_date, payment_date, payee, purpose,
                              category, amount, eligible_amount, source)
     select gen_random_uuid(), now(), ?, ?, 'B-' || i, date '2021-01-01' + (i % 700), date '2021-01-05' + (i % 740),
            'Lieferant ' || (i % 97), 'Leistung ' || i, (array['SOFTWARE','CONSULTING','HARDWARE','TRAVEL'])[1 + i % 4]::cost_category,
            (100 + i % 900)::numeric + (i % 100)::numeric / 100, (100 + i % 900)::numeric + (i % 100)::numeric / 100, 'IMPORT'
       from generate_series(1, ?) as i`,
    [notice.id, recipient.id, receipts],
  );
  await em.execute(
    `insert into expenditure_reversal (id, created_at, expenditure_id, reversed_on, reason)
     select gen_random_uuid(), now(), id, date '2022-12-31', 'Benchmark' from expenditure where notice_id = ? and (substr(receipt_number, 3)::int % 50) = 0`,
    [notice.id],
  );
  await em.execute('analyze expenditure; analyze expenditure_reversal');
  console.log(`generated ${receipts} receipts in ${Math.round(performance.now() - started)} ms on ${database.kind}`);

  const times: number[] = [];
  let result;
  for (let run = 0; run < runs; run += 1) {
    const t0 = performance.now();
    result = await budgetCheckOf(orm.em.fork(), await orm.em.fork().findOneOrFail(GrantNotice, notice.id));
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

// `npm run generate -- --size S|M|L [--seed N] [--concurrency N]`: fills the configured database (PostgreSQL via
// DATABASE_URL, else the embedded PGlite in DATA_DIR) with the generated state-wide data set of that size and seed,
// written through the use cases (scripts/generate-data.ts). Progress goes to stderr; the counts per record type and
// the time per stage to stdout. A data set already there is reported and left as it is.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { migrate, openOrm } from '../src/orm.js';
import { DATA_SET_SIZES, DEFAULT_SEED, generateData, SIZES, type DataSize, type GenerationSummary } from './generate-data.js';

const USAGE = `Usage: npm run generate -- --size S|M|L [--seed N] [--concurrency N]

  --size         S (${describe('S')}), M (${describe('M')}) or L (${describe('L')})
  --seed         seed of the pseudo-random data (default ${DEFAULT_SEED}); the same size and seed give the same data set
  --concurrency  units of work written at once (default 8 on PostgreSQL, 1 on the embedded PGlite)`;

function describe(size: DataSize): string {
  const spec = SIZES[size];
  return `${spec.notices.toLocaleString('en')} notices, ${spec.receipts.toLocaleString('en')} receipts`;
}

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      size: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const size = values.size?.toUpperCase();
if (!size || !(DATA_SET_SIZES as readonly string[]).includes(size)) fail('--size must be S, M or L.');
if (!/^\d+$/.test(values.seed) || Number(values.seed) > 0xffff_ffff) fail('--seed must be a whole number from 0 to 4294967295.');
if (values.concurrency !== undefined && !/^[1-9]\d*$/.test(values.concurrency)) fail('--concurrency must be a whole number of at least 1.');

const started = performance.now();
const stamp = () => `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s]`;

function printSummary(summary: GenerationSummary): void {
  const count = (value: number) => value.toLocaleString('en');
  const { counts } = summary;
  const rows: [string, number][] = [
    ['recipients', counts.recipients],
    ['cooperations', counts.cooperations],
    ['memberships', counts.memberships],
    ['projects', counts.projects],
    ['applications', counts.applications],
    ['grant notices', counts.grantNotices],
    ['amendments', counts.amendments],
    ['employees', counts.employees],
    ['staff allocations', counts.staffAllocations],
    ['import batches', counts.importBatches],
    ['receipts (imported)', counts.receipts],
    ['receipt reversals', counts.receiptReversals],
    ['shared invoices', counts.sharedInvoices],
    ['shared invoice parts', counts.sharedInvoiceParts],
    ['disbursement requests', counts.disbursementRequests],
    ['payments', counts.payments],
    ['payment reversals', counts.paymentReversals],
    ['proofs of use', counts.proofsOfUse],
    ['settlements', counts.settlements],
  ];
  console.log(
    summary.reused
      ? `Data set ${summary.programCode} is already in the database; nothing was written.`
      : `Generated data set ${summary.programCode} (size ${summary.size}, seed ${summary.seed}).`,
  );
  console.log(`Funding programme: ${summary.programCode} (id ${summary.fundingProgramId})`);
  console.log(
    `Largest grant:     ${summary.largestNotice.reference} (id ${summary.largestNotice.id}), ${count(summary.largestNotice.receipts)} receipts\n`,
  );
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => count(value).length));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${count(value).padStart(valueWidth)}`);
  if (summary.stages.length > 0) {
    console.log('\nTime per stage:');
    const stageWidth = Math.max(...summary.stages.map((stage) => stage.stage.length));
    for (const stage of summary.stages) {
      const rate = stage.ms > 0 && stage.count > 0 ? `, ${count(Math.round(stage.count / (stage.ms / 1000)))} ${stage.unit}/s` : '';
      console.log(
        `  ${stage.stage.padEnd(stageWidth)}  ${(stage.ms / 1000).toFixed(1).padStart(7)} s  (${count(stage.count)} ${stage.unit}${rate})`,
      );
    }
  }
  console.log(`\nElapsed: ${(summary.elapsedMs / 1000).toFixed(1)} s`);
}

const config = loadConfig();
const orm = await openOrm(config.database);
try {
  await migrate(orm);
  console.error(`${stamp()} data set ${size} (seed ${values.seed}) on ${config.database.kind === 'postgresql' ? 'PostgreSQL' : 'PGlite'}`);
  const summary = await generateData(orm, {
    size: size as DataSize,
    seed: Number(values.seed),
    ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
    onProgress: (message) => console.error(`${stamp()} ${message}`),
  });
  printSummary(summary);
} catch (error) {
  console.error(`${stamp()} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await orm.close(true);
}

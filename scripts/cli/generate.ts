// `grants generate --size S|M|L [--seed N] [--concurrency N]`: fills the configured database (PostgreSQL via
// DATABASE_URL, else the embedded PGlite in DATA_DIR) with the generated state-wide data set of that size and seed,
// written through the use cases (scripts/generate-data.ts). Progress goes to stderr; the counts per record type and
// the time per stage to stdout. A data set already there is reported and left as it is. A tool for measuring, so
// its output is English like the benchmark's.
import { DATA_SET_SIZES, DEFAULT_SEED, generateData, SIZES, type DataSize, type GenerationSummary } from '../generate-data.js';
import { config, parseOptions, UsageError, withDatabase, type Command } from './support.js';

const USAGE = `Usage: grants generate --size S|M|L [--seed N] [--concurrency N]

  --size         S (${describe('S')}), M (${describe('M')}) or L (${describe('L')})
  --seed         seed of the pseudo-random data (default ${DEFAULT_SEED}); the same size and seed give the same data set
  --concurrency  units of work written at once (default 8 on PostgreSQL, 1 on the embedded PGlite)`;

function describe(size: DataSize): string {
  const spec = SIZES[size];
  return `${spec.notices.toLocaleString('en')} notices, ${spec.receipts.toLocaleString('en')} receipts`;
}

let started = performance.now();
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

export const generate: Command = {
  summary: 'Testdatenbestand S, M oder L erzeugen (für Messungen)',
  usage: USAGE,
  async run(args) {
    const { values } = parseOptions(args, {
      size: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      concurrency: { type: 'string' },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const size = values.size?.toUpperCase();
    if (!size || !(DATA_SET_SIZES as readonly string[]).includes(size)) throw new UsageError('--size must be S, M or L.');
    if (!/^\d+$/.test(values.seed) || Number(values.seed) > 0xffff_ffff)
      throw new UsageError('--seed must be a whole number from 0 to 4294967295.');
    if (values.concurrency !== undefined && !/^[1-9]\d*$/.test(values.concurrency)) {
      throw new UsageError('--concurrency must be a whole number of at least 1.');
    }
    const settings = config();
    started = performance.now();
    return withDatabase(settings, 'grants generate', async (orm) => {
      console.error(
        `${stamp()} data set ${size} (seed ${values.seed}) on ${settings.database.kind === 'postgresql' ? 'PostgreSQL' : 'PGlite'}`,
      );
      const summary = await generateData(orm, {
        size: size as DataSize,
        seed: Number(values.seed),
        ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
        onProgress: (message) => console.error(`${stamp()} ${message}`),
      });
      printSummary(summary);
      return 0;
    });
  },
};

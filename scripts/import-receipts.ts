// `npm run import:receipts -- --notice ID --file PATH [--dry-run] [--as-subject NAME]`: imports receipts (Belege)
// from an accounting export into the configured database as the service itself, and prints the import report.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../src/config.js';
import { DomainInputError } from '../src/domain/errors.js';
import { formatEuro } from '../src/domain/money.js';
import { migrate, openOrm } from '../src/orm.js';
import { Access, SYSTEM_ACTOR } from '../src/services/access.js';
import { runAs } from '../src/services/call-context.js';
import { ForbiddenError, NotFoundError } from '../src/services/errors.js';
import { importReceipts, type ImportProgress, type ImportReport } from '../src/services/expenditure-import.js';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    notice: { type: 'string' },
    file: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'as-subject': { type: 'string' },
  },
  strict: true,
});
if (!values.notice) fail('--notice ID is required: the id of the grant notice to book the receipts on.');
if (!values.file) fail('--file PATH is required: the CSV or XLSX export to import.');

let bytes: Buffer;
try {
  bytes = readFileSync(values.file);
} catch (error) {
  fail(`Cannot read ${values.file}: ${error instanceof Error ? error.message : String(error)}`);
}

/** The person running the tool, for the audit trail; the service's own rights do the work. */
function subject(): string {
  if (values['as-subject']) return values['as-subject'];
  try {
    return `import-receipts:${userInfo().username}`;
  } catch {
    return 'import-receipts';
  }
}
const actor = { ...SYSTEM_ACTOR, subject: subject(), name: values['as-subject'] ?? `${SYSTEM_ACTOR.name} (import-receipts)` };

/** A bar on a terminal; in a log (CI, cron) a line every few seconds instead. */
function progressDisplay(): { update(rowsDone: number, progress: ImportProgress): void; stop(): void } {
  const label = { reading: 'Reading', booking: 'Booking' } as const;
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: '{stage} [{bar}] {value}/{total} rows', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let stage: ImportProgress['stage'] | null = null;
    return {
      update(rowsDone, progress) {
        const total = Math.max(progress.rowsTotal ?? rowsDone, rowsDone);
        if (stage !== progress.stage) {
          if (stage) bar.stop();
          stage = progress.stage;
          bar.start(total, rowsDone, { stage: label[stage].padEnd(7) });
        } else {
          bar.setTotal(total);
          bar.update(rowsDone);
        }
      },
      stop: () => (stage ? bar.stop() : undefined),
    };
  }
  let last = 0;
  return {
    update(rowsDone, progress) {
      const now = Date.now();
      if (now - last < 2_000 && rowsDone !== progress.rowsTotal) return;
      last = now;
      console.log(`${label[progress.stage]}: ${rowsDone}${progress.rowsTotal === null ? '' : ` of ${progress.rowsTotal}`} rows`);
    },
    stop: () => undefined,
  };
}

function printReport(report: ImportReport): void {
  console.log(`File:      ${report.fileName} (${report.format}, SHA-256 ${report.sha256})`);
  console.log(`Receipts:  ${report.rows}, total ${formatEuro(report.totalAmount)}`);
  if (report.problems.length > 0) {
    const rows = report.problems.map((problem) => [String(problem.row), problem.column, problem.problem]);
    const width = (index: number, title: string) => Math.max(title.length, ...rows.map((row) => row[index]!.length));
    const rowWidth = width(0, 'Row');
    const columnWidth = Math.min(width(1, 'Column'), 40);
    console.log(`\n${report.problems.length} problem(s); nothing was imported.\n`);
    console.log(`${'Row'.padStart(rowWidth)}  ${'Column'.padEnd(columnWidth)}  Problem`);
    for (const [row, column, problem] of rows) console.log(`${row!.padStart(rowWidth)}  ${column!.padEnd(columnWidth)}  ${problem}`);
  } else if (report.dryRun) {
    console.log('\nDry run: the file is fine; nothing was imported.');
  } else {
    console.log(`\nImported as batch ${report.batchId}.`);
  }
}

const config = loadConfig();
const orm = await openOrm(config.database);
let exitCode = 0;
try {
  await migrate(orm);
  const progress = progressDisplay();
  try {
    const report = await runAs({ actor, requestId: null }, () =>
      importReceipts(
        orm.em.fork(),
        Access.system(),
        values.notice!,
        { name: path.basename(values.file!), bytes },
        {
          dryRun: values['dry-run'],
          onProgress: (rowsDone, detail) => progress.update(rowsDone, detail),
        },
      ),
    );
    progress.stop();
    printReport(report);
    if (report.problems.length > 0) exitCode = 1;
  } catch (error) {
    progress.stop();
    if (!(error instanceof DomainInputError || error instanceof NotFoundError || error instanceof ForbiddenError)) throw error;
    console.error(`Refused: ${error.message}`);
    exitCode = 1;
  }
} finally {
  await orm.close();
}
process.exitCode = exitCode;

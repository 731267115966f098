// `grants import --notice ID --file DATEI [--dry-run]`: books the receipts (Belege) of an accounting
// export on a grant notice and prints the import report; through the running service when it holds
// the embedded database, so that what is booked is the service's and nothing is lost.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Dec } from '../../src/domain/decimal.js';
import { DomainInputError } from '../../src/domain/errors.js';
import { formatEuro } from '../../src/domain/money.js';
import { signLocalToken } from '../../src/http/authentication.js';
import { RECEIPT_IMPORT_PATH } from '../../src/http/imports.js';
import { Access, SYSTEM_ACTOR } from '../../src/services/access.js';
import { runAs } from '../../src/services/call-context.js';
import { ForbiddenError, NotFoundError } from '../../src/services/errors.js';
import { AlreadyImportedError, importReceipts, type ImportProgress, type ImportReport } from '../../src/services/expenditure-import.js';
import { config, parseOptions, Refusal, runningService, UsageError, withDatabase, type Command } from './support.js';

const USAGE = `Aufruf: grants import --notice ID --file DATEI [--dry-run] [--as-subject NAME]

Bucht die Belege eines Exports (CSV oder XLSX) auf einen Zuwendungsbescheid, alle oder keinen.

  --notice      Kennung des Zuwendungsbescheids
  --file        die Datei des Exports
  --dry-run     nur prüfen, nichts buchen
  --as-subject  wer im Prüfpfad als Buchende(r) erscheint (Vorgabe: der angemeldete Benutzer)`;

/** A bar on a terminal; in a log (CI, cron) a line every few seconds instead. */
function progressDisplay(): { update(rowsDone: number, progress: ImportProgress): void; stop(): void } {
  const label = { reading: 'Lesen', booking: 'Buchen' } as const;
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: '{stage} [{bar}] {value}/{total} Zeilen', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let stage: ImportProgress['stage'] | null = null;
    return {
      update(rowsDone, progress) {
        const total = Math.max(progress.rowsTotal ?? rowsDone, rowsDone);
        if (stage !== progress.stage) {
          if (stage) bar.stop();
          stage = progress.stage;
          bar.start(total, rowsDone, { stage: label[stage].padEnd(6) });
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
      console.log(`${label[progress.stage]}: ${rowsDone}${progress.rowsTotal === null ? '' : ` von ${progress.rowsTotal}`} Zeilen`);
    },
    stop: () => undefined,
  };
}

function printReport(report: ImportReport): void {
  console.log(`Datei:     ${report.fileName} (${report.format}, SHA-256 ${report.sha256})`);
  console.log(`Belege:    ${report.rows}, zusammen ${formatEuro(report.totalAmount)}`);
  if (report.notCounting.length > 0) {
    const rowWidth = Math.max(...report.notCounting.map((receipt) => String(receipt.row).length));
    const numberWidth = Math.max(...report.notCounting.map((receipt) => receipt.receiptNumber.length));
    console.log(`\n${report.notCounting.length} Beleg(e) werden gebucht, zählen aber nicht:`);
    for (const receipt of report.notCounting) {
      console.log(`Zeile ${String(receipt.row).padStart(rowWidth)}  ${receipt.receiptNumber.padEnd(numberWidth)}  ${receipt.explanation}`);
    }
  }
  if (report.problems.length > 0) {
    const rows = report.problems.map((problem) => [String(problem.row), problem.column, problem.problem]);
    const width = (index: number, title: string) => Math.max(title.length, ...rows.map((row) => row[index]!.length));
    const rowWidth = width(0, 'Zeile');
    const columnWidth = Math.min(width(1, 'Spalte'), 40);
    console.log(`\n${report.problems.length} Problem(e); es wurde nichts gebucht.\n`);
    console.log(`${'Zeile'.padStart(rowWidth)}  ${'Spalte'.padEnd(columnWidth)}  Problem`);
    for (const [row, column, problem] of rows) console.log(`${row!.padStart(rowWidth)}  ${column!.padEnd(columnWidth)}  ${problem}`);
  } else if (report.dryRun) {
    console.log('\nProbelauf: die Datei ist in Ordnung; es wurde nichts gebucht.');
  } else {
    console.log(`\nGebucht als Stapel ${report.batchId}.`);
  }
}

/** The person running the tool, for the audit trail. */
function subject(asSubject: string | undefined): string {
  if (asSubject) return asSubject;
  try {
    return `grants-import:${userInfo().username}`;
  } catch {
    return 'grants-import';
  }
}

interface ServiceAnswer {
  status: number;
  body: (Omit<ImportReport, 'totalAmount'> & { totalAmount: string }) | { errors: { message: string }[] };
}

/** Books through the running service, as the finance officer of the notice's recipient. */
async function throughService(
  url: string,
  secretFile: string,
  noticeId: string,
  file: string,
  bytes: Buffer,
  dryRun: boolean,
  who: string,
) {
  const ask = async (input: string, init: RequestInit) => {
    try {
      return await fetch(`${url}${input}`, init);
    } catch (error) {
      throw new Refusal(`Der laufende Dienst unter ${url} antwortet nicht (${error instanceof Error ? error.message : String(error)}).`);
    }
  };
  const reader = await signLocalToken(secretFile, { role: 'AUDITOR', subject: 'grants-import', name: 'grants import', hours: 1 });
  const found = (await (
    await ask('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reader}` },
      body: JSON.stringify({ query: 'query ($id: ID!) { grantNotice(id: $id) { recipient { ags } } }', variables: { id: noticeId } }),
    })
  ).json()) as { data?: { grantNotice: { recipient: { ags: string } } } | null; errors?: { message: string }[] };
  const ags = found.data?.grantNotice.recipient.ags;
  if (!ags) throw new Refusal(`Abgelehnt: ${found.errors?.[0]?.message ?? 'der Zuwendungsbescheid wurde nicht gefunden.'}`);
  const bearer = await signLocalToken(secretFile, { role: 'FINANCE_OFFICER', subject: who, name: who, recipients: [ags], hours: 1 });
  const query = new URLSearchParams({ grantNoticeId: noticeId, dryRun: String(dryRun), fileName: path.basename(file) });
  const response = await ask(`${RECEIPT_IMPORT_PATH}?${query.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${bearer}` },
    body: new Uint8Array(bytes),
  });
  const answer: ServiceAnswer = { status: response.status, body: (await response.json()) as ServiceAnswer['body'] };
  if ('errors' in answer.body)
    throw new Refusal(`Abgelehnt: ${answer.body.errors[0]?.message ?? `der Dienst antwortet mit ${answer.status}`}`);
  return { ...answer.body, totalAmount: new Dec(answer.body.totalAmount) };
}

export const importCommand: Command = {
  summary: 'Belege aus einem Export der Buchhaltung einlesen (CSV oder XLSX)',
  usage: USAGE,
  async run(args) {
    const { values } = parseOptions(args, {
      notice: { type: 'string' },
      file: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'as-subject': { type: 'string' },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (!values.notice) throw new UsageError('--notice ID fehlt: die Kennung des Zuwendungsbescheids, auf den gebucht wird.');
    if (!values.file) throw new UsageError('--file DATEI fehlt: der Export (CSV oder XLSX), der eingelesen wird.');
    let bytes: Buffer;
    try {
      bytes = readFileSync(values.file);
    } catch (error) {
      throw new Refusal(`Die Datei ${values.file} kann nicht gelesen werden (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
    }
    const who = subject(values['as-subject']);
    const settings = config();
    const url = runningService(settings);
    let report: ImportReport;
    if (url) {
      if (settings.authentication.kind !== 'local') throw new Refusal('Laden Sie den Export über die Weboberfläche hoch.');
      report = await throughService(url, settings.authentication.secretFile, values.notice, values.file, bytes, values['dry-run'], who);
    } else {
      const actor = { ...SYSTEM_ACTOR, subject: who, name: values['as-subject'] ?? `${SYSTEM_ACTOR.name} (grants import)` };
      report = await withDatabase(settings, 'grants import', async (orm) => {
        const progress = progressDisplay();
        try {
          return await runAs({ actor, requestId: null }, () =>
            importReceipts(
              orm.em.fork(),
              Access.system(),
              values.notice!,
              { name: path.basename(values.file!), bytes },
              { dryRun: values['dry-run'], onProgress: (rowsDone, detail) => progress.update(rowsDone, detail) },
            ),
          );
        } catch (error) {
          if (
            error instanceof DomainInputError ||
            error instanceof NotFoundError ||
            error instanceof ForbiddenError ||
            error instanceof AlreadyImportedError
          ) {
            throw new Refusal(`Abgelehnt: ${error.message}`);
          }
          throw error;
        } finally {
          progress.stop();
        }
      });
    }
    printReport(report);
    return report.problems.length > 0 ? 1 : 0;
  },
};

// `grants report <Art> --<Kennung> ID [--out DATEI]`: writes a report workbook, the same file the
// HTTP download streams; through the running service when it holds the embedded database.
import { createWriteStream, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { signLocalToken } from '../../src/http/authentication.js';
import { budgetCheckPath, prepareBudgetCheck } from '../../src/reports/budget-check.js';
import { disbursementRequestPath, prepareDisbursementRequest } from '../../src/reports/disbursement-request.js';
import { prepareProgrammeOverview, programmeOverviewPath } from '../../src/reports/programme-overview.js';
import { prepareProofOfUse, proofOfUsePath, type PreparedReport } from '../../src/reports/proof-of-use.js';
import { Access, SYSTEM_ACTOR } from '../../src/services/access.js';
import { runAs } from '../../src/services/call-context.js';
import { NotFoundError } from '../../src/services/errors.js';
import type { Em } from '../../src/services/records.js';
import { config, parseOptions, Refusal, runningService, UsageError, withDatabase, type Command } from './support.js';

type IdOption = 'notice' | 'request' | 'cooperation' | 'programme';

interface Kind {
  option: IdOption;
  title: string;
  what: string;
  prepare: (em: Em, access: Access, id: string) => Promise<PreparedReport>;
  path: (id: string) => string;
}

const KINDS: Record<string, Kind> = {
  'proof-of-use': {
    option: 'notice',
    title: 'Verwendungsnachweis',
    what: 'des Zuwendungsbescheids',
    prepare: prepareProofOfUse,
    path: proofOfUsePath,
  },
  'disbursement-request': {
    option: 'request',
    title: 'Mittelabruf',
    what: 'des Mittelabrufs',
    prepare: prepareDisbursementRequest,
    path: disbursementRequestPath,
  },
  'budget-check': {
    option: 'cooperation',
    title: 'Budgetprüfung',
    what: 'der Kooperation',
    prepare: prepareBudgetCheck,
    path: budgetCheckPath,
  },
  'programme-overview': {
    option: 'programme',
    title: 'Programmübersicht',
    what: 'des Förderprogramms',
    prepare: prepareProgrammeOverview,
    path: programmeOverviewPath,
  },
};

const USAGE = `Aufruf: grants report <Art> --<Kennung> ID [--out DATEI]

Schreibt einen Bericht als Excel-Arbeitsmappe (Vorgabe: unter seinem Dateinamen im aktuellen Verzeichnis).

${Object.entries(KINDS)
  .map(([name, kind]) => `  ${`${name} --${kind.option} ID`.padEnd(38)} ${kind.title}`)
  .join('\n')}`;

/** The file name the service gives in Content-Disposition. */
function attachmentName(disposition: string | null): string | null {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? null;
}

async function throughService(url: string, secretFile: string, path: string, out: string | undefined): Promise<string> {
  // The tool reads as an auditor does: everything, as the service's own rights would.
  const bearer = await signLocalToken(secretFile, { role: 'AUDITOR', subject: 'grants-report', name: 'grants report', hours: 1 });
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${bearer}` } }).catch((error: unknown) => {
    throw new Refusal(`Der laufende Dienst unter ${url} antwortet nicht (${error instanceof Error ? error.message : String(error)}).`);
  });
  if (response.status !== 200) {
    const answer = (await response.json().catch(() => null)) as { errors?: { message: string }[] } | null;
    throw new Refusal(`Abgelehnt: ${answer?.errors?.[0]?.message ?? `der Dienst antwortet mit ${response.status}`}`);
  }
  const file = out ?? attachmentName(response.headers.get('content-disposition')) ?? 'Bericht.xlsx';
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  return file;
}

export const report: Command = {
  summary: 'Bericht als Excel-Arbeitsmappe schreiben (Verwendungsnachweis, Mittelabruf, Budgetprüfung, Programmübersicht)',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        notice: { type: 'string' },
        request: { type: 'string' },
        cooperation: { type: 'string' },
        programme: { type: 'string' },
        out: { type: 'string' },
      },
      true,
    );
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('Nennen Sie genau eine Art des Berichts.');
    const kind = KINDS[positionals[0]!];
    if (!kind) throw new UsageError(`Unbekannte Art des Berichts: „${positionals[0]}“.`);
    const id = values[kind.option];
    if (typeof id !== 'string' || id === '') throw new UsageError(`--${kind.option} ID fehlt: die Kennung ${kind.what}.`);

    const settings = config();
    const url = runningService(settings);
    if (url) {
      if (settings.authentication.kind !== 'local') throw new Refusal('Laden Sie den Bericht über die Weboberfläche herunter.');
      console.log(`Geschrieben: ${await throughService(url, settings.authentication.secretFile, kind.path(id), values.out)}`);
      return 0;
    }
    return withDatabase(settings, `grants report ${positionals[0]}`, (orm) =>
      runAs({ actor: { ...SYSTEM_ACTOR, name: `${SYSTEM_ACTOR.name} (grants report)` }, requestId: null }, async () => {
        try {
          const prepared = await kind.prepare(orm.em.fork(), Access.system(), id);
          const file = values.out ?? prepared.fileName;
          const out = createWriteStream(file);
          await prepared.write(out);
          await finished(out);
          console.log(`Geschrieben: ${file}`);
          return 0;
        } catch (error) {
          if (error instanceof NotFoundError) throw new Refusal(`Abgelehnt: ${error.message}`);
          throw error;
        }
      }),
    );
  },
};

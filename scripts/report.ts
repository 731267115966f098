// `npm run report -- <kind> --<id option> ID [--out FILE]`: writes a report workbook from the
// configured database as the service itself, the same file the HTTP download streams.
import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { migrate, openOrm } from '../src/orm.js';
import { prepareBudgetCheck } from '../src/reports/budget-check.js';
import { prepareDisbursementRequest } from '../src/reports/disbursement-request.js';
import { prepareProgrammeOverview } from '../src/reports/programme-overview.js';
import { prepareProofOfUse, type PreparedReport } from '../src/reports/proof-of-use.js';
import { Access, SYSTEM_ACTOR } from '../src/services/access.js';
import { runAs } from '../src/services/call-context.js';
import { NotFoundError } from '../src/services/errors.js';
import type { Em } from '../src/services/records.js';

type IdOption = 'notice' | 'request' | 'cooperation' | 'programme';

const KINDS: Record<string, { option: IdOption; what: string; prepare: (em: Em, access: Access, id: string) => Promise<PreparedReport> }> =
  {
    'proof-of-use': { option: 'notice', what: 'the grant notice', prepare: prepareProofOfUse },
    'disbursement-request': { option: 'request', what: 'the disbursement request', prepare: prepareDisbursementRequest },
    'budget-check': { option: 'cooperation', what: 'the cooperation', prepare: prepareBudgetCheck },
    'programme-overview': { option: 'programme', what: 'the funding programme', prepare: prepareProgrammeOverview },
  };
const USAGE = `Usage: npm run report -- <kind> --<option> ID [--out FILE], one of\n${Object.entries(KINDS)
  .map(([name, kind]) => `  ${name} --${kind.option} ID`)
  .join('\n')}`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  options: {
    notice: { type: 'string' },
    request: { type: 'string' },
    cooperation: { type: 'string' },
    programme: { type: 'string' },
    out: { type: 'string' },
  },
  allowPositionals: true,
  strict: true,
});
const kind = positionals.length === 1 ? KINDS[positionals[0]!] : undefined;
if (!kind) fail(USAGE);
const id = values[kind.option];
if (!id) fail(`--${kind.option} ID is required: the id of ${kind.what}.`);

const config = loadConfig();
const orm = await openOrm(config.database);
let exitCode = 0;
try {
  await migrate(orm);
  await runAs({ actor: { ...SYSTEM_ACTOR, name: `${SYSTEM_ACTOR.name} (report)` }, requestId: null }, async () => {
    const em = orm.em.fork();
    try {
      const report = await kind.prepare(em, Access.system(), id);
      const file = values.out ?? report.fileName;
      const out = createWriteStream(file);
      await report.write(out);
      await finished(out);
      console.log(`Wrote ${file}`);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      console.error(`Refused: ${error.message}`);
      exitCode = 1;
    }
  });
} finally {
  await orm.close();
}
process.exitCode = exitCode;

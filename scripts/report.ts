// `npm run report -- proof-of-use --notice ID [--out FILE]`: writes a report workbook from the
// configured database as the service itself, the same file the HTTP download streams.
import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { migrate, openOrm } from '../src/orm.js';
import { prepareProofOfUse } from '../src/reports/proof-of-use.js';
import { Access, SYSTEM_ACTOR } from '../src/services/access.js';
import { runAs } from '../src/services/call-context.js';
import { NotFoundError } from '../src/services/errors.js';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  options: { notice: { type: 'string' }, out: { type: 'string' } },
  allowPositionals: true,
  strict: true,
});
const [kind] = positionals;
if (kind !== 'proof-of-use' || positionals.length !== 1) fail('Usage: npm run report -- proof-of-use --notice ID [--out FILE]');
if (!values.notice) fail('--notice ID is required: the id of the grant notice.');

const config = loadConfig();
const orm = await openOrm(config.database);
let exitCode = 0;
try {
  await migrate(orm);
  await runAs({ actor: { ...SYSTEM_ACTOR, name: `${SYSTEM_ACTOR.name} (report)` }, requestId: null }, async () => {
    const em = orm.em.fork();
    try {
      const report = await prepareProofOfUse(em, Access.system(), values.notice!);
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

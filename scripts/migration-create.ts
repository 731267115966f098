// `npm run migration:create -- [name]`: writes a migration for the difference between the entities
// and the committed migrations, computed on a throw-away embedded database.
import 'reflect-metadata';
import path from 'node:path';
import { migrate, openOrm, sourceRoot, withOwner } from '../src/orm.js';

const name = process.argv[2];
const orm = await openOrm({ kind: 'pglite', dataDir: null });
try {
  await migrate(orm);
  // As the owner: the service's role does not see the constraints and triggers of tables it does not own.
  const result = await withOwner(orm, (owner) => owner.migrator.create(path.join(sourceRoot, 'migrations'), false, false, name));
  if (result.diff.up.length === 0) {
    console.log('The entities match the committed migrations: nothing to create.');
  } else {
    console.log(`Created migrations/${result.fileName} with ${result.diff.up.length} statements. Review it before committing.`);
  }
} finally {
  await orm.close(true);
}

// `npm run migrate`: applies pending migrations to the configured database.
import 'reflect-metadata';
import { loadConfig } from '../src/config.js';
import { migrate, openOrm } from '../src/orm.js';

const config = loadConfig();
const orm = await openOrm(config.database);
try {
  const applied = await migrate(orm);
  console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
} finally {
  await orm.close();
}

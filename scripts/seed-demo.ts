// `npm run seed:demo`: loads the demonstration data into the configured database, once.
import 'reflect-metadata';
import { loadConfig } from '../src/config.js';
import { migrate, openOrm } from '../src/orm.js';
import { seedDemoIfEmpty } from '../src/services/demo-data.js';

const config = loadConfig();
const orm = await openOrm(config.database);
try {
  await migrate(orm);
  const seeded = await seedDemoIfEmpty(orm.em.fork());
  console.log(seeded ? 'Loaded the demonstration data.' : 'The register already holds data; the demonstration data was not loaded again.');
} finally {
  await orm.close();
}

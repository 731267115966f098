// `grants migrate` and `grants seed`: bring the configured database to the latest schema, and load
// the demonstration data into an empty one. Both refuse while a service holds the embedded database.
import { seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { config, parseOptions, withDatabase, type Command } from './support.js';

function simple(summary: string, usage: string, work: Parameters<typeof withDatabase<string>>[2], command: string): Command {
  return {
    summary,
    usage,
    async run(args) {
      const { values } = parseOptions(args, {});
      if (values.help) {
        console.log(usage);
        return 0;
      }
      console.log(await withDatabase(config(), command, work));
      return 0;
    },
  };
}

const migrateCommand = simple(
  'Datenbank auf den neuesten Stand des Schemas bringen',
  'Aufruf: grants migrate\n\nWendet alle ausstehenden Migrationen auf die eingestellte Datenbank an (DATABASE_URL oder DATA_DIR).',
  async (_orm, migrated) =>
    migrated.length > 0 ? `Angewendet: ${migrated.join(', ')}` : 'Die Datenbank ist bereits auf dem neuesten Stand.',
  'grants migrate',
);

const seed = simple(
  'Demonstrationsdaten in eine leere Datenbank laden',
  'Aufruf: grants seed\n\nLädt die Demonstrationsdaten (Kyffhäuserkreis, Serviceteam Nordthüringen) in eine leere Datenbank, einmal.',
  async (orm) =>
    (await seedDemoIfEmpty(orm.em.fork()))
      ? 'Die Demonstrationsdaten wurden geladen.'
      : 'Die Datenbank enthält bereits Daten; die Demonstrationsdaten wurden nicht erneut geladen.',
  'grants seed',
);

export const database = { migrate: migrateCommand, seed };

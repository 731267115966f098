// `grants <Befehl> …`: the command-line tools of the grant register in one program, run from the
// built code. Each command answers --help; bad arguments and refusals are said in German without a
// stack trace (exit 2 and 1); an unexpected failure shows its stack (exit 1).
import 'reflect-metadata';
import { EmbeddedDatabaseBusyError, EmbeddedDatabaseStartError } from '../src/embedded-lock.js';
import { database } from './cli/database.js';
import { generate } from './cli/generate.js';
import { importCommand } from './cli/import.js';
import { report } from './cli/report.js';
import { Refusal, UsageError, type Command } from './cli/support.js';
import { token } from './cli/token.js';

const COMMANDS: Record<string, Command> = {
  token,
  import: importCommand,
  report,
  seed: database.seed,
  migrate: database.migrate,
  generate,
};

const USAGE = `Aufruf: grants <Befehl> [Optionen]   (grants <Befehl> --help zeigt die Optionen)

Der Dienst selbst startet mit "npm start". Läuft er auf der eingebetteten Datenbank, sprechen
token, import und report mit ihm; seed, migrate und generate warten, bis er beendet ist.

Befehle:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unbekannter Befehl „${name}“.\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${command.usage}`);
      return 2;
    }
    if (error instanceof Refusal || error instanceof EmbeddedDatabaseBusyError || error instanceof EmbeddedDatabaseStartError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));

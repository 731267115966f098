// What every sub-command of `grants` shares: its description, German refusals of bad arguments, and
// the way to the data: through the running service when one holds the embedded database, else by
// opening the database itself (and holding it while the command runs).
import 'reflect-metadata';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';
import { embeddedLockHolder, EmbeddedDatabaseBusyError } from '../../src/embedded-lock.js';
import { migrate, openOrm, type Orm } from '../../src/orm.js';

export interface Command {
  /** One line for `grants --help`. */
  summary: string;
  /** The command's own help: how to call it and what each option means. */
  usage: string;
  /** Runs the command; the exit code. */
  run(args: string[]): Promise<number>;
}

/** Arguments that cannot be used; shown with the command's help, exit code 2. */
export class UsageError extends Error {}

/** A refusal the user can act on, shown as it is, exit code 1. */
export class Refusal extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses the arguments strictly, with `--help`/`-h`; an unknown or malformed option is a UsageError. */
export function parseOptions<T extends Options>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(germanParseError(error instanceof Error ? error.message : String(error)));
  }
}

/** node:util's messages name the option; said in German with the option kept. */
function germanParseError(message: string): string {
  const option = /'(-[^']+)'/.exec(message)?.[1];
  if (/Unknown option/.test(message)) return `Unbekannte Option ${option ?? ''}.`.replace(' .', '.');
  if (/argument missing/.test(message)) return `Die Option ${option ?? ''} braucht einen Wert.`;
  if (/does not take an argument/.test(message)) return `Die Option ${option ?? ''} nimmt keinen Wert.`;
  if (/Unexpected argument/.test(message)) return `Unerwartetes Argument: ${/'([^']+)'/.exec(message)?.[1] ?? ''}.`;
  return `Die Argumente sind ungültig: ${message}`;
}

export function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new Refusal(error.message);
    throw error;
  }
}

/**
 * Where a running service answers that holds the configured embedded database, or null when none
 * does. A command-line tool holding it is a refusal: it will be done soon, and then this one can run.
 */
export function runningService(settings: Config): string | null {
  if (settings.database.kind !== 'pglite' || !settings.database.dataDir) return null;
  const holder = embeddedLockHolder(settings.database.dataDir);
  if (!holder) return null;
  if (holder.kind === 'service' && holder.url) return holder.url;
  throw new EmbeddedDatabaseBusyError(settings.database.dataDir, holder);
}

/** Opens the configured database as this command (migrated to the latest schema), runs `work`, closes it. */
export async function withDatabase<T>(settings: Config, command: string, work: (orm: Orm, migrated: string[]) => Promise<T>): Promise<T> {
  const orm = await openOrm(settings.database, undefined, { kind: 'tool', command });
  try {
    const migrated = await migrate(orm);
    return await work(orm, migrated);
  } finally {
    await orm.close();
  }
}

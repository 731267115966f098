// The ORM set-up for both databases: PostgreSQL over the network, or the embedded PGlite.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataloaderType, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { CompiledQuery } from 'kysely';
import { MikroORM as PgliteORM, type PgliteConnection } from '@mikro-orm/pglite';
import { PostgreSqlDriver, MikroORM as PostgresORM, type SqlMikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Database } from './config.js';
import {
  acquireEmbeddedLock,
  checkDataDirectory,
  EmbeddedDatabaseStartError,
  type EmbeddedLock,
  type LockHolder,
} from './embedded-lock.js';
import { guardEngine, type EngineGuard } from './database-failure.js';
import { entities } from './entities/index.js';
import { AuditSubscriber } from './services/audit.js';
import { countSqlStatement } from './services/call-context.js';

export type Orm = SqlMikroORM;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** True when running from the compiled `dist/src`, false under a TypeScript loader (tests). */
const compiled = path.basename(projectRoot) === 'dist';
export const sourceRoot = compiled ? path.resolve(projectRoot, '..') : projectRoot;

/** Options shared by both drivers. */
export function ormOptions(logger?: Logger): Partial<Options> {
  return {
    entities,
    extensions: [Migrator],
    // Prüfpfad: every flush also writes its audit events, in the same transaction as the change.
    subscribers: [new AuditSubscriber()],
    discovery: { warnWhenNoEntities: true },
    migrations: {
      path: path.join(projectRoot, 'migrations'),
      pathTs: path.join(sourceRoot, 'migrations'),
      glob: compiled ? '!(*.d).js' : '!(*.d).ts',
      tableName: 'schema_migrations',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    preferTs: !compiled,
    // Resolved through our own module so that a TypeScript loader (vitest) sees the migration files too.
    dynamicImportProvider: (id: string) => import(id),
    // Relation fields of many nodes in one response are loaded in batches, not one query each.
    dataloader: DataloaderType.ALL,
    debug: false,
    // Every statement is counted against the request that sent it (a test holds the count per request constant).
    onQuery: (sql: string) => {
      countSqlStatement();
      return sql;
    },
    logger: logger ? (message: string) => logger.debug({ component: 'orm' }, message) : undefined,
    allowGlobalContext: false,
    forceUtcTimezone: true,
  };
}

/** Who opens the database: the service, or a command-line tool named by its command. */
export interface Opener {
  kind: LockHolder['kind'];
  command: string;
}

const locks = new WeakMap<Orm, EmbeddedLock>();
const guards = new WeakMap<Orm, EngineGuard>();

/**
 * Opens the database; the embedded one is created in its directory when missing. An embedded data
 * directory is opened by one process at a time: its lock is taken first (EmbeddedDatabaseBusyError
 * when another process holds it) and released when the ORM closes.
 */
export async function openOrm(database: Database, logger?: Logger, opener: Opener = { kind: 'tool', command: 'grants' }): Promise<Orm> {
  if (database.kind === 'postgresql') {
    return (await PostgresORM.init({
      ...ormOptions(logger),
      clientUrl: database.url,
      ...(database.poolSize !== undefined ? { pool: { max: database.poolSize } } : {}),
    } as Options)) as unknown as Orm;
  }
  let lock: EmbeddedLock | undefined;
  if (database.dataDir) {
    checkDataDirectory(database.dataDir);
    lock = acquireEmbeddedLock(path.resolve(database.dataDir), opener.kind, opener.command);
    mkdirSync(database.dataDir, { recursive: true });
  }
  let orm: Orm;
  try {
    orm = (await PgliteORM.init({
      ...ormOptions(logger),
      // A persistent cluster keeps everything in its default database; without a directory it lives in memory.
      dbName: database.dataDir ? 'postgres' : 'memory://',
      driverOptions: database.dataDir ? { dataDir: database.dataDir } : {},
    } as Options)) as unknown as Orm;
  } catch (error) {
    lock?.release();
    // The engine's own errors ("PGlite failed to initialize properly", "ErrnoError errno 51") say little: the directory is checked again.
    if (database.dataDir) checkDataDirectory(database.dataDir);
    throw database.dataDir
      ? new EmbeddedDatabaseStartError(
          `Die eingebettete Datenbank in ${path.resolve(database.dataDir)} konnte nicht geöffnet werden ` +
            `(${error instanceof Error ? error.message : String(error)}); ist das Verzeichnis beschädigt oder von einer anderen Version angelegt?`,
          { cause: error },
        )
      : error;
  }
  // The engine is created lazily by the first statement; the guard sits in front of it from then on.
  const engine = (await (orm.driver.getConnection() as unknown as PgliteConnection).getNativeClient()) as unknown as Parameters<
    typeof guardEngine
  >[0];
  guards.set(orm, guardEngine(engine));
  if (lock) {
    const held = lock;
    locks.set(orm, held);
    const close = orm.close.bind(orm);
    orm.close = async (force?: boolean) => {
      try {
        await close(force);
      } finally {
        held.release();
      }
    };
  }
  return orm;
}

/** Whether the embedded engine failed for good (a full disk); undefined for PostgreSQL. */
export function engineGuardOf(orm: Orm): EngineGuard | undefined {
  return guards.get(orm);
}

/** The lock an embedded database was opened under, to tell others where the service answers. */
export function embeddedLockOf(orm: Orm): EmbeddedLock | undefined {
  return locks.get(orm);
}

/** Key of the advisory lock that lets one process at a time migrate a PostgreSQL database. */
const MIGRATION_LOCK = 7_412_025;

/**
 * Applies every pending migration; returns the names applied. Processes starting together on one
 * PostgreSQL database (a rolling deploy) take turns: the first migrates, the others find nothing to do.
 */
export async function migrate(orm: Orm): Promise<string[]> {
  const folder = compiled ? path.join(projectRoot, 'migrations') : path.join(sourceRoot, 'migrations');
  const files = existsSync(folder) ? readdirSync(folder).filter((name) => /^Migration\d+_\w+\.(js|ts)$/.test(name)) : [];
  // Without them the service would start on an empty schema and fail on the first request.
  if (files.length === 0) throw new Error(`No migrations found in ${folder}.`);
  if (!(orm.em.getDriver() instanceof PostgreSqlDriver)) return (await orm.migrator.up()).map((migration) => migration.name);
  return orm.em
    .getConnection()
    .getClient()
    .connection()
    .execute(async (connection) => {
      await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_lock(${MIGRATION_LOCK})`));
      try {
        return (await orm.migrator.up()).map((migration) => migration.name);
      } finally {
        await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_unlock(${MIGRATION_LOCK})`));
      }
    });
}

// The ORM set-up for both databases: PostgreSQL over the network, or the embedded PGlite.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataloaderType, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { CompiledQuery } from 'kysely';
import { MikroORM as PgliteORM, type PgliteConnection } from '@mikro-orm/pglite';
import { PostgreSqlDriver, MikroORM as PostgresORM, type SqlMikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from './config.js';
import {
  EMBEDDED_ROLES,
  roleSetUpStatement,
  rolesOf,
  serviceGrantStatements,
  setRoleStatement,
  type DatabaseRoles,
} from './database-roles.js';
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
 * How the service's role and the schema's owner are kept apart on a database:
 * - `separate`: MIGRATION_DATABASE_URL connects as the owner; the service's role is DATABASE_URL's.
 * - `switched`: the connected role may create roles, and the service has set up the owner and the
 *   service role of the database (rolesOf, EMBEDDED_ROLES); its statements run as the service role
 *   and migrations as the owner, by SET ROLE.
 * - `shared`: neither; the service's role owns the schema, and only the hash chain guards the trail.
 */
export type RoleSetUp = { kind: 'separate'; migrationUrl: string } | { kind: 'switched'; roles: DatabaseRoles } | { kind: 'shared' };

const roleSetUps = new WeakMap<Orm, RoleSetUp>();

/** How the database opened as `orm` keeps the service from owning the audit trail. */
export function roleSetUpOf(orm: Orm): RoleSetUp {
  return roleSetUps.get(orm) ?? { kind: 'shared' };
}

/** Key of the advisory lock that lets one process at a time migrate a PostgreSQL database. */
const MIGRATION_LOCK = 7_412_025;

/**
 * On PostgreSQL without MIGRATION_DATABASE_URL: when the connected role may create roles (a
 * superuser or CREATEROLE, as in development, the tests and CI), sets up the database's two roles,
 * one process at a time; otherwise null.
 */
async function prepareRoles(url: string): Promise<DatabaseRoles | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ may: boolean; database: string }>(
      'select (rolsuper or rolcreaterole) as may, current_database() as database from pg_roles where rolname = current_user',
    );
    if (!rows[0]?.may) return null;
    const roles = rolesOf(rows[0].database);
    await client.query(`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await client.query(roleSetUpStatement(roles));
    } finally {
      await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
    return roles;
  } finally {
    await client.end();
  }
}

/** Every new connection of the pool runs as `role`. */
const connectingAs = (role: string) => ({
  onCreateConnection: async (connection: unknown) => {
    await (connection as { executeQuery(query: CompiledQuery): Promise<unknown> }).executeQuery(CompiledQuery.raw(setRoleStatement(role)));
  },
});

async function openPostgres(url: string, logger: Logger | undefined, role?: string, poolSize?: number): Promise<Orm> {
  return (await PostgresORM.init({
    ...ormOptions(logger),
    clientUrl: url,
    ...(role ? connectingAs(role) : {}),
    ...(poolSize !== undefined ? { pool: { max: poolSize } } : {}),
  } as Options)) as unknown as Orm;
}

/**
 * Opens the database; the embedded one is created in its directory when missing. An embedded data
 * directory is opened by one process at a time: its lock is taken first (EmbeddedDatabaseBusyError
 * when another process holds it) and released when the ORM closes.
 */
export async function openOrm(database: Database, logger?: Logger, opener: Opener = { kind: 'tool', command: 'grants' }): Promise<Orm> {
  if (database.kind === 'postgresql') {
    if (database.migrationUrl) {
      const orm = await openPostgres(database.url, logger, undefined, database.poolSize);
      roleSetUps.set(orm, { kind: 'separate', migrationUrl: database.migrationUrl });
      return orm;
    }
    const roles = await prepareRoles(database.url);
    const orm = await openPostgres(database.url, logger, roles?.service, database.poolSize);
    roleSetUps.set(orm, roles ? { kind: 'switched', roles } : { kind: 'shared' });
    return orm;
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
  try {
    // The embedded cluster's superuser sets up the roles, then the service's statements run as its role.
    const connection = orm.em.getConnection();
    await connection.execute(roleSetUpStatement(EMBEDDED_ROLES));
    await connection.execute(setRoleStatement(EMBEDDED_ROLES.service));
    roleSetUps.set(orm, { kind: 'switched', roles: EMBEDDED_ROLES });
  } catch (error) {
    await orm.close(true);
    lock?.release();
    throw error;
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

/**
 * Applies every pending migration as the schema's owner, then grants the service's role what it
 * needs (serviceGrantStatements); returns the names applied. Processes starting together on one
 * PostgreSQL database (a rolling deploy) take turns: the first migrates, the others find nothing to do.
 */
export async function migrate(orm: Orm): Promise<string[]> {
  const folder = compiled ? path.join(projectRoot, 'migrations') : path.join(sourceRoot, 'migrations');
  const files = existsSync(folder) ? readdirSync(folder).filter((name) => /^Migration\d+_\w+\.(js|ts)$/.test(name)) : [];
  // Without them the service would start on an empty schema and fail on the first request.
  if (files.length === 0) throw new Error(`No migrations found in ${folder}.`);
  if (orm.em.getDriver() instanceof PostgreSqlDriver) return withOwner(orm, migrateLocked);
  return withOwner(orm, async (owner, serviceRole) => {
    const applied = await owner.migrator.up();
    if (serviceRole) {
      await owner.em.transactional(async (tx) => {
        for (const statement of serviceGrantStatements(serviceRole)) await tx.execute(statement);
      });
    }
    return applied.map((migration) => migration.name);
  });
}

/**
 * Runs work as the schema's owner (migrations, reading the schema back: PostgreSQL shows another
 * role's constraints and triggers only to their owner), with the service's role to grant to, or null
 * when the service's role is the owner. On PostgreSQL a second ORM connects as the owner for the work;
 * the embedded database's one connection switches to the owner and back.
 */
export async function withOwner<T>(orm: Orm, work: (owner: Orm, serviceRole: string | null) => Promise<T>): Promise<T> {
  const setUp = roleSetUpOf(orm);
  if (setUp.kind === 'shared') return work(orm, null);
  if (!(orm.em.getDriver() instanceof PostgreSqlDriver)) {
    if (setUp.kind !== 'switched') return work(orm, null);
    const connection = orm.em.getConnection();
    await connection.execute(setRoleStatement(setUp.roles.owner));
    try {
      return await work(orm, setUp.roles.service);
    } finally {
      await connection.execute(setRoleStatement(setUp.roles.service));
    }
  }
  const [{ service }] = await orm.em.getConnection().execute<{ service: string }[]>('select current_user as service');
  const owner =
    setUp.kind === 'separate'
      ? await openPostgres(setUp.migrationUrl, undefined)
      : await openPostgres(orm.config.get('clientUrl') as string, undefined, setUp.roles.owner);
  try {
    return await work(owner, service);
  } finally {
    await owner.close(true);
  }
}

/** Migrates under the advisory lock, then grants `serviceRole` its rights (unless it is the owner itself). */
function migrateLocked(orm: Orm, serviceRole: string | null): Promise<string[]> {
  return orm.em
    .getConnection()
    .getClient()
    .connection()
    .execute(async (connection) => {
      await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_lock(${MIGRATION_LOCK})`));
      try {
        const applied = (await orm.migrator.up()).map((migration) => migration.name);
        if (serviceRole) {
          const result = await connection.executeQuery<{ owner: string }>(CompiledQuery.raw('select current_user as owner'));
          if (result.rows[0]?.owner !== serviceRole) {
            // In one transaction: the grant on all tables must not give UPDATE on the trail even for a moment.
            const statements = ['begin', ...serviceGrantStatements(serviceRole), 'commit'];
            for (const statement of statements) await connection.executeQuery(CompiledQuery.raw(statement));
          }
        }
        return applied;
      } finally {
        await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_unlock(${MIGRATION_LOCK})`));
      }
    });
}

/**
 * Whether the service's role, as its statements run, owns the audit trail (and could switch its
 * triggers off): true on a database set up with one role for everything.
 */
export async function serviceOwnsAuditTrail(orm: Orm): Promise<boolean> {
  const [row] = await orm.em
    .getConnection()
    .execute<{ owns: boolean | null }[]>(
      `select pg_has_role(current_user, c.relowner, 'USAGE') as owns from pg_class c where c.oid = to_regclass('public.audit_event')`,
    );
  return Boolean(row?.owns);
}

// A fresh, migrated database for each test file: in-memory PGlite by default, or a uniquely named
// PostgreSQL database when TEST_DATABASE_URL is set (created here, dropped afterwards).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/config.js';
import { rolesOf } from '../../src/database-roles.js';
import { migrate, openOrm, type Orm } from '../../src/orm.js';

export interface TestDatabase {
  database: Database;
  /** Drops the database (PostgreSQL); the in-memory one vanishes with its ORM. */
  drop(): Promise<void>;
}

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty database, not yet migrated. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { database: { kind: 'pglite', dataDir: null }, drop: async () => {} };
  const name = `grants_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await admin(url, (client) => client.query(`create database "${name}"`));
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  return {
    database: { kind: 'postgresql', url: testUrl.toString() },
    // The database's roles belong to the whole cluster: they go with it, so that the many test databases leave none behind.
    drop: () =>
      admin(url, async (client) => {
        await client.query(`drop database if exists "${name}" with (force)`);
        const roles = rolesOf(name);
        await client.query(`drop role if exists "${roles.service}", "${roles.owner}"`);
      }),
  };
}

export interface TestOrm {
  orm: Orm;
  /** Where the ORM is connected, for a second ORM on the same database. */
  database: Database;
  close(): Promise<void>;
}

/** An ORM on a fresh database with every committed migration applied. */
export async function openTestOrm(): Promise<TestOrm> {
  const testDatabase = await createTestDatabase();
  const orm = await openOrm(testDatabase.database);
  await migrate(orm);
  return {
    orm,
    database: testDatabase.database,
    close: async () => {
      await orm.close(true);
      await testDatabase.drop();
    },
  };
}

/**
 * A second ORM with its own connection pool on the same PostgreSQL test database, as a second server
 * process would have; the caller closes it before the test database is dropped.
 */
export function openSecondOrm(test: TestOrm): Promise<Orm> {
  if (test.database.kind !== 'postgresql') throw new Error('A second ORM needs PostgreSQL: the in-memory PGlite belongs to one ORM.');
  return openOrm(test.database);
}

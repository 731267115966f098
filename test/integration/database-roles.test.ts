// The production set-up of README "Running on PostgreSQL": two login roles made by an administrator,
// the service on DATABASE_URL, migrations on MIGRATION_DATABASE_URL (PostgreSQL only).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openOrm, roleSetUpOf, serviceOwnsAuditTrail, type Orm } from '../../src/orm.js';
import { Access } from '../../src/services/access.js';
import { verifyAuditTrail } from '../../src/services/audit-chain.js';
import { createRecipient } from '../../src/services/recipients.js';
import { usingPostgres } from '../support/database.js';

const adminUrl = process.env.TEST_DATABASE_URL ?? '';
const name = `grants_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
const owner = `${name}_admin_owner`;
const service = `${name}_admin_service`;
let orm: Orm | undefined;

async function admin(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

function urlAs(role: string, database = name): string {
  const url = new URL(adminUrl);
  url.username = role;
  url.password = '';
  url.pathname = `/${database}`;
  return url.toString();
}

describe.skipIf(!usingPostgres)('the service and its migrations as two login roles', () => {
  beforeAll(async () => {
    await admin(adminUrl, [`create role "${owner}" login`, `create role "${service}" login`, `create database "${name}" owner "${owner}"`]);
    await admin(urlAs('postgres'), [
      `alter schema public owner to "${owner}"`,
      'revoke create on schema public from public',
      `grant usage on schema public to "${service}"`,
    ]);
    orm = await openOrm({ kind: 'postgresql', url: urlAs(service), migrationUrl: urlAs(owner) });
    await migrate(orm);
  }, 60_000);

  afterAll(async () => {
    await orm?.close(true);
    await admin(adminUrl, [`drop database if exists "${name}" with (force)`, `drop role if exists "${service}", "${owner}"`]);
  });

  it('migrates as the owner and serves as the service, which does not own the trail', async () => {
    expect(roleSetUpOf(orm!).kind).toBe('separate');
    expect(await serviceOwnsAuditTrail(orm!)).toBe(false);
    await createRecipient(orm!.em.fork(), Access.system(), { name: 'Kyffhäuserkreis', kind: 'DISTRICT', ags: '16065', population: 74_212 });
    expect(await verifyAuditTrail(orm!.em.fork(), Access.system())).toMatchObject({ verifiedEvents: 1, firstBrokenEvent: null });
  });

  it.each([
    ['delete from audit_event', 'permission denied for table audit_event'],
    ['alter table audit_event disable trigger append_only', 'must be owner of table audit_event'],
    ['drop trigger append_only on audit_event', 'must be owner of relation audit_event'],
    ['create table audit_copy (id uuid)', 'permission denied for schema public'],
    ["insert into schema_migrations (name) values ('x')", 'permission denied for table schema_migrations'],
  ])('refuses the service %s', async (sql, message) => {
    await expect(orm!.em.fork().getConnection().execute(sql)).rejects.toThrow(message);
  });

  it('finds nothing to do on a second start, and the service keeps its rights', async () => {
    expect(await migrate(orm!)).toEqual([]);
    await createRecipient(orm!.em.fork(), Access.system(), { name: 'Wartburgkreis', kind: 'DISTRICT', ags: '16063', population: 158_000 });
    expect(await verifyAuditTrail(orm!.em.fork(), Access.system())).toMatchObject({ verifiedEvents: 2, firstBrokenEvent: null });
  });
});

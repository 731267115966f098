// The database itself keeps the audit trail append-only: the service's role may only read and append
// events, and has no DDL rights to switch the triggers off; the owner's statements meet the triggers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEND_ONLY_MESSAGE, AuditEvent, CHAIN_MESSAGE } from '../../src/entities/index.js';
import { roleSetUpOf, serviceOwnsAuditTrail, withOwner } from '../../src/orm.js';
import { Access } from '../../src/services/access.js';
import { createRecipient } from '../../src/services/recipients.js';
import { openTestOrm, usingPostgres, type TestOrm } from '../support/database.js';

let db: TestOrm;
let written: Record<string, unknown>[];

/** Every stored column of every event, as the database holds it. */
function storedRows(): Promise<Record<string, unknown>[]> {
  return db.orm.em.fork().getConnection().execute('select * from audit_event order by id');
}

/** A statement as the service's role runs it. */
function asService(sql: string): Promise<unknown> {
  return db.orm.em.fork().getConnection().execute(sql);
}

/** A statement as the owner of the schema runs it. */
function asOwner(sql: string): Promise<unknown> {
  return withOwner(db.orm, (owner) => owner.em.fork().getConnection().execute(sql));
}

/** An event as a forger would insert it, with the given columns and values added. */
function forgedInsert(extra: { columns: string; values: string }, occurredAt = 'now()'): string {
  return `insert into audit_event (id, occurred_at, actor_subject, actor_name, actor_role, entity_type, entity_id, action, after${extra.columns})
          values (gen_random_uuid(), ${occurredAt}, 'kc-4711', 'Erika Mustermann', 'FINANCE_OFFICER', 'Recipient', 'x', 'CREATE', '{}'${extra.values})`;
}

beforeAll(async () => {
  db = await openTestOrm();
  const em = db.orm.em.fork();
  await createRecipient(em, Access.system(), { name: 'Kyffhäuserkreis', kind: 'DISTRICT', ags: '16065', population: 74_212 });
  written = await storedRows();
});

afterAll(async () => {
  await db.close();
});

describe(`audit_event on ${usingPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('holds the event of the change, first in the chain', async () => {
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      chain_seq: usingPostgres ? '1' : 1,
      previous_hash: null,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await db.orm.em.fork().count(AuditEvent, { entityType: 'Recipient', action: 'CREATE' })).toBe(1);
  });

  it('runs the service as a role of its own that does not own the trail', async () => {
    expect(roleSetUpOf(db.orm).kind).toBe('switched');
    expect(await serviceOwnsAuditTrail(db.orm)).toBe(false);
  });

  it.each([
    ['UPDATE', "update audit_event set actor_name = 'someone else', after = null", 'permission denied for table audit_event'],
    ['DELETE', 'delete from audit_event', 'permission denied for table audit_event'],
    ['TRUNCATE', 'truncate audit_event', 'permission denied for table audit_event'],
    ['DISABLE TRIGGER', 'alter table audit_event disable trigger append_only', 'must be owner of table audit_event'],
    ['DISABLE TRIGGER ALL', 'alter table audit_event disable trigger all', 'must be owner of table audit_event'],
    ['DROP TRIGGER', 'drop trigger append_only on audit_event', 'must be owner of relation audit_event'],
    ['DROP TRIGGER chain', 'drop trigger chain on audit_event', 'must be owner of relation audit_event'],
    ['DROP TABLE', 'drop table audit_event', 'must be owner of table audit_event'],
    ['CREATE TABLE', 'create table audit_copy (id uuid)', 'permission denied for schema public'],
    [
      'REPLACE the chain function',
      'create or replace function audit_event_chain_fn() returns trigger as $$ begin return new; end; $$ language plpgsql',
      'permission denied for schema public',
    ],
  ])('refuses %s by the service', async (_operation, sql: string, message: string) => {
    await expect(asService(sql)).rejects.toThrow(message);
    expect(await storedRows()).toEqual(written);
  });

  it.each([
    ['a forged hash', forgedInsert({ columns: ', previous_hash, hash', values: `, null, '${'0'.repeat(64)}'` })],
    ['a chain position of its own', forgedInsert({ columns: ', chain_seq', values: ', 1' })],
    ['a back-dated time', forgedInsert({ columns: '', values: '' }, "'2020-06-02T10:00:00Z'")],
    [
      'a back-dated time and a forged hash',
      forgedInsert({ columns: ', hash', values: `, '${'a'.repeat(64)}'` }, "now() - interval '1 day'"),
    ],
  ])('refuses an event inserted with %s', async (_case, sql) => {
    await expect(asService(sql)).rejects.toThrow(CHAIN_MESSAGE);
    expect(await storedRows()).toEqual(written);
  });

  it.each([
    ['UPDATE', "update audit_event set actor_name = 'someone else', after = null"],
    ['DELETE', 'delete from audit_event'],
    ['TRUNCATE', 'truncate audit_event'],
  ])('refuses %s by the owner too, through the triggers', async (_operation, sql) => {
    await expect(asOwner(sql)).rejects.toThrow(APPEND_ONLY_MESSAGE);
    expect(await storedRows()).toEqual(written);
  });

  it('refuses an edit through the ORM as well', async () => {
    const em = db.orm.em.fork();
    const event = await em.findOneOrFail(AuditEvent, { entityType: 'Recipient' });
    event.actorName = 'someone else';
    await expect(em.flush()).rejects.toThrow('permission denied for table audit_event');
    expect(await storedRows()).toEqual(written);
  });
});

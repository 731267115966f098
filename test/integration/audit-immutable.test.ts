// The database itself keeps the audit trail append-only: UPDATE, DELETE and TRUNCATE are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEND_ONLY_MESSAGE, AuditEvent } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import { createRecipient } from '../../src/services/recipients.js';
import { openTestOrm, usingPostgres, type TestOrm } from '../support/database.js';

let db: TestOrm;
let written: Record<string, unknown>[];

/** Every stored column of every event, as the database holds it. */
function storedRows(): Promise<Record<string, unknown>[]> {
  return db.orm.em.fork().getConnection().execute('select * from audit_event order by id');
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
  it('holds the event of the change', async () => {
    expect(written).toHaveLength(1);
    expect(await db.orm.em.fork().count(AuditEvent, { entityType: 'Recipient', action: 'CREATE' })).toBe(1);
  });

  it.each([
    ['UPDATE', "update audit_event set actor_name = 'someone else', after = null"],
    ['DELETE', 'delete from audit_event'],
    ['TRUNCATE', 'truncate audit_event'],
  ])('refuses %s', async (_operation, sql) => {
    const connection = db.orm.em.fork().getConnection();
    await expect(connection.execute(sql)).rejects.toThrow(APPEND_ONLY_MESSAGE);
    expect(await storedRows()).toEqual(written);
  });

  it('refuses an edit through the ORM as well', async () => {
    const em = db.orm.em.fork();
    const event = await em.findOneOrFail(AuditEvent, { entityType: 'Recipient' });
    event.actorName = 'someone else';
    await expect(em.flush()).rejects.toThrow(APPEND_ONLY_MESSAGE);
    expect(await storedRows()).toEqual(written);
  });
});

// The hash chain of the audit trail under concurrent writers: the ORM's flushes, the single-statement
// receipt and the bulk path, from two ORM instances (two processes' pools) on PostgreSQL at once,
// never fork the chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Orm } from '../../src/orm.js';
import { Access } from '../../src/services/access.js';
import { verifyAuditTrail } from '../../src/services/audit-chain.js';
import { insertExpenditures, recordExpenditure, type ExpenditureInput } from '../../src/services/expenditures.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { createRecipient, updateRecipient } from '../../src/services/recipients.js';
import { openSecondOrm, openTestOrm, usingPostgres, type TestOrm } from '../support/database.js';
import { d, district, kyffhaeuserNotice, programme, projectOf } from '../support/factories.js';

const system = Access.system();
const WRITERS = 12;

let db: TestOrm;
let orms: Orm[];
let noticeId: string;

function receipt(number: string): ExpenditureInput {
  return {
    receiptNumber: number,
    invoiceDate: '2020-07-01',
    paymentDate: '2020-07-15',
    payee: 'Kommunale IT GmbH',
    purpose: 'Lizenzen',
    category: 'SOFTWARE',
    amount: d('100.00'),
  };
}

/** One writer's work: a new recipient and an edit of it, a receipt in one statement, and five receipts on the bulk path. */
async function write(orm: Orm, writer: number): Promise<void> {
  const recipient = await createRecipient(orm.em.fork(), system, {
    name: `Gemeinde ${writer}`,
    kind: 'MUNICIPALITY',
    ags: String(16_066_000 + writer),
    population: 5_000,
  });
  await updateRecipient(orm.em.fork(), system, recipient.id, recipient.version, { population: 5_001 });
  await recordExpenditure(orm.em.fork(), system, noticeId, receipt(`E-${writer}`));
  await orm.em.fork().transactional((tx) =>
    insertExpenditures(
      tx,
      system,
      noticeId,
      [1, 2, 3, 4, 5].map((n) => receipt(`B-${writer}-${n}`)),
      {
        source: 'IMPORT',
        importBatchId: null,
      },
    ),
  );
}

beforeAll(async () => {
  db = await openTestOrm();
  orms = usingPostgres ? [db.orm, await openSecondOrm(db)] : [db.orm];
  const em = db.orm.em.fork();
  const program = await programme(em);
  const project = await projectOf(em, (await district(em)).id);
  noticeId = (await createGrantNotice(em, system, kyffhaeuserNotice(program.id, project.id))).id;
}, 60_000);

afterAll(async () => {
  for (const orm of orms?.slice(1) ?? []) await orm.close(true);
  await db?.close();
});

describe(`the chain under ${WRITERS} concurrent writers on ${usingPostgres ? 'PostgreSQL from two ORM instances' : 'PGlite'}`, () => {
  it('holds every event once, in one unbroken line', async () => {
    const before = await db.orm.em.fork().getConnection().execute<{ count: string | number }[]>('select count(*) from audit_event');
    const results = await Promise.allSettled(Array.from({ length: WRITERS }, (_, writer) => write(orms[writer % orms.length], writer)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);

    const rows = await db.orm.em
      .fork()
      .getConnection()
      .execute<{ chain_seq: string | number; previous_hash: string | null; hash: string }[]>(
        'select chain_seq, previous_hash, hash from audit_event order by chain_seq',
      );
    // Per writer: CREATE and UPDATE of the recipient, one receipt, five receipts.
    expect(rows).toHaveLength(Number(before[0].count) + WRITERS * 8);
    expect(rows.map((row) => Number(row.chain_seq))).toEqual(rows.map((_, index) => index + 1));
    rows.slice(1).forEach((row, index) => expect(row.previous_hash).toBe(rows[index].hash));
    expect(new Set(rows.map((row) => row.hash)).size).toBe(rows.length);

    const verification = await verifyAuditTrail(db.orm.em.fork(), system, 25);
    expect(verification).toMatchObject({ verifiedEvents: rows.length, firstBrokenEvent: null, lastVerifiedHash: rows.at(-1)!.hash });
  }, 120_000);
});

// Rule 5 under concurrent requests (PostgreSQL only): fifty payments of 5,000.00 against one grant of
// 100,000.00 at once — through the service on two ORM instances of this process and, at the same
// time, from a second operating-system process writing to the database directly: exactly twenty are
// acknowledged, all of them stored, and the stored sum is exactly the approved amount.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Payment } from '../../src/entities/index.js';
import type { Orm } from '../../src/orm.js';
import { Access } from '../../src/services/access.js';
import { recordPayment } from '../../src/services/disbursements.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { openSecondOrm, openTestOrm, usingPostgres, type TestOrm } from '../support/database.js';
import { d, district, programme, projectOf, uniqueReference } from '../support/factories.js';

const system = Access.system();
const ATTEMPTS = 50;

let db: TestOrm;
let secondOrm: Orm;
let noticeId: string;
let recipientId: string;

const WORKER = fileURLToPath(new URL('../support/payment-worker.mjs', import.meta.url));
const IN_PROCESS = 30;

describe.skipIf(!usingPostgres)('payments on one grant from two processes at once', () => {
  beforeAll(async () => {
    db = await openTestOrm();
    secondOrm = await openSecondOrm(db);
    const em = db.orm.em.fork();
    const program = await programme(em, { 2020: '20000000.00' });
    const project = await projectOf(em, (await district(em)).id);
    const notice = await createGrantNotice(em, system, {
      reference: uniqueReference(),
      noticeDate: '2020-06-02',
      fundingProgramId: program.id,
      projectId: project.id,
      financingType: 'SHARE',
      rate: d('0.8'),
      eligibleCosts: d('125000.00'),
      approvedAmount: d('100000.00'),
      approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
      budgetLines: [{ category: 'STAFF', planned: d('125000.00') }],
    });
    noticeId = notice.id;
    recipientId = notice.recipient.id;
  });

  afterAll(async () => {
    await secondOrm?.close(true);
    await db?.close();
  });

  it('acknowledges exactly twenty of fifty payments of 5,000.00, stores each of them and no more than 100,000.00', async () => {
    if (db.database.kind !== 'postgresql') throw new Error('This test needs PostgreSQL.');
    const otherProcess = promisify(execFile)(process.execPath, [
      WORKER,
      db.database.url,
      noticeId,
      recipientId,
      String(ATTEMPTS - IN_PROCESS),
    ]);
    const outcomes = await Promise.allSettled(
      Array.from({ length: IN_PROCESS }, (_, index) =>
        recordPayment((index % 2 === 0 ? db.orm : secondOrm).em.fork(), system, {
          grantNoticeId: noticeId,
          paidOn: '2020-07-15',
          amount: d('5000.00'),
        }),
      ),
    );
    const worker = JSON.parse((await otherProcess).stdout) as { acknowledged: string[]; refused: string[] };
    const acknowledged = [
      ...outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [(outcome.value as Payment).id] : [])),
      ...worker.acknowledged,
    ];
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    for (const reason of refused) expect(reason).toMatchObject({ reason: 'PAYMENTS_ABOVE_APPROVED', details: { amount: '5000.00' } });
    expect(new Set(worker.refused)).toEqual(worker.refused.length > 0 ? new Set(['payment_within_approved_amount']) : new Set());
    expect([acknowledged.length, refused.length + worker.refused.length]).toEqual([20, 30]);

    const stored = await db.orm.em
      .fork()
      .execute<{ id: string; amount: string }[]>(`select id, amount::text as amount from payment where notice_id = ? order by id`, [
        noticeId,
      ]);
    const total = stored.reduce((sum, row) => sum.plus(row.amount), d('0'));
    expect(total.toFixed(2)).toBe('100000.00');
    expect(stored.map((row) => row.id).sort()).toEqual(acknowledged.sort());
  });
});

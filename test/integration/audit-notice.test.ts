// Every audit event names the grant notice its record belongs to: the service writes it with the event,
// and the migration that added the column derives the same notice for the events written before it,
// from their hashed states, without changing the hash chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOwner } from '../../src/orm.js';
import { Payment, StaffAllocation } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import { verifyAuditTrail } from '../../src/services/audit-chain.js';
import { seedDemo } from '../../src/services/demo-data.js';
import { reversePayment } from '../../src/services/disbursements.js';
import { reverseStaffAllocation } from '../../src/services/staff.js';
import { openTestOrm, type TestOrm } from '../support/database.js';

let db: TestOrm;
const system = Access.system();

type Row = { id: string; entity_type: string; grant_notice_id: string | null; hash: string };

const events = () =>
  db.orm.em.fork().getConnection().execute<Row[]>('select id, entity_type, grant_notice_id, hash from audit_event order by chain_seq');

beforeAll(async () => {
  db = await openTestOrm();
  await seedDemo(db.orm.em.fork());
  // The demonstration data reverse no payment and no month of staff costs: their events reach the notice through the reversed record.
  const em = db.orm.em.fork();
  const [payment] = await em.find(Payment, {}, { orderBy: { id: 'asc' }, limit: 1 });
  await reversePayment(em.fork(), system, payment!.id, { reason: 'Irrtümlich ausgezahlt', reversedOn: '2020-12-01' });
  const [allocation] = await em.find(StaffAllocation, {}, { orderBy: { id: 'asc' }, limit: 1 });
  await reverseStaffAllocation(em.fork(), system, allocation!.id, { reason: 'Falscher Monat', reversedOn: '2020-12-01' });
});

afterAll(async () => {
  await db?.close();
});

describe('the grant notice of each audit event', () => {
  it('is written with every event of a record of a notice, and only with those', async () => {
    const rows = await events();
    const withNotice = new Set(rows.filter((row) => row.grant_notice_id).map((row) => row.entity_type));
    expect([...withNotice].sort()).toEqual([
      'BudgetLine',
      'DisbursementRequest',
      'Expenditure',
      'ExpenditureReversal',
      'GrantNotice',
      'GrantNoticeVersion',
      'Payment',
      'PaymentReversal',
      'StaffAllocation',
      'StaffAllocationReversal',
    ]);
    const without = new Set(rows.filter((row) => !row.grant_notice_id).map((row) => row.entity_type));
    for (const type of withNotice) expect(without.has(type), type).toBe(false);
    expect([...without].every((type) => !type.startsWith('Grant') || type === 'GrantApplication')).toBe(true);
  });

  it('is derived by the migration exactly as the service wrote it, and the chain stays unbroken', async () => {
    const written = await events();
    await withOwner(db.orm, async (owner) => {
      await owner.migrator.down();
      await owner.migrator.up();
    });
    const migrated = await events();
    expect(migrated).toEqual(written);
    const verification = await verifyAuditTrail(db.orm.em.fork(), system);
    expect(verification.firstBrokenEvent).toBeNull();
    expect(verification.verifiedEvents).toBe(written.length);
  });
});

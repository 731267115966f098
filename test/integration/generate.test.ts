// The generated data set of `npm run generate` on a real database: size S written through the use cases with
// the numbers it promises, the same records again from the same seed in another database, nothing written by a
// second run, and a data set left incomplete by an interrupted run refused rather than completed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDataSet, generateData, SIZES, type GenerationSummary } from '../../scripts/generate-data.js';
import { Dec } from '../../src/domain/decimal.js';
import { COST_CATEGORIES } from '../../src/domain/enums.js';
import { Access } from '../../src/services/access.js';
import { createFundingProgram } from '../../src/services/programs.js';
import type { Em } from '../../src/services/records.js';
import { openTestOrm, type TestOrm } from '../support/database.js';

const SEED = 7;

let db: TestOrm;
let first: GenerationSummary;

beforeAll(async () => {
  db = await openTestOrm();
  first = await generateData(db.orm, { size: 'S', seed: SEED });
}, 120_000);

afterAll(async () => {
  await db.close();
});

/** Rows per table, the audit trail included: what a run that writes nothing leaves exactly as it was. */
async function tableRows(em: Em): Promise<Record<string, number>> {
  const tables = await em.execute<{ name: string }[]>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations' order by 1`,
  );
  const rows: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await em.execute<{ count: string }[]>(`select count(*)::text as count from "${name}"`);
    rows[name] = Number(row!.count);
  }
  return rows;
}

/**
 * Everything the data set says, without ids and timestamps, as one digest per kind of record: two databases
 * filled from the same size and seed must agree on every one.
 */
async function fingerprint(em: Em, programCode: string): Promise<Record<string, string>> {
  const [row] = await em.execute<Record<string, string>[]>(
    `with n as (
       select g.id, g.reference, g.notice_date, g.status, g.proof_of_use_submitted_on, g.actual_third_party_funds, r.ags
         from grant_notice g join recipient r on r.id = g.recipient_id
        where g.funding_program_id = (select id from funding_program where code = ?))
     select
       (select md5(string_agg(concat_ws('|', reference, ags, notice_date, status, proof_of_use_submitted_on, actual_third_party_funds),
                              ',' order by reference)) from n) as notices,
       (select md5(string_agg(concat_ws('|', n.reference, v.version_no, v.financing_type, v.rate, v.eligible_costs, v.own_funds,
                                        v.third_party_funds, v.approved_amount, v.approval_start, v.approval_end, b.category, b.planned),
                              ',' order by n.reference, v.version_no, b.category))
          from n join grant_notice_version v on v.notice_id = n.id join budget_line b on b.notice_version_id = v.id) as figures,
       (select md5(string_agg(concat_ws('|', n.reference, e.receipt_number, e.invoice_date, e.payment_date, e.payee, e.purpose,
                                        e.category, e.amount, e.source, x.reversed_on, x.reason),
                              ',' order by n.reference, e.receipt_number, e.source, e.amount))
          from n join expenditure e on e.notice_id = n.id left join expenditure_reversal x on x.expenditure_id = e.id) as receipts,
       (select md5(string_agg(concat_ws('|', n.reference, m.name, a.month, a.method, a.share, a.amount), ',' order by n.reference, m.name, a.month))
          from n join staff_allocation a on a.notice_id = n.id join employee m on m.id = a.employee_id) as staff,
       (select md5(string_agg(concat_ws('|', n.reference, p.paid_on, p.amount, x.reversed_on), ',' order by n.reference, p.paid_on))
          from n join payment p on p.notice_id = n.id left join payment_reversal x on x.payment_id = p.id) as payments,
       (select md5(string_agg(concat_ws('|', n.reference, f.as_of, f.final_grant, f.paid_total, f.balance, f.interest), ',' order by n.reference))
          from n join final_settlement f on f.notice_id = n.id) as settlements`,
    [programCode],
  );
  return row!;
}

describe('generated data set, size S', () => {
  it('holds the promised numbers of records, written through the services', async () => {
    const spec = SIZES.S;
    expect(first).toMatchObject({ programCode: `GEN-S-${SEED}`, size: 'S', seed: SEED, reused: false });
    expect(first.counts).toMatchObject({
      recipients: spec.recipients,
      cooperations: spec.cooperations,
      projects: spec.notices,
      applications: spec.notices,
      grantNotices: spec.notices,
      receipts: spec.receipts,
      staffAllocations: spec.staffAllocations,
      payments: spec.payments,
      // 8 % of the notices amended, 4 % settled, 0.4 % of the payments reversed: at least one of each.
      amendments: 2,
      settlements: 1,
      paymentReversals: 1,
    });
    expect(first.largestNotice.receipts).toBe(spec.largestReceipts);
    expect(first.counts.receiptReversals).toBeGreaterThan(0);
    expect(first.counts.sharedInvoices).toBeGreaterThan(0);
    expect(first.stages.map((stage) => stage.stage)).toEqual([
      'master data',
      'notices',
      'amendments',
      'staff costs',
      'receipts',
      'reversals',
      'shared invoices',
      'disbursements',
      'settlements',
    ]);
    // The summary's figures are the database's.
    expect(await countDataSet(db.orm.em.fork(), first.fundingProgramId)).toEqual(first.counts);
  });

  it('writes the same records from the same seed into another database', async () => {
    const other = await openTestOrm();
    try {
      const second = await generateData(other.orm, { size: 'S', seed: SEED, concurrency: 2 });
      expect(second.counts).toEqual(first.counts);
      expect(second.largestNotice.reference).toBe(first.largestNotice.reference);
      expect(await fingerprint(other.orm.em.fork(), second.programCode)).toEqual(await fingerprint(db.orm.em.fork(), first.programCode));
    } finally {
      await other.close();
    }
  }, 120_000);

  it('finds the data set on a second run and writes nothing', async () => {
    const before = await tableRows(db.orm.em.fork());
    const again = await generateData(db.orm, { size: 'S', seed: SEED });
    expect(again).toMatchObject({ reused: true, fundingProgramId: first.fundingProgramId, counts: first.counts, stages: [] });
    expect(again.largestNotice).toEqual(first.largestNotice);
    expect(await tableRows(db.orm.em.fork())).toEqual(before);
  });

  it('refuses to build on a data set that an interrupted run left incomplete', async () => {
    await createFundingProgram(db.orm.em.fork(), Access.system(), {
      code: `GEN-S-${SEED + 1}`,
      name: 'Abgebrochene Erzeugung',
      grantingAuthority: 'TFM',
      legalBasis: 'ThürLHO',
      maxRate: new Dec('0.8'),
      eligibleCategories: [...COST_CATEGORIES],
    });
    const before = await tableRows(db.orm.em.fork());
    await expect(generateData(db.orm, { size: 'S', seed: SEED + 1 })).rejects.toThrow(/interrupted/);
    expect(await tableRows(db.orm.em.fork())).toEqual(before);
  });
});

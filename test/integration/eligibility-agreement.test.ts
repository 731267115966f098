// Rule 2 has one home (src/domain/eligibility.ts): a TypeScript predicate and SQL fragments. This test
// draws random notices (one-day periods, periods around year ends, amendments that move the period
// and change the plan) and random receipts (unpaid, paid on and next to each boundary, in planned and
// unplanned categories, some reversed) and staff months, and checks on the real database that the
// SQL's verdict is the predicate's for every one of them, and that the budget check, its count of
// excluded receipts and the programme's spending add up exactly what the predicate counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import {
  exclusionReason,
  exclusionSql,
  receiptCountsSql,
  staffCountsSql,
  staffExclusionReason,
  staffExclusionSql,
  versionColumns,
  type ExclusionReason,
} from '../../src/domain/eligibility.js';
import { COST_CATEGORIES, type CostCategory } from '../../src/domain/enums.js';
import { addDays, addMonths, type LocalDate } from '../../src/domain/local-date.js';
import { GrantNotice } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import { recordExpenditures, reverseExpenditure, type ExpenditureInput } from '../../src/services/expenditures.js';
import { budgetChecksOf } from '../../src/services/budget-check.js';
import { amendGrantNotice, createGrantNotice } from '../../src/services/notices.js';
import { budgetYears } from '../../src/services/programs.js';
import { openTestOrm, type TestOrm } from '../support/database.js';
import { d, district, programme, projectOf, uniqueReference } from '../support/factories.js';
import { seededRandom } from '../support/random.js';

const system = Access.system();
const SEED = 20_261_202;
const NOTICES = 36;
const RECEIPTS_PER_NOTICE = 70;

const next = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));

interface Period {
  start: LocalDate;
  end: LocalDate;
}

function randomPeriod(): Period {
  // Around year ends and in the middle of a year; a fifth are one day long.
  const start = pick(['2020-01-01', '2020-06-15', '2020-12-31', '2021-02-28', '2021-03-01']);
  const length = pick([0, 0, 1, 30, 183, 365, 500]);
  return { start, end: addDays(start, length) };
}

function randomPlan(): { category: CostCategory; planned: Dec }[] {
  const categories = COST_CATEGORIES.filter(() => next() < 0.5);
  const chosen = categories.length > 0 ? categories : [pick(COST_CATEGORIES)];
  return chosen.map((category) => ({ category, planned: d(`${between(1, 500)}000.00`) }));
}

/** A payment date on, next to or away from the boundaries of the period, or none. */
function randomPaymentDate(period: Period): LocalDate | null {
  const roll = next();
  if (roll < 0.06) return null;
  const anchor = pick([period.start, period.end]);
  if (roll < 0.7) return addDays(anchor, pick([-1, 0, 1]));
  return addDays(anchor, between(-400, 400));
}

interface Drawn {
  noticeId: string;
  versionId: string;
  budgetYear: number;
  period: Period;
  planned: Set<CostCategory>;
}

let db: TestOrm;
let programId: string;
const notices: Drawn[] = [];
/** Receipt id → what the predicate needs. */
const receipts = new Map<
  string,
  { noticeId: string; paymentDate: LocalDate | null; category: CostCategory; eligible: Dec; reversed: boolean }
>();

beforeAll(async () => {
  db = await openTestOrm();
  const setup = db.orm.em.fork();
  programId = (await programme(setup, { 2020: '900000000.00', 2021: '900000000.00' })).id;
  const projectId = (await projectOf(setup, (await district(setup)).id)).id;
  for (let index = 0; index < NOTICES; index++) {
    let period = randomPeriod();
    let plan = randomPlan();
    const eligibleCosts = plan.reduce((sum, line) => sum.plus(line.planned), d('0'));
    const notice = await createGrantNotice(db.orm.em.fork(), system, {
      reference: uniqueReference('RULE2'),
      noticeDate: '2019-12-01',
      fundingProgramId: programId,
      projectId,
      financingType: 'SHARE',
      rate: d('0.8'),
      eligibleCosts,
      approvedAmount: eligibleCosts.times('0.8'),
      approvalPeriod: period,
      budgetYear: pick([2020, 2021]),
      budgetLines: plan,
    });
    const inputs: ExpenditureInput[] = Array.from({ length: RECEIPTS_PER_NOTICE }, (_, row) => {
      const paymentDate = randomPaymentDate(period);
      const amount = d(`${between(1, 9999)}.${String(between(0, 99)).padStart(2, '0')}`);
      return {
        receiptNumber: `R-${index}-${row}`,
        invoiceDate: paymentDate ? addDays(paymentDate, -between(0, 20)) : '2020-06-01',
        paymentDate,
        payee: 'Lieferant',
        purpose: 'Zufallsbeleg',
        category: pick(COST_CATEGORIES),
        amount,
        eligibleAmount: next() < 0.2 ? amount.times('0.5').toDecimalPlaces(2) : amount,
      };
    });
    const booked = await recordExpenditures(db.orm.em.fork(), system, notice.id, inputs);
    for (const receipt of booked) {
      receipts.set(receipt.id, {
        noticeId: notice.id,
        paymentDate: receipt.paymentDate ?? null,
        category: receipt.category,
        eligible: receipt.eligibleAmount,
        reversed: false,
      });
      if (next() < 0.1) {
        await reverseExpenditure(db.orm.em.fork(), system, receipt.id, { reason: 'Zufall', reversedOn: '2021-06-30' });
        receipts.get(receipt.id)!.reversed = true;
      }
    }
    // A third are amended afterwards: the figures in force (period and plan) decide, not the first ones.
    let version = notice.current;
    let budgetYear = version.budgetYear;
    if (next() < 0.35) {
      period = randomPeriod();
      plan = randomPlan();
      const amendedCosts = plan.reduce((sum, line) => sum.plus(line.planned), d('0'));
      const amended = await amendGrantNotice(db.orm.em.fork(), system, notice.id, notice.version, {
        reference: `${notice.reference}-Ä`,
        amendmentDate: '2019-12-15',
        reason: 'Zufällige Änderung',
        eligibleCosts: amendedCosts,
        approvedAmount: amendedCosts.times('0.8'),
        approvalPeriod: period,
        budgetLines: plan,
      });
      version = amended.current;
      budgetYear = version.budgetYear;
    }
    notices.push({ noticeId: notice.id, versionId: version.id, budgetYear, period, planned: new Set(plan.map((line) => line.category)) });
  }
}, 600_000);

afterAll(async () => {
  await db.close();
});

function predicate(receipt: { noticeId: string; paymentDate: LocalDate | null; category: CostCategory; reversed: boolean }) {
  const notice = notices.find((candidate) => candidate.noticeId === receipt.noticeId)!;
  return exclusionReason(receipt, {
    approvalStart: notice.period.start,
    approvalEnd: notice.period.end,
    plannedCategories: notice.planned,
  });
}

describe(`Rule 2 in SQL agrees with the predicate (seed ${SEED})`, () => {
  it(`on every one of ${NOTICES * RECEIPTS_PER_NOTICE} random receipts`, async () => {
    const V = versionColumns('v');
    const rows = await db.orm.em.fork().execute<{ id: string; reason: ExclusionReason | null; counts: boolean }[]>(
      `select e.id, ${exclusionSql({ receipt: 'e', version: V, reversal: 'r', line: 'b' })} as reason, ${receiptCountsSql('e', V)} as counts
         from expenditure e
         join grant_notice n on n.id = e.notice_id
         join grant_notice_version v on v.id = n.current_version_id
         left join expenditure_reversal r on r.expenditure_id = e.id
         left join budget_line b on b.notice_version_id = v.id and b.category = e.category
        where n.funding_program_id = ?`,
      [programId],
    );
    expect(rows.length).toBe(NOTICES * RECEIPTS_PER_NOTICE);
    expect(rows.length).toBeGreaterThanOrEqual(2000);
    const disagreements = rows.filter((row) => {
      const expected = predicate(receipts.get(row.id)!);
      return row.reason !== expected || row.counts !== (expected === null);
    });
    expect(disagreements).toEqual([]);
    // The draw reaches every reason, so that no branch of the rule goes untested.
    expect(new Set(rows.map((row) => row.reason))).toEqual(
      new Set([null, 'REVERSED', 'NOT_PAID', 'PAID_BEFORE_PERIOD', 'PAID_AFTER_PERIOD', 'CATEGORY_NOT_PLANNED']),
    );
  });

  it('on every staff month from 2019 to 2022 against every version in force', async () => {
    const months: LocalDate[] = Array.from({ length: 48 }, (_, index) => addMonths('2019-01-01', index));
    const reversedEvery = 7;
    const V = versionColumns('v');
    const rows = await db.orm.em
      .fork()
      .execute<{ version_id: string; month: string; reversed: boolean; reason: ExclusionReason | null; counts: boolean }[]>(
        `select v.id as version_id, a.month::text as month, r.id is not null as reversed,
              ${staffExclusionSql({ allocation: 'a', version: V, reversal: 'r' })} as reason,
              (r.id is null and ${staffCountsSql('a', V)}) as counts
         from grant_notice_version v
         cross join (values ${months.map((month, index) => `('${month}'::date, gen_random_uuid(), ${index + 1})`).join(', ')}) as a(month, id, n)
         cross join lateral (select case when a.n % ${reversedEvery} = 0 then a.id end as id) r
        where v.id in (?)`,
        [notices.map((notice) => notice.versionId)],
      );
    expect(rows.length).toBe(months.length * NOTICES);
    const disagreements = rows.filter((row) => {
      const notice = notices.find((candidate) => candidate.versionId === row.version_id)!;
      const expected = staffExclusionReason(
        { reversed: row.reversed, month: row.month },
        { approvalStart: notice.period.start, approvalEnd: notice.period.end, plannedCategories: notice.planned },
      );
      return row.reason !== expected || row.counts !== (expected === null);
    });
    expect(disagreements).toEqual([]);
  });

  it('is what the budget check, its excluded count and the programme spending add up', async () => {
    const checks = await budgetChecksOf(
      db.orm.em.fork(),
      notices.map((notice) => notice.noticeId),
    );
    const spentByYear = new Map<number, Dec>();
    for (const notice of notices) {
      const own = [...receipts.values()].filter((receipt) => receipt.noticeId === notice.noticeId);
      const counted = own.filter((receipt) => predicate(receipt) === null);
      const total = counted.reduce((sum, receipt) => sum.plus(receipt.eligible), d('0'));
      const check = checks.get(notice.noticeId)!;
      expect([check.actualTotal.toFixed(2), check.excludedCount], notice.noticeId).toEqual([total.toFixed(2), own.length - counted.length]);
      spentByYear.set(notice.budgetYear, (spentByYear.get(notice.budgetYear) ?? d('0')).plus(total));
    }
    const years = await budgetYears(db.orm.em.fork(), programId);
    expect(years.map((year) => [year.year, year.spent.toFixed(2)])).toEqual(
      [2020, 2021].map((year) => [year, (spentByYear.get(year) ?? d('0')).toFixed(2)]),
    );
    expect(await db.orm.em.fork().count(GrantNotice, { fundingProgram: programId })).toBe(NOTICES);
  });
});

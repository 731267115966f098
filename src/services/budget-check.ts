// The budget check (Rule 3) of notices, aggregated in SQL so that no grant's receipts are loaded, and
// the receipts that do not count (Rule 2) with their reasons.
import { Dec, ZERO } from '../domain/decimal.js';
import { budgetCheck, type BudgetCheckResult } from '../domain/budget-check.js';
import {
  describeExclusion,
  exclusionSql,
  paidInPeriodSql,
  staffMonthInPeriodSql,
  staffNotReversedSql,
  versionColumns,
  type ExclusionReason,
} from '../domain/eligibility.js';
import { COST_CATEGORIES, type CostCategory } from '../domain/enums.js';
import { Expenditure, GrantNotice } from '../entities/index.js';
import { noticesInForce } from './notices.js';
import { groupedBy, type Em } from './records.js';

/** The version in force as the queries below name it. */
const V = versionColumns('v');

/** Rule 2's reason for a receipt `e` with its reversal `r` and budget line `b` left joined (src/domain/eligibility.ts). */
export const RECEIPT_EXCLUSION_SQL = exclusionSql({ receipt: 'e', version: V, reversal: 'r', line: 'b' });

/**
 * Up to this many notices, their receipts are read through the notice index; a larger batch (a whole
 * programme) reads the table in parallel: for 1,000 notices of 1,000,000 receipts, 370 ms against 570 ms.
 */
const INDEXED_BATCH = 200;

/** Paid within the approval period of the version `v`, reversed or not. */
const IN_PERIOD_SQL = paidInPeriodSql('e', V);

export interface ExcludedExpenditure {
  expenditure: Expenditure;
  reason: ExclusionReason;
  explanation: string;
}

/** Rule 3's figures of one notice, without the list of excluded receipts. */
export interface BudgetCheckFigures extends BudgetCheckResult {
  noticeId: string;
  /** Receipts kept but not counted (Rule 2). */
  excludedCount: number;
}

export interface BudgetCheckView extends BudgetCheckFigures {
  /** Receipts kept but not counted, with the reason (Rule 2); the first `EXCLUDED_LIMIT` of them. */
  excluded: ExcludedExpenditure[];
}

export const EXCLUDED_LIMIT = 500;

/**
 * Rule 3 for many notices at once, on the figures in force: actual per budget line from SQL sums of
 * the counted receipts and staff costs. The number of statements does not grow with the number of
 * notices, and no receipt is loaded.
 */
export async function budgetChecksOf(em: Em, noticeIds: readonly string[]): Promise<Map<string, BudgetCheckFigures>> {
  const checks = new Map<string, BudgetCheckFigures>();
  if (noticeIds.length === 0) return checks;
  const found = await noticesInForce(em, noticeIds);
  const ids = found.map((notice) => notice.id);
  if (ids.length === 0) return checks;
  // Rule 2 apart from the category (decided per line below) in two parts: one pass over the receipts
  // sums what was paid within the approval period, and the few reversed receipts, read through their
  // own index, are taken off again. Joining every receipt to the reversals would cost a third more.
  const paidRead = em.execute<{ notice_id: string; category: CostCategory; amount: string | null; paid: string; rows: string }[]>(
    `select e.notice_id, e.category, sum(e.eligible_amount) filter (where ${IN_PERIOD_SQL})::text as amount,
            count(*) filter (where ${IN_PERIOD_SQL})::text as paid, count(*)::text as rows
       from grant_notice n
       join grant_notice_version v on v.id = n.current_version_id
       join expenditure e on e.notice_id = n.id
      where n.id in (?) ${ids.length <= INDEXED_BATCH ? 'and e.notice_id in (?)' : ''}
      group by e.notice_id, e.category`,
    // The ids on the receipts too for a page of notices: the planner does not carry a list over a join and
    // would read every receipt. For a whole programme reading every receipt in parallel is what is fastest.
    ids.length <= INDEXED_BATCH ? [ids, ids] : [ids],
  );
  const reversedRead = em.execute<{ notice_id: string; category: CostCategory; amount: string | null; paid: string }[]>(
    `select e.notice_id, e.category, sum(e.eligible_amount) filter (where ${IN_PERIOD_SQL})::text as amount,
            count(*) filter (where ${IN_PERIOD_SQL})::text as paid
       from expenditure_reversal r
       join expenditure e on e.id = r.expenditure_id
       join grant_notice n on n.id = r.notice_id
       join grant_notice_version v on v.id = n.current_version_id
      where r.notice_id in (?)
      group by e.notice_id, e.category`,
    [ids],
  );
  const staffRead = em.execute<{ notice_id: string; amount: string }[]>(
    `select a.notice_id, sum(a.amount)::text as amount
       from grant_notice n
       join grant_notice_version v on v.id = n.current_version_id
       join staff_allocation a on a.notice_id = n.id
      where n.id in (?) and a.notice_id in (?) and ${staffNotReversedSql('a')} and ${staffMonthInPeriodSql('a', V)}
      group by a.notice_id`,
    [ids, ids],
  );
  // The plan lines as plain rows: a programme's thousands of lines need no entities here.
  const linesRead = em.execute<{ notice_version_id: string; category: CostCategory; planned: string }[]>(
    `select notice_version_id, category, planned::text as planned from budget_line where notice_version_id in (?)`,
    [found.map((notice) => notice.current.id)],
  );
  // The four reads are independent: they run side by side on connections of the pool.
  const [paid, reversed, staff, lineRows] = await Promise.all([paidRead, reversedRead, staffRead, linesRead]);
  const linesByVersion = groupedBy(
    found.map((notice) => notice.current.id),
    lineRows,
    (row) => row.notice_version_id,
  );
  const reversedOf = new Map(reversed.map((row) => [`${row.notice_id} ${row.category}`, row]));
  const sums = paid.map((row) => {
    const off = reversedOf.get(`${row.notice_id} ${row.category}`);
    const counted = new Dec(row.amount ?? '0').minus(off?.amount ?? '0');
    const countedRows = Number(row.paid) - Number(off?.paid ?? 0);
    return { notice_id: row.notice_id, category: row.category, counted, rows: Number(row.rows), excluded: Number(row.rows) - countedRows };
  });
  const staffByNotice = new Map(staff.map((row) => [row.notice_id, new Dec(row.amount)]));
  const sumsByNotice = groupedBy(ids, sums, (row) => row.notice_id);
  for (const notice of found) {
    const lines = linesByVersion.get(notice.current.id)!.map((row) => ({ category: row.category, planned: new Dec(row.planned) }));
    const planned = new Set(lines.map((line) => line.category));
    const rows = sumsByNotice.get(notice.id)!;
    const actual = new Map(rows.map((row) => [row.category, row.counted]));
    if (planned.has('STAFF')) actual.set('STAFF', (actual.get('STAFF') ?? ZERO).plus(staffByNotice.get(notice.id) ?? ZERO));
    const result = budgetCheck(
      [...lines]
        .sort((a, b) => COST_CATEGORIES.indexOf(a.category) - COST_CATEGORIES.indexOf(b.category))
        .map((line) => ({ category: line.category, planned: line.planned, actual: actual.get(line.category) ?? ZERO })),
      notice.fundingProgram.lineTolerance,
    );
    const excludedCount = rows.reduce((count, row) => count + (planned.has(row.category) ? row.excluded : row.rows), 0);
    checks.set(notice.id, { ...result, noticeId: notice.id, excludedCount });
  }
  return checks;
}

/**
 * The first `EXCLUDED_LIMIT` excluded receipts of each notice in booking order, with the reason
 * (Rule 2): per notice an index scan in id order that stops at the limit, all in one statement.
 */
export async function excludedExpendituresOf(em: Em, noticeIds: readonly string[]): Promise<Map<string, ExcludedExpenditure[]>> {
  const excluded = new Map<string, ExcludedExpenditure[]>(noticeIds.map((id) => [id, []]));
  if (noticeIds.length === 0) return excluded;
  const rows = await em.execute<{ id: string; notice_id: string; reason: ExclusionReason; approval_start: string; approval_end: string }[]>(
    `select x.id, n.id as notice_id, x.reason, v.approval_start::text as approval_start, v.approval_end::text as approval_end
       from grant_notice n
       join grant_notice_version v on v.id = n.current_version_id
       cross join lateral (
         select e.id, ${RECEIPT_EXCLUSION_SQL} as reason
           from expenditure e
           left join expenditure_reversal r on r.expenditure_id = e.id
           left join budget_line b on b.notice_version_id = v.id and b.category = e.category
          where e.notice_id = n.id and (${RECEIPT_EXCLUSION_SQL}) is not null
          order by e.id
          limit ${EXCLUDED_LIMIT}
       ) x
      where n.id in (?)
      order by n.id, x.id`,
    [[...new Set(noticeIds)]],
  );
  if (rows.length === 0) return excluded;
  const expenditures = await em.find(Expenditure, { id: { $in: rows.map((row) => row.id) } });
  const byId = new Map(expenditures.map((expenditure) => [expenditure.id, expenditure]));
  for (const row of rows) {
    const expenditure = byId.get(row.id)!;
    excluded.get(row.notice_id)!.push({
      expenditure,
      reason: row.reason,
      explanation: describeExclusion(row.reason, {
        approvalStart: row.approval_start,
        approvalEnd: row.approval_end,
        paymentDate: expenditure.paymentDate ?? null,
        category: expenditure.category,
      }),
    });
  }
  return excluded;
}

/** Rule 3 for one notice, with the first excluded receipts. */
export async function budgetCheckOf(em: Em, notice: GrantNotice): Promise<BudgetCheckView> {
  const figures = (await budgetChecksOf(em, [notice.id])).get(notice.id)!;
  const excluded = figures.excludedCount === 0 ? [] : (await excludedExpendituresOf(em, [notice.id])).get(notice.id)!;
  return { ...figures, excluded };
}

// Rule 2, eligible expenditure (zuwendungsfähige Ausgaben): whether a receipt or a month of staff costs
// counts towards its grant notice, and why not. The rule's one home: the TypeScript predicates below and
// the SQL fragments at the end, which every sum, list and check of the database uses (budget check,
// excluded list, Belegliste, programme spending, settlement usage, warnings). A generated test compares
// the two on the real database (test/integration/eligibility-agreement.test.ts).
import { COST_CATEGORY_NAMES, type CostCategory } from './enums.js';
import { addDays, addMonths, compareLocalDates, formatGermanDate, type LocalDate } from './local-date.js';

/**
 * Why a receipt (Beleg) does not count towards the grant notice, in order of precedence:
 * - `REVERSED`: cancelled by a reversal (Storno);
 * - `NOT_PAID`: no payment date (Zahlungsdatum) yet;
 * - `PAID_BEFORE_PERIOD`: paid before the first day of the approval period (Bewilligungszeitraum);
 * - `PAID_AFTER_PERIOD`: paid after the last day of the approval period;
 * - `CATEGORY_NOT_PLANNED`: the financing plan (Finanzierungsplan) has no budget line (Einzelansatz) for its category.
 */
export const EXCLUSION_REASONS = ['REVERSED', 'NOT_PAID', 'PAID_BEFORE_PERIOD', 'PAID_AFTER_PERIOD', 'CATEGORY_NOT_PLANNED'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** What Rule 2 looks at on a receipt. */
export interface EligibilityExpenditure {
  /** True once a reversal (Storno) cancels the receipt. */
  reversed: boolean;
  /** Zahlungsdatum; null while unpaid. */
  paymentDate: LocalDate | null;
  category: CostCategory;
}

/** What Rule 2 looks at on the grant notice (in its current version, after amendments). */
export interface EligibilityNotice {
  /** First day of the approval period (Bewilligungszeitraum), included. */
  approvalStart: LocalDate;
  /** Last day of the approval period, included. */
  approvalEnd: LocalDate;
  /** The categories that have a budget line (Einzelansatz) in the financing plan, whatever its planned amount. */
  plannedCategories: ReadonlySet<CostCategory>;
}

/**
 * Rule 2: the reason a receipt does not count as eligible expenditure (zuwendungsfähige Ausgabe),
 * or null when it counts. A receipt counts exactly when all of these hold:
 *
 *   NOT reversed
 *   AND payment_date IS NOT NULL
 *   AND payment_date >= approval_start AND payment_date <= approval_end   -- calendar dates, both days included
 *   AND category IN (categories with a budget line of the notice)
 *
 * The first condition that fails is the reason, in the order above; the period is one condition,
 * split by which side the payment date falls on. Database aggregations of eligible amounts mirror
 * this predicate, so that sums and the list of excluded receipts always agree.
 */
export function exclusionReason(e: EligibilityExpenditure, notice: EligibilityNotice): ExclusionReason | null {
  if (e.reversed) return 'REVERSED';
  if (e.paymentDate === null) return 'NOT_PAID';
  if (compareLocalDates(e.paymentDate, notice.approvalStart) < 0) return 'PAID_BEFORE_PERIOD';
  if (compareLocalDates(e.paymentDate, notice.approvalEnd) > 0) return 'PAID_AFTER_PERIOD';
  if (!notice.plannedCategories.has(e.category)) return 'CATEGORY_NOT_PLANNED';
  return null;
}

/** What Rule 2 looks at on a month of staff costs (Personalausgaben), booked in the STAFF category. */
export interface EligibilityStaffMonth {
  reversed: boolean;
  /** The first day of the month. */
  month: LocalDate;
}

/**
 * Rule 2 for a month of staff costs: it counts when not reversed, when the month overlaps the approval
 * period (its first day at most the period's end, its last day at least the period's start) and when
 * the plan has a STAFF line. A month entirely after the period is PAID_AFTER_PERIOD, before it PAID_BEFORE_PERIOD.
 */
export function staffExclusionReason(staff: EligibilityStaffMonth, notice: EligibilityNotice): ExclusionReason | null {
  if (staff.reversed) return 'REVERSED';
  if (compareLocalDates(staff.month, notice.approvalEnd) > 0) return 'PAID_AFTER_PERIOD';
  const lastDay = addDaysToMonthEnd(staff.month);
  if (compareLocalDates(lastDay, notice.approvalStart) < 0) return 'PAID_BEFORE_PERIOD';
  if (!notice.plannedCategories.has('STAFF')) return 'CATEGORY_NOT_PLANNED';
  return null;
}

/** The last day of the month that starts on `month`. */
function addDaysToMonthEnd(month: LocalDate): LocalDate {
  return addDays(addMonths(month, 1), -1);
}

/** The figures that make an exclusion's description concrete; without them it stays general. */
export interface ExclusionContext {
  approvalStart: LocalDate;
  approvalEnd: LocalDate;
  /** Named in the description of a payment outside the approval period. */
  paymentDate?: LocalDate | null;
  /** Named in the description of a category without a budget line. */
  category?: CostCategory;
}

/**
 * One sentence for the finance officer on why a receipt does not count, with dates in German
 * form, e.g. "Bezahlt am 01.01.2022, nach dem Ende des Bewilligungszeitraums am 31.12.2021."
 */
export function describeExclusion(reason: ExclusionReason, context?: ExclusionContext): string {
  const paidOn = context?.paymentDate == null ? 'Bezahlt' : `Bezahlt am ${formatGermanDate(context.paymentDate)},`;
  switch (reason) {
    case 'REVERSED':
      return 'Storniert: der Beleg wurde aufgehoben und zählt nicht.';
    case 'NOT_PAID':
      return 'Noch nicht bezahlt: ein Beleg zählt erst mit einem Zahlungsdatum im Bewilligungszeitraum.';
    case 'PAID_BEFORE_PERIOD':
      return context === undefined
        ? 'Bezahlt vor Beginn des Bewilligungszeitraums.'
        : `${paidOn} vor Beginn des Bewilligungszeitraums am ${formatGermanDate(context.approvalStart)}.`;
    case 'PAID_AFTER_PERIOD':
      return context === undefined
        ? 'Bezahlt nach dem Ende des Bewilligungszeitraums.'
        : `${paidOn} nach dem Ende des Bewilligungszeitraums am ${formatGermanDate(context.approvalEnd)}.`;
    case 'CATEGORY_NOT_PLANNED':
      return context?.category === undefined
        ? 'Der Finanzierungsplan hat keinen Ansatz für die Kostenkategorie dieses Belegs.'
        : `Der Finanzierungsplan hat keinen Ansatz für die Kostenkategorie „${COST_CATEGORY_NAMES[context.category]}“.`;
  }
}

// ---------------------------------------------------------------------------------------------
// Rule 2 in SQL, parameterised by the aliases of the query that uses it

/** Where a query has the version in force: its approval period and its id (for the budget lines). */
export interface VersionColumns {
  start: string;
  end: string;
  id: string;
}

/** The columns of a `grant_notice_version` row under `alias`, e.g. `v`. */
export function versionColumns(alias: string): VersionColumns {
  return { start: `${alias}.approval_start`, end: `${alias}.approval_end`, id: `${alias}.id` };
}

/** Paid within the approval period, both days included (reversal and category aside). */
export function paidInPeriodSql(receipt: string, version: VersionColumns): string {
  return `(${receipt}.payment_date is not null and ${receipt}.payment_date >= ${version.start} and ${receipt}.payment_date <= ${version.end})`;
}

/** The plan of the version has a line for the receipt's category. */
export function categoryPlannedSql(receipt: string, version: VersionColumns): string {
  return `exists (select 1 from budget_line bl where bl.notice_version_id = ${version.id} and bl.category = ${receipt}.category)`;
}

/** No Storno cancels the receipt. */
export function receiptNotReversedSql(receipt: string): string {
  return `not exists (select 1 from expenditure_reversal xr where xr.expenditure_id = ${receipt}.id)`;
}

/** The receipt counts: the SQL form of `exclusionReason(...) === null`. */
export function receiptCountsSql(receipt: string, version: VersionColumns): string {
  return `(${receiptNotReversedSql(receipt)} and ${paidInPeriodSql(receipt, version)} and ${categoryPlannedSql(receipt, version)})`;
}

/**
 * `exclusionReason` as a SQL `case` (null when the receipt counts), in the same order of precedence.
 * `reversal` is the receipt's reversal left joined (its id null when there is none), `line` its
 * budget line of the version left joined on the category.
 */
export function exclusionSql(aliases: { receipt: string; version: VersionColumns; reversal: string; line: string }): string {
  const { receipt: e, version: v, reversal: r, line: b } = aliases;
  return `case
    when ${r}.id is not null then 'REVERSED'
    when ${e}.payment_date is null then 'NOT_PAID'
    when ${e}.payment_date < ${v.start} then 'PAID_BEFORE_PERIOD'
    when ${e}.payment_date > ${v.end} then 'PAID_AFTER_PERIOD'
    when ${b}.id is null then 'CATEGORY_NOT_PLANNED'
  end`;
}

/** The last day of a staff allocation's month as a SQL date. */
export function staffMonthEndSql(allocation: string): string {
  return `(${allocation}.month + interval '1 month' - interval '1 day')::date`;
}

/** The month overlaps the approval period (reversal and plan aside). */
export function staffMonthInPeriodSql(allocation: string, version: VersionColumns): string {
  return `(${allocation}.month <= ${version.end} and ${staffMonthEndSql(allocation)} >= ${version.start})`;
}

/** The plan of the version has a STAFF line. */
export function staffPlannedSql(version: VersionColumns): string {
  return `exists (select 1 from budget_line bl where bl.notice_version_id = ${version.id} and bl.category = 'STAFF')`;
}

/** No Storno cancels the staff month. */
export function staffNotReversedSql(allocation: string): string {
  return `not exists (select 1 from staff_allocation_reversal xs where xs.allocation_id = ${allocation}.id)`;
}

/** The staff month counts: the SQL form of `staffExclusionReason(...) === null`. */
export function staffCountsSql(allocation: string, version: VersionColumns): string {
  return `(${staffNotReversedSql(allocation)} and ${staffMonthInPeriodSql(allocation, version)} and ${staffPlannedSql(version)})`;
}

/** `staffExclusionReason` as a SQL `case`; `reversal` is the month's reversal left joined. */
export function staffExclusionSql(aliases: { allocation: string; version: VersionColumns; reversal: string }): string {
  const { allocation: a, version: v, reversal: r } = aliases;
  return `case
    when ${r}.id is not null then 'REVERSED'
    when ${a}.month > ${v.end} then 'PAID_AFTER_PERIOD'
    when ${staffMonthEndSql(a)} < ${v.start} then 'PAID_BEFORE_PERIOD'
    when not ${staffPlannedSql(v)} then 'CATEGORY_NOT_PLANNED'
  end`;
}

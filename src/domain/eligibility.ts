// Rule 2, eligible expenditure (zuwendungsfähige Ausgaben): whether a receipt counts towards its grant notice, and why not.
import { COST_CATEGORY_NAMES, type CostCategory } from './enums.js';
import { compareLocalDates, formatGermanDate, type LocalDate } from './local-date.js';

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

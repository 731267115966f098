// Rule 3, budget check (Soll-Ist-Vergleich der Einzelansätze): per budget line planned, actual, deviation and the recognised amount.
import { Dec, sum } from './decimal.js';
import type { CostCategory } from './enums.js';
import { DomainInputError } from './errors.js';
import { formatPercent } from './rate.js';

/** One budget line (Einzelansatz) with what was spent on it. */
export interface LineActual {
  category: CostCategory;
  /** Planned amount (Ansatz) of the financing plan. */
  planned: Dec;
  /** Ist: the eligible amounts of the receipts of this category that count under Rule 2. */
  actual: Dec;
}

/** The budget check of one line. */
export interface BudgetCheckLine {
  category: CostCategory;
  planned: Dec;
  actual: Dec;
  /** Abweichung: actual − planned; negative when the line is under plan. */
  deviation: Dec;
  /** Abweichung in %, as a fraction (0.3 = 30 %) at full precision; null when nothing was planned. */
  deviationPercent: Dec | null;
  /** Whether actual ≤ planned × (1 + tolerance), i.e. the overrun is within the permitted Überschreitung. */
  withinTolerance: boolean;
  /** Anerkannter Betrag: min(actual, planned × (1 + tolerance)). */
  recognised: Dec;
}

export interface BudgetCheckResult {
  /** In the order of the input. */
  lines: BudgetCheckLine[];
  /** Gesamtansatz of the financing plan. */
  plannedTotal: Dec;
  actualTotal: Dec;
  /** Recognised total: min(sum of recognised lines, planned total); the plan's total is binding. */
  recognisedTotal: Dec;
}

/**
 * Rule 3: a budget line (Einzelansatz) may be exceeded by up to `tolerance` of its planned amount
 * (default 0.2, i.e. 20 %) as far as other lines are under plan, and the financing plan's total is
 * binding. Amounts are in cents and the tolerance has at most four decimals, so everything is
 * exact without rounding, except the line cap (see `lineCap`).
 */
export function budgetCheck(lines: readonly LineActual[], tolerance: Dec): BudgetCheckResult {
  if (tolerance.isNeg() && !tolerance.isZero()) {
    throw new DomainInputError(`Die Toleranz der Ansätze darf nicht negativ sein: ${formatPercent(tolerance)}.`, {
      reason: 'VALUE_OUT_OF_RANGE',
      field: 'lineTolerance',
      details: { lineTolerance: tolerance.toString() },
    });
  }
  const checked = lines.map((line): BudgetCheckLine => {
    const cap = lineCap(line.planned, tolerance);
    const deviation = line.actual.minus(line.planned);
    return {
      category: line.category,
      planned: line.planned,
      actual: line.actual,
      deviation,
      deviationPercent: line.planned.isZero() ? null : deviation.div(line.planned),
      withinTolerance: line.actual.lte(cap),
      recognised: Dec.min(line.actual, cap),
    };
  });
  const plannedTotal = sum(lines.map((line) => line.planned));
  return {
    lines: checked,
    plannedTotal,
    actualTotal: sum(lines.map((line) => line.actual)),
    recognisedTotal: Dec.min(sum(checked.map((line) => line.recognised)), plannedTotal),
  };
}

/**
 * Highest amount a line can have recognised: planned × (1 + tolerance). With a four-decimal
 * tolerance this can fall between cents; it is then rounded down, because a cap is never rounded
 * in the recipient's favour. As actual amounts are whole cents, comparing them with the rounded
 * cap gives the same answer as comparing them with the exact one.
 */
function lineCap(planned: Dec, tolerance: Dec): Dec {
  return planned.times(tolerance.plus(1)).toDecimalPlaces(2, Dec.ROUND_FLOOR);
}

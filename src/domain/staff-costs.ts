// Rule 7, staff costs (Personalausgaben): the project share, the monthly cost by method, and one employee's monthly limit.
import { Dec, ZERO } from './decimal.js';
import { formatPercent } from './rate.js';
import { DomainInputError, type RuleViolation } from './errors.js';
import { addMonths, compareLocalDates, formatGermanDate, yearOf, type LocalDate } from './local-date.js';
import { formatEuro, roundMoney, type RoundingMode } from './money.js';

/**
 * How staff costs are charged to a grant (Abrechnungsmethode):
 * - `ACTUAL`: tatsächliche Personalausgaben, employer gross cost × project share;
 * - `HOURS`: employer gross cost × project hours / working hours (Stundennachweis);
 * - `FLAT_RATE`: Personalkostenpauschale, the programme's annual rate for the pay group ÷ 12 × project share.
 */
export const STAFF_COST_METHODS = ['ACTUAL', 'HOURS', 'FLAT_RATE'] as const;
export type StaffCostMethod = (typeof STAFF_COST_METHODS)[number];

/**
 * Project share (Projektanteil) of one employee in one month, above 0 and at most 1: the given
 * share for `ACTUAL` and `FLAT_RATE`, project hours / working hours (at full precision) for `HOURS`.
 */
export function projectShare(input: {
  method: StaffCostMethod;
  share?: Dec | null;
  projectHours?: Dec | null;
  workingHours?: Dec | null;
}): Dec {
  if (input.method !== 'HOURS') {
    if (input.share == null) throw new DomainInputError('Der Projektanteil fehlt.', { reason: 'REQUIRED', field: 'share' });
    checkShareRange(input.share);
    return input.share;
  }
  const projectHours = requiredHours(input.projectHours, 'projectHours', 'Die Projektstunden');
  const workingHours = requiredHours(input.workingHours, 'workingHours', 'Die Arbeitsstunden');
  if (projectHours.gt(workingHours)) {
    throw new DomainInputError(
      `Die Projektstunden (${german(projectHours)}) übersteigen die Arbeitsstunden des Monats (${german(workingHours)}).`,
      {
        reason: 'SHARE_ABOVE_ONE',
        field: 'projectHours',
        details: { projectHours: projectHours.toString(), workingHours: workingHours.toString() },
      },
    );
  }
  return projectHours.div(workingHours);
}

/**
 * Staff cost of one employee for one month charged to a grant: for `ACTUAL` and `HOURS` the
 * employer gross cost (Arbeitgeberbrutto: salary + employer contributions) × share, for
 * `FLAT_RATE` the annual rate (Personalkostensatz) ÷ 12 × share; rounded to cents with the
 * programme's rounding mode once, at the end.
 */
export function monthlyStaffCost(
  input: { method: StaffCostMethod; share: Dec; employerCost?: Dec | null; annualRate?: Dec | null },
  rounding: RoundingMode,
): Dec {
  checkShareRange(input.share);
  const exact =
    input.method === 'FLAT_RATE'
      ? requiredAmount(input.annualRate, 'annualRate', 'Der Personalkostensatz (Jahressatz)').div(12).times(input.share)
      : requiredAmount(input.employerCost, 'employerCost', 'Das Arbeitgeberbrutto').times(input.share);
  // A share from hours such as 20 / 168, or a rate ÷ 12, is cut after 40 digits: 3000.27 × 20 / 168,
  // exactly 357.175, would come out a trace below the half cent and round the wrong way. Rounding
  // the trace away at 20 decimals first keeps an exact half cent exact; cents times such a share
  // cannot otherwise come within 10^-20 of a half cent, so no other result moves.
  return roundMoney(exact.toDecimalPlaces(TRACE_DECIMALS, Dec.ROUND_HALF_UP), rounding);
}

const TRACE_DECIMALS = 20;

/**
 * No double funding (Doppelförderung): one employee's project shares in one month, over all
 * grants, may not exceed 1. `existing` is the sum of the month's non-reversed shares, `additional`
 * the share to be added. A reduction never makes the month worse, so it passes.
 */
export function checkMonthlyShares(input: {
  employeeName?: string;
  month: LocalDate;
  existing: Dec;
  additional: Dec;
}): RuleViolation | null {
  const { existing, additional } = input;
  if (!additional.gt(ZERO)) return null;
  const total = existing.plus(additional);
  if (total.lte(1)) return null;
  const whose =
    input.employeeName === undefined ? 'Die Projektanteile des oder der Beschäftigten' : `Die Projektanteile von ${input.employeeName}`;
  return {
    reason: 'SHARE_ABOVE_ONE',
    field: 'share',
    message:
      `${whose} im Monat ${formatMonth(input.month)} ergäben zusammen ${formatPercent(total)}: bereits ${formatPercent(existing)} über alle ` +
      `Bescheide zugeordnet, dazu ${formatPercent(additional)}, das ist mehr als 100 %; kein Monat darf doppelt gefördert werden.`,
    figures: {
      month: input.month.slice(0, 7),
      existing: existing.toString(),
      additional: additional.toString(),
      total: total.toString(),
    },
  };
}

// A slipped year (2020 → 2120) would otherwise create a thousand monthly allocations at once.
const MAX_MONTHS = 120;

/**
 * The first day of every month from the month of `from` to the month of `to`, both included,
 * for a range of months entered at once: 2020-11-15 to 2021-02-01 gives 2020-11-01, 2020-12-01,
 * 2021-01-01 and 2021-02-01. At most 120 months.
 */
export function monthsBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  if (compareLocalDates(to, from) < 0) {
    throw new DomainInputError(`Der Monatszeitraum endet am ${formatGermanDate(to)}, vor seinem Beginn am ${formatGermanDate(from)}.`, {
      reason: 'DATE_OUT_OF_ORDER',
      details: { from, to },
    });
  }
  const count = monthNumber(to) - monthNumber(from) + 1;
  if (count > MAX_MONTHS) {
    throw new DomainInputError(
      `Der Zeitraum von ${formatMonth(from)} bis ${formatMonth(to)} umfasst ${count} Monate; ` +
        `höchstens ${MAX_MONTHS} können auf einmal erfasst werden.`,
      { reason: 'VALUE_OUT_OF_RANGE', details: { from, to, months: String(count) } },
    );
  }
  const first = `${from.slice(0, 7)}-01`;
  return Array.from({ length: count }, (_, index) => addMonths(first, index));
}

function checkShareRange(share: Dec): void {
  if (share.gt(ZERO) && share.lte(1)) return;
  throw new DomainInputError(`Der Projektanteil muss größer als 0 % und höchstens 100 % sein: ${formatPercent(share)}.`, {
    reason: 'VALUE_OUT_OF_RANGE',
    field: 'share',
    details: { share: share.toString() },
  });
}

function requiredHours(value: Dec | null | undefined, field: string, label: string): Dec {
  if (value == null) throw new DomainInputError(`${label} des Monats fehlen.`, { reason: 'REQUIRED', field });
  if (!value.gt(ZERO)) {
    throw new DomainInputError(`${label} des Monats müssen größer als 0 sein: ${german(value)}.`, {
      reason: 'VALUE_OUT_OF_RANGE',
      field,
      details: { [field]: value.toString() },
    });
  }
  return value;
}

function requiredAmount(value: Dec | null | undefined, field: string, label: string): Dec {
  if (value == null) throw new DomainInputError(`${label} fehlt.`, { reason: 'REQUIRED', field });
  if (value.isNeg() && !value.isZero()) {
    const shown = value.isFinite() && value.decimalPlaces() <= 2 ? formatEuro(value) : german(value);
    throw new DomainInputError(`${label} darf nicht negativ sein: ${shown}.`, {
      reason: 'NEGATIVE_AMOUNT',
      field,
      details: { [field]: value.toString() },
    });
  }
  return value;
}

/** Month count since year 0, so that two months can be subtracted. */
function monthNumber(d: LocalDate): number {
  return yearOf(d) * 12 + Number(d.slice(5, 7));
}

/** German month display, e.g. "06/2020". */
function formatMonth(d: LocalDate): string {
  return `${d.slice(5, 7)}/${yearOf(d)}`;
}

/** A share or number of hours with a decimal comma, exactly as given: "0,6", "64,5". */
function german(value: Dec): string {
  return value.toString().replace('.', ',');
}

// Rule 6, interest on early-drawn funds (Zinsen auf vorzeitig abgerufene Mittel, § 49a (4) VwVfG): FIFO usage, deadlines, day runs.
import { Dec, ZERO, sum } from './decimal.js';
import { DomainInputError } from './errors.js';
import { addDays, addMonths, compareLocalDates, daysFrom, formatGermanDate, type LocalDate } from './local-date.js';
import { formatEuro, roundMoney, type RoundingMode } from './money.js';
import { formatPercent } from './rate.js';

/** A Bundesbank base rate (Basiszinssatz) in force from `validFrom` until the next period starts. */
export interface BaseRatePeriod {
  validFrom: LocalDate;
  /** A fraction per year, e.g. -0.0088 for −0.88 %; it may be negative. */
  rate: Dec;
}

/** The Bundesbank base rates (Basiszinssatz nach § 247 BGB) since mid-2016, the seed of the `BaseRate` table. */
export const BUNDESBANK_BASE_RATES: readonly BaseRatePeriod[] = [
  { validFrom: '2016-07-01', rate: new Dec('-0.0088') },
  { validFrom: '2023-01-01', rate: new Dec('0.0162') },
  { validFrom: '2023-07-01', rate: new Dec('0.0312') },
  { validFrom: '2024-01-01', rate: new Dec('0.0362') },
  { validFrom: '2024-07-01', rate: new Dec('0.0337') },
  { validFrom: '2025-01-01', rate: new Dec('0.0227') },
  { validFrom: '2025-07-01', rate: new Dec('0.0127') },
];

/** A payment (Auszahlung) received from the state. */
export interface PaymentTranche {
  id: string;
  paidOn: LocalDate;
  amount: Dec;
}

/** Grant money used (Verwendung der Zuwendung) on one day. */
export interface UsageEvent {
  usedOn: LocalDate;
  /** Grant usage = eligible expenditure × (approved / planned total), see `grantUsage`. */
  amount: Dec;
}

/** The part of one payment used on one day, or still unused (`usedOn` null). */
export interface UsagePortion {
  paymentId: string;
  paidOn: LocalDate;
  amount: Dec;
  usedOn: LocalDate | null;
}

/** Consecutive days of a portion that bear interest at the same rate. */
export interface InterestRun {
  from: LocalDate;
  /** The last day of the run, included. */
  to: LocalDate;
  days: number;
  /** Base rate of these days plus the margin, per year. */
  rate: Dec;
}

export interface InterestPortion extends UsagePortion {
  /** Verwendungsfrist: paidOn + spendDeadlineMonths; use on this day is still in time. */
  deadline: LocalDate;
  /** Days bearing interest; 0 when the portion was used in time or its deadline has not passed. */
  days: number;
  /** Interest on this portion rounded to cents, for display; the total is rounded on its own. */
  interest: Dec;
  runs: InterestRun[];
}

export interface InterestResult {
  /** Total interest (Zinsanspruch), summed at full precision and then rounded to cents. */
  amount: Dec;
  portions: InterestPortion[];
  /** Where a base rate had to be assumed; the figure is then indicative. */
  warnings: string[];
}

/**
 * Grant usage (verwendete Zuwendung) of an eligible expenditure under Rule 6: the grant pays its
 * proportion approved / planned total of every euro spent. Full precision; no plan, no usage.
 */
export function grantUsage(eligibleExpenditure: Dec, approvedAmount: Dec, plannedTotal: Dec): Dec {
  if (plannedTotal.isZero()) return ZERO;
  // Multiplying first keeps the quotient to a single division.
  return eligibleExpenditure.times(approvedAmount).div(plannedTotal);
}

/**
 * Matches grant usage against payments first-in first-out (FIFO).
 *
 * Payments are taken by payment date, equal dates by id; usage events by date. Each usage event
 * consumes the earliest payments that still have an unused remainder, whether or not they had
 * arrived by then. Money spent before the payment that covers it was pre-financed by the
 * recipient and bears no interest: that part of the payment counts as used on its payment day
 * (`usedOn` = `paidOn`). Usage beyond all payments is the recipient's own money and is dropped.
 * What remains of a payment after all usage comes back with `usedOn` null. Portions come in
 * payment order, the used parts of a payment in date order before its unused remainder.
 */
export function allocateUsageFifo(payments: readonly PaymentTranche[], usage: readonly UsageEvent[]): UsagePortion[] {
  for (const payment of payments) requireNotNegative(payment.amount, `der Auszahlung ${payment.id}`);
  for (const event of usage) requireNotNegative(event.amount, `der Verwendung am ${formatGermanDate(event.usedOn)}`);

  const queue = [...payments]
    .sort((a, b) => compareLocalDates(a.paidOn, b.paidOn) || compareIds(a.id, b.id))
    .map((payment) => ({ payment, remaining: payment.amount }));
  const events = [...usage].sort((a, b) => compareLocalDates(a.usedOn, b.usedOn));

  const portions: UsagePortion[] = [];
  let next = 0;
  for (const event of events) {
    let toUse = event.amount;
    while (toUse.gt(ZERO)) {
      const open = queue[next];
      if (open === undefined) break;
      const taken = Dec.min(toUse, open.remaining);
      if (taken.gt(ZERO)) {
        const usedOn = compareLocalDates(event.usedOn, open.payment.paidOn) < 0 ? open.payment.paidOn : event.usedOn;
        portions.push({ paymentId: open.payment.id, paidOn: open.payment.paidOn, amount: taken, usedOn });
      }
      open.remaining = open.remaining.minus(taken);
      toUse = toUse.minus(taken);
      if (!open.remaining.gt(ZERO)) next += 1;
    }
  }
  for (const open of queue.slice(next)) {
    if (open.remaining.gt(ZERO)) {
      portions.push({ paymentId: open.payment.id, paidOn: open.payment.paidOn, amount: open.remaining, usedOn: null });
    }
  }
  return portions;
}

/** Interest counts actual days over a year of 365 days, also in leap years. */
const DAYS_PER_YEAR = 365;

/** A base rate older than this is assumed to have been followed by one not yet recorded (rates change each 1 Jan and 1 Jul). */
const BASE_RATE_VALIDITY_MONTHS = 6;

/**
 * Rule 6: interest on funds drawn early (Zinsen auf vorzeitig abgerufene Mittel), as of the
 * evaluation date. Only payments and usage up to and including that date count, so a later
 * evaluation date with the same usage is a forecast.
 *
 * Usage is matched to payments FIFO (see `allocateUsageFifo`). A portion must be used by its
 * deadline, paidOn + `spendDeadlineMonths` (Verwendungsfrist). A portion used later, or unused
 * while the evaluation date is past its deadline, bears interest for each day from the payment
 * date up to, not including, the day of use or the evaluation date: actual days / 365 at the base
 * rate in force that day (the last period with validFrom ≤ day) plus `marginRate` (5 points).
 * Consecutive days at one rate form a run, amount × rate × days / 365; everything is summed at full
 * precision and only the total and, for display, each portion are rounded to cents.
 *
 * A day before the first recorded period takes the first rate, and a day from six months after the
 * last recorded change on takes the last rate, as the next one is missing; either adds a warning.
 */
export function interestDue(
  input: {
    payments: readonly PaymentTranche[];
    usage: readonly UsageEvent[];
    evaluationDate: LocalDate;
    spendDeadlineMonths: number;
    /** Aufschlag auf den Basiszinssatz per year, 0.05 for 5 percentage points. */
    marginRate: Dec;
    baseRates: readonly BaseRatePeriod[];
  },
  rounding: RoundingMode,
): InterestResult {
  const { evaluationDate } = input;
  if (!Number.isInteger(input.spendDeadlineMonths) || input.spendDeadlineMonths < 0) {
    throw new DomainInputError(
      `Die Verwendungsfrist muss eine ganze Zahl von Monaten ab 0 sein, nicht ${String(input.spendDeadlineMonths).replace('.', ',')}.`,
      {
        reason: 'VALUE_OUT_OF_RANGE',
        field: 'spendDeadlineMonths',
      },
    );
  }
  const baseRates = [...input.baseRates].sort((a, b) => compareLocalDates(a.validFrom, b.validFrom));
  const payments = input.payments.filter((p) => compareLocalDates(p.paidOn, evaluationDate) <= 0);
  const usage = input.usage.filter((u) => compareLocalDates(u.usedOn, evaluationDate) <= 0);

  let exactTotal = ZERO;
  const portions = allocateUsageFifo(payments, usage).map((portion): InterestPortion => {
    const deadline = addMonths(portion.paidOn, input.spendDeadlineMonths);
    const end = portion.usedOn ?? evaluationDate;
    if (compareLocalDates(end, deadline) <= 0) return { ...portion, deadline, days: 0, interest: ZERO, runs: [] };

    const runs = interestRuns(portion.paidOn, end, baseRates, input.marginRate);
    // Σ amount × rate × days is exact; dividing once by 365 per portion confines the error to the 40th digit.
    const exact = portion.amount.times(sum(runs.map((run) => run.rate.times(run.days)))).div(DAYS_PER_YEAR);
    exactTotal = exactTotal.plus(exact);
    return { ...portion, deadline, days: daysFrom(portion.paidOn, end), interest: roundMoney(exact, rounding), runs };
  });

  return {
    amount: roundMoney(exactTotal, rounding),
    portions,
    warnings: rateWarnings(
      baseRates,
      portions.flatMap((portion) => portion.runs),
    ),
  };
}

/** Splits the days from `from` up to, not including, `until` into runs of one base rate. */
function interestRuns(from: LocalDate, until: LocalDate, baseRates: readonly BaseRatePeriod[], margin: Dec): InterestRun[] {
  const runs: InterestRun[] = [];
  let start = from;
  while (compareLocalDates(start, until) < 0) {
    const index = periodIndexOn(start, baseRates);
    // Before the first period its rate is assumed, so the first period's start still ends the run.
    const period = baseRates[Math.max(index, 0)];
    if (period === undefined) {
      throw new DomainInputError(
        'Es ist kein Basiszinssatz erfasst, daher können keine Zinsen berechnet werden. Bitte zuerst den Basiszinssatz erfassen.',
        {
          reason: 'BASE_RATE_MISSING',
          field: 'baseRates',
        },
      );
    }
    const nextChange = baseRates[index + 1]?.validFrom;
    const runEnd = nextChange !== undefined && compareLocalDates(nextChange, until) < 0 ? nextChange : until;
    runs.push({ from: start, to: addDays(runEnd, -1), days: daysFrom(start, runEnd), rate: period.rate.plus(margin) });
    start = runEnd;
  }
  return runs;
}

/** Index of the last period with validFrom ≤ day; −1 before the first period. */
function periodIndexOn(day: LocalDate, baseRates: readonly BaseRatePeriod[]): number {
  let index = -1;
  for (const [i, period] of baseRates.entries()) {
    if (compareLocalDates(period.validFrom, day) <= 0) index = i;
  }
  return index;
}

/** Warnings for interest days whose base rate had to be assumed; runs never cross the first period's start. */
function rateWarnings(baseRates: readonly BaseRatePeriod[], runs: readonly InterestRun[]): string[] {
  const first = baseRates[0];
  const last = baseRates[baseRates.length - 1];
  if (first === undefined || last === undefined || runs.length === 0) return [];

  const warnings: string[] = [];
  const before = runs.filter((run) => compareLocalDates(run.from, first.validFrom) < 0);
  if (before.length > 0) {
    warnings.push(
      `Vor dem ${formatGermanDate(first.validFrom)} ist kein Basiszinssatz erfasst; für die Tage vom ` +
        `${formatGermanDate(earliest(before.map((run) => run.from)))} bis ${formatGermanDate(latest(before.map((run) => run.to)))} ` +
        `ist der Satz von ${formatPercent(first.rate)} angenommen.`,
    );
  }
  const expectedChange = addMonths(last.validFrom, BASE_RATE_VALIDITY_MONTHS);
  const lastDay = latest(runs.map((run) => run.to));
  if (compareLocalDates(lastDay, expectedChange) >= 0) {
    warnings.push(
      `Nach dem ${formatGermanDate(last.validFrom)} ist kein Basiszinssatz erfasst, obwohl er zum 1. Januar und 1. Juli neu festgesetzt wird; ` +
        `für die Tage vom ${formatGermanDate(expectedChange)} bis ${formatGermanDate(lastDay)} ist der Satz von ` +
        `${formatPercent(last.rate)} angenommen.`,
    );
  }
  return warnings;
}

function earliest(days: readonly LocalDate[]): LocalDate {
  return days.reduce((a, b) => (compareLocalDates(a, b) <= 0 ? a : b));
}

function latest(days: readonly LocalDate[]): LocalDate {
  return days.reduce((a, b) => (compareLocalDates(a, b) >= 0 ? a : b));
}

function requireNotNegative(amount: Dec, what: string): void {
  if (amount.isNeg() && !amount.isZero()) {
    const shown = amount.isFinite() && amount.decimalPlaces() <= 2 ? formatEuro(amount) : amount.toString().replace('.', ',');
    throw new DomainInputError(`Der Betrag ${what} darf nicht negativ sein: ${shown}.`, {
      reason: 'NEGATIVE_AMOUNT',
      details: { amount: amount.toString() },
    });
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

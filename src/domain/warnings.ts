// Plausibility warnings: figures that are accepted but look wrong or risky, returned with the answer
// (`warnings { reason message field figures }`) so that the finance officer can look again. Each
// reason is in the catalogue below with what it means in German; the README lists them.
import { Dec, ZERO } from './decimal.js';
import { grantUsage } from './interest.js';
import { addMonths, compareLocalDates, daysFrom, formatGermanDate, type LocalDate } from './local-date.js';
import { formatEuro, formatMoney } from './money.js';

export const WARNING_REASONS = {
  PAYMENT_DATE_IN_FUTURE: 'Das Datum der Auszahlung liegt in der Zukunft.',
  RECEIPT_NUMBER_REPEATED: 'Der Zuwendungsbescheid hat bereits einen gültigen Beleg mit derselben Belegnummer.',
  RECEIPT_DOES_NOT_COUNT: 'Der Beleg ist gebucht, zählt aber nicht als zuwendungsfähige Ausgabe.',
  SPEND_DEADLINE_AT_RISK:
    'Bei der bisherigen Ausgabengeschwindigkeit wird die abgerufene Zuwendung nicht innerhalb der Verwendungsfrist verwendet.',
} as const;

export type WarningReason = keyof typeof WARNING_REASONS;

export interface Warning {
  reason: WarningReason;
  message: string;
  /** The input field the warning is about, when there is one. */
  field: string | null;
  /** The figures named in the message as plain strings (money with two decimals, dates as YYYY-MM-DD). */
  figures: Record<string, string>;
}

/** A payment is booked when the money has arrived: a date after today is likely mistyped. */
export function futurePaymentWarning(paidOn: LocalDate, today: LocalDate): Warning | null {
  if (compareLocalDates(paidOn, today) <= 0) return null;
  return {
    reason: 'PAYMENT_DATE_IN_FUTURE',
    message: `Das Datum der Auszahlung (${formatGermanDate(paidOn)}) liegt nach dem heutigen Tag (${formatGermanDate(today)}); bitte prüfen.`,
    field: 'paidOn',
    figures: { paidOn, today },
  };
}

/** What a Mittelabruf's check of the spending pace looks at. */
export interface SpendPaceInput {
  requestedOn: LocalDate;
  amount: Dec;
  approvalStart: LocalDate;
  approvedAmount: Dec;
  /** Gesamtansatz of the financing plan. */
  plannedTotal: Dec;
  /** Eligible expenditure that counts so far (the budget check's Ist). */
  spent: Dec;
  /** Payments received, reversed ones left out. */
  paid: Dec;
  /** Other submitted Mittelabrufe not yet paid. */
  otherRequested: Dec;
  /** Funds must be used within this many months of their payment (Rule 5). */
  spendDeadlineMonths: number;
}

/**
 * Whether the grant money on hand once this request is paid would be used within the spend deadline
 * at the pace so far: the grant used (Rule 6: eligible expenditure × approved / planned total) per day
 * from the start of the approval period to the request, carried forward over the deadline.
 */
export function spendPaceWarning(input: SpendPaceInput): Warning | null {
  const used = grantUsage(input.spent, input.approvedAmount, input.plannedTotal);
  const onHand = Dec.max(ZERO, input.paid.plus(input.otherRequested).plus(input.amount).minus(used));
  const deadline = addMonths(input.requestedOn, input.spendDeadlineMonths);
  const elapsed = daysFrom(input.approvalStart, input.requestedOn);
  // Before the approval period there is no pace yet: nothing is expected to be used.
  const perDay = elapsed > 0 ? used.div(elapsed) : ZERO;
  const expected = perDay.times(daysFrom(input.requestedOn, deadline));
  if (!onHand.greaterThan(expected)) return null;
  const cents = (value: Dec) => value.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
  return {
    reason: 'SPEND_DEADLINE_AT_RISK',
    message:
      `Mit diesem Mittelabruf stünden ${formatEuro(cents(onHand))} Zuwendung zur Verwendung an. Bei der bisherigen Ausgabengeschwindigkeit ` +
      `(seit ${formatGermanDate(input.approvalStart)} verwendet: ${formatEuro(cents(used))}) werden bis zum ${formatGermanDate(deadline)} ` +
      `voraussichtlich nur ${formatEuro(cents(expected))} verwendet. Was nicht innerhalb von ${input.spendDeadlineMonths} Monaten ` +
      `nach der Auszahlung verwendet wird, kann zu verzinsen sein.`,
    field: 'amount',
    figures: {
      amount: formatMoney(input.amount),
      onHand: formatMoney(cents(onHand)),
      used: formatMoney(cents(used)),
      expectedUse: formatMoney(cents(expected)),
      deadline,
    },
  };
}

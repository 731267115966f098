// The deadlines of a notice (Fristen): what the finance officer, the service-team lead and the state
// auditor must not miss, computed from what the register already knows.
import { Dec, ZERO, sum } from './decimal.js';
import { DEADLINE_KINDS, type DeadlineKind } from './enums.js';
import { compareLocalDates, type LocalDate } from './local-date.js';
import { roundMoney, type RoundingMode } from './money.js';
import { isProofOfUseOverdue, proofOfUseDue } from './proof-of-use.js';

export interface Deadline {
  kind: DeadlineKind;
  noticeId: string;
  dueOn: LocalDate;
  overdue: boolean;
  /** SPEND_DEADLINE: the part of the payment still unspent; SETTLEMENT: the forecast balance; otherwise null. */
  amount: Dec | null;
  /** SPEND_DEADLINE: the payment whose money must be used. */
  paymentId: string | null;
}

/** A part of one payment, used on a day or still unused (`usedOn` null), with the payment's Verwendungsfrist. */
export interface PaymentPortion {
  paymentId: string;
  amount: Dec;
  usedOn: LocalDate | null;
  deadline: LocalDate;
}

export interface NoticeDeadlineFacts {
  noticeId: string;
  approvalEnd: LocalDate;
  proofOfUseMonths: number;
  proofOfUseSubmittedOn: LocalDate | null;
  /** Settled (finalised) or revoked notices have no deadlines left. */
  closed: boolean;
  /** The FIFO use of the payments as of today (Rule 6); empty when nothing was paid. */
  portions: readonly PaymentPortion[];
  /** Final grant − payments received, forecast as of today. */
  balance: Dec;
  /** The programme's rounding of the money unspent, which Rule 6 counts at full precision. */
  roundingMode: RoundingMode;
}

/**
 * The deadlines of one notice as of `today`:
 * - PROOF_OF_USE until the proof of use is submitted, overdue after its due date (Rule 9);
 * - SPEND_DEADLINE for each payment with money still unspent (rounded to cents), overdue after the payment's
 *   Verwendungsfrist, from which day the unspent money bears interest (Rules 5 and 6);
 * - APPROVAL_PERIOD_END while the approval period runs: receipts paid later do not count (Rule 2);
 * - SETTLEMENT once the proof of use is submitted and until the settlement is finalised, due since
 *   the day of submission.
 * Sorted by due date, then kind.
 */
export function noticeDeadlines(facts: NoticeDeadlineFacts, today: LocalDate): Deadline[] {
  if (facts.closed) return [];
  const base = { noticeId: facts.noticeId, paymentId: null, amount: null };
  const deadlines: Deadline[] = [];
  const submitted = facts.proofOfUseSubmittedOn;
  if (submitted === null) {
    const due = proofOfUseDue(facts.approvalEnd, facts.proofOfUseMonths);
    deadlines.push({ ...base, kind: 'PROOF_OF_USE', dueOn: due, overdue: isProofOfUseOverdue(due, today, null) });
  } else {
    deadlines.push({
      ...base,
      kind: 'SETTLEMENT',
      dueOn: submitted,
      overdue: compareLocalDates(today, submitted) > 0,
      amount: facts.balance,
    });
  }
  if (compareLocalDates(today, facts.approvalEnd) <= 0) {
    deadlines.push({ ...base, kind: 'APPROVAL_PERIOD_END', dueOn: facts.approvalEnd, overdue: false });
  }
  for (const [paymentId, portions] of unspentByPayment(facts.portions)) {
    const dueOn = portions[0]!.deadline;
    deadlines.push({
      ...base,
      kind: 'SPEND_DEADLINE',
      paymentId,
      dueOn,
      overdue: compareLocalDates(today, dueOn) > 0,
      amount: roundMoney(sum(portions.map((portion) => portion.amount)), facts.roundingMode),
    });
  }
  return deadlines.sort((a, b) => compareLocalDates(a.dueOn, b.dueOn) || DEADLINE_KINDS.indexOf(a.kind) - DEADLINE_KINDS.indexOf(b.kind));
}

/** The unused portions of each payment that still has money unspent, in the order of the payments. */
function unspentByPayment(portions: readonly PaymentPortion[]): Map<string, PaymentPortion[]> {
  const unspent = new Map<string, PaymentPortion[]>();
  for (const portion of portions) {
    if (portion.usedOn !== null || portion.amount.lte(ZERO)) continue;
    const list = unspent.get(portion.paymentId) ?? [];
    list.push(portion);
    unspent.set(portion.paymentId, list);
  }
  return unspent;
}

/**
 * The deadlines in a window: overdue ones always, the others when due from `from` to `to` (both
 * included; either may be left open).
 */
export function deadlinesWithin(deadlines: readonly Deadline[], from: LocalDate | null, to: LocalDate | null): Deadline[] {
  return deadlines.filter(
    (deadline) =>
      deadline.overdue ||
      ((from === null || compareLocalDates(deadline.dueOn, from) >= 0) && (to === null || compareLocalDates(deadline.dueOn, to) <= 0)),
  );
}

// Use cases of money from the state: disbursement requests (Mittelabrufe), payments (Auszahlungen) with
// their reversals, and the Bundesbank base rates (Basiszinssatz) that interest on early-drawn funds uses.
import { LockMode } from '@mikro-orm/core';
import { Dec } from '../domain/decimal.js';
import { DomainInputError } from '../domain/errors.js';
import type { LocalDate } from '../domain/local-date.js';
import { formatEuro, formatMoney } from '../domain/money.js';
import { BaseRate, DisbursementRequest, GrantNotice, Payment, PaymentReversal, type DisbursementStatus } from '../entities/index.js';
import type { Access } from './access.js';
import type { ReversalInput } from './expenditures.js';
import { findById, findForUpdate, groupedBy, MAX_DESCRIPTION_LENGTH, required, requiredText, resultFor, type Em } from './records.js';
import { DISBURSEMENT_STATUS_NAMES } from '../domain/enums.js';

export interface DisbursementRequestInput {
  grantNoticeId: string;
  requestedOn: LocalDate;
  amount: Dec;
  purpose: string;
}

export interface DisbursementRequestPatch {
  requestedOn?: LocalDate | null;
  amount?: Dec | null;
  purpose?: string | null;
  status?: DisbursementStatus | null;
}

export interface PaymentInput {
  grantNoticeId: string;
  paidOn: LocalDate;
  amount: Dec;
  /** The Mittelabruf the payment answers; it must be submitted and becomes paid. */
  requestId?: string | null;
}

export interface BaseRateInput {
  validFrom: LocalDate;
  /** A fraction per year, e.g. -0.0088 for −0.88 %. */
  rate: Dec;
}

/**
 * The life of a Mittelabruf: a draft is submitted or withdrawn, a submitted one is paid (by a payment
 * that names it) or withdrawn. Paid and withdrawn requests are final.
 */
const TRANSITIONS: Record<DisbursementStatus, readonly DisbursementStatus[]> = {
  DRAFT: ['SUBMITTED', 'WITHDRAWN'],
  SUBMITTED: ['PAID', 'WITHDRAWN'],
  PAID: [],
  WITHDRAWN: [],
};

/** The statuses as a finance officer reads them: „Entwurf“, „Eingereicht“, … */
const STATUS_NAMES: Record<DisbursementStatus, string> = DISBURSEMENT_STATUS_NAMES;

/** A positive amount in whole cents; other callers than the API (whose Money scalar checks this) must not have the column round it. */
function checkAmount(amount: Dec): Dec {
  if (!amount.isPositive() || amount.isZero()) {
    throw new DomainInputError('Der Betrag muss größer als 0,00 € sein.', { reason: 'AMOUNT_NOT_POSITIVE', field: 'amount' });
  }
  if (amount.decimalPlaces() > 2 || amount.greaterThanOrEqualTo('1e15')) {
    throw new DomainInputError('Der Betrag darf höchstens zwei Nachkommastellen und 15 Stellen davor haben.', {
      reason: 'INVALID_MONEY',
      field: 'amount',
    });
  }
  return amount;
}

/** The notice money can be asked for or received on: in the caller's scope and not revoked. */
async function payableNotice(em: Em, access: Access, noticeId: string): Promise<GrantNotice> {
  const notice = await findById(em, GrantNotice, 'Grant notice', noticeId);
  access.assertRecipientVisible(notice.recipient.id, 'Grant notice', noticeId);
  // A settled notice may still receive its outstanding payout (Restauszahlung).
  if (notice.status === 'REVOKED') {
    throw new DomainInputError(
      `Der Zuwendungsbescheid ${notice.reference} ist widerrufen; auf ihn kann kein Geld abgerufen oder ausgezahlt werden.`,
      {
        reason: 'NOTICE_REVOKED',
        field: 'grantNoticeId',
      },
    );
  }
  return notice;
}

/** Where a notice's money stands: the approved amount in force, what was paid (reversals deducted), what is asked for. */
interface MoneyStanding {
  approved: Dec;
  paid: Dec;
  /** Submitted Mittelabrufe not yet paid, the one being checked left out. */
  requested: Dec;
}

/**
 * Reads the standing of a notice and locks its row until the transaction ends, as the payment trigger
 * does, so that the figures a check relies on cannot change before it commits. Lock order everywhere:
 * the request first, then the notice.
 */
async function moneyStanding(em: Em, noticeId: string, exceptRequestId: string | null): Promise<MoneyStanding> {
  // The lock first, in a statement of its own: the sums below then read what committed before it was granted.
  await em.execute(`select 1 from grant_notice where id = ? for update`, [noticeId]);
  const [row] = await em.execute<{ approved: string; paid: string; requested: string }[]>(
    `select v.approved_amount::text as approved,
            (select coalesce(sum(p.amount), 0) from payment p
              where p.notice_id = n.id and not exists (select 1 from payment_reversal r where r.payment_id = p.id))::text as paid,
            (select coalesce(sum(q.amount), 0) from disbursement_request q
              where q.notice_id = n.id and q.status = 'SUBMITTED' and q.id is distinct from ?::uuid)::text as requested
       from grant_notice n join grant_notice_version v on v.id = n.current_version_id
      where n.id = ?`,
    [exceptRequestId, noticeId],
  );
  if (!row) throw new Error(`Grant notice ${noticeId} has no current version.`);
  return { approved: new Dec(row.approved), paid: new Dec(row.paid), requested: new Dec(row.requested) };
}

/** The figures of a standing as plain decimal strings, for `extensions.figures`. */
function standingFigures(standing: MoneyStanding): Record<string, string> {
  return { approved: formatMoney(standing.approved), paid: formatMoney(standing.paid), requested: formatMoney(standing.requested) };
}

/**
 * A Mittelabruf may ask for no more than can still be paid: the approved amount less what was paid and
 * less what other submitted requests already ask for.
 */
async function assertRequestable(em: Em, noticeId: string, requestId: string | null, amount: Dec): Promise<void> {
  const standing = await moneyStanding(em, noticeId, requestId);
  const remaining = standing.approved.minus(standing.paid).minus(standing.requested);
  if (amount.greaterThan(remaining)) {
    const open = standing.requested.isZero() ? '' : `, offene Mittelabrufe ${formatEuro(standing.requested)}`;
    throw new DomainInputError(
      `Der Mittelabruf über ${formatEuro(amount)} übersteigt, was noch ausgezahlt werden kann: bewilligt ${formatEuro(standing.approved)}, ` +
        `bereits ausgezahlt ${formatEuro(standing.paid)}${open}, noch abrufbar ${formatEuro(Dec.max(remaining, 0))}.`,
      {
        reason: 'DISBURSEMENT_ABOVE_REMAINING',
        field: 'amount',
        details: { ...standingFigures(standing), amount: formatMoney(amount), remaining: formatMoney(Dec.max(remaining, 0)) },
      },
    );
  }
}

/** Mittelabruf as a draft; the notice's recipient asks, so it is grant data of that recipient. */
export async function createDisbursementRequest(em: Em, access: Access, input: DisbursementRequestInput): Promise<DisbursementRequest> {
  access.assertMay('createDisbursementRequest');
  checkAmount(input.amount);
  const purpose = requiredText(input.purpose, 'purpose', 'Der Verwendungszweck', MAX_DESCRIPTION_LENGTH);
  return em.transactional(async (tx) => {
    const notice = await payableNotice(tx, access, input.grantNoticeId);
    await assertRequestable(tx, notice.id, null, input.amount);
    const request = tx.create(DisbursementRequest, {
      notice,
      recipient: notice.recipient,
      requestedOn: input.requestedOn,
      amount: input.amount,
      purpose,
    });
    await tx.flush();
    return request;
  });
}

/** Edits a draft, or moves a request on in its life (see TRANSITIONS); PAID is set by recordPayment only. */
export async function updateDisbursementRequest(
  em: Em,
  access: Access,
  id: string,
  expectedVersion: number,
  patch: DisbursementRequestPatch,
): Promise<DisbursementRequest> {
  access.assertMay('updateDisbursementRequest');
  return em.transactional(async (tx) => {
    const request = await findForUpdate(tx, DisbursementRequest, 'Disbursement request', id, expectedVersion, {
      lock: true,
      assertVisible: (found) => access.assertRecipientVisible(found.recipient.id, 'Disbursement request', id),
    });
    const edits = patch.amount !== undefined || patch.purpose !== undefined || patch.requestedOn !== undefined;
    if (edits && request.status !== 'DRAFT') {
      throw new DomainInputError(
        `Der Mittelabruf steht im Status „${STATUS_NAMES[request.status as DisbursementStatus]}“; bearbeitet werden kann nur ein Entwurf.`,
        {
          reason: 'REQUEST_NOT_EDITABLE',
          field: 'status',
        },
      );
    }
    // Left out: as it is; null: refused, as a Mittelabruf always has these.
    if (patch.amount !== undefined) request.amount = checkAmount(required(patch.amount, 'amount', 'Der Betrag'));
    if (patch.purpose !== undefined)
      request.purpose = requiredText(patch.purpose, 'purpose', 'Der Verwendungszweck', MAX_DESCRIPTION_LENGTH);
    if (patch.requestedOn !== undefined) request.requestedOn = required(patch.requestedOn, 'requestedOn', 'Das Datum des Mittelabrufs');
    const status = patch.status === undefined ? undefined : required(patch.status, 'status', 'Der Stand des Mittelabrufs');
    if (status !== undefined && status !== request.status) {
      if (status === 'PAID') {
        throw new DomainInputError('Ein Mittelabruf wird ausgezahlt, indem eine Auszahlung mit Bezug auf ihn erfasst wird.', {
          reason: 'INVALID_STATUS_CHANGE',
          field: 'status',
        });
      }
      const from: DisbursementStatus = request.status;
      if (!TRANSITIONS[from].includes(status)) {
        throw new DomainInputError(
          `Ein Mittelabruf im Status „${STATUS_NAMES[from]}“ kann nicht in den Status „${STATUS_NAMES[status]}“ wechseln.`,
          { reason: 'INVALID_STATUS_CHANGE', field: 'status' },
        );
      }
      if (status === 'SUBMITTED') await assertRequestable(tx, request.notice.id, request.id, request.amount);
      request.status = status;
    } else if (request.status === 'DRAFT' && patch.amount !== undefined) {
      await assertRequestable(tx, request.notice.id, request.id, request.amount);
    }
    await tx.flush();
    return request;
  });
}

/**
 * Records an Auszahlung the recipient received. The state pays; the recipient's finance officer books
 * what arrived, so it is grant data like the receipts. Rule 5 is checked here with the figures, under the
 * notice's row lock, and held by the database as well: the trigger `payment_within_approved_amount`
 * refuses a payment above the approved amount in force from any writer, also when several server
 * processes book at once.
 */
export async function recordPayment(em: Em, access: Access, input: PaymentInput): Promise<Payment> {
  access.assertMay('recordPayment');
  checkAmount(input.amount);
  return em.transactional(async (tx) => {
    const notice = await payableNotice(tx, access, input.grantNoticeId);
    let request: DisbursementRequest | null = null;
    if (input.requestId) {
      // Locked, so that two payments cannot both answer the same request.
      request = await findById(tx, DisbursementRequest, 'Disbursement request', input.requestId, { lock: true });
      if (request.notice.id !== notice.id) {
        throw new DomainInputError('Der Mittelabruf gehört zu einem anderen Zuwendungsbescheid.', {
          reason: 'REQUEST_OF_OTHER_NOTICE',
          field: 'requestId',
        });
      }
      if (request.status !== 'SUBMITTED') {
        throw new DomainInputError(
          `Der Mittelabruf steht im Status „${STATUS_NAMES[request.status as DisbursementStatus]}“; ausgezahlt werden kann nur ein eingereichter Mittelabruf.`,
          { reason: 'INVALID_STATUS_CHANGE', field: 'requestId' },
        );
      }
      request.status = 'PAID';
    }
    const standing = await moneyStanding(tx, notice.id, null);
    if (standing.paid.plus(input.amount).greaterThan(standing.approved)) {
      const remaining = standing.approved.minus(standing.paid);
      throw new DomainInputError(
        `Die Auszahlung über ${formatEuro(input.amount)} übersteigt den bewilligten Betrag: bewilligt ${formatEuro(standing.approved)}, ` +
          `bereits ausgezahlt ${formatEuro(standing.paid)}, noch auszahlbar ${formatEuro(remaining)}.`,
        {
          reason: 'PAYMENTS_ABOVE_APPROVED',
          field: 'amount',
          details: { ...standingFigures(standing), amount: formatMoney(input.amount), remaining: formatMoney(remaining) },
        },
      );
    }
    const payment = tx.create(Payment, { notice, recipient: notice.recipient, request, paidOn: input.paidOn, amount: input.amount });
    await tx.flush();
    return payment;
  });
}

/**
 * Storno of a payment booked in error; the amount is free again under the approved amount. The
 * Mittelabruf it answered is open again (submitted), so that the correct payment can answer it.
 */
export async function reversePayment(em: Em, access: Access, paymentId: string, input: ReversalInput): Promise<PaymentReversal> {
  access.assertMay('reversePayment');
  return em.transactional(async (tx) => {
    const payment = await findById(tx, Payment, 'Payment', paymentId, { lock: true });
    access.assertRecipientVisible(payment.recipient.id, 'Payment', paymentId);
    if (await tx.count(PaymentReversal, { payment })) {
      throw new DomainInputError('Die Auszahlung ist bereits storniert.', { reason: 'ALREADY_REVERSED', field: 'id' });
    }
    if (payment.request) {
      const request = await findById(tx, DisbursementRequest, 'Disbursement request', payment.request.id, { lock: true });
      if (request.status === 'PAID') request.status = 'SUBMITTED';
    }
    const reversal = tx.create(PaymentReversal, {
      payment,
      reversedOn: input.reversedOn,
      reason: requiredText(input.reason, 'reason', 'Der Grund des Stornos', MAX_DESCRIPTION_LENGTH),
    });
    await tx.flush();
    return reversal;
  });
}

export async function getDisbursementRequest(em: Em, access: Access, id: string): Promise<DisbursementRequest> {
  const request = await findById(em, DisbursementRequest, 'Disbursement request', id);
  access.assertRecipientVisible(request.recipient.id, 'Disbursement request', id);
  return request;
}

/** The Mittelabrufe of notices the caller sees, oldest first, per notice id: one statement for any number of notices. */
export async function disbursementRequestsOfNotices(em: Em, noticeIds: readonly string[]): Promise<Map<string, DisbursementRequest[]>> {
  if (noticeIds.length === 0) return new Map();
  const requests = await em.find(DisbursementRequest, { notice: { $in: [...new Set(noticeIds)] } }, { orderBy: { id: 'asc' } });
  return groupedBy(noticeIds, requests, (request) => request.notice.id);
}

/** The Mittelabrufe of a notice the caller sees, oldest first. */
export async function disbursementRequestsOf(em: Em, notice: GrantNotice): Promise<DisbursementRequest[]> {
  return resultFor(await disbursementRequestsOfNotices(em, [notice.id]), notice.id);
}

// The request and the reversal come with the payment (joined): a page of payments shows both without a statement of its own.
const PAYMENT_ORDER = { orderBy: { paidOn: 'asc', id: 'asc' }, populate: ['reversal', 'request'] } as const;

/** The Auszahlungen of notices, reversed ones included, by payment date, per notice id: one statement for any number. */
export async function paymentsOfNotices(em: Em, noticeIds: readonly string[]): Promise<Map<string, Payment[]>> {
  if (noticeIds.length === 0) return new Map();
  const payments = await em.find(Payment, { notice: { $in: [...new Set(noticeIds)] } }, PAYMENT_ORDER);
  return groupedBy(noticeIds, payments, (payment) => payment.notice.id);
}

/** The Auszahlungen of a notice, reversed ones included, by payment date. */
export async function paymentsOf(em: Em, notice: GrantNotice): Promise<Payment[]> {
  return resultFor(await paymentsOfNotices(em, [notice.id]), notice.id);
}

/** The payments that answered Mittelabrufe, by payment date, per request id: one statement for any number. */
export async function paymentsOfRequests(em: Em, requestIds: readonly string[]): Promise<Map<string, Payment[]>> {
  if (requestIds.length === 0) return new Map();
  const payments = await em.find(Payment, { request: { $in: [...new Set(requestIds)] } }, PAYMENT_ORDER);
  return groupedBy(requestIds, payments, (payment) => payment.request!.id);
}

export async function paymentsOfRequest(em: Em, request: DisbursementRequest): Promise<Payment[]> {
  return resultFor(await paymentsOfRequests(em, [request.id]), request.id);
}

/** Sets the Basiszinssatz from a day on (master data); a second rate for the same day replaces the first. */
export async function setBaseRate(em: Em, access: Access, input: BaseRateInput): Promise<BaseRate> {
  access.assertMay('setBaseRate');
  if (input.rate.decimalPlaces() > 4 || input.rate.abs().greaterThanOrEqualTo(1)) {
    throw new DomainInputError(
      'Der Basiszinssatz muss zwischen −1 und 1 liegen und darf höchstens vier Nachkommastellen haben, z. B. „0.0127“ für 1,27 %.',
      {
        reason: 'INVALID_RATE',
        field: 'rate',
      },
    );
  }
  return em.transactional(async (tx) => {
    let rate = await tx.findOne(BaseRate, { validFrom: input.validFrom }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (rate) rate.rate = input.rate;
    else rate = tx.create(BaseRate, { validFrom: input.validFrom, rate: input.rate });
    await tx.flush();
    return rate;
  });
}

/** Every recorded base rate, oldest first; public figures of the Bundesbank. */
export function listBaseRates(em: Em): Promise<BaseRate[]> {
  return em.find(BaseRate, {}, { orderBy: { validFrom: 'asc' } });
}

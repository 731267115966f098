// Mittelabrufe and Auszahlungen on a real database: the request's life, and Rule 5 held by the database
// itself, through the service and through raw SQL, with a reversal freeing its amount again.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainInputError } from '../../src/domain/errors.js';
import { DisbursementRequest, GrantNotice, Payment } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import {
  createDisbursementRequest,
  recordPayment,
  reversePayment,
  listBaseRates,
  setBaseRate,
  updateDisbursementRequest,
} from '../../src/services/disbursements.js';
import { createGrantNotice, updateGrantNotice } from '../../src/services/notices.js';
import type { Em } from '../../src/services/records.js';
import { openTestOrm, type TestOrm } from '../support/database.js';
import { d, district, programme, projectOf, uniqueReference } from '../support/factories.js';

const system = Access.system();

let db: TestOrm;
let em: Em;
let programId: string;
let projectId: string;

beforeAll(async () => {
  db = await openTestOrm();
  const setup = db.orm.em.fork();
  programId = (await programme(setup, { 2020: '20000000.00' })).id;
  projectId = (await projectOf(setup, (await district(setup)).id)).id;
});

afterAll(async () => {
  await db.close();
});

beforeEach(() => {
  em = db.orm.em.fork();
});

/** A share-financed notice approving 80 % of its eligible costs, by default 100,000.00 of 125,000.00. */
function notice(eligibleCosts = '125000.00', approvedAmount = '100000.00'): Promise<GrantNotice> {
  return createGrantNotice(em, system, {
    reference: uniqueReference(),
    noticeDate: '2020-06-01',
    fundingProgramId: programId,
    projectId,
    financingType: 'SHARE',
    rate: d('0.8'),
    eligibleCosts: d(eligibleCosts),
    approvedAmount: d(approvedAmount),
    approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
    budgetLines: [{ category: 'STAFF', planned: d(eligibleCosts) }],
  });
}

async function storedSum(noticeId: string): Promise<string> {
  const [row] = await db.orm.em
    .fork()
    .execute<{ total: string | null }[]>(`select coalesce(sum(amount), 0)::text as total from payment where notice_id = ?`, [noticeId]);
  return row!.total!;
}

describe('a disbursement request (Mittelabruf)', () => {
  it('goes from draft to submitted to paid, and can no longer be edited once submitted', async () => {
    const grant = await notice();
    const request = await createDisbursementRequest(em, system, {
      grantNoticeId: grant.id,
      requestedOn: '2020-07-01',
      amount: d('30000.00'),
      purpose: 'Personalausgaben Juli bis September',
    });
    expect(request.status).toBe('DRAFT');
    await updateDisbursementRequest(em, system, request.id, request.version, { amount: d('25000.00') });
    await updateDisbursementRequest(em, system, request.id, request.version, { status: 'SUBMITTED' });
    const edit = await updateDisbursementRequest(em, system, request.id, request.version, { amount: d('1.00') }).catch((e: unknown) => e);
    expect(edit).toBeInstanceOf(DomainInputError);
    const payment = await recordPayment(em, system, {
      grantNoticeId: grant.id,
      paidOn: '2020-07-15',
      amount: d('25000.00'),
      requestId: request.id,
    });
    expect(payment.request?.id).toBe(request.id);
    expect(request.status).toBe('PAID');
    const again = await recordPayment(db.orm.em.fork(), system, {
      grantNoticeId: grant.id,
      paidOn: '2020-07-16',
      amount: d('1.00'),
      requestId: request.id,
    }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DomainInputError);
  });

  it('refuses transitions outside its life: a draft cannot be paid, a withdrawn one not submitted', async () => {
    const grant = await notice();
    const request = await createDisbursementRequest(em, system, {
      grantNoticeId: grant.id,
      requestedOn: '2020-07-01',
      amount: d('1000.00'),
      purpose: 'Abruf',
    });
    const unpaid = recordPayment(em, system, {
      grantNoticeId: grant.id,
      paidOn: '2020-07-15',
      amount: d('1000.00'),
      requestId: request.id,
    });
    await expect(unpaid).rejects.toMatchObject({
      reason: 'INVALID_STATUS_CHANGE',
      field: 'requestId',
      message: 'Der Mittelabruf steht im Status „Entwurf“; ausgezahlt werden kann nur ein eingereichter Mittelabruf.',
    });
    await updateDisbursementRequest(em, system, request.id, request.version, { status: 'WITHDRAWN' });
    const submit = updateDisbursementRequest(em, system, request.id, request.version, { status: 'SUBMITTED' });
    await expect(submit).rejects.toMatchObject({
      reason: 'INVALID_STATUS_CHANGE',
      message: 'Ein Mittelabruf im Status „Zurückgezogen“ kann nicht in den Status „Eingereicht“ wechseln.',
    });
    const draft = await createDisbursementRequest(db.orm.em.fork(), system, {
      grantNoticeId: grant.id,
      requestedOn: '2020-07-01',
      amount: d('1000.00'),
      purpose: 'Abruf',
    });
    for (const [field, label] of [
      ['amount', 'Der Betrag'],
      ['requestedOn', 'Das Datum des Mittelabrufs'],
      ['status', 'Der Stand des Mittelabrufs'],
    ] as const) {
      await expect(updateDisbursementRequest(db.orm.em.fork(), system, draft.id, draft.version, { [field]: null })).rejects.toMatchObject({
        reason: 'REQUIRED',
        field,
        message: `${label} kann nicht geleert werden.`,
      });
    }
    const edit = updateDisbursementRequest(em, system, request.id, request.version, { purpose: 'Neu' });
    await expect(edit).rejects.toMatchObject({
      reason: 'REQUEST_NOT_EDITABLE',
      message: 'Der Mittelabruf steht im Status „Zurückgezogen“; bearbeitet werden kann nur ein Entwurf.',
    });
  });

  it('cannot be paid by a payment booked on another notice', async () => {
    const [first, second] = [await notice(), await notice()];
    const request = await createDisbursementRequest(em, system, {
      grantNoticeId: first.id,
      requestedOn: '2020-07-01',
      amount: d('1000.00'),
      purpose: 'Abruf',
    });
    await updateDisbursementRequest(em, system, request.id, request.version, { status: 'SUBMITTED' });
    const elsewhere = recordPayment(db.orm.em.fork(), system, {
      grantNoticeId: second.id,
      paidOn: '2020-07-15',
      amount: d('1000.00'),
      requestId: request.id,
    });
    await expect(elsewhere).rejects.toMatchObject({ reason: 'REQUEST_OF_OTHER_NOTICE', field: 'requestId' });
  });
});

describe('a Mittelabruf asks for no more than can still be paid', () => {
  /** The case of the probe: 120,000.00 approved (80 % of 150,000.00), 64,000.00 paid. */
  async function grantWithPayments(): Promise<GrantNotice> {
    const grant = await notice('150000.00', '120000.00');
    await recordPayment(em, system, { grantNoticeId: grant.id, paidOn: '2020-07-01', amount: d('64000.00') });
    return grant;
  }

  it('refuses 200,000.00 when 56,000.00 remain, naming the figures', async () => {
    const grant = await grantWithPayments();
    const refused = createDisbursementRequest(db.orm.em.fork(), system, {
      grantNoticeId: grant.id,
      requestedOn: '2020-08-01',
      amount: d('200000.00'),
      purpose: 'Zu viel',
    });
    await expect(refused).rejects.toMatchObject({
      reason: 'DISBURSEMENT_ABOVE_REMAINING',
      field: 'amount',
      message:
        'Der Mittelabruf über 200.000,00 € übersteigt, was noch ausgezahlt werden kann: bewilligt 120.000,00 €, ' +
        'bereits ausgezahlt 64.000,00 €, noch abrufbar 56.000,00 €.',
      details: { approved: '120000.00', paid: '64000.00', requested: '0.00', amount: '200000.00', remaining: '56000.00' },
    });
    const exact = await createDisbursementRequest(db.orm.em.fork(), system, {
      grantNoticeId: grant.id,
      requestedOn: '2020-08-01',
      amount: d('56000.00'),
      purpose: 'Rest',
    });
    expect(exact.status).toBe('DRAFT');
  });

  it('counts the other submitted requests at submission, and a draft whose amount grows', async () => {
    const grant = await grantWithPayments();
    const create = (amount: string) =>
      createDisbursementRequest(db.orm.em.fork(), system, {
        grantNoticeId: grant.id,
        requestedOn: '2020-08-01',
        amount: d(amount),
        purpose: 'Abruf',
      });
    const first = await create('50000.00');
    const second = await create('6000.01');
    await updateDisbursementRequest(db.orm.em.fork(), system, first.id, first.version, { status: 'SUBMITTED' });
    const submit = updateDisbursementRequest(db.orm.em.fork(), system, second.id, second.version, { status: 'SUBMITTED' });
    await expect(submit).rejects.toMatchObject({
      reason: 'DISBURSEMENT_ABOVE_REMAINING',
      message:
        'Der Mittelabruf über 6.000,01 € übersteigt, was noch ausgezahlt werden kann: bewilligt 120.000,00 €, ' +
        'bereits ausgezahlt 64.000,00 €, offene Mittelabrufe 50.000,00 €, noch abrufbar 6.000,00 €.',
      details: { requested: '50000.00', remaining: '6000.00' },
    });
    const lowered = await updateDisbursementRequest(db.orm.em.fork(), system, second.id, second.version, { amount: d('6000.00') });
    const grown = updateDisbursementRequest(db.orm.em.fork(), system, second.id, lowered.version, { amount: d('6000.02') });
    await expect(grown).rejects.toMatchObject({ reason: 'DISBURSEMENT_ABOVE_REMAINING', details: { amount: '6000.02' } });
    const submitted = await updateDisbursementRequest(db.orm.em.fork(), system, second.id, lowered.version, { status: 'SUBMITTED' });
    expect(submitted.status).toBe('SUBMITTED');
  });
});

describe('payments never exceed the approved amount (Rule 5)', () => {
  it('refuses the payment that would exceed it, through the service', async () => {
    const grant = await notice();
    await recordPayment(em, system, { grantNoticeId: grant.id, paidOn: '2020-07-01', amount: d('60000.00') });
    await recordPayment(em, system, { grantNoticeId: grant.id, paidOn: '2020-08-01', amount: d('40000.00') });
    const over = await recordPayment(db.orm.em.fork(), system, { grantNoticeId: grant.id, paidOn: '2020-09-01', amount: d('0.01') }).catch(
      (e: unknown) => e,
    );
    expect(over).toMatchObject({
      reason: 'PAYMENTS_ABOVE_APPROVED',
      field: 'amount',
      message:
        'Die Auszahlung über 0,01 € übersteigt den bewilligten Betrag: bewilligt 100.000,00 €, bereits ausgezahlt 100.000,00 €, noch auszahlbar 0,00 €.',
      details: { approved: '100000.00', paid: '100000.00', amount: '0.01', remaining: '0.00' },
    });
    expect(await storedSum(grant.id)).toBe('100000.00');
  });

  it('refuses it also when inserted with raw SQL, bypassing the service', async () => {
    const grant = await notice();
    const raw = (amount: string) =>
      db.orm.em
        .fork()
        .execute(
          `insert into payment (id, created_at, notice_id, recipient_id, paid_on, amount) values (gen_random_uuid(), now(), ?, ?, '2020-07-01', ?)`,
          [grant.id, grant.recipient.id, amount],
        );
    await raw('99999.99');
    await expect(raw('0.02')).rejects.toThrow(/payment_within_approved_amount|exceed the approved amount/);
    expect(await storedSum(grant.id)).toBe('99999.99');
  });

  it('frees the amount of a reversed payment', async () => {
    const grant = await notice();
    const wrong = await recordPayment(em, system, { grantNoticeId: grant.id, paidOn: '2020-07-01', amount: d('100000.00') });
    await expect(
      recordPayment(db.orm.em.fork(), system, { grantNoticeId: grant.id, paidOn: '2020-07-02', amount: d('10.00') }),
    ).rejects.toThrow();
    await reversePayment(em, system, wrong.id, { reason: 'Falscher Betrag', reversedOn: '2020-07-03' });
    await recordPayment(db.orm.em.fork(), system, { grantNoticeId: grant.id, paidOn: '2020-07-03', amount: d('100000.00') });
    const again = await reversePayment(db.orm.em.fork(), system, wrong.id, { reason: 'Nochmals', reversedOn: '2020-07-04' }).catch(
      (e: unknown) => e,
    );
    expect(again).toMatchObject({ reason: 'ALREADY_REVERSED', message: 'Die Auszahlung ist bereits storniert.' });
    expect(await db.orm.em.fork().count(Payment, { notice: grant.id })).toBe(2);
  });

  it('opens the Mittelabruf of a reversed payment again, so that the correct payment answers it', async () => {
    const grant = await notice();
    const request = await createDisbursementRequest(em, system, {
      grantNoticeId: grant.id,
      requestedOn: '2020-07-01',
      amount: d('20000.00'),
      purpose: 'Abruf',
    });
    await updateDisbursementRequest(em, system, request.id, request.version, { status: 'SUBMITTED' });
    const wrong = await recordPayment(em, system, {
      grantNoticeId: grant.id,
      paidOn: '2020-07-10',
      amount: d('2000.00'),
      requestId: request.id,
    });
    expect(request.status).toBe('PAID');
    await reversePayment(db.orm.em.fork(), system, wrong.id, { reason: 'Falscher Betrag', reversedOn: '2020-07-11' });
    const reopened = await db.orm.em.fork().findOneOrFail(DisbursementRequest, request.id);
    expect(reopened.status).toBe('SUBMITTED');
    const right = await recordPayment(db.orm.em.fork(), system, {
      grantNoticeId: grant.id,
      paidOn: '2020-07-12',
      amount: d('20000.00'),
      requestId: request.id,
    });
    expect(right.amount.toFixed(2)).toBe('20000.00');
    expect((await db.orm.em.fork().findOneOrFail(DisbursementRequest, request.id)).status).toBe('PAID');
  });
});

describe('a revoked notice', () => {
  it('takes neither a Mittelabruf nor a payment', async () => {
    const grant = await notice();
    await updateGrantNotice(db.orm.em.fork(), system, grant.id, grant.version, { status: 'REVOKED' });
    const message = `Der Zuwendungsbescheid ${grant.reference} ist widerrufen; auf ihn kann kein Geld abgerufen oder ausgezahlt werden.`;
    await expect(
      createDisbursementRequest(db.orm.em.fork(), system, {
        grantNoticeId: grant.id,
        requestedOn: '2020-07-01',
        amount: d('1.00'),
        purpose: 'Abruf',
      }),
    ).rejects.toMatchObject({ reason: 'NOTICE_REVOKED', field: 'grantNoticeId', message });
    await expect(
      recordPayment(db.orm.em.fork(), system, { grantNoticeId: grant.id, paidOn: '2020-07-01', amount: d('1.00') }),
    ).rejects.toMatchObject({ reason: 'NOTICE_REVOKED', message });
  });
});

describe('base rates (Basiszinssatz)', () => {
  it('are seeded with the Bundesbank rates, and a second rate for the same day replaces the first', async () => {
    const seeded = await listBaseRates(em);
    expect(seeded.map((rate) => [rate.validFrom, rate.rate.toFixed(4)])).toEqual([
      ['2016-07-01', '-0.0088'],
      ['2023-01-01', '0.0162'],
      ['2023-07-01', '0.0312'],
      ['2024-01-01', '0.0362'],
      ['2024-07-01', '0.0337'],
      ['2025-01-01', '0.0227'],
      ['2025-07-01', '0.0127'],
    ]);
    await setBaseRate(em, system, { validFrom: '2026-01-01', rate: d('0.0127') });
    await setBaseRate(db.orm.em.fork(), system, { validFrom: '2026-01-01', rate: d('0.0102') });
    const rates = await listBaseRates(db.orm.em.fork());
    expect(rates.map((rate) => [rate.validFrom, rate.rate.toFixed(4)]).at(-1)).toEqual(['2026-01-01', '0.0102']);
    expect(rates.length).toBe(8);
  });
});

// Mittelabrufe and Auszahlungen on a real database: the request's life, and Rule 5 held by the database
// itself, through the service and through raw SQL, with a reversal freeing its amount again.
import { CheckConstraintViolationException } from '@mikro-orm/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainInputError } from '../../src/domain/errors.js';
import { GrantNotice, Payment } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import {
  createDisbursementRequest,
  recordPayment,
  reversePayment,
  listBaseRates,
  setBaseRate,
  updateDisbursementRequest,
} from '../../src/services/disbursements.js';
import { createGrantNotice } from '../../src/services/notices.js';
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

/** A share-financed notice approving 100,000.00. */
function notice(): Promise<GrantNotice> {
  return createGrantNotice(em, system, {
    reference: uniqueReference(),
    noticeDate: '2020-06-01',
    fundingProgramId: programId,
    projectId,
    financingType: 'SHARE',
    rate: d('0.8'),
    eligibleCosts: d('125000.00'),
    approvedAmount: d('100000.00'),
    approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
    budgetLines: [{ category: 'STAFF', planned: d('125000.00') }],
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
    await expect(unpaid).rejects.toThrow(/only a submitted one can be paid/);
    await updateDisbursementRequest(em, system, request.id, request.version, { status: 'WITHDRAWN' });
    const submit = updateDisbursementRequest(em, system, request.id, request.version, { status: 'SUBMITTED' });
    await expect(submit).rejects.toThrow(/withdrawn request cannot become submitted/);
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
    expect(over).toBeInstanceOf(CheckConstraintViolationException);
    expect((over as { constraint?: string }).constraint ?? (over as { cause?: { constraint?: string } }).cause?.constraint).toBe(
      'payment_within_approved_amount',
    );
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
    expect(again).toBeInstanceOf(DomainInputError);
    expect(await db.orm.em.fork().count(Payment, { notice: grant.id })).toBe(2);
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

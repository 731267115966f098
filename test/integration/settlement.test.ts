// Schlussabrechnung on a real database (Rules 4 and 6): each financing type, refunds and outstanding
// payouts, an amendment below what was paid, and a settlement finalised once that keeps its figures.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Dec } from '../../src/domain/decimal.js';
import { DomainInputError } from '../../src/domain/errors.js';
import type { FinancingType } from '../../src/domain/grant-approval.js';
import { GrantNotice } from '../../src/entities/index.js';
import { Access } from '../../src/services/access.js';
import { recordPayment, reversePayment } from '../../src/services/disbursements.js';
import { recordExpenditure, recordExpenditures } from '../../src/services/expenditures.js';
import { amendGrantNotice, createGrantNotice, updateGrantNotice, versionsOf } from '../../src/services/notices.js';
import type { Em } from '../../src/services/records.js';
import { finaliseSettlement, settlementOf, type SettlementView } from '../../src/services/settlement.js';
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

/** A notice over 10,000.00 of software, 1 June to 31 December 2020. */
async function notice(
  financingType: FinancingType,
  figures: { approvedAmount: string; rate?: string; ownFunds?: string; thirdPartyFunds?: string; fixedAmount?: string },
): Promise<GrantNotice> {
  return createGrantNotice(em, system, {
    reference: uniqueReference(),
    noticeDate: '2020-06-01',
    fundingProgramId: programId,
    projectId,
    financingType,
    rate: figures.rate ? d(figures.rate) : null,
    eligibleCosts: d('10000.00'),
    ownFunds: figures.ownFunds ? d(figures.ownFunds) : null,
    thirdPartyFunds: figures.thirdPartyFunds ? d(figures.thirdPartyFunds) : null,
    fixedAmount: figures.fixedAmount ? d(figures.fixedAmount) : null,
    approvedAmount: d(figures.approvedAmount),
    approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
    budgetLines: [{ category: 'SOFTWARE', planned: d('10000.00') }],
  });
}

async function spent(noticeId: string, amount: string, paymentDate = '2020-07-10'): Promise<void> {
  await recordExpenditures(em, system, noticeId, [
    {
      receiptNumber: uniqueReference('RE'),
      invoiceDate: paymentDate,
      paymentDate,
      payee: 'Softwarehaus',
      purpose: 'Lizenzen',
      category: 'SOFTWARE',
      amount: d(amount),
    },
  ]);
}

async function paid(noticeId: string, amount: string, paidOn = '2020-07-01') {
  return recordPayment(em, system, { grantNoticeId: noticeId, paidOn, amount: d(amount) });
}

/** The settlement through a fresh unit of work, as a later request would read it. */
async function settlement(noticeId: string, asOf = '2020-12-31'): Promise<SettlementView> {
  const fresh = db.orm.em.fork();
  return settlementOf(fresh, system, await fresh.findOneOrFail(GrantNotice, noticeId), asOf);
}

const text = (value: Dec) => value.toFixed(2);

function figures(view: SettlementView) {
  return {
    recognisedTotal: text(view.recognisedTotal),
    finalGrant: text(view.finalGrant),
    paidTotal: text(view.paidTotal),
    balance: text(view.balance),
    refundDue: text(view.refundDue),
    outstandingPayout: text(view.outstandingPayout),
  };
}

describe('the final grant by financing type (Rule 4)', () => {
  it('SHARE: 80 % of the recognised 7,500.00 is 6,000.00; of 8,000.00 paid, 2,000.00 are refunded', async () => {
    const share = await notice('SHARE', { rate: '0.8', approvedAmount: '8000.00' });
    await spent(share.id, '7500.00');
    await paid(share.id, '8000.00');
    const view = await settlement(share.id);
    expect(figures(view)).toEqual({
      recognisedTotal: '7500.00',
      finalGrant: '6000.00',
      paidTotal: '8000.00',
      balance: '-2000.00',
      refundDue: '2000.00',
      outstandingPayout: '0.00',
    });
    expect(view.finalised).toBe(false);
  });

  it('DEFICIT: 9,000.00 − 2,000.00 own − 1,500.00 actual third-party funds = 5,500.00; 500.00 still to pay out', async () => {
    const deficit = await notice('DEFICIT', { ownFunds: '2000.00', thirdPartyFunds: '1000.00', approvedAmount: '7000.00' });
    await spent(deficit.id, '9000.00');
    await paid(deficit.id, '5000.00');
    // Planned third-party funds count until the actual ones are reported: 9,000 − 2,000 − 1,000 = 6,000.
    expect(figures(await settlement(deficit.id)).finalGrant).toBe('6000.00');
    await updateGrantNotice(em, system, deficit.id, deficit.version, { actualThirdPartyFunds: d('1500.00') });
    const view = await settlement(deficit.id);
    expect(figures(view)).toEqual({
      recognisedTotal: '9000.00',
      finalGrant: '5500.00',
      paidTotal: '5000.00',
      balance: '500.00',
      refundDue: '0.00',
      outstandingPayout: '500.00',
    });
    expect(text(view.actualThirdPartyFunds)).toBe('1500.00');
  });

  it('FIXED_AMOUNT: the fixed 5,000.00, but never more than the 4,000.00 spent', async () => {
    const fixed = await notice('FIXED_AMOUNT', { fixedAmount: '5000.00', approvedAmount: '5000.00' });
    await spent(fixed.id, '4000.00');
    expect(figures(await settlement(fixed.id))).toMatchObject({ finalGrant: '4000.00', outstandingPayout: '4000.00', refundDue: '0.00' });
  });

  it('FULL: the recognised 7,000.00 below the approved 8,000.00; of 7,500.00 paid, 500.00 are refunded', async () => {
    const full = await notice('FULL', { approvedAmount: '8000.00' });
    await spent(full.id, '7000.00');
    await paid(full.id, '7500.00');
    expect(figures(await settlement(full.id))).toMatchObject({ finalGrant: '7000.00', balance: '-500.00', refundDue: '500.00' });
  });

  it('counts payments up to the day asked for, without the reversed ones', async () => {
    const share = await notice('SHARE', { rate: '0.8', approvedAmount: '8000.00' });
    await spent(share.id, '10000.00');
    await paid(share.id, '3000.00', '2020-07-01');
    const reversed = await paid(share.id, '1000.00', '2020-08-01');
    await paid(share.id, '2000.00', '2021-02-01');
    await reversePayment(em, system, reversed.id, { reason: 'Fehlbuchung', reversedOn: '2020-08-05' });
    expect(figures(await settlement(share.id, '2020-12-31'))).toMatchObject({ paidTotal: '3000.00', outstandingPayout: '5000.00' });
    expect(figures(await settlement(share.id, '2021-03-31'))).toMatchObject({ paidTotal: '5000.00', outstandingPayout: '3000.00' });
  });
});

describe('interest on early-drawn funds (Rule 6)', () => {
  it('charges the 2,000.00 not used within two months from the payment day to the evaluation date', async () => {
    const share = await notice('SHARE', { rate: '0.8', approvedAmount: '8000.00' });
    // Usage 7,500.00 × 8,000 / 10,000 = 6,000.00 on 10 July, in time; 2,000.00 of the payment stay unused.
    await spent(share.id, '7500.00');
    await paid(share.id, '8000.00');
    const { interest } = await settlement(share.id);
    // 183 days from 1 July to 31 December 2020 at −0.88 % + 5 points: 2,000 × 0.0412 × 183 / 365 = 41.3129… → 41.31.
    expect(text(interest.amount)).toBe('41.31');
    expect(interest.warnings).toEqual([]);
    expect(interest.portions.map((portion) => [text(portion.amount), portion.usedOn, portion.days])).toEqual([
      ['6000.00', '2020-07-10', 0],
      ['2000.00', null, 183],
    ]);
  });
});

describe('amendments in effect', () => {
  it('shows a refund when an amendment lowers the approved amount below what was paid, and keeps the history', async () => {
    const share = await notice('SHARE', { rate: '0.8', approvedAmount: '8000.00' });
    await spent(share.id, '10000.00');
    await paid(share.id, '6000.00');
    expect(figures(await settlement(share.id))).toMatchObject({ finalGrant: '8000.00', outstandingPayout: '2000.00' });
    await amendGrantNotice(em, system, share.id, share.version, {
      reference: 'ÄB-1',
      amendmentDate: '2020-10-01',
      reason: 'Kürzung',
      approvedAmount: d('5000.00'),
    });
    expect(figures(await settlement(share.id))).toMatchObject({ finalGrant: '5000.00', paidTotal: '6000.00', refundDue: '1000.00' });
    expect((await versionsOf(db.orm.em.fork(), share.id)).map((version) => text(version.approvedAmount))).toEqual(['8000.00', '5000.00']);
  });

  it('recognises what the amended financing plan allows', async () => {
    const share = await notice('SHARE', { rate: '0.8', approvedAmount: '8000.00' });
    await spent(share.id, '10000.00');
    // Software now planned at 6,000.00: recognised at most 6,000 × 1.2 = 7,200.00, and 80 % of it is 5,760.00.
    await amendGrantNotice(em, system, share.id, share.version, {
      reference: 'ÄB-2',
      amendmentDate: '2020-10-01',
      reason: 'Umschichtung',
      budgetLines: [
        { category: 'SOFTWARE', planned: d('6000.00') },
        { category: 'CONSULTING', planned: d('4000.00') },
      ],
    });
    expect(figures(await settlement(share.id))).toMatchObject({ recognisedTotal: '7200.00', finalGrant: '5760.00' });
  });
});

describe('finalising the settlement', () => {
  it('finalises once, refuses a second time, and keeps its figures after a later amendment and reversal', async () => {
    const share = await notice('SHARE', { rate: '0.8', approvedAmount: '8000.00' });
    await spent(share.id, '7500.00');
    const payment = await paid(share.id, '8000.00');
    const finalised = await finaliseSettlement(em, system, share.id, '2020-12-31');
    expect(figures(finalised)).toMatchObject({ finalGrant: '6000.00', refundDue: '2000.00' });
    expect(text(finalised.interest.amount)).toBe('41.31');

    const second = await finaliseSettlement(db.orm.em.fork(), system, share.id, '2021-01-31').catch((error: unknown) => error);
    expect(second).toBeInstanceOf(DomainInputError);
    expect(second).toMatchObject({ reason: 'ALREADY_SETTLED', field: 'grantNoticeId' });
    // A settled notice takes no more receipts.
    const closed = await recordExpenditure(db.orm.em.fork(), system, share.id, {
      receiptNumber: 'NACH-ABSCHLUSS',
      invoiceDate: '2021-01-15',
      paymentDate: '2021-01-20',
      payee: 'Nachzügler GmbH',
      purpose: 'Nachträgliche Rechnung',
      category: 'SOFTWARE',
      amount: d('100.00'),
    }).catch((error: unknown) => error);
    expect(closed).toMatchObject({ reason: 'NOTICE_CLOSED', field: 'grantNoticeId' });
    expect((closed as Error).message).toMatch(
      /^Der Zuwendungsbescheid .* ist abgerechnet; auf ihn können keine Belege mehr gebucht werden\.$/,
    );

    const after = db.orm.em.fork();
    const settled = await after.findOneOrFail(GrantNotice, share.id);
    expect(settled.status).toBe('SETTLED');
    await amendGrantNotice(after, system, share.id, settled.version, {
      reference: 'ÄB-3',
      amendmentDate: '2021-02-01',
      reason: 'Kürzung nach Prüfung',
      approvedAmount: d('5000.00'),
    });
    await reversePayment(after, system, payment.id, { reason: 'Fehlbuchung', reversedOn: '2021-02-01' });

    const view = await settlement(share.id, '2021-06-30');
    expect(view.finalised).toBe(true);
    expect(view.asOf).toBe('2020-12-31');
    expect(figures(view)).toEqual({
      recognisedTotal: '7500.00',
      finalGrant: '6000.00',
      paidTotal: '8000.00',
      balance: '-2000.00',
      refundDue: '2000.00',
      outstandingPayout: '0.00',
    });
    expect(text(view.interest.amount)).toBe('41.31');
  });
});

// Plausibility warnings worked out by hand: a payment dated after today, and a Mittelabruf whose money
// the spending pace so far will not use within the spend deadline.
import { describe, expect, it } from 'vitest';
import { futurePaymentWarning, spendPaceWarning, type SpendPaceInput } from '../../src/domain/warnings.js';
import { d } from '../support/factories.js';

describe('a payment dated after today', () => {
  it('is worth a second look, today itself is not', () => {
    expect(futurePaymentWarning('2026-12-03', '2026-12-02')).toEqual({
      reason: 'PAYMENT_DATE_IN_FUTURE',
      message: 'Das Datum der Auszahlung (03.12.2026) liegt nach dem heutigen Tag (02.12.2026); bitte prüfen.',
      field: 'paidOn',
      figures: { paidOn: '2026-12-03', today: '2026-12-02' },
    });
    expect(futurePaymentWarning('2026-12-02', '2026-12-02')).toBeNull();
  });
});

describe('the spending pace of a Mittelabruf', () => {
  // 120,000.00 approved of a 150,000.00 plan; 30,000.00 spent from 01.06. to 01.09.2020 (92 days), so
  // 30,000 × 120,000 / 150,000 = 24,000.00 of grant used, all of the 24,000.00 paid.
  const request: SpendPaceInput = {
    requestedOn: '2020-09-01',
    amount: d('20000.00'),
    approvalStart: '2020-06-01',
    approvedAmount: d('120000.00'),
    plannedTotal: d('150000.00'),
    spent: d('30000.00'),
    paid: d('24000.00'),
    otherRequested: d('0.00'),
    spendDeadlineMonths: 2,
  };

  it('warns when the money on hand exceeds what the pace uses by the deadline', () => {
    // On hand: 24,000 + 20,000 − 24,000 = 20,000.00. Until 01.11.2020 (61 days): 24,000 × 61 / 92 = 15,913.04.
    expect(spendPaceWarning(request)).toEqual({
      reason: 'SPEND_DEADLINE_AT_RISK',
      message:
        'Mit diesem Mittelabruf stünden 20.000,00 € Zuwendung zur Verwendung an. Bei der bisherigen Ausgabengeschwindigkeit ' +
        '(seit 01.06.2020 verwendet: 24.000,00 €) werden bis zum 01.11.2020 voraussichtlich nur 15.913,04 € verwendet. ' +
        'Was nicht innerhalb von 2 Monaten nach der Auszahlung verwendet wird, kann zu verzinsen sein.',
      field: 'amount',
      figures: { amount: '20000.00', onHand: '20000.00', used: '24000.00', expectedUse: '15913.04', deadline: '2020-11-01' },
    });
  });

  it('is silent when the pace uses the money in time', () => {
    expect(spendPaceWarning({ ...request, amount: d('15913.04') })).toBeNull();
  });

  it('counts the other submitted requests as money on hand', () => {
    // 24,000 + 5,000 + 11,000 − 24,000 = 16,000.00 > 15,913.04
    expect(spendPaceWarning({ ...request, amount: d('11000.00'), otherRequested: d('5000.00') })?.figures.onHand).toBe('16000.00');
  });

  it('expects nothing to be used before the approval period starts', () => {
    const early = spendPaceWarning({ ...request, requestedOn: '2020-05-15', spent: d('0.00'), paid: d('0.00'), amount: d('0.01') });
    expect(early?.figures).toMatchObject({ onHand: '0.01', used: '0.00', expectedUse: '0.00', deadline: '2020-07-15' });
  });
});

// Unit tests of Rule 4 (Schlussabrechnung): final grant per financing type, no over-funding, refund or outstanding payout.
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { DomainInputError } from '../../src/domain/errors.js';
import { formatMoney } from '../../src/domain/money.js';
import { settle, type SettlementInput, type SettlementResult } from '../../src/domain/settlement.js';

type Figures = Partial<Record<Exclude<keyof SettlementInput, 'financingType'>, string | null>> & Pick<SettlementInput, 'financingType'>;

function input(figures: Figures): SettlementInput {
  const amount = (value: string | null | undefined): Dec | null => (value == null ? null : new Dec(value));
  return {
    financingType: figures.financingType,
    rate: amount(figures.rate),
    approvedAmount: new Dec(figures.approvedAmount ?? '0'),
    recognisedTotal: new Dec(figures.recognisedTotal ?? '0'),
    ownFunds: new Dec(figures.ownFunds ?? '0'),
    actualThirdPartyFunds: new Dec(figures.actualThirdPartyFunds ?? '0'),
    fixedAmount: amount(figures.fixedAmount),
    paidTotal: new Dec(figures.paidTotal ?? '0'),
  };
}

function shown(result: SettlementResult): Record<keyof SettlementResult, string> {
  return {
    finalGrant: formatMoney(result.finalGrant),
    paidTotal: formatMoney(result.paidTotal),
    balance: formatMoney(result.balance),
    refundDue: formatMoney(result.refundDue),
    outstandingPayout: formatMoney(result.outstandingPayout),
  };
}

function finalGrant(figures: Figures): string {
  return formatMoney(settle(input(figures), 'HALF_UP').finalGrant);
}

describe('settle: final grant by financing type', () => {
  it('SHARE: 0.8 × 181265.04 = 145012.032 → 145012.03', () => {
    expect(finalGrant({ financingType: 'SHARE', rate: '0.8', approvedAmount: '150000.00', recognisedTotal: '181265.04' })).toBe(
      '145012.03',
    );
  });

  it('SHARE: fewer recognised costs lower the grant, 0.8 × 170000.00 = 136000.00', () => {
    expect(finalGrant({ financingType: 'SHARE', rate: '0.8', approvedAmount: '145012.03', recognisedTotal: '170000.00' })).toBe(
      '136000.00',
    );
  });

  it('SHARE: never above the approved amount, 0.8 × 200000.00 = 160000.00 → 145012.03', () => {
    expect(finalGrant({ financingType: 'SHARE', rate: '0.8', approvedAmount: '145012.03', recognisedTotal: '200000.00' })).toBe(
      '145012.03',
    );
  });

  it('SHARE: rounds the final amount with the programme rounding mode, 0.5 × 0.25 = 0.125', () => {
    const figures = input({ financingType: 'SHARE', rate: '0.5', approvedAmount: '1.00', recognisedTotal: '0.25' });
    expect(formatMoney(settle(figures, 'HALF_UP').finalGrant)).toBe('0.13');
    expect(formatMoney(settle(figures, 'HALF_EVEN').finalGrant)).toBe('0.12');
    expect(formatMoney(settle(figures, 'DOWN').finalGrant)).toBe('0.12');
  });

  it('SHARE: refuses a missing rate', () => {
    expect(() => settle(input({ financingType: 'SHARE', approvedAmount: '1000.00', recognisedTotal: '1000.00' }), 'HALF_UP')).toThrow(
      DomainInputError,
    );
    expect(() => settle(input({ financingType: 'SHARE', approvedAmount: '1000.00', recognisedTotal: '1000.00' }), 'HALF_UP')).toThrow(
      expect.objectContaining({ reason: 'REQUIRED', message: 'Die Anteilfinanzierung braucht einen Fördersatz.' }),
    );
  });

  it('DEFICIT: 95000.00 − 15000.00 own − 6000.00 third-party = 74000.00, below the approved 80000.00', () => {
    expect(
      finalGrant({
        financingType: 'DEFICIT',
        approvedAmount: '80000.00',
        recognisedTotal: '95000.00',
        ownFunds: '15000.00',
        actualThirdPartyFunds: '6000.00',
      }),
    ).toBe('74000.00');
  });

  it('DEFICIT: 110000.00 − 15000.00 − 5000.00 = 90000.00 is capped at the approved 80000.00', () => {
    expect(
      finalGrant({
        financingType: 'DEFICIT',
        approvedAmount: '80000.00',
        recognisedTotal: '110000.00',
        ownFunds: '15000.00',
        actualThirdPartyFunds: '5000.00',
      }),
    ).toBe('80000.00');
  });

  it('DEFICIT: 10000.00 − 8000.00 − 5000.00 = −3000.00 gives 0.00, not a negative grant', () => {
    expect(
      finalGrant({
        financingType: 'DEFICIT',
        approvedAmount: '2000.00',
        recognisedTotal: '10000.00',
        ownFunds: '8000.00',
        actualThirdPartyFunds: '5000.00',
      }),
    ).toBe('0.00');
  });

  it('FIXED_AMOUNT: the fixed 50000.00 when the recognised costs of 62000.00 exceed it', () => {
    expect(
      finalGrant({ financingType: 'FIXED_AMOUNT', approvedAmount: '50000.00', fixedAmount: '50000.00', recognisedTotal: '62000.00' }),
    ).toBe('50000.00');
  });

  it('FIXED_AMOUNT: no more than the recognised costs of 42500.50', () => {
    expect(
      finalGrant({ financingType: 'FIXED_AMOUNT', approvedAmount: '50000.00', fixedAmount: '50000.00', recognisedTotal: '42500.50' }),
    ).toBe('42500.50');
  });

  it('FIXED_AMOUNT: a fixed amount below the approved amount is the cap, min(50000.00, 45000.00, 62000.00) = 45000.00', () => {
    expect(
      finalGrant({ financingType: 'FIXED_AMOUNT', approvedAmount: '50000.00', fixedAmount: '45000.00', recognisedTotal: '62000.00' }),
    ).toBe('45000.00');
  });

  it('FIXED_AMOUNT: without a fixed amount the approved amount caps, min(50000.00, 62000.00) = 50000.00', () => {
    expect(finalGrant({ financingType: 'FIXED_AMOUNT', approvedAmount: '50000.00', recognisedTotal: '62000.00' })).toBe('50000.00');
  });

  it('FULL: all recognised costs of 112345.67 within the approved 120000.00', () => {
    expect(finalGrant({ financingType: 'FULL', approvedAmount: '120000.00', recognisedTotal: '112345.67' })).toBe('112345.67');
  });

  it('FULL: never above the approved 120000.00', () => {
    expect(finalGrant({ financingType: 'FULL', approvedAmount: '120000.00', recognisedTotal: '130000.00' })).toBe('120000.00');
  });

  it('settles nothing for a project with no recognised costs', () => {
    expect(finalGrant({ financingType: 'SHARE', rate: '0.8', approvedAmount: '80000.00', recognisedTotal: '0' })).toBe('0.00');
  });
});

describe('settle: no over-funding', () => {
  it('SHARE: 0.8 × 100000.00 = 80000.00, but third-party funds of 30000.00 leave room for 70000.00 only', () => {
    expect(
      finalGrant({
        financingType: 'SHARE',
        rate: '0.8',
        approvedAmount: '80000.00',
        recognisedTotal: '100000.00',
        actualThirdPartyFunds: '30000.00',
      }),
    ).toBe('70000.00');
  });

  it('SHARE: third-party funds that leave room for the grant do not lower it', () => {
    expect(
      finalGrant({
        financingType: 'SHARE',
        rate: '0.8',
        approvedAmount: '80000.00',
        recognisedTotal: '100000.00',
        actualThirdPartyFunds: '20000.00',
      }),
    ).toBe('80000.00');
  });

  it('FULL: 112345.67 recognised less 10000.00 third-party funds = 102345.67', () => {
    expect(
      finalGrant({ financingType: 'FULL', approvedAmount: '120000.00', recognisedTotal: '112345.67', actualThirdPartyFunds: '10000.00' }),
    ).toBe('102345.67');
  });

  it('FIXED_AMOUNT: 62000.00 recognised less 20000.00 third-party funds = 42000.00, below the fixed 50000.00', () => {
    expect(
      finalGrant({
        financingType: 'FIXED_AMOUNT',
        approvedAmount: '50000.00',
        fixedAmount: '50000.00',
        recognisedTotal: '62000.00',
        actualThirdPartyFunds: '20000.00',
      }),
    ).toBe('42000.00');
  });

  it('gives 0.00 when third-party funds alone exceed the recognised costs', () => {
    expect(
      finalGrant({ financingType: 'FULL', approvedAmount: '50000.00', recognisedTotal: '40000.00', actualThirdPartyFunds: '45000.00' }),
    ).toBe('0.00');
  });
});

describe('settle: balance against payments received', () => {
  it('refund: paid 100000.00, final 92000.00 → refund due 8000.00', () => {
    const result = settle(
      input({ financingType: 'FULL', approvedAmount: '100000.00', recognisedTotal: '92000.00', paidTotal: '100000.00' }),
      'HALF_UP',
    );
    expect(shown(result)).toEqual({
      finalGrant: '92000.00',
      paidTotal: '100000.00',
      balance: '-8000.00',
      refundDue: '8000.00',
      outstandingPayout: '0.00',
    });
  });

  it('outstanding payout: final 145012.03, paid 120000.00 → 25012.03 still to pay', () => {
    const result = settle(
      input({ financingType: 'SHARE', rate: '0.8', approvedAmount: '145012.03', recognisedTotal: '181265.04', paidTotal: '120000.00' }),
      'HALF_UP',
    );
    expect(shown(result)).toEqual({
      finalGrant: '145012.03',
      paidTotal: '120000.00',
      balance: '25012.03',
      refundDue: '0.00',
      outstandingPayout: '25012.03',
    });
  });

  it('settled exactly: neither refund nor payout, and no negative zero', () => {
    const result = settle(
      input({ financingType: 'FULL', approvedAmount: '50000.00', recognisedTotal: '50000.00', paidTotal: '50000.00' }),
      'HALF_UP',
    );
    expect(shown(result)).toEqual({
      finalGrant: '50000.00',
      paidTotal: '50000.00',
      balance: '0.00',
      refundDue: '0.00',
      outstandingPayout: '0.00',
    });
    expect([result.balance, result.refundDue, result.outstandingPayout].some((d) => d.isNeg())).toBe(false);
  });

  it('a forecast before any payment shows the whole grant outstanding', () => {
    const result = settle(
      input({ financingType: 'DEFICIT', approvedAmount: '80000.00', recognisedTotal: '60000.00', ownFunds: '12000.00' }),
      'HALF_UP',
    );
    expect(shown(result)).toMatchObject({ finalGrant: '48000.00', balance: '48000.00', refundDue: '0.00', outstandingPayout: '48000.00' });
  });
});

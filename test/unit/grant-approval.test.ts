// Unit tests of Rule 1 (Bewilligung): grant caps per financing type, notice checks and the yearly budget.
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { DomainInputError } from '../../src/domain/errors.js';
import { FINANCING_TYPES, checkNoticeFigures, checkYearCommitment, grantCap, type NoticeFigures } from '../../src/domain/grant-approval.js';
import { formatMoney } from '../../src/domain/money.js';

const programme = { maxRate: new Dec('0.8'), roundingMode: 'HALF_UP' as const };

function notice(figures: Partial<Record<keyof NoticeFigures, string | null>> & Pick<NoticeFigures, 'financingType'>): NoticeFigures {
  const amount = (value: string | null | undefined): Dec | null => (value == null ? null : new Dec(value));
  return {
    financingType: figures.financingType,
    rate: amount(figures.rate),
    eligibleCosts: new Dec(figures.eligibleCosts ?? '0'),
    ownFunds: new Dec(figures.ownFunds ?? '0'),
    thirdPartyFunds: new Dec(figures.thirdPartyFunds ?? '0'),
    fixedAmount: amount(figures.fixedAmount),
    approvedAmount: new Dec(figures.approvedAmount ?? '0'),
  };
}

function captureError(action: () => unknown): DomainInputError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainInputError) return error;
    throw error;
  }
  throw new Error('expected a DomainInputError');
}

describe('FINANCING_TYPES', () => {
  it('lists the four financing types', () => {
    expect(FINANCING_TYPES).toEqual(['SHARE', 'DEFICIT', 'FIXED_AMOUNT', 'FULL']);
  });
});

describe('grantCap', () => {
  it('SHARE: 80 % of 181265.04 is 145012.032, rounded half up to 145012.03', () => {
    const f = notice({ financingType: 'SHARE', rate: '0.8', eligibleCosts: '181265.04' });
    expect(formatMoney(grantCap(f, 'HALF_UP'))).toBe('145012.03');
    expect(formatMoney(grantCap(f, 'UP'))).toBe('145012.04');
  });

  it('SHARE: rounds a half cent by the programme rounding mode', () => {
    const f = notice({ financingType: 'SHARE', rate: '0.5', eligibleCosts: '0.25' });
    expect(formatMoney(grantCap(f, 'HALF_UP'))).toBe('0.13');
    expect(formatMoney(grantCap(f, 'HALF_EVEN'))).toBe('0.12');
  });

  it('DEFICIT: 100000 − 15000 − 5000 = 80000.00', () => {
    const f = notice({ financingType: 'DEFICIT', eligibleCosts: '100000', ownFunds: '15000', thirdPartyFunds: '5000' });
    expect(formatMoney(grantCap(f, 'HALF_UP'))).toBe('80000.00');
  });

  it('DEFICIT: never below zero', () => {
    const f = notice({ financingType: 'DEFICIT', eligibleCosts: '10000', ownFunds: '8000', thirdPartyFunds: '5000' });
    expect(formatMoney(grantCap(f, 'HALF_UP'))).toBe('0.00');
  });

  it('FIXED_AMOUNT: the fixed amount, whatever the eligible costs', () => {
    const f = notice({ financingType: 'FIXED_AMOUNT', fixedAmount: '50000', eligibleCosts: '181265.04' });
    expect(formatMoney(grantCap(f, 'HALF_UP'))).toBe('50000.00');
  });

  it('FULL: the eligible costs', () => {
    const f = notice({ financingType: 'FULL', eligibleCosts: '123456.78', ownFunds: '1000' });
    expect(formatMoney(grantCap(f, 'HALF_UP'))).toBe('123456.78');
  });

  it('SHARE without a rate and FIXED_AMOUNT without the fixed amount are input errors', () => {
    const share = captureError(() => grantCap(notice({ financingType: 'SHARE', eligibleCosts: '100' }), 'HALF_UP'));
    expect(share.field).toBe('rate');
    const fixed = captureError(() => grantCap(notice({ financingType: 'FIXED_AMOUNT', eligibleCosts: '100' }), 'HALF_UP'));
    expect(fixed.field).toBe('fixedAmount');
  });
});

describe('checkNoticeFigures', () => {
  it('accepts the Kyffhäuserkreis notice of 145012.03 at 80 % of 181265.04', () => {
    const f = notice({
      financingType: 'SHARE',
      rate: '0.8',
      eligibleCosts: '181265.04',
      ownFunds: '36253.01',
      approvedAmount: '145012.03',
    });
    expect(checkNoticeFigures(f, programme)).toEqual([]);
  });

  it('accepts a share notice at the maximum rate whose cap rounds above 80 % by half a cent', () => {
    // 0.8 × 181265.06 = 145012.048 → 145012.05, an effective rate of 80.0000011 %.
    const f = notice({ financingType: 'SHARE', rate: '0.8', eligibleCosts: '181265.06', approvedAmount: '145012.05' });
    expect(checkNoticeFigures(f, programme)).toEqual([]);
  });

  it('reports an approved amount above the share cap, with both figures in euros', () => {
    const f = notice({ financingType: 'SHARE', rate: '0.8', eligibleCosts: '181265.04', approvedAmount: '150000' });
    const [cap, effective, ...rest] = checkNoticeFigures(f, programme);
    expect(rest).toEqual([]);
    expect(cap).toEqual({
      reason: 'APPROVED_ABOVE_CAP',
      field: 'approvedAmount',
      message:
        'Der bewilligte Betrag von 150.000,00 € übersteigt die Obergrenze von 145.012,03 € bei Anteilfinanzierung (80 % von 181.265,04 €).',
      figures: { approvedAmount: '150000.00', cap: '145012.03', rate: '0.8000', eligibleCosts: '181265.04' },
    });
    // 150000 / 181265.04 = 0.827517…
    expect(effective).toEqual({
      reason: 'RATE_ABOVE_PROGRAMME_MAXIMUM',
      field: 'approvedAmount',
      message:
        'Der bewilligte Betrag von 150.000,00 € entspricht 82,75 % der zuwendungsfähigen Ausgaben von 181.265,04 € ' +
        'und liegt über dem Höchstfördersatz des Programms von 80 % (höchstens 145.012,03 €).',
      figures: {
        approvedAmount: '150000.00',
        eligibleCosts: '181265.04',
        maxRate: '0.8000',
        maxAmount: '145012.03',
        effectiveRate: '0.8275',
      },
    });
  });

  it('follows the programme rounding mode for the share cap', () => {
    const f = notice({ financingType: 'SHARE', rate: '0.5', eligibleCosts: '0.25', approvedAmount: '0.13' });
    expect(checkNoticeFigures(f, { ...programme, roundingMode: 'HALF_UP' })).toEqual([]);
    const halfEven = checkNoticeFigures(f, { ...programme, roundingMode: 'HALF_EVEN' });
    expect(halfEven.map((v) => v.figures['cap'])).toEqual(['0.12']);
  });

  it('accepts a deficit notice of 80000.00 at exactly 80 % of 100000', () => {
    const f = notice({
      financingType: 'DEFICIT',
      eligibleCosts: '100000',
      ownFunds: '15000',
      thirdPartyFunds: '5000',
      approvedAmount: '80000',
    });
    expect(checkNoticeFigures(f, programme)).toEqual([]);
  });

  it('reports a deficit notice within its cap of 90000 but at an effective 90 % above 80 %', () => {
    const f = notice({ financingType: 'DEFICIT', eligibleCosts: '100000', ownFunds: '10000', approvedAmount: '90000' });
    expect(checkNoticeFigures(f, programme)).toEqual([
      {
        reason: 'RATE_ABOVE_PROGRAMME_MAXIMUM',
        field: 'approvedAmount',
        message:
          'Der bewilligte Betrag von 90.000,00 € entspricht 90 % der zuwendungsfähigen Ausgaben von 100.000,00 € ' +
          'und liegt über dem Höchstfördersatz des Programms von 80 % (höchstens 80.000,00 €).',
        figures: {
          approvedAmount: '90000.00',
          eligibleCosts: '100000.00',
          maxRate: '0.8000',
          maxAmount: '80000.00',
          effectiveRate: '0.9000',
        },
      },
    ]);
  });

  it('reports a deficit notice one cent above its cap, naming how the cap is made up', () => {
    const f = notice({
      financingType: 'DEFICIT',
      eligibleCosts: '100000',
      ownFunds: '15000',
      thirdPartyFunds: '5000',
      approvedAmount: '80000.01',
    });
    const [cap, effective] = checkNoticeFigures(f, programme);
    expect(cap?.message).toBe(
      'Der bewilligte Betrag von 80.000,01 € übersteigt die Obergrenze von 80.000,00 € bei Fehlbedarfsfinanzierung ' +
        '(zuwendungsfähige Ausgaben von 100.000,00 € abzüglich Eigenmittel von 15.000,00 € und Drittmittel von 5.000,00 €).',
    );
    expect(cap?.figures).toEqual({
      approvedAmount: '80000.01',
      cap: '80000.00',
      eligibleCosts: '100000.00',
      ownFunds: '15000.00',
      thirdPartyFunds: '5000.00',
    });
    // 80000.01 / 100000 = 0.8000001: shown as the next rate above 80 %, not as 80 % itself.
    expect(effective?.message).toContain('entspricht 80,01 % der zuwendungsfähigen Ausgaben');
    expect(effective?.figures['effectiveRate']).toBe('0.8001');
  });

  it('reports 81,5 % on a fixed-amount notice', () => {
    const f = notice({
      financingType: 'FIXED_AMOUNT',
      fixedAmount: '81500',
      eligibleCosts: '100000',
      approvedAmount: '81500',
    });
    const violations = checkNoticeFigures(f, programme);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toBe(
      'Der bewilligte Betrag von 81.500,00 € entspricht 81,5 % der zuwendungsfähigen Ausgaben von 100.000,00 € ' +
        'und liegt über dem Höchstfördersatz des Programms von 80 % (höchstens 80.000,00 €).',
    );
  });

  it('reports an approved amount above the fixed amount', () => {
    const f = notice({
      financingType: 'FIXED_AMOUNT',
      fixedAmount: '50000',
      eligibleCosts: '100000',
      approvedAmount: '50000.01',
    });
    expect(checkNoticeFigures(f, programme)).toEqual([
      {
        reason: 'APPROVED_ABOVE_CAP',
        field: 'approvedAmount',
        message:
          'Der bewilligte Betrag von 50.000,01 € übersteigt die Obergrenze von 50.000,00 € bei Festbetragsfinanzierung ' +
          '(der Festbetrag des Bescheids).',
        figures: { approvedAmount: '50000.01', cap: '50000.00', fixedAmount: '50000.00' },
      },
    ]);
  });

  it('reports full financing above 80 % unless the programme allows 100 %', () => {
    const f = notice({ financingType: 'FULL', eligibleCosts: '20000', approvedAmount: '20000' });
    expect(checkNoticeFigures(f, programme).map((v) => v.figures['effectiveRate'])).toEqual(['1.0000']);
    expect(checkNoticeFigures(f, { ...programme, maxRate: new Dec('1') })).toEqual([]);
    const above = notice({ financingType: 'FULL', eligibleCosts: '20000', approvedAmount: '20000.01' });
    expect(checkNoticeFigures(above, { ...programme, maxRate: new Dec('1') }).map((v) => v.message)).toEqual([
      'Der bewilligte Betrag von 20.000,01 € übersteigt die Obergrenze von 20.000,00 € bei Vollfinanzierung (die zuwendungsfähigen Ausgaben).',
      'Der bewilligte Betrag von 20.000,01 € entspricht 100,01 % der zuwendungsfähigen Ausgaben von 20.000,00 € ' +
        'und liegt über dem Höchstfördersatz des Programms von 100 % (höchstens 20.000,00 €).',
    ]);
  });

  it('reports an approved amount without eligible costs', () => {
    const f = notice({ financingType: 'FIXED_AMOUNT', fixedAmount: '10', eligibleCosts: '0', approvedAmount: '10' });
    expect(checkNoticeFigures(f, programme)).toEqual([
      {
        reason: 'RATE_ABOVE_PROGRAMME_MAXIMUM',
        field: 'approvedAmount',
        message:
          'Der bewilligte Betrag von 10,00 € übersteigt den Höchstfördersatz des Programms von 80 %: Es gibt keine zuwendungsfähigen Ausgaben.',
        figures: { approvedAmount: '10.00', eligibleCosts: '0.00', maxRate: '0.8000', maxAmount: '0.00' },
      },
    ]);
    const nothing = notice({ financingType: 'FULL', eligibleCosts: '0', approvedAmount: '0' });
    expect(checkNoticeFigures(nothing, programme)).toEqual([]);
  });

  it('reports a share rate above the programme maximum', () => {
    const f = notice({ financingType: 'SHARE', rate: '0.85', eligibleCosts: '100000', approvedAmount: '80000' });
    expect(checkNoticeFigures(f, programme)).toEqual([
      {
        reason: 'RATE_ABOVE_PROGRAMME_MAXIMUM',
        field: 'rate',
        message: 'Der Fördersatz von 85 % übersteigt den Höchstfördersatz des Programms von 80 %.',
        figures: { rate: '0.8500', maxRate: '0.8000' },
      },
    ]);
  });

  it('reports own and third-party funds above the eligible costs', () => {
    const f = notice({
      financingType: 'DEFICIT',
      eligibleCosts: '100000',
      ownFunds: '90000',
      thirdPartyFunds: '20000',
      approvedAmount: '0',
    });
    expect(checkNoticeFigures(f, programme)).toEqual([
      {
        reason: 'CO_FUNDING_ABOVE_COSTS',
        field: 'ownFunds',
        message:
          'Eigenmittel von 90.000,00 € und Drittmittel von 20.000,00 € (zusammen 110.000,00 €) ' +
          'übersteigen die zuwendungsfähigen Ausgaben von 100.000,00 €.',
        figures: { ownFunds: '90000.00', thirdPartyFunds: '20000.00', eligibleCosts: '100000.00' },
      },
    ]);
  });

  it('reports every violation at once', () => {
    const f = notice({
      financingType: 'SHARE',
      rate: '0.9',
      eligibleCosts: '100000',
      ownFunds: '60000',
      thirdPartyFunds: '50000',
      approvedAmount: '95000',
    });
    const violations = checkNoticeFigures(f, programme);
    expect(violations.map((v) => v.field)).toEqual(['approvedAmount', 'approvedAmount', 'rate', 'ownFunds']);
    expect(violations[0]?.figures['cap']).toBe('90000.00');
    expect(violations[1]?.figures['effectiveRate']).toBe('0.9500');
  });

  it('reports a missing rate or fixed amount instead of throwing', () => {
    const share = notice({ financingType: 'SHARE', eligibleCosts: '100000', approvedAmount: '80000' });
    expect(checkNoticeFigures(share, programme)).toEqual([
      { reason: 'REQUIRED', field: 'rate', message: 'Die Anteilfinanzierung braucht einen Fördersatz.', figures: {} },
    ]);
    const fixed = notice({ financingType: 'FIXED_AMOUNT', eligibleCosts: '100000', approvedAmount: '80000' });
    expect(checkNoticeFigures(fixed, programme).map((v) => v.field)).toEqual(['fixedAmount']);
  });

  it('reports negative amounts alone', () => {
    const f = notice({
      financingType: 'DEFICIT',
      eligibleCosts: '-5',
      ownFunds: '-1.5',
      approvedAmount: '10',
    });
    expect(checkNoticeFigures(f, programme)).toEqual([
      {
        reason: 'NEGATIVE_AMOUNT',
        field: 'eligibleCosts',
        message: 'Die zuwendungsfähigen Ausgaben dürfen nicht negativ sein: -5,00 €.',
        figures: { eligibleCosts: '-5.00' },
      },
      {
        reason: 'NEGATIVE_AMOUNT',
        field: 'ownFunds',
        message: 'Die Eigenmittel dürfen nicht negativ sein: -1,50 €.',
        figures: { ownFunds: '-1.50' },
      },
    ]);
  });
});

describe('checkYearCommitment', () => {
  const budget = new Dec('20000000');

  it('reports the over-committed budget year with all figures', () => {
    const violation = checkYearCommitment({
      year: 2020,
      budget,
      alreadyCommitted: new Dec('19900000'),
      additional: new Dec('145012.03'),
    });
    expect(violation).toEqual({
      reason: 'BUDGET_EXCEEDED',
      field: 'approvedAmount',
      message:
        'Der Haushaltsansatz 2020 des Programms von 20.000.000,00 € würde überschritten: ' +
        'bereits gebunden 19.900.000,00 €, zusätzlich 145.012,03 €, zusammen 20.045.012,03 €.',
      figures: {
        year: '2020',
        budget: '20000000.00',
        alreadyCommitted: '19900000.00',
        additional: '145012.03',
        committedTotal: '20045012.03',
        excess: '45012.03',
      },
    });
  });

  it('allows the budget to be used up to the cent and reports one cent more', () => {
    const exact = { year: 2020, budget, alreadyCommitted: new Dec('19854987.97'), additional: new Dec('145012.03') };
    expect(checkYearCommitment(exact)).toBeNull();
    const oneCentOver = checkYearCommitment({ ...exact, additional: new Dec('145012.04') });
    expect(oneCentOver?.figures['committedTotal']).toBe('20000000.01');
    expect(oneCentOver?.figures['excess']).toBe('0.01');
  });

  it('reports a year without a recorded budget', () => {
    expect(checkYearCommitment({ year: 2024, budget: null, alreadyCommitted: new Dec('0'), additional: new Dec('143000') })).toEqual({
      reason: 'BUDGET_YEAR_MISSING',
      field: 'approvedAmount',
      message: 'Das Programm hat für 2024 keinen Haushaltsansatz; 143.000,00 € können in diesem Jahr nicht gebunden werden.',
      figures: { year: '2024', alreadyCommitted: '0.00', additional: '143000.00', committedTotal: '143000.00' },
    });
  });

  it('lets a reduction pass even when the year is already over-committed', () => {
    const reduction = { year: 2020, budget, alreadyCommitted: new Dec('20500000'), additional: new Dec('-10000') };
    expect(checkYearCommitment(reduction)).toBeNull();
    expect(checkYearCommitment({ ...reduction, budget: null })).toBeNull();
  });
});

// Unit tests of Rule 7 (Personalausgaben): project shares, monthly costs by method, the monthly limit and month ranges.
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { DomainInputError } from '../../src/domain/errors.js';
import { checkMonthlyShares, monthlyStaffCost, monthsBetween, projectShare } from '../../src/domain/staff-costs.js';

function captureError(action: () => unknown): DomainInputError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainInputError) return error;
    throw error;
  }
  throw new Error('expected a DomainInputError');
}

describe('projectShare', () => {
  it('takes the given share for the actual and flat-rate methods', () => {
    expect(projectShare({ method: 'ACTUAL', share: new Dec('0.6') }).toString()).toBe('0.6');
    expect(projectShare({ method: 'FLAT_RATE', share: new Dec('1') }).toString()).toBe('1');
  });

  it('divides project hours by working hours: 64 / 160 = 0.4', () => {
    expect(projectShare({ method: 'HOURS', projectHours: new Dec('64'), workingHours: new Dec('160') }).toString()).toBe('0.4');
  });

  it('keeps a share from hours at full precision: 140 / 168 = 5/6', () => {
    const share = projectShare({ method: 'HOURS', projectHours: new Dec('140'), workingHours: new Dec('168') });
    expect(share.toString()).toBe('0.8333333333333333333333333333333333333333');
  });

  it('refuses a missing share, a share of 0 and a share above 1', () => {
    expect(captureError(() => projectShare({ method: 'ACTUAL' })).field).toBe('share');
    expect(captureError(() => projectShare({ method: 'FLAT_RATE', share: null })).field).toBe('share');
    const zero = captureError(() => projectShare({ method: 'ACTUAL', share: new Dec('0') }));
    expect(zero.message).toBe('Der Projektanteil muss größer als 0 % und höchstens 100 % sein: 0 %.');
    const above = captureError(() => projectShare({ method: 'ACTUAL', share: new Dec('1.0001') }));
    expect(above.field).toBe('share');
    expect(above.details).toEqual({ share: '1.0001' });
  });

  it('refuses missing or non-positive hours, naming the field', () => {
    expect(captureError(() => projectShare({ method: 'HOURS', workingHours: new Dec('160') })).field).toBe('projectHours');
    expect(captureError(() => projectShare({ method: 'HOURS', projectHours: new Dec('64') })).field).toBe('workingHours');
    expect(captureError(() => projectShare({ method: 'HOURS', projectHours: new Dec('0'), workingHours: new Dec('160') })).field).toBe(
      'projectHours',
    );
    const noWorkingHours = captureError(() => projectShare({ method: 'HOURS', projectHours: new Dec('64'), workingHours: new Dec('0') }));
    expect(noWorkingHours.field).toBe('workingHours');
    expect(noWorkingHours.message).toBe('Die Arbeitsstunden des Monats müssen größer als 0 sein: 0.');
  });

  it('refuses more project hours than working hours', () => {
    const error = captureError(() => projectShare({ method: 'HOURS', projectHours: new Dec('170.5'), workingHours: new Dec('160') }));
    expect(error.field).toBe('projectHours');
    expect(error.message).toBe('Die Projektstunden (170,5) übersteigen die Arbeitsstunden des Monats (160).');
    expect(error.details).toEqual({ projectHours: '170.5', workingHours: '160' });
  });
});

describe('monthlyStaffCost', () => {
  it('actual method: 4500.00 × 0.6 = 2700.00', () => {
    const cost = monthlyStaffCost({ method: 'ACTUAL', share: new Dec('0.6'), employerCost: new Dec('4500.00') }, 'HALF_UP');
    expect(cost.toFixed(2)).toBe('2700.00');
  });

  it('hours method: 64 of 160 hours = 0.4 of 4500.00 = 1800.00', () => {
    const share = projectShare({ method: 'HOURS', projectHours: new Dec('64'), workingHours: new Dec('160') });
    const cost = monthlyStaffCost({ method: 'HOURS', share, employerCost: new Dec('4500.00') }, 'HALF_UP');
    expect(cost.toFixed(2)).toBe('1800.00');
  });

  it('flat-rate method: E 11 at 68400.00 a year ÷ 12 × 0.5 = 2850.00', () => {
    const cost = monthlyStaffCost({ method: 'FLAT_RATE', share: new Dec('0.5'), annualRate: new Dec('68400.00') }, 'HALF_UP');
    expect(cost.toFixed(2)).toBe('2850.00');
  });

  it('rounds only the result, with the programme rounding mode: 3333.33 × 0.3333 = 1110.998889', () => {
    const input = { method: 'ACTUAL' as const, share: new Dec('0.3333'), employerCost: new Dec('3333.33') };
    expect(monthlyStaffCost(input, 'HALF_UP').toFixed(2)).toBe('1111.00');
    expect(monthlyStaffCost(input, 'DOWN').toFixed(2)).toBe('1110.99');
  });

  it('rounds an exact half cent from hours by the rounding mode: 3000.27 × 20 / 168 = 357.175', () => {
    // 20 / 168 cut after 40 digits makes the product 357.1749…9, which half up would take to 357.17.
    const share = projectShare({ method: 'HOURS', projectHours: new Dec('20'), workingHours: new Dec('168') });
    const input = { method: 'HOURS' as const, share, employerCost: new Dec('3000.27') };
    expect(monthlyStaffCost(input, 'HALF_UP').toFixed(2)).toBe('357.18');
    expect(monthlyStaffCost(input, 'DOWN').toFixed(2)).toBe('357.17');
  });

  it('rounds an exact half cent from the flat rate by the rounding mode: 60002.00 ÷ 12 × 0.15 = 750.025', () => {
    // 60002.00 ÷ 12 cut after 40 digits makes the product 750.0250…01, which half even would take to 750.03.
    const input = { method: 'FLAT_RATE' as const, share: new Dec('0.15'), annualRate: new Dec('60002.00') };
    expect(monthlyStaffCost(input, 'HALF_UP').toFixed(2)).toBe('750.03');
    expect(monthlyStaffCost(input, 'HALF_EVEN').toFixed(2)).toBe('750.02');
  });

  it('names the missing or negative figure', () => {
    expect(captureError(() => monthlyStaffCost({ method: 'ACTUAL', share: new Dec('0.5') }, 'HALF_UP')).field).toBe('employerCost');
    expect(captureError(() => monthlyStaffCost({ method: 'HOURS', share: new Dec('0.5'), employerCost: null }, 'HALF_UP')).field).toBe(
      'employerCost',
    );
    const noRate = captureError(() =>
      monthlyStaffCost({ method: 'FLAT_RATE', share: new Dec('0.5'), employerCost: new Dec('4500') }, 'HALF_UP'),
    );
    expect(noRate.field).toBe('annualRate');
    expect(noRate).toMatchObject({ reason: 'REQUIRED', message: 'Der Personalkostensatz (Jahressatz) fehlt.' });
    const negative = captureError(() =>
      monthlyStaffCost({ method: 'ACTUAL', share: new Dec('0.5'), employerCost: new Dec('-1.50') }, 'HALF_UP'),
    );
    expect(negative.field).toBe('employerCost');
    expect(negative).toMatchObject({ reason: 'NEGATIVE_AMOUNT', message: 'Das Arbeitgeberbrutto darf nicht negativ sein: -1,50 €.' });
    expect(negative.details).toEqual({ employerCost: '-1.5' });
  });

  it('refuses a share outside (0, 1]', () => {
    const error = captureError(() =>
      monthlyStaffCost({ method: 'ACTUAL', share: new Dec('1.5'), employerCost: new Dec('4500') }, 'HALF_UP'),
    );
    expect(error.field).toBe('share');
    expect(error.reason).toBe('VALUE_OUT_OF_RANGE');
  });
});

describe('checkMonthlyShares', () => {
  it('refuses 0.5 on a second grant for an employee already at 0.6 in the month', () => {
    expect(
      checkMonthlyShares({ employeeName: 'Anna Schmidt', month: '2020-06-01', existing: new Dec('0.6'), additional: new Dec('0.5') }),
    ).toEqual({
      reason: 'SHARE_ABOVE_ONE',
      field: 'share',
      message:
        'Die Projektanteile von Anna Schmidt im Monat 06/2020 ergäben zusammen 110 %: bereits 60 % über alle Bescheide ' +
        'zugeordnet, dazu 50 %, das ist mehr als 100 %; kein Monat darf doppelt gefördert werden.',
      figures: { month: '2020-06', existing: '0.6', additional: '0.5', total: '1.1' },
    });
  });

  it('allows 0.4 on top of 0.6, a full position', () => {
    expect(checkMonthlyShares({ month: '2020-06-01', existing: new Dec('0.6'), additional: new Dec('0.4') })).toBeNull();
  });

  it('speaks of the employee when no name may be shown', () => {
    const violation = checkMonthlyShares({ month: '2020-12-01', existing: new Dec('1'), additional: new Dec('0.0001') });
    expect(violation?.message).toMatch(/^Die Projektanteile des oder der Beschäftigten im Monat 12\/2020 ergäben zusammen 100,01 %: /);
  });

  it('lets a reduction pass even when the month is already over 1', () => {
    expect(checkMonthlyShares({ month: '2020-06-01', existing: new Dec('1.2'), additional: new Dec('-0.1') })).toBeNull();
  });
});

describe('monthsBetween', () => {
  it('gives the first day of each month of the range, both ends included', () => {
    expect(monthsBetween('2020-11-15', '2021-02-01')).toEqual(['2020-11-01', '2020-12-01', '2021-01-01', '2021-02-01']);
  });

  it('gives one month for a range within a month', () => {
    expect(monthsBetween('2020-06-01', '2020-06-30')).toEqual(['2020-06-01']);
  });

  it('allows 120 months and refuses 121', () => {
    const tenYears = monthsBetween('2020-01-31', '2029-12-01');
    expect(tenYears).toHaveLength(120);
    expect(tenYears.at(-1)).toBe('2029-12-01');
    const error = captureError(() => monthsBetween('2020-01-01', '2030-01-01'));
    expect(error.message).toBe('Der Zeitraum von 01/2020 bis 01/2030 umfasst 121 Monate; höchstens 120 können auf einmal erfasst werden.');
  });

  it('refuses a range that ends before it begins', () => {
    const error = captureError(() => monthsBetween('2020-06-15', '2020-06-14'));
    expect(error.message).toBe('Der Monatszeitraum endet am 14.06.2020, vor seinem Beginn am 15.06.2020.');
    expect(error.reason).toBe('DATE_OUT_OF_ORDER');
    expect(error.details).toEqual({ from: '2020-06-15', to: '2020-06-14' });
  });
});

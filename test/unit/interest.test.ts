// Unit tests of Rule 6 (Zinsen auf vorzeitig abgerufene Mittel): grant usage, FIFO matching, deadlines and interest by day runs.
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { DomainInputError } from '../../src/domain/errors.js';
import {
  BUNDESBANK_BASE_RATES,
  allocateUsageFifo,
  grantUsage,
  interestDue,
  type BaseRatePeriod,
  type PaymentTranche,
  type UsageEvent,
} from '../../src/domain/interest.js';
import type { LocalDate } from '../../src/domain/local-date.js';
import { formatMoney } from '../../src/domain/money.js';

function payment(id: string, paidOn: LocalDate, amount: string): PaymentTranche {
  return { id, paidOn, amount: new Dec(amount) };
}

function use(usedOn: LocalDate, amount: string): UsageEvent {
  return { usedOn, amount: new Dec(amount) };
}

/** Rule 6 defaults unless told otherwise: two months to spend, base rate + 5 points, the Bundesbank table. */
function interest(
  payments: PaymentTranche[],
  usage: UsageEvent[],
  evaluationDate: LocalDate,
  {
    baseRates = BUNDESBANK_BASE_RATES,
    spendDeadlineMonths = 2,
  }: { baseRates?: readonly BaseRatePeriod[]; spendDeadlineMonths?: number } = {},
) {
  return interestDue({ payments, usage, evaluationDate, spendDeadlineMonths, marginRate: new Dec('0.05'), baseRates }, 'HALF_UP');
}

function portionFigures(result: ReturnType<typeof interest>) {
  return result.portions.map((p) => ({
    paymentId: p.paymentId,
    amount: formatMoney(p.amount),
    usedOn: p.usedOn,
    deadline: p.deadline,
    days: p.days,
    interest: formatMoney(p.interest),
  }));
}

describe('BUNDESBANK_BASE_RATES', () => {
  it('holds the base rates since 2016 in date order', () => {
    expect(BUNDESBANK_BASE_RATES.map((p) => [p.validFrom, p.rate.toString()])).toEqual([
      ['2016-07-01', '-0.0088'],
      ['2023-01-01', '0.0162'],
      ['2023-07-01', '0.0312'],
      ['2024-01-01', '0.0362'],
      ['2024-07-01', '0.0337'],
      ['2025-01-01', '0.0227'],
      ['2025-07-01', '0.0127'],
    ]);
  });
});

describe('grantUsage', () => {
  it('uses the approved share of each euro spent: 10000.00 × 80000.00 / 100000.00 = 8000', () => {
    expect(grantUsage(new Dec('10000.00'), new Dec('80000.00'), new Dec('100000.00')).toString()).toBe('8000');
  });

  it('keeps full precision: 100.00 × 1.00 / 3.00', () => {
    expect(grantUsage(new Dec('100.00'), new Dec('1.00'), new Dec('3.00')).toString()).toBe('33.33333333333333333333333333333333333333');
  });

  it('gives 0 without a planned total', () => {
    expect(grantUsage(new Dec('500.00'), new Dec('0'), new Dec('0')).toString()).toBe('0');
  });
});

describe('allocateUsageFifo', () => {
  const figures = (portions: ReturnType<typeof allocateUsageFifo>) =>
    portions.map((p) => [p.paymentId, p.paidOn, formatMoney(p.amount), p.usedOn]);

  it('consumes the earliest payment first and leaves the rest unused', () => {
    const portions = allocateUsageFifo(
      [payment('B', '2024-02-01', '20000.00'), payment('A', '2024-01-15', '30000.00')],
      [use('2024-05-20', '15000.00'), use('2024-02-10', '25000.00')],
    );
    expect(figures(portions)).toEqual([
      ['A', '2024-01-15', '25000.00', '2024-02-10'],
      ['A', '2024-01-15', '5000.00', '2024-05-20'],
      ['B', '2024-02-01', '10000.00', '2024-05-20'],
      ['B', '2024-02-01', '10000.00', null],
    ]);
  });

  it('takes payments of the same day in the order of their ids', () => {
    const portions = allocateUsageFifo(
      [payment('P2', '2024-03-01', '100.00'), payment('P1', '2024-03-01', '100.00')],
      [use('2024-03-05', '150.00')],
    );
    expect(figures(portions)).toEqual([
      ['P1', '2024-03-01', '100.00', '2024-03-05'],
      ['P2', '2024-03-01', '50.00', '2024-03-05'],
      ['P2', '2024-03-01', '50.00', null],
    ]);
  });

  it('counts money spent before the payment arrived as used on the payment day', () => {
    const portions = allocateUsageFifo(
      [payment('A', '2024-01-01', '100.00'), payment('B', '2024-03-01', '100.00')],
      [use('2024-02-01', '150.00'), use('2024-04-01', '50.00')],
    );
    expect(figures(portions)).toEqual([
      ['A', '2024-01-01', '100.00', '2024-02-01'],
      ['B', '2024-03-01', '50.00', '2024-03-01'],
      ['B', '2024-03-01', '50.00', '2024-04-01'],
    ]);
  });

  it('drops usage beyond all payments, as the recipient paid it from own funds', () => {
    const portions = allocateUsageFifo([payment('A', '2024-01-01', '100.00')], [use('2024-01-10', '80.00'), use('2024-01-20', '70.00')]);
    expect(figures(portions)).toEqual([
      ['A', '2024-01-01', '80.00', '2024-01-10'],
      ['A', '2024-01-01', '20.00', '2024-01-20'],
    ]);
  });

  it('keeps fractions of a cent from grant usage exact', () => {
    const portions = allocateUsageFifo([payment('A', '2024-01-01', '100.00')], [use('2024-01-10', '33.333')]);
    expect(portions.map((p) => p.amount.toString())).toEqual(['33.333', '66.667']);
  });

  it('refuses negative amounts', () => {
    expect(() => allocateUsageFifo([payment('A', '2024-01-01', '-1.00')], [])).toThrow(DomainInputError);
    expect(() => allocateUsageFifo([payment('A', '2024-01-01', '1.00')], [use('2024-01-02', '-1.00')])).toThrow(DomainInputError);
    expect(() => allocateUsageFifo([payment('A', '2024-01-01', '-1.00')], [])).toThrow(
      expect.objectContaining({ reason: 'NEGATIVE_AMOUNT', message: 'Der Betrag der Auszahlung A darf nicht negativ sein: -1,00 €.' }),
    );
    expect(() => allocateUsageFifo([payment('A', '2024-01-01', '1.00')], [use('2024-01-02', '-1.00')])).toThrow(
      expect.objectContaining({
        reason: 'NEGATIVE_AMOUNT',
        message: 'Der Betrag der Verwendung am 02.01.2024 darf nicht negativ sein: -1,00 €.',
      }),
    );
  });
});

describe('interestDue', () => {
  it('issue example: 50000.00 paid 2023-03-01, used 2023-08-15 → 50000 × (6.62 % × 122 + 8.12 % × 45) / 365 = 1606.90', () => {
    const result = interest([payment('A', '2023-03-01', '50000.00')], [use('2023-08-15', '50000.00')], '2023-12-31');
    expect(formatMoney(result.amount)).toBe('1606.90');
    expect(portionFigures(result)).toEqual([
      { paymentId: 'A', amount: '50000.00', usedOn: '2023-08-15', deadline: '2023-05-01', days: 167, interest: '1606.90' },
    ]);
    expect(result.portions[0]?.runs.map((r) => [r.from, r.to, r.days, r.rate.toString()])).toEqual([
      ['2023-03-01', '2023-06-30', 122, '0.0662'],
      ['2023-07-01', '2023-08-14', 45, '0.0812'],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('charges nothing for money used by the deadline, the deadline day included', () => {
    const result = interest(
      [payment('A', '2023-03-01', '50000.00')],
      [use('2023-04-30', '20000.00'), use('2023-05-01', '30000.00')],
      '2023-12-31',
    );
    expect(formatMoney(result.amount)).toBe('0.00');
    expect(result.portions.map((p) => [p.days, formatMoney(p.interest), p.runs.length])).toEqual([
      [0, '0.00', 0],
      [0, '0.00', 0],
    ]);
  });

  it('charges nothing for unused money while its deadline has not passed', () => {
    const result = interest([payment('A', '2023-03-01', '50000.00')], [], '2023-05-01');
    expect(formatMoney(result.amount)).toBe('0.00');
    expect(portionFigures(result)).toEqual([
      { paymentId: 'A', amount: '50000.00', usedOn: null, deadline: '2023-05-01', days: 0, interest: '0.00' },
    ]);
  });

  it('spans a base-rate change with an unused remainder: 40000 × (6.62 % × 47 + 8.12 % × 91) / 365 = 1150.75', () => {
    // 40000 × (3.1114 + 7.3892) / 365 = 420024 / 365 = 1150.7506…
    const result = interest([payment('A', '2023-05-15', '100000.00')], [use('2023-06-10', '60000.00')], '2023-09-30');
    expect(formatMoney(result.amount)).toBe('1150.75');
    expect(portionFigures(result)).toEqual([
      { paymentId: 'A', amount: '60000.00', usedOn: '2023-06-10', deadline: '2023-07-15', days: 0, interest: '0.00' },
      { paymentId: 'A', amount: '40000.00', usedOn: null, deadline: '2023-07-15', days: 138, interest: '1150.75' },
    ]);
    expect(result.portions[1]?.runs.map((r) => [r.from, r.to, r.days, r.rate.toString()])).toEqual([
      ['2023-05-15', '2023-06-30', 47, '0.0662'],
      ['2023-07-01', '2023-09-29', 91, '0.0812'],
    ]);
  });

  it('consumes two payments first-in first-out, each against its own deadline', () => {
    // All days at 3.62 % + 5 = 8.62 %; 2024 is a leap year, the divisor stays 365.
    // 5000 × 0.0862 × 126 / 365 = 148.7835…; 10000 × 0.0862 × 109 / 365 = 257.4191…; 10000 × 0.0862 × 150 / 365 = 354.2465…
    // Total 277564 / 365 = 760.4493… → 760.45.
    const result = interest(
      [payment('A', '2024-01-15', '30000.00'), payment('B', '2024-02-01', '20000.00')],
      [use('2024-02-10', '25000.00'), use('2024-05-20', '15000.00')],
      '2024-06-30',
    );
    expect(portionFigures(result)).toEqual([
      { paymentId: 'A', amount: '25000.00', usedOn: '2024-02-10', deadline: '2024-03-15', days: 0, interest: '0.00' },
      { paymentId: 'A', amount: '5000.00', usedOn: '2024-05-20', deadline: '2024-03-15', days: 126, interest: '148.78' },
      { paymentId: 'B', amount: '10000.00', usedOn: '2024-05-20', deadline: '2024-04-01', days: 109, interest: '257.42' },
      { paymentId: 'B', amount: '10000.00', usedOn: null, deadline: '2024-04-01', days: 150, interest: '354.25' },
    ]);
    expect(formatMoney(result.amount)).toBe('760.45');
  });

  it('applies a negative base rate: −0.88 % + 5 points = 4.12 %', () => {
    // 100000 × (0.0412 × 92 + 0.0662 × 14) / 365 = 100000 × (3.7904 + 0.9268) / 365 = 1292.3835… → 1292.38
    const result = interest([payment('A', '2022-10-01', '100000.00')], [], '2023-01-15');
    expect(formatMoney(result.amount)).toBe('1292.38');
    expect(result.portions[0]?.runs.map((r) => [r.from, r.to, r.days, r.rate.toString()])).toEqual([
      ['2022-10-01', '2022-12-31', 92, '0.0412'],
      ['2023-01-01', '2023-01-14', 14, '0.0662'],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('sums portions at full precision and rounds the total once', () => {
    // Each portion: 1000 × 0.0862 × 33 / 365 = 7.7934…, shown as 7.79; both together 15.5868… → 15.59, not 15.58.
    const result = interest(
      [payment('A', '2024-01-02', '1000.00'), payment('B', '2024-01-02', '1000.00')],
      [use('2024-02-04', '2000.00')],
      '2024-03-01',
      { spendDeadlineMonths: 0 },
    );
    expect(result.portions.map((p) => [p.days, formatMoney(p.interest)])).toEqual([
      [33, '7.79'],
      [33, '7.79'],
    ]);
    expect(formatMoney(result.amount)).toBe('15.59');
  });

  it('ignores payments and usage after the evaluation date', () => {
    const result = interest(
      [payment('A', '2023-03-01', '50000.00'), payment('B', '2023-09-01', '10000.00')],
      [use('2023-08-15', '50000.00'), use('2023-09-15', '10000.00')],
      '2023-08-31',
    );
    expect(portionFigures(result)).toEqual([
      { paymentId: 'A', amount: '50000.00', usedOn: '2023-08-15', deadline: '2023-05-01', days: 167, interest: '1606.90' },
    ]);
  });

  it('warns when the last recorded base rate is assumed beyond its half-year', () => {
    // 2025-11-03 to 2026-02-01: 91 days at 1.27 % + 5 = 6.27 %; 10000 × 0.0627 × 91 / 365 = 156.3205… → 156.32
    const result = interest([payment('A', '2025-11-03', '10000.00')], [], '2026-02-02');
    expect(formatMoney(result.amount)).toBe('156.32');
    expect(result.portions[0]?.days).toBe(91);
    expect(result.warnings).toEqual([
      'Nach dem 01.07.2025 ist kein Basiszinssatz erfasst, obwohl er zum 1. Januar und 1. Juli neu festgesetzt wird; ' +
        'für die Tage vom 01.01.2026 bis 01.02.2026 ist der Satz von 1,27 % angenommen.',
    ]);
  });

  it('does not warn while every interest day lies within the last rate’s half-year', () => {
    const untilYearEnd = (evaluationDate: LocalDate) =>
      interest([payment('A', '2025-11-03', '10000.00')], [], evaluationDate, { spendDeadlineMonths: 1 });
    // Interest days 2025-11-03 to 2025-12-31, then one more on 2026-01-01.
    expect(untilYearEnd('2026-01-01').warnings).toEqual([]);
    expect(untilYearEnd('2026-01-02').warnings).toHaveLength(1);
  });

  it('does not warn about a stale table when no day bears interest', () => {
    const result = interest([payment('A', '2026-03-02', '10000.00')], [use('2026-03-20', '10000.00')], '2026-06-30');
    expect(formatMoney(result.amount)).toBe('0.00');
    expect(result.warnings).toEqual([]);
  });

  it('assumes the first recorded rate for days before it, with a warning', () => {
    // 90 days at 1.62 % + 5 = 6.62 %, 31 of them before the table starts: 10000 × 0.0662 × 90 / 365 = 163.2328… → 163.23
    const table: BaseRatePeriod[] = [
      { validFrom: '2023-07-01', rate: new Dec('0.0312') },
      { validFrom: '2023-01-01', rate: new Dec('0.0162') },
    ];
    const result = interest([payment('A', '2022-12-01', '10000.00')], [], '2023-03-01', { baseRates: table });
    expect(formatMoney(result.amount)).toBe('163.23');
    expect(result.portions[0]?.runs.map((r) => [r.from, r.to, r.days, r.rate.toString()])).toEqual([
      ['2022-12-01', '2022-12-31', 31, '0.0662'],
      ['2023-01-01', '2023-02-28', 59, '0.0662'],
    ]);
    expect(result.warnings).toEqual([
      'Vor dem 01.01.2023 ist kein Basiszinssatz erfasst; für die Tage vom 01.12.2022 bis 31.12.2022 ist der Satz von 1,62 % angenommen.',
    ]);
  });

  it('refuses to compute interest without any base rate', () => {
    expect(() => interest([payment('A', '2023-03-01', '50000.00')], [], '2023-12-31', { baseRates: [] })).toThrow(
      expect.objectContaining({
        reason: 'BASE_RATE_MISSING',
        field: 'baseRates',
        message: 'Es ist kein Basiszinssatz erfasst, daher können keine Zinsen berechnet werden. Bitte zuerst den Basiszinssatz erfassen.',
      }),
    );
  });

  it('needs no base rate when nothing bears interest', () => {
    expect(formatMoney(interest([payment('A', '2023-03-01', '50000.00')], [], '2023-03-31', { baseRates: [] }).amount)).toBe('0.00');
  });

  it.each([-1, 1.5])('refuses a spend deadline of %s months', (months) => {
    expect(() => interest([], [], '2023-12-31', { spendDeadlineMonths: months })).toThrow(
      expect.objectContaining({
        reason: 'VALUE_OUT_OF_RANGE',
        message: `Die Verwendungsfrist muss eine ganze Zahl von Monaten ab 0 sein, nicht ${String(months).replace('.', ',')}.`,
      }),
    );
  });
});

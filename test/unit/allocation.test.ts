// Unit tests of Rule 8 (gemeinsame Beschaffung): allocation keys and the largest remainder split into whole cents.
import { describe, expect, it } from 'vitest';
import { allocationWeights, splitByLargestRemainder } from '../../src/domain/allocation.js';
import { Dec, sum } from '../../src/domain/decimal.js';
import { DomainInputError } from '../../src/domain/errors.js';
import { seededRandom } from '../support/random.js';

// Nordhausen, Unstrut-Hainich-Kreis, Kyffhäuserkreis.
const districts = ['16062', '16064', '16065'];

function split(total: string, weights: Record<string, string>): Record<string, string> {
  const parts = Object.entries(weights).map(([key, weight]) => ({ key, weight: new Dec(weight) }));
  return Object.fromEntries(splitByLargestRemainder(new Dec(total), parts).map((part) => [part.key, part.amount.toFixed(2)]));
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

describe('splitByLargestRemainder', () => {
  it('splits 10000.00 equally among three, the lowest key taking the extra cent', () => {
    const parts = splitByLargestRemainder(
      new Dec('10000.00'),
      allocationWeights(
        'EQUAL',
        districts.map((key) => ({ key })),
      ),
    );
    expect(parts.map((part) => [part.key, part.amount.toFixed(2)])).toEqual([
      ['16062', '3333.34'],
      ['16064', '3333.33'],
      ['16065', '3333.33'],
    ]);
  });

  it('breaks ties by key, not by the order given, and returns the parts in the order given', () => {
    const parts = splitByLargestRemainder(new Dec('10000.00'), [
      { key: '16065', weight: new Dec(1) },
      { key: '16062', weight: new Dec(1) },
      { key: '16064', weight: new Dec(1) },
    ]);
    expect(parts.map((part) => [part.key, part.amount.toFixed(2)])).toEqual([
      ['16065', '3333.33'],
      ['16062', '3333.34'],
      ['16064', '3333.33'],
    ]);
  });

  it('hands two missing cents to the two lowest keys of four equal remainders', () => {
    // 0.10 / 4 = 2.5 cents each: 2 cents each, 2 cents left.
    expect(split('0.10', { '16063': '1', '16065': '1', '16062': '1', '16064': '1' })).toEqual({
      '16062': '0.03',
      '16063': '0.03',
      '16064': '0.02',
      '16065': '0.02',
    });
  });

  it('sees equal remainders as equal even when the shares differ in size', () => {
    // 0.15 by 101 : 3 : 1 (sum 105), in cents: 1515/105 = 14 + 45/105, 45/105 = 0 + 45/105, 15/105 = 0 + 15/105.
    // 14 whole cents leave 1; the first two tie at 45/105 = 0.428571…, and the lower key takes the cent.
    // Cut after 40 digits, 14.428571… keeps fewer decimals than 0.428571… and would look larger.
    expect(split('0.15', { '16065': '101', '16062': '3', '16064': '1' })).toEqual({ '16065': '0.14', '16062': '0.01', '16064': '0.00' });
  });

  it('hands a missing cent to the largest remainder before any key order', () => {
    // 100.00 by 200 : 2 : 1 (sum 203), in cents: 2000000/203 = 9852 + 44/203, 20000/203 = 98 + 106/203,
    // 10000/203 = 49 + 53/203; 9999 whole cents leave 1 for the remainder 106/203.
    expect(split('100.00', { a: '200', b: '2', c: '1' })).toEqual({ a: '98.52', b: '0.99', c: '0.49' });
  });

  it('splits 100.00 by fixed shares of 0.5, 0.3 and 0.2 without a remainder', () => {
    expect(split('100.00', { '16062': '0.5', '16064': '0.3', '16065': '0.2' })).toEqual({
      '16062': '50.00',
      '16064': '30.00',
      '16065': '20.00',
    });
  });

  it('splits 1000.00 by the populations 83822, 102232 and 74212', () => {
    // Sum 260266. In cents: 100000 × 83822 / 260266 = 32206.281…, 100000 × 102232 / 260266 = 39279.814…,
    // 100000 × 74212 / 260266 = 28513.905…; whole cents 32206 + 39279 + 28513 = 99998, so 2 cents are
    // missing; they go to the largest remainders .905 (16065) and .814 (16064):
    // 322.06 + 392.80 + 285.14 = 1000.00.
    const weights = allocationWeights('POPULATION', [
      { key: '16062', population: 83822 },
      { key: '16064', population: 102232 },
      { key: '16065', population: 74212 },
    ]);
    const parts = splitByLargestRemainder(new Dec('1000.00'), weights);
    expect(parts.map((part) => part.amount.toFixed(2))).toEqual(['322.06', '392.80', '285.14']);
    expect(sum(parts.map((part) => part.amount)).toFixed(2)).toBe('1000.00');
  });

  it('gives a single cent among three to the lowest key', () => {
    expect(split('0.01', { '16064': '1', '16062': '1', '16065': '1' })).toEqual({ '16064': '0.00', '16062': '0.01', '16065': '0.00' });
  });

  it('gives everything to a single part and nothing of nothing', () => {
    expect(split('145012.03', { '16065': '3' })).toEqual({ '16065': '145012.03' });
    expect(split('0', { '16062': '1', '16064': '2' })).toEqual({ '16062': '0.00', '16064': '0.00' });
  });

  it('always adds up to the total, each part within a cent of its exact share, whatever the input order', () => {
    const random = seededRandom(20200602);
    const integer = (below: number) => Math.floor(random() * below);
    for (let run = 0; run < 400; run += 1) {
      const total = new Dec(integer(1_000_000_000)).div(100);
      const count = 1 + integer(8);
      const parts = Array.from({ length: count }, (_, index) => ({
        key: String(16000 + integer(100)) + `-${index}`,
        // Whole populations and four-decimal shares alike.
        weight: run % 2 === 0 ? new Dec(1 + integer(500_000)) : new Dec(1 + integer(10_000)).div(10_000),
      }));
      const result = splitByLargestRemainder(total, parts);
      expect(sum(result.map((part) => part.amount)).eq(total)).toBe(true);

      const weightTotal = sum(parts.map((part) => part.weight));
      result.forEach((part, index) => {
        const weight = parts[index]?.weight ?? new Dec(0);
        const exact = total.times(weight).div(weightTotal);
        expect(part.key).toBe(parts[index]?.key);
        expect(part.amount.decimalPlaces()).toBeLessThanOrEqual(2);
        expect(part.amount.minus(exact).abs().lt('0.01')).toBe(true);
      });

      const reversed = splitByLargestRemainder(total, [...parts].reverse());
      expect(Object.fromEntries(reversed.map((part) => [part.key, part.amount.toFixed(2)]))).toEqual(
        Object.fromEntries(result.map((part) => [part.key, part.amount.toFixed(2)])),
      );
    }
  });

  it('refuses no parts, a weight of 0 or below, and a total below 0 or with more than two decimals', () => {
    const one = [{ key: '16062', weight: new Dec(1) }];
    expect(() => splitByLargestRemainder(new Dec('10'), [])).toThrow(DomainInputError);
    const zeroWeight = captureError(() => splitByLargestRemainder(new Dec('10'), [...one, { key: '16064', weight: new Dec(0) }]));
    expect(zeroWeight).toMatchObject({
      reason: 'VALUE_OUT_OF_RANGE',
      message: 'Das Gewicht des Teils 16064 muss größer als 0 sein, nicht 0.',
    });
    expect(() => splitByLargestRemainder(new Dec('10'), [{ key: '16062', weight: new Dec(-1) }])).toThrow(DomainInputError);
    expect(() => splitByLargestRemainder(new Dec('-0.01'), one)).toThrow(DomainInputError);
    const thirdDecimal = captureError(() => splitByLargestRemainder(new Dec('10.001'), one));
    expect(thirdDecimal).toMatchObject({
      reason: 'INVALID_MONEY',
      message: 'Aufgeteilt werden kann nur ein Betrag ab 0,00 € in ganzen Cent, nicht 10,001.',
    });
    expect(thirdDecimal.details).toEqual({ total: '10.001' });
    expect(captureError(() => splitByLargestRemainder(new Dec('-0.01'), one))).toMatchObject({ reason: 'NEGATIVE_AMOUNT' });
    expect(captureError(() => splitByLargestRemainder(new Dec('10'), []))).toMatchObject({
      reason: 'REQUIRED',
      message: 'Ein Betrag kann nur aufgeteilt werden, wenn mindestens ein Mitglied einen Teil davon trägt.',
    });
  });
});

describe('allocationWeights', () => {
  it('weighs every member 1 for equal parts', () => {
    expect(
      allocationWeights('EQUAL', [{ key: '16062' }, { key: '16064', population: 5 }]).map((w) => [w.key, w.weight.toString()]),
    ).toEqual([
      ['16062', '1'],
      ['16064', '1'],
    ]);
  });

  it('takes fixed shares that add up to exactly 1', () => {
    const weights = allocationWeights('FIXED_SHARES', [
      { key: '16062', fixedShare: new Dec('0.25') },
      { key: '16064', fixedShare: new Dec('0.25') },
      { key: '16065', fixedShare: new Dec('0.5') },
    ]);
    expect(weights.map((w) => w.weight.toString())).toEqual(['0.25', '0.25', '0.5']);
  });

  it('refuses fixed shares that do not add up to 1, naming the sum', () => {
    const error = captureError(() =>
      allocationWeights('FIXED_SHARES', [
        { key: '16062', fixedShare: new Dec('0.3333') },
        { key: '16064', fixedShare: new Dec('0.3333') },
        { key: '16065', fixedShare: new Dec('0.3333') },
      ]),
    );
    expect(error).toMatchObject({
      reason: 'SHARES_NOT_ONE',
      message: 'Die festen Anteile ergeben zusammen 99,99 %; sie müssen zusammen genau 100 % ergeben.',
    });
    expect(error.field).toBe('fixedShare');
    expect(error.details).toEqual({ sum: '0.9999' });
  });

  it('refuses a missing or non-positive fixed share, naming the member', () => {
    const missing = captureError(() => allocationWeights('FIXED_SHARES', [{ key: '16062', fixedShare: new Dec('1') }, { key: '16064' }]));
    expect(missing).toMatchObject({
      reason: 'REQUIRED',
      message: 'Der feste Anteil des Mitglieds 16064 fehlt; bitte für jedes Mitglied einen Anteil angeben.',
    });
    const zero = captureError(() =>
      allocationWeights('FIXED_SHARES', [
        { key: '16062', fixedShare: new Dec('1') },
        { key: '16064', fixedShare: new Dec('0') },
      ]),
    );
    expect(zero).toMatchObject({
      reason: 'VALUE_OUT_OF_RANGE',
      message: 'Der feste Anteil des Mitglieds 16064 muss größer als 0 % sein, nicht 0 %.',
    });
    expect(zero.details).toEqual({ member: '16064', fixedShare: '0' });
  });

  it('takes populations as weights', () => {
    const weights = allocationWeights('POPULATION', [
      { key: '16062', population: 83822 },
      { key: '16065', population: 74212 },
    ]);
    expect(weights.map((w) => [w.key, w.weight.toString()])).toEqual([
      ['16062', '83822'],
      ['16065', '74212'],
    ]);
  });

  it('refuses a population that is missing, 0, negative or not whole, naming the member', () => {
    for (const population of [null, 0, -5, 1.5]) {
      const error = captureError(() =>
        allocationWeights('POPULATION', [
          { key: '16062', population: 83822 },
          { key: '16064', population },
        ]),
      );
      expect(error.field).toBe('population');
      expect(error.reason).toBe(population === null ? 'REQUIRED' : 'VALUE_OUT_OF_RANGE');
      expect(error.details?.['member']).toBe('16064');
    }
    expect(captureError(() => allocationWeights('POPULATION', [{ key: '16063' }])).message).toBe(
      'Die Einwohnerzahl des Mitglieds 16063 fehlt; bitte sie beim Zuwendungsempfänger erfassen.',
    );
    expect(captureError(() => allocationWeights('POPULATION', [{ key: '16063', population: -5 }])).message).toBe(
      'Die Einwohnerzahl des Mitglieds 16063 muss eine ganze Zahl größer als 0 sein, nicht -5.',
    );
  });
});

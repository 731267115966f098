// Unit tests of amounts of money: strict parsing, two-decimal output, German display and rounding to cents.
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { DomainInputError } from '../../src/domain/errors.js';
import {
  MONEY_PATTERN,
  ROUNDING_MODES,
  formatEuro,
  formatMoney,
  parseMoney,
  roundMoney,
  type RoundingMode,
} from '../../src/domain/money.js';

function rounded(value: string, mode: RoundingMode): string {
  return formatMoney(roundMoney(new Dec(value), mode));
}

describe('parseMoney', () => {
  it.each([
    ['145012.03', '145012.03'],
    ['0', '0'],
    ['0.5', '0.5'],
    ['-5.10', '-5.1'],
    ['999999999999999.99', '999999999999999.99'],
  ])('accepts %s', (text, expected) => {
    expect(parseMoney(text).toString()).toBe(expected);
  });

  it.each(['-0', '-0.0', '-0.00'])('refuses the negative zero %s, which has no meaning as an amount', (text) => {
    expect(() => parseMoney(text, 'amount')).toThrow(`"${text}" ist kein eindeutiger Geldbetrag: 0,00 € hat kein Vorzeichen.`);
    try {
      parseMoney(text, 'amount');
    } catch (error) {
      expect(error).toMatchObject({ reason: 'NEGATIVE_ZERO', field: 'amount' });
    }
  });

  it.each([
    '1e3',
    '1.234',
    '1,5',
    ' 1',
    '1 ',
    '',
    '12.',
    '.5',
    '+5',
    '0x10',
    'NaN',
    'Infinity',
    '-Infinity',
    '1.005',
    '01',
    '-',
    '1.000,00',
    '1,000.00',
    '145012.03 €',
  ])('rejects %j', (text) => {
    expect(() => parseMoney(text)).toThrow(DomainInputError);
    expect(MONEY_PATTERN.test(text)).toBe(false);
  });

  it('explains the accepted form', () => {
    expect(() => parseMoney('12.345')).toThrow(
      '"12.345" ist kein gültiger Geldbetrag: bitte als Dezimalzahl mit Punkt und höchstens zwei Nachkommastellen angeben, z. B. "145012.03".',
    );
  });

  it('rejects a 16-digit integer part and says why', () => {
    expect(() => parseMoney('1000000000000000')).toThrow(
      '"1000000000000000" ist kein gültiger Geldbetrag: höchstens 15 Stellen vor dem Dezimalpunkt sind erlaubt.',
    );
    expect(() => parseMoney('-1000000000000000.00')).toThrow(DomainInputError);
  });

  it('names the field it was given', () => {
    const error = captureError(() => parseMoney('1.234', 'budgetLines.1.planned'));
    expect(error).toBeInstanceOf(DomainInputError);
    expect(error.field).toBe('budgetLines.1.planned');
  });
});

describe('formatMoney', () => {
  it.each([
    ['145012.03', '145012.03'],
    ['-5.1', '-5.10'],
    ['0', '0.00'],
    ['7', '7.00'],
    ['999999999999999.99', '999999999999999.99'],
  ])('formats %s as %s', (value, expected) => {
    expect(formatMoney(new Dec(value))).toBe(expected);
  });

  it('refuses an amount that was not rounded to cents', () => {
    expect(() => formatMoney(new Dec('145012.032'))).toThrow(RangeError);
  });

  it('refuses values that are not amounts', () => {
    expect(() => formatMoney(new Dec(NaN))).toThrow(RangeError);
    expect(() => formatMoney(new Dec(Infinity))).toThrow(RangeError);
  });
});

describe('formatEuro', () => {
  it.each([
    ['1234567.8', '1.234.567,80 €'],
    ['145012.03', '145.012,03 €'],
    ['20000000', '20.000.000,00 €'],
    ['1000', '1.000,00 €'],
    ['999.99', '999,99 €'],
    ['0', '0,00 €'],
    ['-5.1', '-5,10 €'],
    ['-1234.5', '-1.234,50 €'],
  ])('shows %s as %s', (value, expected) => {
    expect(formatEuro(new Dec(value))).toBe(expected);
  });
});

describe('roundMoney', () => {
  it('lists every rounding mode', () => {
    expect(ROUNDING_MODES).toEqual(['HALF_UP', 'HALF_EVEN', 'DOWN', 'UP']);
  });

  it('rounds the Kyffhäuserkreis grant 181265.04 × 0.80 = 145012.032 to 145012.03', () => {
    const exact = new Dec('181265.04').times('0.80');
    expect(exact.toString()).toBe('145012.032');
    expect(formatMoney(roundMoney(exact, 'HALF_UP'))).toBe('145012.03');
    expect(formatMoney(roundMoney(exact, 'HALF_EVEN'))).toBe('145012.03');
    expect(formatMoney(roundMoney(exact, 'DOWN'))).toBe('145012.03');
    expect(formatMoney(roundMoney(exact, 'UP'))).toBe('145012.04');
  });

  it('rounds a half cent up commercially but to the even cent for bankers', () => {
    expect(rounded('0.125', 'HALF_UP')).toBe('0.13');
    expect(rounded('0.125', 'HALF_EVEN')).toBe('0.12');
    expect(rounded('0.135', 'HALF_UP')).toBe('0.14');
    expect(rounded('0.135', 'HALF_EVEN')).toBe('0.14');
  });

  it('rounds 2.675 to 2.68, which binary floats get wrong', () => {
    expect((2.675).toFixed(2)).toBe('2.67');
    expect(rounded('2.675', 'HALF_UP')).toBe('2.68');
  });

  it('rounds negative amounts symmetrically to positive ones', () => {
    expect(rounded('-0.125', 'HALF_UP')).toBe('-0.13');
    expect(rounded('-0.125', 'HALF_EVEN')).toBe('-0.12');
    expect(rounded('-0.129', 'DOWN')).toBe('-0.12');
    expect(rounded('-0.121', 'UP')).toBe('-0.13');
  });

  it('cuts off towards zero with DOWN and rounds away from zero with UP', () => {
    expect(rounded('10.019', 'DOWN')).toBe('10.01');
    expect(rounded('10.011', 'UP')).toBe('10.02');
    expect(rounded('10.01', 'UP')).toBe('10.01');
  });

  it('never returns a negative zero', () => {
    const zero = roundMoney(new Dec('-0.001'), 'HALF_UP');
    expect(zero.isNeg()).toBe(false);
    expect(formatMoney(zero)).toBe('0.00');
  });
});

function captureError(action: () => unknown): DomainInputError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainInputError) return error;
    throw error;
  }
  throw new Error('expected a DomainInputError');
}

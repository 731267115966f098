// Unit tests of rates: parsing within [0, 1], four-decimal output and German percent display.
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { DomainInputError } from '../../src/domain/errors.js';
import { RATE_PATTERN, formatPercent, formatRate, parseRate } from '../../src/domain/rate.js';

describe('parseRate', () => {
  it.each([
    ['0', '0'],
    ['1', '1'],
    ['0.8', '0.8'],
    ['0.8000', '0.8'],
    ['1.0000', '1'],
    ['0.0001', '0.0001'],
    ['0.9999', '0.9999'],
  ])('accepts %s', (text, expected) => {
    expect(parseRate(text).toString()).toBe(expected);
  });

  it.each(['1.0001', '-0.1', '0.80001', '80', '', '.8', '1.', '0,8', '80 %', '8e-1', ' 0.8', '2', '1.5', '00.8'])('rejects %j', (text) => {
    expect(() => parseRate(text)).toThrow(DomainInputError);
    expect(RATE_PATTERN.test(text)).toBe(false);
  });

  it('explains the accepted form and names the field', () => {
    expect(() => parseRate('80')).toThrow(
      '"80" ist kein gültiger Satz: bitte als Dezimalzahl von 0 bis 1 mit höchstens vier Nachkommastellen angeben, z. B. "0.8" für 80 %.',
    );
    try {
      parseRate('1.0001', 'rate');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainInputError);
      expect((error as DomainInputError).field).toBe('rate');
    }
  });
});

describe('formatRate', () => {
  it.each([
    ['0.8', '0.8000'],
    ['1', '1.0000'],
    ['0', '0.0000'],
    ['0.1234', '0.1234'],
  ])('formats %s as %s', (value, expected) => {
    expect(formatRate(new Dec(value))).toBe(expected);
  });

  it('refuses more than four decimals', () => {
    expect(() => formatRate(new Dec('0.12345'))).toThrow(RangeError);
  });
});

describe('formatPercent', () => {
  it.each([
    ['0.8', '80 %'],
    ['0.805', '80,5 %'],
    ['0.815', '81,5 %'],
    ['0.8275', '82,75 %'],
    ['0.82755', '82,76 %'],
    ['1', '100 %'],
    ['0', '0 %'],
    ['0.0001', '0,01 %'],
    ['-0.00001', '0 %'],
  ])('shows %s as %s', (value, expected) => {
    expect(formatPercent(new Dec(value))).toBe(expected);
  });
});

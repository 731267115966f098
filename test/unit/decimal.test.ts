// Unit tests of the domain's decimal type: exact sums and plain-notation output.
import { describe, expect, it } from 'vitest';
import { Dec, ZERO, sum } from '../../src/domain/decimal.js';

describe('Dec', () => {
  it('adds exactly where binary floats do not', () => {
    expect(new Dec('0.1').plus('0.2').toString()).toBe('0.3');
  });

  it('keeps 15-digit amounts times four-decimal rates exact', () => {
    expect(new Dec('999999999999999.99').times('0.9999').toString()).toBe('999899999999999.990001');
  });

  it('prints small and large values without exponent', () => {
    expect(new Dec('0.000000001').toString()).toBe('0.000000001');
    expect(new Dec('123456789012345678901234567890').toString()).toBe('123456789012345678901234567890');
  });
});

describe('sum', () => {
  it('is zero for no values', () => {
    expect(sum([]).eq(ZERO)).toBe(true);
    expect(sum([]).toString()).toBe('0');
  });

  it('adds receipts to the cent', () => {
    const receipts = ['1999.99', '0.01', '-500.50', '145012.03'].map((v) => new Dec(v));
    expect(sum(receipts).toFixed(2)).toBe('146511.53');
  });

  it('accepts any iterable', () => {
    function* tenCents(): Generator<Dec> {
      for (let i = 0; i < 10; i += 1) yield new Dec('0.1');
    }
    expect(sum(tenCents()).toString()).toBe('1');
  });
});

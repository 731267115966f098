// Exact decimal arithmetic for every amount, rate and share in the domain: money is never a binary float.
// The named export: under NodeNext the CommonJS typings make the default import the module object.
import { Decimal } from 'decimal.js';

/**
 * The decimal type of the domain. 40 significant digits cover 15-digit euro amounts times
 * four-decimal rates without loss; the exponent limits keep `toString()` in plain notation,
 * so figures never show up as "1.45e+5" in messages or reports.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

export const ZERO: Dec = new Dec(0);

/** Exact sum (Summe) of decimals; the empty sum is zero. */
export function sum(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}

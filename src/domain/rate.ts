// Rates (Fördersatz, Förderquote): parsing and display of shares between 0 and 1.
import { Dec, ZERO } from './decimal.js';
import { DomainInputError, quoteInput } from './errors.js';

/**
 * Accepted text of a rate (Fördersatz) as a fraction of 1: "0.8" means 80 %. At most four
 * decimals, only values from 0 to 1 inclusive, e.g. "0", "0.8", "0.8000", "1", "1.0000".
 */
export const RATE_PATTERN = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/;

/** Parses a rate (Fördersatz) such as "0.8" or "0.8000". */
export function parseRate(text: string, field?: string): Dec {
  if (!RATE_PATTERN.test(text)) {
    throw new DomainInputError(
      `${quoteInput(text)} ist kein gültiger Satz: bitte als Dezimalzahl von 0 bis 1 mit höchstens vier Nachkommastellen angeben, z. B. "0.8" für 80 %.`,
      { reason: 'INVALID_RATE', field },
    );
  }
  return new Dec(text);
}

/** The rate with four decimals, e.g. "0.8000". */
export function formatRate(value: Dec): string {
  if (!value.isFinite()) throw new RangeError(`${value.toString()} is not a rate`);
  if (value.decimalPlaces() > 4) {
    throw new RangeError(`${value.toString()} has more than four decimals: round it before formatting it as a rate`);
  }
  return value.toFixed(4);
}

/**
 * German percent display of a rate for messages: "80 %", "80,5 %", "82,75 %" — a decimal
 * comma, up to two decimals (rounded half up), no trailing zeros.
 */
export function formatPercent(value: Dec): string {
  const percent = value.times(100).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
  // toString() drops trailing zeros; -0 from rounding a tiny negative value must not print a sign.
  return `${(percent.isZero() ? ZERO : percent).toString().replace('.', ',')} %`;
}

// Money (Betrag): parsing, formatting and rounding of euro amounts held as exact decimals.
import { Dec, ZERO } from './decimal.js';
import { DomainInputError, quoteInput } from './errors.js';

/**
 * Accepted text of an amount (Betrag) in euros: at most two decimals (Cent), a point as the
 * decimal separator, no exponent, no leading "+", no thousands separators, at most 15 digits
 * before the point. A minus sign is allowed, since a balance (Saldo) may be negative.
 */
export const MONEY_PATTERN = /^-?(0|[1-9]\d{0,14})(\.\d{1,2})?$/;

/** Same shape as MONEY_PATTERN without the length limit, to tell the user which part is wrong. */
const UNBOUNDED_MONEY = /^-?(0|[1-9]\d*)(\.\d{1,2})?$/;

/**
 * Parses an amount (Betrag) such as "145012.03". Negative amounts are accepted here; whoever
 * needs an amount ≥ 0 checks that, because only they can say why.
 */
export function parseMoney(text: string, field?: string): Dec {
  if (!MONEY_PATTERN.test(text)) {
    const why = UNBOUNDED_MONEY.test(text)
      ? 'höchstens 15 Stellen vor dem Dezimalpunkt sind erlaubt'
      : 'bitte als Dezimalzahl mit Punkt und höchstens zwei Nachkommastellen angeben, z. B. "145012.03"';
    throw new DomainInputError(`${quoteInput(text)} ist kein gültiger Geldbetrag: ${why}.`, { reason: 'INVALID_MONEY', field });
  }
  const value = new Dec(text);
  // "-0.00" is either a typing slip or a sign meant for a non-zero amount; neither may pass silently.
  if (value.isZero() && text.startsWith('-')) {
    throw new DomainInputError(`${quoteInput(text)} ist kein eindeutiger Geldbetrag: 0,00 € hat kein Vorzeichen.`, {
      reason: 'NEGATIVE_ZERO',
      field,
    });
  }
  return value;
}

/** The amount as a string with exactly two decimals, e.g. "145012.03", "-5.10", "0.00". */
export function formatMoney(value: Dec): string {
  if (!value.isFinite()) throw new RangeError(`${value.toString()} is not an amount of money`);
  // An unrounded amount here means a rounding step was skipped; printing it would hide that.
  if (value.decimalPlaces() > 2) {
    throw new RangeError(`${value.toString()} has more than two decimals: round it to cents before formatting`);
  }
  return normaliseZero(value).toFixed(2);
}

/**
 * German display of an amount for messages, e.g. "145.012,03 €" or "-5,10 €".
 * Built from the decimal string, so no float conversion or locale data can alter a figure.
 */
export function formatEuro(value: Dec): string {
  const plain = formatMoney(value);
  const negative = plain.startsWith('-');
  const [integerPart = '', cents = ''] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = integerPart.replace(/\B(?=(\d{3})+$)/g, '.');
  return `${negative ? '-' : ''}${grouped},${cents} €`;
}

/**
 * Rounding mode (Rundungsverfahren) of a programme for final amounts:
 * - `HALF_UP`: kaufmännische Rundung, a half cent is rounded away from zero (the default);
 * - `HALF_EVEN`: Bankers' rounding, a half cent is rounded to the even cent;
 * - `DOWN`: cut off towards zero (abrunden);
 * - `UP`: away from zero (aufrunden).
 */
export type RoundingMode = 'HALF_UP' | 'HALF_EVEN' | 'DOWN' | 'UP';

export const ROUNDING_MODES: readonly RoundingMode[] = ['HALF_UP', 'HALF_EVEN', 'DOWN', 'UP'];

const DECIMAL_ROUNDING = {
  HALF_UP: Dec.ROUND_HALF_UP,
  HALF_EVEN: Dec.ROUND_HALF_EVEN,
  DOWN: Dec.ROUND_DOWN,
  UP: Dec.ROUND_UP,
} as const satisfies Record<RoundingMode, number>;

/**
 * Rounds a final amount to cents with the programme's rounding mode.
 * Example: 181265.04 × 0.80 = 145012.032 → 145012.03.
 */
export function roundMoney(value: Dec, mode: RoundingMode): Dec {
  return normaliseZero(value.toDecimalPlaces(2, DECIMAL_ROUNDING[mode]));
}

// Rounding or parsing can yield -0, which would otherwise count as negative in isNeg().
function normaliseZero(value: Dec): Dec {
  return value.isZero() ? ZERO : value;
}

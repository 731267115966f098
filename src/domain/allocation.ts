// Rule 8, joint purchases (gemeinsame Beschaffung): allocation keys and the split of an amount into whole cents.
import { Dec, ZERO, sum } from './decimal.js';
import { DomainInputError } from './errors.js';
import { formatPercent } from './rate.js';

/**
 * Splits an amount in proportion to the weights by the largest remainder method
 * (Hare-Niemeyer): every exact share is cut down to whole cents, and the cents still missing
 * go one each to the parts with the largest cut-off remainders, equal remainders in the order
 * of their stable key (e.g. the AGS) ascending. The parts are whole cents and add up to the
 * total exactly; they come back in the order of the input.
 *
 * The total must be at least 0 with at most two decimals, every weight above 0, and there must
 * be at least one part.
 */
export function splitByLargestRemainder(total: Dec, parts: readonly { key: string; weight: Dec }[]): { key: string; amount: Dec }[] {
  if (parts.length === 0) {
    throw new DomainInputError('Ein Betrag kann nur aufgeteilt werden, wenn mindestens ein Mitglied einen Teil davon trägt.', {
      reason: 'REQUIRED',
    });
  }
  if (!total.isFinite() || total.lt(ZERO) || total.decimalPlaces() > 2) {
    const negative = total.isFinite() && total.lt(ZERO);
    throw new DomainInputError(`Aufgeteilt werden kann nur ein Betrag ab 0,00 € in ganzen Cent, nicht ${german(total)}.`, {
      reason: negative ? 'NEGATIVE_AMOUNT' : 'INVALID_MONEY',
      details: { total: total.toString() },
    });
  }
  for (const part of parts) {
    if (!part.weight.isFinite() || !part.weight.gt(ZERO)) {
      throw new DomainInputError(`Das Gewicht des Teils ${part.key} muss größer als 0 sein, nicht ${german(part.weight)}.`, {
        reason: 'VALUE_OUT_OF_RANGE',
        details: { key: part.key, weight: part.weight.toString() },
      });
    }
  }

  // Whole cents and remainders are kept as numerators over the sum of the weights, so that
  // remainders compare exactly: quotients cut after 40 digits could tell equal remainders apart.
  const cents = total.times(100);
  const weightTotal = sum(parts.map((part) => part.weight));
  const shares = parts.map((part, index) => {
    const numerator = cents.times(part.weight);
    const whole = numerator.dividedToIntegerBy(weightTotal);
    return { index, key: part.key, whole, remainder: numerator.minus(whole.times(weightTotal)) };
  });
  const missingCents = cents.minus(sum(shares.map((share) => share.whole))).toNumber();
  const byRemainder = [...shares].sort((a, b) => b.remainder.cmp(a.remainder) || compareKeys(a.key, b.key) || a.index - b.index);
  const extraCent = new Set(byRemainder.slice(0, missingCents).map((share) => share.index));

  return shares.map((share) => ({
    key: share.key,
    amount: share.whole.plus(extraCent.has(share.index) ? 1 : 0).div(100),
  }));
}

/**
 * Verteilungsschlüssel of a joint purchase:
 * - `EQUAL`: zu gleichen Teilen, every member the same;
 * - `FIXED_SHARES`: feste Anteile agreed in the Zweckvereinbarung, adding up to 1;
 * - `POPULATION`: nach Einwohnerzahl.
 */
export const ALLOCATION_KEYS = ['EQUAL', 'FIXED_SHARES', 'POPULATION'] as const;
export type AllocationKey = (typeof ALLOCATION_KEYS)[number];

/** The weights for `splitByLargestRemainder` by allocation key, one per member in the given order. */
export function allocationWeights(
  key: AllocationKey,
  members: readonly { key: string; fixedShare?: Dec | null; population?: number | null }[],
): { key: string; weight: Dec }[] {
  switch (key) {
    case 'EQUAL':
      return members.map((member) => ({ key: member.key, weight: new Dec(1) }));
    case 'FIXED_SHARES': {
      const weights = members.map((member) => {
        const share = member.fixedShare;
        if (share == null || !share.gt(ZERO)) {
          throw new DomainInputError(
            share == null
              ? `Der feste Anteil des Mitglieds ${member.key} fehlt; bitte für jedes Mitglied einen Anteil angeben.`
              : `Der feste Anteil des Mitglieds ${member.key} muss größer als 0 % sein, nicht ${formatPercent(share)}.`,
            {
              reason: share == null ? 'REQUIRED' : 'VALUE_OUT_OF_RANGE',
              field: 'fixedShare',
              details: { member: member.key, ...(share == null ? {} : { fixedShare: share.toString() }) },
            },
          );
        }
        return { key: member.key, weight: share };
      });
      const shareTotal = sum(weights.map((weight) => weight.weight));
      if (!shareTotal.eq(1)) {
        throw new DomainInputError(
          `Die festen Anteile ergeben zusammen ${formatPercent(shareTotal)}; sie müssen zusammen genau 100 % ergeben.`,
          {
            reason: 'SHARES_NOT_ONE',
            field: 'fixedShare',
            details: { sum: shareTotal.toString() },
          },
        );
      }
      return weights;
    }
    case 'POPULATION':
      return members.map((member) => {
        const { population } = member;
        if (population == null || !Number.isSafeInteger(population) || population <= 0) {
          throw new DomainInputError(
            population == null
              ? `Die Einwohnerzahl des Mitglieds ${member.key} fehlt; bitte sie beim Zuwendungsempfänger erfassen.`
              : `Die Einwohnerzahl des Mitglieds ${member.key} muss eine ganze Zahl größer als 0 sein, nicht ${String(population).replace('.', ',')}.`,
            {
              reason: population == null ? 'REQUIRED' : 'VALUE_OUT_OF_RANGE',
              field: 'population',
              details: { member: member.key, ...(population == null ? {} : { population: String(population) }) },
            },
          );
        }
        return { key: member.key, weight: new Dec(population) };
      });
  }
}

// Code-unit order, not the locale's collation, so that every server breaks a tie the same way.
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A share with a decimal comma, exactly as given: "0,3". */
function german(value: Dec): string {
  return value.toString().replace('.', ',');
}

// Rule 1, approval (Bewilligung): the cap of the approved amount and the checks a grant notice must pass.
import { Dec, ZERO } from './decimal.js';
import { DomainInputError, type RuleViolation } from './errors.js';
import { formatEuro, formatMoney, roundMoney, type RoundingMode } from './money.js';
import { formatPercent, formatRate } from './rate.js';

/**
 * Financing type (Finanzierungsart) of a grant notice:
 * - `SHARE`: Anteilfinanzierung, a rate of the eligible costs;
 * - `DEFICIT`: Fehlbedarfsfinanzierung, what own and third-party funds leave uncovered;
 * - `FIXED_AMOUNT`: Festbetragsfinanzierung, a fixed sum;
 * - `FULL`: Vollfinanzierung, all eligible costs.
 */
export type FinancingType = 'SHARE' | 'DEFICIT' | 'FIXED_AMOUNT' | 'FULL';

export const FINANCING_TYPES: readonly FinancingType[] = ['SHARE', 'DEFICIT', 'FIXED_AMOUNT', 'FULL'];

/** The figures of a grant notice (Zuwendungsbescheid) that Rule 1 looks at. */
export interface NoticeFigures {
  financingType: FinancingType;
  /** Fördersatz; required for `SHARE`. */
  rate: Dec | null;
  /** Zuwendungsfähige Ausgaben. */
  eligibleCosts: Dec;
  /** Eigenmittel. */
  ownFunds: Dec;
  /** Drittmittel. */
  thirdPartyFunds: Dec;
  /** Festbetrag; required for `FIXED_AMOUNT`. */
  fixedAmount: Dec | null;
  /** Bewilligte Zuwendung. */
  approvedAmount: Dec;
}

const MISSING_RATE = 'Die Anteilfinanzierung braucht einen Fördersatz.';
const MISSING_FIXED_AMOUNT = 'Die Festbetragsfinanzierung braucht den Festbetrag.';

/**
 * Highest amount the notice may approve (Höchstbetrag der Zuwendung) by its financing type:
 * `SHARE`: rate × eligible costs, rounded to cents; `DEFICIT`: eligible costs − own funds −
 * third-party funds, not below 0; `FIXED_AMOUNT`: the fixed amount; `FULL`: the eligible costs.
 */
export function grantCap(f: Omit<NoticeFigures, 'approvedAmount'>, rounding: RoundingMode): Dec {
  switch (f.financingType) {
    case 'SHARE':
      if (f.rate === null) throw new DomainInputError(MISSING_RATE, { reason: 'REQUIRED', field: 'rate' });
      return roundMoney(f.rate.times(f.eligibleCosts), rounding);
    case 'DEFICIT':
      return Dec.max(ZERO, f.eligibleCosts.minus(f.ownFunds).minus(f.thirdPartyFunds));
    case 'FIXED_AMOUNT':
      if (f.fixedAmount === null) throw new DomainInputError(MISSING_FIXED_AMOUNT, { reason: 'REQUIRED', field: 'fixedAmount' });
      return f.fixedAmount;
    case 'FULL':
      return f.eligibleCosts;
  }
}

/**
 * Checks a notice's figures against Rule 1 and returns every violation (none: the figures are
 * fine): approved amount above the cap, effective rate above the programme's maximum rate
 * (Höchstfördersatz), a share rate above that maximum, own and third-party funds above the
 * eligible costs. Negative amounts are reported alone, as the other checks mean nothing then.
 */
export function checkNoticeFigures(f: NoticeFigures, program: { maxRate: Dec; roundingMode: RoundingMode }): RuleViolation[] {
  const negative = negativeAmounts(f);
  if (negative.length > 0) return negative;

  const violations: RuleViolation[] = [];
  const missing = missingFigure(f);
  if (missing !== null) {
    violations.push(missing);
  } else {
    const cap = grantCap(f, program.roundingMode);
    if (f.approvedAmount.gt(cap)) {
      violations.push({
        reason: 'APPROVED_ABOVE_CAP',
        field: 'approvedAmount',
        message:
          `Der bewilligte Betrag von ${formatEuro(f.approvedAmount)} übersteigt die Obergrenze von ${formatEuro(cap)} ` +
          `bei ${capExplanation(f)}.`,
        figures: { approvedAmount: formatMoney(f.approvedAmount), cap: formatMoney(cap), ...capFigures(f) },
      });
    }
  }

  const rateViolation = effectiveRateViolation(f, program);
  if (rateViolation !== null) violations.push(rateViolation);

  if (f.financingType === 'SHARE' && f.rate !== null && f.rate.gt(program.maxRate)) {
    violations.push({
      reason: 'RATE_ABOVE_PROGRAMME_MAXIMUM',
      field: 'rate',
      message: `Der Fördersatz von ${formatPercent(f.rate)} übersteigt den Höchstfördersatz des Programms von ${formatPercent(program.maxRate)}.`,
      figures: { rate: formatRate(f.rate), maxRate: formatRate(program.maxRate) },
    });
  }

  const coFunding = f.ownFunds.plus(f.thirdPartyFunds);
  if (coFunding.gt(f.eligibleCosts)) {
    violations.push({
      reason: 'CO_FUNDING_ABOVE_COSTS',
      field: 'ownFunds',
      message:
        `Eigenmittel von ${formatEuro(f.ownFunds)} und Drittmittel von ${formatEuro(f.thirdPartyFunds)} ` +
        `(zusammen ${formatEuro(coFunding)}) übersteigen die zuwendungsfähigen Ausgaben von ${formatEuro(f.eligibleCosts)}.`,
      figures: {
        ownFunds: formatMoney(f.ownFunds),
        thirdPartyFunds: formatMoney(f.thirdPartyFunds),
        eligibleCosts: formatMoney(f.eligibleCosts),
      },
    });
  }
  return violations;
}

/** The funding side of a notice's financing plan. */
export interface Financing {
  ownFunds: Dec;
  thirdPartyFunds: Dec;
  /** Whether the own funds were not given and are what the others leave of the expenditure. */
  ownFundsIsRemainder: boolean;
}

/**
 * The financing plan must balance: Gesamtausgaben (the eligible costs) = Eigenmittel + Drittmittel +
 * Zuwendung. Own funds that are not given (null) are the remainder; given figures that leave a gap or
 * an excess are a violation with the figures, and so is a remainder below zero.
 */
export function balanceFinancing(f: { eligibleCosts: Dec; ownFunds: Dec | null; thirdPartyFunds: Dec; approvedAmount: Dec }): {
  financing: Financing;
  violation: RuleViolation | null;
} {
  const remainder = f.eligibleCosts.minus(f.thirdPartyFunds).minus(f.approvedAmount);
  const given = f.ownFunds !== null;
  const ownFunds = f.ownFunds ?? Dec.max(remainder, ZERO);
  const financing = { ownFunds, thirdPartyFunds: f.thirdPartyFunds, ownFundsIsRemainder: !given };
  const financed = ownFunds.plus(f.thirdPartyFunds).plus(f.approvedAmount);
  const difference = f.eligibleCosts.minus(financed);
  if (difference.isZero()) return { financing, violation: null };
  const parts = given
    ? `Eigenmittel ${formatEuro(ownFunds)}, Drittmittel ${formatEuro(f.thirdPartyFunds)} und Zuwendung ${formatEuro(f.approvedAmount)}`
    : `Drittmittel ${formatEuro(f.thirdPartyFunds)} und Zuwendung ${formatEuro(f.approvedAmount)}`;
  const outcome = difference.isPositive()
    ? `decken die zuwendungsfähigen Ausgaben von ${formatEuro(f.eligibleCosts)} nicht; ${formatEuro(difference)} sind von niemandem finanziert`
    : `übersteigen die zuwendungsfähigen Ausgaben von ${formatEuro(f.eligibleCosts)} um ${formatEuro(difference.negated())}`;
  return {
    financing,
    violation: {
      reason: 'PLAN_NOT_BALANCED',
      field: given ? 'ownFunds' : 'approvedAmount',
      message: `Der Finanzierungsplan ist nicht ausgeglichen: ${parts} (zusammen ${formatEuro(financed)}) ${outcome}.`,
      figures: {
        eligibleCosts: formatMoney(f.eligibleCosts),
        ownFunds: formatMoney(ownFunds),
        thirdPartyFunds: formatMoney(f.thirdPartyFunds),
        approvedAmount: formatMoney(f.approvedAmount),
        financedTotal: formatMoney(financed),
        difference: formatMoney(difference),
      },
    },
  };
}

/**
 * The programme's budget for a year (Haushaltsjahr) must not be over-committed: what is already
 * committed plus the additional amount may not exceed it, and a year without a recorded budget
 * takes no commitment. A reduction (additional ≤ 0) never makes the commitment worse, so it passes.
 */
export function checkYearCommitment(input: {
  year: number;
  budget: Dec | null;
  alreadyCommitted: Dec;
  additional: Dec;
}): RuleViolation | null {
  const { year, budget, alreadyCommitted, additional } = input;
  if (!additional.gt(ZERO)) return null;
  const committedTotal = alreadyCommitted.plus(additional);
  const figures = {
    year: String(year),
    alreadyCommitted: formatMoney(alreadyCommitted),
    additional: formatMoney(additional),
    committedTotal: formatMoney(committedTotal),
  };
  if (budget === null) {
    return {
      reason: 'BUDGET_YEAR_MISSING',
      field: 'approvedAmount',
      message: `Das Programm hat für ${year} keinen Haushaltsansatz; ${formatEuro(additional)} können in diesem Jahr nicht gebunden werden.`,
      figures,
    };
  }
  if (committedTotal.lte(budget)) return null;
  return {
    reason: 'BUDGET_EXCEEDED',
    field: 'approvedAmount',
    message:
      `Der Haushaltsansatz ${year} des Programms von ${formatEuro(budget)} würde überschritten: ` +
      `bereits gebunden ${formatEuro(alreadyCommitted)}, zusätzlich ${formatEuro(additional)}, zusammen ${formatEuro(committedTotal)}.`,
    figures: { ...figures, budget: formatMoney(budget), excess: formatMoney(committedTotal.minus(budget)) },
  };
}

const AMOUNT_LABELS = {
  eligibleCosts: 'Die zuwendungsfähigen Ausgaben dürfen',
  ownFunds: 'Die Eigenmittel dürfen',
  thirdPartyFunds: 'Die Drittmittel dürfen',
  fixedAmount: 'Der Festbetrag darf',
  approvedAmount: 'Der bewilligte Betrag darf',
} as const;

function negativeAmounts(f: NoticeFigures): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const field of Object.keys(AMOUNT_LABELS) as (keyof typeof AMOUNT_LABELS)[]) {
    const value = f[field];
    if (value !== null && value.isNeg() && !value.isZero()) {
      violations.push({
        reason: 'NEGATIVE_AMOUNT',
        field,
        message: `${AMOUNT_LABELS[field]} nicht negativ sein: ${formatEuro(value)}.`,
        figures: { [field]: formatMoney(value) },
      });
    }
  }
  return violations;
}

function missingFigure(f: NoticeFigures): RuleViolation | null {
  if (f.financingType === 'SHARE' && f.rate === null) return { reason: 'REQUIRED', field: 'rate', message: MISSING_RATE, figures: {} };
  if (f.financingType === 'FIXED_AMOUNT' && f.fixedAmount === null) {
    return { reason: 'REQUIRED', field: 'fixedAmount', message: MISSING_FIXED_AMOUNT, figures: {} };
  }
  return null;
}

function capExplanation(f: NoticeFigures): string {
  switch (f.financingType) {
    case 'SHARE':
      return `Anteilfinanzierung (${f.rate === null ? '' : `${formatPercent(f.rate)} von `}${formatEuro(f.eligibleCosts)})`;
    case 'DEFICIT':
      return (
        `Fehlbedarfsfinanzierung (zuwendungsfähige Ausgaben von ${formatEuro(f.eligibleCosts)} abzüglich Eigenmittel von ` +
        `${formatEuro(f.ownFunds)} und Drittmittel von ${formatEuro(f.thirdPartyFunds)})`
      );
    case 'FIXED_AMOUNT':
      return 'Festbetragsfinanzierung (der Festbetrag des Bescheids)';
    case 'FULL':
      return 'Vollfinanzierung (die zuwendungsfähigen Ausgaben)';
  }
}

function capFigures(f: NoticeFigures): Record<string, string> {
  const eligibleCosts = formatMoney(f.eligibleCosts);
  switch (f.financingType) {
    case 'SHARE':
      return f.rate === null ? { eligibleCosts } : { rate: formatRate(f.rate), eligibleCosts };
    case 'DEFICIT':
      return { eligibleCosts, ownFunds: formatMoney(f.ownFunds), thirdPartyFunds: formatMoney(f.thirdPartyFunds) };
    case 'FIXED_AMOUNT':
      return f.fixedAmount === null ? {} : { fixedAmount: formatMoney(f.fixedAmount) };
    case 'FULL':
      return { eligibleCosts };
  }
}

/**
 * Effective rate check: the approved amount may not exceed the maximum rate of the eligible
 * costs, rounded to cents like a share cap, so that a share notice at the maximum rate passes.
 */
function effectiveRateViolation(f: NoticeFigures, program: { maxRate: Dec; roundingMode: RoundingMode }): RuleViolation | null {
  const maxAmount = roundMoney(program.maxRate.times(f.eligibleCosts), program.roundingMode);
  if (!f.approvedAmount.gt(maxAmount)) return null;
  const figures = {
    approvedAmount: formatMoney(f.approvedAmount),
    eligibleCosts: formatMoney(f.eligibleCosts),
    maxRate: formatRate(program.maxRate),
    maxAmount: formatMoney(maxAmount),
  };
  if (f.eligibleCosts.isZero()) {
    return {
      reason: 'RATE_ABOVE_PROGRAMME_MAXIMUM',
      field: 'approvedAmount',
      message:
        `Der bewilligte Betrag von ${formatEuro(f.approvedAmount)} übersteigt den Höchstfördersatz des Programms von ` +
        `${formatPercent(program.maxRate)}: Es gibt keine zuwendungsfähigen Ausgaben.`,
      figures,
    };
  }
  const exactRate = f.approvedAmount.div(f.eligibleCosts);
  const roundedRate = exactRate.toDecimalPlaces(4, Dec.ROUND_HALF_UP);
  // A tiny excess would round to the maximum rate itself and the message would contradict itself.
  const effectiveRate = roundedRate.gt(program.maxRate) ? roundedRate : exactRate.toDecimalPlaces(4, Dec.ROUND_UP);
  return {
    reason: 'RATE_ABOVE_PROGRAMME_MAXIMUM',
    field: 'approvedAmount',
    message:
      `Der bewilligte Betrag von ${formatEuro(f.approvedAmount)} entspricht ${formatPercent(effectiveRate)} der zuwendungsfähigen ` +
      `Ausgaben von ${formatEuro(f.eligibleCosts)} und liegt über dem Höchstfördersatz des Programms von ${formatPercent(program.maxRate)} ` +
      `(höchstens ${formatEuro(maxAmount)}).`,
    figures: { ...figures, effectiveRate: formatRate(effectiveRate) },
  };
}

// Rule 4, final settlement (Schlussabrechnung): the final grant by financing type and the balance against payments received.
import { Dec, ZERO } from './decimal.js';
import { DomainInputError } from './errors.js';
import type { FinancingType } from './grant-approval.js';
import { roundMoney, type RoundingMode } from './money.js';

/** The figures a final settlement (Schlussabrechnung) starts from, as known on the day it is computed. */
export interface SettlementInput {
  financingType: FinancingType;
  /** Fördersatz; required for `SHARE`. */
  rate: Dec | null;
  /** Bewilligte Zuwendung of the current notice version. */
  approvedAmount: Dec;
  /** R: anerkannte Gesamtausgaben, the recognised total of the budget check (Rule 3). */
  recognisedTotal: Dec;
  /** Eigenmittel. */
  ownFunds: Dec;
  /** Drittmittel actually received, not the planned ones. */
  actualThirdPartyFunds: Dec;
  /** Festbetrag of a `FIXED_AMOUNT` notice; null when the notice caps by the approved amount alone. */
  fixedAmount: Dec | null;
  /** Sum of payments received (Auszahlungen). */
  paidTotal: Dec;
}

/** Outcome of the final settlement (Schlussabrechnung). */
export interface SettlementResult {
  /** Endgültige Zuwendung, rounded to cents. */
  finalGrant: Dec;
  paidTotal: Dec;
  /** Saldo: finalGrant − paidTotal; negative when too much was paid. */
  balance: Dec;
  /** Rückforderung: max(0, −balance). */
  refundDue: Dec;
  /** Restauszahlung: max(0, balance). */
  outstandingPayout: Dec;
}

/**
 * Rule 4: the final grant (endgültige Zuwendung) from the recognised total R, by financing type:
 * - `SHARE`: min(approved, rate × R);
 * - `DEFICIT`: min(approved, R − own funds − actual third-party funds), not below 0;
 * - `FIXED_AMOUNT`: min(approved, fixed amount, R), as a fixed sum is never paid for costs that did not arise;
 * - `FULL`: min(approved, R).
 * Works on any date, so a settlement before the end of the project is a forecast.
 *
 * Figures are kept at full precision and only the final grant is rounded, with the programme's
 * rounding mode. Since the approved amount, R and the funds are whole cents, rounding last gives the
 * same as rounding rate × R first, e.g. 0.8 × 181265.04 = 145012.032 → 145012.03.
 */
export function settle(input: SettlementInput, rounding: RoundingMode): SettlementResult {
  // No over-funding in any type: the grant and the other funders' money together may not exceed the
  // recognised costs, so whatever third parties actually paid lowers the grant's ceiling. Own funds
  // stay out of this guard, as the recipient's own share is not funding.
  const overFundingCeiling = Dec.max(ZERO, input.recognisedTotal.minus(input.actualThirdPartyFunds));
  const finalGrant = roundMoney(Dec.min(grantByType(input), overFundingCeiling), rounding);
  const balance = finalGrant.minus(input.paidTotal);
  return {
    finalGrant,
    paidTotal: input.paidTotal,
    balance,
    refundDue: balance.isNeg() && !balance.isZero() ? balance.neg() : ZERO,
    outstandingPayout: balance.isPos() && !balance.isZero() ? balance : ZERO,
  };
}

function grantByType(input: SettlementInput): Dec {
  const { approvedAmount: approved, recognisedTotal: recognised } = input;
  switch (input.financingType) {
    case 'SHARE':
      if (input.rate === null)
        throw new DomainInputError('Die Anteilfinanzierung braucht einen Fördersatz.', { reason: 'REQUIRED', field: 'rate' });
      return Dec.min(approved, input.rate.times(recognised));
    case 'DEFICIT':
      return Dec.min(approved, Dec.max(ZERO, recognised.minus(input.ownFunds).minus(input.actualThirdPartyFunds)));
    case 'FIXED_AMOUNT':
      return Dec.min(approved, recognised, input.fixedAmount ?? approved);
    case 'FULL':
      return Dec.min(approved, recognised);
  }
}

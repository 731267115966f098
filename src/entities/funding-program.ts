// Förderprogramm: the guideline with its maximum rate, yearly budgets and rule parameters.
import { Collection, type Opt } from '@mikro-orm/core';
import { Check, Entity, Enum, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Dec } from '../domain/decimal.js';
import { COST_CATEGORIES, type CostCategory } from '../domain/enums.js';
import { ROUNDING_MODES, type RoundingMode } from '../domain/money.js';
import { EditableRecord } from './base.js';
import { MoneyType, RateType } from './types.js';

@Entity()
@Check({ name: 'funding_program_max_rate_range', expression: 'max_rate >= 0 and max_rate <= 1' })
@Check({ name: 'funding_program_line_tolerance_range', expression: 'line_tolerance >= 0 and line_tolerance <= 1' })
@Check({ name: 'funding_program_interest_margin_range', expression: 'interest_margin >= 0 and interest_margin <= 1' })
@Check({ name: 'funding_program_spend_deadline_months_range', expression: 'spend_deadline_months >= 0' })
@Check({ name: 'funding_program_proof_of_use_months_range', expression: 'proof_of_use_months >= 0' })
export class FundingProgram extends EditableRecord {
  /** Short code used in references, e.g. `EGOV-TH`. */
  @Property({ type: 'string', length: 40, unique: 'funding_program_code_unique' })
  code!: string;

  /** Name of the guideline (Förderrichtlinie). */
  @Property({ type: 'text' })
  name!: string;

  /** Bewilligungsbehörde, e.g. the Thuringian Ministry of Finance. */
  @Property({ type: 'text' })
  grantingAuthority!: string;

  /** Rechtsgrundlage. */
  @Property({ type: 'text' })
  legalBasis!: string;

  /** Höchstfördersatz: the highest effective rate approved / eligible costs. */
  @Property({ type: RateType })
  maxRate!: Dec;

  /** Zuwendungsfähige Kostenkategorien. */
  @Enum({ items: () => [...COST_CATEGORIES], array: true, nativeEnumName: 'cost_category' })
  eligibleCategories: Opt<CostCategory[]> = [];

  /** How final amounts are rounded to cents (default: kaufmännisch, half up). */
  @Enum({ items: () => [...ROUNDING_MODES], nativeEnumName: 'rounding_mode' })
  roundingMode: Opt<RoundingMode> = 'HALF_UP';

  /** Rule 3: how far a budget line may be exceeded when others are under plan. */
  @Property({ type: RateType })
  lineTolerance!: Dec;

  /** Rule 5: months within which paid-out funds must be used. */
  @Property({ type: 'integer' })
  spendDeadlineMonths: Opt<number> = 2;

  /** Rule 9: months after the approval period until the proof of use is due. */
  @Property({ type: 'integer' })
  proofOfUseMonths: Opt<number> = 6;

  /** Rule 6: percentage points above the base rate for interest on early-drawn funds. */
  @Property({ type: RateType })
  interestMargin!: Dec;

  @OneToMany(() => ProgramBudget, (budget) => budget.fundingProgram, { orderBy: { year: 'asc' } })
  budgets = new Collection<ProgramBudget>(this);
}

/** Haushaltsansatz: the programme's budget for one budget year. */
@Entity()
@Unique({ name: 'program_budget_year_unique', properties: ['fundingProgram', 'year'] })
@Check({ name: 'program_budget_amount_non_negative', expression: 'amount >= 0' })
@Check({ name: 'program_budget_year_range', expression: 'year >= 1990 and year <= 2999' })
export class ProgramBudget extends EditableRecord {
  @ManyToOne(() => FundingProgram)
  fundingProgram!: FundingProgram;

  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: MoneyType })
  amount!: Dec;
}

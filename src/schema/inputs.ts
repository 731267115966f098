// GraphQL input and filter types. Money, rates and dates arrive already parsed by their scalars.
import { Field, ID, InputType, Int } from 'type-graphql';
import type { Dec } from '../domain/decimal.js';
import type { ApplicationStatus, CostCategory, GrantNoticeStatus, RecipientKind } from '../domain/enums.js';
import type { FinancingType } from '../domain/grant-approval.js';
import type { LocalDate } from '../domain/local-date.js';
import type { RoundingMode } from '../domain/money.js';
import {
  ApplicationStatusEnum,
  CostCategoryEnum,
  FinancingTypeEnum,
  GrantNoticeStatusEnum,
  RecipientKindEnum,
  RoundingModeEnum,
} from './enums.js';
import { LocalDateScalar, MoneyScalar, RateScalar } from './scalars.js';

@InputType()
export class FundingProgramInput {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field()
  grantingAuthority!: string;

  @Field()
  legalBasis!: string;

  @Field(() => RateScalar)
  maxRate!: Dec;

  @Field(() => [CostCategoryEnum])
  eligibleCategories!: CostCategory[];

  @Field(() => RoundingModeEnum, { nullable: true, description: 'Default HALF_UP.' })
  roundingMode?: RoundingMode | null;

  @Field(() => RateScalar, { nullable: true, description: 'Default "0.2".' })
  lineTolerance?: Dec | null;

  @Field(() => Int, { nullable: true, description: 'Default 2.' })
  spendDeadlineMonths?: number | null;

  @Field(() => Int, { nullable: true, description: 'Default 6.' })
  proofOfUseMonths?: number | null;

  @Field(() => RateScalar, { nullable: true, description: 'Default "0.05".' })
  interestMargin?: Dec | null;
}

@InputType({ description: 'Only the fields given are changed.' })
export class FundingProgramPatch {
  @Field({ nullable: true })
  code?: string;

  @Field({ nullable: true })
  name?: string;

  @Field({ nullable: true })
  grantingAuthority?: string;

  @Field({ nullable: true })
  legalBasis?: string;

  @Field(() => RateScalar, { nullable: true })
  maxRate?: Dec;

  @Field(() => [CostCategoryEnum], { nullable: true })
  eligibleCategories?: CostCategory[];

  @Field(() => RoundingModeEnum, { nullable: true })
  roundingMode?: RoundingMode | null;

  @Field(() => RateScalar, { nullable: true })
  lineTolerance?: Dec | null;

  @Field(() => Int, { nullable: true })
  spendDeadlineMonths?: number | null;

  @Field(() => Int, { nullable: true })
  proofOfUseMonths?: number | null;

  @Field(() => RateScalar, { nullable: true })
  interestMargin?: Dec | null;
}

@InputType()
export class FundingProgramFilter {
  @Field({ nullable: true })
  code?: string;
}

@InputType()
export class RecipientInput {
  @Field()
  name!: string;

  @Field(() => RecipientKindEnum)
  kind!: RecipientKind;

  @Field()
  ags!: string;

  @Field(() => Int, { nullable: true })
  population?: number | null;
}

@InputType({ description: 'Only the fields given are changed.' })
export class RecipientPatch {
  @Field({ nullable: true })
  name?: string;

  @Field(() => RecipientKindEnum, { nullable: true })
  kind?: RecipientKind;

  @Field({ nullable: true })
  ags?: string;

  @Field(() => Int, { nullable: true })
  population?: number | null;
}

@InputType()
export class RecipientFilter {
  @Field(() => RecipientKindEnum, { nullable: true })
  kind?: RecipientKind;

  @Field({ nullable: true })
  ags?: string;

  @Field(() => ID, { nullable: true, description: 'Members (now or earlier) of this cooperation.' })
  cooperationId?: string;
}

@InputType()
export class CooperationInput {
  @Field()
  name!: string;

  @Field()
  agreement!: string;

  @Field(() => String, { nullable: true })
  purpose?: string | null;
}

@InputType({ description: 'Only the fields given are changed.' })
export class CooperationPatch {
  @Field({ nullable: true })
  name?: string;

  @Field({ nullable: true })
  agreement?: string;

  @Field(() => String, { nullable: true })
  purpose?: string | null;
}

@InputType()
export class CooperationFilter {
  @Field(() => ID, { nullable: true })
  recipientId?: string;
}

@InputType()
export class ResolutionInput {
  @Field()
  body!: string;

  @Field()
  number!: string;

  @Field(() => LocalDateScalar)
  adoptedOn!: LocalDate;

  @Field()
  subject!: string;
}

@InputType()
export class MembershipInput {
  @Field(() => ID)
  cooperationId!: string;

  @Field(() => ID)
  recipientId!: string;

  @Field(() => Boolean, { nullable: true })
  isLead?: boolean | null;

  @Field(() => LocalDateScalar)
  joinedOn!: LocalDate;

  @Field(() => [ResolutionInput], { nullable: true })
  resolutions?: ResolutionInput[] | null;
}

@InputType({ description: 'Only the fields given are changed; leftOn null means still a member.' })
export class MembershipPatch {
  @Field(() => Boolean, { nullable: true })
  isLead?: boolean | null;

  @Field(() => LocalDateScalar, { nullable: true })
  leftOn?: LocalDate | null;
}

@InputType()
export class ProjectInput {
  @Field(() => ID)
  recipientId!: string;

  @Field(() => ID, { nullable: true })
  cooperationId?: string | null;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType({ description: 'Only the fields given are changed.' })
export class ProjectPatch {
  @Field(() => ID, { nullable: true })
  cooperationId?: string | null;

  @Field({ nullable: true })
  title?: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class ProjectFilter {
  @Field(() => ID, { nullable: true })
  recipientId?: string;

  @Field(() => ID, { nullable: true })
  cooperationId?: string;
}

@InputType()
export class PlanLineInput {
  @Field(() => CostCategoryEnum)
  category!: CostCategory;

  @Field(() => MoneyScalar)
  planned!: Dec;
}

@InputType()
export class GrantApplicationInput {
  @Field(() => ID)
  fundingProgramId!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => String, { nullable: true })
  reference?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  submittedOn?: LocalDate | null;

  @Field(() => MoneyScalar)
  requestedAmount!: Dec;

  @Field(() => FinancingTypeEnum)
  financingType!: FinancingType;

  @Field(() => ApplicationStatusEnum, { nullable: true, description: 'Default DRAFT.' })
  status?: ApplicationStatus | null;

  @Field(() => [PlanLineInput], { nullable: true })
  lines?: PlanLineInput[] | null;
}

@InputType({ description: 'Only the fields given are changed; lines, when given, replace the plan.' })
export class GrantApplicationPatch {
  @Field(() => String, { nullable: true })
  reference?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  submittedOn?: LocalDate | null;

  @Field(() => MoneyScalar, { nullable: true })
  requestedAmount?: Dec;

  @Field(() => FinancingTypeEnum, { nullable: true })
  financingType?: FinancingType;

  @Field(() => ApplicationStatusEnum, { nullable: true })
  status?: ApplicationStatus | null;

  @Field(() => [PlanLineInput], { nullable: true })
  lines?: PlanLineInput[] | null;
}

@InputType()
export class GrantApplicationFilter {
  @Field(() => ID, { nullable: true })
  fundingProgramId?: string;

  @Field(() => ID, { nullable: true })
  recipientId?: string;

  @Field(() => ID, { nullable: true })
  cooperationId?: string;

  @Field(() => ApplicationStatusEnum, { nullable: true })
  status?: ApplicationStatus;

  @Field(() => Int, { nullable: true, description: 'Year of submission.' })
  year?: number;
}

@InputType()
export class PeriodInput {
  @Field(() => LocalDateScalar)
  start!: LocalDate;

  @Field(() => LocalDateScalar)
  end!: LocalDate;
}

@InputType()
export class GrantNoticeInput {
  @Field({ description: 'Aktenzeichen.' })
  reference!: string;

  @Field(() => LocalDateScalar)
  noticeDate!: LocalDate;

  @Field(() => ID)
  fundingProgramId!: string;

  @Field(() => ID)
  projectId!: string;

  @Field(() => ID, { nullable: true })
  applicationId?: string | null;

  @Field(() => FinancingTypeEnum)
  financingType!: FinancingType;

  @Field(() => RateScalar, { nullable: true, description: 'Required for SHARE.' })
  rate?: Dec | null;

  @Field(() => MoneyScalar)
  eligibleCosts!: Dec;

  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'Eigenmittel; left out, the remainder: eligible costs less third-party funds less the approved amount.',
  })
  ownFunds?: Dec | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'Default "0.00".' })
  thirdPartyFunds?: Dec | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'Required for FIXED_AMOUNT.' })
  fixedAmount?: Dec | null;

  @Field(() => MoneyScalar)
  approvedAmount!: Dec;

  @Field(() => PeriodInput)
  approvalPeriod!: PeriodInput;

  @Field(() => Int, { nullable: true, description: 'Default: the year of the notice date.' })
  budgetYear?: number | null;

  @Field(() => [PlanLineInput], { description: 'Financing plan; the lines must add up to the eligible costs.' })
  budgetLines!: PlanLineInput[];
}

@InputType({ description: 'Only the fields given are changed. Figures change only by amendment.' })
export class GrantNoticePatch {
  @Field(() => String, { nullable: true })
  reference?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  noticeDate?: LocalDate | null;

  @Field(() => GrantNoticeStatusEnum, { nullable: true })
  status?: GrantNoticeStatus | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'Tatsächliche Drittmittel, as reported with the proof of use.' })
  actualThirdPartyFunds?: Dec | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The day the Verwendungsnachweis was submitted.' })
  proofOfUseSubmittedOn?: LocalDate | null;
}

@InputType({ description: 'Änderungsbescheid: figures left out stay as they are; budgetLines, when given, replace the plan.' })
export class GrantAmendmentInput {
  @Field()
  reference!: string;

  @Field(() => LocalDateScalar, { description: 'Datum des Änderungsbescheids.' })
  amendmentDate!: LocalDate;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'The day the changed figures apply from; left out, the amendment date. Not before the figures in force apply.',
  })
  effectiveFrom?: LocalDate | null;

  @Field()
  reason!: string;

  @Field(() => FinancingTypeEnum, { nullable: true })
  financingType?: FinancingType;

  @Field(() => RateScalar, { nullable: true })
  rate?: Dec | null;

  @Field(() => MoneyScalar, { nullable: true })
  eligibleCosts?: Dec;

  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'Eigenmittel; left out, kept (a remainder is worked out anew); null, the remainder of the financing plan.',
  })
  ownFunds?: Dec | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'Drittmittel; left out, kept; null, none.' })
  thirdPartyFunds?: Dec | null;

  @Field(() => MoneyScalar, { nullable: true })
  fixedAmount?: Dec | null;

  @Field(() => MoneyScalar, { nullable: true })
  approvedAmount?: Dec;

  @Field(() => PeriodInput, { nullable: true })
  approvalPeriod?: PeriodInput;

  @Field(() => Int, { nullable: true })
  budgetYear?: number;

  @Field(() => [PlanLineInput], { nullable: true })
  budgetLines?: PlanLineInput[];
}

@InputType()
export class GrantNoticeFilter {
  @Field(() => ID, { nullable: true })
  fundingProgramId?: string;

  @Field(() => ID, { nullable: true })
  recipientId?: string;

  @Field(() => ID, { nullable: true })
  cooperationId?: string;

  @Field(() => GrantNoticeStatusEnum, { nullable: true })
  status?: GrantNoticeStatus;

  @Field(() => Int, { nullable: true, description: 'Haushaltsjahr of the figures in force.' })
  year?: number;
}

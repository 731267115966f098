// GraphQL object types of the grant register. Resolvers return entities; these declare what is visible.
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Dec } from '../domain/decimal.js';
import type { ApplicationStatus, CostCategory, GrantNoticeStatus, RecipientKind } from '../domain/enums.js';
import type { FinancingType } from '../domain/grant-approval.js';
import type { LocalDate } from '../domain/local-date.js';
import type { RoundingMode } from '../domain/money.js';
import { connectionOf } from './connection.js';
import {
  ApplicationStatusEnum,
  CostCategoryEnum,
  FinancingTypeEnum,
  GrantNoticeStatusEnum,
  RecipientKindEnum,
  RoundingModeEnum,
} from './enums.js';
import { LocalDateScalar, MoneyScalar, RateScalar } from './scalars.js';

@ObjectType()
abstract class Editable {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Give this back as `expectedVersion` when editing; a stale one is refused with CONFLICT.' })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType({ description: 'Budget, commitment and what is left in one budget year (Haushaltsjahr).' })
export class ProgramBudgetYear {
  @Field(() => Int)
  year!: number;

  @Field(() => MoneyScalar, { description: 'Haushaltsansatz.' })
  budget!: Dec;

  @Field(() => MoneyScalar, { description: 'Approved amounts in force of the notices committing this year.' })
  committed!: Dec;

  @Field(() => MoneyScalar)
  available!: Dec;

  @Field(() => MoneyScalar, { description: 'Counted receipts and staff costs (Rule 2) of the notices committing this year.' })
  spent!: Dec;
}

@ObjectType({ description: 'Förderprogramm: the guideline with its maximum rate, budgets and rule parameters.' })
export class FundingProgram extends Editable {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'Bewilligungsbehörde.' })
  grantingAuthority!: string;

  @Field({ description: 'Rechtsgrundlage.' })
  legalBasis!: string;

  @Field(() => RateScalar, { description: 'Höchstfördersatz.' })
  maxRate!: Dec;

  @Field(() => [CostCategoryEnum], { description: 'Zuwendungsfähige Kostenkategorien.' })
  eligibleCategories!: CostCategory[];

  @Field(() => RoundingModeEnum)
  roundingMode!: RoundingMode;

  @Field(() => RateScalar, { description: 'Rule 3: tolerance by which a budget line may be exceeded.' })
  lineTolerance!: Dec;

  @Field(() => Int, { description: 'Rule 5: months within which paid-out funds must be used.' })
  spendDeadlineMonths!: number;

  @Field(() => Int, { description: 'Rule 9: months after the approval period until the proof of use is due.' })
  proofOfUseMonths!: number;

  @Field(() => RateScalar, { description: 'Rule 6: percentage points above the base rate, e.g. "0.05".' })
  interestMargin!: Dec;
}

@ObjectType({ description: 'Zuwendungsempfänger: district, city or municipality.' })
export class Recipient extends Editable {
  @Field()
  name!: string;

  @Field(() => RecipientKindEnum)
  kind!: RecipientKind;

  @Field({ description: 'Amtlicher Gemeindeschlüssel, e.g. 16065 for the Kyffhäuserkreis.' })
  ags!: string;

  @Field(() => Int, { nullable: true, description: 'Einwohnerzahl.' })
  population?: number | null;
}

@ObjectType({ description: 'Zweckvereinbarung: an inter-municipal cooperation.' })
export class Cooperation extends Editable {
  @Field()
  name!: string;

  @Field({ description: 'The agreement that constitutes the cooperation.' })
  agreement!: string;

  @Field(() => String, { nullable: true })
  purpose?: string | null;
}

@ObjectType({ description: 'Beschluss: a council resolution behind a membership.' })
export class CooperationResolution {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Gremium, e.g. "Kreistag Unstrut-Hainich-Kreis".' })
  body!: string;

  @Field({ description: 'Beschlussnummer, e.g. "KT/103/2020".' })
  number!: string;

  @Field(() => LocalDateScalar)
  adoptedOn!: LocalDate;

  @Field()
  subject!: string;
}

@ObjectType({ description: 'Mitgliedschaft: one recipient in a cooperation from joining until leaving.' })
export class CooperationMembership extends Editable {
  @Field({ description: 'Federführung.' })
  isLead!: boolean;

  @Field(() => LocalDateScalar)
  joinedOn!: LocalDate;

  @Field(() => LocalDateScalar, { nullable: true })
  leftOn?: LocalDate | null;
}

@ObjectType({ description: 'Vorhaben: what is funded.' })
export class Project extends Editable {
  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@ObjectType({ description: 'Einzelansatz: planned amount of one cost category.' })
export class PlanLine {
  @Field(() => CostCategoryEnum)
  category!: CostCategory;

  @Field(() => MoneyScalar)
  planned!: Dec;
}

@ObjectType({ description: 'Förderantrag: requested amount and financing plan before the decision.' })
export class GrantApplication extends Editable {
  @Field(() => String, { nullable: true })
  reference?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  submittedOn?: LocalDate | null;

  @Field(() => MoneyScalar)
  requestedAmount!: Dec;

  @Field(() => FinancingTypeEnum)
  financingType!: FinancingType;

  @Field(() => ApplicationStatusEnum)
  status!: ApplicationStatus;
}

@ObjectType({ description: 'Bewilligungszeitraum: expenditures must be paid within it.' })
export class Period {
  @Field(() => LocalDateScalar)
  start!: LocalDate;

  @Field(() => LocalDateScalar)
  end!: LocalDate;
}

@ObjectType({ description: 'Änderungsbescheid.' })
export class GrantAmendment {
  @Field(() => ID)
  id!: string;

  @Field()
  reference!: string;

  @Field(() => LocalDateScalar, { description: 'Datum des Änderungsbescheids.' })
  amendmentDate!: LocalDate;

  @Field()
  reason!: string;
}

@ObjectType()
abstract class NoticeFigures {
  @Field(() => FinancingTypeEnum)
  financingType!: FinancingType;

  @Field(() => RateScalar, { nullable: true, description: 'Fördersatz (share financing).' })
  rate?: Dec | null;

  @Field(() => MoneyScalar, { description: 'Zuwendungsfähige Ausgaben.' })
  eligibleCosts!: Dec;

  @Field(() => MoneyScalar, { description: 'Eigenmittel.' })
  ownFunds!: Dec;

  @Field({ description: 'Whether the own funds were not given but are the remainder of the financing plan (Restfinanzierung).' })
  ownFundsIsRemainder!: boolean;

  @Field(() => MoneyScalar, { description: 'Drittmittel.' })
  thirdPartyFunds!: Dec;

  @Field(() => MoneyScalar, { nullable: true, description: 'Festbetrag (fixed-amount financing).' })
  fixedAmount?: Dec | null;

  @Field(() => MoneyScalar, { description: 'Bewilligte Zuwendung.' })
  approvedAmount!: Dec;

  @Field(() => Int, { description: 'Haushaltsjahr whose programme budget the approved amount commits.' })
  budgetYear!: number;
}

@ObjectType({ description: 'One version of a notice’s figures: the notice itself (1) or an amendment (2, 3, …).' })
export class GrantNoticeVersion extends NoticeFigures {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  versionNo!: number;

  @Field(() => LocalDateScalar, { description: 'The date from which these figures apply.' })
  effectiveFrom!: LocalDate;
}

@ObjectType({ description: 'Zuwendungsbescheid with the figures in force (the latest version).' })
export class GrantNotice extends NoticeFigures {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Give this back as `expectedVersion` when editing or amending.' })
  version!: number;

  @Field({ description: 'Aktenzeichen.' })
  reference!: string;

  @Field(() => LocalDateScalar)
  noticeDate!: LocalDate;

  @Field(() => GrantNoticeStatusEnum)
  status!: GrantNoticeStatus;

  @Field(() => Int, { description: 'Number of the version in force.' })
  currentVersionNo!: number;

  @Field(() => MoneyScalar, { nullable: true, description: 'Tatsächliche Drittmittel, as reported with the proof of use.' })
  actualThirdPartyFunds?: Dec | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The day the Verwendungsnachweis was submitted.' })
  proofOfUseSubmittedOn?: LocalDate | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

export const FundingProgramConnection = connectionOf(FundingProgram, 'FundingProgram');
export const RecipientConnection = connectionOf(Recipient, 'Recipient');
export const CooperationConnection = connectionOf(Cooperation, 'Cooperation');
export const ProjectConnection = connectionOf(Project, 'Project');
export const GrantApplicationConnection = connectionOf(GrantApplication, 'GrantApplication');
export const GrantNoticeConnection = connectionOf(GrantNotice, 'GrantNotice');

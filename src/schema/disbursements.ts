// GraphQL types of money from the state: Mittelabrufe, Auszahlungen, Basiszinssätze and the Schlussabrechnung.
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Dec } from '../domain/decimal.js';
import type { LocalDate } from '../domain/local-date.js';
import { DISBURSEMENT_STATUSES, type DisbursementStatus } from '../entities/index.js';
import { LocalDateScalar, MoneyScalar, SignedRateScalar } from './scalars.js';

const DisbursementStatusEnum = Object.fromEntries(DISBURSEMENT_STATUSES.map((status) => [status, status])) as {
  [K in DisbursementStatus]: K;
};
registerEnumType(DisbursementStatusEnum, {
  name: 'DisbursementStatus',
  description: 'Stand des Mittelabrufs: DRAFT → SUBMITTED → PAID, or WITHDRAWN from DRAFT or SUBMITTED.',
});

@ObjectType({ description: 'Mittelabruf: the recipient asks the state to pay out part of the grant.' })
export class DisbursementRequest {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Give this back as `expectedVersion` when editing.' })
  version!: number;

  @Field(() => LocalDateScalar, { description: 'Datum des Mittelabrufs.' })
  requestedOn!: LocalDate;

  @Field(() => MoneyScalar)
  amount!: Dec;

  @Field({ description: 'Verwendungszweck.' })
  purpose!: string;

  @Field(() => DisbursementStatusEnum)
  status!: DisbursementStatus;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType({ description: 'Storno of a payment booked in error.' })
export class PaymentReversal {
  @Field(() => ID)
  id!: string;

  @Field(() => LocalDateScalar)
  reversedOn!: LocalDate;

  @Field()
  reason!: string;
}

@ObjectType({ description: 'Auszahlung: money received from the state. Never edited; corrected by reversal.' })
export class Payment {
  @Field(() => ID)
  id!: string;

  @Field(() => LocalDateScalar, { description: 'Tag der Wertstellung.' })
  paidOn!: LocalDate;

  @Field(() => MoneyScalar)
  amount!: Dec;

  @Field({ description: 'When it was booked.' })
  createdAt!: Date;
}

@ObjectType({ description: 'Basiszinssatz (§ 247 BGB) in force from a day on.' })
export class BaseRate {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => LocalDateScalar)
  validFrom!: LocalDate;

  @Field(() => SignedRateScalar, { description: 'Per year, e.g. "0.0127" for 1.27 %.' })
  rate!: Dec;
}

@ObjectType({ description: 'The part of one payment used on one day, or not used by the evaluation date (Rule 6).' })
export class InterestPortion {
  @Field(() => ID)
  paymentId!: string;

  @Field(() => LocalDateScalar)
  paidOn!: LocalDate;

  @Field(() => MoneyScalar, { description: 'At full precision, rounded to cents for display.' })
  amount!: Dec;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Null when not used by the evaluation date.' })
  usedOn!: LocalDate | null;

  @Field(() => LocalDateScalar, { description: 'Verwendungsfrist: the last day of timely use.' })
  deadline!: LocalDate;

  @Field(() => Int, { description: 'Days bearing interest.' })
  days!: number;

  @Field(() => MoneyScalar)
  interest!: Dec;
}

@ObjectType({ description: 'Zinsen auf vorzeitig abgerufene Mittel (Rule 6, indicative: the authority may claim them).' })
export class SettlementInterest {
  @Field(() => MoneyScalar)
  amount!: Dec;

  @Field(() => [String], { description: 'Where a base rate had to be assumed.' })
  warnings!: string[];

  @Field(() => [InterestPortion], { description: 'Empty once finalised: the finalised settlement keeps the total only.' })
  portions!: InterestPortion[];
}

@ObjectType({ description: 'Schlussabrechnung (Rule 4): a forecast on any day until it is finalised, then the finalised figures.' })
export class Settlement {
  @Field(() => LocalDateScalar, { description: 'The day the figures are computed for.' })
  asOf!: LocalDate;

  @Field({ description: 'True once finalised: the figures no longer change.' })
  finalised!: boolean;

  @Field(() => MoneyScalar, { description: 'R: the recognised total of the budget check.' })
  recognisedTotal!: Dec;

  @Field(() => MoneyScalar, { description: 'Tatsächliche Drittmittel; the planned ones until they are reported.' })
  actualThirdPartyFunds!: Dec;

  @Field(() => MoneyScalar, { description: 'Endgültige Zuwendung.' })
  finalGrant!: Dec;

  @Field(() => MoneyScalar, { description: 'Payments received up to the day, reversed ones left out.' })
  paidTotal!: Dec;

  @Field(() => MoneyScalar, { description: 'finalGrant − paidTotal.' })
  balance!: Dec;

  @Field(() => MoneyScalar, { description: 'Rückforderung: what the recipient pays back.' })
  refundDue!: Dec;

  @Field(() => MoneyScalar, { description: 'Restauszahlung: what the state still pays.' })
  outstandingPayout!: Dec;
}

@InputType()
export class DisbursementRequestInput {
  @Field(() => ID)
  grantNoticeId!: string;

  @Field(() => LocalDateScalar)
  requestedOn!: LocalDate;

  @Field(() => MoneyScalar)
  amount!: Dec;

  @Field()
  purpose!: string;
}

@InputType({ description: 'Amount, purpose and date change only in a draft; PAID is set by recording a payment.' })
export class DisbursementRequestPatch {
  @Field(() => LocalDateScalar, { nullable: true })
  requestedOn?: LocalDate | null;

  @Field(() => MoneyScalar, { nullable: true })
  amount?: Dec | null;

  @Field(() => String, { nullable: true })
  purpose?: string | null;

  @Field(() => DisbursementStatusEnum, { nullable: true })
  status?: DisbursementStatus | null;
}

@InputType()
export class PaymentInput {
  @Field(() => ID)
  grantNoticeId!: string;

  @Field(() => LocalDateScalar)
  paidOn!: LocalDate;

  @Field(() => MoneyScalar)
  amount!: Dec;

  @Field(() => ID, { nullable: true, description: 'The submitted Mittelabruf this payment answers; it becomes PAID.' })
  requestId?: string | null;
}

@InputType()
export class BaseRateInput {
  @Field(() => LocalDateScalar)
  validFrom!: LocalDate;

  @Field(() => SignedRateScalar)
  rate!: Dec;
}

// GraphQL types of the Programmübersicht as a table (Query.programmeOverview).
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Dec } from '../domain/decimal.js';
import type { GrantNoticeStatus } from '../domain/enums.js';
import type { LocalDate } from '../domain/local-date.js';
import type { GrantNotice as NoticeEntity } from '../entities/index.js';
import { PROGRAMME_OVERVIEW_ORDER_FIELDS, type ProgrammeOverviewOrderField } from '../services/programme-overview.js';
import { GrantNoticeStatusEnum } from './enums.js';
import { LocalDateScalar, MoneyScalar } from './scalars.js';
import { GrantNotice } from './types.js';

const ProgrammeOverviewOrderFieldEnum = Object.fromEntries(PROGRAMME_OVERVIEW_ORDER_FIELDS.map((field) => [field, field])) as {
  [K in ProgrammeOverviewOrderField]: K;
};
registerEnumType(ProgrammeOverviewOrderFieldEnum, {
  name: 'ProgrammeOverviewOrderField',
  description: 'What the Programmübersicht is sorted by; without an order it is by recipient AGS and reference.',
});

@InputType({ description: 'Which notices of the Programmübersicht to show; the conditions combine with "and".' })
export class ProgrammeOverviewFilter {
  @Field(() => ID, { nullable: true })
  recipientId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Notices of projects of this cooperation.' })
  cooperationId?: string | null;

  @Field(() => GrantNoticeStatusEnum, { nullable: true })
  status?: GrantNoticeStatus | null;

  @Field(() => Boolean, { nullable: true, description: 'true: the proof of use is overdue (Rule 9); false: it is not.' })
  proofOfUseOverdue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: the settlement forecast as of today asks money back (Rule 4).' })
  refundDue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: a budget line is spent beyond its tolerance (Rule 3).' })
  overTolerance?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: interest on funds drawn early is due as of today (Rule 6).' })
  interestDue?: boolean | null;
}

@InputType({ description: 'Sort order of the Programmübersicht; ties by recipient AGS and reference.' })
export class ProgrammeOverviewOrder {
  @Field(() => ProgrammeOverviewOrderFieldEnum)
  field!: ProgrammeOverviewOrderField;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  descending?: boolean | null;
}

@ObjectType({ description: 'One notice of the Programmübersicht with its figures as of today.' })
export class ProgrammeOverviewRow {
  @Field(() => GrantNotice)
  notice!: NoticeEntity;

  @Field(() => String, { nullable: true, description: 'The cooperation of the notice’s project, when the caller may see it.' })
  cooperationName!: string | null;

  @Field(() => MoneyScalar, { description: 'Approved amount in force.' })
  approved!: Dec;

  @Field(() => MoneyScalar, { description: 'Payments received, not reversed.' })
  paid!: Dec;

  @Field(() => MoneyScalar, { description: 'Counted receipts and staff costs (the budget check’s actual total).' })
  spent!: Dec;

  @Field(() => MoneyScalar, { description: 'Recognised total of the settlement (Rule 3 applied).' })
  recognised!: Dec;

  @Field(() => MoneyScalar, { description: 'Refund the settlement forecast asks for; 0 when none.' })
  refundDue!: Dec;

  @Field(() => MoneyScalar, { description: 'Interest on funds drawn early (Rule 6) as of today.' })
  interest!: Dec;

  @Field(() => LocalDateScalar)
  proofOfUseDue!: LocalDate;

  @Field()
  proofOfUseOverdue!: boolean;

  @Field({ description: 'A budget line is spent beyond its tolerance.' })
  overTolerance!: boolean;
}

@ObjectType({
  description: 'What the notices of a recipient, a cooperation or the whole selection add up to; revoked notices count in none.',
})
export class ProgrammeOverviewTotal {
  @Field(() => ID, { nullable: true, description: 'Recipient or cooperation; null for the whole selection.' })
  id!: string | null;

  @Field()
  name!: string;

  @Field(() => Int)
  notices!: number;

  @Field(() => MoneyScalar)
  approved!: Dec;

  @Field(() => MoneyScalar)
  paid!: Dec;

  @Field(() => MoneyScalar)
  spent!: Dec;

  @Field(() => MoneyScalar)
  recognised!: Dec;

  @Field(() => MoneyScalar)
  refundDue!: Dec;
}

@ObjectType({ description: 'Programmübersicht: a page of the notices that pass the filter, and the totals of all of them.' })
export class ProgrammeOverviewPage {
  @Field(() => Int, { description: 'Notices that pass the filter, revoked ones included.' })
  totalCount!: number;

  @Field(() => [ProgrammeOverviewRow])
  rows!: ProgrammeOverviewRow[];

  @Field(() => [ProgrammeOverviewTotal], { description: 'Per recipient, by AGS.' })
  recipientTotals!: ProgrammeOverviewTotal[];

  @Field(() => [ProgrammeOverviewTotal], { description: 'Per cooperation of the notices’ projects, by name.' })
  cooperationTotals!: ProgrammeOverviewTotal[];

  @Field(() => ProgrammeOverviewTotal)
  total!: ProgrammeOverviewTotal;

  @Field({ description: 'Path of the Programmübersicht workbook of this selection (XLSX), the filter as query parameters.' })
  reportPath!: string;
}

// GraphQL types of joint purchases (gemeinsame Beschaffung): the shared invoice, its members' parts and the inputs.
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { Dec } from '../domain/decimal.js';
import type { CostCategory } from '../domain/enums.js';
import type { LocalDate } from '../domain/local-date.js';
import { ALLOCATION_KEYS, type AllocationKey } from '../entities/index.js';
import { connectionOf } from './connection.js';
import { CostCategoryEnum } from './enums.js';
import { LocalDateScalar, MoneyScalar, RateScalar } from './scalars.js';

export const AllocationKeyEnum = Object.fromEntries(ALLOCATION_KEYS.map((key) => [key, key])) as { [K in AllocationKey]: K };
registerEnumType(AllocationKeyEnum, {
  name: 'AllocationKey',
  description:
    'Verteilungsschlüssel: EQUAL = zu gleichen Teilen; FIXED_SHARES = feste Anteile, die zusammen 1 ergeben; ' +
    'POPULATION = nach Einwohnerzahl. Cents are split by the largest remainder method, ties to the smaller AGS.',
});

@ObjectType({ description: 'Gemeinsame Beschaffung: one invoice of a cooperation, split among its members’ grants.' })
export class SharedInvoice {
  @Field(() => ID)
  id!: string;

  @Field(() => CostCategoryEnum)
  category!: CostCategory;

  @Field({ description: 'Belegnummer.' })
  receiptNumber!: string;

  @Field(() => LocalDateScalar)
  invoiceDate!: LocalDate;

  @Field(() => LocalDateScalar, { nullable: true })
  paymentDate?: LocalDate | null;

  @Field()
  payee!: string;

  @Field()
  purpose!: string;

  @Field(() => MoneyScalar)
  totalAmount!: Dec;

  @Field(() => AllocationKeyEnum)
  allocationKey!: AllocationKey;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: 'One member’s part of a shared invoice: a receipt on the member’s grant.' })
export class SharedInvoicePart {
  @Field(() => MoneyScalar)
  amount!: Dec;
}

@ObjectType({ description: 'Storno of a shared invoice; every member’s part is reversed with it.' })
export class SharedInvoiceReversal {
  @Field(() => ID)
  id!: string;

  @Field(() => LocalDateScalar)
  reversedOn!: LocalDate;

  @Field()
  reason!: string;

  @Field()
  createdAt!: Date;
}

@InputType()
export class SharedInvoiceMemberInput {
  @Field(() => ID, { description: 'The member’s grant notice that carries its part.' })
  grantNoticeId!: string;

  @Field(() => RateScalar, { nullable: true, description: 'The member’s agreed share (FIXED_SHARES only).' })
  fixedShare?: Dec | null;
}

@InputType()
export class SharedInvoiceInput {
  @Field(() => ID)
  cooperationId!: string;

  @Field(() => ID, { description: 'The programme of every member grant.' })
  fundingProgramId!: string;

  @Field(() => CostCategoryEnum)
  category!: CostCategory;

  @Field({ description: 'Belegnummer.' })
  receiptNumber!: string;

  @Field(() => LocalDateScalar, { description: 'Rechnungsdatum; the members are those of the cooperation on this day.' })
  invoiceDate!: LocalDate;

  @Field(() => LocalDateScalar, { nullable: true })
  paymentDate?: LocalDate | null;

  @Field()
  payee!: string;

  @Field()
  purpose!: string;

  @Field(() => MoneyScalar)
  totalAmount!: Dec;

  @Field(() => AllocationKeyEnum)
  allocationKey!: AllocationKey;

  @Field(() => [SharedInvoiceMemberInput], { description: 'One grant per member that shares the invoice.' })
  members!: SharedInvoiceMemberInput[];
}

@InputType()
export class SharedInvoiceFilter {
  @Field(() => ID, { nullable: true })
  cooperationId?: string;
}

export const SharedInvoiceConnection = connectionOf(SharedInvoice, 'SharedInvoice');

// GraphQL types of what was spent: receipts (Belege), their reversals, the Belegliste and the budget check.
import { GraphQLScalarType, Kind } from 'graphql';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Dec } from '../domain/decimal.js';
import { EXCLUSION_REASONS, type ExclusionReason } from '../domain/eligibility.js';
import type { CostCategory } from '../domain/enums.js';
import type { LocalDate } from '../domain/local-date.js';
import { EXPENDITURE_SOURCES, type ExpenditureSource } from '../entities/index.js';
import { RECEIPT_ORDER_FIELDS, type ReceiptOrderField } from '../services/receipt-list.js';
import { CostCategoryEnum } from './enums.js';
import { LocalDateScalar, MoneyScalar } from './scalars.js';

const ExclusionReasonEnum = Object.fromEntries(EXCLUSION_REASONS.map((reason) => [reason, reason])) as { [K in ExclusionReason]: K };
registerEnumType(ExclusionReasonEnum, { name: 'ExclusionReason', description: 'Why a receipt does not count (Rule 2).' });
const ExpenditureSourceEnum = Object.fromEntries(EXPENDITURE_SOURCES.map((source) => [source, source])) as { [K in ExpenditureSource]: K };
registerEnumType(ExpenditureSourceEnum, {
  name: 'ExpenditureSource',
  description: 'How a receipt came in: entered, imported, or a part of a shared invoice.',
});
const ReceiptKindEnum = { EXPENDITURE: 'EXPENDITURE', STAFF: 'STAFF' } as const;
registerEnumType(ReceiptKindEnum, { name: 'ReceiptKind', description: 'A receipt, or a month of staff costs (Personalausgaben).' });

/** A percentage with two decimals as a string, e.g. "15.00" for 15 %; output only. */
export const PercentScalar = new GraphQLScalarType<Dec, string>({
  name: 'Percent',
  description: 'A percentage with two decimals as a string, e.g. "15.00" for 15 %.',
  serialize: (value) => {
    if (!(value instanceof Dec)) throw new TypeError('Percent output must be a decimal value.');
    return value.times(100).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2);
  },
  parseValue: () => {
    throw new TypeError('Percent is an output type.');
  },
  parseLiteral: (ast) => {
    throw new TypeError(`Percent is an output type (got ${ast.kind === Kind.STRING ? ast.value : ast.kind}).`);
  },
});

@ObjectType({ description: 'Storno: the cancellation of a receipt.' })
export class ExpenditureReversal {
  @Field(() => ID)
  id!: string;

  @Field(() => LocalDateScalar)
  reversedOn!: LocalDate;

  @Field()
  reason!: string;
}

@ObjectType({ description: 'Beleg: one receipt on a grant. Never edited; corrected by reversal and a new receipt.' })
export class Expenditure {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Belegnummer.' })
  receiptNumber!: string;

  @Field(() => LocalDateScalar, { description: 'Rechnungsdatum.' })
  invoiceDate!: LocalDate;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Zahlungsdatum.' })
  paymentDate?: LocalDate | null;

  @Field({ description: 'Zahlungsempfänger.' })
  payee!: string;

  @Field({ description: 'Verwendungszweck.' })
  purpose!: string;

  @Field(() => CostCategoryEnum)
  category!: CostCategory;

  @Field(() => MoneyScalar)
  amount!: Dec;

  @Field(() => MoneyScalar, { description: 'Zuwendungsfähiger Betrag.' })
  eligibleAmount!: Dec;

  @Field(() => String, { nullable: true, description: 'Bemerkung.' })
  remark?: string | null;

  @Field(() => ExpenditureSourceEnum)
  source!: ExpenditureSource;

  @Field({ description: 'When it was booked.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A receipt kept but not counted, with the reason (Rule 2).' })
export class ExcludedExpenditure {
  @Field(() => Expenditure)
  expenditure!: Expenditure;

  @Field(() => ExclusionReasonEnum)
  reason!: ExclusionReason;

  @Field({ description: 'The reason in a sentence, with the dates involved.' })
  explanation!: string;
}

@ObjectType({ description: 'One budget line (Einzelansatz) against what was spent.' })
export class BudgetCheckLine {
  @Field(() => CostCategoryEnum)
  category!: CostCategory;

  @Field(() => MoneyScalar)
  planned!: Dec;

  @Field(() => MoneyScalar, { description: 'Counted receipts and staff costs of the category.' })
  actual!: Dec;

  @Field(() => MoneyScalar, { description: 'actual − planned.' })
  deviation!: Dec;

  @Field(() => PercentScalar, { nullable: true, description: 'Deviation in % of the planned amount; null when nothing was planned.' })
  deviationPercent!: Dec | null;

  @Field({ description: 'Within the tolerance of the programme (default 20 %).' })
  withinTolerance!: boolean;

  @Field(() => MoneyScalar, { description: 'min(actual, planned × (1 + tolerance)).' })
  recognised!: Dec;
}

@ObjectType({ description: 'Rule 3 on the figures in force: the financing plan against what was spent.' })
export class BudgetCheck {
  @Field(() => [BudgetCheckLine])
  lines!: BudgetCheckLine[];

  @Field(() => MoneyScalar)
  plannedTotal!: Dec;

  @Field(() => MoneyScalar)
  actualTotal!: Dec;

  @Field(() => MoneyScalar, { description: 'min(sum of recognised lines, planned total).' })
  recognisedTotal!: Dec;

  @Field(() => Int)
  excludedCount!: number;
}

@ObjectType({ description: 'One row of the Belegliste: a receipt, or a month of staff costs shown as a STAFF row.' })
export class ReceiptRow {
  @Field(() => ID, { description: 'The receipt or the staff allocation.' })
  id!: string;

  @Field(() => ReceiptKindEnum)
  kind!: 'EXPENDITURE' | 'STAFF';

  @Field()
  receiptNumber!: string;

  @Field(() => LocalDateScalar)
  invoiceDate!: LocalDate;

  @Field(() => LocalDateScalar, { nullable: true })
  paymentDate!: LocalDate | null;

  @Field({ description: 'For staff rows the employee’s name, shown only to the employer’s finance officers and auditors.' })
  payee!: string;

  @Field()
  purpose!: string;

  @Field(() => CostCategoryEnum)
  category!: CostCategory;

  @Field(() => MoneyScalar)
  amount!: Dec;

  @Field(() => MoneyScalar)
  eligibleAmount!: Dec;

  @Field(() => String, { nullable: true })
  remark!: string | null;

  @Field()
  reversed!: boolean;

  @Field(() => ExclusionReasonEnum, { nullable: true, description: 'Why it does not count; null when it counts.' })
  exclusionReason!: ExclusionReason | null;
}

@ObjectType({ description: 'A page of the Belegliste with the totals of all rows.' })
export class ReceiptList {
  @Field(() => [ReceiptRow])
  rows!: ReceiptRow[];

  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field(() => Int)
  totalCount!: number;

  @Field(() => MoneyScalar, { description: 'Sum of the amounts of all rows, reversed ones included.' })
  totalAmount!: Dec;
}

@ObjectType({ description: 'One member’s grant in a cooperation-wide budget overview.' })
export class MemberBudget {
  @Field(() => ID)
  grantNoticeId!: string;

  @Field()
  reference!: string;

  @Field()
  recipientName!: string;

  @Field()
  ags!: string;

  @Field(() => MoneyScalar)
  approvedAmount!: Dec;

  @Field(() => BudgetCheck)
  budgetCheck!: BudgetCheck;
}

@InputType()
export class ExpenditureInput {
  @Field()
  receiptNumber!: string;

  @Field(() => LocalDateScalar)
  invoiceDate!: LocalDate;

  @Field(() => LocalDateScalar, { nullable: true })
  paymentDate?: LocalDate | null;

  @Field()
  payee!: string;

  @Field()
  purpose!: string;

  @Field(() => CostCategoryEnum)
  category!: CostCategory;

  @Field(() => MoneyScalar)
  amount!: Dec;

  @Field(() => MoneyScalar, { nullable: true, description: 'Default: the amount.' })
  eligibleAmount?: Dec | null;

  @Field(() => String, { nullable: true })
  remark?: string | null;
}

@InputType()
export class ReversalInput {
  @Field()
  reason!: string;

  @Field(() => LocalDateScalar)
  reversedOn!: LocalDate;
}

const ReceiptOrderFieldEnum = Object.fromEntries(RECEIPT_ORDER_FIELDS.map((field) => [field, field])) as {
  [K in ReceiptOrderField]: K;
};
registerEnumType(ReceiptOrderFieldEnum, {
  name: 'ReceiptOrderField',
  description: 'What the Belegliste is sorted by; BOOKING is the order of booking.',
});

@InputType({ description: 'Sort order of the Belegliste.' })
export class ReceiptOrder {
  @Field(() => ReceiptOrderFieldEnum)
  field!: ReceiptOrderField;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  descending?: boolean | null;
}

@InputType({ description: 'Which rows of the Belegliste to show; the conditions combine with "and".' })
export class ReceiptFilter {
  @Field(() => CostCategoryEnum, { nullable: true })
  category?: CostCategory | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only the rows that count (Rule 2); false: only those that do not.' })
  counts?: boolean | null;

  @Field(() => ExclusionReasonEnum, { nullable: true, description: 'Only the rows that do not count for this reason.' })
  exclusionReason?: ExclusionReason | null;

  @Field(() => String, {
    nullable: true,
    description: 'Part of the receipt number, the payee or the purpose (any case), or an exact amount in German notation (1.234,56).',
  })
  search?: string | null;
}

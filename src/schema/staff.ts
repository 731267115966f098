// GraphQL types of staff costs (Personalausgaben): employees, flat rates, monthly allocations and their inputs.
import type { RefusalReason } from '../domain/reasons.js';
// Fields with personal data are declared by the resolvers, which return null to those who may not see them.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Dec } from '../domain/decimal.js';
import { quoteInput } from '../domain/errors.js';
import type { LocalDate } from '../domain/local-date.js';
import { STAFF_COST_METHODS, type StaffCostMethod } from '../entities/index.js';
import { connectionOf } from './connection.js';
import { LocalDateScalar, MoneyScalar, RateScalar } from './scalars.js';

export const StaffCostMethodEnum = Object.fromEntries(STAFF_COST_METHODS.map((method) => [method, method])) as {
  [K in StaffCostMethod]: K;
};
registerEnumType(StaffCostMethodEnum, {
  name: 'StaffCostMethod',
  description:
    'Abrechnungsmethode: ACTUAL = Arbeitgeberbrutto × Projektanteil; HOURS = Arbeitgeberbrutto × Projektstunden / Arbeitsstunden; ' +
    'FLAT_RATE = Personalkostensatz der Entgeltgruppe ÷ 12 × Projektanteil.',
});

/** Hours of a month with at most two decimals, as the hours columns keep them (numeric(7,2)). */
const HOURS_PATTERN = /^(0|[1-9]\d{0,4})(\.\d{1,2})?$/;

function hoursError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_HOURS' satisfies RefusalReason } });
}

function parseHours(value: unknown): Dec {
  // As with money: a JSON number would already have passed through a binary float.
  if (typeof value !== 'string') throw hoursError('Stunden müssen als Zeichenkette wie "64.5" angegeben werden.');
  if (!HOURS_PATTERN.test(value)) {
    throw hoursError(
      `${quoteInput(value)} ist keine gültige Stundenzahl: bitte als Dezimalzahl mit Punkt und höchstens zwei Nachkommastellen angeben, z. B. "64.5".`,
    );
  }
  return new Dec(value);
}

export const HoursScalar = new GraphQLScalarType<Dec, string>({
  name: 'Hours',
  description: 'Hours of a month as a decimal string with at most two decimals, e.g. "64.5". Output has two decimals.',
  serialize: (value) => {
    if (!(value instanceof Dec)) throw new GraphQLError('Hours output must be a decimal value.');
    return value.toFixed(2);
  },
  parseValue: parseHours,
  parseLiteral: (ast) => parseHours(ast.kind === Kind.STRING ? ast.value : null),
});

@ObjectType({ description: 'Beschäftigte(r) eines Zuwendungsempfängers. Name and pay group are personal data.' })
export class Employee {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Give this back as `expectedVersion` when editing.' })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType({ description: 'Personalkostensatz: the programme’s flat annual rate for a pay group in a year.' })
export class StaffCostRate {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field({ description: 'Entgeltgruppe, e.g. "TVöD E 11".' })
  payGroup!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => MoneyScalar, { description: 'Annual rate; a month is one twelfth of it.' })
  annualRate!: Dec;
}

@ObjectType({ description: 'Storno of a staff allocation.' })
export class StaffAllocationReversal {
  @Field(() => ID)
  id!: string;

  @Field(() => LocalDateScalar)
  reversedOn!: LocalDate;

  @Field()
  reason!: string;

  @Field()
  createdAt!: Date;
}

@ObjectType({
  description:
    'One employee’s staff costs of one month charged to a grant. The amount is visible to all who see the grant; ' +
    'the figures it was computed from are personal data.',
})
export class StaffAllocation {
  @Field(() => ID)
  id!: string;

  @Field(() => LocalDateScalar, { description: 'First day of the month.' })
  month!: LocalDate;

  @Field(() => StaffCostMethodEnum)
  method!: StaffCostMethod;

  @Field(() => MoneyScalar, { description: 'Staff costs of the month charged to the grant.' })
  amount!: Dec;

  @Field()
  createdAt!: Date;
}

@InputType()
export class EmployeeInput {
  @Field(() => ID, { description: 'Arbeitgeber: the recipient that employs the person.' })
  employerId!: string;

  @Field()
  name!: string;

  @Field({ description: 'Entgeltgruppe, e.g. "TVöD E 11".' })
  payGroup!: string;
}

@InputType({ description: 'Only the fields given are changed.' })
export class EmployeePatch {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  payGroup?: string | null;
}

@InputType()
export class EmployeeFilter {
  @Field(() => ID, { nullable: true })
  employerId?: string;
}

@InputType()
export class StaffCostRateInput {
  @Field(() => ID)
  fundingProgramId!: string;

  @Field()
  payGroup!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => MoneyScalar)
  annualRate!: Dec;
}

@InputType({ description: 'Staff costs for every month from `from` to `to`, each month with the same figures.' })
export class StaffAllocationInput {
  @Field(() => ID)
  employeeId!: string;

  @Field(() => ID)
  grantNoticeId!: string;

  @Field(() => LocalDateScalar, { description: 'Any day of the first month.' })
  from!: LocalDate;

  @Field(() => LocalDateScalar, { description: 'Any day of the last month.' })
  to!: LocalDate;

  @Field(() => StaffCostMethodEnum)
  method!: StaffCostMethod;

  @Field(() => RateScalar, { nullable: true, description: 'Projektanteil (ACTUAL, FLAT_RATE).' })
  share?: Dec | null;

  @Field(() => HoursScalar, { nullable: true, description: 'Projektstunden of each month (HOURS).' })
  projectHours?: Dec | null;

  @Field(() => HoursScalar, { nullable: true, description: 'Regular working hours of each month (HOURS).' })
  workingHours?: Dec | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'Arbeitgeberbrutto of each month (ACTUAL, HOURS).' })
  employerCost?: Dec | null;
}

@InputType()
export class StaffAllocationFilter {
  @Field(() => ID, { nullable: true })
  grantNoticeId?: string;

  @Field(() => ID, { nullable: true })
  employeeId?: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Any day of the month.' })
  month?: LocalDate;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Any day of the first month: the allocations of this month and later.' })
  from?: LocalDate;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Any day of the last month: the allocations of this month and earlier.' })
  to?: LocalDate;
}

export const EmployeeConnection = connectionOf(Employee, 'Employee');
export const StaffAllocationConnection = connectionOf(StaffAllocation, 'StaffAllocation');

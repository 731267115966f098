// Staff costs: employees, flat rates and monthly allocations; personal data only for those Rule 7 lets see it.
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Dec } from '../domain/decimal.js';
import type {
  Employee as EmployeeEntity,
  GrantNotice as NoticeEntity,
  StaffAllocation as AllocationEntity,
  StaffCostRate as RateEntity,
} from '../entities/index.js';
import * as staff from '../services/staff.js';
import type { RequestContext } from '../schema/context.js';
import { MoneyScalar, RateScalar } from '../schema/scalars.js';
import {
  Employee,
  EmployeeConnection,
  EmployeeFilter,
  EmployeeInput,
  EmployeePatch,
  HoursScalar,
  StaffAllocation,
  StaffAllocationConnection,
  StaffAllocationFilter,
  StaffAllocationInput,
  StaffAllocationReversal,
  StaffCostRate,
  StaffCostRateInput,
} from '../schema/staff.js';
import { ReversalInput } from '../schema/spending.js';
import { FundingProgram, GrantNotice, Recipient } from '../schema/types.js';
import { DryRun } from './dry-run.js';
import { loaded } from './loading.js';
import { PageArgs } from './program.resolver.js';

@ArgsType()
class EmployeesArgs extends PageArgs {
  @Field(() => EmployeeFilter, { nullable: true })
  filter?: EmployeeFilter | null;
}

@ArgsType()
class StaffAllocationsArgs extends PageArgs {
  @Field(() => StaffAllocationFilter, { nullable: true })
  filter?: StaffAllocationFilter | null;
}

/** The notice with its figures in force loaded, so that every GrantNotice field can be read. */
async function noticeWithFigures(reference: NoticeEntity): Promise<NoticeEntity> {
  const notice = await loaded(reference);
  if (notice.currentVersion) await loaded(notice.currentVersion);
  return notice;
}

@Resolver(() => Employee)
export class EmployeeResolver {
  @Query(() => EmployeeConnection, { description: 'Beschäftigte of the recipients in the caller’s scope.' })
  employees(@Args() { filter, ...page }: EmployeesArgs, @Ctx() { em, access }: RequestContext) {
    return staff.listEmployees(em, access, filter, page);
  }

  @Query(() => Employee)
  employee(@Arg('id', () => ID) id: string, @Ctx() { em, access }: RequestContext) {
    return staff.getEmployee(em, access, id);
  }

  @FieldResolver(() => Recipient, { description: 'Arbeitgeber.' })
  employer(@Root() employee: EmployeeEntity) {
    return loaded(employee.employer);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Personal data: only for the employer’s finance officers and auditors; null for everyone else.',
  })
  name(@Root() employee: EmployeeEntity, @Ctx() { access }: RequestContext): string | null {
    return staff.seesPersonalData(access, employee.employer.id) ? employee.name : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Entgeltgruppe. Personal data: only for the employer’s finance officers and auditors; null for everyone else.',
  })
  payGroup(@Root() employee: EmployeeEntity, @Ctx() { access }: RequestContext): string | null {
    return staff.seesPersonalData(access, employee.employer.id) ? employee.payGroup : null;
  }

  @Mutation(() => Employee, { description: 'Records a Beschäftigte(r) of the caller’s recipient.' })
  createEmployee(
    @Arg('input', () => EmployeeInput) input: EmployeeInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return staff.createEmployee(em, access, input);
  }

  @Mutation(() => Employee)
  updateEmployee(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => EmployeePatch) input: EmployeePatch,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return staff.updateEmployee(em, access, id, expectedVersion, input);
  }
}

@Resolver(() => StaffCostRate)
export class StaffCostRateResolver {
  @Query(() => [StaffCostRate], { description: 'Personalkostensätze of a programme by pay group and year.' })
  staffCostRates(@Arg('fundingProgramId', () => ID) fundingProgramId: string, @Ctx() { em }: RequestContext) {
    return staff.listStaffCostRates(em, fundingProgramId);
  }

  @FieldResolver(() => FundingProgram)
  fundingProgram(@Root() rate: RateEntity) {
    return loaded(rate.fundingProgram);
  }

  @Mutation(() => StaffCostRate, { description: 'Sets the programme’s Personalkostensatz for a pay group and year.' })
  setStaffCostRate(
    @Arg('input', () => StaffCostRateInput) input: StaffCostRateInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return staff.setStaffCostRate(em, access, input);
  }
}

/** A figure an allocation was computed from: with the amount it would reveal the salary, so it is personal data. */
function personal<T>(allocation: AllocationEntity, access: RequestContext['access'], value: T | null | undefined): T | null {
  return staff.seesPersonalData(access, allocation.recipient.id) ? (value ?? null) : null;
}

const PERSONAL = 'Personal data (with the amount it reveals the salary): null except for the employer’s finance officers and auditors.';

@Resolver(() => StaffAllocation)
export class StaffAllocationResolver {
  @Query(() => StaffAllocationConnection, { description: 'Staff allocations to the grants in the caller’s scope.' })
  staffAllocations(@Args() { filter, ...page }: StaffAllocationsArgs, @Ctx() { em, access }: RequestContext) {
    return staff.listStaffAllocations(em, access, filter, page);
  }

  @FieldResolver(() => Employee)
  employee(@Root() allocation: AllocationEntity) {
    return loaded(allocation.employee);
  }

  @FieldResolver(() => GrantNotice)
  grantNotice(@Root() allocation: AllocationEntity) {
    return noticeWithFigures(allocation.notice);
  }

  @FieldResolver(() => Recipient)
  recipient(@Root() allocation: AllocationEntity) {
    return loaded(allocation.recipient);
  }

  @FieldResolver(() => RateScalar, { nullable: true, description: `Projektanteil. ${PERSONAL}` })
  share(@Root() allocation: AllocationEntity, @Ctx() { access }: RequestContext): Dec | null {
    return personal(allocation, access, allocation.share);
  }

  @FieldResolver(() => MoneyScalar, { nullable: true, description: `Arbeitgeberbrutto of the month. ${PERSONAL}` })
  employerCost(@Root() allocation: AllocationEntity, @Ctx() { access }: RequestContext): Dec | null {
    return personal(allocation, access, allocation.employerCost);
  }

  @FieldResolver(() => HoursScalar, { nullable: true, description: `Projektstunden of the month. ${PERSONAL}` })
  projectHours(@Root() allocation: AllocationEntity, @Ctx() { access }: RequestContext): Dec | null {
    return personal(allocation, access, allocation.projectHours);
  }

  @FieldResolver(() => HoursScalar, { nullable: true, description: `Working hours of the month. ${PERSONAL}` })
  workingHours(@Root() allocation: AllocationEntity, @Ctx() { access }: RequestContext): Dec | null {
    return personal(allocation, access, allocation.workingHours);
  }

  @FieldResolver(() => MoneyScalar, {
    nullable: true,
    description: `Personalkostensatz applied (FLAT_RATE); it tells the pay group. ${PERSONAL}`,
  })
  annualRate(@Root() allocation: AllocationEntity, @Ctx() { access }: RequestContext): Dec | null {
    return personal(allocation, access, allocation.annualRate);
  }

  @FieldResolver(() => StaffAllocationReversal, { nullable: true, description: 'The Storno, if the allocation is reversed.' })
  reversal(@Root() allocation: AllocationEntity) {
    return allocation.reversal ? loaded(allocation.reversal) : null;
  }

  @Mutation(() => [StaffAllocation], {
    description:
      'Charges an employee’s staff costs to a grant for every month of a range (Rule 7); refused when the employee’s shares ' +
      'in a month would exceed 1 over all grants.',
  })
  allocateStaff(
    @Arg('input', () => StaffAllocationInput) input: StaffAllocationInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return staff.allocateStaff(em, access, input);
  }

  @Mutation(() => StaffAllocationReversal, { description: 'Storno of one month’s staff allocation; its share is free again.' })
  reverseStaffAllocation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ReversalInput) input: ReversalInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return staff.reverseStaffAllocation(em, access, id, input);
  }
}

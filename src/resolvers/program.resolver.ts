// Funding programmes: queries, mutations and the budget-year field.
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Dec } from '../domain/decimal.js';
import type { FundingProgram as FundingProgramEntity, ProgramBudget as ProgramBudgetEntity } from '../entities/index.js';
import { programmeOverviewPath } from '../reports/programme-overview.js';
import * as programs from '../services/programs.js';
import { DryRun } from './dry-run.js';
import type { RequestContext } from '../schema/context.js';
import { FundingProgramFilter, FundingProgramInput, FundingProgramPatch } from '../schema/inputs.js';
import { MoneyScalar } from '../schema/scalars.js';
import { FundingProgram, FundingProgramConnection, GrantNotice, ProgramBudgetYear } from '../schema/types.js';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 0 to 100; default 20.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;
}

@ArgsType()
class FundingProgramsArgs extends PageArgs {
  @Field(() => FundingProgramFilter, { nullable: true })
  filter?: FundingProgramFilter | null;
}

@Resolver(() => FundingProgram)
export class FundingProgramResolver {
  @Query(() => FundingProgramConnection, { description: 'Förderprogramme.' })
  fundingPrograms(@Args() { filter, ...page }: FundingProgramsArgs, @Ctx() { em }: RequestContext) {
    return programs.listFundingPrograms(em, filter, page);
  }

  @Query(() => FundingProgram)
  fundingProgram(@Arg('id', () => ID) id: string, @Ctx() { em }: RequestContext) {
    return programs.getFundingProgram(em, id);
  }

  @FieldResolver(() => [GrantNotice], {
    description:
      'Programmübersicht: every notice of the programme the caller may see, by recipient AGS and reference, in one list ' +
      '(a programme has a few thousand notices at most). With budgetCheck and settlement, the figures of all notices are computed together.',
  })
  grantNotices(@Root() program: FundingProgramEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.programmeNotices.load(program.id);
  }

  @FieldResolver(() => [ProgramBudgetYear], { description: 'Budget, commitment and what is left per budget year.' })
  budgetYears(@Root() program: FundingProgramEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.budgetYears.load(program.id);
  }

  @FieldResolver(() => String, {
    description: 'Path of the programme overview (XLSX) to GET with the same bearer token; rows limited to the caller’s notices.',
  })
  overviewReportPath(@Root() program: FundingProgramEntity): string {
    return programmeOverviewPath(program.id);
  }

  @Mutation(() => FundingProgram)
  createFundingProgram(@Arg('input', () => FundingProgramInput) input: FundingProgramInput, @Ctx() { em, access }: RequestContext) {
    return programs.createFundingProgram(em, access, input);
  }

  @Mutation(() => FundingProgram)
  updateFundingProgram(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => FundingProgramPatch) input: FundingProgramPatch,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return programs.updateFundingProgram(em, access, id, expectedVersion, input);
  }

  @Mutation(() => ProgramBudgetYear, { description: 'Sets the programme’s budget for a budget year (Haushaltsansatz).' })
  async setProgramBudget(
    @Arg('fundingProgramId', () => ID) fundingProgramId: string,
    @Arg('year', () => Int) year: number,
    @Arg('amount', () => MoneyScalar) amount: Dec,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ): Promise<ProgramBudgetYear> {
    const budget: ProgramBudgetEntity = await programs.setProgramBudget(em, access, fundingProgramId, year, amount);
    const years = await programs.budgetYears(em, fundingProgramId);
    const use = years.find((entry) => entry.year === budget.year);
    if (!use) throw new Error(`Budget ${year} of programme ${fundingProgramId} vanished after it was written.`);
    return use;
  }
}

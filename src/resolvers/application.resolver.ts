// Grant applications: queries, mutations and their relations.
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GrantApplication as ApplicationEntity } from '../entities/index.js';
import * as applications from '../services/applications.js';
import type { RequestContext } from '../schema/context.js';
import { GrantApplicationFilter, GrantApplicationInput, GrantApplicationPatch } from '../schema/inputs.js';
import { MoneyScalar } from '../schema/scalars.js';
import {
  FundingProgram,
  GrantApplication,
  GrantApplicationConnection,
  GrantNotice,
  PlanLine,
  Project,
  Recipient,
} from '../schema/types.js';
import { DryRun } from './dry-run.js';
import { loaded, loadedItems } from './loading.js';
import { PageArgs } from './program.resolver.js';

@ArgsType()
class GrantApplicationsArgs extends PageArgs {
  @Field(() => GrantApplicationFilter, { nullable: true })
  filter?: GrantApplicationFilter | null;
}

@Resolver(() => GrantApplication)
export class GrantApplicationResolver {
  @Query(() => GrantApplicationConnection, { description: 'Förderanträge.' })
  grantApplications(@Args() { filter, ...page }: GrantApplicationsArgs, @Ctx() { em, access }: RequestContext) {
    return applications.listGrantApplications(em, access, filter, page);
  }

  @Query(() => GrantApplication)
  grantApplication(@Arg('id', () => ID) id: string, @Ctx() { em, access }: RequestContext) {
    return applications.getGrantApplication(em, access, id);
  }

  @FieldResolver(() => FundingProgram)
  fundingProgram(@Root() application: ApplicationEntity) {
    return loaded(application.fundingProgram);
  }

  @FieldResolver(() => Recipient)
  recipient(@Root() application: ApplicationEntity) {
    return loaded(application.recipient);
  }

  @FieldResolver(() => Project)
  project(@Root() application: ApplicationEntity) {
    return loaded(application.project);
  }

  @FieldResolver(() => GrantNotice, {
    nullable: true,
    description: 'The Zuwendungsbescheid made from the application; null while there is none.',
  })
  notice(@Root() application: ApplicationEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.applicationNotice.load(application.id);
  }

  @FieldResolver(() => [PlanLine], { description: 'Financing plan of the application.' })
  lines(@Root() application: ApplicationEntity) {
    return loadedItems(application.lines);
  }

  @FieldResolver(() => MoneyScalar, { description: 'Sum of the planned lines.' })
  async plannedTotal(@Root() application: ApplicationEntity) {
    await loadedItems(application.lines);
    return applications.plannedTotal(application);
  }

  @Mutation(() => GrantApplication)
  createGrantApplication(
    @Arg('input', () => GrantApplicationInput) input: GrantApplicationInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return applications.createGrantApplication(em, access, input);
  }

  @Mutation(() => GrantApplication)
  updateGrantApplication(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => GrantApplicationPatch) input: GrantApplicationPatch,
    @Ctx() { em, access }: RequestContext,
  ) {
    return applications.updateGrantApplication(em, access, id, expectedVersion, input);
  }
}

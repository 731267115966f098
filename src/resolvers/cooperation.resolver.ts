// Cooperations, their memberships and resolutions.
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { LocalDate } from '../domain/local-date.js';
import type { Cooperation as CooperationEntity, CooperationMembership as MembershipEntity } from '../entities/index.js';
import { budgetCheckPath } from '../reports/budget-check.js';
import * as cooperations from '../services/cooperations.js';
import type { RequestContext } from '../schema/context.js';
import {
  CooperationFilter,
  CooperationInput,
  CooperationPatch,
  MembershipInput,
  MembershipPatch,
  ResolutionInput,
} from '../schema/inputs.js';
import { LocalDateScalar } from '../schema/scalars.js';
import { Cooperation, CooperationConnection, CooperationMembership, CooperationResolution, Recipient } from '../schema/types.js';
import { loaded, loadedItems } from './loading.js';
import { PageArgs } from './program.resolver.js';
import { DryRun } from './dry-run.js';

@ArgsType()
class CooperationsArgs extends PageArgs {
  @Field(() => CooperationFilter, { nullable: true })
  filter?: CooperationFilter | null;
}

@Resolver(() => Cooperation)
export class CooperationResolver {
  @Query(() => CooperationConnection, { description: 'Zweckvereinbarungen.' })
  cooperations(@Args() { filter, ...page }: CooperationsArgs, @Ctx() { em, access }: RequestContext) {
    return cooperations.listCooperations(em, access, filter, page);
  }

  @Query(() => Cooperation)
  cooperation(@Arg('id', () => ID) id: string, @Ctx() { em, access }: RequestContext) {
    return cooperations.getCooperation(em, access, id);
  }

  @FieldResolver(() => [CooperationMembership], {
    description: 'Members on the given day, or every membership ever without one; lead first.',
  })
  memberships(
    @Root() cooperation: CooperationEntity,
    @Arg('activeOn', () => LocalDateScalar, { nullable: true }) activeOn: LocalDate | null,
    @Ctx() { loaders }: RequestContext,
  ) {
    return loaders.memberships(activeOn).load(cooperation.id);
  }

  @FieldResolver(() => String, { description: 'Path of the budget check (XLSX) to GET with the same bearer token.' })
  budgetCheckReportPath(@Root() cooperation: CooperationEntity): string {
    return budgetCheckPath(cooperation.id);
  }

  @Mutation(() => Cooperation)
  createCooperation(
    @Arg('input', () => CooperationInput) input: CooperationInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return cooperations.createCooperation(em, access, input);
  }

  @Mutation(() => Cooperation)
  updateCooperation(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => CooperationPatch) input: CooperationPatch,
    @Ctx() { em, access }: RequestContext,
  ) {
    return cooperations.updateCooperation(em, access, id, expectedVersion, input);
  }

  @Mutation(() => CooperationMembership, { description: 'A recipient joins a cooperation, with the resolutions behind it.' })
  addCooperationMember(
    @Arg('input', () => MembershipInput) input: MembershipInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return cooperations.addCooperationMember(em, access, input);
  }

  @Mutation(() => CooperationMembership, { description: 'Records leaving (leftOn) or a change of lead.' })
  updateCooperationMembership(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => MembershipPatch) input: MembershipPatch,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return cooperations.updateCooperationMembership(em, access, id, expectedVersion, input);
  }

  @Mutation(() => CooperationResolution)
  addCooperationResolution(
    @Arg('membershipId', () => ID) membershipId: string,
    @Arg('input', () => ResolutionInput) input: ResolutionInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return cooperations.addCooperationResolution(em, access, membershipId, input);
  }
}

@Resolver(() => CooperationMembership)
export class CooperationMembershipResolver {
  @FieldResolver(() => Recipient)
  recipient(@Root() membership: MembershipEntity) {
    return loaded(membership.recipient);
  }

  @FieldResolver(() => Cooperation)
  cooperation(@Root() membership: MembershipEntity) {
    return loaded(membership.cooperation);
  }

  @FieldResolver(() => [CooperationResolution], { description: 'Beschlüsse behind this membership.' })
  resolutions(@Root() membership: MembershipEntity) {
    return loadedItems(membership.resolutions);
  }
}

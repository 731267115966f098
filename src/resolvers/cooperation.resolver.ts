// Cooperations, their memberships and resolutions.
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { LocalDate } from '../domain/local-date.js';
import type { Cooperation as CooperationEntity, CooperationMembership as MembershipEntity } from '../entities/index.js';
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

@ArgsType()
class CooperationsArgs extends PageArgs {
  @Field(() => CooperationFilter, { nullable: true })
  filter?: CooperationFilter | null;
}

@Resolver(() => Cooperation)
export class CooperationResolver {
  @Query(() => CooperationConnection, { description: 'Zweckvereinbarungen.' })
  cooperations(@Args() { filter, ...page }: CooperationsArgs, @Ctx() { em }: RequestContext) {
    return cooperations.listCooperations(em, filter, page);
  }

  @Query(() => Cooperation)
  cooperation(@Arg('id', () => ID) id: string, @Ctx() { em }: RequestContext) {
    return cooperations.getCooperation(em, id);
  }

  @FieldResolver(() => [CooperationMembership], {
    description: 'Members on the given day, or every membership ever without one; lead first.',
  })
  memberships(
    @Root() cooperation: CooperationEntity,
    @Arg('activeOn', () => LocalDateScalar, { nullable: true }) activeOn: LocalDate | null,
    @Ctx() { em }: RequestContext,
  ) {
    return cooperations.membershipsOf(em, cooperation.id, activeOn);
  }

  @Mutation(() => Cooperation)
  createCooperation(@Arg('input', () => CooperationInput) input: CooperationInput, @Ctx() { em }: RequestContext) {
    return cooperations.createCooperation(em, input);
  }

  @Mutation(() => Cooperation)
  updateCooperation(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => CooperationPatch) input: CooperationPatch,
    @Ctx() { em }: RequestContext,
  ) {
    return cooperations.updateCooperation(em, id, expectedVersion, input);
  }

  @Mutation(() => CooperationMembership, { description: 'A recipient joins a cooperation, with the resolutions behind it.' })
  addCooperationMember(@Arg('input', () => MembershipInput) input: MembershipInput, @Ctx() { em }: RequestContext) {
    return cooperations.addCooperationMember(em, input);
  }

  @Mutation(() => CooperationMembership, { description: 'Records leaving (leftOn) or a change of lead.' })
  updateCooperationMembership(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => MembershipPatch) input: MembershipPatch,
    @Ctx() { em }: RequestContext,
  ) {
    return cooperations.updateCooperationMembership(em, id, expectedVersion, input);
  }

  @Mutation(() => CooperationResolution)
  addCooperationResolution(
    @Arg('membershipId', () => ID) membershipId: string,
    @Arg('input', () => ResolutionInput) input: ResolutionInput,
    @Ctx() { em }: RequestContext,
  ) {
    return cooperations.addCooperationResolution(em, membershipId, input);
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

// Recipients: queries and mutations.
import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import * as recipients from '../services/recipients.js';
import type { RequestContext } from '../schema/context.js';
import { RecipientFilter, RecipientInput, RecipientPatch } from '../schema/inputs.js';
import { Recipient, RecipientConnection } from '../schema/types.js';
import { PageArgs } from './program.resolver.js';
import { DryRun } from './dry-run.js';

@ArgsType()
class RecipientsArgs extends PageArgs {
  @Field(() => RecipientFilter, { nullable: true })
  filter?: RecipientFilter | null;
}

@Resolver(() => Recipient)
export class RecipientResolver {
  @Query(() => RecipientConnection, { description: 'Zuwendungsempfänger.' })
  recipients(@Args() { filter, ...page }: RecipientsArgs, @Ctx() { em, access }: RequestContext) {
    return recipients.listRecipients(em, access, filter, page);
  }

  @Query(() => Recipient)
  recipient(@Arg('id', () => ID) id: string, @Ctx() { em, access }: RequestContext) {
    return recipients.getRecipient(em, access, id);
  }

  @Mutation(() => Recipient)
  createRecipient(
    @Arg('input', () => RecipientInput) input: RecipientInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return recipients.createRecipient(em, access, input);
  }

  @Mutation(() => Recipient)
  updateRecipient(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => RecipientPatch) input: RecipientPatch,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return recipients.updateRecipient(em, access, id, expectedVersion, input);
  }
}

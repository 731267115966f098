// Joint purchases: queries and mutations of shared invoices, and each member's part.
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Expenditure as ExpenditureEntity, SharedInvoice as InvoiceEntity } from '../entities/index.js';
import * as sharedInvoices from '../services/shared-invoices.js';
import type { RequestContext } from '../schema/context.js';
import {
  SharedInvoice,
  SharedInvoiceConnection,
  SharedInvoiceFilter,
  SharedInvoiceInput,
  SharedInvoicePart,
  SharedInvoiceReversal,
} from '../schema/shared-invoices.js';
import { Expenditure, ReversalInput } from '../schema/spending.js';
import { Cooperation, FundingProgram, GrantNotice, Recipient } from '../schema/types.js';
import { DryRun } from './dry-run.js';
import { loaded } from './loading.js';
import { PageArgs } from './program.resolver.js';

@ArgsType()
class SharedInvoicesArgs extends PageArgs {
  @Field(() => SharedInvoiceFilter, { nullable: true })
  filter?: SharedInvoiceFilter | null;
}

@Resolver(() => SharedInvoice)
export class SharedInvoiceResolver {
  @Query(() => SharedInvoiceConnection, { description: 'Gemeinsame Beschaffungen of the cooperations in the caller’s scope.' })
  sharedInvoices(@Args() { filter, ...page }: SharedInvoicesArgs, @Ctx() { em, access }: RequestContext) {
    return sharedInvoices.listSharedInvoices(em, access, filter, page);
  }

  @Query(() => SharedInvoice)
  sharedInvoice(@Arg('id', () => ID) id: string, @Ctx() { em, access }: RequestContext) {
    return sharedInvoices.getSharedInvoice(em, access, id);
  }

  @FieldResolver(() => Cooperation)
  cooperation(@Root() invoice: InvoiceEntity) {
    return loaded(invoice.cooperation);
  }

  @FieldResolver(() => FundingProgram)
  fundingProgram(@Root() invoice: InvoiceEntity) {
    return loaded(invoice.fundingProgram);
  }

  @FieldResolver(() => [SharedInvoicePart], {
    description: 'The members’ parts by AGS; a finance officer sees only the parts of its own recipients.',
  })
  parts(@Root() invoice: InvoiceEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.sharedInvoiceParts.load(invoice.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Who recorded the invoice, by the name in the audit trail; null where the trail has no record of it.',
  })
  recordedBy(@Root() invoice: InvoiceEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.sharedInvoiceRecorders.load(invoice.id);
  }

  @FieldResolver(() => SharedInvoiceReversal, { nullable: true, description: 'The Storno, if the invoice is reversed.' })
  reversal(@Root() invoice: InvoiceEntity) {
    return invoice.reversal ? loaded(invoice.reversal) : null;
  }

  @Mutation(() => SharedInvoice, {
    description:
      'Records a joint purchase of a cooperation (Rule 8) and books each member’s part, split by the allocation key, ' +
      'as a receipt on the member’s grant.',
  })
  recordSharedInvoice(
    @Arg('input', () => SharedInvoiceInput) input: SharedInvoiceInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return sharedInvoices.recordSharedInvoice(em, access, input);
  }

  @Mutation(() => SharedInvoiceReversal, { description: 'Storno of a joint purchase: the invoice and every member’s part.' })
  reverseSharedInvoice(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ReversalInput) input: ReversalInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return sharedInvoices.reverseSharedInvoice(em, access, id, input);
  }
}

/** A part is the member's receipt itself; these fields show it from the shared invoice's side. */
@Resolver(() => SharedInvoicePart)
export class SharedInvoicePartResolver {
  @FieldResolver(() => Recipient)
  recipient(@Root() part: ExpenditureEntity) {
    return loaded(part.recipient);
  }

  @FieldResolver(() => GrantNotice)
  async grantNotice(@Root() part: ExpenditureEntity) {
    const notice = await loaded(part.notice);
    if (notice.currentVersion) await loaded(notice.currentVersion);
    return notice;
  }

  @FieldResolver(() => Expenditure, { description: 'The member’s receipt, as it appears in the Belegliste of its grant.' })
  expenditure(@Root() part: ExpenditureEntity): ExpenditureEntity {
    return part;
  }
}

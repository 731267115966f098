// Receipts: booking, reversal, lookup; the budget check and the Belegliste on a notice; the team lead's overview.
import { Warning } from '../schema/warnings.js';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Expenditure as ExpenditureEntity, GrantNotice as NoticeEntity } from '../entities/index.js';
import { proofOfUsePath } from '../reports/proof-of-use.js';
import * as expenditures from '../services/expenditures.js';
import { receiptWindow, selectedReceiptsOf } from '../services/receipt-list.js';
import { DomainInputError } from '../domain/errors.js';
import type { BudgetCheckFigures, ExcludedExpenditure as ExcludedExpenditureView } from '../services/budget-check.js';
import type { RequestContext } from '../schema/context.js';
import {
  BudgetCheck,
  ExcludedExpenditure,
  Expenditure,
  ExpenditureInput,
  ExpenditureReversal,
  MemberBudget,
  ReceiptFilter,
  ReceiptList,
  ReceiptOrder,
  ReversalInput,
} from '../schema/spending.js';
import { Cooperation, GrantNotice } from '../schema/types.js';
import { DryRun } from './dry-run.js';
import { loaded } from './loading.js';

@ArgsType()
class ReceiptPageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 0 to 1000; default 100.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page; not with offset, orderBy or filter.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'Rows to skip: the position of a page of a sorted or filtered Belegliste.' })
  offset?: number | null;

  @Field(() => ReceiptOrder, { nullable: true, description: 'Default: the order of booking.' })
  orderBy?: ReceiptOrder | null;

  @Field(() => ReceiptFilter, { nullable: true })
  filter?: ReceiptFilter | null;
}

@Resolver(() => Expenditure)
export class ExpenditureResolver {
  @FieldResolver(() => [Warning], {
    description: 'Hinweise: e.g. a receipt number the notice has more than once, or a receipt that does not count.',
  })
  warnings(@Root() expenditure: ExpenditureEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.expenditureWarnings.load(expenditure.id);
  }

  @Query(() => Expenditure, { description: 'Beleg.' })
  expenditure(@Arg('id', () => ID) id: string, @Ctx() { em, access }: RequestContext) {
    return expenditures.getExpenditure(em, access, id);
  }

  @FieldResolver(() => GrantNotice)
  async grantNotice(@Root() expenditure: ExpenditureEntity) {
    const notice = await loaded(expenditure.notice);
    if (notice.currentVersion) await loaded(notice.currentVersion);
    return notice;
  }

  @FieldResolver(() => ExpenditureReversal, { nullable: true, description: 'The Storno, if the receipt was reversed.' })
  reversal(@Root() expenditure: ExpenditureEntity) {
    // The ORM reads the reversal's id with the receipt (the owning side of a one-to-one is joined), and
    // its dataloader reads the reversals of a whole list at once.
    return expenditure.reversal ? loaded(expenditure.reversal) : null;
  }

  @Mutation(() => Expenditure, { description: 'Books one receipt on a grant notice.' })
  async recordExpenditure(
    @Arg('grantNoticeId', () => ID) grantNoticeId: string,
    @Arg('input', () => ExpenditureInput) input: ExpenditureInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return expenditures.recordExpenditure(em, access, grantNoticeId, input);
  }

  @Mutation(() => Expenditure, { description: 'Storno: cancels a receipt for good; record a corrected one anew.' })
  async reverseExpenditure(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ReversalInput) input: ReversalInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    const reversal = await expenditures.reverseExpenditure(em, access, id, input);
    return loaded(reversal.expenditure);
  }
}

@Resolver(() => GrantNotice)
export class GrantNoticeSpendingResolver {
  @FieldResolver(() => BudgetCheck, { description: 'Rule 3: the financing plan in force against the counted receipts and staff costs.' })
  budgetCheck(@Root() notice: NoticeEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.budgetCheck.load(notice.id);
  }

  @FieldResolver(() => ReceiptList, {
    description:
      'Belegliste: receipts and staff costs, in booking order and paged by cursor; or sorted, filtered and searched, paged by offset.',
  })
  receipts(
    @Root() notice: NoticeEntity,
    @Args() { offset, orderBy, filter, ...page }: ReceiptPageArgs,
    @Ctx() { em, access, loaders }: RequestContext,
  ): Promise<ReceiptList> {
    if (offset == null && !orderBy && !filter) return loaders.receipts(receiptWindow(page)).load(notice.id);
    if (page.after) {
      throw new DomainInputError(
        'Ein Seitenzeiger ("after") gilt nur für die Belegliste in Buchungsfolge; sortiert oder gefiltert bitte "offset" verwenden.',
        {
          reason: 'INVALID_CURSOR',
          field: 'after',
        },
      );
    }
    return selectedReceiptsOf(em, access, notice, {
      orderBy: orderBy?.field ?? 'BOOKING',
      descending: orderBy?.descending ?? false,
      category: filter?.category ?? null,
      counts: filter?.counts ?? null,
      exclusionReason: filter?.exclusionReason ?? null,
      search: filter?.search ?? null,
      offset: offset ?? 0,
      first: page.first ?? 100,
    });
  }

  @FieldResolver(() => String, { description: 'Path of the Verwendungsnachweis (XLSX) to GET with the same bearer token.' })
  proofOfUseReportPath(@Root() notice: NoticeEntity): string {
    return proofOfUsePath(notice.id);
  }
}

@Resolver(() => BudgetCheck)
export class BudgetCheckResolver {
  @FieldResolver(() => [ExcludedExpenditure], { description: 'Receipts that do not count, the first 500 by booking order.' })
  excluded(@Root() check: BudgetCheckFigures & { excluded?: ExcludedExpenditureView[] }, @Ctx() { loaders }: RequestContext) {
    return check.excluded ?? loaders.excluded.load(check.noticeId);
  }
}

@Resolver(() => Cooperation)
export class CooperationSpendingResolver {
  @FieldResolver(() => [MemberBudget], { description: 'Every visible member’s grant in the programme with its budget check.' })
  async budgetOverview(
    @Root() cooperation: { id: string },
    @Arg('fundingProgramId', () => ID) fundingProgramId: string,
    @Ctx() { loaders }: RequestContext,
  ): Promise<MemberBudget[]> {
    const overview = await loaders.budgetOverview(fundingProgramId).load(cooperation.id);
    return overview.map(({ notice, budgetCheck }) => ({
      grantNoticeId: notice.id,
      reference: notice.reference,
      recipientName: notice.recipient.name,
      ags: notice.recipient.ags,
      approvedAmount: notice.approvedAmount,
      budgetCheck,
    }));
  }
}

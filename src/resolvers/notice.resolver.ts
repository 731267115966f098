// Grant notices: queries, mutations, amendments and the history of figures.
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { LocalDate } from '../domain/local-date.js';
import type {
  GrantAmendment as AmendmentEntity,
  GrantNotice as NoticeEntity,
  GrantNoticeVersion as VersionEntity,
} from '../entities/index.js';
import * as notices from '../services/notices.js';
import type { RequestContext } from '../schema/context.js';
import { GrantAmendmentInput, GrantNoticeFilter, GrantNoticeInput, GrantNoticePatch } from '../schema/inputs.js';
import {
  FundingProgram,
  GrantAmendment,
  GrantApplication,
  GrantNotice,
  GrantNoticeConnection,
  GrantNoticeVersion,
  Period,
  PlanLine,
  Project,
  Recipient,
} from '../schema/types.js';
import { LocalDateScalar } from '../schema/scalars.js';
import { DryRun } from './dry-run.js';
import { loaded } from './loading.js';
import { PageArgs } from './program.resolver.js';

@ArgsType()
class GrantNoticesArgs extends PageArgs {
  @Field(() => GrantNoticeFilter, { nullable: true })
  filter?: GrantNoticeFilter | null;
}

/** The notice with its figures in force loaded, so that the figure fields can be read. */
async function withFigures(notice: NoticeEntity): Promise<NoticeEntity> {
  if (notice.currentVersion) await loaded(notice.currentVersion);
  return notice;
}

@Resolver(() => GrantNotice)
export class GrantNoticeResolver {
  @Query(() => GrantNoticeConnection, { description: 'Zuwendungsbescheide.' })
  grantNotices(@Args() { filter, ...page }: GrantNoticesArgs, @Ctx() { em, access }: RequestContext) {
    return notices.listGrantNotices(em, access, filter, page);
  }

  @Query(() => GrantNotice)
  grantNotice(@Arg('id', () => ID) id: string, @Ctx() { em, access }: RequestContext) {
    return notices.getGrantNotice(em, access, id);
  }

  @FieldResolver(() => Period, { description: 'Bewilligungszeitraum in force.' })
  approvalPeriod(@Root() notice: NoticeEntity): Period {
    return { start: notice.current.approvalStart, end: notice.current.approvalEnd };
  }

  @FieldResolver(() => [PlanLine], { description: 'Financing plan in force.' })
  budgetLines(@Root() notice: NoticeEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.budgetLines.load(notice.current.id);
  }

  @FieldResolver(() => [GrantNoticeVersion], { description: 'Every version of the figures, the original notice first.' })
  versions(@Root() notice: NoticeEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.versions.load(notice.id);
  }

  @FieldResolver(() => Recipient)
  recipient(@Root() notice: NoticeEntity) {
    return loaded(notice.recipient);
  }

  @FieldResolver(() => Project)
  project(@Root() notice: NoticeEntity) {
    return loaded(notice.project);
  }

  @FieldResolver(() => FundingProgram)
  fundingProgram(@Root() notice: NoticeEntity) {
    return loaded(notice.fundingProgram);
  }

  @FieldResolver(() => GrantApplication, { nullable: true })
  application(@Root() notice: NoticeEntity) {
    return notice.application ? loaded(notice.application) : null;
  }

  @Mutation(() => GrantNotice, { description: 'Records a Zuwendungsbescheid; refused when it breaks Rule 1.' })
  async createGrantNotice(
    @Arg('input', () => GrantNoticeInput) input: GrantNoticeInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return withFigures(await notices.createGrantNotice(em, access, input));
  }

  @Mutation(() => GrantNotice, { description: 'Changes reference, date or status; figures change only by amendGrantNotice.' })
  async updateGrantNotice(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => GrantNoticePatch) input: GrantNoticePatch,
    @Ctx() { em, access }: RequestContext,
  ) {
    return withFigures(await notices.updateGrantNotice(em, access, id, expectedVersion, input));
  }

  @Mutation(() => GrantNotice, { description: 'Records an Änderungsbescheid: a new version of the figures.' })
  async amendGrantNotice(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => GrantAmendmentInput) input: GrantAmendmentInput,
    @DryRun() _dryRun: boolean,
    @Ctx() { em, access }: RequestContext,
  ) {
    return withFigures(await notices.amendGrantNotice(em, access, id, expectedVersion, input));
  }
}

@Resolver(() => GrantNoticeVersion)
export class GrantNoticeVersionResolver {
  @FieldResolver(() => Period)
  approvalPeriod(@Root() version: VersionEntity): Period {
    return { start: version.approvalStart, end: version.approvalEnd };
  }

  @FieldResolver(() => [PlanLine])
  budgetLines(@Root() version: VersionEntity, @Ctx() { loaders }: RequestContext) {
    return loaders.budgetLines.load(version.id);
  }

  @FieldResolver(() => GrantAmendment, {
    nullable: true,
    description: 'The amendment that made this version; null for the original notice.',
  })
  amendment(@Root() version: VersionEntity) {
    return version.amendment ? loaded(version.amendment) : null;
  }
}

@Resolver(() => GrantAmendment)
export class GrantAmendmentResolver {
  @FieldResolver(() => LocalDateScalar, { description: 'The day the changed figures apply from.' })
  async effectiveFrom(@Root() amendment: AmendmentEntity): Promise<LocalDate> {
    return (await loaded(amendment.resultingVersion)).effectiveFrom;
  }
}

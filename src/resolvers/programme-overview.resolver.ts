// Query.programmeOverview: the state auditor's table of every notice of a programme.
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { programmeOverviewPath } from '../reports/programme-overview.js';
import type { RequestContext } from '../schema/context.js';
import { ProgrammeOverviewFilter, ProgrammeOverviewOrder, ProgrammeOverviewPage } from '../schema/programme-overview.js';
import { overviewQueryString, overviewWindow, programmeOverview } from '../services/programme-overview.js';
import { todayInBerlin } from '../services/settlement.js';
import { ZERO } from '../domain/decimal.js';

@Resolver()
export class ProgrammeOverviewResolver {
  @Query(() => ProgrammeOverviewPage, {
    description:
      'Programmübersicht of a programme: the notices in the caller’s scope that pass the filter, sorted, a page of 1 to 100 (default 50) ' +
      'from `offset`, with totals per recipient and per cooperation of all that pass it. Figures as of today.',
  })
  async programmeOverview(
    @Arg('fundingProgramId', () => ID) fundingProgramId: string,
    @Arg('filter', () => ProgrammeOverviewFilter, { nullable: true }) filter: ProgrammeOverviewFilter | null,
    @Arg('orderBy', () => ProgrammeOverviewOrder, { nullable: true }) orderBy: ProgrammeOverviewOrder | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('offset', () => Int, { nullable: true }) offset: number | null,
    @Ctx() { em, access }: RequestContext,
  ): Promise<ProgrammeOverviewPage> {
    const window = overviewWindow({ first, offset });
    const overview = await programmeOverview(em, access, fundingProgramId, filter, orderBy, todayInBerlin(), window);
    return {
      totalCount: overview.totalCount,
      rows: overview.rows.map((row) => ({ ...row, interest: row.interest ?? ZERO })),
      recipientTotals: overview.recipientTotals,
      cooperationTotals: overview.cooperationTotals,
      total: overview.total,
      reportPath: `${programmeOverviewPath(overview.programme.id)}${overviewQueryString(filter ?? {})}`,
    };
  }
}

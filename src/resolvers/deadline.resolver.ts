// Query.deadlines: the Fristen of the notices in the caller's scope.
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Deadline as DeadlineView } from '../domain/deadlines.js';
import type { LocalDate } from '../domain/local-date.js';
import { Deadline } from '../schema/deadlines.js';
import type { RequestContext } from '../schema/context.js';
import { LocalDateScalar } from '../schema/scalars.js';
import { GrantNotice } from '../schema/types.js';
import { deadlinesInScope } from '../services/deadlines.js';
import * as notices from '../services/notices.js';
import { todayInBerlin } from '../services/settlement.js';

@Resolver(() => Deadline)
export class DeadlineResolver {
  @Query(() => [Deadline], {
    description:
      "Fristen of the open notices in the caller's scope as of today: the overdue ones always, the others due from `from` to `to` (both included, either optional). By due date.",
  })
  deadlines(
    @Arg('from', () => LocalDateScalar, { nullable: true }) from: LocalDate | null,
    @Arg('to', () => LocalDateScalar, { nullable: true }) to: LocalDate | null,
    @Ctx() { em, access }: RequestContext,
  ) {
    return deadlinesInScope(em, access, { from: from ?? null, to: to ?? null }, todayInBerlin());
  }

  @FieldResolver(() => GrantNotice)
  grantNotice(@Root() deadline: DeadlineView, @Ctx() { em, access }: RequestContext) {
    return notices.getGrantNotice(em, access, deadline.noticeId);
  }
}

// The audit trail (Prüfpfad) for auditors: a filtered, paginated query; there is nothing to change.
import { Args, ArgsType, Ctx, Field, Query, Resolver } from 'type-graphql';
import { AuditEvent, AuditEventConnection, AuditEventFilter } from '../schema/audit.js';
import type { RequestContext } from '../schema/context.js';
import { listAuditEvents } from '../services/audit.js';
import { PageArgs } from './program.resolver.js';

@ArgsType()
class AuditEventsArgs extends PageArgs {
  @Field(() => AuditEventFilter, { nullable: true })
  filter?: AuditEventFilter | null;
}

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @Query(() => AuditEventConnection, {
    description: 'Prüfpfad: every change to a stored record, oldest first. Only auditors may read it; other roles get FORBIDDEN.',
  })
  auditEvents(@Args() { filter, ...page }: AuditEventsArgs, @Ctx() { em, access }: RequestContext) {
    return listAuditEvents(em, access, filter, page);
  }
}

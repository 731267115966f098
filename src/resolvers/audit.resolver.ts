// The audit trail (Prüfpfad) for auditors: a filtered, paginated query and the check of its hash chain; there is nothing to change.
import { Args, ArgsType, Ctx, Field, Query, Resolver } from 'type-graphql';
import { AuditEvent, AuditEventConnection, AuditEventFilter, AuditTrailVerification } from '../schema/audit.js';
import type { RequestContext } from '../schema/context.js';
import { listAuditEvents } from '../services/audit.js';
import { verifyAuditTrail } from '../services/audit-chain.js';
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

  @Query(() => AuditTrailVerification, {
    description:
      'Recomputes the hash chain of the whole audit trail and names the first event that breaks it. Only auditors may ask; other roles get FORBIDDEN.',
  })
  auditTrailVerification(@Ctx() { em, access }: RequestContext) {
    return verifyAuditTrail(em, access);
  }
}

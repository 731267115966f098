// The audit trail (Prüfpfad) for auditors: a filtered, paginated query and the check of its hash chain; there is nothing to change.
import { GraphQLJSONObject } from 'graphql-scalars';
import { Args, ArgsType, Ctx, Field, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GrantNotice as NoticeEntity } from '../entities/index.js';
import { AuditActor, AuditEvent, AuditEventConnection, AuditEventFilter, AuditTrailVerification } from '../schema/audit.js';
import type { RequestContext } from '../schema/context.js';
import { GrantNotice } from '../schema/types.js';
import { listAuditEvents, listNoticeAuditTrail, noticeAuditActors } from '../services/audit.js';
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

  @FieldResolver(() => [String])
  redactedFields(@Root() event: AuditEvent): string[] {
    return event.redactedFields ?? [];
  }

  @FieldResolver(() => GraphQLJSONObject)
  relatedLabels(@Root() event: AuditEvent): Record<string, string> {
    return event.relatedLabels ?? {};
  }
}

/** A notice's own trail: for everyone who may read the notice. */
@Resolver(() => GrantNotice)
export class GrantNoticeAuditResolver {
  @FieldResolver(() => AuditEventConnection, {
    description:
      'Prüfpfad of the notice and of everything booked on it (versions, budget lines, amendments, receipts, staff allocations, disbursement requests, payments, their reversals, the settlement, the parts of joint purchases), newest first. Everyone who may read the notice may read it; the figures of staff allocations (share, employer cost, hours, flat rate) come as null, named in redactedFields, to those who may not see the recipient’s personal data.',
  })
  auditTrail(@Root() notice: NoticeEntity, @Args() { filter, ...page }: AuditEventsArgs, @Ctx() { em, access }: RequestContext) {
    return listNoticeAuditTrail(em, access, notice, filter, page);
  }

  @FieldResolver(() => [AuditActor], { description: 'Everyone in the notice’s audit trail, by name: the choices of its actor filter.' })
  auditTrailActors(@Root() notice: NoticeEntity, @Ctx() { em, access }: RequestContext) {
    return noticeAuditActors(em, access, notice);
  }
}

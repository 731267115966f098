// GraphQL types of the audit trail (Prüfpfad): the events, their filter and their connection.
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AUDIT_ACTIONS, type AuditAction, type AuditState } from '../entities/index.js';
import { connectionOf } from './connection.js';

export const AuditActionEnum = Object.fromEntries(AUDIT_ACTIONS.map((action) => [action, action])) as { [K in AuditAction]: K };

registerEnumType(AuditActionEnum, { name: 'AuditAction', description: 'What a change did to the record.' });

@ObjectType({ description: 'Prüfpfad: one change to one record, who made it and the record before and after. Never changed.' })
export class AuditEvent {
  @Field(() => ID)
  id!: string;

  @Field()
  occurredAt!: Date;

  @Field({ description: 'Subject of the token of the caller who made the change; "system" for the service itself.' })
  actorSubject!: string;

  @Field()
  actorName!: string;

  @Field({ description: 'The caller’s role at the time of the change, e.g. FINANCE_OFFICER or SYSTEM.' })
  actorRole!: string;

  @Field(() => String, { nullable: true, description: 'x-request-id of the HTTP request; null for the service’s own work.' })
  requestId?: string | null;

  @Field({ description: 'Kind of record, e.g. "GrantNotice".' })
  entityType!: string;

  @Field()
  entityId!: string;

  @Field(() => AuditActionEnum)
  action!: AuditAction;

  @Field(() => String, {
    nullable: true,
    description:
      'The grant notice the changed record belongs to (the notice itself, its versions, receipts, payments …); null for records of no notice.',
  })
  grantNoticeId?: string | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The record before the change (null when created): money and rates as decimal strings, relations as ids.',
  })
  before?: AuditState | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The record after the change (null when deleted).' })
  after?: AuditState | null;

  @Field(() => [String], {
    description:
      'Fields of before and after withheld (null) as personal data: in a notice’s trail the figures of staff allocations, for readers who may not see the recipient’s personal data. Empty otherwise.',
  })
  redactedFields?: string[];

  @Field(() => GraphQLJSONObject, {
    description:
      'In a notice’s trail, by id: how the records that fields of before and after name read (a reversal’s receipt by its number, an allocation’s employee by name for those who may see personal data, a payment’s Mittelabruf by date and amount). Empty otherwise.',
  })
  relatedLabels?: Record<string, string>;

  @Field(() => String, {
    nullable: true,
    description: 'The hash of the event before it in the chain of the whole trail; null for the first event.',
  })
  previousHash?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'sha256 (hex) over previousHash and the event’s content, computed by the database as the event was written.',
  })
  hash?: string | null;
}

@ObjectType({ description: 'The hash chain of the audit trail, recomputed from the first event on.' })
export class AuditTrailVerification {
  @Field(() => Int, { description: 'Events, from the first on, whose hashes follow from their content and their predecessor’s hash.' })
  verifiedEvents!: number;

  @Field(() => AuditEvent, {
    nullable: true,
    description:
      'The first event, in the order of the chain, that breaks it (changed, or an event before it removed or slipped in); null when the whole trail is intact.',
  })
  firstBrokenEvent?: AuditEvent | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The hash of the last verified event: kept outside the database, it lets a later verification show that the trail was rewritten.',
  })
  lastVerifiedHash?: string | null;
}

export const AuditEventConnection = connectionOf(AuditEvent, 'AuditEvent');

@InputType({ description: 'Every condition given must hold.' })
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: 'Kind of record, e.g. "GrantNotice".' })
  entityType?: string | null;

  @Field(() => String, { nullable: true })
  entityId?: string | null;

  @Field(() => String, { nullable: true })
  actorSubject?: string | null;

  @Field(() => AuditActionEnum, { nullable: true })
  action?: AuditAction | null;

  @Field(() => Date, { nullable: true, description: 'Changes at or after this moment.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Changes before this moment.' })
  to?: Date | null;
}

@ObjectType({ description: 'Someone who changed a record, as the audit trail names them.' })
export class AuditActor {
  @Field({ description: 'Subject of the token; "system" for the service itself.' })
  subject!: string;

  @Field({ description: 'The name at the latest change.' })
  name!: string;

  @Field({ description: 'The role at the latest change, e.g. FINANCE_OFFICER.' })
  role!: string;
}

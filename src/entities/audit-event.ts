// Prüfpfad: one row per change of a stored record, written with the change and never altered afterwards.
import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Trigger, Unique } from '@mikro-orm/decorators/legacy';
import { v7 as uuidv7 } from 'uuid';

export const AUDIT_ACTIONS = ['CREATE', 'UPDATE', 'DELETE'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** A record's stored fields as JSON: money and rates as decimal strings, relations as ids. */
export type AuditState = Record<string, unknown>;

/** The message every attempt to rewrite the trail fails with. */
export const APPEND_ONLY_MESSAGE = 'audit events are append-only';

/** The message an event is refused with that brings its own chain position or hash, or a time in the past. */
export const CHAIN_MESSAGE = 'audit events are chained by the database';

/**
 * A change to one record (DOMAIN.md, Rule 10). Not an ImmutableRecord: the time of the change is
 * `occurredAt`, and there is nothing to edit. Triggers make the database itself refuse to change
 * or remove a row, whatever the service does: the one below for UPDATE and DELETE, and one for
 * TRUNCATE that only the migration creates (MikroORM cannot read TRUNCATE triggers back, so
 * declaring it here would leave a schema diff that never closes).
 *
 * Every event also carries its place in one hash chain over the whole trail (`chainSeq`,
 * `previousHash`, `hash`), filled in by the `chain` trigger as the row is inserted: under a
 * transaction-scoped advisory lock it takes the last event's hash and hashes it together with the
 * event's content (see auditTrailVerification). The function is written by the migration
 * `Migration20261203080110_audit_chain`; the trigger is declared here by its DDL, so that the schema
 * diff knows it.
 */
@Entity()
// A record's history; a filter by type alone pages along the primary key.
@Index({ name: 'audit_event_entity_idx', properties: ['entityId'] })
@Index({ name: 'audit_event_occurred_at_idx', properties: ['occurredAt'] })
@Index({ name: 'audit_event_actor_idx', properties: ['actorSubject'] })
// The trail of one notice, newest first, page by page.
@Index({ name: 'audit_event_grant_notice_idx', properties: ['grantNoticeId', 'id'] })
@Unique({ name: 'audit_event_chain_seq_key', properties: ['chainSeq'] })
@Trigger({
  name: 'chain',
  timing: 'before',
  events: ['insert'],
  forEach: 'row',
  expression: 'create trigger "chain" before insert on "audit_event" for each row execute function "audit_event_chain_fn"()',
})
@Trigger({
  name: 'append_only',
  timing: 'before',
  events: ['update', 'delete'],
  forEach: 'row',
  body: `raise exception '${APPEND_ONLY_MESSAGE}: % refused', tg_op using errcode = 'insufficient_privilege';`,
})
export class AuditEvent {
  /** Time-ordered UUID, so that ordering by id follows the order of the changes. */
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = uuidv7();

  @Property({ type: 'timestamptz' })
  occurredAt!: Date;

  /** Subject of the caller's token; `system` for the service's own work. */
  @Property({ type: 'text' })
  actorSubject!: string;

  @Property({ type: 'text' })
  actorName!: string;

  @Property({ type: 'text' })
  actorRole!: string;

  /** The HTTP request that made the change; null for the service's own work. */
  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  /** Entity name, e.g. `GrantNotice`. */
  @Property({ type: 'text' })
  entityType!: string;

  @Property({ type: 'text' })
  entityId!: string;

  @Enum({ items: () => [...AUDIT_ACTIONS], nativeEnumName: 'audit_action' })
  action!: AuditAction;

  /**
   * The grant notice the changed record belongs to (the notice itself, its versions, budget lines and
   * amendments, receipts, staff allocations, disbursement requests, payments, their reversals, the
   * settlement); null for records of no notice. Written with the event from the record's relations,
   * and not part of the hashed content: it follows from the hashed before/after states (their `notice`,
   * or the notice of the `noticeVersion`, `payment` or `allocation` they name), so that the chain of
   * the events written before the column existed stays as it was.
   */
  @Property({ type: 'uuid', nullable: true })
  grantNoticeId?: string | null;

  /** The record before the change; null for CREATE. */
  @Property({ type: 'json', nullable: true })
  before?: AuditState | null;

  /** The record after the change; null for DELETE. */
  @Property({ type: 'json', nullable: true })
  after?: AuditState | null;

  /** Position in the hash chain (1, 2, …), set by the database; null only for an event written past the chain. */
  @Property({ type: new BigIntType('number'), nullable: true })
  chainSeq?: number | null;

  /** The hash of the event before it in the chain; null for the first. Set by the database. */
  @Property({ type: 'text', nullable: true })
  previousHash?: string | null;

  /** sha256 (hex) over `previousHash` and the event's content. Set by the database. */
  @Property({ type: 'text', nullable: true })
  hash?: string | null;
}

// Prüfpfad: one row per change of a stored record, written with the change and never altered afterwards.
import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Trigger } from '@mikro-orm/decorators/legacy';
import { v7 as uuidv7 } from 'uuid';

export const AUDIT_ACTIONS = ['CREATE', 'UPDATE', 'DELETE'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** A record's stored fields as JSON: money and rates as decimal strings, relations as ids. */
export type AuditState = Record<string, unknown>;

/** The message every attempt to rewrite the trail fails with. */
export const APPEND_ONLY_MESSAGE = 'audit events are append-only';

/**
 * A change to one record (DOMAIN.md, Rule 10). Not an ImmutableRecord: the time of the change is
 * `occurredAt`, and there is nothing to edit. Triggers make the database itself refuse to change
 * or remove a row, whatever the service does: the one below for UPDATE and DELETE, and one for
 * TRUNCATE that only the migration creates (MikroORM cannot read TRUNCATE triggers back, so
 * declaring it here would leave a schema diff that never closes).
 */
@Entity()
// A record's history; a filter by type alone pages along the primary key.
@Index({ name: 'audit_event_entity_idx', properties: ['entityId'] })
@Index({ name: 'audit_event_occurred_at_idx', properties: ['occurredAt'] })
@Index({ name: 'audit_event_actor_idx', properties: ['actorSubject'] })
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

  /** The record before the change; null for CREATE. */
  @Property({ type: 'json', nullable: true })
  before?: AuditState | null;

  /** The record after the change; null for DELETE. */
  @Property({ type: 'json', nullable: true })
  after?: AuditState | null;
}

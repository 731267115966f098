// Prüfpfad (audit trail): every flush also writes one event per record it changes, in the same
// transaction as the change; auditors read the events back.
import {
  ChangeSetType,
  helper,
  Reference,
  ReferenceKind,
  type AnyEntity,
  type EntityMetadata,
  type EntityName,
  type EntityProperty,
  type EventSubscriber,
  type FilterQuery,
  type FlushEventArgs,
  type Platform,
  type UnitOfWork,
} from '@mikro-orm/core';
import { AuditEvent, type AuditAction, type AuditState } from '../entities/index.js';
import { DomainInputError, quoteInput } from '../domain/errors.js';
import type { Access } from './access.js';
import { currentCall } from './call-context.js';
import { paginate, type Em, type PageArgs } from './records.js';

export interface AuditEventFilter {
  entityType?: string | null;
  entityId?: string | null;
  actorSubject?: string | null;
  action?: AuditAction | null;
  /** From this moment on, inclusive. */
  from?: Date | null;
  /** Up to this moment, exclusive. */
  to?: Date | null;
}

/** What one flush does to one record. */
interface Change {
  entity: AnyEntity;
  meta: EntityMetadata;
  action: AuditAction;
  /** The stored state the change starts from; absent for CREATE. */
  original?: Record<string, unknown>;
}

const ACTIONS: Record<ChangeSetType, AuditAction> = {
  [ChangeSetType.CREATE]: 'CREATE',
  [ChangeSetType.UPDATE]: 'UPDATE',
  [ChangeSetType.UPDATE_EARLY]: 'UPDATE',
  [ChangeSetType.DELETE]: 'DELETE',
  [ChangeSetType.DELETE_EARLY]: 'DELETE',
};

/**
 * Columns of the record itself: scalars and the owning side of relations, which are stored as ids.
 * Left out is the bookkeeping the ORM rewrites on every statement, the optimistic-lock version and
 * the update timestamp: a flush may write a record twice (a new notice is inserted, then pointed at
 * its first version), so their final values are unknown while the flush is prepared, and the
 * event's own time says when the change happened.
 */
function auditedProps(meta: EntityMetadata): EntityProperty[] {
  return meta.props.filter(
    (prop) =>
      prop.persist !== false &&
      !prop.formula &&
      !prop.onUpdate &&
      prop.name !== meta.versionProperty &&
      (prop.kind === ReferenceKind.SCALAR ||
        prop.kind === ReferenceKind.MANY_TO_ONE ||
        (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)),
  );
}

/** A value as JSON: money and rates through their column type's toJSON, dates as ISO strings. */
function jsonValue(prop: EntityProperty, value: unknown, platform: Platform): unknown {
  if (value === null || value === undefined) return null;
  const converted = prop.customType ? prop.customType.toJSON(value, platform) : value;
  return converted instanceof Date ? converted.toISOString() : converted;
}

/** The id of a related record, whether the entity holds it as an entity, a reference or a bare key. */
function relatedKey(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  return helper(Reference.unwrapReference(value as AnyEntity)).getSerializedPrimaryKey();
}

/** The record as the entity holds it now, with the values an extra update will still write. */
function currentState(change: Change, pending: Map<string, unknown>, platform: Platform): AuditState {
  const state: AuditState = {};
  for (const prop of auditedProps(change.meta)) {
    const value = pending.has(prop.name) ? pending.get(prop.name) : (change.entity as Record<string, unknown>)[prop.name];
    state[prop.name] = prop.kind === ReferenceKind.SCALAR ? jsonValue(prop, value, platform) : relatedKey(value);
  }
  return state;
}

/** The record as last loaded or written: the snapshot holds database values, relations as keys. */
function storedState(meta: EntityMetadata, snapshot: Record<string, unknown>, platform: Platform): AuditState {
  const state: AuditState = {};
  for (const prop of auditedProps(meta)) {
    const value = snapshot[prop.name];
    if (prop.kind !== ReferenceKind.SCALAR) state[prop.name] = relatedKey(value);
    else if (prop.customType && value !== null && value !== undefined) {
      state[prop.name] = jsonValue(prop, prop.customType.convertToJSValue(value, platform), platform);
    } else state[prop.name] = jsonValue(prop, value, platform);
  }
  return state;
}

/** Every record the flush changes, once each, except the audit events themselves. */
function changesOf(uow: UnitOfWork): Map<AnyEntity, Change> {
  const changes = new Map<AnyEntity, Change>();
  for (const changeSet of uow.getChangeSets()) {
    if (changeSet.entity instanceof AuditEvent) continue;
    changes.set(changeSet.entity, {
      entity: changeSet.entity,
      meta: changeSet.meta,
      action: ACTIONS[changeSet.type],
      // The change set of a removal carries no snapshot; the unit of work keeps it for every type.
      original: uow.getOriginalEntityData(changeSet.entity) as Record<string, unknown> | undefined,
    });
  }
  // An update whose only change is deferred to an extra update (a unique relation that moves) has no change set.
  for (const [entity] of uow.getExtraUpdates()) {
    if (changes.has(entity) || entity instanceof AuditEvent) continue;
    const original = uow.getOriginalEntityData(entity) as Record<string, unknown> | undefined;
    changes.set(entity, { entity, meta: helper(entity).__meta, action: 'UPDATE', original });
  }
  return changes;
}

/** Values the unit of work has taken off entities to write them in a second statement of this flush. */
function pendingValues(uow: UnitOfWork): Map<AnyEntity, Map<string, unknown>> {
  const pending = new Map<AnyEntity, Map<string, unknown>>();
  for (const [entity, props, values] of uow.getExtraUpdates()) {
    const names = Array.isArray(props) ? props : [props];
    const list = Array.isArray(props) ? (values as unknown[]) : [values];
    const map = pending.get(entity) ?? new Map<string, unknown>();
    names.forEach((name, index) => map.set(name, list[index]));
    pending.set(entity, map);
  }
  return pending;
}

/**
 * Writes the audit events of a flush in that flush, so that they commit or roll back with the
 * change. A record inserted and then updated in the same flush (a notice pointed at its first
 * version) gives one CREATE with the final state; a flush that changes nothing writes nothing.
 */
export class AuditSubscriber implements EventSubscriber {
  onFlush({ uow, em }: FlushEventArgs): void {
    const changes = changesOf(uow);
    if (changes.size === 0) return;
    const platform = em.getPlatform();
    const pending = pendingValues(uow);
    const { actor, requestId } = currentCall();
    const occurredAt = new Date();
    for (const change of changes.values()) {
      const event = new AuditEvent();
      event.occurredAt = occurredAt;
      event.actorSubject = actor.subject;
      event.actorName = actor.name;
      event.actorRole = actor.role;
      event.requestId = requestId;
      event.entityType = change.meta.className;
      event.entityId = helper(change.entity).getSerializedPrimaryKey();
      event.action = change.action;
      event.before = change.action === 'CREATE' || !change.original ? null : storedState(change.meta, change.original, platform);
      event.after = change.action === 'DELETE' ? null : currentState(change, pending.get(change.entity) ?? new Map(), platform);
      uow.computeChangeSet(event);
    }
  }
}

/**
 * The CREATE event's state of a record that a bulk path writes without the unit of work, exactly as
 * the subscriber would write it: `values` by property name, relations as ids.
 */
export function createdState(em: Em, entity: EntityName, values: Record<string, unknown>): AuditState {
  const meta = em.getMetadata().get(entity);
  const platform = em.getPlatform();
  const state: AuditState = {};
  for (const prop of auditedProps(meta)) {
    const value = values[prop.name];
    state[prop.name] = prop.kind === ReferenceKind.SCALAR ? jsonValue(prop, value, platform) : (value ?? null);
  }
  return state;
}

/**
 * Not in the trail: the trail itself, the web application's sessions, its users, their calendar feeds
 * and the reminders sent (all written past the unit of work).
 */
const UNAUDITED = new Set(['AuditEvent', 'UserSession', 'AppUser', 'CalendarFeed', 'ReminderSent']);

/** The kinds of record whose changes the trail holds: every entity but those above, sorted. */
export function auditedEntityTypes(em: Em): string[] {
  return [...em.getMetadata().getAll().values()]
    .filter((meta) => !meta.embeddable && !meta.virtual && !UNAUDITED.has(meta.className))
    .map((meta) => meta.className)
    .sort();
}

/** The trail, oldest first; only auditors (and the service itself) may read it. */
export function listAuditEvents(em: Em, access: Access, filter: AuditEventFilter | null | undefined, page: PageArgs) {
  access.assertMay('auditEvents');
  const where: FilterQuery<AuditEvent> = {};
  if (filter?.entityType) {
    // An unknown kind would silently match nothing, which reads as "nothing was changed".
    const known = auditedEntityTypes(em);
    if (!known.includes(filter.entityType)) {
      throw new DomainInputError(
        `Die Datensatzart ${quoteInput(filter.entityType)} gibt es im Prüfpfad nicht; bekannt sind: ${known.join(', ')}.`,
        { reason: 'UNKNOWN_ENTITY_TYPE', field: 'filter.entityType', details: { entityType: filter.entityType } },
      );
    }
    where.entityType = filter.entityType;
  }
  if (filter?.entityId) where.entityId = filter.entityId;
  if (filter?.actorSubject) where.actorSubject = filter.actorSubject;
  if (filter?.action) where.action = filter.action;
  if (filter?.from || filter?.to) {
    where.occurredAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  }
  return paginate(em, AuditEvent, where, page);
}

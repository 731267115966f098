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
import {
  AuditEvent,
  DisbursementRequest,
  Employee,
  Expenditure,
  GrantNoticeVersion,
  ImportBatch,
  Payment,
  SharedInvoice,
  StaffAllocation,
  type AuditAction,
  type AuditState,
} from '../entities/index.js';
import { germanDate, germanMoney } from '../domain/audit-labels.js';
import { DomainInputError, quoteInput } from '../domain/errors.js';
import type { Access } from './access.js';
import { currentCall } from './call-context.js';
import { paginate, type Em, type PageArgs } from './records.js';
import { validate as isUuid } from 'uuid';

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

/**
 * How a kind of record reaches the grant notice it belongs to: nothing to follow for the notice itself,
 * its relation to the notice (receipts, versions, payments, the settlement …), or a relation to a
 * record that has one (a budget line's version, a reversal's payment or allocation); null for records
 * of no notice. Read from the metadata once per kind.
 */
const noticePaths = new WeakMap<EntityMetadata, readonly string[] | null>();

const NOTICE = 'GrantNotice';

function isOwnerRelation(prop: EntityProperty): boolean {
  return prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && !!prop.owner);
}

function directNoticeProp(meta: EntityMetadata): EntityProperty | undefined {
  return meta.props.find((prop) => isOwnerRelation(prop) && prop.targetMeta?.className === NOTICE);
}

export function noticePath(meta: EntityMetadata): readonly string[] | null {
  if (noticePaths.has(meta)) return noticePaths.get(meta)!;
  let path: readonly string[] | null = null;
  if (meta.className === NOTICE) path = [];
  else {
    const direct = directNoticeProp(meta);
    if (direct) path = [direct.name];
    else {
      for (const prop of meta.props) {
        const hop = isOwnerRelation(prop) && prop.targetMeta ? directNoticeProp(prop.targetMeta) : undefined;
        if (hop) {
          path = [prop.name, hop.name];
          break;
        }
      }
    }
  }
  noticePaths.set(meta, path);
  return path;
}

/**
 * The id of the grant notice a changed record belongs to, from the relations the entity holds: the
 * record a reversal or budget line names is loaded by the use case that writes it (it is locked or
 * created in the same flush), so no statement is needed.
 */
function noticeIdOf(entity: AnyEntity, meta: EntityMetadata): string | null {
  const path = noticePath(meta);
  if (!path) return null;
  if (path.length === 0) return helper(entity).getSerializedPrimaryKey();
  let value: unknown = (entity as Record<string, unknown>)[path[0]!];
  if (path.length === 2) {
    if (value === null || value === undefined) return null;
    const parent = Reference.unwrapReference(value as AnyEntity);
    value = helper(parent).__initialized ? (parent as Record<string, unknown>)[path[1]!] : undefined;
  }
  const key = relatedKey(value);
  return typeof key === 'string' ? key : null;
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
      event.grantNoticeId = noticeIdOf(change.entity, change.meta);
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

/** The conditions of a filter of the trail. */
function filterConditions(
  em: Em,
  filter: AuditEventFilter | null | undefined,
  base: { grantNoticeId?: string } = {},
): FilterQuery<AuditEvent> {
  const where: FilterQuery<AuditEvent> = { ...base };
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
  return where;
}

/** The trail, oldest first; only auditors (and the service itself) may read it. */
export function listAuditEvents(em: Em, access: Access, filter: AuditEventFilter | null | undefined, page: PageArgs) {
  access.assertMay('auditEvents');
  return paginate(em, AuditEvent, filterConditions(em, filter), page);
}

/**
 * Fields of a record's state that are personal data (Rule 7), by kind of record: the figures a staff
 * allocation was computed from, which with its amount reveal the salary (as the staffAllocations query
 * withholds them). Employees themselves (name, pay group) belong to their employer, not to a notice.
 */
const PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  StaffAllocation: ['share', 'employerCost', 'projectHours', 'workingHours', 'annualRate'],
};

/** An event of a notice's trail as its reader gets it: personal data withheld (null) unless the reader may see it. */
export interface NoticeAuditEvent extends Omit<AuditEvent, 'before' | 'after'> {
  before: AuditState | null;
  after: AuditState | null;
  /** The fields of before and after withheld as personal data. */
  redactedFields: string[];
  /** By id, how the records that fields of before and after name read (a reversal's receipt: "RE-2020-017"). */
  relatedLabels: Record<string, string>;
}

function withheld(state: AuditState | null | undefined, fields: readonly string[]): AuditState | null {
  if (!state) return null;
  const copy = { ...state };
  for (const field of fields) if (field in copy) copy[field] = null;
  return copy;
}

/** The event for the reader: a copy, as the trail's own records must never be changed. */
export function forReader(event: AuditEvent, seesPersonalData: boolean): NoticeAuditEvent {
  const fields = seesPersonalData ? [] : (PERSONAL_FIELDS[event.entityType] ?? []);
  const present = fields.filter((field) => (event.before && field in event.before) || (event.after && field in event.after));
  return {
    ...event,
    before: present.length ? withheld(event.before, present) : (event.before ?? null),
    after: present.length ? withheld(event.after, present) : (event.after ?? null),
    redactedFields: present,
    relatedLabels: {},
  };
}

/** How a related record reads, by the entity it is; the employee's name only for those who may see personal data. */
const RELATED: Readonly<Record<string, { entity: EntityName<object>; label: (record: never, sees: boolean) => string | null }>> = {
  expenditure: { entity: Expenditure, label: (receipt: Expenditure) => receipt.receiptNumber },
  employee: { entity: Employee, label: (employee: Employee, sees: boolean) => (sees ? employee.name : null) },
  noticeVersion: { entity: GrantNoticeVersion, label: (version: GrantNoticeVersion) => `Nr. ${version.versionNo}` },
  currentVersion: { entity: GrantNoticeVersion, label: (version: GrantNoticeVersion) => `Nr. ${version.versionNo}` },
  resultingVersion: { entity: GrantNoticeVersion, label: (version: GrantNoticeVersion) => `Nr. ${version.versionNo}` },
  request: {
    entity: DisbursementRequest,
    label: (request: DisbursementRequest) => `vom ${germanDate(request.requestedOn)} über ${germanMoney(request.amount.toFixed(2))}`,
  },
  payment: {
    entity: Payment,
    label: (payment: Payment) => `vom ${germanDate(payment.paidOn)} über ${germanMoney(payment.amount.toFixed(2))}`,
  },
  allocation: {
    entity: StaffAllocation,
    label: (allocation: StaffAllocation) => `${allocation.month.slice(5, 7)}/${allocation.month.slice(0, 4)}`,
  },
  importBatch: { entity: ImportBatch, label: (batch: ImportBatch) => batch.fileName },
  sharedInvoice: { entity: SharedInvoice, label: (invoice: SharedInvoice) => invoice.receiptNumber },
};

/**
 * Names the records a page of events refers to by id, with one statement per kind of record: a
 * reversal's receipt, an allocation's employee, a payment's Mittelabruf …
 */
async function withRelatedLabels(em: Em, events: NoticeAuditEvent[], sees: boolean): Promise<void> {
  const wanted = new Map<string, Set<string>>();
  for (const event of events) {
    for (const state of [event.before, event.after]) {
      for (const field of Object.keys(RELATED)) {
        const value = state?.[field];
        if (typeof value === 'string' && isUuid(value)) wanted.set(field, (wanted.get(field) ?? new Set()).add(value));
      }
    }
  }
  const labels = new Map<string, string>();
  const byEntity = new Map<EntityName<object>, Set<string>>();
  for (const [field, ids] of wanted) {
    const { entity } = RELATED[field]!;
    byEntity.set(entity, new Set([...(byEntity.get(entity) ?? []), ...ids]));
  }
  for (const [entity, ids] of byEntity) {
    const records = await em.find(entity, { id: { $in: [...ids] } } as never);
    for (const record of records as { id: string }[]) {
      for (const [field, related] of Object.entries(RELATED)) {
        if (related.entity !== entity || !wanted.get(field)?.has(record.id)) continue;
        const text = related.label(record as never, sees);
        if (text) labels.set(`${field}:${record.id}`, text);
      }
    }
  }
  for (const event of events) {
    for (const state of [event.before, event.after]) {
      for (const field of Object.keys(RELATED)) {
        const id = String(state?.[field]);
        const text = labels.get(`${field}:${id}`);
        if (text) event.relatedLabels[id] = text;
      }
    }
  }
}

/**
 * The trail of one notice and of everything booked on it (its versions, budget lines and amendments,
 * receipts and their reversals, staff allocations and their reversals, disbursement requests,
 * payments and their reversals, the settlement, the parts of joint purchases), newest first, as a
 * reader of the notice page looks for the latest change. Everyone who may read the notice reads it
 * (the caller has the notice already, found within the scope); the figures of staff allocations only
 * those who may see the recipient's personal data.
 */
export async function listNoticeAuditTrail(
  em: Em,
  access: Access,
  notice: { id: string; recipient: { id: string } },
  filter: AuditEventFilter | null | undefined,
  page: PageArgs,
) {
  access.assertMay('read recipient data', { recipientId: notice.recipient.id, label: 'Grant notice', id: notice.id });
  const where = filterConditions(em, filter, { grantNoticeId: notice.id });
  const found = await paginate(em, AuditEvent, where, page, [], 'desc');
  const sees = access.may('read personal data', { recipientId: notice.recipient.id });
  const edges = found.edges.map((edge) => ({ ...edge, node: forReader(edge.node, sees) }));
  await withRelatedLabels(
    em,
    edges.map((edge) => edge.node),
    sees,
  );
  return { ...found, edges };
}

/**
 * Every event of a notice's trail that the filter selects, newest first, as its reader gets them, read
 * in pages along the index: for a download, which holds one page at a time.
 */
export async function* noticeAuditEvents(
  em: Em,
  access: Access,
  notice: { id: string; recipient: { id: string } },
  filter: AuditEventFilter | null | undefined,
  pageSize = 1_000,
): AsyncGenerator<NoticeAuditEvent> {
  access.assertMay('read recipient data', { recipientId: notice.recipient.id, label: 'Grant notice', id: notice.id });
  const sees = access.may('read personal data', { recipientId: notice.recipient.id });
  let before: string | null = null;
  for (;;) {
    const where = filterConditions(em, filter, { grantNoticeId: notice.id });
    const page: AuditEvent[] = await em.find(AuditEvent, before ? { $and: [where, { id: { $lt: before } }] } : where, {
      orderBy: { id: 'desc' },
      limit: pageSize,
    });
    const events = page.map((event) => forReader(event, sees));
    await withRelatedLabels(em, events, sees);
    yield* events;
    if (page.length < pageSize) return;
    before = page[page.length - 1]!.id;
    em.clear();
  }
}

export interface AuditActor {
  subject: string;
  name: string;
  role: string;
}

/** Who changed the notice or something booked on it, once each by subject, by name: the choices of the trail's filter. */
export async function noticeAuditActors(em: Em, access: Access, notice: { id: string; recipient: { id: string } }): Promise<AuditActor[]> {
  access.assertMay('read recipient data', { recipientId: notice.recipient.id, label: 'Grant notice', id: notice.id });
  const rows = await em.getConnection().execute<{ subject: string; name: string; role: string }[]>(
    `select distinct on (e.actor_subject) e.actor_subject as subject, e.actor_name as name, e.actor_role as role
       from audit_event e where e.grant_notice_id = ? order by e.actor_subject, e.id desc`,
    [notice.id],
  );
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'de') || a.subject.localeCompare(b.subject));
}

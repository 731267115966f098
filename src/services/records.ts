// Shared steps of the use cases: finding records by id, checking the edited version, paginating.
import { LockMode, type EntityName, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { validate as isUuid } from 'uuid';
import type { EditableRecord } from '../entities/base.js';
import { DomainInputError } from '../domain/errors.js';
import { ConflictError, NotFoundError, type RecordLabel } from './errors.js';

/** The request's unit of work on either database (PostgreSQL or PGlite). */
export type Em = SqlEntityManager;

/** Every field may also be null, as GraphQL input can send it. */
export type Nullable<T> = { [K in keyof T]: T[K] | null };

/** Loads a record by id; a malformed id is as missing as an unknown one. */
export async function findById<T extends object>(
  em: Em,
  entity: EntityName<T>,
  label: RecordLabel,
  id: string,
  options: { lock?: boolean } = {},
): Promise<T> {
  const found = isUuid(id) ? await em.findOne(entity, { id } as never, options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) : null;
  if (!found) throw new NotFoundError(label, id);
  return found;
}

/**
 * Loads a record for an edit and refuses it when the caller edited an older version. With `lock`
 * (inside a transaction) the row stays locked until commit, so a second edit of the same version
 * waits and then sees the new version instead of racing the first.
 */
export async function findForUpdate<T extends EditableRecord>(
  em: Em,
  entity: EntityName<T>,
  label: RecordLabel,
  id: string,
  expectedVersion: number,
  options: { lock?: boolean; assertVisible?: (record: T) => void } = {},
): Promise<T> {
  const found = await findById(em, entity, label, id, options);
  // Scope before version: a record outside the scope must not reveal that it exists.
  options.assertVisible?.(found);
  if (found.version !== expectedVersion) throw new ConflictError(label, id, expectedVersion, found.version);
  return found;
}

/** A filter on a related record's id; a malformed id matches nothing instead of failing in SQL. */
export function relatedId(id: string): string | { id: { $in: string[] } } {
  return isUuid(id) ? id : { id: { $in: [] } };
}

/**
 * Records of many parents, grouped by parent id in the order they were read; every parent id is a
 * key, with an empty list when it has none. What a batch read returns for a per-request loader.
 */
export function groupedBy<T>(parentIds: readonly string[], records: readonly T[], parentOf: (record: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
  for (const record of records) groups.get(parentOf(record))?.push(record);
  return groups;
}

/** What a batch read answered for one id, as a single lookup gives it: the value, or the error it throws. */
export function resultFor<T>(found: ReadonlyMap<string, T>, id: string): Exclude<T, Error> {
  const result = found.get(id);
  if (result === undefined) throw new Error(`The batch read did not answer for ${id}.`);
  if (result instanceof Error) throw result;
  return result as Exclude<T, Error>;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null };
  totalCount: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Relay-style page ordered by id, which follows creation order (UUIDv7): oldest first, or newest first with `order: 'desc'`. */
export async function paginate<T extends { id: string }>(
  em: Em,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  populate: readonly string[] = [],
  order: 'asc' | 'desc' = 'asc',
): Promise<Page<T>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new DomainInputError(`"first" muss eine ganze Zahl von 0 bis ${MAX_PAGE_SIZE} sein.`, {
      reason: 'INVALID_PAGE_SIZE',
      field: 'first',
    });
  }
  if (args.after != null) checkCursor(args.after);
  const cursor = await em.findByCursor(entity, {
    where,
    first,
    ...(args.after ? { after: args.after } : {}),
    orderBy: { id: order } as never,
    populate: populate as never,
    includeCount: true,
  });
  return {
    edges: cursor.items.map((node) => ({ node, cursor: cursor.from(node) })),
    pageInfo: {
      hasNextPage: cursor.hasNextPage ?? false,
      hasPreviousPage: cursor.hasPrevPage ?? false,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    totalCount: cursor.totalCount,
  };
}

/** Our cursors encode the last id seen; anything else is refused before it reaches the database. */
function checkCursor(after: string): void {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 1 || typeof decoded[0] !== 'string' || !isUuid(decoded[0])) {
    throw new DomainInputError('Der Seitenzeiger ist ungültig; bitte einen von dieser Schnittstelle gelieferten Zeiger verwenden.', {
      reason: 'INVALID_CURSOR',
      field: 'after',
    });
  }
}

/** Longest names and references; descriptions, purposes and reasons may be longer. */
export const MAX_NAME_LENGTH = 300;
export const MAX_DESCRIPTION_LENGTH = 4000;

function checkLength(text: string, field: string, label: string, maxLength: number): string {
  if (text.length > maxLength)
    throw new DomainInputError(`${label}: höchstens ${maxLength} Zeichen sind erlaubt, eingegeben wurden ${text.length}.`, {
      reason: 'TEXT_TOO_LONG',
      field,
    });
  return text;
}

/** Trims a required text input and refuses an empty (or emptied, null) or overlong one. */
export function requiredText(value: string | null | undefined, field: string, label: string, maxLength = MAX_NAME_LENGTH): string {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') throw new DomainInputError(`${label} darf nicht leer sein.`, { reason: 'REQUIRED', field });
  return checkLength(trimmed, field, label, maxLength);
}

/** A patch field that may be left out but not emptied: an explicit null is refused. */
export function required<T>(value: T | null, field: string, label: string): T {
  if (value === null) throw new DomainInputError(`${label} kann nicht geleert werden.`, { reason: 'REQUIRED', field });
  return value;
}

/** Trims an optional text input; empty becomes null. */
export function optionalText(
  value: string | null | undefined,
  field: string,
  label: string,
  maxLength = MAX_DESCRIPTION_LENGTH,
): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : checkLength(trimmed, field, label, maxLength);
}

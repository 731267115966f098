// Shared steps of the use cases: finding records by id, checking the edited version, paginating.
import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { validate as isUuid } from 'uuid';
import type { EditableRecord } from '../entities/base.js';
import { DomainInputError } from '../domain/errors.js';
import { ConflictError, NotFoundError } from './errors.js';

/** The request's unit of work on either database (PostgreSQL or PGlite). */
export type Em = SqlEntityManager;

/** Loads a record by id; a malformed id is as missing as an unknown one. */
export async function findById<T extends object>(em: Em, entity: EntityName<T>, label: string, id: string): Promise<T> {
  const found = isUuid(id) ? await em.findOne(entity, { id } as never) : null;
  if (!found) throw new NotFoundError(label, id);
  return found;
}

/** Loads a record for an edit and refuses it when the caller edited an older version. */
export async function findForUpdate<T extends EditableRecord>(
  em: Em,
  entity: EntityName<T>,
  label: string,
  id: string,
  expectedVersion: number,
): Promise<T> {
  const found = await findById(em, entity, label, id);
  if (found.version !== expectedVersion) throw new ConflictError(label, id, expectedVersion, found.version);
  return found;
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

/** Relay-style page ordered by id, which follows creation order (UUIDv7). */
export async function paginate<T extends { id: string }>(
  em: Em,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  populate: readonly string[] = [],
): Promise<Page<T>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new DomainInputError(`"first" must be a whole number from 0 to ${MAX_PAGE_SIZE}.`, { field: 'first' });
  }
  const cursor = await em.findByCursor(entity, {
    where,
    first,
    ...(args.after ? { after: args.after } : {}),
    orderBy: { id: 'asc' } as never,
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

/** Trims a required text input and refuses an empty one. */
export function requiredText(value: string, field: string, label: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new DomainInputError(`${label} must not be empty.`, { field });
  return trimmed;
}

/** Trims an optional text input; empty becomes null. */
export function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

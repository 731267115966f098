// Use cases of recipients (Zuwendungsempfänger).
import type { FilterQuery } from '@mikro-orm/core';
import { DomainInputError } from '../domain/errors.js';
import type { RecipientKind } from '../domain/enums.js';
import { CooperationMembership, Recipient } from '../entities/index.js';
import { findById, findForUpdate, paginate, relatedId, requiredText, type Em, type PageArgs } from './records.js';
import type { Access } from './access.js';

export interface RecipientInput {
  name: string;
  kind: RecipientKind;
  ags: string;
  population?: number | null;
}

export interface RecipientFilter {
  kind?: RecipientKind | null;
  ags?: string | null;
  cooperationId?: string | null;
}

const AGS_PATTERN = /^\d{5}(\d{3})?$/;

function applyRecipientInput(recipient: Recipient, input: Partial<RecipientInput>): void {
  if (input.name !== undefined) recipient.name = requiredText(input.name, 'name', 'Der Name');
  if (input.kind !== undefined) recipient.kind = input.kind;
  if (input.ags !== undefined) {
    const ags = requiredText(input.ags, 'ags', 'Der AGS');
    if (!AGS_PATTERN.test(ags)) {
      throw new DomainInputError('Der AGS muss 5 Ziffern (Landkreis, z. B. 16065) oder 8 Ziffern (Gemeinde, z. B. 16055000) haben.', {
        reason: 'INVALID_VALUE',
        field: 'ags',
      });
    }
    recipient.ags = ags;
  }
  if (input.population !== undefined) {
    if (input.population !== null && (!Number.isInteger(input.population) || input.population < 0)) {
      throw new DomainInputError('Die Einwohnerzahl muss eine ganze Zahl ab 0 sein.', {
        reason: 'VALUE_OUT_OF_RANGE',
        field: 'population',
      });
    }
    recipient.population = input.population;
  }
}

export async function createRecipient(em: Em, access: Access, input: RecipientInput): Promise<Recipient> {
  access.assertMay('createRecipient');
  const recipient = new Recipient();
  applyRecipientInput(recipient, input);
  await em.persist(recipient).flush();
  return recipient;
}

export async function updateRecipient(
  em: Em,
  access: Access,
  id: string,
  expectedVersion: number,
  patch: Partial<RecipientInput>,
): Promise<Recipient> {
  access.assertMay('updateRecipient');
  const recipient = await findForUpdate(em, Recipient, 'Recipient', id, expectedVersion);
  applyRecipientInput(recipient, patch);
  await em.flush();
  return recipient;
}

export async function listRecipients(em: Em, access: Access, filter: RecipientFilter | null | undefined, page: PageArgs) {
  const where: FilterQuery<Recipient> = {};
  if (filter?.kind) where.kind = filter.kind;
  if (filter?.ags) where.ags = filter.ags.trim();
  if (filter?.cooperationId) where.id = { $in: await memberIds(em, filter.cooperationId) };
  return paginate(em, Recipient, access.withinRecipients(where, 'id'), page);
}

/** Ids of every recipient that is or was a member of the cooperation. */
async function memberIds(em: Em, cooperationId: string): Promise<string[]> {
  const memberships = await em.find(CooperationMembership, { cooperation: relatedId(cooperationId) }, { fields: ['recipient'] });
  return [...new Set(memberships.map((membership) => membership.recipient.id))];
}

export async function getRecipient(em: Em, access: Access, id: string): Promise<Recipient> {
  const recipient = await findById(em, Recipient, 'Recipient', id);
  access.assertRecipientVisible(recipient.id, 'Recipient', id);
  return recipient;
}

// Use cases of projects (Vorhaben).
import type { FilterQuery } from '@mikro-orm/core';
import { DomainInputError } from '../domain/errors.js';
import { Cooperation, CooperationMembership, Project, Recipient } from '../entities/index.js';
import { findById, findForUpdate, optionalText, paginate, relatedId, requiredText, type Em, type PageArgs } from './records.js';
import type { Access } from './access.js';

export interface ProjectInput {
  recipientId: string;
  cooperationId?: string | null;
  title: string;
  description?: string | null;
}

export type ProjectPatch = Partial<Omit<ProjectInput, 'recipientId'>>;

export interface ProjectFilter {
  recipientId?: string | null;
  cooperationId?: string | null;
}

/** A project within a cooperation belongs to one of its members. */
async function cooperationFor(em: Em, recipient: Recipient, cooperationId: string | null | undefined): Promise<Cooperation | null> {
  if (!cooperationId) return null;
  const cooperation = await findById(em, Cooperation, 'Cooperation', cooperationId);
  const member = await em.count(CooperationMembership, { cooperation, recipient });
  if (member === 0) {
    throw new DomainInputError(`${recipient.name} ist nicht Mitglied der Zweckvereinbarung ${cooperation.name}.`, {
      reason: 'NOT_MEMBER',
      field: 'cooperationId',
    });
  }
  return cooperation;
}

export async function createProject(em: Em, access: Access, input: ProjectInput): Promise<Project> {
  access.assertMay('createProject');
  const recipient = await findById(em, Recipient, 'Recipient', input.recipientId);
  access.assertRecipientVisible(recipient.id, 'Recipient', input.recipientId);
  const project = em.create(Project, {
    recipient,
    cooperation: await cooperationFor(em, recipient, input.cooperationId),
    title: requiredText(input.title, 'title', 'Der Titel'),
    description: optionalText(input.description, 'description', 'Die Beschreibung'),
  });
  await em.flush();
  return project;
}

export async function updateProject(em: Em, access: Access, id: string, expectedVersion: number, patch: ProjectPatch): Promise<Project> {
  access.assertMay('updateProject');
  const project = await findForUpdate(em, Project, 'Project', id, expectedVersion, {
    assertVisible: (found) => access.assertRecipientVisible(found.recipient.id, 'Project', id),
  });
  if (patch.title !== undefined) project.title = requiredText(patch.title, 'title', 'Der Titel');
  if (patch.description !== undefined) project.description = optionalText(patch.description, 'description', 'Die Beschreibung');
  if (patch.cooperationId !== undefined) {
    const recipient = await em.findOneOrFail(Recipient, project.recipient.id);
    project.cooperation = await cooperationFor(em, recipient, patch.cooperationId);
  }
  await em.flush();
  return project;
}

export function listProjects(em: Em, access: Access, filter: ProjectFilter | null | undefined, page: PageArgs) {
  const where: FilterQuery<Project> = {};
  if (filter?.recipientId) where.recipient = relatedId(filter.recipientId);
  if (filter?.cooperationId) where.cooperation = relatedId(filter.cooperationId);
  return paginate(em, Project, access.withinRecipients(where), page);
}

export async function getProject(em: Em, access: Access, id: string): Promise<Project> {
  const project = await findById(em, Project, 'Project', id);
  access.assertRecipientVisible(project.recipient.id, 'Project', id);
  return project;
}

// Use cases of grant applications (Förderanträge) and their financing plans.
import type { FilterQuery } from '@mikro-orm/core';
import { sum, type Dec } from '../domain/decimal.js';
import { DomainInputError } from '../domain/errors.js';
import type { ApplicationStatus, CostCategory } from '../domain/enums.js';
import type { FinancingType } from '../domain/grant-approval.js';
import type { LocalDate } from '../domain/local-date.js';
import { ApplicationLine, FundingProgram, GrantApplication, GrantNotice, Project } from '../entities/index.js';
import { checkPlanLines } from './plan-lines.js';
import {
  findById,
  findForUpdate,
  optionalText,
  paginate,
  relatedId,
  type Em,
  type PageArgs,
  MAX_NAME_LENGTH,
  type Nullable,
  required,
} from './records.js';
import type { Access } from './access.js';

export interface PlanLineInput {
  category: CostCategory;
  planned: Dec;
}

export interface GrantApplicationInput {
  fundingProgramId: string;
  projectId: string;
  reference?: string | null;
  submittedOn?: LocalDate | null;
  requestedAmount: Dec;
  financingType: FinancingType;
  status?: ApplicationStatus | null;
  lines?: PlanLineInput[] | null;
}

/** Fields left out stay as they are; GraphQL may send null for any of them. */
export type GrantApplicationPatch = Nullable<Partial<Omit<GrantApplicationInput, 'fundingProgramId' | 'projectId'>>>;

export interface GrantApplicationFilter {
  fundingProgramId?: string | null;
  recipientId?: string | null;
  cooperationId?: string | null;
  status?: ApplicationStatus | null;
  year?: number | null;
}

/** The year of a filter must be one a date can have. */
function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1900 || year > 2999) {
    throw new DomainInputError('Das Jahr muss ein Jahr wie 2020 sein.', { reason: 'VALUE_OUT_OF_RANGE', field: 'filter.year' });
  }
}

function applyPatch(em: Em, application: GrantApplication, program: FundingProgram, patch: GrantApplicationPatch): void {
  if (patch.reference !== undefined)
    application.reference = optionalText(patch.reference, 'reference', 'Das Aktenzeichen', MAX_NAME_LENGTH);
  if (patch.submittedOn !== undefined) application.submittedOn = patch.submittedOn;
  if (patch.requestedAmount !== undefined) {
    if (patch.requestedAmount === null)
      throw new DomainInputError('Der beantragte Betrag kann nicht geleert werden.', { reason: 'REQUIRED', field: 'requestedAmount' });
    if (patch.requestedAmount.isNegative())
      throw new DomainInputError('Der beantragte Betrag darf nicht negativ sein.', { reason: 'NEGATIVE_AMOUNT', field: 'requestedAmount' });
    application.requestedAmount = patch.requestedAmount;
  }
  if (patch.financingType === null)
    throw new DomainInputError('Die Finanzierungsart kann nicht geleert werden.', { reason: 'REQUIRED', field: 'financingType' });
  if (patch.financingType !== undefined) application.financingType = patch.financingType;
  if (patch.status !== undefined) application.status = required(patch.status, 'status', 'Der Stand des Antrags');
  if (patch.lines !== undefined) {
    const lines = required(patch.lines, 'lines', 'Der Finanzierungsplan');
    checkPlanLines(lines, program, 'lines');
    application.lines.removeAll();
    for (const line of lines) {
      application.lines.add(em.create(ApplicationLine, { application, category: line.category, planned: line.planned }));
    }
  }
}

export async function createGrantApplication(em: Em, access: Access, input: GrantApplicationInput): Promise<GrantApplication> {
  access.assertMay('createGrantApplication');
  return em.transactional(async (tx) => {
    const program = await findById(tx, FundingProgram, 'Funding programme', input.fundingProgramId);
    const project = await findById(tx, Project, 'Project', input.projectId);
    access.assertRecipientVisible(project.recipient.id, 'Project', input.projectId);
    const application = new GrantApplication();
    application.fundingProgram = program;
    application.project = project;
    application.recipient = project.recipient;
    applyPatch(tx, application, program, input);
    await tx.persist(application).flush();
    return application;
  });
}

export async function updateGrantApplication(
  em: Em,
  access: Access,
  id: string,
  expectedVersion: number,
  patch: GrantApplicationPatch,
): Promise<GrantApplication> {
  access.assertMay('updateGrantApplication');
  return em.transactional(async (tx) => {
    const application = await findForUpdate(tx, GrantApplication, 'Grant application', id, expectedVersion, {
      assertVisible: (found) => access.assertRecipientVisible(found.recipient.id, 'Grant application', id),
    });
    await tx.populate(application, ['lines', 'fundingProgram']);
    applyPatch(tx, application, application.fundingProgram, patch);
    await tx.flush();
    return application;
  });
}

export function plannedTotal(application: GrantApplication): Dec {
  return sum(application.lines.getItems().map((line) => line.planned));
}

export function listGrantApplications(em: Em, access: Access, filter: GrantApplicationFilter | null | undefined, page: PageArgs) {
  const where: FilterQuery<GrantApplication> = {};
  if (filter?.fundingProgramId) where.fundingProgram = relatedId(filter.fundingProgramId);
  if (filter?.recipientId) where.recipient = relatedId(filter.recipientId);
  if (filter?.cooperationId) where.project = { cooperation: relatedId(filter.cooperationId) };
  if (filter?.status) where.status = filter.status;
  if (filter?.year != null) checkYear(filter.year);
  if (filter?.year != null) where.submittedOn = { $gte: `${filter.year}-01-01`, $lte: `${filter.year}-12-31` };
  return paginate(em, GrantApplication, access.withinRecipients(where), page);
}

export async function getGrantApplication(em: Em, access: Access, id: string): Promise<GrantApplication> {
  const application = await findById(em, GrantApplication, 'Grant application', id);
  access.assertRecipientVisible(application.recipient.id, 'Grant application', id);
  return application;
}

/** The notice made from each application, per application id; null for an application without one (one statement). */
export async function noticesOfApplications(em: Em, applicationIds: readonly string[]): Promise<Map<string, GrantNotice | null>> {
  const ids = [...new Set(applicationIds)];
  const notices = ids.length === 0 ? [] : await em.find(GrantNotice, { application: { $in: ids } });
  const found = new Map<string, GrantNotice | null>(ids.map((id) => [id, null]));
  for (const notice of notices) if (notice.application) found.set(notice.application.id, notice);
  return found;
}

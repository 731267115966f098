// Use cases of cooperations (Zweckvereinbarungen): members joining and leaving, and the resolutions behind them.
import type { FilterQuery } from '@mikro-orm/core';
import { DomainInputError } from '../domain/errors.js';
import { compareLocalDates, formatGermanDate, type LocalDate } from '../domain/local-date.js';
import { Cooperation, CooperationMembership, CooperationResolution, Recipient } from '../entities/index.js';
import {
  findById,
  findForUpdate,
  groupedBy,
  optionalText,
  paginate,
  relatedId,
  requiredText,
  resultFor,
  type Em,
  type PageArgs,
  MAX_DESCRIPTION_LENGTH,
  required,
} from './records.js';
import type { Access } from './access.js';
import { NotFoundError } from './errors.js';

export interface CooperationInput {
  name: string;
  agreement: string;
  purpose?: string | null;
}

export interface ResolutionInput {
  body: string;
  number: string;
  adoptedOn: LocalDate;
  subject: string;
}

export interface MembershipInput {
  cooperationId: string;
  recipientId: string;
  isLead?: boolean | null;
  joinedOn: LocalDate;
  resolutions?: ResolutionInput[] | null;
}

export interface MembershipPatch {
  isLead?: boolean | null;
  leftOn?: LocalDate | null;
}

export interface CooperationFilter {
  recipientId?: string | null;
}

function applyCooperationInput(cooperation: Cooperation, input: Partial<CooperationInput>): void {
  if (input.name !== undefined) cooperation.name = requiredText(input.name, 'name', 'Der Name');
  if (input.agreement !== undefined) cooperation.agreement = requiredText(input.agreement, 'agreement', 'Die Vereinbarung');
  if (input.purpose !== undefined) cooperation.purpose = optionalText(input.purpose, 'purpose', 'Der Verwendungszweck');
}

export async function createCooperation(em: Em, access: Access, input: CooperationInput): Promise<Cooperation> {
  access.assertMay('createCooperation');
  const cooperation = new Cooperation();
  applyCooperationInput(cooperation, input);
  await em.persist(cooperation).flush();
  return cooperation;
}

export async function updateCooperation(
  em: Em,
  access: Access,
  id: string,
  expectedVersion: number,
  patch: Partial<CooperationInput>,
): Promise<Cooperation> {
  access.assertMay('updateCooperation');
  const cooperation = await findForUpdate(em, Cooperation, 'Cooperation', id, expectedVersion);
  applyCooperationInput(cooperation, patch);
  await em.flush();
  return cooperation;
}

function newResolution(membership: CooperationMembership, input: ResolutionInput, field: string): CooperationResolution {
  const resolution = new CooperationResolution();
  resolution.membership = membership;
  resolution.body = requiredText(input.body, `${field}.body`, 'Das beschließende Gremium');
  resolution.number = requiredText(input.number, `${field}.number`, 'Die Beschlussnummer');
  resolution.adoptedOn = input.adoptedOn;
  resolution.subject = requiredText(input.subject, `${field}.subject`, 'Der Gegenstand des Beschlusses', MAX_DESCRIPTION_LENGTH);
  return resolution;
}

/** Adds a member; a recipient can be a member only once at a time. */
export async function addCooperationMember(em: Em, access: Access, input: MembershipInput): Promise<CooperationMembership> {
  access.assertMay('addCooperationMember');
  return em.transactional(async (tx) => {
    const cooperation = await findById(tx, Cooperation, 'Cooperation', input.cooperationId);
    const recipient = await findById(tx, Recipient, 'Recipient', input.recipientId);
    const open = await tx.findOne(CooperationMembership, {
      cooperation,
      recipient,
      $or: [{ leftOn: null }, { leftOn: { $gte: input.joinedOn } }],
    });
    if (open) {
      throw new DomainInputError(
        `${recipient.name} ist am ${formatGermanDate(input.joinedOn)} bereits Mitglied der Zweckvereinbarung ${cooperation.name}.`,
        {
          reason: 'DUPLICATE_RECORD',
          field: 'recipientId',
        },
      );
    }
    const membership = tx.create(CooperationMembership, {
      cooperation,
      recipient,
      isLead: input.isLead ?? false,
      joinedOn: input.joinedOn,
      leftOn: null,
    });
    (input.resolutions ?? []).forEach((resolution, index) => tx.persist(newResolution(membership, resolution, `resolutions.${index}`)));
    await tx.flush();
    return membership;
  });
}

export async function updateCooperationMembership(
  em: Em,
  access: Access,
  id: string,
  expectedVersion: number,
  patch: MembershipPatch,
): Promise<CooperationMembership> {
  access.assertMay('updateCooperationMembership');
  const membership = await findForUpdate(em, CooperationMembership, 'Membership', id, expectedVersion);
  if (patch.leftOn !== undefined) {
    if (patch.leftOn !== null && compareLocalDates(patch.leftOn, membership.joinedOn) < 0) {
      throw new DomainInputError(
        `Der Austritt am ${formatGermanDate(patch.leftOn)} liegt vor dem Beitritt am ${formatGermanDate(membership.joinedOn)}; ` +
          'ein Mitglied kann frühestens am Tag seines Beitritts austreten.',
        { reason: 'DATE_OUT_OF_ORDER', field: 'leftOn' },
      );
    }
    membership.leftOn = patch.leftOn;
  }
  if (patch.isLead !== undefined) membership.isLead = required(patch.isLead, 'isLead', 'Die Angabe zur Leitung');
  await em.flush();
  return membership;
}

export async function addCooperationResolution(
  em: Em,
  access: Access,
  membershipId: string,
  input: ResolutionInput,
): Promise<CooperationResolution> {
  access.assertMay('addCooperationResolution');
  const membership = await findById(em, CooperationMembership, 'Membership', membershipId);
  access.assertCooperationVisible(membership.cooperation.id, 'Membership', membershipId);
  const resolution = newResolution(membership, input, 'input');
  await em.persist(resolution).flush();
  return resolution;
}

export async function listCooperations(em: Em, access: Access, filter: CooperationFilter | null | undefined, page: PageArgs) {
  const where: FilterQuery<Cooperation> = {};
  if (filter?.recipientId) {
    where.memberships = { recipient: relatedId(filter.recipientId) };
  }
  const scope = access.cooperationCondition();
  if (scope) where.id = scope;
  return paginate(em, Cooperation, where, page);
}

export async function getCooperation(em: Em, access: Access, id: string): Promise<Cooperation> {
  const cooperation = await findById(em, Cooperation, 'Cooperation', id);
  access.assertCooperationVisible(cooperation.id, 'Cooperation', id);
  return cooperation;
}

/**
 * Members of cooperations on a given day (or all memberships ever, without a day), lead first, per
 * cooperation id, in one statement for any number of cooperations; only those in the caller's scope.
 * A cooperation outside the scope gets the NotFoundError a single lookup throws, the others their members.
 */
export async function membershipsOfCooperations(
  em: Em,
  access: Access,
  cooperationIds: readonly string[],
  activeOn?: LocalDate | null,
): Promise<Map<string, CooperationMembership[] | NotFoundError>> {
  const found = new Map<string, CooperationMembership[] | NotFoundError>();
  const visible: string[] = [];
  for (const id of new Set(cooperationIds)) {
    if (access.canSeeCooperation(id)) visible.push(id);
    else found.set(id, new NotFoundError('Cooperation', id));
  }
  if (visible.length === 0) return found;
  const where: FilterQuery<CooperationMembership> = { cooperation: { $in: visible } };
  if (activeOn) Object.assign(where, { joinedOn: { $lte: activeOn }, $or: [{ leftOn: null }, { leftOn: { $gte: activeOn } }] });
  // Recipient and resolutions are joined in: however many lists of members a request asks for, and in
  // whatever order they arrive, each costs this one statement.
  const memberships = await em.find(CooperationMembership, access.withinRecipients(where), {
    orderBy: { isLead: 'desc', joinedOn: 'asc', id: 'asc' },
    populate: ['recipient', 'resolutions'],
    strategy: 'joined',
  });
  for (const [id, members] of groupedBy(visible, memberships, (membership) => membership.cooperation.id)) found.set(id, members);
  return found;
}

/** Members on a given day (or all memberships ever, without a day), lead first; only those in the caller's scope. */
export async function membershipsOf(
  em: Em,
  access: Access,
  cooperationId: string,
  activeOn?: LocalDate | null,
): Promise<CooperationMembership[]> {
  return resultFor(await membershipsOfCooperations(em, access, [cooperationId], activeOn), cooperationId);
}

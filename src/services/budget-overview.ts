// The cooperation-wide budget overview for the service-team lead: every member's grant in a programme.
import { validate as isUuid } from 'uuid';
import { DomainInputError, quoteInput } from '../domain/errors.js';
import { Cooperation, CooperationMembership, GrantNotice } from '../entities/index.js';
import type { Access } from './access.js';
import { NotFoundError } from './errors.js';
import { budgetChecksOf, type BudgetCheckFigures } from './budget-check.js';
import { resultFor, type Em } from './records.js';

export interface MemberBudgetView {
  notice: GrantNotice;
  budgetCheck: BudgetCheckFigures;
}

/**
 * The overviews of many cooperations in one programme, per cooperation id, in a fixed number of
 * statements: the grants in the programme of every member the caller may see, each with its budget
 * check. A cooperation that is missing or outside the scope gets the NotFoundError a single lookup throws.
 */
export async function cooperationBudgetOverviews(
  em: Em,
  access: Access,
  cooperationIds: readonly string[],
  fundingProgramId: string,
): Promise<Map<string, MemberBudgetView[] | NotFoundError>> {
  // Checked before anything is read: in SQL a malformed id would fail the whole request.
  if (!isUuid(fundingProgramId)) {
    throw new DomainInputError(`${quoteInput(fundingProgramId)} ist keine gültige Kennung eines Förderprogramms.`, {
      reason: 'INVALID_ID',
      field: 'fundingProgramId',
    });
  }
  const overviews = new Map<string, MemberBudgetView[] | NotFoundError>();
  const ids = [...new Set(cooperationIds)];
  // A malformed id is as missing as an unknown one (findById).
  const wellFormed = ids.filter((id) => isUuid(id));
  const existing = wellFormed.length === 0 ? [] : await em.find(Cooperation, { id: { $in: wellFormed } });
  const visible = existing.map((cooperation) => cooperation.id).filter((id) => access.canSeeCooperation(id));
  for (const id of ids) if (!visible.includes(id)) overviews.set(id, new NotFoundError('Cooperation', id));
  if (visible.length === 0) return overviews;

  const memberships = await em.find(CooperationMembership, { cooperation: { $in: visible } });
  const membersOf = new Map<string, Set<string>>(visible.map((id) => [id, new Set()]));
  for (const membership of memberships) {
    if (access.canSeeRecipient(membership.recipient.id)) membersOf.get(membership.cooperation.id)!.add(membership.recipient.id);
  }
  const members = [...new Set([...membersOf.values()].flatMap((own) => [...own]))];
  const notices =
    members.length === 0
      ? []
      : await em.find(
          GrantNotice,
          { fundingProgram: fundingProgramId, recipient: { $in: members }, status: { $ne: 'REVOKED' } },
          { populate: ['currentVersion', 'recipient', 'fundingProgram'], orderBy: { recipient: { ags: 'asc' }, reference: 'asc' } },
        );
  const checks = await budgetChecksOf(
    em,
    notices.map((notice) => notice.id),
  );
  for (const id of visible) {
    const own = membersOf.get(id)!;
    overviews.set(
      id,
      notices.filter((notice) => own.has(notice.recipient.id)).map((notice) => ({ notice, budgetCheck: checks.get(notice.id)! })),
    );
  }
  return overviews;
}

/** The grants in the programme of every member the caller may see, each with its budget check. */
export async function cooperationBudgetOverview(
  em: Em,
  access: Access,
  cooperationId: string,
  fundingProgramId: string,
): Promise<MemberBudgetView[]> {
  return resultFor(await cooperationBudgetOverviews(em, access, [cooperationId], fundingProgramId), cooperationId);
}

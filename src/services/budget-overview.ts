// The cooperation-wide budget overview for the service-team lead: every member's grant in a programme.
import { CooperationMembership, GrantNotice } from '../entities/index.js';
import type { Access } from './access.js';
import { getCooperation } from './cooperations.js';
import { budgetChecksOf, type BudgetCheckFigures } from './expenditures.js';
import type { Em } from './records.js';

export interface MemberBudgetView {
  notice: GrantNotice;
  budgetCheck: BudgetCheckFigures;
}

/** The grants in the programme of every member the caller may see, each with its budget check. */
export async function cooperationBudgetOverview(
  em: Em,
  access: Access,
  cooperationId: string,
  fundingProgramId: string,
): Promise<MemberBudgetView[]> {
  const cooperation = await getCooperation(em, access, cooperationId);
  const memberships = await em.find(CooperationMembership, { cooperation }, { fields: ['recipient'] });
  const members = [...new Set(memberships.map((membership) => membership.recipient.id))].filter((id) => access.canSeeRecipient(id));
  if (members.length === 0) return [];
  const notices = await em.find(
    GrantNotice,
    { fundingProgram: fundingProgramId, recipient: { $in: members }, status: { $ne: 'REVOKED' } },
    { populate: ['currentVersion', 'recipient', 'fundingProgram'], orderBy: { recipient: { ags: 'asc' }, reference: 'asc' } },
  );
  const checks = await budgetChecksOf(
    em,
    notices.map((notice) => notice.id),
  );
  return notices.map((notice) => ({ notice, budgetCheck: checks.get(notice.id)! }));
}

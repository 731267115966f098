// The deadlines in the caller's scope (Query.deadlines): every open notice's Fristen as of today.
import { deadlinesWithin, noticeDeadlines, type Deadline } from '../domain/deadlines.js';
import type { LocalDate } from '../domain/local-date.js';
import { GrantNotice } from '../entities/index.js';
import type { Access } from './access.js';
import type { Em } from './records.js';
import { settlementInterestsOf, settlementsOf } from './settlement.js';

/**
 * The deadlines of the open notices (status APPROVED) the caller may see, as of `today`: overdue
 * ones always, the others due from `from` to `to`. Sorted by due date, then by notice reference.
 */
export async function deadlinesInScope(
  em: Em,
  access: Access,
  window: { from: LocalDate | null; to: LocalDate | null },
  today: LocalDate,
): Promise<Deadline[]> {
  const open = await em.find(GrantNotice, access.withinRecipients<GrantNotice>({ status: 'APPROVED' }), {
    populate: ['currentVersion', 'fundingProgram'],
    orderBy: { reference: 'asc' },
  });
  if (open.length === 0) return [];
  const ids = open.map((notice) => notice.id);
  const [settlements, interests] = await Promise.all([
    settlementsOf(em, access, ids, today),
    settlementInterestsOf(em, access, ids, today),
  ]);
  const deadlines = open.flatMap((notice) =>
    noticeDeadlines(
      {
        noticeId: notice.id,
        approvalEnd: notice.current.approvalEnd,
        proofOfUseMonths: notice.fundingProgram.proofOfUseMonths,
        proofOfUseSubmittedOn: notice.proofOfUseSubmittedOn ?? null,
        closed: false,
        portions: interests.get(notice.id)!.portions,
        balance: settlements.get(notice.id)!.balance,
        roundingMode: notice.fundingProgram.roundingMode,
      },
      today,
    ),
  );
  const order = new Map(ids.map((id, index) => [id, index]));
  return deadlinesWithin(deadlines, window.from, window.to).sort(
    (a, b) => a.dueOn.localeCompare(b.dueOn) || order.get(a.noticeId)! - order.get(b.noticeId)!,
  );
}

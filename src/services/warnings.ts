// The plausibility warnings of receipts, Mittelabrufe and payments (see src/domain/warnings.ts), for
// many records at once in a fixed number of statements, so that a list with its warnings costs no
// more statements than one record.
import { Dec } from '../domain/decimal.js';
import { describeExclusion, type ExclusionReason } from '../domain/eligibility.js';
import { futurePaymentWarning, spendPaceWarning, type Warning } from '../domain/warnings.js';
import type { LocalDate } from '../domain/local-date.js';
import { GrantNotice, type DisbursementRequest, type Payment } from '../entities/index.js';
import { budgetChecksOf, RECEIPT_EXCLUSION_SQL } from './budget-check.js';
import type { Em } from './records.js';

/** Per receipt id: a receipt number the notice has more than once, and a receipt that does not count. */
export async function expenditureWarningsOf(em: Em, ids: readonly string[]): Promise<Map<string, Warning[]>> {
  const warnings = new Map<string, Warning[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return warnings;
  const rows = await em.execute<
    {
      id: string;
      receipt_number: string;
      exclusion_reason: ExclusionReason | null;
      payment_date: string | null;
      category: string;
      approval_start: string;
      approval_end: string;
      repeated: number;
    }[]
  >(
    `select e.id, e.receipt_number, ${RECEIPT_EXCLUSION_SQL} as exclusion_reason, e.payment_date::text as payment_date,
            e.category::text as category, v.approval_start::text as approval_start, v.approval_end::text as approval_end,
            (select count(*) from expenditure o
              where o.notice_id = e.notice_id and o.receipt_number = e.receipt_number and o.id <> e.id
                and not exists (select 1 from expenditure_reversal x where x.expenditure_id = o.id))::int as repeated
       from expenditure e
       join grant_notice n on n.id = e.notice_id
       join grant_notice_version v on v.id = n.current_version_id
       left join expenditure_reversal r on r.expenditure_id = e.id
       left join budget_line b on b.notice_version_id = v.id and b.category = e.category
      where e.id in (?)`,
    [[...new Set(ids)]],
  );
  for (const row of rows) {
    // A reversed receipt is out of every figure already; nothing about it needs a second look.
    if (row.exclusion_reason === 'REVERSED') continue;
    const found = warnings.get(row.id)!;
    if (row.repeated > 0) {
      found.push({
        reason: 'RECEIPT_NUMBER_REPEATED',
        message:
          `Die Belegnummer ${row.receipt_number} ist auf diesem Zuwendungsbescheid ${row.repeated === 1 ? 'ein weiteres Mal' : `${row.repeated + 1}-mal`} ` +
          'gebucht; bitte prüfen, ob derselbe Beleg doppelt erfasst ist.',
        field: 'receiptNumber',
        figures: { receiptNumber: row.receipt_number, others: String(row.repeated) },
      });
    }
    if (row.exclusion_reason) {
      found.push({
        reason: 'RECEIPT_DOES_NOT_COUNT',
        message: `Der Beleg zählt nicht als zuwendungsfähige Ausgabe: ${describeExclusion(row.exclusion_reason, {
          approvalStart: row.approval_start,
          approvalEnd: row.approval_end,
          paymentDate: row.payment_date,
          category: row.category as never,
        })}`,
        field: row.exclusion_reason === 'CATEGORY_NOT_PLANNED' ? 'category' : 'paymentDate',
        figures: { exclusionReason: row.exclusion_reason },
      });
    }
  }
  return warnings;
}

/** Per Mittelabruf id: money that the pace so far will not use within the spend deadline (drafts and submitted ones). */
export async function requestWarningsOf(em: Em, requests: readonly DisbursementRequest[]): Promise<Map<string, Warning[]>> {
  const warnings = new Map<string, Warning[]>(requests.map((request) => [request.id, []]));
  const open = requests.filter((request) => request.status === 'DRAFT' || request.status === 'SUBMITTED');
  if (open.length === 0) return warnings;
  const noticeIds = [...new Set(open.map((request) => request.notice.id))];
  const [notices, checks, money] = await Promise.all([
    em.find(GrantNotice, { id: { $in: noticeIds } }, { populate: ['currentVersion', 'fundingProgram'] }),
    budgetChecksOf(em, noticeIds),
    em.execute<{ notice_id: string; paid: string }[]>(
      `select n.id as notice_id,
              (select coalesce(sum(p.amount), 0) from payment p
                where p.notice_id = n.id and not exists (select 1 from payment_reversal r where r.payment_id = p.id))::text as paid
         from grant_notice n where n.id in (?)`,
      [noticeIds],
    ),
  ]);
  const submitted = await em.execute<{ id: string; notice_id: string; amount: string }[]>(
    `select id, notice_id, amount::text as amount from disbursement_request where notice_id in (?) and status = 'SUBMITTED'`,
    [noticeIds],
  );
  const paid = new Map(money.map((row) => [row.notice_id, new Dec(row.paid)]));
  for (const request of open) {
    const notice = notices.find((candidate) => candidate.id === request.notice.id);
    const check = checks.get(request.notice.id);
    if (!notice || !check) continue;
    const otherRequested = submitted
      .filter((row) => row.notice_id === notice.id && row.id !== request.id)
      .reduce((sum, row) => sum.plus(row.amount), new Dec(0));
    const warning = spendPaceWarning({
      requestedOn: request.requestedOn,
      amount: request.amount,
      approvalStart: notice.current.approvalStart,
      approvedAmount: notice.current.approvedAmount,
      plannedTotal: check.plannedTotal,
      spent: check.actualTotal,
      paid: paid.get(notice.id) ?? new Dec(0),
      otherRequested,
      spendDeadlineMonths: notice.fundingProgram.spendDeadlineMonths,
    });
    if (warning) warnings.get(request.id)!.push(warning);
  }
  return warnings;
}

/** A payment's warnings; they need nothing but the payment and the day. */
export function paymentWarnings(payment: Payment, today: LocalDate): Warning[] {
  const warning = payment.reversal ? null : futurePaymentWarning(payment.paidOn, today);
  return warning ? [warning] : [];
}

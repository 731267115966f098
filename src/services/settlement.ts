// Schlussabrechnung of a notice (Rule 4) with interest on early-drawn funds (Rule 6): computed on any
// date as a forecast, finalised once, after which the stored figures are what the notice shows.
import { receiptCountsSql, staffCountsSql, staffMonthEndSql, versionColumns } from '../domain/eligibility.js';
import { noticeStatusName } from '../domain/enums.js';
import { Dec, ZERO } from '../domain/decimal.js';
import { DomainInputError } from '../domain/errors.js';
import { BUNDESBANK_BASE_RATES, grantUsage, interestDue, type InterestPortion } from '../domain/interest.js';
import type { LocalDate } from '../domain/local-date.js';
import { settle } from '../domain/settlement.js';
import { FinalSettlement, GrantNotice } from '../entities/index.js';
import type { Access } from './access.js';
import { budgetChecksOf, type BudgetCheckFigures } from './budget-check.js';
import { listBaseRates } from './disbursements.js';
import { noticesInForce } from './notices.js';
import { findById, groupedBy, type Em } from './records.js';

export interface SettlementInterest {
  amount: Dec;
  /** Empty for a finalised settlement, which keeps the total only. */
  portions: InterestPortion[];
  warnings: string[];
}

/** Rule 4's figures of one notice, without the interest (Rule 6), which is computed only when asked for. */
export interface SettlementFigures {
  noticeId: string;
  /** The day the figures are computed for; for a finalised settlement the day it was finalised for. */
  asOf: LocalDate;
  finalised: boolean;
  recognisedTotal: Dec;
  actualThirdPartyFunds: Dec;
  finalGrant: Dec;
  paidTotal: Dec;
  balance: Dec;
  refundDue: Dec;
  outstandingPayout: Dec;
  /** Kept with a finalised settlement (its total only); computed on demand otherwise. */
  storedInterest: Dec | null;
}

export interface SettlementView extends SettlementFigures {
  interest: SettlementInterest;
}

const BERLIN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's calendar date in Thuringia: deadlines fall on German days, whatever the server's time zone. */
export function todayInBerlin(now: Date = new Date()): LocalDate {
  return BERLIN_DAY.format(now);
}

function finalisedFigures(stored: FinalSettlement): SettlementFigures {
  const balance = stored.balance;
  return {
    noticeId: stored.notice.id,
    asOf: stored.asOf,
    finalised: true,
    recognisedTotal: stored.recognisedTotal,
    actualThirdPartyFunds: stored.actualThirdPartyFunds,
    finalGrant: stored.finalGrant,
    paidTotal: stored.paidTotal,
    balance,
    refundDue: balance.isNegative() && !balance.isZero() ? balance.neg() : ZERO,
    outstandingPayout: balance.isPositive() && !balance.isZero() ? balance : ZERO,
    storedInterest: stored.interest,
  };
}

/** The notices in force with their programme, checked against the caller's scope. */
async function visibleNotices(em: Em, access: Access, noticeIds: readonly string[]): Promise<GrantNotice[]> {
  const notices = await noticesInForce(em, noticeIds);
  for (const notice of notices) access.assertRecipientVisible(notice.recipient.id, 'Grant notice', notice.id);
  return notices;
}

/**
 * Rule 4 as of a day for many notices, in a fixed number of statements: the finalised figures once a
 * settlement is finalised, otherwise a forecast. The recognised total is the budget check as it stands
 * (every counted receipt and staff month, whenever it was booked): receipts come in after the fact, so
 * cutting them at `asOf` would understate a settlement computed for a past day. Payments count when paid
 * on or before `asOf` and not reversed; a reversal corrects an error, so it counts whenever it was
 * booked. Actual third-party funds are the reported ones, or the planned ones until a report exists.
 */
export async function settlementsOf(
  em: Em,
  access: Access,
  noticeIds: readonly string[],
  asOf: LocalDate,
  /** Where the budget checks come from; a request that also shows them passes its loader. */
  checksOf: (ids: readonly string[]) => Promise<ReadonlyMap<string, BudgetCheckFigures>> = (ids) => budgetChecksOf(em, ids),
): Promise<Map<string, SettlementFigures>> {
  const figures = new Map<string, SettlementFigures>();
  if (noticeIds.length === 0) return figures;
  const notices = await visibleNotices(em, access, noticeIds);
  const stored = await em.find(FinalSettlement, { notice: { $in: notices.map((notice) => notice.id) } });
  for (const settlement of stored) figures.set(settlement.notice.id, finalisedFigures(settlement));
  const open = notices.filter((notice) => !figures.has(notice.id));
  if (open.length === 0) return figures;
  const checks = await checksOf(open.map((notice) => notice.id));
  const paid = await em.execute<{ notice_id: string; amount: string }[]>(
    `select p.notice_id, sum(p.amount)::text as amount
       from payment p
      where p.notice_id in (?) and p.paid_on <= ?::date
        and not exists (select 1 from payment_reversal r where r.payment_id = p.id)
      group by p.notice_id`,
    [open.map((notice) => notice.id), asOf],
  );
  const paidByNotice = new Map(paid.map((row) => [row.notice_id, new Dec(row.amount)]));
  for (const notice of open) {
    const version = notice.current;
    const check = checks.get(notice.id)!;
    const actualThirdPartyFunds = notice.actualThirdPartyFunds ?? version.thirdPartyFunds;
    const result = settle(
      {
        financingType: version.financingType,
        rate: version.rate ?? null,
        approvedAmount: version.approvedAmount,
        recognisedTotal: check.recognisedTotal,
        ownFunds: version.ownFunds,
        actualThirdPartyFunds,
        fixedAmount: version.fixedAmount ?? null,
        paidTotal: paidByNotice.get(notice.id) ?? ZERO,
      },
      notice.fundingProgram.roundingMode,
    );
    figures.set(notice.id, {
      noticeId: notice.id,
      asOf,
      finalised: false,
      recognisedTotal: check.recognisedTotal,
      actualThirdPartyFunds,
      ...result,
      storedInterest: null,
    });
  }
  return figures;
}

/**
 * Interest on early-drawn funds (Rule 6) as of a day for many notices, in a fixed number of
 * statements: payments and the grant's use per day of every notice, and the base rates once. A
 * finalised settlement keeps its total only.
 */
export async function settlementInterestsOf(
  em: Em,
  access: Access,
  noticeIds: readonly string[],
  asOf: LocalDate,
): Promise<Map<string, SettlementInterest>> {
  const interests = new Map<string, SettlementInterest>();
  if (noticeIds.length === 0) return interests;
  const notices = await visibleNotices(em, access, noticeIds);
  const stored = await em.find(FinalSettlement, { notice: { $in: notices.map((notice) => notice.id) } });
  for (const settlement of stored) interests.set(settlement.notice.id, { amount: settlement.interest, portions: [], warnings: [] });
  const open = notices.filter((notice) => !interests.has(notice.id));
  if (open.length === 0) return interests;
  const openIds = open.map((notice) => notice.id);
  const payments = await em.execute<{ notice_id: string; id: string; paid_on: string; amount: string }[]>(
    `select p.notice_id, p.id, p.paid_on::text as paid_on, p.amount::text as amount
       from payment p
      where p.notice_id in (?) and p.paid_on <= ?::date
        and not exists (select 1 from payment_reversal r where r.payment_id = p.id)
      order by p.notice_id, p.paid_on, p.id`,
    [openIds, asOf],
  );
  const paymentsByNotice = groupedBy(openIds, payments, (row) => row.notice_id);
  const usage = await usageDays(em, openIds);
  const plannedTotals = await em.execute<{ notice_id: string; planned: string }[]>(
    `select n.id as notice_id, coalesce(sum(b.planned), 0)::text as planned
       from grant_notice n
       left join budget_line b on b.notice_version_id = n.current_version_id
      where n.id in (?)
      group by n.id`,
    [openIds],
  );
  const plannedByNotice = new Map(plannedTotals.map((row) => [row.notice_id, new Dec(row.planned)]));
  const storedRates = await listBaseRates(em);
  const baseRates = storedRates.length > 0 ? storedRates.map(({ validFrom, rate }) => ({ validFrom, rate })) : BUNDESBANK_BASE_RATES;
  for (const notice of open) {
    const version = notice.current;
    const program = notice.fundingProgram;
    const plannedTotal = plannedByNotice.get(notice.id) ?? ZERO;
    const interest = interestDue(
      {
        payments: paymentsByNotice.get(notice.id)!.map((row) => ({ id: row.id, paidOn: row.paid_on, amount: new Dec(row.amount) })),
        usage: (usage.get(notice.id) ?? []).map((day) => ({
          usedOn: day.usedOn,
          amount: grantUsage(day.eligible, version.approvedAmount, plannedTotal),
        })),
        evaluationDate: asOf,
        spendDeadlineMonths: program.spendDeadlineMonths,
        marginRate: program.interestMargin,
        baseRates,
      },
      program.roundingMode,
    );
    const warnings =
      storedRates.length > 0
        ? interest.warnings
        : [
            'Im Register ist kein Basiszinssatz erfasst; verwendet wurden die dem Dienst bekannten Sätze der Bundesbank.',
            ...interest.warnings,
          ];
    interests.set(notice.id, { amount: interest.amount, portions: interest.portions, warnings });
  }
  return interests;
}

/**
 * Eligible spending per day, the grant's use under Rule 6: counted receipts on their payment date and
 * counted staff months on their last day, the same rows the budget check counts (Rule 2). The line
 * tolerance is not applied per day: usage is the money spent, the budget check caps what is recognised.
 */
async function usageDays(em: Em, noticeIds: readonly string[]): Promise<Map<string, { usedOn: LocalDate; eligible: Dec }[]>> {
  const rows = await em.execute<{ notice_id: string; used_on: string; eligible: string }[]>(
    `select notice_id, used_on::text as used_on, sum(amount)::text as eligible from (
        select e.notice_id, e.payment_date as used_on, e.eligible_amount as amount
          from grant_notice n
          join grant_notice_version v on v.id = n.current_version_id
          join expenditure e on e.notice_id = n.id
         where n.id in (?) and e.notice_id in (?) and ${receiptCountsSql('e', versionColumns('v'))}
        union all
        select a.notice_id, ${staffMonthEndSql('a')}, a.amount
          from grant_notice n
          join grant_notice_version v on v.id = n.current_version_id
          join staff_allocation a on a.notice_id = n.id
         where n.id in (?) and a.notice_id in (?) and ${staffCountsSql('a', versionColumns('v'))}
      ) counted
      group by notice_id, used_on
      order by notice_id, used_on`,
    // The ids on the receipts too: the planner does not carry a list over a join, and would scan every receipt.
    [noticeIds, noticeIds, noticeIds, noticeIds],
  );
  const days = groupedBy(noticeIds, rows, (row) => row.notice_id);
  return new Map([...days].map(([id, list]) => [id, list.map((row) => ({ usedOn: row.used_on, eligible: new Dec(row.eligible) }))]));
}

/** The notice's settlement with its interest: the finalised figures once it is finalised, otherwise a forecast as of `asOf`. */
export async function settlementOf(em: Em, access: Access, notice: GrantNotice, asOf: LocalDate): Promise<SettlementView> {
  access.assertRecipientVisible(notice.recipient.id, 'Grant notice', notice.id);
  const figures = (await settlementsOf(em, access, [notice.id], asOf)).get(notice.id)!;
  const interest = (await settlementInterestsOf(em, access, [notice.id], asOf)).get(notice.id)!;
  return { ...figures, interest };
}

/**
 * Finalises the Schlussabrechnung once, as of a day, and marks the notice settled. It is booked by the
 * recipient's finance officer, who records what the state decided, like the notice itself (grant
 * data). Later amendments or reversals leave the stored figures as they were.
 */
export async function finaliseSettlement(em: Em, access: Access, noticeId: string, asOf: LocalDate): Promise<SettlementView> {
  access.assertMay('finaliseSettlement');
  return em.transactional(async (tx) => {
    // Locked, so that a payment or a second finalisation waits for this one.
    const notice = await findById(tx, GrantNotice, 'Grant notice', noticeId, { lock: true });
    access.assertRecipientVisible(notice.recipient.id, 'Grant notice', noticeId);
    if (await tx.count(FinalSettlement, { notice })) {
      throw new DomainInputError(`Die Schlussabrechnung des Zuwendungsbescheids ${notice.reference} ist bereits abgeschlossen.`, {
        reason: 'ALREADY_SETTLED',
        field: 'grantNoticeId',
      });
    }
    if (notice.status !== 'APPROVED') {
      throw new DomainInputError(
        `Der Zuwendungsbescheid ${notice.reference} ist ${noticeStatusName(notice.status)}; er kann nicht abgerechnet werden.`,
        {
          reason: 'NOTICE_CLOSED',
          field: 'grantNoticeId',
        },
      );
    }
    const figures = await settlementOf(tx, access, notice, asOf);
    tx.create(FinalSettlement, {
      notice,
      asOf,
      noticeVersionNo: notice.current.versionNo,
      recognisedTotal: figures.recognisedTotal,
      actualThirdPartyFunds: figures.actualThirdPartyFunds,
      finalGrant: figures.finalGrant,
      paidTotal: figures.paidTotal,
      balance: figures.balance,
      interest: figures.interest.amount,
    });
    notice.status = 'SETTLED';
    await tx.flush();
    return { ...figures, finalised: true, storedInterest: figures.interest.amount };
  });
}

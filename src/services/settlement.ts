// Schlussabrechnung of a notice (Rule 4) with interest on early-drawn funds (Rule 6): computed on any
// date as a forecast, finalised once, after which the stored figures are what the notice shows.
import { Dec, ZERO } from '../domain/decimal.js';
import { DomainInputError } from '../domain/errors.js';
import { BUNDESBANK_BASE_RATES, grantUsage, interestDue, type InterestPortion } from '../domain/interest.js';
import type { LocalDate } from '../domain/local-date.js';
import { settle } from '../domain/settlement.js';
import { FinalSettlement, GrantNotice } from '../entities/index.js';
import type { Access } from './access.js';
import { budgetCheckOf } from './expenditures.js';
import { listBaseRates } from './disbursements.js';
import { findById, type Em } from './records.js';

export interface SettlementInterest {
  amount: Dec;
  /** Empty for a finalised settlement, which keeps the total only. */
  portions: InterestPortion[];
  warnings: string[];
}

export interface SettlementView {
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
  interest: SettlementInterest;
}

const BERLIN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's calendar date in Thuringia: deadlines fall on German days, whatever the server's time zone. */
export function todayInBerlin(now: Date = new Date()): LocalDate {
  return BERLIN_DAY.format(now);
}

function finalisedView(stored: FinalSettlement): SettlementView {
  const balance = stored.balance;
  return {
    asOf: stored.asOf,
    finalised: true,
    recognisedTotal: stored.recognisedTotal,
    actualThirdPartyFunds: stored.actualThirdPartyFunds,
    finalGrant: stored.finalGrant,
    paidTotal: stored.paidTotal,
    balance,
    refundDue: balance.isNegative() && !balance.isZero() ? balance.neg() : ZERO,
    outstandingPayout: balance.isPositive() && !balance.isZero() ? balance : ZERO,
    interest: { amount: stored.interest, portions: [], warnings: [] },
  };
}

/**
 * Rule 4 as of a day. The recognised total is the budget check as it stands (every counted receipt
 * and staff month, whenever it was booked): receipts come in after the fact, so cutting them at
 * `asOf` would understate a settlement computed for a past day. Payments count when paid on or
 * before `asOf` and not reversed; a reversal corrects an error, so it counts whenever it was booked.
 * Actual third-party funds are the reported ones, or the planned ones until a report exists.
 */
async function computeSettlement(em: Em, notice: GrantNotice, asOf: LocalDate): Promise<SettlementView> {
  const loaded = await em.findOneOrFail(GrantNotice, notice.id, { populate: ['currentVersion', 'fundingProgram'] });
  const version = loaded.current;
  const program = loaded.fundingProgram;
  const check = await budgetCheckOf(em, loaded);

  const payments = (
    await em.execute<{ id: string; paid_on: string; amount: string }[]>(
      `select p.id, p.paid_on::text as paid_on, p.amount::text as amount
         from payment p
        where p.notice_id = ? and p.paid_on <= ?::date
          and not exists (select 1 from payment_reversal r where r.payment_id = p.id)
        order by p.paid_on, p.id`,
      [notice.id, asOf],
    )
  ).map((row) => ({ id: row.id, paidOn: row.paid_on, amount: new Dec(row.amount) }));
  const paidTotal = payments.reduce((total, payment) => total.plus(payment.amount), ZERO);

  const actualThirdPartyFunds = loaded.actualThirdPartyFunds ?? version.thirdPartyFunds;
  const result = settle(
    {
      financingType: version.financingType,
      rate: version.rate ?? null,
      approvedAmount: version.approvedAmount,
      recognisedTotal: check.recognisedTotal,
      ownFunds: version.ownFunds,
      actualThirdPartyFunds,
      fixedAmount: version.fixedAmount ?? null,
      paidTotal,
    },
    program.roundingMode,
  );

  const storedRates = await listBaseRates(em);
  const baseRates = storedRates.length > 0 ? storedRates.map(({ validFrom, rate }) => ({ validFrom, rate })) : BUNDESBANK_BASE_RATES;
  const interest = interestDue(
    {
      payments,
      usage: (await usageDays(em, notice.id, version.id)).map((day) => ({
        usedOn: day.usedOn,
        amount: grantUsage(day.eligible, version.approvedAmount, check.plannedTotal),
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
      : ['No base rate is recorded in the register; the Bundesbank rates known to the service were used.', ...interest.warnings];

  return {
    asOf,
    finalised: false,
    recognisedTotal: check.recognisedTotal,
    actualThirdPartyFunds,
    ...result,
    interest: { amount: interest.amount, portions: interest.portions, warnings },
  };
}

/**
 * Eligible spending per day, the grant's use under Rule 6: counted receipts on their payment date and
 * counted staff months on their last day, the same rows the budget check counts (Rule 2). The line
 * tolerance is not applied per day: usage is the money spent, the budget check caps what is recognised.
 */
async function usageDays(em: Em, noticeId: string, versionId: string): Promise<{ usedOn: LocalDate; eligible: Dec }[]> {
  const rows = await em.execute<{ used_on: string; eligible: string }[]>(
    `select used_on::text as used_on, sum(amount)::text as eligible from (
        select e.payment_date as used_on, e.eligible_amount as amount
          from expenditure e
          join grant_notice_version v on v.id = ?
         where e.notice_id = ?
           and e.payment_date between v.approval_start and v.approval_end
           and not exists (select 1 from expenditure_reversal r where r.expenditure_id = e.id)
           and exists (select 1 from budget_line b where b.notice_version_id = v.id and b.category = e.category)
        union all
        select (a.month + interval '1 month' - interval '1 day')::date, a.amount
          from staff_allocation a
          join grant_notice_version v on v.id = ?
         where a.notice_id = ?
           and a.month <= v.approval_end and (a.month + interval '1 month' - interval '1 day')::date >= v.approval_start
           and not exists (select 1 from staff_allocation_reversal sr where sr.allocation_id = a.id)
           and exists (select 1 from budget_line b where b.notice_version_id = v.id and b.category = 'STAFF')
      ) counted
      group by used_on
      order by used_on`,
    [versionId, noticeId, versionId, noticeId],
  );
  return rows.map((row) => ({ usedOn: row.used_on, eligible: new Dec(row.eligible) }));
}

/** The notice's settlement: the finalised figures once it is finalised, otherwise a forecast as of `asOf`. */
export async function settlementOf(em: Em, access: Access, notice: GrantNotice, asOf: LocalDate): Promise<SettlementView> {
  access.assertRecipientVisible(notice.recipient.id, 'Grant notice', notice.id);
  const stored = await em.findOne(FinalSettlement, { notice: notice.id });
  return stored ? finalisedView(stored) : computeSettlement(em, notice, asOf);
}

/**
 * Finalises the Schlussabrechnung once, as of a day, and marks the notice settled. It is booked by the
 * recipient's finance officer, who records what the state decided, like the notice itself (grant
 * data). Later amendments or reversals leave the stored figures as they were.
 */
export async function finaliseSettlement(em: Em, access: Access, noticeId: string, asOf: LocalDate): Promise<SettlementView> {
  access.assertMayWrite('grant data');
  return em.transactional(async (tx) => {
    // Locked, so that a payment or a second finalisation waits for this one.
    const notice = await findById(tx, GrantNotice, 'Grant notice', noticeId, { lock: true });
    access.assertRecipientVisible(notice.recipient.id, 'Grant notice', noticeId);
    if (await tx.count(FinalSettlement, { notice })) {
      throw new DomainInputError(`The settlement of grant notice ${notice.reference} is already finalised.`, { field: 'grantNoticeId' });
    }
    if (notice.status !== 'APPROVED') {
      throw new DomainInputError(`Grant notice ${notice.reference} is ${notice.status.toLowerCase()}; it cannot be settled.`, {
        field: 'grantNoticeId',
      });
    }
    const figures = await computeSettlement(tx, notice, asOf);
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
    return { ...figures, finalised: true };
  });
}

// The Programmübersicht as a table: every notice of a programme in the caller's scope with its figures
// (budget check, settlement forecast, interest, proof-of-use deadline), filtered, sorted and paged, with
// totals per recipient and per cooperation of what is filtered. The web page and the workbook of what is
// filtered take their notices from here, so that both apply a filter the same way.
import { ZERO, sum, type Dec } from '../domain/decimal.js';
import { DomainInputError } from '../domain/errors.js';
import { GRANT_NOTICE_STATUSES, noticeStatusName, type GrantNoticeStatus } from '../domain/enums.js';
import type { LocalDate } from '../domain/local-date.js';
import { isProofOfUseOverdue, proofOfUseDue } from '../domain/proof-of-use.js';
import { GrantNotice, type FundingProgram } from '../entities/index.js';
import type { Access } from './access.js';
import { budgetChecksOf, type BudgetCheckFigures } from './budget-check.js';
import { NotFoundError } from './errors.js';
import { getFundingProgram } from './programs.js';
import { relatedId, type Em } from './records.js';
import { settlementInterestsOf, settlementsOf, type SettlementFigures } from './settlement.js';

/** Notices whose figures are computed together: each batch is a fixed number of statements. */
const FIGURES_BATCH = 500;

export interface ProgrammeOverviewFilter {
  recipientId?: string | null;
  cooperationId?: string | null;
  status?: GrantNoticeStatus | null;
  /** true: only notices whose proof of use is overdue (Rule 9); false: only the others. */
  proofOfUseOverdue?: boolean | null;
  /** true: only notices whose settlement forecast asks money back (Rule 4). */
  refundDue?: boolean | null;
  /** true: only notices with a budget line spent beyond its tolerance (Rule 3). */
  overTolerance?: boolean | null;
  /** true: only notices on which interest for funds drawn early is due (Rule 6). */
  interestDue?: boolean | null;
}

export const PROGRAMME_OVERVIEW_ORDER_FIELDS = [
  'RECIPIENT',
  'REFERENCE',
  'COOPERATION',
  'STATUS',
  'APPROVED',
  'PAID',
  'SPENT',
  'RECOGNISED',
  'PROOF_OF_USE_DUE',
  'REFUND_DUE',
  'INTEREST',
] as const;
export type ProgrammeOverviewOrderField = (typeof PROGRAMME_OVERVIEW_ORDER_FIELDS)[number];

export interface ProgrammeOverviewOrder {
  field: ProgrammeOverviewOrderField;
  descending?: boolean | null;
}

/** One notice of the overview with the figures the table shows. */
export interface ProgrammeOverviewRow {
  notice: GrantNotice;
  cooperationName: string | null;
  approved: Dec;
  paid: Dec;
  spent: Dec;
  recognised: Dec;
  refundDue: Dec;
  /** Rule 6 as of today; computed for the rows of a page, or for all when filtered or sorted by it. */
  interest: Dec | null;
  proofOfUseDue: LocalDate;
  proofOfUseOverdue: boolean;
  overTolerance: boolean;
}

/** What a group of rows adds up to. */
export interface ProgrammeOverviewTotal {
  /** Recipient or cooperation id; null for the whole selection. */
  id: string | null;
  name: string;
  notices: number;
  approved: Dec;
  paid: Dec;
  spent: Dec;
  recognised: Dec;
  refundDue: Dec;
}

export interface ProgrammeOverview {
  programme: FundingProgram;
  /** Notices that pass the filter. */
  totalCount: number;
  /** The rows of the window asked for (every row without one), in the order asked for. */
  rows: ProgrammeOverviewRow[];
  /** Revoked notices count in no total, as in the workbook. */
  recipientTotals: ProgrammeOverviewTotal[];
  cooperationTotals: ProgrammeOverviewTotal[];
  total: ProgrammeOverviewTotal;
}

/** Checks the page arguments: 1 to 100 rows (default 50) from a position of 0 or more. */
export function overviewWindow(page: { first?: number | null; offset?: number | null }): { first: number; offset: number } {
  const first = page.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > 100) {
    throw new DomainInputError('"first" muss eine ganze Zahl von 1 bis 100 sein.', { reason: 'INVALID_PAGE_SIZE', field: 'first' });
  }
  const offset = page.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new DomainInputError('"offset" muss eine ganze Zahl ab 0 sein.', { reason: 'VALUE_OUT_OF_RANGE', field: 'offset' });
  }
  return { first, offset };
}

function matches(wanted: boolean | null | undefined, actual: boolean): boolean {
  return wanted == null || wanted === actual;
}

function compareRows(field: ProgrammeOverviewOrderField): (a: ProgrammeOverviewRow, b: ProgrammeOverviewRow) => number {
  const money = (pick: (row: ProgrammeOverviewRow) => Dec) => (a: ProgrammeOverviewRow, b: ProgrammeOverviewRow) => pick(a).cmp(pick(b));
  const text = (pick: (row: ProgrammeOverviewRow) => string) => (a: ProgrammeOverviewRow, b: ProgrammeOverviewRow) =>
    pick(a).localeCompare(pick(b), 'de');
  switch (field) {
    case 'RECIPIENT':
      return text((row) => row.notice.recipient.name);
    case 'REFERENCE':
      return text((row) => row.notice.reference);
    case 'COOPERATION':
      return text((row) => row.cooperationName ?? '');
    case 'STATUS':
      return text((row) => noticeStatusName(row.notice.status));
    case 'APPROVED':
      return money((row) => row.approved);
    case 'PAID':
      return money((row) => row.paid);
    case 'SPENT':
      return money((row) => row.spent);
    case 'RECOGNISED':
      return money((row) => row.recognised);
    case 'PROOF_OF_USE_DUE':
      return text((row) => row.proofOfUseDue);
    case 'REFUND_DUE':
      return money((row) => row.refundDue);
    case 'INTEREST':
      return money((row) => row.interest ?? ZERO);
  }
}

/** The order of the workbook: by recipient AGS, then reference. */
function workbookOrder(a: ProgrammeOverviewRow, b: ProgrammeOverviewRow): number {
  return a.notice.recipient.ags.localeCompare(b.notice.recipient.ags) || a.notice.reference.localeCompare(b.notice.reference);
}

function totalOf(id: string | null, name: string, rows: readonly ProgrammeOverviewRow[]): ProgrammeOverviewTotal {
  const add = (pick: (row: ProgrammeOverviewRow) => Dec) => (rows.length === 0 ? ZERO : sum(rows.map(pick)));
  return {
    id,
    name,
    notices: rows.length,
    approved: add((row) => row.approved),
    paid: add((row) => row.paid),
    spent: add((row) => row.spent),
    recognised: add((row) => row.recognised),
    refundDue: add((row) => row.refundDue),
  };
}

/**
 * The programme's notices in the caller's scope that pass the filter, with their figures, in the order
 * asked for (the workbook's order by default), and the totals of the selection. Recipient, cooperation
 * and status narrow the notices in SQL; the figures of the rest are computed together in batches, a
 * fixed number of statements each (budget checks and settlements), and filtered on. Interest (Rule 6)
 * follows every receipt day by day, seconds for a programme of 1,000,000 receipts: it is computed for
 * all notices only when the filter or the order asks for it, otherwise for the rows of the window.
 */
export async function programmeOverview(
  em: Em,
  access: Access,
  fundingProgramId: string,
  filter: ProgrammeOverviewFilter | null | undefined,
  orderBy: ProgrammeOverviewOrder | null | undefined,
  today: LocalDate,
  /** A page of the rows; without one every row, without interest unless filtered or sorted by it. */
  window: { first: number; offset: number } | null = null,
): Promise<ProgrammeOverview> {
  const programme = await getFundingProgram(em, fundingProgramId);
  if (filter?.status && !GRANT_NOTICE_STATUSES.includes(filter.status)) {
    throw new DomainInputError(`Unbekannter Status eines Bescheids: ${filter.status}.`, { reason: 'INVALID_VALUE', field: 'status' });
  }
  const where: Record<string, unknown> = { fundingProgram: programme.id };
  if (filter?.recipientId) where.recipient = relatedId(filter.recipientId);
  if (filter?.cooperationId) where.project = { cooperation: relatedId(filter.cooperationId) };
  if (filter?.status) where.status = filter.status;
  // Rule 9 in SQL, so that only the notices left get their figures computed: PostgreSQL's month
  // arithmetic keeps the day or takes the month's last, as proofOfUseDue does.
  if (filter?.proofOfUseOverdue != null) {
    const overdue = await em.execute<{ id: string }[]>(
      `select n.id
         from grant_notice n
         join grant_notice_version v on v.id = n.current_version_id
         join funding_program p on p.id = n.funding_program_id
        where n.funding_program_id = ? and n.proof_of_use_submitted_on is null
          and (v.approval_end + make_interval(months => p.proof_of_use_months))::date < ?::date`,
      [programme.id, today],
    );
    const ids = overdue.map((row) => row.id);
    where.id = filter.proofOfUseOverdue ? { $in: ids } : { $nin: ids };
  }
  const notices = await em.find(GrantNotice, access.withinRecipients<GrantNotice>(where), {
    populate: ['currentVersion', 'fundingProgram', 'recipient', 'project', 'project.cooperation'],
    orderBy: { recipient: { ags: 'asc' }, reference: 'asc' },
  });
  // As the workbook: a caller limited to some recipients who sees no notice of the programme is refused.
  if (
    !access.readsEverything &&
    notices.length === 0 &&
    (await em.count(GrantNotice, access.withinRecipients<GrantNotice>({ fundingProgram: programme.id }))) === 0
  ) {
    throw new NotFoundError('Funding programme', fundingProgramId);
  }
  const interestForAll = filter?.interestDue != null || orderBy?.field === 'INTEREST';
  const checks = new Map<string, BudgetCheckFigures>();
  const settlements = new Map<string, SettlementFigures>();
  const interests = new Map<string, Dec>();
  const addInterests = async (ids: readonly string[]) => {
    for (const [id, interest] of await settlementInterestsOf(em, access, ids, today)) interests.set(id, interest.amount);
  };
  for (let start = 0; start < notices.length; start += FIGURES_BATCH) {
    const ids = notices.slice(start, start + FIGURES_BATCH).map((notice) => notice.id);
    const batch = await budgetChecksOf(em, ids);
    for (const [id, check] of batch) checks.set(id, check);
    for (const [id, settlement] of await settlementsOf(em, access, ids, today, async () => batch)) settlements.set(id, settlement);
    if (interestForAll) await addInterests(ids);
  }
  const all = notices.map((notice): ProgrammeOverviewRow => {
    const check = checks.get(notice.id)!;
    const settlement = settlements.get(notice.id)!;
    const due = proofOfUseDue(notice.current.approvalEnd, programme.proofOfUseMonths);
    const cooperation = notice.project.cooperation;
    return {
      notice,
      // As in the API, a cooperation outside the caller's scope is not named.
      cooperationName: cooperation && access.canSeeCooperation(cooperation.id) ? cooperation.name : null,
      approved: notice.current.approvedAmount,
      paid: settlement.paidTotal,
      spent: check.actualTotal,
      recognised: settlement.recognisedTotal,
      refundDue: settlement.refundDue,
      interest: interests.get(notice.id) ?? null,
      proofOfUseDue: due,
      proofOfUseOverdue: isProofOfUseOverdue(due, today, notice.proofOfUseSubmittedOn ?? null),
      overTolerance: check.lines.some((line) => !line.withinTolerance),
    };
  });
  const rows = all.filter(
    (row) =>
      matches(filter?.proofOfUseOverdue, row.proofOfUseOverdue) &&
      matches(filter?.refundDue, row.refundDue.isPositive() && !row.refundDue.isZero()) &&
      matches(filter?.overTolerance, row.overTolerance) &&
      matches(filter?.interestDue, row.interest !== null && row.interest.isPositive() && !row.interest.isZero()),
  );
  if (orderBy) {
    const compare = compareRows(orderBy.field);
    const direction = orderBy.descending ? -1 : 1;
    rows.sort((a, b) => direction * compare(a, b) || workbookOrder(a, b));
  }
  const counted = rows.filter((row) => row.notice.status !== 'REVOKED');
  const byRecipient = new Map<string, ProgrammeOverviewRow[]>();
  const byCooperation = new Map<string, ProgrammeOverviewRow[]>();
  for (const row of [...counted].sort(workbookOrder)) {
    byRecipient.set(row.notice.recipient.id, [...(byRecipient.get(row.notice.recipient.id) ?? []), row]);
    const cooperation = row.notice.project.cooperation;
    if (cooperation && row.cooperationName !== null) byCooperation.set(cooperation.id, [...(byCooperation.get(cooperation.id) ?? []), row]);
  }
  const shown = window ? rows.slice(window.offset, window.offset + window.first) : rows;
  if (window && !interestForAll && shown.length > 0) {
    await addInterests(shown.map((row) => row.notice.id));
    for (const row of shown) row.interest = interests.get(row.notice.id) ?? ZERO;
  }
  return {
    programme,
    totalCount: rows.length,
    rows: shown,
    recipientTotals: [...byRecipient].map(([id, own]) => totalOf(id, own[0]!.notice.recipient.name, own)),
    cooperationTotals: [...byCooperation]
      .map(([id, own]) => totalOf(id, own[0]!.cooperationName!, own))
      .sort((a, b) => a.name.localeCompare(b.name, 'de')),
    total: totalOf(null, 'Summe der Auswahl', counted),
  };
}

const YES = new Set(['ja', 'true', '1']);
const NO = new Set(['nein', 'false', '0']);

/** The filter of a report link (`?recipientId=…&proofOfUseOverdue=ja`), checked like the GraphQL filter. */
export function overviewFilterFromQuery(query: Record<string, unknown>): ProgrammeOverviewFilter {
  const text = (name: string): string | null => {
    const value = query[name];
    if (value === undefined || value === '') return null;
    if (typeof value !== 'string') {
      throw new DomainInputError(`Der Parameter „${name}“ darf nur einmal angegeben werden.`, { reason: 'INVALID_VALUE', field: name });
    }
    return value;
  };
  const flag = (name: string): boolean | null => {
    const value = text(name);
    if (value === null) return null;
    if (YES.has(value.toLowerCase())) return true;
    if (NO.has(value.toLowerCase())) return false;
    throw new DomainInputError(`Der Parameter „${name}“ muss „ja“ oder „nein“ sein, nicht „${value.slice(0, 40)}“.`, {
      reason: 'INVALID_VALUE',
      field: name,
    });
  };
  const status = text('status');
  if (status !== null && !GRANT_NOTICE_STATUSES.includes(status as GrantNoticeStatus)) {
    throw new DomainInputError(`Unbekannter Status eines Bescheids: „${status.slice(0, 40)}“.`, {
      reason: 'INVALID_VALUE',
      field: 'status',
    });
  }
  return {
    recipientId: text('recipientId'),
    cooperationId: text('cooperationId'),
    status: status as GrantNoticeStatus | null,
    proofOfUseOverdue: flag('proofOfUseOverdue'),
    refundDue: flag('refundDue'),
    overTolerance: flag('overTolerance'),
    interestDue: flag('interestDue'),
  };
}

/** The filter in German, as the workbook states it; empty when nothing is filtered. */
export function describeOverviewFilter(filter: ProgrammeOverviewFilter, names: { recipient?: string; cooperation?: string }): string[] {
  const parts: string[] = [];
  const yesNo = (value: boolean) => (value ? 'ja' : 'nein');
  if (filter.recipientId) parts.push(`Zuwendungsempfänger: ${names.recipient ?? filter.recipientId}`);
  if (filter.cooperationId) parts.push(`Kooperation: ${names.cooperation ?? filter.cooperationId}`);
  if (filter.status) parts.push(`Status: ${noticeStatusName(filter.status)}`);
  if (filter.proofOfUseOverdue != null) parts.push(`Verwendungsnachweis überfällig: ${yesNo(filter.proofOfUseOverdue)}`);
  if (filter.refundDue != null) parts.push(`Rückforderung: ${yesNo(filter.refundDue)}`);
  if (filter.overTolerance != null) parts.push(`Ansatz über der Toleranz: ${yesNo(filter.overTolerance)}`);
  if (filter.interestDue != null) parts.push(`Zinsen fällig: ${yesNo(filter.interestDue)}`);
  return parts;
}

/** The filter as the query string of a report link, e.g. `?proofOfUseOverdue=ja`; empty when nothing is filtered. */
export function overviewQueryString(filter: ProgrammeOverviewFilter): string {
  const query = new URLSearchParams();
  for (const name of ['recipientId', 'cooperationId', 'status'] as const) {
    const value = filter[name];
    if (value) query.set(name, value);
  }
  for (const name of ['proofOfUseOverdue', 'refundDue', 'overTolerance', 'interestDue'] as const) {
    const value = filter[name];
    if (value != null) query.set(name, value ? 'ja' : 'nein');
  }
  return query.size === 0 ? '' : `?${query.toString()}`;
}

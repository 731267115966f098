// The Belegliste of a notice: its receipts and its months of staff costs in one list, paged in booking
// order, each row with Rule 2's verdict, and the staff rows shown only as far as the caller may see them.
import { RECEIPT_EXCLUSION_SQL } from './budget-check.js';
import { Dec, ZERO } from '../domain/decimal.js';
import { staffExclusionSql, versionColumns, type ExclusionReason } from '../domain/eligibility.js';
import { DomainInputError } from '../domain/errors.js';
import { type CostCategory } from '../domain/enums.js';
import type { LocalDate } from '../domain/local-date.js';
import { GrantNotice } from '../entities/index.js';
import type { Access } from './access.js';
import { seesPersonalData } from './staff.js';
import { groupedBy, type Em, type PageArgs } from './records.js';

const V = versionColumns('v');

/** One row of the Belegliste: a receipt, or a month of staff costs shown as a STAFF row. */
export interface ReceiptRow {
  id: string;
  kind: 'EXPENDITURE' | 'STAFF';
  receiptNumber: string;
  invoiceDate: LocalDate;
  paymentDate: LocalDate | null;
  payee: string;
  purpose: string;
  category: CostCategory;
  amount: Dec;
  eligibleAmount: Dec;
  remark: string | null;
  reversed: boolean;
  /** Why it does not count (Rule 2), or null when it counts. */
  exclusionReason: ExclusionReason | null;
  /** The employee whose costs a STAFF row carries: personal data, shown only to those who may see it. */
  employeeId: string | null;
  /** The name and the employer of that employee, read with the row (personal data too). */
  employeeName: string | null;
  employerId: string | null;
  /** The project share of a STAFF row: with the amount it reveals the salary, so it is personal data too. */
  share: Dec | null;
}

export interface ReceiptPage {
  rows: ReceiptRow[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
  totalAmount: Dec;
}

/** A window of the Belegliste, checked: the page size and the receipt or allocation id the page starts after. */
export interface ReceiptWindow {
  first: number;
  after: string | null;
}

/** Checks the page arguments of the Belegliste: 0 to 1000 rows (default 100) after a cursor this API returned. */
export function receiptWindow(page: PageArgs): ReceiptWindow {
  const first = page.first ?? 100;
  if (!Number.isInteger(first) || first < 0 || first > 1000) {
    throw new DomainInputError('"first" muss eine ganze Zahl von 0 bis 1000 sein.', { reason: 'INVALID_PAGE_SIZE', field: 'first' });
  }
  let after: string | null = null;
  if (page.after) {
    after = Buffer.from(page.after, 'base64url').toString('utf8');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(after)) {
      throw new DomainInputError('Der Seitenzeiger ist ungültig; bitte einen von dieser Schnittstelle gelieferten Zeiger verwenden.', {
        reason: 'INVALID_CURSOR',
        field: 'after',
      });
    }
  }
  return { first, after };
}

/** A piece of SQL with the values of its placeholders. */
interface Sql {
  sql: string;
  params: unknown[];
}

/**
 * The Belegliste as one query: receipts and staff allocations of the notice `notice` whose version in
 * force is `version` (each a placeholder or a column of an outer query), with Rule 2 per row. With a
 * window, the cursor and the page size go into each branch, so that a page reads only its own rows;
 * with `onlyIds` (SQL giving an array of ids, worked out once), only the rows of those ids are read.
 */
function receiptsUnion(notice: Sql, version: Sql, window?: ReceiptWindow, onlyIds?: string): Sql {
  const range = (alias: string) =>
    `${onlyIds ? `and ${alias}.id = any(${onlyIds})` : ''} ${window?.after ? `and ${alias}.id > ?` : ''} ${window ? `order by ${alias}.id limit ?` : ''}`;
  const receipts = `
    select e.id, 'EXPENDITURE' as kind, e.receipt_number, e.invoice_date::text as invoice_date, e.payment_date::text as payment_date,
           e.payee, e.purpose, e.category::text as category, e.amount, e.eligible_amount, e.remark, r.id is not null as reversed,
           ${RECEIPT_EXCLUSION_SQL} as exclusion_reason, null::uuid as employee_id, null::text as employee_name, null::uuid as employer_id,
           null::text as share
      from expenditure e
      join grant_notice_version v on v.id = ${version.sql}
      left join expenditure_reversal r on r.expenditure_id = e.id
      left join budget_line b on b.notice_version_id = v.id and b.category = e.category
     where e.notice_id = ${notice.sql} ${range('e')}`;
  const staff = `
    select a.id, 'STAFF', 'PERS-' || to_char(a.month, 'YYYY-MM'), a.month::text, (a.month + interval '1 month' - interval '1 day')::date::text,
           '', 'Personalausgaben ' || to_char(a.month, 'MM/YYYY'),
           'STAFF', a.amount, a.amount, null, sr.id is not null,
           ${staffExclusionSql({ allocation: 'a', version: V, reversal: 'sr' })},
           a.employee_id, m.name, m.employer_id, a.share::text
      from staff_allocation a
      join grant_notice_version v on v.id = ${version.sql}
      left join staff_allocation_reversal sr on sr.allocation_id = a.id
      left join employee m on m.id = a.employee_id
     where a.notice_id = ${notice.sql} ${range('a')}`;
  const branchParams = [
    ...version.params,
    ...notice.params,
    ...(window?.after ? [window.after] : []),
    ...(window ? [window.first + 1] : []),
  ];
  return { sql: `(${receipts}) union all (${staff})`, params: [...branchParams, ...branchParams] };
}

/** One row of the union as the Belegliste shows it. */
function receiptRow(row: Record<string, unknown>): ReceiptRow {
  return {
    id: String(row.id),
    kind: row.kind as ReceiptRow['kind'],
    receiptNumber: String(row.receipt_number),
    invoiceDate: String(row.invoice_date),
    paymentDate: row.payment_date === null ? null : String(row.payment_date),
    payee: String(row.payee),
    purpose: String(row.purpose),
    category: row.category as CostCategory,
    amount: new Dec(String(row.amount)),
    eligibleAmount: new Dec(String(row.eligible_amount)),
    remark: row.remark === null ? null : String(row.remark),
    reversed: Boolean(row.reversed),
    exclusionReason: (row.exclusion_reason ?? null) as ExclusionReason | null,
    employeeId: row.employee_id === null ? null : String(row.employee_id),
    employeeName: row.employee_name === null ? null : String(row.employee_name),
    employerId: row.employer_id === null ? null : String(row.employer_id),
    share: row.share === null ? null : new Dec(String(row.share)),
  };
}

/** A page of the rows read with one more than the page size: whether there is a next page, and its cursor. */
function pageOf(rows: Record<string, unknown>[], first: number): Omit<ReceiptPage, 'totalCount' | 'totalAmount'> {
  const pageRows = rows.slice(0, first).map(receiptRow);
  const last = pageRows.at(-1);
  return {
    rows: pageRows,
    hasNextPage: rows.length > first,
    endCursor: last ? Buffer.from(last.id).toString('base64url') : null,
  };
}

/** A page of the Belegliste after a cursor, without totals: what a report streaming 100,000 rows asks for. */
export async function receiptRowsOf(em: Em, notice: GrantNotice, page: PageArgs): Promise<Omit<ReceiptPage, 'totalCount' | 'totalAmount'>> {
  const window = receiptWindow(page);
  const { current } = await em.findOneOrFail(GrantNotice, notice.id, { populate: ['currentVersion'] });
  const { sql, params } = receiptsUnion({ sql: '?', params: [notice.id] }, { sql: '?', params: [current.id] }, window);
  const rows = await em.execute<Record<string, unknown>[]>(`select * from (${sql}) rows order by id limit ${window.first + 1}`, params);
  return pageOf(rows, window.first);
}

/** Count and sum of all rows of the Belegliste of notices, reversed ones included, per notice id: one grouped statement. */
async function receiptTotalsOf(em: Em, noticeIds: readonly string[]): Promise<Map<string, { totalCount: number; totalAmount: Dec }>> {
  const ids = [...new Set(noticeIds)];
  const rows = await em.execute<{ notice_id: string; count: string; amount: string | null }[]>(
    `select notice_id, count(*)::text as count, sum(amount)::text as amount from (
        select e.notice_id, e.amount from expenditure e where e.notice_id in (?)
        union all
        select a.notice_id, a.amount from staff_allocation a where a.notice_id in (?)
      ) rows
      group by notice_id`,
    [ids, ids],
  );
  const totals = new Map(ids.map((id) => [id, { totalCount: 0, totalAmount: ZERO }]));
  for (const row of rows)
    totals.set(row.notice_id, { totalCount: Number(row.count), totalAmount: row.amount ? new Dec(row.amount) : ZERO });
  return totals;
}

/**
 * The same page of the Belegliste of many notices, per notice id, in two statements: one for the pages
 * (a lateral join per notice, so that each page reads only its own rows) and one for the totals. The
 * rows are shown as the caller may see them (receiptRowsFor).
 */
export async function receiptPagesOf(
  em: Em,
  access: Access,
  noticeIds: readonly string[],
  window: ReceiptWindow,
): Promise<Map<string, ReceiptPage>> {
  if (noticeIds.length === 0) return new Map();
  const ids = [...new Set(noticeIds)];
  const { sql, params } = receiptsUnion({ sql: 'n.id', params: [] }, { sql: 'n.current_version_id', params: [] }, window);
  const rows = await em.execute<Record<string, unknown>[]>(
    `select n.id as notice_id, x.*
       from grant_notice n
       cross join lateral (select * from (${sql}) rows order by id limit ?) x
      where n.id in (?)
      order by n.id, x.id`,
    [...params, window.first + 1, ids],
  );
  const totals = await receiptTotalsOf(em, ids);
  const pages = new Map<string, ReceiptPage>();
  for (const [id, rowsOfNotice] of groupedBy(ids, rows, (row) => String(row.notice_id))) {
    const page = pageOf(rowsOfNotice, window.first);
    pages.set(id, { ...page, rows: receiptRowsFor(access, page.rows), ...totals.get(id)! });
  }
  return pages;
}

/**
 * The Belegliste of a notice in booking order: receipts and staff allocations in one list, paged
 * by id (time-ordered in both tables), with the count and sum of all rows.
 */
export async function receiptsOf(em: Em, notice: GrantNotice, page: PageArgs): Promise<ReceiptPage> {
  // Neither statement waits for the other.
  const [pageOfRows, totals] = await Promise.all([receiptRowsOf(em, notice, page), receiptTotalsOf(em, [notice.id])]);
  return { ...pageOfRows, ...totals.get(notice.id)! };
}

/** A share as a German decimal without trailing zeros, e.g. 0,6. */
function formatShare(share: Dec | null): string {
  return share === null ? '' : share.toString().replace('.', ',');
}

/**
 * The rows as the caller may see them: a STAFF row names the employee and the share only for those
 * who see the employer's personal data (Rule 7); others see the month's sum only. The employee is
 * read with the row, so that this costs no statement, however many staff rows a page has.
 */
export function receiptRowsFor(access: Access, rows: readonly ReceiptRow[]): ReceiptRow[] {
  return rows.map((row) => {
    if (row.kind !== 'STAFF') return row;
    if (row.employeeName === null || row.employerId === null || !seesPersonalData(access, row.employerId)) {
      return { ...row, payee: 'Personalausgaben', employeeName: null };
    }
    return { ...row, payee: row.employeeName, purpose: `${row.purpose} (Anteil ${formatShare(row.share)})` };
  });
}

/** What the Belegliste can be sorted by; BOOKING is the order of booking. */
export const RECEIPT_ORDER_FIELDS = ['BOOKING', 'RECEIPT_NUMBER', 'INVOICE_DATE', 'PAYMENT_DATE', 'PAYEE', 'CATEGORY', 'AMOUNT'] as const;
export type ReceiptOrderField = (typeof RECEIPT_ORDER_FIELDS)[number];

/**
 * The sort key of each order as the union of receipts (`e`) and staff allocations (`a`) has it, read
 * from the bare tables: a page sorted but not filtered is chosen from these alone (the amount from the
 * notice index, without the table), and Rule 2 is then worked out for the rows of that page only.
 */
const BARE_ORDER_KEYS: Record<ReceiptOrderField, { receipt: string; staff: string }> = {
  BOOKING: { receipt: 'e.id', staff: 'a.id' },
  RECEIPT_NUMBER: { receipt: 'e.receipt_number', staff: "'PERS-' || to_char(a.month, 'YYYY-MM')" },
  INVOICE_DATE: { receipt: 'e.invoice_date', staff: 'a.month' },
  PAYMENT_DATE: { receipt: 'e.payment_date', staff: "(a.month + interval '1 month' - interval '1 day')::date" },
  PAYEE: { receipt: 'e.payee', staff: "''" },
  CATEGORY: { receipt: 'e.category::text', staff: "'STAFF'" },
  AMOUNT: { receipt: 'e.amount', staff: 'a.amount' },
};

const ORDER_COLUMNS: Record<ReceiptOrderField, string> = {
  BOOKING: 'rows.id',
  RECEIPT_NUMBER: 'rows.receipt_number',
  INVOICE_DATE: 'rows.invoice_date::date',
  PAYMENT_DATE: 'rows.payment_date::date',
  PAYEE: 'rows.payee',
  CATEGORY: 'rows.category',
  AMOUNT: 'rows.amount',
};

/** A sorted, filtered or searched view of the Belegliste, paged by position. */
export interface ReceiptSelection {
  orderBy: ReceiptOrderField;
  descending: boolean;
  category: CostCategory | null;
  /** true: only the rows that count; false: only those that do not. */
  counts: boolean | null;
  exclusionReason: ExclusionReason | null;
  /** Part of the receipt number, the payee or the purpose, or an amount in German notation (1.234,56). */
  search: string | null;
  offset: number;
  first: number;
}

export const MAX_SEARCH_LENGTH = 200;

/** An amount in German notation as a search for the exact amount: 1.234,56 or 1234,56 or 1234. */
function searchedAmount(search: string): string | null {
  if (!/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/.test(search)) return null;
  return search.replace(/\./g, '').replace(',', '.');
}

/** Checks the position and the search text of a selection. */
export function checkSelection(selection: ReceiptSelection): ReceiptSelection {
  if (!Number.isInteger(selection.first) || selection.first < 0 || selection.first > 1000) {
    throw new DomainInputError('"first" muss eine ganze Zahl von 0 bis 1000 sein.', { reason: 'INVALID_PAGE_SIZE', field: 'first' });
  }
  if (!Number.isInteger(selection.offset) || selection.offset < 0) {
    throw new DomainInputError('"offset" muss eine ganze Zahl ab 0 sein.', { reason: 'INVALID_PAGE_SIZE', field: 'offset' });
  }
  const search = selection.search?.trim() ?? '';
  if (search.length > MAX_SEARCH_LENGTH) {
    throw new DomainInputError(`Der Suchbegriff darf höchstens ${MAX_SEARCH_LENGTH} Zeichen lang sein.`, {
      reason: 'TEXT_TOO_LONG',
      field: 'search',
    });
  }
  return { ...selection, search: search === '' ? null : search };
}

/**
 * A page of the Belegliste sorted, filtered and searched, at a position, with the count and sum of all
 * rows that match: two statements on the notice's rows (which an index on the notice finds). Staff
 * rows are searched by their month only, never by the employee's name, which not every caller may see.
 */
export async function selectedReceiptsOf(em: Em, access: Access, notice: GrantNotice, selection: ReceiptSelection): Promise<ReceiptPage> {
  const checked = checkSelection(selection);
  const { current } = await em.findOneOrFail(GrantNotice, notice.id, { populate: ['currentVersion'] });
  if (checked.category === null && checked.counts === null && checked.exclusionReason === null && checked.search === null) {
    return sortedReceiptsOf(em, access, notice.id, current.id, checked);
  }
  const union = receiptsUnion({ sql: '?', params: [notice.id] }, { sql: '?', params: [current.id] });
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (checked.category) {
    conditions.push('rows.category = ?');
    params.push(checked.category);
  }
  // A row counts when Rule 2 gives no reason against it.
  if (checked.counts !== null) conditions.push(`rows.exclusion_reason is ${checked.counts ? '' : 'not '}null`);
  if (checked.exclusionReason) {
    conditions.push('rows.exclusion_reason = ?');
    params.push(checked.exclusionReason);
  }
  if (checked.search) {
    const pattern = `%${checked.search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    const amount = searchedAmount(checked.search);
    conditions.push(
      `(rows.receipt_number ilike ? or rows.payee ilike ? or rows.purpose ilike ?${amount === null ? '' : ' or rows.amount = ?::numeric'})`,
    );
    params.push(pattern, pattern, pattern, ...(amount === null ? [] : [amount]));
  }
  const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
  const direction = checked.descending ? 'desc' : 'asc';
  const rows = await em.execute<Record<string, unknown>[]>(
    // The count and sum of all matching rows come with the page (window functions over the filtered
    // rows, before the limit), so that the notice's rows are read once; past the last row a second
    // statement counts them.
    `select *, count(*) over () as match_count, sum(rows.amount) over () as match_amount
       from (${union.sql}) rows ${where}
      order by ${ORDER_COLUMNS[checked.orderBy]} ${direction} nulls last, rows.id ${direction}
      limit ? offset ?`,
    [...union.params, ...params, checked.first + 1, checked.offset],
  );
  const [totals] =
    rows.length > 0
      ? [{ count: String(rows[0]!.match_count), amount: rows[0]!.match_amount === null ? null : String(rows[0]!.match_amount) }]
      : await em.execute<{ count: string; amount: string | null }[]>(
          `select count(*)::text as count, sum(rows.amount)::text as amount from (${union.sql}) rows ${where}`,
          [...union.params, ...params],
        );
  const page = rows.slice(0, checked.first).map(receiptRow);
  return {
    rows: receiptRowsFor(access, page),
    hasNextPage: rows.length > checked.first,
    endCursor: null,
    totalCount: Number(totals!.count),
    totalAmount: totals!.amount ? new Dec(totals!.amount) : ZERO,
  };
}

/**
 * A page of the whole Belegliste sorted, by position: the page's ids chosen by the sort key from the
 * bare rows, then those rows with Rule 2, and the count and sum of all rows; the page and the totals
 * are read at the same time.
 */
async function sortedReceiptsOf(
  em: Em,
  access: Access,
  noticeId: string,
  versionId: string,
  checked: ReceiptSelection,
): Promise<ReceiptPage> {
  const direction = checked.descending ? 'desc' : 'asc';
  const key = BARE_ORDER_KEYS[checked.orderBy];
  const union = receiptsUnion(
    { sql: '?', params: [noticeId] },
    { sql: '?', params: [versionId] },
    undefined,
    'array(select id from chosen)',
  );
  const readPage = em.execute<Record<string, unknown>[]>(
    `with chosen as materialized (
       select id, sort_key from (
         select e.id, ${key.receipt} as sort_key from expenditure e where e.notice_id = ?
         union all
         select a.id, ${key.staff} from staff_allocation a where a.notice_id = ?
       ) bare
       order by sort_key ${direction} nulls last, id ${direction}
       limit ? offset ?
     )
     select rows.* from (${union.sql}) rows join chosen on chosen.id = rows.id
      order by chosen.sort_key ${direction} nulls last, rows.id ${direction}`,
    [noticeId, noticeId, checked.first + 1, checked.offset, ...union.params],
  );
  const [rows, totals] = await Promise.all([readPage, receiptTotalsOf(em, [noticeId])]);
  const page = rows.slice(0, checked.first).map(receiptRow);
  return {
    rows: receiptRowsFor(access, page),
    hasNextPage: rows.length > checked.first,
    endCursor: null,
    ...totals.get(noticeId)!,
  };
}

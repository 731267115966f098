// Use cases of receipts (Belege): booking, reversal (Storno), the Belegliste with staff rows, and the
// budget check (Rule 3), whose figures are aggregated in SQL so that no grant's receipts are loaded.
import { Dec, ZERO } from '../domain/decimal.js';
import { budgetCheck, type BudgetCheckResult } from '../domain/budget-check.js';
import {
  describeExclusion,
  exclusionSql,
  paidInPeriodSql,
  staffExclusionSql,
  staffMonthInPeriodSql,
  staffNotReversedSql,
  versionColumns,
  type ExclusionReason,
} from '../domain/eligibility.js';
import { DomainInputError } from '../domain/errors.js';
import { COST_CATEGORIES, noticeStatusName, type CostCategory } from '../domain/enums.js';
import type { LocalDate } from '../domain/local-date.js';
import { formatEuro } from '../domain/money.js';
import {
  Expenditure,
  ExpenditureReversal,
  GrantNotice,
  type ExpenditureSource,
  type ImportBatch,
  type SharedInvoice,
} from '../entities/index.js';
import { CompiledQuery } from 'kysely';
import { validate as isUuid, v7 as uuidv7 } from 'uuid';
import type { Access } from './access.js';
import { createdState } from './audit.js';
import { countSqlStatement, currentCall } from './call-context.js';
import { ConflictError } from './errors.js';
import { noticesInForce } from './notices.js';
import { seesPersonalData } from './staff.js';
import {
  findById,
  groupedBy,
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  optionalText,
  requiredText,
  type Em,
  type PageArgs,
} from './records.js';

/** One receipt as entered or imported. */
export interface ExpenditureInput {
  receiptNumber: string;
  invoiceDate: LocalDate;
  paymentDate?: LocalDate | null;
  payee: string;
  purpose: string;
  category: CostCategory;
  amount: Dec;
  eligibleAmount?: Dec | null;
  remark?: string | null;
}

export interface ReversalInput {
  reason: string;
  reversedOn: LocalDate;
}

const field = (prefix: string, name: string) => (prefix === '' ? name : `${prefix}.${name}`);

/** Checks one receipt's own values; the field of an error is `${fieldPrefix}.${name}`. */
export function checkExpenditureInput(input: ExpenditureInput, fieldPrefix: string): void {
  requiredText(input.receiptNumber, field(fieldPrefix, 'receiptNumber'), 'Die Belegnummer', 100);
  requiredText(input.payee, field(fieldPrefix, 'payee'), 'Der Zahlungsempfänger', MAX_NAME_LENGTH);
  requiredText(input.purpose, field(fieldPrefix, 'purpose'), 'Der Verwendungszweck', MAX_DESCRIPTION_LENGTH);
  optionalText(input.remark, field(fieldPrefix, 'remark'), 'Die Bemerkung');
  if (input.amount.isNegative())
    throw new DomainInputError('Der Betrag darf nicht negativ sein.', { reason: 'NEGATIVE_AMOUNT', field: field(fieldPrefix, 'amount') });
  for (const [name, value] of [['amount', input.amount] as const, ['eligibleAmount', input.eligibleAmount] as const]) {
    // A caller other than the API (whose Money scalar checks this) must not have the column round it.
    if (value && (value.decimalPlaces() > 2 || value.abs().greaterThanOrEqualTo('1e15'))) {
      throw new DomainInputError(
        `${name === 'amount' ? 'Der Betrag' : 'Der zuwendungsfähige Betrag'} darf höchstens zwei Nachkommastellen und 15 Stellen davor haben.`,
        {
          reason: 'INVALID_MONEY',
          field: field(fieldPrefix, name),
        },
      );
    }
  }
  const eligible = input.eligibleAmount ?? input.amount;
  if (eligible.isNegative() || eligible.greaterThan(input.amount)) {
    throw new DomainInputError(`Der zuwendungsfähige Betrag muss zwischen 0,00 € und dem Betrag von ${formatEuro(input.amount)} liegen.`, {
      reason: 'ELIGIBLE_ABOVE_AMOUNT',
      field: field(fieldPrefix, 'eligibleAmount'),
    });
  }
}

/** The notice to book on: in the caller's scope and still open for receipts. */
export async function openNotice(em: Em, access: Access, noticeId: string): Promise<GrantNotice> {
  const notice = await findById(em, GrantNotice, 'Grant notice', noticeId);
  access.assertRecipientVisible(notice.recipient.id, 'Grant notice', noticeId);
  if (notice.status !== 'APPROVED') {
    throw new DomainInputError(
      `Der Zuwendungsbescheid ${notice.reference} ist ${noticeStatusName(notice.status)}; auf ihn können keine Belege mehr gebucht werden.`,
      {
        reason: 'NOTICE_CLOSED',
        field: 'grantNoticeId',
      },
    );
  }
  return notice;
}

/**
 * Validates and books receipts on one notice in the caller's transaction (inserted in batches);
 * one invalid receipt refuses them all.
 */
export async function recordExpenditures(
  em: Em,
  access: Access,
  noticeId: string,
  inputs: readonly ExpenditureInput[],
  options: { source?: ExpenditureSource; importBatch?: ImportBatch | null; sharedInvoice?: SharedInvoice | null } = {},
): Promise<Expenditure[]> {
  access.assertMayWrite('grant data');
  inputs.forEach((input, index) => checkExpenditureInput(input, inputs.length === 1 ? '' : `rows.${index}`));
  return em.transactional(async (tx) => {
    const notice = await openNotice(tx, access, noticeId);
    const booked = inputs.map((input) =>
      tx.create(Expenditure, {
        notice,
        recipient: notice.recipient,
        receiptNumber: input.receiptNumber.trim(),
        invoiceDate: input.invoiceDate,
        paymentDate: input.paymentDate ?? null,
        payee: input.payee.trim(),
        purpose: input.purpose.trim(),
        category: input.category,
        amount: input.amount,
        eligibleAmount: input.eligibleAmount ?? input.amount,
        remark: optionalText(input.remark, 'remark', 'Die Bemerkung'), // already checked with its field path above
        source: options.source ?? 'MANUAL',
        importBatch: options.importBatch ?? null,
        sharedInvoice: options.sharedInvoice ?? null,
      }),
    );
    await tx.flush();
    return booked;
  });
}

/** Receipts per statement of the bulk path: large enough to amortise a round trip, small enough for one JSON value. */
const BULK_CHUNK = 5_000;

/**
 * Writes receipts and their audit events in one statement, only if the notice is approved and in the
 * caller's scope ($10: the visible recipients, null for all); the receipts' recipient comes from the
 * notice. The rows are bound as one JSON parameter, not inlined. With `returning`, the statement answers
 * the stored receipts, otherwise how many it wrote; nothing is written when the notice does not qualify.
 */
function receiptsStatement(returning: boolean): string {
  return `
  with notice as (
    select n.id, n.recipient_id from grant_notice n
     where n.id = $3::uuid and n.status = 'APPROVED' and ($10::uuid[] is null or n.recipient_id = any($10::uuid[]))
  ),
  rows as (select doc from jsonb_array_elements($1::jsonb) as doc),
  receipts as (
    insert into expenditure (id, created_at, notice_id, recipient_id, receipt_number, invoice_date, payment_date, payee, purpose,
                             category, amount, eligible_amount, remark, source, import_batch_id)
    select (doc->>'id')::uuid, $2::timestamptz, notice.id, notice.recipient_id, doc->>'receiptNumber', (doc->>'invoiceDate')::date,
           (doc->>'paymentDate')::date, doc->>'payee', doc->>'purpose', (doc->>'category')::cost_category,
           (doc->>'amount')::numeric, (doc->>'eligibleAmount')::numeric, doc->>'remark', $4::expenditure_source, $5::uuid
      from rows cross join notice
    returning *
  ),
  audit as (
    insert into audit_event (id, occurred_at, actor_subject, actor_name, actor_role, request_id, entity_type, entity_id, action, before, after)
    select (doc->>'auditId')::uuid, $2::timestamptz, $6, $7, $8, $9, 'Expenditure', doc->>'id', 'CREATE', null,
           jsonb_set(doc - 'auditId', '{recipient}', to_jsonb(notice.recipient_id::text))
      from rows cross join notice
  )
  ${returning ? 'select * from receipts' : 'select count(*)::int as written from receipts'}`;
}

/**
 * Writes receipts (values already checked by checkExpenditureInput) on a notice without the unit of
 * work: `prepare` turns them into the statement's JSON, with the CREATE state the unit of work would
 * audit, and `write` runs the statement in the caller's transaction, if any.
 */
function receiptWriter(em: Em, access: Access, noticeId: string, options: { source: ExpenditureSource; importBatchId: string | null }) {
  const { actor, requestId } = currentCall();
  const createdAt = new Date();
  const scope = access.recipientCondition();
  const prepare = (inputs: readonly ExpenditureInput[]) =>
    JSON.stringify(
      inputs.map((input) => ({
        ...createdState(em, Expenditure, {
          id: uuidv7(),
          createdAt,
          notice: noticeId,
          // Set from the notice by the statement.
          recipient: null,
          receiptNumber: input.receiptNumber.trim(),
          invoiceDate: input.invoiceDate,
          paymentDate: input.paymentDate ?? null,
          payee: input.payee.trim(),
          purpose: input.purpose.trim(),
          category: input.category,
          amount: input.amount,
          eligibleAmount: input.eligibleAmount ?? input.amount,
          remark: input.remark?.trim() || null,
          source: options.source,
          importBatch: options.importBatchId,
          sharedInvoice: null,
        }),
        auditId: uuidv7(),
      })),
    );
  const write = async (rows: string, returning: boolean) => {
    countSqlStatement();
    try {
      const result = await em
        .getKysely()
        .executeQuery(
          CompiledQuery.raw(receiptsStatement(returning), [
            rows,
            createdAt.toISOString(),
            noticeId,
            options.source,
            options.importBatchId,
            actor.subject,
            actor.name,
            actor.role,
            requestId,
            scope ? scope.$in : null,
          ]),
        );
      return result.rows as Record<string, unknown>[];
    } catch (error) {
      // A database refusal reads as it does on the ORM's own statements (constraint names and all).
      throw error instanceof Error ? em.getDriver().convertException(error) : error;
    }
  };
  return { prepare, write };
}

/**
 * Bulk path of the import: books checked receipts on an open notice set-based, one statement per few
 * thousand receipts with their audit events (the same CREATE events the unit of work writes for a
 * receipt entered by hand), and keeps nothing in the identity map. The next chunk is prepared while
 * the database writes the last one. Runs in the caller's transaction; a notice closed meanwhile
 * refuses the booking, as openNotice would.
 */
export async function insertExpenditures(
  tx: Em,
  access: Access,
  noticeId: string,
  inputs: readonly ExpenditureInput[],
  options: { source: ExpenditureSource; importBatchId: string | null; onProgress?: (booked: number) => void },
): Promise<void> {
  const writer = receiptWriter(tx, access, noticeId, options);
  const written = async (rows: string, expected: number) => {
    const [result] = await writer.write(rows, false);
    if (Number(result?.written) !== expected) await openNotice(tx, access, noticeId);
  };
  let writing: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < inputs.length; start += BULK_CHUNK) {
    const chunk = inputs.slice(start, start + BULK_CHUNK);
    const rows = writer.prepare(chunk);
    await writing;
    if (start > 0) options.onProgress?.(start);
    writing = written(rows, chunk.length);
  }
  await writing;
  options.onProgress?.(inputs.length);
}

/**
 * Bucht einen Beleg: one receipt entered by hand, in one statement that checks the notice and writes
 * the receipt with its audit event (no transaction of its own is needed for one statement). Only when
 * it writes nothing is the notice looked up, to say why.
 */
export async function recordExpenditure(em: Em, access: Access, noticeId: string, input: ExpenditureInput): Promise<Expenditure> {
  access.assertMayWrite('grant data');
  checkExpenditureInput(input, '');
  const writer = receiptWriter(em, access, noticeId, { source: 'MANUAL', importBatchId: null });
  const rows = writer.prepare([input]);
  const [row] = isUuid(noticeId) ? await writer.write(rows, true) : [];
  if (row) return em.map(Expenditure, row);
  // Not written: the lookup names the reason (not found, outside the scope, not approved).
  await openNotice(em, access, noticeId);
  // The notice qualifies now: it was approved between the statement and the lookup.
  const [again] = await writer.write(rows, true);
  if (!again) throw new ConflictError('Grant notice', noticeId, 0, null);
  return em.map(Expenditure, again);
}

/** Storno: cancels a receipt for good. A part of a shared invoice is reversed with the whole invoice only. */
export async function reverseExpenditure(
  em: Em,
  access: Access,
  expenditureId: string,
  input: ReversalInput,
): Promise<ExpenditureReversal> {
  access.assertMayWrite('grant data');
  return em.transactional(async (tx) => {
    const expenditure = await findById(tx, Expenditure, 'Receipt', expenditureId, { lock: true });
    access.assertRecipientVisible(expenditure.recipient.id, 'Receipt', expenditureId);
    if (expenditure.sharedInvoice && access.actor.role !== 'SYSTEM') {
      throw new DomainInputError('Dieser Beleg ist Teil einer gemeinsamen Rechnung; bitte die gemeinsame Rechnung stornieren.', {
        reason: 'PART_OF_SHARED_INVOICE',
        field: 'id',
      });
    }
    if (await tx.count(ExpenditureReversal, { expenditure })) {
      throw new DomainInputError(`Der Beleg ${expenditure.receiptNumber} ist bereits storniert.`, {
        reason: 'ALREADY_REVERSED',
        field: 'id',
      });
    }
    const reversal = tx.create(ExpenditureReversal, {
      expenditure,
      notice: expenditure.notice,
      reversedOn: input.reversedOn,
      reason: requiredText(input.reason, 'reason', 'Der Grund des Stornos', MAX_DESCRIPTION_LENGTH),
    });
    await tx.flush();
    return reversal;
  });
}

export async function getExpenditure(em: Em, access: Access, id: string): Promise<Expenditure> {
  const expenditure = await findById(em, Expenditure, 'Receipt', id);
  access.assertRecipientVisible(expenditure.recipient.id, 'Receipt', id);
  return expenditure;
}

/** The version in force as the queries below name it. */
const V = versionColumns('v');

/** Rule 2's reason for a receipt `e` with its reversal `r` and budget line `b` left joined (src/domain/eligibility.ts). */
export const RECEIPT_EXCLUSION_SQL = exclusionSql({ receipt: 'e', version: V, reversal: 'r', line: 'b' });

/**
 * Up to this many notices, their receipts are read through the notice index; a larger batch (a whole
 * programme) reads the table in parallel: for 1,000 notices of 1,000,000 receipts, 370 ms against 570 ms.
 */
const INDEXED_BATCH = 200;

/** Paid within the approval period of the version `v`, reversed or not. */
const IN_PERIOD_SQL = paidInPeriodSql('e', V);

export interface ExcludedExpenditure {
  expenditure: Expenditure;
  reason: ExclusionReason;
  explanation: string;
}

/** Rule 3's figures of one notice, without the list of excluded receipts. */
export interface BudgetCheckFigures extends BudgetCheckResult {
  noticeId: string;
  /** Receipts kept but not counted (Rule 2). */
  excludedCount: number;
}

export interface BudgetCheckView extends BudgetCheckFigures {
  /** Receipts kept but not counted, with the reason (Rule 2); the first `EXCLUDED_LIMIT` of them. */
  excluded: ExcludedExpenditure[];
}

export const EXCLUDED_LIMIT = 500;

/**
 * Rule 3 for many notices at once, on the figures in force: actual per budget line from SQL sums of
 * the counted receipts and staff costs. The number of statements does not grow with the number of
 * notices, and no receipt is loaded.
 */
export async function budgetChecksOf(em: Em, noticeIds: readonly string[]): Promise<Map<string, BudgetCheckFigures>> {
  const checks = new Map<string, BudgetCheckFigures>();
  if (noticeIds.length === 0) return checks;
  const found = await noticesInForce(em, noticeIds);
  const ids = found.map((notice) => notice.id);
  if (ids.length === 0) return checks;
  // Rule 2 apart from the category (decided per line below) in two parts: one pass over the receipts
  // sums what was paid within the approval period, and the few reversed receipts, read through their
  // own index, are taken off again. Joining every receipt to the reversals would cost a third more.
  const paidRead = em.execute<{ notice_id: string; category: CostCategory; amount: string | null; paid: string; rows: string }[]>(
    `select e.notice_id, e.category, sum(e.eligible_amount) filter (where ${IN_PERIOD_SQL})::text as amount,
            count(*) filter (where ${IN_PERIOD_SQL})::text as paid, count(*)::text as rows
       from grant_notice n
       join grant_notice_version v on v.id = n.current_version_id
       join expenditure e on e.notice_id = n.id
      where n.id in (?) ${ids.length <= INDEXED_BATCH ? 'and e.notice_id in (?)' : ''}
      group by e.notice_id, e.category`,
    // The ids on the receipts too for a page of notices: the planner does not carry a list over a join and
    // would read every receipt. For a whole programme reading every receipt in parallel is what is fastest.
    ids.length <= INDEXED_BATCH ? [ids, ids] : [ids],
  );
  const reversedRead = em.execute<{ notice_id: string; category: CostCategory; amount: string | null; paid: string }[]>(
    `select e.notice_id, e.category, sum(e.eligible_amount) filter (where ${IN_PERIOD_SQL})::text as amount,
            count(*) filter (where ${IN_PERIOD_SQL})::text as paid
       from expenditure_reversal r
       join expenditure e on e.id = r.expenditure_id
       join grant_notice n on n.id = r.notice_id
       join grant_notice_version v on v.id = n.current_version_id
      where r.notice_id in (?)
      group by e.notice_id, e.category`,
    [ids],
  );
  const staffRead = em.execute<{ notice_id: string; amount: string }[]>(
    `select a.notice_id, sum(a.amount)::text as amount
       from grant_notice n
       join grant_notice_version v on v.id = n.current_version_id
       join staff_allocation a on a.notice_id = n.id
      where n.id in (?) and a.notice_id in (?) and ${staffNotReversedSql('a')} and ${staffMonthInPeriodSql('a', V)}
      group by a.notice_id`,
    [ids, ids],
  );
  // The plan lines as plain rows: a programme's thousands of lines need no entities here.
  const linesRead = em.execute<{ notice_version_id: string; category: CostCategory; planned: string }[]>(
    `select notice_version_id, category, planned::text as planned from budget_line where notice_version_id in (?)`,
    [found.map((notice) => notice.current.id)],
  );
  // The four reads are independent: they run side by side on connections of the pool.
  const [paid, reversed, staff, lineRows] = await Promise.all([paidRead, reversedRead, staffRead, linesRead]);
  const linesByVersion = groupedBy(
    found.map((notice) => notice.current.id),
    lineRows,
    (row) => row.notice_version_id,
  );
  const reversedOf = new Map(reversed.map((row) => [`${row.notice_id} ${row.category}`, row]));
  const sums = paid.map((row) => {
    const off = reversedOf.get(`${row.notice_id} ${row.category}`);
    const counted = new Dec(row.amount ?? '0').minus(off?.amount ?? '0');
    const countedRows = Number(row.paid) - Number(off?.paid ?? 0);
    return { notice_id: row.notice_id, category: row.category, counted, rows: Number(row.rows), excluded: Number(row.rows) - countedRows };
  });
  const staffByNotice = new Map(staff.map((row) => [row.notice_id, new Dec(row.amount)]));
  const sumsByNotice = groupedBy(ids, sums, (row) => row.notice_id);
  for (const notice of found) {
    const lines = linesByVersion.get(notice.current.id)!.map((row) => ({ category: row.category, planned: new Dec(row.planned) }));
    const planned = new Set(lines.map((line) => line.category));
    const rows = sumsByNotice.get(notice.id)!;
    const actual = new Map(rows.map((row) => [row.category, row.counted]));
    if (planned.has('STAFF')) actual.set('STAFF', (actual.get('STAFF') ?? ZERO).plus(staffByNotice.get(notice.id) ?? ZERO));
    const result = budgetCheck(
      [...lines]
        .sort((a, b) => COST_CATEGORIES.indexOf(a.category) - COST_CATEGORIES.indexOf(b.category))
        .map((line) => ({ category: line.category, planned: line.planned, actual: actual.get(line.category) ?? ZERO })),
      notice.fundingProgram.lineTolerance,
    );
    const excludedCount = rows.reduce((count, row) => count + (planned.has(row.category) ? row.excluded : row.rows), 0);
    checks.set(notice.id, { ...result, noticeId: notice.id, excludedCount });
  }
  return checks;
}

/**
 * The first `EXCLUDED_LIMIT` excluded receipts of each notice in booking order, with the reason
 * (Rule 2): per notice an index scan in id order that stops at the limit, all in one statement.
 */
export async function excludedExpendituresOf(em: Em, noticeIds: readonly string[]): Promise<Map<string, ExcludedExpenditure[]>> {
  const excluded = new Map<string, ExcludedExpenditure[]>(noticeIds.map((id) => [id, []]));
  if (noticeIds.length === 0) return excluded;
  const rows = await em.execute<{ id: string; notice_id: string; reason: ExclusionReason; approval_start: string; approval_end: string }[]>(
    `select x.id, n.id as notice_id, x.reason, v.approval_start::text as approval_start, v.approval_end::text as approval_end
       from grant_notice n
       join grant_notice_version v on v.id = n.current_version_id
       cross join lateral (
         select e.id, ${RECEIPT_EXCLUSION_SQL} as reason
           from expenditure e
           left join expenditure_reversal r on r.expenditure_id = e.id
           left join budget_line b on b.notice_version_id = v.id and b.category = e.category
          where e.notice_id = n.id and (${RECEIPT_EXCLUSION_SQL}) is not null
          order by e.id
          limit ${EXCLUDED_LIMIT}
       ) x
      where n.id in (?)
      order by n.id, x.id`,
    [[...new Set(noticeIds)]],
  );
  if (rows.length === 0) return excluded;
  const expenditures = await em.find(Expenditure, { id: { $in: rows.map((row) => row.id) } });
  const byId = new Map(expenditures.map((expenditure) => [expenditure.id, expenditure]));
  for (const row of rows) {
    const expenditure = byId.get(row.id)!;
    excluded.get(row.notice_id)!.push({
      expenditure,
      reason: row.reason,
      explanation: describeExclusion(row.reason, {
        approvalStart: row.approval_start,
        approvalEnd: row.approval_end,
        paymentDate: expenditure.paymentDate ?? null,
        category: expenditure.category,
      }),
    });
  }
  return excluded;
}

/** Rule 3 for one notice, with the first excluded receipts. */
export async function budgetCheckOf(em: Em, notice: GrantNotice): Promise<BudgetCheckView> {
  const figures = (await budgetChecksOf(em, [notice.id])).get(notice.id)!;
  const excluded = figures.excludedCount === 0 ? [] : (await excludedExpendituresOf(em, [notice.id])).get(notice.id)!;
  return { ...figures, excluded };
}

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
 * window, the cursor and the page size go into each branch, so that a page reads only its own rows.
 */
function receiptsUnion(notice: Sql, version: Sql, window?: ReceiptWindow): Sql {
  const range = (alias: string) => `${window?.after ? `and ${alias}.id > ?` : ''} ${window ? `order by ${alias}.id limit ?` : ''}`;
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
  const pageOfRows = await receiptRowsOf(em, notice, page);
  const totals = await receiptTotalsOf(em, [notice.id]);
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

// Use cases of receipts (Belege): booking one, many (the bulk path of the import) and the reversal
// (Storno). The budget check is in budget-check.ts, the Belegliste in receipt-list.ts.
import { Dec } from '../domain/decimal.js';
import { DomainInputError } from '../domain/errors.js';
import { noticeStatusName, type CostCategory } from '../domain/enums.js';
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
import { findById, MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, optionalText, requiredText, type Em } from './records.js';

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
  access.assertMay('recordExpenditure');
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
    insert into audit_event (id, occurred_at, actor_subject, actor_name, actor_role, request_id, entity_type, entity_id, action, before, after,
                             grant_notice_id)
    select (doc->>'auditId')::uuid, $2::timestamptz, $6, $7, $8, $9, 'Expenditure', doc->>'id', 'CREATE', null,
           jsonb_set(doc - 'auditId', '{recipient}', to_jsonb(notice.recipient_id::text)), notice.id
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
  access.assertMay('recordExpenditure');
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
  access.assertMay('reverseExpenditure');
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

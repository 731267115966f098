// Use cases of joint purchases (gemeinsame Beschaffung, Rule 8): one invoice of a cooperation split by a
// Verteilungsschlüssel into one receipt per member on the member's grant, and reversed as a whole.
import type { FilterQuery } from '@mikro-orm/core';
import { allocationWeights, splitByLargestRemainder, type AllocationKey } from '../domain/allocation.js';
import type { Dec } from '../domain/decimal.js';
import { DomainInputError } from '../domain/errors.js';
import type { CostCategory } from '../domain/enums.js';
import { formatGermanDate, type LocalDate } from '../domain/local-date.js';
import { formatEuro } from '../domain/money.js';
import { auditActorName } from '../domain/audit-labels.js';
import {
  AuditEvent,
  Cooperation,
  CooperationMembership,
  Expenditure,
  FundingProgram,
  GrantNotice,
  SharedInvoice,
  SharedInvoiceReversal,
} from '../entities/index.js';
import { Access } from './access.js';
import { checkExpenditureInput, recordExpenditures, reverseExpenditure } from './expenditures.js';
import {
  findById,
  groupedBy,
  paginate,
  relatedId,
  requiredText,
  resultFor,
  MAX_DESCRIPTION_LENGTH,
  type Em,
  type PageArgs,
} from './records.js';

export interface SharedInvoiceMemberInput {
  /** The member's grant notice that carries its part. */
  grantNoticeId: string;
  /** The member's agreed share (FIXED_SHARES only); the shares add up to 1. */
  fixedShare?: Dec | null;
}

export interface SharedInvoiceInput {
  cooperationId: string;
  fundingProgramId: string;
  category: CostCategory;
  receiptNumber: string;
  invoiceDate: LocalDate;
  paymentDate?: LocalDate | null;
  payee: string;
  purpose: string;
  totalAmount: Dec;
  allocationKey: AllocationKey;
  members: SharedInvoiceMemberInput[];
}

export interface SharedInvoiceFilter {
  cooperationId?: string | null;
}

export interface SharedInvoiceReversalInput {
  reason: string;
  reversedOn: LocalDate;
}

/** How an allocation key reads in a message: "zu gleichen Teilen". */
const ALLOCATION_KEY_NAMES: Record<AllocationKey, string> = {
  EQUAL: 'zu gleichen Teilen',
  FIXED_SHARES: 'feste Anteile',
  POPULATION: 'nach Einwohnerzahl',
};

/** At most this many members share one invoice; a cooperation has a handful. */
const MAX_MEMBERS = 100;

function checkMembers(input: SharedInvoiceInput): void {
  if (input.members.length === 0) {
    throw new DomainInputError(
      'Eine gemeinsame Rechnung braucht mindestens einen Zuwendungsbescheid eines Mitglieds, der einen Teil trägt.',
      {
        reason: 'REQUIRED',
        field: 'members',
      },
    );
  }
  if (input.members.length > MAX_MEMBERS) {
    throw new DomainInputError(`Eine gemeinsame Rechnung kann auf höchstens ${MAX_MEMBERS} Mitglieder aufgeteilt werden.`, {
      reason: 'VALUE_OUT_OF_RANGE',
      field: 'members',
    });
  }
  input.members.forEach((member, index) => {
    if (input.allocationKey !== 'FIXED_SHARES' && member.fixedShare != null) {
      throw new DomainInputError(
        `Feste Anteile gibt es nur beim Verteilungsschlüssel FIXED_SHARES, nicht bei ${input.allocationKey} ` +
          `(${ALLOCATION_KEY_NAMES[input.allocationKey]}); bitte die Anteile leer lassen.`,
        {
          reason: 'FIELD_NOT_USED',
          field: `members.${index}.fixedShare`,
        },
      );
    }
  });
}

/**
 * Records a cooperation's joint purchase and books each member's part as a receipt on the member's
 * grant, all in one transaction. Every member grant must be a grant of the given programme to a
 * recipient that is a member of the cooperation on the invoice date, one grant per member.
 */
export async function recordSharedInvoice(em: Em, access: Access, input: SharedInvoiceInput): Promise<SharedInvoice> {
  access.assertMay('recordSharedInvoice');
  checkMembers(input);
  const receipt = {
    receiptNumber: input.receiptNumber,
    invoiceDate: input.invoiceDate,
    paymentDate: input.paymentDate ?? null,
    payee: input.payee,
    purpose: input.purpose,
    category: input.category,
  };
  if (input.totalAmount.isNegative()) {
    throw new DomainInputError('Der Gesamtbetrag der Rechnung darf nicht negativ sein.', {
      reason: 'NEGATIVE_AMOUNT',
      field: 'totalAmount',
    });
  }
  checkExpenditureInput({ ...receipt, amount: input.totalAmount }, '');

  return em.transactional(async (tx) => {
    const cooperation = await findById(tx, Cooperation, 'Cooperation', input.cooperationId);
    access.assertCooperationVisible(cooperation.id, 'Cooperation', input.cooperationId);
    const program = await findById(tx, FundingProgram, 'Funding programme', input.fundingProgramId);
    const memberships = await tx.find(CooperationMembership, {
      cooperation,
      joinedOn: { $lte: input.invoiceDate },
      $or: [{ leftOn: null }, { leftOn: { $gte: input.invoiceDate } }],
    });
    const members = new Set(memberships.map((membership) => membership.recipient.id));

    const notices: GrantNotice[] = [];
    for (const [index, member] of input.members.entries()) {
      const field = `members.${index}.grantNoticeId`;
      const notice = await findById(tx, GrantNotice, 'Grant notice', member.grantNoticeId);
      access.assertRecipientVisible(notice.recipient.id, 'Grant notice', member.grantNoticeId);
      await tx.populate(notice, ['recipient']);
      if (notice.fundingProgram.id !== program.id) {
        throw new DomainInputError(
          `Der Zuwendungsbescheid ${notice.reference} wurde in einem anderen Förderprogramm als ${program.code} bewilligt.`,
          { reason: 'OTHER_PROGRAMME', field },
        );
      }
      if (!members.has(notice.recipient.id)) {
        throw new DomainInputError(
          `${notice.recipient.name} ist am ${formatGermanDate(input.invoiceDate)}, dem Rechnungsdatum, nicht Mitglied der ` +
            `Zweckvereinbarung ${cooperation.name}.`,
          { reason: 'NOT_MEMBER', field },
        );
      }
      if (notices.some((earlier) => earlier.recipient.id === notice.recipient.id)) {
        throw new DomainInputError(
          `${notice.recipient.name} ist doppelt genannt; jedes Mitglied trägt genau einen Teil auf einem seiner Zuwendungsbescheide.`,
          {
            reason: 'DUPLICATE_RECORD',
            field,
          },
        );
      }
      notices.push(notice);
    }

    // The AGS is the stable key: on equal remainders the member with the smaller AGS gets the extra cent.
    const weights = allocationWeights(
      input.allocationKey,
      notices.map((notice, index) => ({
        key: notice.recipient.ags,
        fixedShare: input.members[index]!.fixedShare ?? null,
        population: notice.recipient.population ?? null,
      })),
    );
    const parts = splitByLargestRemainder(input.totalAmount, weights);

    const invoice = tx.create(SharedInvoice, {
      cooperation,
      fundingProgram: program,
      ...receipt,
      receiptNumber: receipt.receiptNumber.trim(),
      payee: receipt.payee.trim(),
      purpose: receipt.purpose.trim(),
      totalAmount: input.totalAmount,
      allocationKey: input.allocationKey,
    });
    await tx.flush();
    const remark = `Anteil an der gemeinsamen Beschaffung ${cooperation.name} (Gesamtbetrag ${formatEuro(input.totalAmount)})`;
    for (const [index, notice] of notices.entries()) {
      // The caller's right to record the joint purchase was checked above; booking on a member's grant
      // is otherwise a finance officer's right, which a team lead does not have, so the parts are
      // booked with the service's own rights. The audit trail still names the caller.
      await recordExpenditures(tx, Access.system(), notice.id, [{ ...receipt, amount: parts[index]!.amount, remark }], {
        source: 'SHARED_INVOICE',
        sharedInvoice: invoice,
      });
    }
    return invoice;
  });
}

/** Storno of a joint purchase: the invoice and every member's part, in one transaction. */
export async function reverseSharedInvoice(
  em: Em,
  access: Access,
  id: string,
  input: SharedInvoiceReversalInput,
): Promise<SharedInvoiceReversal> {
  access.assertMay('reverseSharedInvoice');
  return em.transactional(async (tx) => {
    const invoice = await findById(tx, SharedInvoice, 'Shared invoice', id, { lock: true });
    access.assertCooperationVisible(invoice.cooperation.id, 'Shared invoice', id);
    if (await tx.count(SharedInvoiceReversal, { sharedInvoice: invoice })) {
      throw new DomainInputError(`Die gemeinsame Rechnung ${invoice.receiptNumber} ist bereits storniert.`, {
        reason: 'ALREADY_REVERSED',
        field: 'id',
      });
    }
    const reason = requiredText(input.reason, 'reason', 'Der Grund des Stornos', MAX_DESCRIPTION_LENGTH);
    const reversal = tx.create(SharedInvoiceReversal, { sharedInvoice: invoice, reversedOn: input.reversedOn, reason });
    await tx.flush();
    const parts = await tx.find(Expenditure, { sharedInvoice: invoice, reversal: null }, { orderBy: { id: 'asc' } });
    for (const part of parts) {
      // A part can be reversed only with its invoice, and only with the service's rights (see recordSharedInvoice).
      await reverseExpenditure(tx, Access.system(), part.id, { reason, reversedOn: input.reversedOn });
    }
    return reversal;
  });
}

export function listSharedInvoices(em: Em, access: Access, filter: SharedInvoiceFilter | null | undefined, page: PageArgs) {
  const where: FilterQuery<SharedInvoice> = {};
  if (filter?.cooperationId) where.cooperation = relatedId(filter.cooperationId);
  const scope = access.cooperationCondition();
  return paginate(em, SharedInvoice, scope ? { $and: [where, { cooperation: scope }] } : where, page);
}

export async function getSharedInvoice(em: Em, access: Access, id: string): Promise<SharedInvoice> {
  const invoice = await findById(em, SharedInvoice, 'Shared invoice', id);
  access.assertCooperationVisible(invoice.cooperation.id, 'Shared invoice', id);
  return invoice;
}

/**
 * The members' parts (their receipts) of shared invoices, by AGS, per invoice id, in one statement
 * for any number of invoices; a finance officer sees only its own recipients' parts.
 */
export async function partsOfInvoices(em: Em, access: Access, invoiceIds: readonly string[]): Promise<Map<string, Expenditure[]>> {
  if (invoiceIds.length === 0) return new Map();
  const parts = await em.find(Expenditure, access.withinRecipients<Expenditure>({ sharedInvoice: { $in: [...new Set(invoiceIds)] } }), {
    orderBy: { recipient: { ags: 'asc' } },
    populate: ['recipient'],
  });
  return groupedBy(invoiceIds, parts, (part) => part.sharedInvoice!.id);
}

/** The members' parts (their receipts), by AGS; a finance officer sees only its own recipients' parts. */
export async function partsOf(em: Em, access: Access, invoiceId: string): Promise<Expenditure[]> {
  return resultFor(await partsOfInvoices(em, access, [invoiceId]), invoiceId);
}

/**
 * Who recorded each invoice, per invoice id, from the audit trail's record of its creation (the
 * service itself under its German name); null where the trail has none. One statement for a page.
 */
export async function recordersOfInvoices(em: Em, invoiceIds: readonly string[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(invoiceIds)];
  const found = new Map<string, string | null>(ids.map((id) => [id, null]));
  if (ids.length === 0) return found;
  const events = await em.find(
    AuditEvent,
    { entityId: { $in: ids }, entityType: SharedInvoice.name, action: 'CREATE' },
    { fields: ['entityId', 'actorName', 'actorRole'] },
  );
  for (const event of events) found.set(event.entityId, auditActorName(event.actorName, event.actorRole));
  return found;
}

// Belege: receipts booked on a grant, never edited or deleted; a Storno cancels one, an import batch groups many.
import type { Opt } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, OneToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Dec } from '../domain/decimal.js';
import { COST_CATEGORIES, type CostCategory } from '../domain/enums.js';
import type { LocalDate } from '../domain/local-date.js';
import { ImmutableRecord } from './base.js';
import { GrantNotice } from './grant-notice.js';
import { Recipient } from './recipient.js';
import { SharedInvoice } from './shared-invoice.js';
import { LocalDateType, MoneyType } from './types.js';

export const EXPENDITURE_SOURCES = ['MANUAL', 'IMPORT', 'SHARED_INVOICE'] as const;
export type ExpenditureSource = (typeof EXPENDITURE_SOURCES)[number];

/** Import eines Buchungsexports: one file, recorded once per notice (its SHA-256 is unique there). */
@Entity()
@Unique({ name: 'import_batch_file_unique', properties: ['notice', 'sha256'] })
@Check({ name: 'import_batch_row_count_non_negative', expression: 'row_count >= 0' })
export class ImportBatch extends ImmutableRecord {
  @ManyToOne(() => GrantNotice)
  notice!: GrantNotice;

  @Property({ type: 'text' })
  fileName!: string;

  /** Hex SHA-256 of the file's bytes: the same file twice is refused. */
  @Property({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'integer' })
  rowCount!: number;

  @Property({ type: MoneyType })
  totalAmount!: Dec;
}

/** Beleg (Ausgabe): one receipt on a grant. */
@Entity()
// A notice's receipts in booking order: the Belegliste pages by it. It also carries what the budget check
// sums, so that the sums of a grant are read from the index alone, not from the table.
@Index({ name: 'expenditure_notice_idx', properties: ['notice', 'id'], include: ['category', 'paymentDate', 'eligibleAmount', 'amount'] })
// A receipt number the notice has already: warned about when booked by hand, refused in an import.
@Index({ name: 'expenditure_receipt_number_idx', properties: ['notice', 'receiptNumber'] })
@Check({ name: 'expenditure_amounts', expression: 'amount >= 0 and eligible_amount >= 0 and eligible_amount <= amount' })
export class Expenditure extends ImmutableRecord {
  @ManyToOne(() => GrantNotice)
  notice!: GrantNotice;

  /** The notice's recipient, kept here so that access checks need no join. */
  @ManyToOne(() => Recipient, { index: 'expenditure_recipient_idx' })
  recipient!: Recipient;

  /** Belegnummer. */
  @Property({ type: 'text' })
  receiptNumber!: string;

  /** Rechnungsdatum. */
  @Property({ type: LocalDateType })
  invoiceDate!: LocalDate;

  /** Zahlungsdatum; an unpaid receipt does not count (Rule 2). */
  @Property({ type: LocalDateType, nullable: true })
  paymentDate?: LocalDate | null;

  /** Zahlungsempfänger. */
  @Property({ type: 'text' })
  payee!: string;

  /** Verwendungszweck. */
  @Property({ type: 'text' })
  purpose!: string;

  @Enum({ items: () => [...COST_CATEGORIES], nativeEnumName: 'cost_category' })
  category!: CostCategory;

  /** Betrag. */
  @Property({ type: MoneyType })
  amount!: Dec;

  /** Zuwendungsfähiger Betrag: the amount unless part of it is not eligible. */
  @Property({ type: MoneyType })
  eligibleAmount!: Dec;

  /** Bemerkung. */
  @Property({ type: 'text', nullable: true })
  remark?: string | null;

  @Enum({ items: () => [...EXPENDITURE_SOURCES], nativeEnumName: 'expenditure_source' })
  source: Opt<ExpenditureSource> = 'MANUAL';

  @ManyToOne(() => ImportBatch, { nullable: true, index: 'expenditure_import_batch_idx', deleteRule: 'no action' })
  importBatch?: ImportBatch | null;

  /** The joint purchase this receipt is one member's part of. */
  @ManyToOne(() => SharedInvoice, { nullable: true, index: 'expenditure_shared_invoice_idx', deleteRule: 'no action' })
  sharedInvoice?: SharedInvoice | null;

  @OneToOne(() => ExpenditureReversal, (reversal) => reversal.expenditure, { nullable: true })
  reversal?: ExpenditureReversal | null;
}

/** Storno: cancels one receipt for good; a correction is then recorded as a new receipt. */
@Entity()
export class ExpenditureReversal extends ImmutableRecord {
  @OneToOne(() => Expenditure, { owner: true, unique: 'expenditure_reversal_unique' })
  expenditure!: Expenditure;

  /** The receipt's notice, kept here so that a notice's reversals are read without its receipts. */
  @ManyToOne(() => GrantNotice, { index: 'expenditure_reversal_notice_idx' })
  notice!: GrantNotice;

  @Property({ type: LocalDateType })
  reversedOn!: LocalDate;

  @Property({ type: 'text' })
  reason!: string;
}

// Gemeinsame Beschaffung: one invoice of a cooperation split among its members' grants.
import { Check, Entity, Enum, ManyToOne, OneToOne, Property } from '@mikro-orm/decorators/legacy';
import type { Dec } from '../domain/decimal.js';
import { ALLOCATION_KEYS, type AllocationKey } from '../domain/allocation.js';
import { COST_CATEGORIES, type CostCategory } from '../domain/enums.js';
import type { LocalDate } from '../domain/local-date.js';
import { ImmutableRecord } from './base.js';
import { Cooperation } from './cooperation.js';
import { FundingProgram } from './funding-program.js';
import { LocalDateType, MoneyType } from './types.js';

/** The domain owns the vocabulary; re-exported for those who read it from the entity. */
export { ALLOCATION_KEYS, type AllocationKey };

@Entity()
@Check({ name: 'shared_invoice_total_non_negative', expression: 'total_amount >= 0' })
export class SharedInvoice extends ImmutableRecord {
  @ManyToOne(() => Cooperation, { index: 'shared_invoice_cooperation_idx' })
  cooperation!: Cooperation;

  @ManyToOne(() => FundingProgram, { index: 'shared_invoice_funding_program_idx' })
  fundingProgram!: FundingProgram;

  @Enum({ items: () => [...COST_CATEGORIES], nativeEnumName: 'cost_category' })
  category!: CostCategory;

  @Property({ type: 'text' })
  receiptNumber!: string;

  @Property({ type: LocalDateType })
  invoiceDate!: LocalDate;

  @Property({ type: LocalDateType, nullable: true })
  paymentDate?: LocalDate | null;

  @Property({ type: 'text' })
  payee!: string;

  @Property({ type: 'text' })
  purpose!: string;

  @Property({ type: MoneyType })
  totalAmount!: Dec;

  /** Verteilungsschlüssel. */
  @Enum({ items: () => [...ALLOCATION_KEYS], nativeEnumName: 'allocation_key' })
  allocationKey!: AllocationKey;

  @OneToOne(() => SharedInvoiceReversal, (reversal) => reversal.sharedInvoice, { nullable: true })
  reversal?: SharedInvoiceReversal | null;
}

/** Storno of a joint purchase: every member's part is reversed with it. */
@Entity()
export class SharedInvoiceReversal extends ImmutableRecord {
  @OneToOne(() => SharedInvoice, { owner: true, unique: 'shared_invoice_reversal_unique' })
  sharedInvoice!: SharedInvoice;

  @Property({ type: LocalDateType })
  reversedOn!: LocalDate;

  @Property({ type: 'text' })
  reason!: string;
}

// Personalausgaben: employees (personal data), flat annual rates per pay group, and monthly allocations to grants.
import { Check, Entity, Enum, Index, ManyToOne, OneToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Dec } from '../domain/decimal.js';
import { STAFF_COST_METHODS, type StaffCostMethod } from '../domain/staff-costs.js';
import type { LocalDate } from '../domain/local-date.js';
import { EditableRecord, ImmutableRecord } from './base.js';
import { FundingProgram } from './funding-program.js';
import { GrantNotice } from './grant-notice.js';
import { Recipient } from './recipient.js';
import { HoursType, LocalDateType, MoneyType, RateType } from './types.js';

/** The domain owns the vocabulary; re-exported for those who read it from the entity. */
export { STAFF_COST_METHODS, type StaffCostMethod };

/** Beschäftigte(r): name and pay group are personal data of the employer. */
@Entity()
export class Employee extends EditableRecord {
  /** Dienstherr / Arbeitgeber. */
  @ManyToOne(() => Recipient, { index: 'employee_employer_idx' })
  employer!: Recipient;

  @Property({ type: 'text' })
  name!: string;

  /** Entgeltgruppe, e.g. "TVöD E 11". */
  @Property({ type: 'text' })
  payGroup!: string;
}

/** Personalkostensatz: the programme's flat annual rate for a pay group in a year. */
@Entity()
@Unique({ name: 'staff_cost_rate_unique', properties: ['fundingProgram', 'payGroup', 'year'] })
@Check({ name: 'staff_cost_rate_non_negative', expression: 'annual_rate >= 0' })
export class StaffCostRate extends EditableRecord {
  @ManyToOne(() => FundingProgram)
  fundingProgram!: FundingProgram;

  @Property({ type: 'text' })
  payGroup!: string;

  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: MoneyType })
  annualRate!: Dec;
}

/** One employee's share of one month charged to one grant; corrected by reversal only. */
@Entity()
@Index({ name: 'staff_allocation_employee_month_idx', properties: ['employee', 'month'] })
@Index({ name: 'staff_allocation_notice_idx', properties: ['notice'] })
@Check({ name: 'staff_allocation_share_range', expression: 'share > 0 and share <= 1' })
@Check({ name: 'staff_allocation_amount_non_negative', expression: 'amount >= 0' })
@Check({ name: 'staff_allocation_month_first_day', expression: 'extract(day from month) = 1' })
export class StaffAllocation extends ImmutableRecord {
  @ManyToOne(() => Employee)
  employee!: Employee;

  @ManyToOne(() => GrantNotice)
  notice!: GrantNotice;

  /** The notice's recipient, kept here so that access checks need no join. */
  @ManyToOne(() => Recipient, { index: 'staff_allocation_recipient_idx' })
  recipient!: Recipient;

  /** First day of the month. */
  @Property({ type: LocalDateType })
  month!: LocalDate;

  @Enum({ items: () => [...STAFF_COST_METHODS], nativeEnumName: 'staff_cost_method' })
  method!: StaffCostMethod;

  /** Arbeitgeberbrutto of the month (actual and hours methods). */
  @Property({ type: MoneyType, nullable: true })
  employerCost?: Dec | null;

  /** Projektstunden of the month (hours method). */
  @Property({ type: HoursType, nullable: true })
  projectHours?: Dec | null;

  /** Regular working hours of the month (hours method). */
  @Property({ type: HoursType, nullable: true })
  workingHours?: Dec | null;

  /** The annual flat rate applied (flat-rate method). */
  @Property({ type: MoneyType, nullable: true })
  annualRate?: Dec | null;

  /** Projektanteil in (0, 1]. */
  @Property({ type: RateType })
  share!: Dec;

  /** The month's staff cost charged to the grant. */
  @Property({ type: MoneyType })
  amount!: Dec;

  @OneToOne(() => StaffAllocationReversal, (reversal) => reversal.allocation, { nullable: true })
  reversal?: StaffAllocationReversal | null;
}

@Entity()
export class StaffAllocationReversal extends ImmutableRecord {
  @OneToOne(() => StaffAllocation, { owner: true, unique: 'staff_allocation_reversal_unique' })
  allocation!: StaffAllocation;

  @Property({ type: LocalDateType })
  reversedOn!: LocalDate;

  @Property({ type: 'text' })
  reason!: string;
}

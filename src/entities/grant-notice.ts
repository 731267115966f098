// Zuwendungsbescheid with its versions of figures: an amendment adds a version, nothing is overwritten.
import { Collection, type Opt } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, OneToMany, OneToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Dec } from '../domain/decimal.js';
import { COST_CATEGORIES, GRANT_NOTICE_STATUSES, type CostCategory, type GrantNoticeStatus } from '../domain/enums.js';
import { FINANCING_TYPES, type FinancingType } from '../domain/grant-approval.js';
import type { LocalDate } from '../domain/local-date.js';
import { EditableRecord, ImmutableRecord } from './base.js';
import { FundingProgram } from './funding-program.js';
import { GrantApplication } from './grant-application.js';
import { Project } from './project.js';
import { Recipient } from './recipient.js';
import { LocalDateType, MoneyType, RateType } from './types.js';

@Entity()
@Check({
  name: 'grant_notice_actual_third_party_non_negative',
  expression: 'actual_third_party_funds is null or actual_third_party_funds >= 0',
})
export class GrantNotice extends EditableRecord {
  /** Aktenzeichen of the notice. */
  @Property({ type: 'text', unique: 'grant_notice_reference_unique' })
  reference!: string;

  /** Datum des Bescheids. */
  @Property({ type: LocalDateType })
  noticeDate!: LocalDate;

  @ManyToOne(() => FundingProgram, { index: 'grant_notice_program_idx' })
  fundingProgram!: FundingProgram;

  @ManyToOne(() => Recipient, { index: 'grant_notice_recipient_idx' })
  recipient!: Recipient;

  @ManyToOne(() => Project, { index: 'grant_notice_project_idx' })
  project!: Project;

  @ManyToOne(() => GrantApplication, { nullable: true, unique: 'grant_notice_application_unique', deleteRule: 'no action' })
  application?: GrantApplication | null;

  @Enum({ items: () => [...GRANT_NOTICE_STATUSES], nativeEnumName: 'grant_notice_status' })
  status: Opt<GrantNoticeStatus> = 'APPROVED';

  /** Tatsächliche Drittmittel, as reported with the proof of use; settlement uses it (Rule 4). */
  @Property({ type: MoneyType, nullable: true })
  actualThirdPartyFunds?: Dec | null;

  /** The day the proof of use (Verwendungsnachweis) was submitted; until then it may become overdue (Rule 9). */
  @Property({ type: LocalDateType, nullable: true })
  proofOfUseSubmittedOn?: LocalDate | null;

  /** The figures in force: the latest version. Set in the same transaction that creates the notice. */
  @OneToOne(() => GrantNoticeVersion, {
    nullable: true,
    owner: true,
    unique: 'grant_notice_current_version_unique',
    deleteRule: 'no action',
  })
  currentVersion?: GrantNoticeVersion | null;

  @OneToMany(() => GrantNoticeVersion, (version) => version.notice, { orderBy: { versionNo: 'asc' } })
  versions = new Collection<GrantNoticeVersion>(this);

  /** The figures in force; every notice has them from the transaction that created it. */
  get current(): GrantNoticeVersion {
    if (!this.currentVersion) throw new Error(`Grant notice ${this.id} has no current version.`);
    return this.currentVersion;
  }

  get currentVersionNo(): number {
    return this.current.versionNo;
  }

  get financingType(): FinancingType {
    return this.current.financingType;
  }

  get rate(): Dec | null {
    return this.current.rate ?? null;
  }

  get eligibleCosts(): Dec {
    return this.current.eligibleCosts;
  }

  get ownFunds(): Dec {
    return this.current.ownFunds;
  }

  get ownFundsIsRemainder(): boolean {
    return this.current.ownFundsIsRemainder;
  }

  get thirdPartyFunds(): Dec {
    return this.current.thirdPartyFunds;
  }

  get fixedAmount(): Dec | null {
    return this.current.fixedAmount ?? null;
  }

  get approvedAmount(): Dec {
    return this.current.approvedAmount;
  }

  get budgetYear(): number {
    return this.current.budgetYear;
  }
}

/** One version of a notice's figures: the original notice (1) or an amendment (2, 3, …). */
@Entity()
@Unique({ name: 'grant_notice_version_no_unique', properties: ['notice', 'versionNo'] })
@Index({ name: 'grant_notice_version_budget_year_idx', properties: ['budgetYear'] })
@Check({ name: 'grant_notice_version_rate_range', expression: 'rate is null or (rate >= 0 and rate <= 1)' })
@Check({
  name: 'grant_notice_version_amounts_non_negative',
  expression:
    'eligible_costs >= 0 and own_funds >= 0 and third_party_funds >= 0 and approved_amount >= 0 and (fixed_amount is null or fixed_amount >= 0)',
})
@Check({ name: 'grant_notice_version_period', expression: 'approval_start <= approval_end' })
@Check({ name: 'grant_notice_version_no_positive', expression: 'version_no >= 1' })
export class GrantNoticeVersion extends ImmutableRecord {
  @ManyToOne(() => GrantNotice)
  notice!: GrantNotice;

  @Property({ type: 'integer' })
  versionNo!: number;

  /** The date from which these figures apply: the notice date, or the day an amendment names (by default its date). */
  @Property({ type: LocalDateType })
  effectiveFrom!: LocalDate;

  @Enum({ items: () => [...FINANCING_TYPES], nativeEnumName: 'financing_type' })
  financingType!: FinancingType;

  /** Fördersatz; required for share financing. */
  @Property({ type: RateType, nullable: true })
  rate?: Dec | null;

  /** Zuwendungsfähige Ausgaben. */
  @Property({ type: MoneyType })
  eligibleCosts!: Dec;

  /** Eigenmittel. */
  @Property({ type: MoneyType })
  ownFunds!: Dec;

  /** Whether the own funds were not given but are the remainder of the financing plan. */
  @Property({ type: 'boolean', default: false })
  ownFundsIsRemainder: Opt<boolean> = false;

  /** Drittmittel. */
  @Property({ type: MoneyType })
  thirdPartyFunds!: Dec;

  /** Festbetrag; required for fixed-amount financing. */
  @Property({ type: MoneyType, nullable: true })
  fixedAmount?: Dec | null;

  /** Bewilligte Zuwendung. */
  @Property({ type: MoneyType })
  approvedAmount!: Dec;

  /** Bewilligungszeitraum, first day. */
  @Property({ type: LocalDateType })
  approvalStart!: LocalDate;

  /** Bewilligungszeitraum, last day. */
  @Property({ type: LocalDateType })
  approvalEnd!: LocalDate;

  /** Haushaltsjahr whose programme budget the approved amount commits. */
  @Property({ type: 'integer' })
  budgetYear!: number;

  @OneToOne(() => GrantAmendment, (amendment) => amendment.resultingVersion, { nullable: true })
  amendment?: GrantAmendment | null;

  @OneToMany(() => BudgetLine, (line) => line.noticeVersion, { orderBy: { category: 'asc' } })
  budgetLines = new Collection<BudgetLine>(this);
}

/** Einzelansatz des Finanzierungsplans: planned amount per cost category in one version. */
@Entity()
@Unique({ name: 'budget_line_category_unique', properties: ['noticeVersion', 'category'] })
@Check({ name: 'budget_line_planned_non_negative', expression: 'planned >= 0' })
export class BudgetLine extends ImmutableRecord {
  @ManyToOne(() => GrantNoticeVersion)
  noticeVersion!: GrantNoticeVersion;

  @Enum({ items: () => [...COST_CATEGORIES], nativeEnumName: 'cost_category' })
  category!: CostCategory;

  @Property({ type: MoneyType })
  planned!: Dec;
}

/** Änderungsbescheid: a later notice that changes amount, lines or period. */
@Entity()
@Unique({ name: 'grant_amendment_reference_unique', properties: ['notice', 'reference'] })
export class GrantAmendment extends ImmutableRecord {
  @ManyToOne(() => GrantNotice, { index: 'grant_amendment_notice_idx' })
  notice!: GrantNotice;

  @Property({ type: 'text' })
  reference!: string;

  @Property({ type: LocalDateType })
  amendmentDate!: LocalDate;

  @Property({ type: 'text' })
  reason!: string;

  @OneToOne(() => GrantNoticeVersion, { owner: true, unique: 'grant_amendment_version_unique' })
  resultingVersion!: GrantNoticeVersion;
}

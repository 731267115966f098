// Förderantrag: the requested amount and financing plan before the decision.
import { Collection, type Opt } from '@mikro-orm/core';
import { Check, Entity, Enum, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Dec } from '../domain/decimal.js';
import { APPLICATION_STATUSES, COST_CATEGORIES, type ApplicationStatus, type CostCategory } from '../domain/enums.js';
import { FINANCING_TYPES, type FinancingType } from '../domain/grant-approval.js';
import type { LocalDate } from '../domain/local-date.js';
import { EditableRecord, ImmutableRecord } from './base.js';
import { FundingProgram } from './funding-program.js';
import { Project } from './project.js';
import { Recipient } from './recipient.js';
import { LocalDateType, MoneyType } from './types.js';

@Entity()
@Check({ name: 'grant_application_requested_non_negative', expression: 'requested_amount >= 0' })
export class GrantApplication extends EditableRecord {
  @ManyToOne(() => FundingProgram, { index: 'grant_application_program_idx' })
  fundingProgram!: FundingProgram;

  /** The project's recipient, kept here so that access checks need no join. */
  @ManyToOne(() => Recipient, { index: 'grant_application_recipient_idx' })
  recipient!: Recipient;

  @ManyToOne(() => Project, { index: 'grant_application_project_idx' })
  project!: Project;

  /** Aktenzeichen of the application, where one was assigned. */
  @Property({ type: 'text', nullable: true })
  reference?: string | null;

  @Property({ type: LocalDateType, nullable: true })
  submittedOn?: LocalDate | null;

  @Property({ type: MoneyType })
  requestedAmount!: Dec;

  @Enum({ items: () => [...FINANCING_TYPES], nativeEnumName: 'financing_type' })
  financingType!: FinancingType;

  @Enum({ items: () => [...APPLICATION_STATUSES], nativeEnumName: 'application_status' })
  status: Opt<ApplicationStatus> = 'DRAFT';

  @OneToMany(() => ApplicationLine, (line) => line.application, { orderBy: { category: 'asc' }, orphanRemoval: true })
  lines = new Collection<ApplicationLine>(this);
}

/** Einzelansatz des Antrags: planned amount per cost category. */
@Entity()
@Unique({ name: 'application_line_category_unique', properties: ['application', 'category'] })
@Check({ name: 'application_line_planned_non_negative', expression: 'planned >= 0' })
export class ApplicationLine extends ImmutableRecord {
  @ManyToOne(() => GrantApplication)
  application!: GrantApplication;

  @Enum({ items: () => [...COST_CATEGORIES], nativeEnumName: 'cost_category' })
  category!: CostCategory;

  @Property({ type: MoneyType })
  planned!: Dec;
}

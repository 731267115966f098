// Every entity the ORM knows, in one list.
import { AuditEvent } from './audit-event.js';
import { Cooperation, CooperationMembership, CooperationResolution } from './cooperation.js';
import { FundingProgram, ProgramBudget } from './funding-program.js';
import { ApplicationLine, GrantApplication } from './grant-application.js';
import { BudgetLine, GrantAmendment, GrantNotice, GrantNoticeVersion } from './grant-notice.js';
import { Project } from './project.js';
import { Recipient } from './recipient.js';
import { EditableRecord, ImmutableRecord } from './base.js';
import { BaseRate, DisbursementRequest, FinalSettlement, Payment, PaymentReversal } from './disbursement.js';
import { Expenditure, ExpenditureReversal, ImportBatch } from './expenditure.js';
import { SharedInvoice, SharedInvoiceReversal } from './shared-invoice.js';
import { Employee, StaffAllocation, StaffAllocationReversal, StaffCostRate } from './staff.js';
import { UserSession } from './user-session.js';
import { AppUser } from './app-user.js';
import { CalendarFeed } from './calendar-feed.js';
import { ReminderSent } from './reminder-sent.js';

export * from './audit-event.js';
export * from './cooperation.js';
export * from './disbursement.js';
export * from './expenditure.js';
export * from './funding-program.js';
export * from './grant-application.js';
export * from './grant-notice.js';
export * from './project.js';
export * from './recipient.js';
export * from './shared-invoice.js';
export * from './staff.js';
export * from './user-session.js';
export * from './app-user.js';
export * from './calendar-feed.js';
export * from './reminder-sent.js';

export const entities = [
  ImmutableRecord,
  EditableRecord,
  FundingProgram,
  ProgramBudget,
  Recipient,
  Cooperation,
  CooperationMembership,
  CooperationResolution,
  Project,
  GrantApplication,
  ApplicationLine,
  GrantNotice,
  GrantNoticeVersion,
  BudgetLine,
  GrantAmendment,
  AuditEvent,
  ImportBatch,
  Expenditure,
  ExpenditureReversal,
  SharedInvoice,
  SharedInvoiceReversal,
  Employee,
  StaffCostRate,
  StaffAllocation,
  StaffAllocationReversal,
  DisbursementRequest,
  Payment,
  PaymentReversal,
  BaseRate,
  FinalSettlement,
  UserSession,
  AppUser,
  CalendarFeed,
  ReminderSent,
];

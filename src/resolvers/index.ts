// Every resolver of the API, in one list for the schema builder.
import {
  BudgetCheckResolver,
  CooperationSpendingResolver,
  ExpenditureResolver,
  GrantNoticeSpendingResolver,
} from './expenditure.resolver.js';
import { GrantApplicationResolver } from './application.resolver.js';
import { AuditEventResolver, GrantNoticeAuditResolver } from './audit.resolver.js';
import { CalendarFeedResolver } from './calendar-feed.resolver.js';
import { DeadlineResolver } from './deadline.resolver.js';
import { CooperationMembershipResolver, CooperationResolver } from './cooperation.resolver.js';
import {
  BaseRateResolver,
  DisbursementRequestResolver,
  GrantNoticeDisbursementResolver,
  SettlementResolver,
  PaymentResolver,
} from './disbursement.resolver.js';
import { GrantAmendmentResolver, GrantNoticeResolver, GrantNoticeVersionResolver } from './notice.resolver.js';
import { FundingProgramResolver } from './program.resolver.js';
import { ProgrammeOverviewResolver } from './programme-overview.resolver.js';
import { ProjectResolver } from './project.resolver.js';
import { RecipientResolver } from './recipient.resolver.js';
import { SharedInvoicePartResolver, SharedInvoiceResolver } from './shared-invoice.resolver.js';
import { EmployeeResolver, StaffAllocationResolver, StaffCostRateResolver } from './staff.resolver.js';
import { ViewerResolver } from './viewer.resolver.js';

export const resolvers = [
  FundingProgramResolver,
  RecipientResolver,
  CooperationResolver,
  CooperationMembershipResolver,
  ProjectResolver,
  GrantApplicationResolver,
  GrantNoticeResolver,
  DeadlineResolver,
  CalendarFeedResolver,
  ProgrammeOverviewResolver,
  GrantNoticeVersionResolver,
  GrantAmendmentResolver,
  AuditEventResolver,
  GrantNoticeAuditResolver,
  EmployeeResolver,
  StaffCostRateResolver,
  StaffAllocationResolver,
  SharedInvoiceResolver,
  SharedInvoicePartResolver,
  ExpenditureResolver,
  GrantNoticeSpendingResolver,
  BudgetCheckResolver,
  CooperationSpendingResolver,
  DisbursementRequestResolver,
  PaymentResolver,
  BaseRateResolver,
  GrantNoticeDisbursementResolver,
  SettlementResolver,
  ViewerResolver,
] as const;

// Per-request batch loaders for nested fields: lists read with a condition or an order and figures
// computed in SQL, which the ORM's own dataloader cannot batch, and the budget lines, which a notice and
// its versions both ask for (a key asked for twice is read once, whichever answer arrives first). A list
// of nodes costs the same few statements as one node, whatever the page size. Each loader calls a batch
// function of the services, which keeps the caller's scope exactly as a single lookup does.
import DataLoader from 'dataloader';
import type { LocalDate } from '../domain/local-date.js';
import type {
  BudgetLine,
  CooperationMembership,
  DisbursementRequest,
  Expenditure,
  GrantNotice,
  GrantNoticeVersion,
  Payment,
} from '../entities/index.js';
import type { Access } from '../services/access.js';
import { cooperationBudgetOverviews, type MemberBudgetView } from '../services/budget-overview.js';
import { membershipsOfCooperations } from '../services/cooperations.js';
import { disbursementRequestsOfNotices, paymentsOfNotices, paymentsOfRequests } from '../services/disbursements.js';
import { noticesOfApplications } from '../services/applications.js';
import { budgetChecksOf, excludedExpendituresOf, type BudgetCheckFigures, type ExcludedExpenditure } from '../services/budget-check.js';
import { receiptPagesOf, type ReceiptPage, type ReceiptWindow } from '../services/receipt-list.js';
import { budgetLinesOf, noticesOfProgrammes, versionsOfNotices } from '../services/notices.js';
import { budgetYearsOf, type BudgetYearUse } from '../services/programs.js';
import type { Em } from '../services/records.js';
import { settlementInterestsOf, settlementsOf, type SettlementFigures, type SettlementInterest } from '../services/settlement.js';
import { partsOfInvoices, recordersOfInvoices } from '../services/shared-invoices.js';
import { expenditureWarningsOf, requestWarningsOf } from '../services/warnings.js';
import type { Warning } from '../domain/warnings.js';

export interface Loaders {
  /** The notice made from an application, per application id (null: none yet). */
  applicationNotice: DataLoader<string, GrantNotice | null>;
  /** Rule 3 per notice id. */
  budgetCheck: DataLoader<string, BudgetCheckFigures>;
  /** The first excluded receipts per notice id (Rule 2). */
  excluded: DataLoader<string, ExcludedExpenditure[]>;
  /** Rule 4 per notice id as of a day. */
  settlement(asOf: LocalDate): DataLoader<string, SettlementFigures>;
  /** Rule 6 per notice id as of a day. */
  interest(asOf: LocalDate): DataLoader<string, SettlementInterest>;
  /** The same page of the Belegliste per notice id. */
  receipts(window: ReceiptWindow): DataLoader<string, ReceiptPage>;
  /** Every version of the figures per notice id. */
  versions: DataLoader<string, GrantNoticeVersion[]>;
  /** The financing plan per version id (the version in force and the earlier ones alike). */
  budgetLines: DataLoader<string, BudgetLine[]>;
  /** Mittelabrufe per notice id. */
  disbursementRequests: DataLoader<string, DisbursementRequest[]>;
  /** Auszahlungen per notice id. */
  payments: DataLoader<string, Payment[]>;
  /** Auszahlungen per Mittelabruf id. */
  requestPayments: DataLoader<string, Payment[]>;
  /** Budget years per programme id. */
  budgetYears: DataLoader<string, BudgetYearUse[]>;
  /** Every visible notice per programme id. */
  programmeNotices: DataLoader<string, GrantNotice[]>;
  /** Memberships per cooperation id, on a day or (null) ever. */
  memberships(activeOn: LocalDate | null): DataLoader<string, CooperationMembership[]>;
  /** The members' grants with their budget checks per cooperation id, in a programme. */
  budgetOverview(fundingProgramId: string): DataLoader<string, MemberBudgetView[]>;
  /** The members' parts per shared invoice id. */
  sharedInvoiceParts: DataLoader<string, Expenditure[]>;
  /** Who recorded a shared invoice, per invoice id (null: the audit trail has no record of it). */
  sharedInvoiceRecorders: DataLoader<string, string | null>;
  /** Plausibility warnings per receipt id. */
  expenditureWarnings: DataLoader<string, Warning[]>;
  /** Plausibility warnings per Mittelabruf. */
  requestWarnings: DataLoader<DisbursementRequest, Warning[], string>;
}

/**
 * The values for the keys in their order. An error the batch answered for a key (a record outside
 * the scope) is that key's alone; a key the batch did not answer at all gets an error of its own.
 */
function inOrder<V>(keys: readonly string[], found: ReadonlyMap<string, V>, what: string): (Exclude<V, Error> | Error)[] {
  return keys.map((key) => (found.get(key) as Exclude<V, Error> | Error | undefined) ?? new Error(`${what} ${key} could not be computed.`));
}

/** Loaders per value of a field argument (a day, a page, a programme), created when a value is first asked for. */
function perArgument<A, V>(keyOf: (argument: A) => string, load: (argument: A, keys: readonly string[]) => Promise<(V | Error)[]>) {
  const loaders = new Map<string, DataLoader<string, V>>();
  return (argument: A) => {
    const key = keyOf(argument);
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader<string, V>((keys) => load(argument, keys));
      loaders.set(key, loader);
    }
    return loader;
  };
}

export function createLoaders(em: Em, access: Access): Loaders {
  const budgetCheck = new DataLoader(async (ids: readonly string[]) =>
    inOrder(ids, await budgetChecksOf(em, ids), 'The budget check of grant notice'),
  );
  /** A settlement builds on the budget check: one asked for in the same request is computed once. */
  const budgetChecks = async (ids: readonly string[]) => {
    const checks = await budgetCheck.loadMany(ids);
    return new Map(
      checks.map((check, index) => {
        if (check instanceof Error) throw check;
        return [ids[index]!, check] as const;
      }),
    );
  };
  return {
    applicationNotice: new DataLoader(async (ids) => {
      const notices = await noticesOfApplications(em, ids);
      return ids.map((id) => notices.get(id) ?? null);
    }),
    budgetCheck,
    excluded: new DataLoader(async (ids) => inOrder(ids, await excludedExpendituresOf(em, ids), 'The excluded receipts of grant notice')),
    settlement: perArgument(String, async (asOf: LocalDate, ids) =>
      inOrder(ids, await settlementsOf(em, access, ids, asOf, budgetChecks), 'The settlement of grant notice'),
    ),
    interest: perArgument(String, async (asOf: LocalDate, ids) =>
      inOrder(ids, await settlementInterestsOf(em, access, ids, asOf), 'The interest of grant notice'),
    ),
    receipts: perArgument(
      (window: ReceiptWindow) => `${window.first} ${window.after ?? ''}`,
      async (window, ids) => inOrder(ids, await receiptPagesOf(em, access, ids, window), 'The receipts of grant notice'),
    ),
    versions: new DataLoader(async (ids) => inOrder(ids, await versionsOfNotices(em, ids), 'The versions of grant notice')),
    budgetLines: new DataLoader(async (ids) => inOrder(ids, await budgetLinesOf(em, ids), 'The budget lines of notice version')),
    disbursementRequests: new DataLoader(async (ids) =>
      inOrder(ids, await disbursementRequestsOfNotices(em, ids), 'The disbursement requests of grant notice'),
    ),
    payments: new DataLoader(async (ids) => inOrder(ids, await paymentsOfNotices(em, ids), 'The payments of grant notice')),
    requestPayments: new DataLoader(async (ids) => inOrder(ids, await paymentsOfRequests(em, ids), 'The payments of disbursement request')),
    budgetYears: new DataLoader(async (ids) => inOrder(ids, await budgetYearsOf(em, ids), 'The budget years of funding programme')),
    programmeNotices: new DataLoader(async (ids) =>
      inOrder(ids, await noticesOfProgrammes(em, access, ids), 'The notices of funding programme'),
    ),
    memberships: perArgument(
      (activeOn: LocalDate | null) => activeOn ?? '',
      async (activeOn, ids) => inOrder(ids, await membershipsOfCooperations(em, access, ids, activeOn), 'The memberships of cooperation'),
    ),
    budgetOverview: perArgument(String, async (fundingProgramId: string, ids) =>
      inOrder(ids, await cooperationBudgetOverviews(em, access, ids, fundingProgramId), 'The budget overview of cooperation'),
    ),
    sharedInvoiceRecorders: new DataLoader(async (ids) => {
      const recorders = await recordersOfInvoices(em, ids);
      return ids.map((id) => recorders.get(id) ?? null);
    }),
    sharedInvoiceParts: new DataLoader(async (ids) => inOrder(ids, await partsOfInvoices(em, access, ids), 'The parts of shared invoice')),
    expenditureWarnings: new DataLoader(async (ids) => inOrder(ids, await expenditureWarningsOf(em, ids), 'The warnings of receipt')),
    requestWarnings: new DataLoader(
      async (requests) => {
        const found = await requestWarningsOf(em, requests);
        return inOrder(
          requests.map((request) => request.id),
          found,
          'The warnings of disbursement request',
        );
      },
      { cacheKeyFn: (request) => request.id },
    ),
  };
}

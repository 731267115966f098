// Per-request batch loaders for the figures computed in SQL (budget check, settlement, interest): a
// list of notices costs the same few statements as one notice, whatever the page size.
import DataLoader from 'dataloader';
import type { LocalDate } from '../domain/local-date.js';
import type { Access } from '../services/access.js';
import { budgetChecksOf, excludedExpendituresOf, type BudgetCheckFigures, type ExcludedExpenditure } from '../services/expenditures.js';
import type { Em } from '../services/records.js';
import { settlementInterestsOf, settlementsOf, type SettlementFigures, type SettlementInterest } from '../services/settlement.js';

export interface Loaders {
  /** Rule 3 per notice id. */
  budgetCheck: DataLoader<string, BudgetCheckFigures>;
  /** The first excluded receipts per notice id (Rule 2). */
  excluded: DataLoader<string, ExcludedExpenditure[]>;
  /** Rule 4 per notice id as of a day. */
  settlement(asOf: LocalDate): DataLoader<string, SettlementFigures>;
  /** Rule 6 per notice id as of a day. */
  interest(asOf: LocalDate): DataLoader<string, SettlementInterest>;
}

/** The values for the keys in their order; a key the batch did not answer gets an error of its own. */
function inOrder<V>(keys: readonly string[], found: Map<string, V>, what: string): (V | Error)[] {
  return keys.map((key) => found.get(key) ?? new Error(`${what} of grant notice ${key} could not be computed.`));
}

/** Loaders per day, created when a day is first asked for. */
function perDay<V>(load: (asOf: LocalDate, keys: readonly string[]) => Promise<(V | Error)[]>) {
  const loaders = new Map<LocalDate, DataLoader<string, V>>();
  return (asOf: LocalDate) => {
    let loader = loaders.get(asOf);
    if (!loader) {
      loader = new DataLoader<string, V>((keys) => load(asOf, keys));
      loaders.set(asOf, loader);
    }
    return loader;
  };
}

export function createLoaders(em: Em, access: Access): Loaders {
  return {
    budgetCheck: new DataLoader(async (ids) => inOrder(ids, await budgetChecksOf(em, ids), 'The budget check')),
    excluded: new DataLoader(async (ids) => inOrder(ids, await excludedExpendituresOf(em, ids), 'The excluded receipts')),
    settlement: perDay(async (asOf, ids) => inOrder(ids, await settlementsOf(em, access, ids, asOf), 'The settlement')),
    interest: perDay(async (asOf, ids) => inOrder(ids, await settlementInterestsOf(em, access, ids, asOf), 'The interest')),
  };
}

// Who is calling and in which request, available to everything a request runs (the audit trail reads it).
import { AsyncLocalStorage } from 'node:async_hooks';
import { SYSTEM_ACTOR, type Actor } from './access.js';

export interface CallContext {
  actor: Actor;
  /** Request id of the HTTP request (x-request-id); null for the service's own work. */
  requestId: string | null;
  /** SQL statements sent on behalf of the call so far (counted by the ORM's query hook). */
  sqlStatements?: number;
}

const storage = new AsyncLocalStorage<CallContext>();

/** Runs work on behalf of a caller. */
export function runAs<T>(context: CallContext, work: () => T): T {
  return storage.run(context, work);
}

/** The caller of the work in progress; the service itself when no request started it. */
export function currentCall(): CallContext {
  return storage.getStore() ?? { actor: SYSTEM_ACTOR, requestId: null };
}

/** Counts one SQL statement against the call in progress, if any. */
export function countSqlStatement(): void {
  const call = storage.getStore();
  if (call) call.sqlStatements = (call.sqlStatements ?? 0) + 1;
}

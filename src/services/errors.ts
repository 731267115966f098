// Errors the services throw; `schema/errors.ts` turns each into a GraphQL error code once.
import type { RefusalReason } from '../domain/reasons.js';
export { DomainInputError as InputError } from '../domain/errors.js';

/** The kinds of record a lookup names, with the German word and article a finance officer reads. */
const RECORD_LABELS = {
  'Funding programme': 'Das Förderprogramm',
  Recipient: 'Der Zuwendungsempfänger',
  Cooperation: 'Die Zweckvereinbarung',
  Membership: 'Die Mitgliedschaft',
  Project: 'Das Vorhaben',
  'Grant application': 'Der Förderantrag',
  'Grant notice': 'Der Zuwendungsbescheid',
  Receipt: 'Der Beleg',
  'Shared invoice': 'Die gemeinsame Rechnung',
  Employee: 'Der oder die Beschäftigte',
  'Staff allocation': 'Die Personalkostenzuordnung',
  'Disbursement request': 'Der Mittelabruf',
  Payment: 'Die Auszahlung',
  'Import batch': 'Der Import',
} as const;

export type RecordLabel = keyof typeof RECORD_LABELS;

/** "Der Zuwendungsbescheid" for "Grant notice". */
export function germanRecordLabel(label: RecordLabel): string {
  return RECORD_LABELS[label];
}

/** The record does not exist, or lies outside what the caller may see (both look the same). */
export class NotFoundError extends Error {
  readonly reason: RefusalReason = 'RECORD_NOT_FOUND';
  constructor(
    readonly entity: RecordLabel,
    readonly id: string,
  ) {
    super(`${germanRecordLabel(entity)} ${id} wurde nicht gefunden.`);
    this.name = 'NotFoundError';
  }
}

/** What to do after someone else's change; every conflict message ends with it. */
export const RELOAD_AND_RETRY = 'Bitte neu laden und die Änderung erneut vornehmen.';

/** The record changed since the caller read it: reload and apply the change again. */
export class ConflictError extends Error {
  readonly reason: RefusalReason = 'STALE_VERSION';
  constructor(
    readonly entity: RecordLabel,
    readonly id: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(
      actualVersion === null
        ? `${germanRecordLabel(entity)} ${id} wurde inzwischen von jemand anderem geändert. ${RELOAD_AND_RETRY}`
        : `${germanRecordLabel(entity)} ${id} wurde inzwischen von jemand anderem geändert (bearbeitet wurde Version ${expectedVersion}, ` +
            `aktuell ist Version ${actualVersion}). ${RELOAD_AND_RETRY}`,
    );
    this.name = 'ConflictError';
  }
}

/** The caller's role may not do this at all. */
export class ForbiddenError extends Error {
  readonly reason: RefusalReason = 'ROLE_NOT_PERMITTED';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** No valid token: the caller is unknown. */
export class UnauthenticatedError extends Error {
  constructor(
    message = 'Bitte anmelden: Es wurde kein gültiges Zugangstoken im Authorization-Header gesendet.',
    readonly reason: RefusalReason = 'NOT_SIGNED_IN',
  ) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

// The one place where service and database errors become GraphQL errors with `extensions.code`.
import { unwrapResolverError } from '@apollo/server/errors';
import {
  CheckConstraintViolationException,
  ConstraintViolationException,
  CursorError,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isStorageFull, STORAGE_FULL_MESSAGE } from '../database-failure.js';
import { DomainInputError } from '../domain/errors.js';
import type { RefusalReason } from '../domain/reasons.js';
import { ConflictError, ForbiddenError, NotFoundError, RELOAD_AND_RETRY, UnauthenticatedError } from '../services/errors.js';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;

/** Seconds a client should wait before it tries again while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE =
  'Die Datenbank ist gerade nicht erreichbar; es wurde nichts gespeichert. Bitte in einigen Sekunden erneut versuchen.';

/** Socket errors and SQLSTATEs that mean the database went away (class 08, 57P01–57P03 shutting down). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|is not currently accepting connections|the database system is (starting up|shutting down)/i;

/** Whether an error, or one it was caused by, says that the database cannot be reached or cannot write (a full disk). */
export function isDatabaseUnavailable(thrown: unknown): boolean {
  if (isStorageFull(thrown)) return true;
  for (let error = thrown, depth = 0; error instanceof Error && depth < 5; depth++) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || /^08/.test(code))) return true;
    if (UNAVAILABLE_MESSAGES.test(error.message)) return true;
    error = (error as { cause?: unknown }).cause;
  }
  return false;
}

/** What a finance officer reads when the database refuses a write, by constraint name. */
const CONSTRAINT_MESSAGES: Record<string, { field: string; reason: RefusalReason; message: string }> = {
  funding_program_code_unique: {
    field: 'code',
    reason: 'DUPLICATE_RECORD',
    message: 'Ein Förderprogramm mit diesem Kürzel ist bereits erfasst.',
  },
  program_budget_year_unique: {
    field: 'year',
    reason: 'DUPLICATE_RECORD',
    message: 'Das Programm hat für dieses Jahr bereits einen Haushaltsansatz.',
  },
  recipient_ags_unique: {
    field: 'ags',
    reason: 'DUPLICATE_RECORD',
    message: 'Ein Zuwendungsempfänger mit diesem Amtlichen Gemeindeschlüssel (AGS) ist bereits erfasst.',
  },
  recipient_ags_format: {
    field: 'ags',
    reason: 'INVALID_VALUE',
    message: 'Der AGS muss 5 Ziffern (Landkreis) oder 8 Ziffern (Gemeinde) haben.',
  },
  grant_notice_reference_unique: {
    field: 'reference',
    reason: 'DUPLICATE_RECORD',
    message: 'Ein Zuwendungsbescheid mit diesem Aktenzeichen ist bereits erfasst.',
  },
  grant_notice_application_unique: {
    field: 'applicationId',
    reason: 'DUPLICATE_RECORD',
    message: 'Zu diesem Förderantrag ist bereits ein Zuwendungsbescheid erfasst.',
  },
  grant_amendment_reference_unique: {
    field: 'reference',
    reason: 'DUPLICATE_RECORD',
    message: 'Dieser Bescheid hat bereits einen Änderungsbescheid mit diesem Aktenzeichen.',
  },
  cooperation_membership_unique: {
    field: 'joinedOn',
    reason: 'DUPLICATE_RECORD',
    message: 'Dieser Zuwendungsempfänger ist der Zweckvereinbarung an diesem Tag bereits beigetreten.',
  },
  cooperation_membership_one_lead: {
    field: 'isLead',
    reason: 'DUPLICATE_RECORD',
    message: 'Die Zweckvereinbarung hat bereits ein federführendes Mitglied; es gibt genau eines.',
  },
  cooperation_membership_period: {
    field: 'leftOn',
    reason: 'INVALID_VALUE',
    message: 'Ein Mitglied kann nicht vor seinem Beitritt austreten.',
  },
  budget_line_category_unique: {
    field: 'budgetLines',
    reason: 'DUPLICATE_RECORD',
    message: 'Jede Kostenart darf im Finanzierungsplan nur einmal vorkommen.',
  },
  application_line_category_unique: {
    field: 'lines',
    reason: 'DUPLICATE_RECORD',
    message: 'Jede Kostenart darf im Finanzierungsplan nur einmal vorkommen.',
  },
  grant_notice_version_period: {
    field: 'approvalPeriod',
    reason: 'INVALID_VALUE',
    message: 'Der Bewilligungszeitraum darf nicht vor seinem Beginn enden.',
  },
  grant_notice_version_rate_range: { field: 'rate', reason: 'INVALID_RATE', message: 'Der Fördersatz muss zwischen 0 und 1 liegen.' },
  grant_notice_version_amounts_non_negative: {
    field: 'approvedAmount',
    reason: 'NEGATIVE_AMOUNT',
    message: 'Beträge dürfen nicht negativ sein.',
  },
  staff_cost_rate_unique: {
    field: 'payGroup',
    reason: 'DUPLICATE_RECORD',
    message: 'Das Programm hat für diese Entgeltgruppe und dieses Jahr bereits einen Personalkostensatz.',
  },
  program_budget_amount_non_negative: {
    field: 'amount',
    reason: 'NEGATIVE_AMOUNT',
    message: 'Ein Haushaltsansatz darf nicht negativ sein.',
  },
  payment_within_approved_amount: {
    field: 'amount',
    reason: 'PAYMENTS_ABOVE_APPROVED',
    message: 'Die Auszahlungen würden den bewilligten Betrag des Bescheids übersteigen.',
  },
  payment_amount_positive: { field: 'amount', reason: 'AMOUNT_NOT_POSITIVE', message: 'Der Betrag muss größer als 0,00 € sein.' },
  payment_reversal_unique: { field: 'id', reason: 'ALREADY_REVERSED', message: 'Die Auszahlung ist bereits storniert.' },
  disbursement_request_amount_positive: {
    field: 'amount',
    reason: 'AMOUNT_NOT_POSITIVE',
    message: 'Der Betrag muss größer als 0,00 € sein.',
  },
  final_settlement_notice_unique: {
    field: 'grantNoticeId',
    reason: 'ALREADY_SETTLED',
    message: 'Die Schlussabrechnung dieses Zuwendungsbescheids ist bereits abgeschlossen.',
  },
  base_rate_valid_from_unique: {
    field: 'validFrom',
    reason: 'DUPLICATE_RECORD',
    message: 'Ab diesem Tag ist bereits ein Basiszinssatz erfasst.',
  },
  grant_notice_actual_third_party_non_negative: {
    field: 'actualThirdPartyFunds',
    reason: 'NEGATIVE_AMOUNT',
    message: 'Die tatsächlichen Drittmittel dürfen nicht negativ sein.',
  },
};

/** Constraints that only two simultaneous edits of the same record can break. */
const CONFLICT_CONSTRAINTS = new Set(['grant_notice_version_no_unique']);
export const CONFLICT_MESSAGE = `Der Datensatz wurde inzwischen von jemand anderem geändert. ${RELOAD_AND_RETRY}`;
export const INTERNAL_ERROR_MESSAGE =
  'Ein interner Fehler ist aufgetreten. Er wurde protokolliert; bitte versuchen Sie es erneut oder wenden Sie sich an den Support.';

/** The error of a scalar's parser that refused the value (it marks its errors BAD_USER_INPUT), if one did. */
function scalarRefusal(thrown: unknown): GraphQLError | undefined {
  for (let error = thrown; error instanceof Error; error = (error as { originalError?: unknown }).originalError) {
    if (error instanceof GraphQLError && error.extensions.code === ErrorCode.BAD_USER_INPUT) return error;
    if (!(error instanceof GraphQLError)) return undefined;
  }
  return undefined;
}

/** graphql-js names the refused variable value as `Variable "$input" got invalid value … at "input.amount"`. */
const VARIABLE_PATH = /^Variable "\$([^"]+)" got invalid value .*? at "([^"]+)";/s;
const VARIABLE_ONLY = /^Variable "\$([^"]+)" got invalid value /;

/** The input path of a refused variable value without the variable's own name, as the services name fields. */
function variableField(message: string): string | undefined {
  const nested = VARIABLE_PATH.exec(message);
  if (nested) {
    const [, variable, path] = nested as unknown as [string, string, string];
    return path.startsWith(`${variable}.`) ? path.slice(variable.length + 1) : path;
  }
  return VARIABLE_ONLY.exec(message)?.[1];
}

function constraintOf(error: Error): string | undefined {
  const carrier = error as { constraint?: unknown; cause?: { constraint?: unknown } };
  const name = carrier.constraint ?? carrier.cause?.constraint;
  return typeof name === 'string' ? name : undefined;
}

function badInput(message: string, reason: RefusalReason, field?: string, figures?: Record<string, string>): GraphQLFormattedError {
  return {
    message,
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      reason,
      ...(field !== undefined ? { field } : {}),
      ...(figures !== undefined ? { figures } : {}),
    },
  };
}

/**
 * Apollo's `formatError`: maps known errors to codes and readable messages, and hides everything
 * else behind a generic message so that no stack trace or SQL leaves the server.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, thrown: unknown): GraphQLFormattedError {
  const error = unwrapResolverError(thrown);
  const path = formatted.path ? { path: formatted.path } : {};
  const locations = formatted.locations ? { locations: formatted.locations } : {};

  if (error instanceof DomainInputError) {
    return { ...badInput(error.message, error.reason, error.field, error.details), ...path, ...locations };
  }
  if (error instanceof ForbiddenError) {
    return { message: error.message, extensions: { code: ErrorCode.FORBIDDEN, reason: error.reason }, ...path, ...locations };
  }
  if (error instanceof UnauthenticatedError) {
    return { message: error.message, extensions: { code: ErrorCode.UNAUTHENTICATED, reason: error.reason }, ...path, ...locations };
  }
  if (formatted.extensions?.code === ErrorCode.UNAUTHENTICATED) {
    // Apollo prefixes errors thrown while the context is built; the caller needs only the reason.
    return {
      message: formatted.message.replace(/^Context creation failed: /, ''),
      extensions: {
        code: ErrorCode.UNAUTHENTICATED,
        reason: (typeof formatted.extensions['reason'] === 'string' ? formatted.extensions['reason'] : 'NOT_SIGNED_IN') as RefusalReason,
      },
    };
  }
  if (error instanceof NotFoundError) {
    return { message: error.message, extensions: { code: ErrorCode.NOT_FOUND, reason: error.reason }, ...path, ...locations };
  }
  if (error instanceof ConflictError || error instanceof OptimisticLockError) {
    const message = error instanceof ConflictError ? error.message : CONFLICT_MESSAGE;
    return { message, extensions: { code: ErrorCode.CONFLICT, reason: 'STALE_VERSION' satisfies RefusalReason }, ...path, ...locations };
  }
  if (error instanceof CursorError) {
    return {
      ...badInput(
        'Der Seitenzeiger ist ungültig; bitte einen von dieser Schnittstelle gelieferten Zeiger verwenden.',
        'INVALID_CURSOR',
        'after',
      ),
      ...path,
      ...locations,
    };
  }
  if (error instanceof ConstraintViolationException) {
    const constraint = constraintOf(error);
    if (constraint && CONFLICT_CONSTRAINTS.has(constraint)) {
      return {
        message: CONFLICT_MESSAGE,
        extensions: { code: ErrorCode.CONFLICT, reason: 'STALE_VERSION' satisfies RefusalReason },
        ...path,
        ...locations,
      };
    }
    const known = constraint ? CONSTRAINT_MESSAGES[constraint] : undefined;
    if (known) return { ...badInput(known.message, known.reason, known.field), ...path, ...locations };
    if (error instanceof UniqueConstraintViolationException)
      return { ...badInput('Ein Datensatz mit diesen Werten ist bereits erfasst.', 'DUPLICATE_RECORD'), ...path, ...locations };
    if (error instanceof ForeignKeyConstraintViolationException)
      return {
        ...badInput('Ein verknüpfter Datensatz existiert nicht oder wird noch verwendet.', 'REFERENCED_RECORD_MISSING'),
        ...path,
        ...locations,
      };
    if (error instanceof CheckConstraintViolationException)
      return { ...badInput('Ein Wert liegt außerhalb seines zulässigen Bereichs.', 'VALUE_OUT_OF_RANGE'), ...path, ...locations };
    if (error instanceof NotNullConstraintViolationException)
      return { ...badInput('Ein Pflichtwert fehlt.', 'REQUIRED'), ...path, ...locations };
    return { ...badInput('Die Werte verletzen eine Regel des Registers.', 'VALUE_OUT_OF_RANGE'), ...path, ...locations };
  }
  // A Money, Rate or LocalDate value that its scalar refused, in a variable or as a literal, is bad input
  // with the scalar's reason and German message, and the field it was given for.
  const refusal = scalarRefusal(thrown);
  if (refusal && (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || formatted.extensions?.code === ErrorCode.BAD_USER_INPUT)) {
    const field = variableField(formatted.message);
    return {
      ...badInput(refusal.message, (refusal.extensions['reason'] as RefusalReason | undefined) ?? 'INVALID_VALUE', field),
      ...path,
      ...locations,
    };
  }
  // Errors GraphQL itself raised (parsing, validation, variable coercion) already carry a code.
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    // A refusal of the request pipeline (e.g. a dry run mixed with writes) names its reason too.
    const reason = typeof formatted.extensions?.['reason'] === 'string' ? { reason: formatted.extensions['reason'] } : {};
    return { message: formatted.message, extensions: { code, ...reason }, ...path, ...locations };
  }
  if (isStorageFull(error)) {
    return { message: STORAGE_FULL_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, reason: 'STORAGE_FULL' }, ...path };
  }
  if (isDatabaseUnavailable(error)) {
    return { message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE }, ...path };
  }
  return {
    message: INTERNAL_ERROR_MESSAGE,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    ...path,
  };
}

/** The HTTP status of each code, for the routes beside GraphQL (imports, reports). */
const HTTP_STATUS: Record<string, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/**
 * The same mapping for the HTTP routes beside GraphQL: the error as GraphQL would answer it, and its
 * HTTP status (500 only for what is not known, with the generic message). A route may answer bad input
 * with another status, e.g. 422 for a file whose rows have problems.
 */
export function httpError(thrown: unknown, options: { badInputStatus?: number } = {}): { status: number; error: GraphQLFormattedError } {
  const error = formatGraphQLError({ message: thrown instanceof Error ? thrown.message : String(thrown) }, thrown);
  const code = String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  const status = code === ErrorCode.BAD_USER_INPUT && options.badInputStatus ? options.badInputStatus : (HTTP_STATUS[code] ?? 500);
  return { status, error };
}

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
import { DomainInputError } from '../domain/errors.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../services/errors.js';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** What a finance officer reads when the database refuses a write, by constraint name. */
const CONSTRAINT_MESSAGES: Record<string, { field: string; message: string }> = {
  funding_program_code_unique: { field: 'code', message: 'A funding programme with this code already exists.' },
  program_budget_year_unique: { field: 'year', message: 'The programme already has a budget for this year.' },
  recipient_ags_unique: { field: 'ags', message: 'A recipient with this AGS (official municipality key) already exists.' },
  recipient_ags_format: { field: 'ags', message: 'The AGS must have 5 digits (district) or 8 digits (municipality).' },
  grant_notice_reference_unique: { field: 'reference', message: 'A grant notice with this reference already exists.' },
  grant_notice_application_unique: { field: 'applicationId', message: 'This application already has a grant notice.' },
  grant_amendment_reference_unique: { field: 'reference', message: 'This notice already has an amendment with this reference.' },
  cooperation_membership_unique: { field: 'joinedOn', message: 'This recipient already joined the cooperation on that date.' },
  cooperation_membership_one_lead: {
    field: 'isLead',
    message: 'The cooperation already has a lead member; a cooperation has exactly one lead.',
  },
  cooperation_membership_period: { field: 'leftOn', message: 'A member cannot leave before it joined.' },
  budget_line_category_unique: { field: 'budgetLines', message: 'Each cost category may appear only once in the financing plan.' },
  application_line_category_unique: { field: 'lines', message: 'Each cost category may appear only once in the financing plan.' },
  grant_notice_version_period: { field: 'approvalPeriod', message: 'The approval period must not end before it starts.' },
  grant_notice_version_rate_range: { field: 'rate', message: 'The rate must lie between 0 and 1.' },
  grant_notice_version_amounts_non_negative: { field: 'approvedAmount', message: 'Amounts must not be negative.' },
  staff_cost_rate_unique: { field: 'payGroup', message: 'The programme already has a flat rate for this pay group and year.' },
  program_budget_amount_non_negative: { field: 'amount', message: 'A budget must not be negative.' },
  payment_within_approved_amount: { field: 'amount', message: 'The payments would exceed the approved amount of the notice.' },
  payment_amount_positive: { field: 'amount', message: 'The amount must be greater than 0.00.' },
  payment_reversal_unique: { field: 'id', message: 'The payment is already reversed.' },
  disbursement_request_amount_positive: { field: 'amount', message: 'The amount must be greater than 0.00.' },
  final_settlement_notice_unique: { field: 'grantNoticeId', message: 'The settlement of this grant notice is already finalised.' },
  base_rate_valid_from_unique: { field: 'validFrom', message: 'A base rate from this day is already recorded.' },
  grant_notice_actual_third_party_non_negative: {
    field: 'actualThirdPartyFunds',
    message: 'The actual third-party funds must not be negative.',
  },
};

/** Constraints that only two simultaneous edits of the same record can break. */
const CONFLICT_CONSTRAINTS = new Set(['grant_notice_version_no_unique']);
const CONFLICT_MESSAGE = 'The record was changed by someone else in the meantime. Reload it and apply your change again.';

/** True when a scalar's parser refused the value (it marks its errors BAD_USER_INPUT). */
function refusedByScalar(thrown: unknown): boolean {
  for (let error = thrown; error instanceof Error; error = (error as { originalError?: unknown }).originalError) {
    if (error instanceof GraphQLError && error.extensions.code === ErrorCode.BAD_USER_INPUT) return true;
    if (!(error instanceof GraphQLError)) return false;
  }
  return false;
}

function constraintOf(error: Error): string | undefined {
  const carrier = error as { constraint?: unknown; cause?: { constraint?: unknown } };
  const name = carrier.constraint ?? carrier.cause?.constraint;
  return typeof name === 'string' ? name : undefined;
}

function badInput(message: string, field?: string, figures?: Record<string, string>): GraphQLFormattedError {
  return {
    message,
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
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
    return { ...badInput(error.message, error.field, error.details), ...path, ...locations };
  }
  if (error instanceof ForbiddenError) {
    return { message: error.message, extensions: { code: ErrorCode.FORBIDDEN }, ...path, ...locations };
  }
  if (error instanceof UnauthenticatedError) {
    return { message: error.message, extensions: { code: ErrorCode.UNAUTHENTICATED }, ...path, ...locations };
  }
  if (formatted.extensions?.code === ErrorCode.UNAUTHENTICATED) {
    // Apollo prefixes errors thrown while the context is built; the caller needs only the reason.
    return { message: formatted.message.replace(/^Context creation failed: /, ''), extensions: { code: ErrorCode.UNAUTHENTICATED } };
  }
  if (error instanceof NotFoundError) {
    return { message: error.message, extensions: { code: ErrorCode.NOT_FOUND }, ...path, ...locations };
  }
  if (error instanceof ConflictError || error instanceof OptimisticLockError) {
    const message =
      error instanceof ConflictError
        ? error.message
        : 'The record was changed by someone else in the meantime. Reload it and apply your change again.';
    return { message, extensions: { code: ErrorCode.CONFLICT }, ...path, ...locations };
  }
  if (error instanceof CursorError) {
    return { ...badInput('The pagination cursor is not valid; use a cursor returned by this API.', 'after'), ...path, ...locations };
  }
  if (error instanceof ConstraintViolationException) {
    const constraint = constraintOf(error);
    if (constraint && CONFLICT_CONSTRAINTS.has(constraint)) {
      return { message: CONFLICT_MESSAGE, extensions: { code: ErrorCode.CONFLICT }, ...path, ...locations };
    }
    const known = constraint ? CONSTRAINT_MESSAGES[constraint] : undefined;
    if (known) return { ...badInput(known.message, known.field), ...path, ...locations };
    if (error instanceof UniqueConstraintViolationException)
      return { ...badInput('A record with these values already exists.'), ...path, ...locations };
    if (error instanceof ForeignKeyConstraintViolationException)
      return { ...badInput('A referenced record does not exist or is still in use.'), ...path, ...locations };
    if (error instanceof CheckConstraintViolationException)
      return { ...badInput('A value is outside its allowed range.'), ...path, ...locations };
    if (error instanceof NotNullConstraintViolationException) return { ...badInput('A required value is missing.'), ...path, ...locations };
    return { ...badInput('The values break a rule of the register.'), ...path, ...locations };
  }
  // A Money, Rate or LocalDate literal that its scalar refused is bad input, not a malformed query.
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && refusedByScalar(thrown)) {
    return { message: formatted.message, extensions: { code: ErrorCode.BAD_USER_INPUT }, ...path, ...locations };
  }
  // Errors GraphQL itself raised (parsing, validation, variable coercion) already carry a code.
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    return { message: formatted.message, extensions: { code }, ...path, ...locations };
  }
  return {
    message: 'An internal error occurred. It has been logged; please try again or contact support.',
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    ...path,
  };
}

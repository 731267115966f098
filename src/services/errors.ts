// Errors the services throw; `schema/errors.ts` turns each into a GraphQL error code once.
export { DomainInputError as InputError } from '../domain/errors.js';

/** The record does not exist (or, later, lies outside what the caller may see). */
export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was not found.`);
    this.name = 'NotFoundError';
  }
}

/** The record changed since the caller read it: reload and apply the change again. */
export class ConflictError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(
      actualVersion === null
        ? `${entity} ${id} was changed by someone else in the meantime. Reload it and apply your change again.`
        : `${entity} ${id} was changed by someone else in the meantime (you edited version ${expectedVersion}, it is now at version ${actualVersion}). Reload it and apply your change again.`,
    );
    this.name = 'ConflictError';
  }
}

/** The caller's role may not do this at all. */
export class ForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** No valid token: the caller is unknown. */
export class UnauthenticatedError extends Error {
  constructor(message = 'Sign in: send a valid bearer token in the Authorization header.') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

// What the HTTP routes beside GraphQL (imports, reports) share with it: one authentication step and
// one error mapping, so that a refusal there reads as it does in GraphQL and is never a 500.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { httpError, RETRY_AFTER_SECONDS } from '../schema/errors.js';
import type { Actor } from '../services/access.js';
import { UnauthenticatedError } from '../services/errors.js';
import type { RequestAuthenticator } from './sessions.js';

export type AuthenticatedRequest<P = Record<string, string>> = Request<P> & { actor?: Actor };

/** Errors have the shape of GraphQL's, so that a client reads both the same way. */
export function sendError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** Express middleware: the caller from the bearer token or the session, or 401 before anything else is read. */
export function authenticated(authenticator: RequestAuthenticator) {
  return (req: AuthenticatedRequest, res: Response, next: NextFunction) => {
    authenticator.authenticate(req).then(
      (actor) => {
        req.actor = actor;
        next();
      },
      (error: unknown) => {
        if (!(error instanceof UnauthenticatedError)) return next(error);
        res.setHeader('WWW-Authenticate', 'Bearer');
        res.status(401).json({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED', reason: error.reason } }] });
      },
    );
  };
}

/** Answers a thrown error as GraphQL would map it; what is not known is logged and answered 500 without details. */
export function sendThrown(
  res: Response,
  thrown: unknown,
  context: { logger: Logger; requestId: unknown; what: string; badInputStatus?: number },
): void {
  const { status, error } = httpError(thrown, context.badInputStatus ? { badInputStatus: context.badInputStatus } : {});
  if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  if (status >= 500) context.logger.error({ err: thrown, requestId: context.requestId }, `${context.what} failed`);
  res.status(status).json({ errors: [error] });
}

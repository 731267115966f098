// A bound on the requests the service works on at once. Beyond it a request is answered at once with
// 503 SERVICE_BUSY and Retry-After (or, with a queue, after waiting at most a few milliseconds for a
// free slot), instead of joining a pile that makes every request slow and the heap grow.
import type { NextFunction, Request, Response } from 'express';
import type { RefusalReason } from '../domain/reasons.js';
import { ErrorCode } from '../schema/errors.js';
import { sendError } from './route-support.js';

/** Seconds a refused client should wait: a slot is usually free again within milliseconds. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

export const SERVICE_BUSY_MESSAGE = 'Der Dienst ist ausgelastet; es wurde nichts bearbeitet. Bitte in einer Sekunde erneut versuchen.';

export interface InFlightOptions {
  /** Requests worked on at once. */
  maxInFlight: number;
  /** How long a request beyond the bound may wait for a slot; 0 refuses it at once. At most `maxInFlight` wait. */
  queueMs: number;
}

export interface InFlightLimit {
  (req: Request, res: Response, next: NextFunction): void;
  /** Requests being worked on, and requests waiting for a slot. */
  readonly inFlight: number;
  readonly waiting: number;
}

/**
 * Express middleware: counts a request from its arrival (before its body is read) until its response
 * is finished or its connection closed, and refuses those beyond the bound.
 */
export function inFlightLimit(options: InFlightOptions): InFlightLimit {
  let inFlight = 0;
  /** Waiting requests in the order they came; each is handed a slot as one is given back. */
  const waiting: (() => void)[] = [];

  const giveBack = () => {
    const next = waiting.shift();
    // The slot passes to the next waiting request as it is, so that none arriving meanwhile takes it first.
    if (next) next();
    else inFlight -= 1;
  };

  const admit = (res: Response, next: NextFunction) => {
    let given = false;
    res.once('close', () => {
      if (given) return;
      given = true;
      giveBack();
    });
    next();
  };

  const refuse = (res: Response) => {
    res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
    sendError(res, 503, ErrorCode.SERVICE_UNAVAILABLE, SERVICE_BUSY_MESSAGE, { reason: 'SERVICE_BUSY' satisfies RefusalReason });
  };

  const middleware = (_req: Request, res: Response, next: NextFunction) => {
    if (inFlight < options.maxInFlight) {
      inFlight += 1;
      admit(res, next);
      return;
    }
    if (options.queueMs <= 0 || waiting.length >= options.maxInFlight) {
      refuse(res);
      return;
    }
    const leave = () => {
      clearTimeout(timer);
      res.off('close', gone);
      const at = waiting.indexOf(served);
      if (at >= 0) waiting.splice(at, 1);
    };
    const served = () => {
      leave();
      admit(res, next);
    };
    // A client that gives up while waiting leaves the queue.
    const gone = () => leave();
    const timer = setTimeout(() => {
      leave();
      refuse(res);
    }, options.queueMs);
    waiting.push(served);
    res.once('close', gone);
  };

  return Object.defineProperties(middleware, {
    inFlight: { get: () => inFlight },
    waiting: { get: () => waiting.length },
  }) as InFlightLimit;
}

// The calendar feed (GET /kalender/<key>.ics): the user's Fristen as iCalendar for Outlook or
// Thunderbird, which subscribe by the address alone. The key in the address is the only credential;
// an unknown or revoked one is answered 404 without a word more, so that nobody learns whether it existed.
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Orm } from '../orm.js';
import { runAs } from '../services/call-context.js';
import { CALENDAR_PATH, calendarOf, feedOwner } from '../services/calendar-feeds.js';
import { todayInBerlin } from '../services/settlement.js';

export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** The feed's address as the request log writes it: without its key. */
export function withoutFeedKey(url: string): string {
  return url.startsWith(`${CALENDAR_PATH}/`) ? `${CALENDAR_PATH}/…` : url;
}

export function calendarFeedRouter(options: {
  orm: Orm;
  logger: Logger;
  /** The external base URL for the links to the notices; the request's own origin when not configured. */
  publicUrl?: string | undefined;
}): Router {
  const { orm, logger, publicUrl } = options;
  const router = express.Router();
  router.get(`${CALENDAR_PATH}/:file`, async (req: Request<{ file: string }>, res: Response, next) => {
    res.set('cache-control', 'no-store');
    res.set('referrer-policy', 'no-referrer');
    res.set('x-robots-tag', 'noindex');
    const key = /^(.+)\.ics$/.exec(req.params.file)?.[1];
    try {
      const em = orm.em.fork();
      const actor = key ? await feedOwner(em, key) : null;
      if (!actor) {
        res.status(404).end();
        return;
      }
      const base = publicUrl ?? `${req.protocol}://${req.get('host')}`;
      const text = await runAs({ actor, requestId: String(req.id) }, () => calendarOf(em, actor, todayInBerlin(), base));
      res.status(200).type(CALENDAR_CONTENT_TYPE).set('content-disposition', 'inline; filename="fristen.ics"').send(text);
    } catch (error) {
      logger.error({ err: error, requestId: req.id }, 'calendar feed failed');
      next(error);
    }
  });
  return router;
}

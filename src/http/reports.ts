// Report downloads (XLSX) beside GraphQL, with the same bearer token and the same access rules.
import express, { type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Orm } from '../orm.js';
import { prepareBudgetCheck } from '../reports/budget-check.js';
import { prepareDisbursementRequest } from '../reports/disbursement-request.js';
import { prepareProofOfUse, type PreparedReport } from '../reports/proof-of-use.js';
import { prepareProgrammeOverview } from '../reports/programme-overview.js';
import { CSV_CONTENT_TYPE, filterOfQuery, prepareAuditTrail } from '../reports/audit-trail.js';
import { overviewFilterFromQuery } from '../services/programme-overview.js';
import { XLSX_CONTENT_TYPE } from '../reports/workbook.js';
import { Access } from '../services/access.js';
import { runAs } from '../services/call-context.js';
import type { Em } from '../services/records.js';
import type { RequestAuthenticator } from './sessions.js';
import { authenticated, sendThrown, type AuthenticatedRequest } from './route-support.js';

/** A report of a record; `query` carries the filter of a report of a selection. */
type Prepare = (em: Em, access: Access, id: string, query: Record<string, unknown>) => Promise<PreparedReport>;

export function reportsRouter(options: { orm: Orm; authenticator: RequestAuthenticator; logger: Logger }): Router {
  const { orm, authenticator, logger } = options;
  const router = express.Router();

  const download =
    (prepare: Prepare, contentType = XLSX_CONTENT_TYPE) =>
    async (req: AuthenticatedRequest<{ id: string }>, res: Response) => {
      const actor = req.actor!;
      await runAs({ actor, requestId: String(req.id) }, async () => {
        let report: PreparedReport;
        try {
          const em = orm.em.fork();
          report = await prepare(em, await Access.resolve(em, actor), req.params.id, req.query as Record<string, unknown>);
        } catch (error) {
          sendThrown(res, error, { logger, requestId: req.id, what: 'report' });
          return;
        }
        res.status(200);
        res.setHeader('Content-Type', contentType);
        res.setHeader('Content-Disposition', `attachment; filename="${report.fileName}"`);
        res.setHeader('Cache-Control', 'no-store');
        try {
          await report.write(res);
        } catch (error) {
          // The status is sent already: the client learns of the failure from the broken download.
          logger.error({ err: error, requestId: req.id }, 'report failed while streaming');
          res.destroy(error instanceof Error ? error : undefined);
        }
      });
    };

  const signedIn = authenticated(authenticator);
  router.get(
    '/reports/proof-of-use/:id.xlsx',
    signedIn,
    download((em, access, id) => prepareProofOfUse(em, access, id)),
  );
  router.get(
    '/reports/disbursement-request/:id.xlsx',
    signedIn,
    download((em, access, id) => prepareDisbursementRequest(em, access, id)),
  );
  router.get(
    '/reports/budget-check/:id.xlsx',
    signedIn,
    download((em, access, id) => prepareBudgetCheck(em, access, id)),
  );
  router.get(
    '/reports/programme-overview/:id.xlsx',
    signedIn,
    download((em, access, id, query) => prepareProgrammeOverview(em, access, id, undefined, overviewFilterFromQuery(query))),
  );
  // The Prüfpfad of a notice, filtered as the page filters it (actorSubject, action, entityType, from, to).
  router.get('/reports/audit-trail/:id.csv', signedIn, (req: AuthenticatedRequest<{ id: string }>, res: Response) => {
    let filter: ReturnType<typeof filterOfQuery>;
    try {
      filter = filterOfQuery(req.query as Record<string, unknown>);
    } catch (error) {
      sendThrown(res, error, { logger, requestId: req.id, what: 'report' });
      return;
    }
    return download((em, access, id) => prepareAuditTrail(em, access, id, filter), CSV_CONTENT_TYPE)(req, res);
  });
  return router;
}

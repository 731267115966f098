// Report downloads (XLSX) beside GraphQL, with the same bearer token and the same access rules.
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Orm } from '../orm.js';
import { prepareBudgetCheck } from '../reports/budget-check.js';
import { prepareDisbursementRequest } from '../reports/disbursement-request.js';
import { prepareProofOfUse, type PreparedReport } from '../reports/proof-of-use.js';
import { prepareProgrammeOverview } from '../reports/programme-overview.js';
import { XLSX_CONTENT_TYPE } from '../reports/workbook.js';
import { Access, type Actor } from '../services/access.js';
import { runAs } from '../services/call-context.js';
import { NotFoundError, UnauthenticatedError } from '../services/errors.js';
import type { Em } from '../services/records.js';
import type { Authenticator } from './authentication.js';

/** Errors have the shape of GraphQL's, so that a client reads both the same way. */
function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

type Prepare = (em: Em, access: Access, id: string) => Promise<PreparedReport>;

export function reportsRouter(options: { orm: Orm; authenticator: Authenticator; logger: Logger }): Router {
  const { orm, authenticator, logger } = options;
  const router = express.Router();

  const download = (prepare: Prepare) => async (req: Request<{ id: string }>, res: Response) => {
    let actor: Actor;
    try {
      actor = await authenticator.authenticate(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendError(res, 401, 'UNAUTHENTICATED', error.message);
      return;
    }
    await runAs({ actor, requestId: String(req.id) }, async () => {
      const em = orm.em.fork();
      const access = await Access.resolve(em, actor);
      let report: PreparedReport;
      try {
        report = await prepare(em, access, req.params.id);
      } catch (error) {
        if (error instanceof NotFoundError) return sendError(res, 404, 'NOT_FOUND', error.message);
        throw error;
      }
      res.status(200);
      res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
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

  router.get('/reports/proof-of-use/:id.xlsx', download(prepareProofOfUse));
  router.get('/reports/disbursement-request/:id.xlsx', download(prepareDisbursementRequest));
  router.get('/reports/budget-check/:id.xlsx', download(prepareBudgetCheck));
  router.get('/reports/programme-overview/:id.xlsx', download(prepareProgrammeOverview));
  return router;
}

// Upload of an accounting system's export (Buchungsexport, CSV or XLSX) beside GraphQL, with the same bearer token.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { quoteInput } from '../domain/errors.js';
import type { Orm } from '../orm.js';
import { INTERNAL_ERROR_MESSAGE, RETRY_AFTER_SECONDS } from '../schema/errors.js';
import { Access } from '../services/access.js';
import { runAs } from '../services/call-context.js';
import { AlreadyImportedError, ImportLimitError, importReceipts, reportJson } from '../services/expenditure-import.js';
import { isMultipart, readFormUpload, UploadRefusal, type FormUpload } from './form-upload.js';
import type { RequestAuthenticator } from './sessions.js';
import { authenticated, sendError, sendThrown, type AuthenticatedRequest } from './route-support.js';

export const RECEIPT_IMPORT_PATH = '/imports/receipts';
/** A year's receipts of a large grant fit many times over; larger bodies are refused unread. */
export const IMPORT_BODY_BYTES = 50 * 1024 * 1024;

const TOO_LARGE_MESSAGE = `Die Datei ist größer als ${IMPORT_BODY_BYTES / 1024 / 1024} MB; teilen Sie sie auf mehrere Dateien auf.`;

/** What clients send a CSV or XLSX file as; browsers label CSV files differently by platform. */
const ACCEPTED_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
  // A browser's upload: the file as one part of a form (see form-upload.ts).
  'multipart/form-data',
];

const MAX_FILE_NAME_LENGTH = 255;

/**
 * Uploads one token subject may have running at a time, from the first byte of the body to the
 * answer: each holds up to 50 MB and a core for seconds; a third is answered 429.
 */
export const MAX_IMPORTS_PER_USER = 2;

/** The file name from `Content-Disposition` (RFC 6266, `filename*` first), else the `fileName` parameter. */
export function uploadFileName(disposition: string | undefined, queryName: unknown): string {
  let name: string | undefined;
  const extended = disposition && /filename\*\s*=\s*UTF-8'[^']*'([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = undefined;
    }
  }
  const plain = !name && disposition ? /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(disposition) : null;
  if (plain) name = plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]?.trim();
  if (!name && typeof queryName === 'string') name = queryName;
  // Only the name is kept: a client's path says nothing about the file and has no place in the register.
  const cleaned = (name ?? '')
    .split(/[/\\]/)
    .pop()!
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, MAX_FILE_NAME_LENGTH);
  return cleaned || 'upload';
}

type ImportRequest = AuthenticatedRequest & { importSlot?: ImportSlot; form?: FormUpload };

/** A place among the uploads a user may have running: held until the import is answered. */
interface ImportSlot {
  /** Set once the import runs: from then on it, not the connection, frees the place. */
  working: boolean;
  release(): void;
}

/** What the body parser passes on: http-errors with a status and, for the known cases, a type. */
type BodyError = Error & { status?: number; statusCode?: number; type?: string };

/**
 * `POST /imports/receipts?grantNoticeId=…&dryRun=true|false` with the file as the body, or as the part
 * `file` of a multipart/form-data form (whose fields may give the parameters instead). Answers the
 * import report: 200 when imported (or a clean dry run), 422 when the file has problems, 409 when
 * the file was imported on the notice before, 413 when it passes a limit of the import, 429 while
 * the caller has MAX_IMPORTS_PER_USER uploads running; 401, 403 and 404 as GraphQL refuses the caller.
 */
export function importsRouter(options: { orm: Orm; authenticator: RequestAuthenticator; logger: Logger }): Router {
  const { orm, authenticator, logger } = options;
  const router = express.Router();

  const checkContentType = (req: Request, res: Response, next: NextFunction) => {
    const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type && !ACCEPTED_TYPES.includes(type)) {
      sendError(
        res,
        415,
        'BAD_REQUEST',
        `Senden Sie die Datei als text/csv, als XLSX-Arbeitsmappe oder als application/octet-stream, nicht als ${quoteInput(type)}.`,
      );
      return;
    }
    next();
  };

  /** Running uploads per token subject; a subject without any is not kept. */
  const running = new Map<string, number>();
  const limitConcurrency = (req: ImportRequest, res: Response, next: NextFunction) => {
    const subject = req.actor!.subject;
    const count = running.get(subject) ?? 0;
    if (count >= MAX_IMPORTS_PER_USER) {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      sendError(
        res,
        429,
        'TOO_MANY_REQUESTS',
        `Sie haben bereits ${MAX_IMPORTS_PER_USER} Importe laufen; senden Sie die Datei erneut, sobald einer davon beantwortet ist.`,
        { reason: 'TOO_MANY_IMPORTS' },
      );
      return;
    }
    running.set(subject, count + 1);
    let released = false;
    const slot: ImportSlot = {
      working: false,
      release() {
        if (released) return;
        released = true;
        const left = (running.get(subject) ?? 1) - 1;
        if (left > 0) running.set(subject, left);
        else running.delete(subject);
      },
    };
    // A client that goes away while sending frees its place; one whose import runs frees it when that ends.
    res.once('close', () => {
      if (!slot.working) slot.release();
    });
    req.importSlot = slot;
    next();
  };

  const upload = async (req: ImportRequest, res: Response) => {
    const slot = req.importSlot!;
    slot.working = true;
    try {
      await runImport(req, res);
    } finally {
      slot.release();
    }
  };

  /** A parameter from the query, else from the form's field of that name. */
  const parameter = (req: ImportRequest, name: string): unknown => req.query[name] ?? req.form?.fields.get(name);

  const runImport = async (req: ImportRequest, res: Response) => {
    const noticeId = parameter(req, 'grantNoticeId');
    if (typeof noticeId !== 'string' || noticeId === '') {
      sendError(res, 400, 'BAD_REQUEST', 'Nennen Sie den Zuwendungsbescheid: ?grantNoticeId=….');
      return;
    }
    const dryRunParameter = parameter(req, 'dryRun') ?? 'false';
    if (dryRunParameter !== 'true' && dryRunParameter !== 'false') {
      sendError(res, 400, 'BAD_REQUEST', 'dryRun muss true oder false sein.');
      return;
    }
    const body: unknown = req.body;
    const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    // A form's file part names its file; the raw body by Content-Disposition.
    const fileName = req.form
      ? uploadFileName(undefined, req.form.fileName || parameter(req, 'fileName'))
      : uploadFileName(req.headers['content-disposition'], req.query.fileName);
    const actor = req.actor!;
    try {
      // Inside runAs, so that the audit trail records the caller; the body parser's callbacks ran outside it.
      const report = await runAs({ actor, requestId: String(req.id) }, async () => {
        const em = orm.em.fork();
        const access = await Access.resolve(em, actor);
        return importReceipts(em, access, noticeId, { name: fileName, bytes }, { dryRun: dryRunParameter === 'true' });
      });
      res.status(report.problems.length > 0 ? 422 : 200).json(reportJson(report));
    } catch (error) {
      if (error instanceof AlreadyImportedError) {
        sendError(res, 409, 'CONFLICT', error.message, { reason: error.reason, batchId: error.batch.id });
        return;
      }
      // The file as a whole passes a limit (unpacked size, rows, cells): refused as the body limit is.
      if (error instanceof ImportLimitError) {
        sendError(res, 413, 'PAYLOAD_TOO_LARGE', error.message, { reason: error.reason, field: 'file' });
        return;
      }
      // As GraphQL maps it: bad input (422 here, as for a file with problems), 403, 404, constraint violations.
      sendThrown(res, error, { logger, requestId: req.id, what: 'receipt import', badInputStatus: 422 });
    }
  };

  const refuseBody = (error: BodyError, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error.type === 'entity.too.large') {
      sendError(res, 413, 'PAYLOAD_TOO_LARGE', TOO_LARGE_MESSAGE);
      return;
    }
    const status = error.status ?? error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      sendError(res, 400, 'BAD_REQUEST', 'Die Datei konnte nicht empfangen werden; senden Sie sie erneut.');
      return;
    }
    logger.error({ err: error, requestId: req.id }, 'receipt import failed');
    sendError(res, 500, 'INTERNAL_SERVER_ERROR', INTERNAL_ERROR_MESSAGE);
  };

  const rawBody = express.raw({ type: () => true, limit: IMPORT_BODY_BYTES });
  /** The file into `req.body`: the raw body, or the one file part of a form. */
  const readBody = (req: ImportRequest, res: Response, next: NextFunction) => {
    if (!isMultipart(req)) return rawBody(req, res, next);
    readFormUpload(req, { fileBytes: IMPORT_BODY_BYTES, tooLarge: () => new UploadRefusal(413, TOO_LARGE_MESSAGE) }).then(
      (form) => {
        req.form = form;
        req.body = form.bytes;
        next();
      },
      (error: unknown) => {
        if (!(error instanceof UploadRefusal)) return next(error);
        if (error.status === 413) sendError(res, 413, 'PAYLOAD_TOO_LARGE', error.message);
        else sendError(res, 400, 'BAD_REQUEST', error.message, error.reason ? { reason: error.reason, field: 'file' } : {});
      },
    );
  };

  router.post(
    RECEIPT_IMPORT_PATH,
    // The caller is checked before the body is read, so that nobody unknown gets 50 MB buffered.
    authenticated(authenticator),
    checkContentType,
    // Before the body is read, so that a user's third upload does not get 50 MB buffered either.
    limitConcurrency,
    readBody,
    upload,
    refuseBody,
  );
  return router;
}

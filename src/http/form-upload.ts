// A browser's upload (multipart/form-data) read as it arrives: exactly one file part, held in memory up
// to the byte limit of the import, and the small text fields beside it. busboy parses the stream, so
// that nothing is buffered beyond the limit and the refusal comes as soon as the limit is passed.
import { finished } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import type { RefusalReason } from '../domain/reasons.js';

/** Bytes of the form beside the file (boundaries, part headers, fields) counted against the whole request. */
const FORM_ALLOWANCE_BYTES = 64 * 1024;
/** A field holds a notice id or a flag: longer values are cut and then refused as they are. */
const MAX_FIELD_BYTES = 1024;
const MAX_FIELDS = 20;

/** Why the form is refused: answered with the status, the German message and, where one fits, the reason. */
export class UploadRefusal extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
    readonly reason?: Extract<RefusalReason, 'FILE_MISSING' | 'MORE_THAN_ONE_FILE'>,
  ) {
    super(message);
    this.name = 'UploadRefusal';
  }
}

export interface FormUpload {
  bytes: Buffer;
  /** The file part's name as the browser gave it (UTF-8), uncleaned. */
  fileName: string;
  /** The text fields by name; of a field sent twice, the last. */
  fields: Map<string, string>;
}

export function isMultipart(req: Request): boolean {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() === 'multipart/form-data';
}

export const unreadableUpload = () => new UploadRefusal(400, 'Die Datei konnte nicht empfangen werden; senden Sie sie erneut.');

/**
 * Reads the form of `req`. A refusal is given once the rest of the request has been read off (as the
 * body parser of the raw upload does), so that the connection stays usable and the client reads the
 * answer rather than a reset.
 */
export function readFormUpload(req: Request, limits: { fileBytes: number; tooLarge: () => UploadRefusal }): Promise<FormUpload> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const refuse = (refusal: UploadRefusal) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      req.resume();
      finished(req, () => reject(refusal));
    };
    const requestLimit = limits.fileBytes + FORM_ALLOWANCE_BYTES;
    if (Number(req.headers['content-length'] ?? 0) > requestLimit) return refuse(limits.tooLarge());

    let parser: busboy.Busboy;
    try {
      // Browsers send the file name as UTF-8 bytes in `filename="…"`; busboy would read them as Latin-1.
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: limits.fileBytes, fieldSize: MAX_FIELD_BYTES, fields: MAX_FIELDS },
      });
    } catch {
      // No boundary in the Content-Type: not a form that can be read.
      return refuse(unreadableUpload());
    }
    const chunks: Buffer[] = [];
    const fields = new Map<string, string>();
    let fileName: string | null = null;
    let received = 0;
    // Without a Content-Length the whole request is counted as it arrives: fields cannot make it endless either.
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > requestLimit) refuse(limits.tooLarge());
    });
    parser.on('file', (_name, stream, info) => {
      // An empty file input of a form arrives as a part with an empty name and no bytes: no file.
      if (info.filename === '' || info.filename === undefined) {
        stream.resume();
        return;
      }
      fileName = info.filename;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => refuse(limits.tooLarge()));
      // A form that ends inside the file part ends the part with an error, which would otherwise go unhandled.
      stream.on('error', () => refuse(unreadableUpload()));
    });
    parser.on('filesLimit', () =>
      refuse(
        new UploadRefusal(
          400,
          'Das Formular enthält mehr als eine Datei; ein Import liest genau eine. Senden Sie jede Datei einzeln.',
          'MORE_THAN_ONE_FILE',
        ),
      ),
    );
    parser.on('field', (name, value) => fields.set(name, value));
    parser.on('error', () => refuse(unreadableUpload()));
    parser.on('close', () => {
      if (fileName === null) {
        refuse(new UploadRefusal(400, 'Das Formular enthält keine Datei; senden Sie den Buchungsexport im Teil „file“.', 'FILE_MISSING'));
        return;
      }
      if (settled) return;
      settled = true;
      resolve({ bytes: Buffer.concat(chunks), fileName, fields });
    });
    // A client that goes away mid-form: what arrived of the file is let go at once.
    req.once('close', () => {
      if (req.complete) return;
      chunks.length = 0;
      refuse(unreadableUpload());
    });
    req.pipe(parser);
  });
}

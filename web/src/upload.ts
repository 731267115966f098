// The receipt upload of the import page: the file as a form to POST /imports/receipts, by
// XMLHttpRequest because fetch cannot report how much of a request body has been sent.

/** What the service reports of a file (src/services/expenditure-import.ts, `reportJson`). */
export interface ImportReport {
  fileName: string;
  format: 'CSV' | 'XLSX';
  rows: number;
  totalAmount: string;
  problems: { row: number; column: string; problem: string; duplicate?: 'BOOKED' | 'IN_FILE' }[];
  notCounting: { row: number; receiptNumber: string; reason: string; explanation: string }[];
  dryRun: boolean;
  imported: boolean;
  batchId: string | null;
}

/** A refusal as the service words it: the German message and, where it gives one, the reason. */
export interface UploadRefusal {
  status: number;
  message: string;
  reason: string | null;
}

export type UploadAnswer = { report: ImportReport } | { refusal: UploadRefusal };

/** The service's limit on a file (IMPORT_BODY_BYTES): a larger file is refused before it is sent. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

interface UploadRequest {
  file: File;
  noticeId: string;
  dryRun: boolean;
  csrfToken: string | null;
  /** Called as the body goes out, with the share sent from 0 to 1. */
  onProgress(sent: number): void;
}

export function uploadReceipts(request: UploadRequest): Promise<UploadAnswer> {
  const form = new FormData();
  form.append('grantNoticeId', request.noticeId);
  form.append('dryRun', String(request.dryRun));
  form.append('file', request.file, request.file.name);
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/imports/receipts');
    if (request.csrfToken) xhr.setRequestHeader('x-csrf-token', request.csrfToken);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) request.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => resolve(answerOf(xhr.status, xhr.responseText));
    const unreachable = () =>
      resolve({
        refusal: {
          status: 0,
          message: 'Der Dienst ist nicht erreichbar; prüfen Sie die Verbindung und senden Sie die Datei erneut.',
          reason: null,
        },
      });
    xhr.onerror = unreachable;
    xhr.ontimeout = unreachable;
    xhr.send(form);
  });
}

function answerOf(status: number, text: string): UploadAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  // 200, and 422 for a file with problems, answer the report; everything else the GraphQL error shape.
  if (body && typeof body === 'object' && 'rows' in body) return { report: body as ImportReport };
  const error = (body as { errors?: { message?: string; extensions?: { reason?: string } }[] } | null)?.errors?.[0];
  return {
    refusal: {
      status,
      message: error?.message ?? `Der Dienst hat die Datei nicht angenommen (HTTP ${status}).`,
      reason: error?.extensions?.reason ?? null,
    },
  };
}

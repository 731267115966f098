// Mittelabruf of one disbursement request as an XLSX form: the notice's figures, what was received
// before the request, the amount asked for, and the totals after it; the earlier payments on a list.
import type ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { ZERO } from '../domain/decimal.js';
import { compareLocalDates, type LocalDate } from '../domain/local-date.js';
import { DisbursementRequest, GrantNotice, type DisbursementStatus } from '../entities/index.js';
import type { Access } from '../services/access.js';
import { getDisbursementRequest, paymentsOf } from '../services/disbursements.js';
import type { Em } from '../services/records.js';
import { todayInBerlin } from '../services/settlement.js';
import type { PreparedReport } from './proof-of-use.js';
import { addSheet, DATE_FORMAT, dateCell, fileNamePart, headerRow, moneyCell, MONEY_FORMAT, streamingWorkbook } from './workbook.js';

export const DISBURSEMENT_REQUEST_SHEETS = ['Mittelabruf', 'Bisherige Auszahlungen'] as const;
export const FORM_HEADERS = ['Angabe', 'Wert'] as const;
export const EARLIER_PAYMENT_HEADERS = ['lfd. Nr.', 'Zahlungsdatum', 'Betrag', 'auf Mittelabruf vom'] as const;

export const DISBURSEMENT_STATUS_LABELS: Record<DisbursementStatus, string> = {
  DRAFT: 'Entwurf',
  SUBMITTED: 'eingereicht',
  PAID: 'ausgezahlt',
  WITHDRAWN: 'zurückgezogen',
};

export function disbursementRequestPath(requestId: string): string {
  return `/reports/disbursement-request/${requestId}.xlsx`;
}

/** The request is looked up in the caller's scope before anything is written, as for the proof of use. */
export async function prepareDisbursementRequest(
  em: Em,
  access: Access,
  requestId: string,
  today: LocalDate = todayInBerlin(),
): Promise<PreparedReport> {
  const request = await getDisbursementRequest(em, access, requestId);
  const notice = await em.findOneOrFail(GrantNotice, request.notice.id, {
    populate: ['currentVersion', 'recipient', 'project', 'fundingProgram'],
  });
  return {
    fileName: `Mittelabruf_${fileNamePart(notice.reference)}_${request.requestedOn}.xlsx`,
    write: (target) => writeDisbursementRequest(em, request, notice, today, target),
  };
}

async function writeDisbursementRequest(
  em: Em,
  request: DisbursementRequest,
  notice: GrantNotice,
  today: LocalDate,
  target: Writable,
): Promise<void> {
  const version = notice.current;
  // Received before this request: what the state had paid and not taken back when it was made.
  const earlier = (await paymentsOf(em, notice)).filter(
    (payment) => !payment.reversal && payment.request?.id !== request.id && compareLocalDates(payment.paidOn, request.requestedOn) < 0,
  );
  const earlierRequests = new Map(
    (await em.find(DisbursementRequest, { id: { $in: earlier.flatMap((payment) => (payment.request ? [payment.request.id] : [])) } })).map(
      (found) => [found.id, found.requestedOn],
    ),
  );
  const received = earlier.reduce((total, payment) => total.plus(payment.amount), ZERO);

  const workbook = streamingWorkbook(target, `Mittelabruf ${notice.reference} vom ${request.requestedOn}`, dateCell(today));
  workbook.subject = `${notice.recipient.name} (AGS ${notice.recipient.ags})`;

  const listSheet = DISBURSEMENT_REQUEST_SHEETS[1];
  const firstPayment = 2;
  // Without earlier payments the sum covers one empty row rather than itself.
  const lastPayment = Math.max(earlier.length + 1, firstPayment);
  const paymentSumRow = lastPayment + 1;

  const form = addSheet(workbook, DISBURSEMENT_REQUEST_SHEETS[0], {
    headerRow: 1,
    columns: [
      { header: '', width: 44 },
      { header: '', width: 60 },
    ],
  });
  headerRow(form, 1, FORM_HEADERS).commit();
  const formStart = 2;
  const receivedRow = formStart + 9;
  const amountRow = formStart + 10;
  const approvedRow = formStart + 8;
  const afterRow = formStart + 13;
  const formRows: [string, ExcelJS.CellValue, string?][] = [
    ['Zuwendungsempfänger', notice.recipient.name],
    ['Amtlicher Gemeindeschlüssel (AGS)', notice.recipient.ags],
    ['Förderprogramm', notice.fundingProgram.name],
    ['Vorhaben', notice.project.title],
    ['Aktenzeichen', notice.reference],
    ['Datum des Bescheids', dateCell(notice.noticeDate), DATE_FORMAT],
    ['Bewilligungszeitraum von', dateCell(version.approvalStart), DATE_FORMAT],
    ['Bewilligungszeitraum bis', dateCell(version.approvalEnd), DATE_FORMAT],
    ['Bewilligte Zuwendung', moneyCell(version.approvedAmount), MONEY_FORMAT],
    ['Bisher erhaltene Zuwendung', { formula: `'${listSheet}'!C${paymentSumRow}`, result: moneyCell(received) }, MONEY_FORMAT],
    ['Mit diesem Abruf angeforderter Betrag', moneyCell(request.amount), MONEY_FORMAT],
    ['Datum des Abrufs', dateCell(request.requestedOn), DATE_FORMAT],
    ['Verwendungszweck', request.purpose],
    [
      'Summe einschließlich dieses Abrufs',
      { formula: `B${receivedRow}+B${amountRow}`, result: moneyCell(received.plus(request.amount)) },
      MONEY_FORMAT,
    ],
    [
      'Verbleibende bewilligte Zuwendung',
      { formula: `B${approvedRow}-B${afterRow}`, result: moneyCell(version.approvedAmount.minus(received).minus(request.amount)) },
      MONEY_FORMAT,
    ],
    ['Stand des Abrufs', DISBURSEMENT_STATUS_LABELS[request.status as DisbursementStatus]],
    ['Erstellt am', dateCell(today), DATE_FORMAT],
  ];
  formRows.forEach(([label, value, numFmt], index) => {
    const row = form.getRow(formStart + index);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    const cell = row.getCell(2);
    cell.value = value;
    cell.alignment = { horizontal: 'left', wrapText: true };
    if (numFmt) cell.numFmt = numFmt;
    row.commit();
  });
  form.autoFilter = `A1:B${formStart + formRows.length - 1}`;
  form.commit();

  const list = addSheet(workbook, listSheet, {
    headerRow: 1,
    columns: [
      { header: '', width: 8 },
      { header: '', width: 16, numFmt: DATE_FORMAT },
      { header: '', width: 18, numFmt: MONEY_FORMAT },
      { header: '', width: 20, numFmt: DATE_FORMAT },
    ],
  });
  headerRow(list, 1, EARLIER_PAYMENT_HEADERS).commit();
  earlier.forEach((payment, index) => {
    const requestedOn = payment.request ? earlierRequests.get(payment.request.id) : undefined;
    const row = list.getRow(firstPayment + index);
    row.values = [index + 1, dateCell(payment.paidOn), moneyCell(payment.amount), requestedOn ? dateCell(requestedOn) : null];
    row.commit();
  });
  const total = list.getRow(paymentSumRow);
  total.values = ['Summe', '', { formula: `SUM(C${firstPayment}:C${lastPayment})`, result: moneyCell(received) }];
  total.font = { bold: true };
  total.commit();
  list.autoFilter = `A1:D${lastPayment}`;
  list.commit();

  await workbook.commit();
}

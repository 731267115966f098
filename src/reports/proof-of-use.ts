// Verwendungsnachweis of one grant notice as a streamed XLSX workbook: cover sheet, numerical proof
// from the budget check and the settlement, and the Belegliste read from the database page by page.
import type ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { ZERO, type Dec } from '../domain/decimal.js';
import { formatGermanDate, type LocalDate } from '../domain/local-date.js';
import { GrantNotice } from '../entities/index.js';
import type { Access } from '../services/access.js';
import { budgetCheckOf, receiptRowsFor, receiptRowsOf } from '../services/expenditures.js';
import { getGrantNotice } from '../services/notices.js';
import type { Em } from '../services/records.js';
import { settlementOf, todayInBerlin } from '../services/settlement.js';
import {
  addSheet,
  CATEGORY_LABELS,
  columnLetter,
  DATE_FORMAT,
  dateCell,
  drained,
  EXCLUSION_LABELS,
  fileNamePart,
  FINANCING_TYPE_LABELS,
  headerRow,
  moneyCell,
  MONEY_FORMAT,
  PERCENT_FORMAT,
  streamingWorkbook,
} from './workbook.js';

export const PROOF_OF_USE_SHEETS = ['Deckblatt', 'Zahlenmäßiger Nachweis', 'Belegliste'] as const;

export const NUMERICAL_PROOF_HEADERS = [
  'Kostenkategorie',
  'Ansatz',
  'Ist',
  'Abweichung',
  'Abweichung %',
  'Toleranz eingehalten',
  'anerkannt',
] as const;

export const RECEIPT_LIST_HEADERS = [
  'lfd. Nr.',
  'Belegnummer',
  'Rechnungsdatum',
  'Zahlungsdatum',
  'Zahlungsempfänger',
  'Verwendungszweck',
  'Kategorie',
  'Betrag',
  'zuwendungsfähig',
  'Bemerkung',
] as const;

/** Rows read from the database at a time: the largest page receiptRowsOf serves. */
const RECEIPT_PAGE_SIZE = 1000;

export function proofOfUsePath(noticeId: string): string {
  return `/reports/proof-of-use/${noticeId}.xlsx`;
}

export interface PreparedReport {
  fileName: string;
  /** Streams the workbook into `target` and ends it. */
  write(target: Writable): Promise<void>;
}

/**
 * Looks the notice up in the caller's scope (a notice outside it is not found) before anything is
 * written, so that a refusal can still be answered with a status; the figures are read while writing.
 */
export async function prepareProofOfUse(
  em: Em,
  access: Access,
  noticeId: string,
  today: LocalDate = todayInBerlin(),
): Promise<PreparedReport> {
  const notice = await getGrantNotice(em, access, noticeId);
  return {
    fileName: `Verwendungsnachweis_${fileNamePart(notice.reference)}_${today}.xlsx`,
    write: (target) => writeProofOfUse(em, access, notice, today, target),
  };
}

async function writeProofOfUse(em: Em, access: Access, found: GrantNotice, today: LocalDate, target: Writable): Promise<void> {
  const notice = await em.findOneOrFail(GrantNotice, found.id, { populate: ['currentVersion', 'recipient', 'project', 'fundingProgram'] });
  const version = notice.current;
  const check = await budgetCheckOf(em, notice);
  const settlement = await settlementOf(em, access, notice, today);

  const workbook = streamingWorkbook(target, `Verwendungsnachweis ${notice.reference}`, dateCell(today));
  workbook.subject = `${notice.recipient.name} (AGS ${notice.recipient.ags})`;

  // Sheets are written one after the other: the zip takes them in order, so a sheet still open
  // would make every later one wait in memory.
  const cover = addSheet(workbook, PROOF_OF_USE_SHEETS[0], {
    headerRow: 1,
    columns: [
      { header: '', width: 38 },
      { header: '', width: 60 },
    ],
  });
  const title = cover.getRow(1);
  title.getCell(1).value = 'Verwendungsnachweis';
  title.getCell(2).value = notice.reference;
  title.font = { bold: true, size: 14 };
  title.commit();
  const coverRows: [string, ExcelJS.CellValue, string?][] = [
    ['Zuwendungsempfänger', notice.recipient.name],
    ['Amtlicher Gemeindeschlüssel (AGS)', notice.recipient.ags],
    ['Förderprogramm', notice.fundingProgram.name],
    ['Vorhaben', notice.project.title],
    ['Aktenzeichen', notice.reference],
    ['Datum des Bescheids', dateCell(notice.noticeDate), DATE_FORMAT],
    ['Bewilligungszeitraum von', dateCell(version.approvalStart), DATE_FORMAT],
    ['Bewilligungszeitraum bis', dateCell(version.approvalEnd), DATE_FORMAT],
    ['Finanzierungsart', FINANCING_TYPE_LABELS[version.financingType]],
    ['Fördersatz', version.rate ? version.rate.toNumber() : '–', PERCENT_FORMAT],
    ['Bewilligte Zuwendung', moneyCell(version.approvedAmount), MONEY_FORMAT],
    ['Stand', dateCell(today), DATE_FORMAT],
  ];
  coverRows.forEach(([label, value, numFmt], index) => {
    const row = cover.getRow(index + 3);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    const cell = row.getCell(2);
    cell.value = value;
    cell.alignment = { horizontal: 'left' };
    if (numFmt && typeof value !== 'string') cell.numFmt = numFmt;
    row.commit();
  });
  cover.commit();

  const proof = addSheet(workbook, PROOF_OF_USE_SHEETS[1], {
    headerRow: 1,
    landscape: true,
    columns: [
      { header: '', width: 46 },
      { header: '', width: 18, numFmt: MONEY_FORMAT },
      { header: '', width: 18, numFmt: MONEY_FORMAT },
      { header: '', width: 18, numFmt: MONEY_FORMAT },
      { header: '', width: 14, numFmt: PERCENT_FORMAT },
      { header: '', width: 22 },
      { header: '', width: 18, numFmt: MONEY_FORMAT },
    ],
  });
  headerRow(proof, 1, NUMERICAL_PROOF_HEADERS).commit();
  check.lines.forEach((line, index) => {
    const row = proof.getRow(index + 2);
    row.values = [
      CATEGORY_LABELS[line.category],
      moneyCell(line.planned),
      moneyCell(line.actual),
      moneyCell(line.deviation),
      line.deviationPercent === null ? '' : line.deviationPercent.toNumber(),
      line.withinTolerance ? 'ja' : 'nein',
      moneyCell(line.recognised),
    ];
    row.commit();
  });
  const firstLine = 2;
  const lastLine = check.lines.length + 1;
  const sumRow = lastLine + 1;
  const lineSum = (column: number, result: Dec) => ({
    formula: `SUM(${columnLetter(column)}${firstLine}:${columnLetter(column)}${lastLine})`,
    result: moneyCell(result),
  });
  const recognisedLines = check.lines.reduce((total, line) => total.plus(line.recognised), ZERO);
  const totals = proof.getRow(sumRow);
  totals.values = [
    'Summe',
    lineSum(2, check.plannedTotal),
    lineSum(3, check.actualTotal),
    lineSum(4, check.actualTotal.minus(check.plannedTotal)),
    '',
    '',
    lineSum(7, recognisedLines),
  ];
  totals.font = { bold: true };
  totals.commit();
  // The plan's total is binding (Rule 3): what the lines recognise is capped by it.
  const recognised = proof.getRow(sumRow + 1);
  recognised.values = [
    'Anerkannt insgesamt (höchstens Gesamtansatz)',
    '',
    '',
    '',
    '',
    '',
    { formula: `MIN(G${sumRow},B${sumRow})`, result: moneyCell(check.recognisedTotal) },
  ];
  recognised.font = { bold: true };
  recognised.commit();

  const financingStart = sumRow + 3;
  const financingTitle = proof.getRow(financingStart);
  financingTitle.getCell(1).value = 'Finanzierung';
  financingTitle.font = { bold: true };
  financingTitle.commit();
  const finalRow = financingStart + 5;
  const paidRow = financingStart + 4;
  const financing: [string, ExcelJS.CellValue][] = [
    ['Eigenmittel', moneyCell(version.ownFunds)],
    ['Drittmittel', moneyCell(settlement.actualThirdPartyFunds)],
    ['Zuwendung bewilligt', moneyCell(version.approvedAmount)],
    ['Zuwendung erhalten', moneyCell(settlement.paidTotal)],
    ['Zuwendung endgültig', moneyCell(settlement.finalGrant)],
    ['Saldo (+ Restauszahlung, − Rückforderung)', { formula: `B${finalRow}-B${paidRow}`, result: moneyCell(settlement.balance) }],
    ['Zinsen auf vorzeitig abgerufene Mittel', moneyCell(settlement.interest.amount)],
  ];
  financing.forEach(([label, value], index) => {
    const row = proof.getRow(financingStart + 1 + index);
    row.getCell(1).value = label;
    row.getCell(2).value = value;
    row.commit();
  });
  const noteRow = proof.getRow(financingStart + financing.length + 2);
  noteRow.getCell(1).value = settlement.finalised
    ? `Schlussabrechnung festgestellt zum ${formatGermanDate(settlement.asOf)}.`
    : `Vorläufige Berechnung zum ${formatGermanDate(settlement.asOf)}.`;
  noteRow.getCell(1).font = { italic: true };
  noteRow.commit();
  proof.autoFilter = `A1:G${lastLine}`;
  proof.commit();

  const list = addSheet(workbook, PROOF_OF_USE_SHEETS[2], {
    headerRow: 1,
    landscape: true,
    columns: [
      { header: '', width: 8 },
      { header: '', width: 18 },
      { header: '', width: 14, numFmt: DATE_FORMAT },
      { header: '', width: 14, numFmt: DATE_FORMAT },
      { header: '', width: 32 },
      { header: '', width: 44 },
      { header: '', width: 18 },
      { header: '', width: 16, numFmt: MONEY_FORMAT },
      { header: '', width: 16, numFmt: MONEY_FORMAT },
      { header: '', width: 40 },
    ],
  });
  headerRow(list, 1, RECEIPT_LIST_HEADERS).commit();
  let rowNumber = 1;
  let amountTotal = ZERO;
  let eligibleTotal = ZERO;
  let after: string | null = null;
  for (;;) {
    const page = await receiptRowsOf(em, notice, { first: RECEIPT_PAGE_SIZE, after });
    for (const receipt of await receiptRowsFor(em, access, page.rows)) {
      rowNumber += 1;
      amountTotal = amountTotal.plus(receipt.amount);
      eligibleTotal = eligibleTotal.plus(receipt.eligibleAmount);
      const remark = [receipt.remark, receipt.exclusionReason ? `zählt nicht: ${EXCLUSION_LABELS[receipt.exclusionReason]}` : null]
        .filter(Boolean)
        .join('; ');
      const row = list.getRow(rowNumber);
      row.values = [
        rowNumber - 1,
        receipt.receiptNumber,
        dateCell(receipt.invoiceDate),
        receipt.paymentDate ? dateCell(receipt.paymentDate) : null,
        receipt.payee,
        receipt.purpose,
        CATEGORY_LABELS[receipt.category],
        moneyCell(receipt.amount),
        moneyCell(receipt.eligibleAmount),
        remark,
      ];
      row.commit();
    }
    // Only this page's entities are needed; the identity map would otherwise grow with every page.
    em.clear();
    await drained(target);
    if (!page.hasNextPage || !page.endCursor) break;
    after = page.endCursor;
  }
  const lastReceipt = Math.max(rowNumber, 2);
  const listTotals = list.getRow(rowNumber + 1);
  listTotals.values = [
    'Summe',
    '',
    '',
    '',
    '',
    '',
    '',
    { formula: `SUM(H2:H${lastReceipt})`, result: moneyCell(amountTotal) },
    { formula: `SUM(I2:I${lastReceipt})`, result: moneyCell(eligibleTotal) },
  ];
  listTotals.font = { bold: true };
  listTotals.commit();
  list.autoFilter = `A1:J${rowNumber}`;
  list.commit();

  await workbook.commit();
}

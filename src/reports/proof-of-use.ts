// Verwendungsnachweis of one grant notice as a streamed XLSX workbook: cover sheet, numerical proof,
// Belegliste and staff costs read page by page, and the payments with the interest on early-drawn funds.
import type ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { ZERO, type Dec } from '../domain/decimal.js';
import { formatGermanDate, type LocalDate } from '../domain/local-date.js';
import type { StaffCostMethod } from '../domain/staff-costs.js';
import { STAFF_COST_METHOD_NAMES } from '../domain/enums.js';
import { GrantNotice } from '../entities/index.js';
import type { Access } from '../services/access.js';
import { disbursementRequestsOf, paymentsOf } from '../services/disbursements.js';
import { budgetCheckOf, type BudgetCheckView } from '../services/budget-check.js';
import { receiptRowsFor, receiptRowsOf } from '../services/receipt-list.js';
import { getGrantNotice } from '../services/notices.js';
import type { Em } from '../services/records.js';
import { settlementOf, todayInBerlin, type SettlementView } from '../services/settlement.js';
import { listStaffAllocations, seesPersonalData } from '../services/staff.js';
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
  withColumnStyles,
} from './workbook.js';

export const PROOF_OF_USE_SHEETS = [
  'Deckblatt',
  'Zahlenmäßiger Nachweis',
  'Belegliste',
  'Personalausgaben',
  'Mittelabrufe und Zinsen',
] as const;

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

export const STAFF_COST_HEADERS = ['Monat', 'Beschäftigte(r)', 'Methode', 'Anteil', 'Betrag', 'storniert'] as const;

export const PAYMENT_HEADERS = ['Auszahlungsdatum', 'Betrag', 'storniert', 'Mittelabruf vom', 'Zweck des Mittelabrufs'] as const;

export const INTEREST_HEADERS = ['Auszahlung vom', 'Betrag', 'verwendet am', 'Frist', 'Zinstage', 'Zinsen'] as const;

const STAFF_METHOD_LABELS: Record<StaffCostMethod, string> = STAFF_COST_METHOD_NAMES;

const MONTH_FORMAT = 'mm.yyyy';

/** Rows read from the database at a time: the largest page receiptRowsOf serves. */
const RECEIPT_PAGE_SIZE = 1000;

/** Staff allocations read at a time: the largest page listStaffAllocations serves. */
const STAFF_PAGE_SIZE = 100;

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
  const styled = withColumnStyles(list);
  let rowNumber = 1;
  let amountTotal = ZERO;
  let eligibleTotal = ZERO;
  // The next page is read (on an EntityManager of its own) while this one is written.
  const reader = em.fork();
  const pageAfter = (after: string | null) => receiptRowsOf(reader, notice, { first: RECEIPT_PAGE_SIZE, after });
  let next = pageAfter(null);
  for (;;) {
    const page = await next;
    if (page.hasNextPage && page.endCursor) next = pageAfter(page.endCursor);
    for (const receipt of receiptRowsFor(access, page.rows)) {
      rowNumber += 1;
      amountTotal = amountTotal.plus(receipt.amount);
      // A receipt that does not count (Rule 2) is eligible with nothing; the remark says why.
      const eligible = receipt.exclusionReason ? ZERO : receipt.eligibleAmount;
      eligibleTotal = eligibleTotal.plus(eligible);
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
        moneyCell(eligible),
        remark,
      ];
      styled(row).commit();
    }
    // Only this page's entities are needed; the identity map would otherwise grow with every page.
    em.clear();
    await drained(target);
    if (!page.hasNextPage || !page.endCursor) break;
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
  writeReconciliation(list, rowNumber + 3, lastReceipt, check);
  list.autoFilter = `A1:J${rowNumber}`;
  list.commit();

  await writeStaffCosts(em, access, notice, workbook, target);
  await writePaymentsAndInterest(em, notice, settlement, workbook);

  await workbook.commit();
}

export const RECONCILIATION_HEADING = 'Abstimmung mit dem zahlenmäßigen Nachweis';

/**
 * Below the Belegliste, how its eligible column becomes the recognised total: per budget line the sum
 * of the counting receipts (the Ist of the budget check), the cut by the tolerance rule and what is
 * recognised; then the cut to the plan's total and the recognised total of the numerical proof.
 * Labels stand in column E, figures in column I (zuwendungsfähig).
 */
function writeReconciliation(list: ExcelJS.Worksheet, start: number, lastReceipt: number, check: BudgetCheckView): void {
  const heading = list.getRow(start);
  heading.getCell(1).value = RECONCILIATION_HEADING;
  heading.font = { bold: true };
  heading.commit();
  let rowNumber = start;
  const line = (label: string, value: ExcelJS.CellValue, bold = false): number => {
    rowNumber += 1;
    const row = list.getRow(rowNumber);
    row.getCell(5).value = label;
    row.getCell(9).value = value;
    row.getCell(9).numFmt = MONEY_FORMAT;
    if (bold) row.font = { bold: true };
    row.commit();
    return rowNumber;
  };
  const recognisedRows: number[] = [];
  let recognisedLines = ZERO;
  for (const budgetLine of check.lines) {
    const label = CATEGORY_LABELS[budgetLine.category];
    const counted = line(`${label}: Summe der zählenden Belege`, {
      formula: `SUMIF(G2:G${lastReceipt},"${label}",I2:I${lastReceipt})`,
      result: moneyCell(budgetLine.actual),
    });
    const cut = line(`${label}: Kürzung nach der Toleranzregel`, moneyCell(budgetLine.recognised.minus(budgetLine.actual)));
    recognisedRows.push(line(`${label}: anerkannt`, { formula: `I${counted}+I${cut}`, result: moneyCell(budgetLine.recognised) }, true));
    recognisedLines = recognisedLines.plus(budgetLine.recognised);
  }
  const lines = line('Summe anerkannt der Budgetzeilen', {
    formula: recognisedRows.length === 0 ? '0' : `SUM(${recognisedRows.map((row) => `I${row}`).join(',')})`,
    result: moneyCell(recognisedLines),
  });
  const cap = line('Kürzung auf den Gesamtansatz', moneyCell(check.recognisedTotal.minus(recognisedLines)));
  line('Anerkannt insgesamt', { formula: `I${lines}+I${cap}`, result: moneyCell(check.recognisedTotal) }, true);
}

async function writeStaffCosts(
  em: Em,
  access: Access,
  notice: GrantNotice,
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  target: Writable,
): Promise<void> {
  const sheet = addSheet(workbook, PROOF_OF_USE_SHEETS[3], {
    headerRow: 1,
    landscape: true,
    columns: [
      { header: '', width: 12, numFmt: MONTH_FORMAT },
      { header: '', width: 32 },
      { header: '', width: 24 },
      { header: '', width: 12, numFmt: PERCENT_FORMAT },
      { header: '', width: 16, numFmt: MONEY_FORMAT },
      { header: '', width: 12 },
    ],
  });
  headerRow(sheet, 1, STAFF_COST_HEADERS).commit();
  let rowNumber = 1;
  let counted = ZERO;
  let after: string | null = null;
  for (;;) {
    const page = await listStaffAllocations(em, access, { grantNoticeId: notice.id }, { first: STAFF_PAGE_SIZE, after });
    const allocations = page.edges.map((edge) => edge.node);
    await em.populate(allocations, ['employee', 'reversal']);
    for (const allocation of allocations) {
      rowNumber += 1;
      const reversed = Boolean(allocation.reversal);
      if (!reversed) counted = counted.plus(allocation.amount);
      // Names and shares are personal data (Rule 7), the month's sum is not.
      const personal = seesPersonalData(access, allocation.employee.employer.id);
      const row = sheet.getRow(rowNumber);
      row.values = [
        dateCell(allocation.month),
        personal ? allocation.employee.name : 'Personalausgaben',
        STAFF_METHOD_LABELS[allocation.method],
        personal ? allocation.share.toNumber() : null,
        moneyCell(allocation.amount),
        reversed ? 'ja' : 'nein',
      ];
      row.commit();
    }
    em.clear();
    await drained(target);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
  const totals = sheet.getRow(rowNumber + 1);
  totals.values = [
    'Summe (ohne stornierte)',
    '',
    '',
    null,
    // A range over no rows would take in the totals row itself.
    rowNumber > 1 ? { formula: `SUMIF(F2:F${rowNumber},"nein",E2:E${rowNumber})`, result: moneyCell(counted) } : moneyCell(ZERO),
  ];
  totals.font = { bold: true };
  totals.commit();
  sheet.autoFilter = `A1:F${rowNumber}`;
  sheet.commit();
}

async function writePaymentsAndInterest(
  em: Em,
  notice: GrantNotice,
  settlement: SettlementView,
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
): Promise<void> {
  const sheet = addSheet(workbook, PROOF_OF_USE_SHEETS[4], {
    headerRow: 1,
    landscape: true,
    columns: [
      { header: '', width: 18, numFmt: DATE_FORMAT },
      { header: '', width: 16, numFmt: MONEY_FORMAT },
      { header: '', width: 18 },
      { header: '', width: 14, numFmt: DATE_FORMAT },
      { header: '', width: 12 },
      { header: '', width: 16, numFmt: MONEY_FORMAT },
      { header: '', width: 30 },
    ],
  });
  headerRow(sheet, 1, PAYMENT_HEADERS).commit();
  const requests = new Map((await disbursementRequestsOf(em, notice)).map((request) => [request.id, request]));
  const payments = await paymentsOf(em, notice);
  let paid = ZERO;
  payments.forEach((payment, index) => {
    const reversed = Boolean(payment.reversal);
    if (!reversed) paid = paid.plus(payment.amount);
    const request = payment.request ? requests.get(payment.request.id) : undefined;
    const row = sheet.getRow(index + 2);
    row.values = [
      dateCell(payment.paidOn),
      moneyCell(payment.amount),
      reversed ? 'ja' : 'nein',
      request ? dateCell(request.requestedOn) : null,
      request ? request.purpose : null,
    ];
    row.commit();
  });
  const lastPayment = payments.length + 1;
  const paidTotal = sheet.getRow(lastPayment + 1);
  paidTotal.values = [
    'Summe Auszahlungen (ohne stornierte)',
    payments.length > 0 ? { formula: `SUMIF(C2:C${lastPayment},"nein",B2:B${lastPayment})`, result: moneyCell(paid) } : moneyCell(ZERO),
  ];
  paidTotal.font = { bold: true };
  paidTotal.commit();

  const interestTitle = sheet.getRow(lastPayment + 3);
  interestTitle.getCell(1).value = 'Zinsen auf vorzeitig abgerufene Mittel';
  interestTitle.font = { bold: true };
  interestTitle.commit();
  const interestHeader = lastPayment + 4;
  headerRow(sheet, interestHeader, INTEREST_HEADERS).commit();
  const { portions } = settlement.interest;
  portions.forEach((portion, index) => {
    const row = sheet.getRow(interestHeader + 1 + index);
    row.values = [
      dateCell(portion.paidOn),
      moneyCell(portion.amount),
      portion.usedOn ? dateCell(portion.usedOn) : 'nicht verwendet',
      dateCell(portion.deadline),
      portion.days,
      moneyCell(portion.interest),
    ];
    // The usage column mixes dates and text; only the dates take the date format.
    if (portion.usedOn) row.getCell(3).numFmt = DATE_FORMAT;
    row.commit();
  });
  const firstPortion = interestHeader + 1;
  const lastPortion = interestHeader + portions.length;
  const interestTotal = sheet.getRow(lastPortion + 1);
  const portionSum = portions.reduce((total, portion) => total.plus(portion.interest), ZERO);
  const total = moneyCell(settlement.interest.amount);
  // The total is rounded once from full precision; where the rounded portions add up to another cent,
  // a formula would show that other figure after recalculation, so the total stands as a value.
  const summable = portions.length > 0 && portionSum.toFixed(2) === settlement.interest.amount.toFixed(2);
  interestTotal.getCell(1).value = 'Summe Zinsen';
  interestTotal.getCell(6).value = summable ? { formula: `SUM(F${firstPortion}:F${lastPortion})`, result: total } : total;
  if (!summable && (portions.length > 0 || !settlement.interest.amount.isZero())) {
    interestTotal.getCell(7).value = settlement.finalised ? 'aus der festgestellten Schlussabrechnung' : 'gerundet aus der Gesamtsumme';
  }
  interestTotal.font = { bold: true };
  interestTotal.commit();

  let warningRow = lastPortion + 3;
  if (settlement.interest.warnings.length > 0) {
    const warningTitle = sheet.getRow(warningRow);
    warningTitle.getCell(1).value = 'Hinweise';
    warningTitle.font = { bold: true };
    warningTitle.commit();
    for (const warning of settlement.interest.warnings) {
      warningRow += 1;
      const row = sheet.getRow(warningRow);
      row.getCell(1).value = warning;
      row.commit();
    }
  }
  sheet.autoFilter = `A1:E${lastPayment}`;
  sheet.commit();
}

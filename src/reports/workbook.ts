// What every report workbook shares: German number and date formats, sheet set-up for screen and
// print, and the conversion of the service's figures into cells.
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { Dec } from '../domain/decimal.js';
import {
  COST_CATEGORY_NAMES,
  EXCLUSION_LABELS as EXCLUSION_LABEL_TEXTS,
  FINANCING_TYPE_NAMES,
  type CostCategory,
} from '../domain/enums.js';
import type { ExclusionReason } from '../domain/eligibility.js';
import type { FinancingType } from '../domain/grant-approval.js';
import type { LocalDate } from '../domain/local-date.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const MONEY_FORMAT = '#,##0.00 €';
export const PERCENT_FORMAT = '0.00 %';
export const DATE_FORMAT = 'dd.mm.yyyy';

export const CATEGORY_LABELS: Record<CostCategory, string> = COST_CATEGORY_NAMES;

export const FINANCING_TYPE_LABELS: Record<FinancingType, string> = FINANCING_TYPE_NAMES;

export const EXCLUSION_LABELS: Record<ExclusionReason, string> = EXCLUSION_LABEL_TEXTS;

/** A calendar day as a date cell: UTC midnight, so that the serial number is the day itself in every time zone. */
export function dateCell(day: LocalDate): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** Amounts have two decimals and at most 15 digits before them, which a double holds exactly enough to show. */
export function moneyCell(value: Dec): number {
  return Number(value.toFixed(2));
}

/** A file name part without characters that a file system or a Content-Disposition header would trip over. */
export function fileNamePart(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'Bericht'
  );
}

/** A streaming workbook into `target`, with the document properties every report carries. */
export function streamingWorkbook(target: Writable, title: string, created: Date): ExcelJS.stream.xlsx.WorkbookWriter {
  // No shared strings: their table would have to be held in memory until the end.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: target, useStyles: true, useSharedStrings: false });
  workbook.title = title;
  workbook.creator = 'Förderregister E-Government Thüringen';
  workbook.company = 'Freistaat Thüringen';
  workbook.created = created;
  workbook.modified = created;
  return workbook;
}

export interface ColumnSpec {
  header: string;
  width: number;
  numFmt?: string;
}

/**
 * A sheet for screen and print: header rows frozen, A4 fitted to the page width, the header row
 * repeated on every page, page numbers in the footer. The stream writer writes views and page
 * set-up when the sheet opens, so they must be given here.
 */
export function addSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  options: { headerRow: number; columns: ColumnSpec[]; landscape?: boolean },
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: options.headerRow, xSplit: 0 }],
    pageSetup: {
      paperSize: 9,
      orientation: options.landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${options.headerRow}:${options.headerRow}`,
      margins: { left: 0.6, right: 0.6, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${name}&RSeite &P / &N`, oddHeader: '' },
  });
  sheet.columns = options.columns.map((column) => ({ width: column.width, style: column.numFmt ? { numFmt: column.numFmt } : {} }));
  return sheet;
}

/**
 * Gives every cell of a plain data row its column's style as one shared object. ExcelJS copies the
 * column style into a new object per cell and then renders each one to find its style id, which for
 * 100,000 rows costs more than writing them; a shared object is looked up once.
 */
export function withColumnStyles(sheet: ExcelJS.Worksheet): (row: ExcelJS.Row) => ExcelJS.Row {
  const styles = new Map<number, Partial<ExcelJS.Style>>();
  return (row) => {
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      let style = styles.get(column);
      if (!style) {
        style = { ...sheet.getColumn(column).style };
        styles.set(column, style);
      }
      cell.style = style;
    });
    return row;
  };
}

/** Writes a bold header row with the columns' titles. */
export function headerRow(sheet: ExcelJS.Worksheet, rowNumber: number, titles: readonly string[]): ExcelJS.Row {
  const row = sheet.getRow(rowNumber);
  titles.forEach((title, index) => {
    const cell = row.getCell(index + 1);
    cell.value = title;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  return row;
}

/** The column letter of a 1-based column number (A … Z, AA …). */
export function columnLetter(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** Waits while the target is full, so that a slow reader holds back the database instead of filling memory. */
export async function drained(target: Writable): Promise<void> {
  if (!target.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      target.off('error', failed);
      target.off('close', done);
      resolve();
    };
    const failed = (error: Error) => {
      target.off('drain', done);
      target.off('close', done);
      reject(error);
    };
    target.once('drain', done);
    target.once('close', done);
    target.once('error', failed);
  });
}

/** Heads the revoked notices below a report's totals; their figures are plain values that no sum takes up. */
export const REVOKED_HEADING = 'Widerrufene Bescheide (nicht in den Summen)';

// Import of receipts (Belege) from an accounting system's export: CSV or XLSX in German formats, every
// row checked and every problem reported, then booked all or nothing as one import batch.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { CsvError, parse as csvParser } from 'csv-parse';
import { Dec, ZERO } from '../domain/decimal.js';
import { COST_CATEGORIES, COST_CATEGORY_NAMES, type CostCategory } from '../domain/enums.js';
import { describeExclusion, exclusionReason, type EligibilityNotice, type ExclusionReason } from '../domain/eligibility.js';
import { DomainInputError, quoteInput } from '../domain/errors.js';
import { formatGermanDate, parseLocalDate, type LocalDate } from '../domain/local-date.js';
import { formatEuro } from '../domain/money.js';
import { GrantNotice, ImportBatch } from '../entities/index.js';
import type { Access } from './access.js';
import { checkExpenditureInput, insertExpenditures, openNotice, type ExpenditureInput } from './expenditures.js';
import {
  germanCount,
  ImportLimitError,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROWS,
  ROWS_PER_TURN,
  tooManyColumns,
  tooManyRows,
  yieldToEventLoop,
} from './import-limits.js';
import type { Em } from './records.js';
import { NoWorksheetError, workbookRows, type WorkbookCell } from './xlsx-reader.js';

export { ImportLimitError, MAX_IMPORT_ROWS } from './import-limits.js';

export type ImportFormat = 'CSV' | 'XLSX';

/** One thing wrong with the file. */
export interface ImportProblem {
  /** Row (Zeile) in the file, counted from 1 with the header as row 1; 0 when the file as a whole is unreadable. */
  row: number;
  /** The column's header as written in the file; empty when the problem concerns the whole row or file. */
  column: string;
  problem: string;
  /**
   * Set when the problem is a receipt number booked twice: already on the notice (`BOOKED`) or in an
   * earlier row of the file (`IN_FILE`), so that a page can mark those rows apart from bad values.
   */
  duplicate?: 'BOOKED' | 'IN_FILE';
}

/** What an import found and did (Importprotokoll). */
export interface ImportReport {
  fileName: string;
  /** Hex SHA-256 of the file's bytes: a file is imported once per notice. */
  sha256: string;
  format: ImportFormat;
  /** Receipt rows found (empty rows not counted). */
  rows: number;
  /** Sum of the amounts (Beträge) that could be read. */
  totalAmount: Dec;
  problems: ImportProblem[];
  /**
   * Receipts read that are (or in a dry run would be) booked but do not count towards the notice
   * (Rule 2, against the figures in force), in row order: booked, they are listed with the reason.
   */
  notCounting: NotCountingReceipt[];
  dryRun: boolean;
  imported: boolean;
  batchId: string | null;
}

/** A receipt of the file that Rule 2 excludes. */
export interface NotCountingReceipt {
  row: number;
  receiptNumber: string;
  reason: ExclusionReason;
  /** One German sentence with the figures, e.g. "Bezahlt am 15.01.2022, nach dem Ende des Bewilligungszeitraums am 31.12.2021." */
  explanation: string;
}

export type ImportStage = 'reading' | 'booking';

export interface ImportProgress {
  stage: ImportStage;
  /** Rows the stage will handle (header and empty rows included while reading a CSV file); null while unknown (XLSX). */
  rowsTotal: number | null;
}

export interface ImportOptions {
  /** Probelauf: check everything, write nothing. */
  dryRun: boolean;
  /** Called every few hundred rows, so that a command-line tool can show how far a large file is. */
  onProgress?: (rowsDone: number, progress: ImportProgress) => void;
}

/** The file was booked on this notice before (same SHA-256): importing it again would double every receipt. */
export class AlreadyImportedError extends DomainInputError {
  constructor(readonly batch: ImportBatch) {
    super(
      `Diese Datei wurde bereits am ${GERMAN_TIME.format(batch.createdAt)} als Stapel ${batch.id} eingelesen ` +
        `(${quoteInput(batch.fileName)}, ${germanCount(batch.rowCount)} Belege, ${formatEuro(batch.totalAmount)}); sie wird nicht erneut eingelesen.`,
      { field: 'file', reason: 'ALREADY_IMPORTED' },
    );
    this.name = 'AlreadyImportedError';
  }
}

/** Problems listed at most (and a count of the rest): enough to show what is wrong with any file. */
export const MAX_IMPORT_PROBLEMS = 10_000;
const PROGRESS_EVERY = 500;
/** numeric(17, 2): what the batch's total column holds. */
const MAX_TOTAL = new Dec('999999999999999.99');

const GERMAN_TIME = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });

/** A column: a field of the receipt, or the flag that a row deliberately supplements a receipt number already booked. */
type Field = keyof ExpenditureInput | 'correction';

interface ColumnSpec {
  field: Field;
  /** The German header named in messages about a missing column. */
  label: string;
  required: boolean;
  /** Accepted headers, compared after `normaliseHeader`. */
  names: string[];
}

/** Spalten: German and English headers; the payment date column is required because it decides eligibility (Rule 2). */
const COLUMNS: readonly ColumnSpec[] = [
  { field: 'receiptNumber', label: 'Belegnummer', required: true, names: ['belegnummer', 'belegnr', 'receiptnumber'] },
  { field: 'invoiceDate', label: 'Rechnungsdatum', required: true, names: ['rechnungsdatum', 'belegdatum', 'invoicedate'] },
  { field: 'paymentDate', label: 'Zahlungsdatum', required: true, names: ['zahlungsdatum', 'zahldatum', 'paymentdate'] },
  { field: 'payee', label: 'Zahlungsempfänger', required: true, names: ['zahlungsempfaenger', 'empfaenger', 'payee'] },
  { field: 'purpose', label: 'Verwendungszweck', required: true, names: ['verwendungszweck', 'buchungstext', 'purpose'] },
  { field: 'category', label: 'Kategorie', required: true, names: ['kategorie', 'kostenart', 'category'] },
  { field: 'amount', label: 'Betrag', required: true, names: ['betrag', 'amount'] },
  {
    field: 'eligibleAmount',
    label: 'zuwendungsfähiger Betrag',
    required: false,
    names: ['zuwendungsfaehig', 'zuwendungsfaehigerbetrag', 'foerderfaehig', 'foerderfaehigerbetrag', 'eligibleamount'],
  },
  { field: 'remark', label: 'Bemerkung', required: false, names: ['bemerkung', 'remark'] },
  { field: 'correction', label: 'Korrektur', required: false, names: ['korrektur', 'correction'] },
];

/**
 * Header comparison ignores case, spaces, punctuation and a currency suffix, and spells umlauts
 * out: "Beleg-Nr.", "Betrag (EUR)" and "Zahlungsempfaenger" are recognised.
 */
function normaliseHeader(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replaceAll('€', 'eur')
    .replace(/[^a-z0-9]/g, '')
    .replace(/(in)?eur$/, '');
}

const HEADER_FIELDS = new Map(COLUMNS.flatMap((spec) => spec.names.map((name) => [name, spec] as const)));

/** Kategorie: the enum names of the API and the German words of the programme. */
const CATEGORY_WORDS: Record<string, CostCategory> = {
  ...Object.fromEntries(COST_CATEGORIES.map((category) => [category.toLowerCase(), category])),
  personal: 'STAFF',
  personalkosten: 'STAFF',
  personalausgaben: 'STAFF',
  beratung: 'CONSULTING',
  schulung: 'TRAINING',
  reisekosten: 'TRAVEL',
  sonstiges: 'OTHER',
};

/** The German category names for messages: "Personalausgaben, Beratung, … oder Sonstiges". */
const CATEGORY_NAMES_LISTED = ((names: string[]) => `${names.slice(0, -1).join(', ')} oder ${names.at(-1)!}`)(
  COST_CATEGORIES.map((category) => COST_CATEGORY_NAMES[category]),
);

/** A cell as the file holds it: CSV gives text, XLSX also numbers, dates, booleans, and cells it cannot give a value for. */
type Cell = WorkbookCell;

export interface SourceRow {
  /** Row number in the file (the spreadsheet row, or the CSV line the record starts on). */
  row: number;
  cells: Cell[];
}

interface Source {
  format: ImportFormat;
  rows: AsyncIterable<SourceRow>;
  /** Rows the file has at most (its lines), when cheaply known; for the progress display only. */
  estimatedRows: number | null;
}

/** A problem found while reading; collected, never thrown, so that one file shows all of them. */
class FileProblem extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the file

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** OLE2 compound file: an Excel 97–2003 workbook, or an encrypted XLSX. */
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((byte, index) => bytes[index] === byte);

/** The format is told by the content, not the name: exports are often saved with the wrong extension. */
function openSource(file: { name: string; bytes: Uint8Array }): Source {
  if (startsWith(file.bytes, ZIP_MAGIC)) return { format: 'XLSX', rows: xlsxRows(file.bytes), estimatedRows: null };
  if (startsWith(file.bytes, OLE2_MAGIC)) {
    throw new FileProblem(
      0,
      'Dies ist eine Arbeitsmappe von Excel 97–2003 (.xls) oder eine kennwortgeschützte; speichern Sie sie als Excel-Arbeitsmappe (.xlsx) ohne Kennwort oder als CSV.',
    );
  }
  if (/\.xlsx$/i.test(file.name))
    throw new FileProblem(0, 'Die Datei heißt .xlsx, ist aber keine Excel-Arbeitsmappe; sie ist vielleicht beschädigt.');
  const encoding = textEncoding(file.bytes);
  const wide = encoding.startsWith('utf-16');
  // In UTF-8 and Windows-1252 a zero byte is the character U+0000, which no text file has.
  if (!wide && file.bytes.includes(0)) throw binaryFile();
  return { format: 'CSV', rows: csvRows(file.bytes, encoding), estimatedRows: wide ? null : lineCount(file.bytes) };
}

const binaryFile = () => new FileProblem(0, 'Die Datei ist keine CSV-Textdatei (sie enthält Binärdaten); exportieren Sie CSV oder XLSX.');

/**
 * Zeichensatz: UTF-8 (with or without BOM) when the bytes are valid UTF-8, which text in another
 * encoding with umlauts almost never is; otherwise Windows-1252, what Excel and most accounting
 * systems on German Windows write. UTF-16 with a BOM is Excel's "Unicode text".
 */
function textEncoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | 'utf-8' | 'windows-1252' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return isUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

/** Lines of a file in a one-byte-per-line-feed encoding: the rows it has at most. */
function lineCount(bytes: Uint8Array): number {
  let lines = 1;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines += 1;
  return lines;
}

const DELIMITERS = [';', ',', '\t'] as const;

/** Trennzeichen: the one of `;` `,` tab that the header line uses most, outside quotes; `;` on a tie. */
function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = ';';
  for (const delimiter of DELIMITERS) if (counts.get(delimiter)! > counts.get(best)!) best = delimiter;
  return best;
}

/** Bytes decoded and parsed at a time: a few hundred rows, then the event loop has its turn. */
const TEXT_CHUNK_BYTES = 16 * 1024;

/**
 * Records of a CSV file, decoded and parsed chunk by chunk. The records read before a broken quote
 * are handed out before the problem, so that those rows are checked too, and the row the break
 * starts on is named.
 */
async function* csvRows(bytes: Uint8Array, encoding: ReturnType<typeof textEncoding>): AsyncGenerator<SourceRow> {
  const wide = encoding.startsWith('utf-16');
  // The delimiter is told by the header line; Excel's "sep=;" line names it and is not part of the table.
  const opening = new TextDecoder(encoding).decode(bytes.subarray(0, TEXT_CHUNK_BYTES));
  const sepLine = /^sep=(.)\r?\n/i.exec(opening);
  const delimiter = sepLine?.[1] ?? detectDelimiter((sepLine ? opening.slice(sepLine[0].length) : opening).split(/\r?\n/, 1)[0] ?? '');
  const lineOffset = sepLine ? 1 : 0;
  let skip = sepLine ? sepLine[0].length : 0;

  const records: SourceRow[] = [];
  let lastLine = 0;
  let failure: unknown = null;
  const parser = csvParser({
    delimiter,
    // A quote inside an unquoted value ("Müller "Ost" GmbH") is text, as Excel reads it.
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: 1_000_000,
    on_record: (record: string[], context) => {
      // A value with a line break spans lines: the row is named by the line it starts on.
      records.push({ row: lastLine + 1 + lineOffset, cells: record });
      lastLine = context.lines;
      // Kept here rather than passed on: nothing waits on the stream's readable side.
      return null;
    },
  });
  parser.on('error', (error: unknown) => (failure ??= error));
  parser.resume();
  const handOut = function* (): Generator<SourceRow> {
    for (const record of records) {
      if (record.cells.length > MAX_IMPORT_COLUMNS && !record.cells.slice(MAX_IMPORT_COLUMNS).every(isBlank)) {
        throw tooManyColumns(record.row);
      }
      yield record;
    }
    records.length = 0;
    if (failure === null) return;
    if (!(failure instanceof CsvError)) throw failure;
    throw new FileProblem(lastLine + 1 + lineOffset, csvProblem(failure));
  };

  const decoder = new TextDecoder(encoding);
  try {
    for (let at = 0; at <= bytes.length; at += TEXT_CHUNK_BYTES) {
      let text = at < bytes.length ? decoder.decode(bytes.subarray(at, at + TEXT_CHUNK_BYTES), { stream: true }) : decoder.decode();
      if (skip > 0) {
        const skipped = Math.min(skip, text.length);
        text = text.slice(skipped);
        skip -= skipped;
      }
      if (wide && text.includes('\u0000')) throw binaryFile();
      if (text !== '') await new Promise<void>((resolve) => parser.write(text, () => resolve()));
      yield* handOut();
      await yieldToEventLoop();
    }
    parser.end();
    await finished(parser).catch(() => undefined);
    yield* handOut();
  } finally {
    parser.destroy();
  }
}

function csvProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'Ein Wert in Anführungszeichen ("…") wird nicht geschlossen; der Rest der Datei kann nicht gelesen werden.';
    case 'CSV_MAX_RECORD_SIZE':
      return 'Die Zeile ist länger als 1.000.000 Zeichen; ist ein Anführungszeichen nicht geschlossen?';
    default:
      return `Die Datei ist ab hier kein gültiges CSV: ${error.message}`;
  }
}

/**
 * Rows of the first worksheet, read as a stream with the limits of `import-limits.ts` (see
 * `xlsx-reader.ts`): a workbook is never loaded whole.
 */
export async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<SourceRow> {
  try {
    yield* workbookRows(bytes);
  } catch (error) {
    if (error instanceof ImportLimitError) throw error;
    if (error instanceof NoWorksheetError) {
      throw new FileProblem(0, 'Die Datei ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe: sie hat kein Tabellenblatt.');
    }
    throw new FileProblem(
      0,
      `Die Datei ist keine lesbare Excel-Arbeitsmappe (${error instanceof Error ? error.message : String(error)}); speichern Sie sie erneut als .xlsx oder exportieren Sie CSV.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the values

type Parsed<T> = { value: T } | { problem: string };

/** Text of a cell for the text columns; a number (a receipt number in Excel) as it is shown. */
function textOf(cell: Cell): Parsed<string> {
  if (cell === null) return { value: '' };
  if (typeof cell === 'object' && 'fault' in cell) return { problem: `Die Zelle ${cell.fault}.` };
  if (cell instanceof Date) return { problem: 'Die Zelle enthält ein Datum, wo Text erwartet wird.' };
  if (typeof cell === 'boolean') return { problem: 'Die Zelle enthält WAHR/FALSCH, wo Text erwartet wird.' };
  const text = typeof cell === 'number' ? excelNumber(cell).toString() : cell.trim();
  // PostgreSQL text cannot hold U+0000, and half a surrogate pair is no character.
  if (text.includes('\u0000') || LONE_SURROGATE.test(text)) return { problem: 'Der Text enthält Zeichen, die kein gültiger Text sind.' };
  return { value: text };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A number as Excel shows it. Excel keeps 15 significant digits; the binary double in the file may
 * carry more (0.1 + 0.2 is stored as 0.30000000000000004), and those are not part of the figure.
 */
function excelNumber(value: number): Dec {
  return new Dec(String(value)).toSignificantDigits(15);
}

const SPACES = /[\s\u00a0\u202f]/g;
const GERMAN_AMOUNT = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/;
const DOT_DECIMAL_AMOUNT = /^(\d+)\.(\d{1,2})$/;
const MAX_INTEGER_DIGITS = 15;

/**
 * Betrag in German notation: "1.234,56", "1234,56", "1234"; a trailing "€" or "EUR" is allowed.
 * A point is the decimal separator only where that is unambiguous: no comma, one point, one or two
 * digits after it ("1234.56"); "1.234" is one thousand two hundred and thirty-four. At most two
 * decimals (Cent) and 15 digits before them. Negative amounts are refused: a correction is a Storno.
 */
function parseAmount(cell: Cell): Parsed<Dec | null> {
  if (typeof cell === 'number') return checkedAmount(excelNumber(cell), String(cell));
  const text = textOf(cell);
  if ('problem' in text) return text;
  if (text.value === '') return { value: null };
  const compact = text.value
    .replace(SPACES, '')
    .replace(/(€|eur)$/i, '')
    .replace(/^(€|eur)/i, '');
  if (/^[-−(]|-$/.test(compact)) {
    return {
      problem: `${quoteInput(text.value)} ist negativ; Belege haben positive Beträge, eine Berichtigung wird als Storno gebucht.`,
    };
  }
  const german = GERMAN_AMOUNT.exec(compact);
  const dotted = german ? null : DOT_DECIMAL_AMOUNT.exec(compact);
  const match = german ?? dotted;
  if (!match) return { problem: `${quoteInput(text.value)} ist kein Betrag; schreiben Sie ihn als 1.234,56 (oder 1234,56).` };
  const integerDigits = match[1]!.replaceAll('.', '').replace(/^0+(?=\d)/, '');
  const decimals = match[2] ?? '';
  if (decimals.length > 2) {
    return { problem: `${quoteInput(text.value)} hat ${decimals.length} Nachkommastellen; ein Betrag hat höchstens zwei (Euro und Cent).` };
  }
  return checkedAmount(new Dec(`${integerDigits}.${decimals || '0'}`), text.value);
}

function checkedAmount(value: Dec, shown: string): Parsed<Dec> {
  if (value.isNegative())
    return { problem: `${quoteInput(shown)} ist negativ; Belege haben positive Beträge, eine Berichtigung wird als Storno gebucht.` };
  if (value.decimalPlaces() > 2)
    return { problem: `${quoteInput(shown)} hat mehr als zwei Nachkommastellen; ein Betrag wird in Euro und Cent angegeben.` };
  if (value.truncated().toFixed(0).length > MAX_INTEGER_DIGITS) {
    return { problem: `${quoteInput(shown)} hat mehr als ${MAX_INTEGER_DIGITS} Stellen vor dem Dezimalkomma.` };
  }
  return { value };
}

const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Datum as "31.12.2020" (also "1.2.2020") or "2020-12-31"; an Excel date cell by its calendar
 * parts. Excel keeps dates without a time zone and ExcelJS hands them over as UTC midnight, so the
 * UTC parts are the date shown in the cell, whatever the server's time zone.
 */
function parseDate(cell: Cell): Parsed<LocalDate | null> {
  let iso: string;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { problem: 'Die Datumszelle enthält kein gültiges Datum.' };
    iso = `${String(cell.getUTCFullYear()).padStart(4, '0')}-${String(cell.getUTCMonth() + 1).padStart(2, '0')}-${String(cell.getUTCDate()).padStart(2, '0')}`;
  } else if (typeof cell === 'number') {
    return {
      problem: `Die Zelle enthält die Zahl ${String(cell).replace('.', ',')}, kein Datum; formatieren Sie die Spalte als Datum (z. B. 31.12.2020).`,
    };
  } else {
    const text = textOf(cell);
    if ('problem' in text) return text;
    if (text.value === '') return { value: null };
    const german = GERMAN_DATE.exec(text.value);
    if (german) iso = `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}`;
    else if (ISO_DATE.test(text.value)) iso = text.value;
    else if (/^\d{1,2}\.\d{1,2}\.\d{2}$/.test(text.value))
      return { problem: `${quoteInput(text.value)} hat eine zweistellige Jahreszahl; schreiben Sie das Datum als 31.12.2020.` };
    else return { problem: `${quoteInput(text.value)} ist kein Datum; schreiben Sie das Datum als 31.12.2020.` };
    try {
      return { value: parseLocalDate(iso) };
    } catch (error) {
      if (error instanceof DomainInputError) return { problem: `${quoteInput(text.value)} ist kein Tag im Kalender.` };
      throw error;
    }
  }
  try {
    return { value: parseLocalDate(iso) };
  } catch (error) {
    if (error instanceof DomainInputError)
      return {
        problem: `Ein Datum ${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} nimmt das Register nicht an (Jahre 1900 bis 2999).`,
      };
    throw error;
  }
}

function parseCategory(cell: Cell): Parsed<CostCategory | null> {
  const text = textOf(cell);
  if ('problem' in text) return text;
  if (text.value === '') return { value: null };
  const category = CATEGORY_WORDS[text.value.toLowerCase().replace(SPACES, '')];
  if (category) return { value: category };
  return {
    problem: `${quoteInput(text.value)} ist keine Kostenkategorie; verwenden Sie ${CATEGORY_NAMES_LISTED} (oder ${COST_CATEGORIES.join(', ')}).`,
  };
}

const YES = new Set(['ja', 'j', 'x', '1', 'true', 'wahr']);
const NO = new Set(['', 'nein', 'n', '0', 'false', 'falsch']);

/** Korrektur: ja/j/x/1/true/wahr (any case) is yes; blank, nein/n/0/false/falsch is no; an XLSX boolean as it is. */
function parseYesNo(cell: Cell): Parsed<boolean | null> {
  if (typeof cell === 'boolean') return { value: cell };
  const text = textOf(cell);
  if ('problem' in text) return text;
  const word = text.value.toLowerCase();
  if (YES.has(word)) return { value: true };
  if (NO.has(word)) return { value: false };
  return { problem: `„${text.value}“ ist kein Ja oder Nein; schreiben Sie „ja“ oder lassen Sie die Zelle leer.` };
}

// ---------------------------------------------------------------------------------------------
// Checking the rows

interface Header {
  row: number;
  /** Column index in the file per field found. */
  columns: Map<Field, number>;
  /** Header texts as in the file, by column index. */
  names: string[];
}

interface ReceiptRow {
  row: number;
  input: ExpenditureInput;
  /** Marked in the Korrektur column: the row deliberately supplements a receipt number booked before. */
  correction: boolean;
}

interface ReadResult {
  format: ImportFormat;
  header: Header | null;
  receipts: ReceiptRow[];
  rows: number;
  totalAmount: Dec;
  problems: ImportProblem[];
  /** Problems beyond MAX_IMPORT_PROBLEMS, counted but not listed. */
  untold: number;
}

const isBlank = (cell: Cell) => cell === null || (typeof cell === 'string' && cell.trim() === '');

function readHeader(source: SourceRow): { header: Header | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const names = source.cells.map((cell) => {
    const text = textOf(cell);
    return 'value' in text ? text.value : '';
  });
  const columns = new Map<Field, number>();
  names.forEach((name, index) => {
    const spec = HEADER_FIELDS.get(normaliseHeader(name));
    if (!spec) return;
    const earlier = columns.get(spec.field);
    if (earlier !== undefined) {
      problems.push({
        row: source.row,
        column: name,
        problem: `Die Spalten ${quoteInput(names[earlier]!)} und ${quoteInput(name)} sind beide die Spalte ${spec.label}; behalten Sie eine davon.`,
      });
    } else {
      columns.set(spec.field, index);
    }
  });
  const missing = COLUMNS.filter((spec) => spec.required && !columns.has(spec.field));
  if (missing.length > 0) {
    problems.push({
      row: source.row,
      column: '',
      problem:
        `In der Kopfzeile ${missing.length > 1 ? 'fehlen die Spalten' : 'fehlt die Spalte'} ${missing.map((spec) => spec.label).join(', ')}. ` +
        `Gefunden: ${
          names
            .filter((name) => name !== '')
            .map((name) => quoteInput(name))
            .join(', ') || 'nichts'
        }.`,
    });
  }
  return { header: problems.length > 0 ? null : { row: source.row, columns, names }, problems };
}

/** One row's receipt, or its problems: every cell is checked, not just up to the first bad one. */
function readReceipt(
  source: SourceRow,
  header: Header,
): { input: ExpenditureInput | null; correction: boolean; amount: Dec | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const column = (field: Field) => header.names[header.columns.get(field)!] ?? '';
  const cellOf = (field: Field): Cell => {
    const index = header.columns.get(field);
    return index === undefined ? null : (source.cells[index] ?? null);
  };
  function take<T>(field: Field, parse: (cell: Cell) => Parsed<T | null>, required: boolean): T | null {
    const parsed = parse(cellOf(field));
    if ('problem' in parsed) {
      problems.push({ row: source.row, column: column(field), problem: parsed.problem });
      return null;
    }
    if (parsed.value === null && required) problems.push({ row: source.row, column: column(field), problem: 'Der Wert fehlt.' });
    return parsed.value;
  }
  const text = (cell: Cell): Parsed<string | null> => {
    const parsed = textOf(cell);
    return 'value' in parsed && parsed.value === '' ? { value: null } : parsed;
  };

  const extra = source.cells.slice(header.names.length).filter((cell) => !isBlank(cell)).length;
  if (extra > 0) {
    problems.push({
      row: source.row,
      column: '',
      problem: `Die Zeile hat ${source.cells.length} Werte, die Kopfzeile aber nur ${header.names.length} Spalten; steht ein Wert, der das Trennzeichen enthält, nicht in Anführungszeichen?`,
    });
  }
  const receiptNumber = take('receiptNumber', text, true);
  const invoiceDate = take('invoiceDate', parseDate, true);
  const paymentDate = take('paymentDate', parseDate, false);
  const payee = take('payee', text, true);
  const purpose = take('purpose', text, true);
  const category = take('category', parseCategory, true);
  const amount = take('amount', parseAmount, true);
  const eligibleAmount = take('eligibleAmount', parseAmount, false);
  const remark = take('remark', text, false);
  const correction = take('correction', parseYesNo, false) ?? false;
  if (
    problems.length > 0 ||
    receiptNumber === null ||
    invoiceDate === null ||
    payee === null ||
    purpose === null ||
    category === null ||
    amount === null
  ) {
    return { input: null, correction, amount, problems };
  }
  const input: ExpenditureInput = { receiptNumber, invoiceDate, paymentDate, payee, purpose, category, amount, eligibleAmount, remark };
  try {
    // The rules a receipt entered by hand must meet (lengths, eligible amount ≤ amount) hold for imported ones too.
    checkExpenditureInput(input, 'row');
  } catch (error) {
    if (!(error instanceof DomainInputError)) throw error;
    const field = error.field?.split('.').pop() as Field | undefined;
    problems.push({ row: source.row, column: field && header.columns.has(field) ? column(field) : '', problem: error.message });
    return { input: null, correction, amount, problems };
  }
  return { input, correction, amount, problems };
}

async function readReceipts(file: { name: string; bytes: Uint8Array }, options: ImportOptions): Promise<ReadResult> {
  const problems: ImportProblem[] = [];
  const receipts: ReceiptRow[] = [];
  let totalAmount = ZERO;
  let header: Header | null = null;
  let rows = 0;
  let format: ImportFormat = startsWith(file.bytes, ZIP_MAGIC) ? 'XLSX' : 'CSV';
  let untold = 0;
  const addProblems = (found: ImportProblem[]) => {
    for (const problem of found) {
      if (problems.length < MAX_IMPORT_PROBLEMS) problems.push(problem);
      else untold += 1;
    }
  };
  try {
    if (file.bytes.length === 0) throw new FileProblem(0, 'Die Datei ist leer.');
    const source = openSource(file);
    format = source.format;
    let headerSeen = false;
    let seen = 0;
    for await (const sourceRow of source.rows) {
      seen += 1;
      if (seen % ROWS_PER_TURN === 0) await yieldToEventLoop();
      if (sourceRow.cells.every(isBlank)) continue;
      if (!headerSeen) {
        headerSeen = true;
        const found = readHeader(sourceRow);
        header = found.header;
        addProblems(found.problems);
        // Without the columns no row can be read; the problem with the header says it all.
        if (!header) break;
        continue;
      }
      // Refused at the first row too many, without reading on (an ImportLimitError is not a problem of a row).
      if (rows === MAX_IMPORT_ROWS) throw tooManyRows(sourceRow.row);
      rows += 1;
      const result = readReceipt(sourceRow, header!);
      addProblems(result.problems);
      if (result.amount) totalAmount = totalAmount.plus(result.amount);
      if (result.input && result.problems.length === 0) {
        receipts.push({ row: sourceRow.row, input: result.input, correction: result.correction });
      }
      if (rows % PROGRESS_EVERY === 0) options.onProgress?.(rows, { stage: 'reading', rowsTotal: source.estimatedRows });
    }
    if (!headerSeen) throw new FileProblem(0, 'Die Datei enthält keine Tabelle: nicht einmal eine Kopfzeile wurde gefunden.');
    if (header && rows === 0) throw new FileProblem(header.row, 'Die Datei hat eine Kopfzeile, aber keine Belege.');
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    addProblems([{ row: error.row, column: '', problem: error.message }]);
  }
  if (totalAmount.greaterThan(MAX_TOTAL)) {
    addProblems([
      { row: 0, column: '', problem: `Die Beträge ergeben zusammen mehr als ${formatEuro(MAX_TOTAL)}; teilen Sie die Datei auf.` },
    ]);
  }
  options.onProgress?.(rows, { stage: 'reading', rowsTotal: rows });
  return { format, header, receipts, rows, totalAmount, problems, untold };
}

// ---------------------------------------------------------------------------------------------
// Receipt numbers booked before

/**
 * Receipt numbers per statement: well below the bind parameters a statement may have, and short
 * enough for the embedded database, which runs in this thread, to let other requests in between.
 */
const NUMBERS_PER_QUERY = 1_000;

const CORRECTION_HINT = 'markieren Sie die Zeile in der Spalte „Korrektur“, wenn sie den Beleg bewusst ergänzt.';

interface BookedReceipt {
  receipt_number: string;
  invoice_date: string;
  amount: string;
}

/**
 * A receipt number booked twice is most often a file exported twice or a receipt entered by hand
 * and imported again; a row that deliberately supplements a receipt says so in the Korrektur
 * column. Without it, a number already booked on the notice (and not reversed) is a problem of the
 * row, naming the earlier booking, and so is a number that stands in an earlier row of the file.
 */
async function receiptNumberProblems(em: Em, noticeId: string, header: Header, receipts: readonly ReceiptRow[]): Promise<ImportProblem[]> {
  const unmarked = receipts.filter((receipt) => !receipt.correction);
  if (unmarked.length === 0) return [];
  const numbers = [...new Set(unmarked.map((receipt) => receipt.input.receiptNumber))];
  const booked = new Map<string, BookedReceipt>();
  for (let start = 0; start < numbers.length; start += NUMBERS_PER_QUERY) {
    // The embedded database answers without giving the event loop a turn: it is given one here.
    await yieldToEventLoop();
    const found = await em.execute<BookedReceipt[]>(
      'select e.receipt_number, e.invoice_date::text as invoice_date, e.amount::text as amount from expenditure e ' +
        'where e.notice_id = ? and e.receipt_number in (?) ' +
        'and not exists (select 1 from expenditure_reversal r where r.expenditure_id = e.id)',
      [noticeId, numbers.slice(start, start + NUMBERS_PER_QUERY)],
    );
    for (const row of found) {
      // Of several bookings of one number, the earliest invoice is named (ISO dates compare as text).
      const known = booked.get(row.receipt_number);
      if (!known || row.invoice_date < known.invoice_date) booked.set(row.receipt_number, row);
    }
  }
  const column = header.names[header.columns.get('receiptNumber')!] ?? '';
  const firstRow = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const [index, receipt] of receipts.entries()) {
    if (index % ROWS_PER_TURN === ROWS_PER_TURN - 1) await yieldToEventLoop();
    const number = receipt.input.receiptNumber;
    const earlierRow = firstRow.get(number);
    if (earlierRow === undefined) firstRow.set(number, receipt.row);
    if (receipt.correction) continue;
    // One problem per row: the booking on the notice says more than an earlier row of the file.
    const earlier = booked.get(number);
    if (earlier) {
      problems.push({
        row: receipt.row,
        column,
        problem:
          `Die Belegnummer ${number} ist auf diesem Zuwendungsbescheid bereits gebucht (Rechnung vom ` +
          `${formatGermanDate(parseLocalDate(earlier.invoice_date))} über ${formatEuro(new Dec(earlier.amount))}); ${CORRECTION_HINT}`,
        duplicate: 'BOOKED',
      });
    } else if (earlierRow !== undefined) {
      problems.push({
        row: receipt.row,
        column,
        problem: `Die Belegnummer ${number} steht bereits in Zeile ${earlierRow} dieser Datei; ${CORRECTION_HINT}`,
        duplicate: 'IN_FILE',
      });
    }
  }
  return problems;
}

/**
 * Rule 2 for every receipt read, against the notice's approval period and budget lines in force. A
 * receipt is never reversed when it is imported.
 */
async function notCountingReceipts(receipts: readonly ReceiptRow[], notice: EligibilityNotice): Promise<NotCountingReceipt[]> {
  const listed: NotCountingReceipt[] = [];
  for (const [index, { row, input }] of receipts.entries()) {
    if (index % ROWS_PER_TURN === ROWS_PER_TURN - 1) await yieldToEventLoop();
    const reason = exclusionReason({ reversed: false, paymentDate: input.paymentDate ?? null, category: input.category }, notice);
    if (reason === null) continue;
    listed.push({
      row,
      receiptNumber: input.receiptNumber,
      reason,
      explanation: describeExclusion(reason, {
        approvalStart: notice.approvalStart,
        approvalEnd: notice.approvalEnd,
        paymentDate: input.paymentDate,
        category: input.category,
      }),
    });
  }
  return listed;
}

/**
 * All problems of the file in row order (those of the file as a whole, row 0, last), at most
 * MAX_IMPORT_PROBLEMS of them and a count of the rest.
 */
function listProblems(read: ImportProblem[], more: ImportProblem[], untold: number): ImportProblem[] {
  const room = Math.max(MAX_IMPORT_PROBLEMS - read.length, 0);
  const notListed = untold + Math.max(more.length - room, 0);
  const order = (problem: ImportProblem) => (problem.row === 0 ? Number.POSITIVE_INFINITY : problem.row);
  // A stable sort: the problems of one row stay in column order.
  const problems = [...read, ...more.slice(0, room)].sort((a, b) => (order(a) === order(b) ? 0 : order(a) - order(b)));
  if (notListed > 0) {
    problems.push({
      row: 0,
      column: '',
      problem: `${germanCount(notListed)} weitere Probleme sind nicht aufgeführt; ist es die richtige Datei?`,
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Booking

function constraintOf(error: Error): string | undefined {
  const carrier = error as { constraint?: unknown; cause?: { constraint?: unknown } };
  const name = carrier.constraint ?? carrier.cause?.constraint;
  return typeof name === 'string' ? name : undefined;
}

/** Hashed a megabyte at a time, so that other requests are answered meanwhile. */
async function sha256Of(bytes: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < bytes.length; at += 1024 * 1024) {
    hash.update(bytes.subarray(at, at + 1024 * 1024));
    await yieldToEventLoop();
  }
  return hash.digest('hex');
}

async function refuseKnownFile(em: Em, noticeId: string, sha256: string): Promise<void> {
  const earlier = await em.fork().findOne(ImportBatch, { notice: noticeId, sha256 });
  if (earlier) throw new AlreadyImportedError(earlier);
}

/**
 * Importiert Belege aus einem Buchungsexport (CSV or XLSX) onto a grant notice: all rows or none,
 * in one transaction with the import batch that records the file. Every problem of the file is
 * reported with row and column; a file imported on the notice before is refused with
 * AlreadyImportedError, also when two uploads of it race (the database's unique key decides).
 */
export async function importReceipts(
  em: Em,
  access: Access,
  noticeId: string,
  file: { name: string; bytes: Uint8Array },
  options: ImportOptions,
): Promise<ImportReport> {
  access.assertMay('importReceipts');
  // Checked before reading the file, as the booking will check it, so that a dry run says so too.
  const notice = await openNotice(em, access, noticeId);
  const sha256 = await sha256Of(file.bytes);
  await refuseKnownFile(em, notice.id, sha256);

  const read = await readReceipts(file, options);
  const numberProblems = read.header ? await receiptNumberProblems(em, notice.id, read.header, read.receipts) : [];
  // The same file, booked by another upload since the check above, shows as numbers booked before: it is refused as that.
  if (numberProblems.length > 0) await refuseKnownFile(em, notice.id, sha256);
  const problems = listProblems(read.problems, numberProblems, read.untold);
  await em.populate(notice, ['currentVersion.budgetLines']);
  const figures = notice.current;
  const notCounting = await notCountingReceipts(read.receipts, {
    approvalStart: figures.approvalStart,
    approvalEnd: figures.approvalEnd,
    plannedCategories: new Set(figures.budgetLines.getItems().map((line) => line.category)),
  });
  const report: ImportReport = {
    fileName: file.name,
    sha256,
    format: read.format,
    rows: read.rows,
    totalAmount: read.totalAmount,
    problems,
    notCounting,
    dryRun: options.dryRun,
    imported: false,
    batchId: null,
  };
  if (problems.length > 0 || options.dryRun || !read.header) return report;

  try {
    const batchId = await em.transactional(async (tx) => {
      const batch = tx.create(ImportBatch, {
        notice: tx.getReference(GrantNotice, notice.id),
        fileName: file.name,
        sha256,
        rowCount: read.rows,
        totalAmount: read.totalAmount,
      });
      // The batch first: a second upload of the file fails on its unique key before any receipt is written.
      await tx.flush();
      // Refused, as by the booking of a single receipt, if the notice was closed since the check above.
      await insertExpenditures(
        tx,
        access,
        notice.id,
        read.receipts.map((receipt) => receipt.input),
        {
          source: 'IMPORT',
          importBatchId: batch.id,
          onProgress: (booked) => options.onProgress?.(booked, { stage: 'booking', rowsTotal: read.receipts.length }),
        },
      );
      return batch.id;
    });
    return { ...report, imported: true, batchId };
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException && constraintOf(error) === 'import_batch_file_unique') {
      await refuseKnownFile(em, notice.id, sha256);
    }
    throw error;
  }
}

/** The report as JSON for the API: amounts as decimal strings with two decimals. */
export function reportJson(report: ImportReport): Omit<ImportReport, 'totalAmount'> & { totalAmount: string } {
  return { ...report, totalAmount: report.totalAmount.toFixed(2) };
}

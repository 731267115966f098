// What one import may ask of the service: limits on what a file unpacks to, its rows and its cells,
// checked while the file is read, so that a small file that unpacks to gigabytes (a "zip bomb") is
// refused after reading no more than the limit, never after loading it whole.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DomainInputError } from '../domain/errors.js';
import type { RefusalReason } from '../domain/reasons.js';

/** Beyond this a file is split: a grant has far fewer receipts, and the whole file is one transaction. */
export const MAX_IMPORT_ROWS = 100_000;
/**
 * Columns a row may have values in: an accounting export has a few dozen (DATEV's Buchungsstapel 125);
 * a value beyond this is a damaged or crafted file, not receipts.
 */
export const MAX_IMPORT_COLUMNS = 1_000;
/**
 * What the parts of an XLSX workbook that are read (sheet, shared strings, styles, workbook) may
 * unpack to: 100,000 receipts of a usual export unpack to 30–50 MB.
 */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/** Texts in a workbook's shared-strings table: ten different texts for each receipt row allowed. */
export const MAX_SHARED_STRINGS = 1_000_000;
/** Rows handled between two turns of the event loop, so that other requests are answered meanwhile. */
export const ROWS_PER_TURN = 100;

const GERMAN_INTEGER = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
/** A count in German notation: 100.000. */
export const germanCount = (value: number) => GERMAN_INTEGER.format(value);

/** Lets the event loop answer other requests before a long loop goes on. */
export const yieldToEventLoop = (): Promise<void> => nextTurn();

/** The file passes one of the limits: refused as a whole, as soon as that is seen; nothing is written. */
export class ImportLimitError extends DomainInputError {
  constructor(message: string, reason: Extract<RefusalReason, 'FILE_TOO_LARGE_UNPACKED' | 'TOO_MANY_ROWS' | 'TOO_MANY_CELLS'>) {
    super(message, { field: 'file', reason });
    this.name = 'ImportLimitError';
  }
}

export const tooManyRows = (row: number) =>
  new ImportLimitError(
    `Die Datei hat mehr als ${germanCount(MAX_IMPORT_ROWS)} Belegzeilen (die ${germanCount(MAX_IMPORT_ROWS + 1)}. steht in Zeile ${germanCount(row)}); teilen Sie sie auf mehrere Dateien auf.`,
    'TOO_MANY_ROWS',
  );

export const tooManyColumns = (row: number) =>
  new ImportLimitError(
    `Zeile ${germanCount(row)} hat Werte in mehr als ${germanCount(MAX_IMPORT_COLUMNS)} Spalten; ein Buchungsexport hat weit weniger. Löschen Sie die Werte rechts der Belegspalten oder exportieren Sie die Datei erneut.`,
    'TOO_MANY_CELLS',
  );

export const tooManySharedStrings = () =>
  new ImportLimitError(
    `Die Arbeitsmappe enthält mehr als ${germanCount(MAX_SHARED_STRINGS)} verschiedene Texte; teilen Sie sie auf mehrere Dateien auf oder exportieren Sie CSV.`,
    'TOO_MANY_CELLS',
  );

export const tooLargeUnpacked = () =>
  new ImportLimitError(
    `Die Arbeitsmappe ist entpackt größer als ${MAX_UNPACKED_BYTES / 1024 / 1024} MB (eine XLSX-Datei ist ein gepacktes ZIP-Archiv); teilen Sie sie auf mehrere Dateien auf oder exportieren Sie CSV.`,
    'FILE_TOO_LARGE_UNPACKED',
  );

// The first worksheet of an XLSX workbook, row by row, read from the archive in memory as a stream:
// every part is inflated in small chunks and counted, its XML parsed as it comes (saxes, the parser
// exceljs uses), and the limits of `import-limits.ts` are checked at each chunk, row and cell, so that
// a workbook that unpacks to gigabytes, or has a value in column XFD of a million rows, is refused
// after reading no more than the limits allow. The parts are read in the order that needs no
// temporary file: relationships, workbook, styles, shared strings, then the sheet.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createInflateRaw } from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import {
  MAX_IMPORT_COLUMNS,
  MAX_SHARED_STRINGS,
  MAX_UNPACKED_BYTES,
  tooLargeUnpacked,
  tooManyColumns,
  tooManySharedStrings,
} from './import-limits.js';

/** What a cell holds: text, a number, a date (by its number format), a boolean, nothing, or why it has no value. */
export type WorkbookCell = string | number | boolean | Date | null | { fault: string };

export interface WorkbookRow {
  /** The spreadsheet's row number. */
  row: number;
  /** Cells from column A; a missing cell is null. */
  cells: WorkbookCell[];
}

/** The archive is no workbook that can be read; the message says why, in German. */
export class UnreadableWorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableWorkbookError';
  }
}

/** The archive has no worksheet: a ZIP file, but no workbook. */
export class NoWorksheetError extends UnreadableWorkbookError {
  constructor() {
    super('sie hat kein Tabellenblatt');
    this.name = 'NoWorksheetError';
  }
}

// ---------------------------------------------------------------------------------------------
// The archive

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** As the central directory declares it: checked before inflating, counted while inflating. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** A workbook has a few dozen parts; a directory of many more is not one. */
const MAX_ENTRIES = 10_000;
const CHUNK_BYTES = 16 * 1024;

const unreadable = (detail: string) => new UnreadableWorkbookError(`das ZIP-Archiv ist beschädigt: ${detail}`);

/** The central directory at the end of the archive (ZIP64 included): names, methods, sizes, offsets. */
function zipDirectory(bytes: Buffer): Map<string, ZipEntry> {
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at -= 1) {
    if (bytes.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw unreadable('das Inhaltsverzeichnis fehlt');
  let count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  if ((count === 0xffff || offset === 0xffffffff) && end >= 20 && bytes.readUInt32LE(end - 20) === 0x07064b50) {
    const end64 = Number(bytes.readBigUInt64LE(end - 12));
    if (end64 + 56 > bytes.length || bytes.readUInt32LE(end64) !== 0x06064b50) throw unreadable('das ZIP64-Inhaltsverzeichnis fehlt');
    count = Number(bytes.readBigUInt64LE(end64 + 32));
    offset = Number(bytes.readBigUInt64LE(end64 + 48));
  }
  if (count > MAX_ENTRIES) throw unreadable(`es hat mehr als ${MAX_ENTRIES} Teile`);
  const entries = new Map<string, ZipEntry>();
  let at = offset;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw unreadable('das Inhaltsverzeichnis ist unvollständig');
    const flags = bytes.readUInt16LE(at + 8);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name,
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    };
    // ZIP64: the sizes and offset that do not fit 32 bits are in the extra field 0x0001, in this order.
    for (let extra = at + 46 + nameLength; extra + 4 <= at + 46 + nameLength + extraLength;) {
      const id = bytes.readUInt16LE(extra);
      const size = bytes.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        const next = () => {
          const value = field + 8 <= extra + 4 + size ? Number(bytes.readBigUInt64LE(field)) : 0xffffffff;
          field += 8;
          return value;
        };
        if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
        if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
        if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      }
      extra += 4 + size;
    }
    if (flags & 0x1) throw new UnreadableWorkbookError('sie ist verschlüsselt');
    entries.set(name.replace(/^\//, '').toLowerCase(), entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** What the parts read so far have unpacked to, against MAX_UNPACKED_BYTES. */
class UnpackedBudget {
  used = 0;
  take(bytes: number): void {
    this.used += bytes;
    if (this.used > MAX_UNPACKED_BYTES) throw tooLargeUnpacked();
  }
}

/** The inflated bytes of one part in chunks of 16 KB, each counted before it is handed on. */
async function* entryChunks(bytes: Buffer, entry: ZipEntry, budget: UnpackedBudget): AsyncGenerator<Buffer> {
  const header = entry.localHeaderOffset;
  if (header + 30 > bytes.length || bytes.readUInt32LE(header) !== 0x04034b50) throw unreadable(`der Teil ${entry.name} fehlt`);
  const start = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
  if (start + entry.compressedSize > bytes.length) throw unreadable(`der Teil ${entry.name} ist abgeschnitten`);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    for (let at = 0; at < data.length; at += CHUNK_BYTES) {
      const chunk = data.subarray(at, at + CHUNK_BYTES);
      budget.take(chunk.length);
      yield chunk;
      await nextTurn();
    }
    return;
  }
  if (entry.method !== 8) throw new UnreadableWorkbookError(`der Teil ${entry.name} ist mit einem unbekannten Verfahren gepackt`);
  const inflate = createInflateRaw({ chunkSize: CHUNK_BYTES });
  inflate.end(data);
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      budget.take(chunk.length);
      yield chunk;
      // Inflated chunks may be waiting already; the event loop gets its turn between any two.
      await nextTurn();
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('Z_')) throw unreadable(`der Teil ${entry.name}`);
    throw error;
  } finally {
    inflate.destroy();
  }
}

interface XmlHandlers {
  open(name: string, attributes: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

/** An XML parser for one part that calls the handlers, which may throw to stop at once; element names without prefix. */
function xmlParser(handlers: XmlHandlers): { write(chunk: Buffer): void; end(): void } {
  const parser = new SaxesParser();
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('opentag', (tag: SaxesTagPlain) => handlers.open(local(tag.name), tag.attributes));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (tag: SaxesTagPlain) => close(local(tag.name)));
  }
  // A character may be split between two chunks.
  const decoder = new TextDecoder('utf-8');
  return {
    write: (chunk) => void parser.write(decoder.decode(chunk, { stream: true })),
    end: () => void parser.write(decoder.decode()).close(),
  };
}

/** Parses one part as it is inflated. */
async function parsePart(chunks: AsyncIterable<Buffer>, handlers: XmlHandlers): Promise<void> {
  const parser = xmlParser(handlers);
  for await (const chunk of chunks) parser.write(chunk);
  parser.end();
}

// ---------------------------------------------------------------------------------------------
// The parts

interface Relationship {
  type: string;
  target: string;
}

/** A target of the workbook's relationships as a name in the archive: relative to `xl/`, or absolute. */
const partName = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target}`).toLowerCase();

/** Built-in number formats that show a date or a time (ECMA-376 18.8.30, and the East Asian ones). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** A format code shows a date when it has date or time letters outside quotes and brackets (as exceljs decides). */
const isDateFormat = (code: string) => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** Excel's serial day number as the date it shows, at UTC midnight (as exceljs hands it over). */
const excelDate = (serial: number, date1904: boolean) => new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

/**
 * Rows of the first worksheet of the workbook in `bytes`. Throws UnreadableWorkbookError for what is
 * no readable workbook, ImportLimitError as soon as a limit is passed.
 */
export async function* workbookRows(bytes: Uint8Array): AsyncGenerator<WorkbookRow> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = zipDirectory(buffer);
  const budget = new UnpackedBudget();
  const read = (name: string, handlers: XmlHandlers) => {
    const entry = entries.get(name);
    return entry ? parsePart(entryChunks(buffer, entry, budget), handlers) : Promise.resolve();
  };

  const relationships = new Map<string, Relationship>();
  await read('xl/_rels/workbook.xml.rels', {
    open(name, attributes) {
      if (name === 'Relationship' && attributes.Id && attributes.Target) {
        relationships.set(attributes.Id, { type: attributes.Type ?? '', target: attributes.Target });
      }
    },
  });
  let date1904 = false;
  const sheetRelations: string[] = [];
  await read('xl/workbook.xml', {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      if (name === 'sheet') sheetRelations.push(attributes['r:id'] ?? '');
    },
  });
  const related = (type: string) => [...relationships.values()].find((relation) => relation.type.endsWith(`/${type}`));
  // The first sheet as the workbook lists them that is a worksheet (not a chart); else sheet1.xml, sheet2.xml, …
  const sheetName =
    sheetRelations
      .map((id) => relationships.get(id))
      .filter((relation) => relation?.type.endsWith('/worksheet'))
      .map((relation) => partName(relation!.target))
      .find((name) => entries.has(name)) ??
    [...entries.keys()]
      .filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))
      .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))[0];
  if (!sheetName) throw new NoWorksheetError();
  const stylesName = related('styles') ? partName(related('styles')!.target) : 'xl/styles.xml';
  const sharedStringsName = related('sharedStrings') ? partName(related('sharedStrings')!.target) : 'xl/sharedStrings.xml';
  // A bomb that says what it unpacks to is refused before anything is inflated; one that lies, while inflating.
  const declared = [stylesName, sharedStringsName, sheetName].reduce((sum, name) => sum + (entries.get(name)?.uncompressedSize ?? 0), 0);
  if (budget.used + declared > MAX_UNPACKED_BYTES) throw tooLargeUnpacked();

  // Styles: which cell formats (cellXfs, by index) show dates.
  const formats = new Map<number, string>();
  const formatIds: number[] = [];
  let inCellFormats = false;
  await read(stylesName, {
    open(name, attributes) {
      if (name === 'numFmt') formats.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      else if (name === 'cellXfs') inCellFormats = true;
      else if (name === 'xf' && inCellFormats) formatIds.push(Number(attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellFormats = false;
    },
  });
  const dateStyles = formatIds.map((id) => {
    const custom = formats.get(id);
    return custom !== undefined ? isDateFormat(custom) : BUILT_IN_DATE_FORMATS.has(id);
  });

  // Shared strings: the text of each <si>, its runs joined, phonetic hints (<rPh>) left out.
  const sharedStrings: string[] = [];
  let text: string | null = null;
  let inPhonetic = false;
  let inText = false;
  await read(sharedStringsName, {
    open(name) {
      if (name === 'si') text = '';
      else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && !inPhonetic) inText = true;
    },
    text(value) {
      if (inText && text !== null) text += value;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si' && text !== null) {
        if (sharedStrings.length === MAX_SHARED_STRINGS) throw tooManySharedStrings();
        sharedStrings.push(text);
        text = null;
      }
    },
  });

  yield* sheetRows(entryChunks(buffer, entries.get(sheetName)!, budget), { sharedStrings, dateStyles, date1904 });
}

interface SheetContext {
  sharedStrings: readonly string[];
  dateStyles: readonly boolean[];
  date1904: boolean;
}

const NO_RESULT: WorkbookCell = {
  fault: 'enthält eine Formel ohne gespeichertes Ergebnis; öffnen Sie die Datei in Excel oder LibreOffice und speichern Sie sie erneut',
};

/** Column letters of a cell reference ("AB12") as a number from 1; 0 when there are none. */
function columnOf(reference: string): number {
  let column = 0;
  for (let index = 0; index < reference.length; index += 1) {
    const code = reference.charCodeAt(index);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
    // Far beyond any real column: stop counting before the number loses precision.
    if (column > 1e9) break;
  }
  return column;
}

async function* sheetRows(chunks: AsyncIterable<Buffer>, context: SheetContext): AsyncGenerator<WorkbookRow> {
  const ready: WorkbookRow[] = [];
  let rowNumber = 0;
  let cells: WorkbookCell[] | null = null;
  let column = 0;
  let cell: { type: string; style: number; formula: boolean; value: string | null; inline: string | null } | null = null;
  let capture: 'value' | 'inline' | null = null;
  let inPhonetic = false;

  const valueOf = (current: NonNullable<typeof cell>): WorkbookCell => {
    if (current.type === 'inlineStr') return current.inline ?? (current.formula ? NO_RESULT : null);
    const raw = current.value;
    if (raw === null) return current.formula ? NO_RESULT : null;
    switch (current.type) {
      case 's':
        return context.sharedStrings[Number.parseInt(raw, 10)] ?? null;
      case 'str':
        return raw;
      case 'b':
        return Number.parseInt(raw, 10) !== 0;
      case 'e':
        return { fault: `zeigt den Fehler ${raw}` };
      case 'd': {
        const date = new Date(raw);
        return Number.isNaN(date.getTime()) ? { fault: 'enthält kein gültiges Datum' } : date;
      }
      default: {
        // The binary double Excel stores; the import takes the 15 significant digits Excel shows of it.
        const number = raw.trim() === '' ? Number.NaN : Number(raw);
        // A formula that failed can leave a value that is no number.
        if (!Number.isFinite(number)) return { fault: 'zeigt einen Fehler statt eines Werts' };
        return context.dateStyles[current.style] ? excelDate(number, context.date1904) : number;
      }
    }
  };

  const handlers: XmlHandlers = {
    open(name, attributes) {
      switch (name) {
        case 'row':
          rowNumber = attributes.r ? Number.parseInt(attributes.r, 10) : rowNumber + 1;
          cells = [];
          column = 0;
          break;
        case 'c':
          if (!cells) break;
          column = attributes.r ? columnOf(attributes.r) : column + 1;
          cell = {
            type: attributes.t ?? 'n',
            style: attributes.s ? Number.parseInt(attributes.s, 10) : 0,
            formula: false,
            value: null,
            inline: null,
          };
          break;
        case 'f':
          if (cell) cell.formula = true;
          break;
        case 'v':
          if (cell) {
            cell.value = '';
            capture = 'value';
          }
          break;
        case 'is':
          if (cell) cell.inline = '';
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          if (cell?.inline !== null && cell && !inPhonetic) capture = 'inline';
          break;
      }
    },
    text(value) {
      if (!cell || capture === null) return;
      if (capture === 'value') cell.value += value;
      else cell.inline += value;
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          capture = null;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c':
          if (cells && cell) {
            const value = valueOf(cell);
            if (value !== null && value !== '') {
              if (column > MAX_IMPORT_COLUMNS || column < 1) throw tooManyColumns(rowNumber);
              cells[column - 1] = value;
            }
          }
          cell = null;
          break;
        case 'row':
          if (cells) ready.push({ row: rowNumber, cells: Array.from(cells, (value) => value ?? null) });
          cells = null;
          break;
      }
    },
  };
  // Rows are handed out after each chunk: at most the rows of 16 KB of XML wait at any time, and a
  // consumer that stops (a limit, a broken header) stops the inflating with it.
  const parser = xmlParser(handlers);
  for await (const chunk of chunks) {
    parser.write(chunk);
    yield* ready;
    ready.length = 0;
  }
  parser.end();
  yield* ready;
}

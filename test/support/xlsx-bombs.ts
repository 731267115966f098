// Workbooks that are small as files and huge once unpacked or read ("zip bombs"), built without ever
// holding the unpacked XML: each part is deflated chunk by chunk as it is generated.
import { crc32, createDeflateRaw } from 'node:zlib';

/** One part of the archive: its name and its XML, in chunks. */
export interface ZipPart {
  name: string;
  chunks: Iterable<string>;
}

async function deflated(chunks: Iterable<string>): Promise<{ data: Buffer; crc: number; size: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const output: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => output.push(chunk));
  const ended = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  let crc = 0;
  let size = 0;
  for (const text of chunks) {
    const bytes = Buffer.from(text, 'utf8');
    crc = crc32(bytes, crc);
    size += bytes.length;
    // Waits for the deflater to take the chunk, so that the unpacked bytes are never all in memory.
    if (!deflate.write(bytes)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return { data: Buffer.concat(output), crc, size };
}

/**
 * A ZIP archive of the parts, deflated; sizes above 4 GB are not needed here. `understate`: each part
 * claims to unpack to its packed size, as a crafted archive may, so that only counting finds it out.
 */
export async function zipArchive(parts: ZipPart[], options: { understate?: boolean } = {}): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { data, crc, size: actualSize } = await deflated(part.chunks);
    const size = options.understate ? data.length : actualSize;
    const name = Buffer.from(part.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    locals.push(header, name, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += header.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook of one sheet with the given sheetData content (and shared strings, if any), as Excel lays it out. */
export function workbookArchive(
  sheetData: Iterable<string>,
  options: { sharedStrings?: Iterable<string>; understate?: boolean } = {},
): Promise<Buffer> {
  const { sharedStrings } = options;
  const parts: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      chunks: [
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          (sharedStrings
            ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            : '') +
          '</Types>',
      ],
    },
    {
      name: '_rels/.rels',
      chunks: [
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ],
    },
    {
      name: 'xl/workbook.xml',
      chunks: [
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">` +
          `<sheets><sheet name="Belege" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      chunks: [
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>` +
          (sharedStrings ? `<Relationship Id="rId2" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
          `</Relationships>`,
      ],
    },
  ];
  // Shared strings before the sheet, where Excel puts them and where a reader takes them from first.
  if (sharedStrings) {
    parts.push({
      name: 'xl/sharedStrings.xml',
      chunks: (function* () {
        yield `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">`;
        yield* sharedStrings;
        yield '</sst>';
      })(),
    });
  }
  parts.push({
    name: 'xl/worksheets/sheet1.xml',
    chunks: (function* () {
      yield `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
      yield* sheetData;
      yield '</sheetData></worksheet>';
    })(),
  });
  return zipArchive(parts, options);
}

const HEADER = ['Belegnummer', 'Rechnungsdatum', 'Zahlungsdatum', 'Zahlungsempfänger', 'Verwendungszweck', 'Kategorie', 'Betrag'];

/** The header row of a receipt export, as inline strings. */
export function headerRow(): string {
  const cells = HEADER.map((name, index) => `<c r="${String.fromCharCode(65 + index)}1" t="inlineStr"><is><t>${name}</t></is></c>`);
  return `<row r="1">${cells.join('')}</row>`;
}

/** Rows 2, 3, … of one number cell each, generated a thousand at a time. */
export function* tinyRows(count: number): Generator<string> {
  for (let start = 2; start < count + 2; start += 1000) {
    let text = '';
    for (let row = start; row < Math.min(start + 1000, count + 2); row += 1)
      text += `<row r="${row}"><c r="A${row}"><v>${row}</v></c></row>`;
    yield text;
  }
}

/** `bytes` of spaces, a megabyte at a time. */
export function* whitespace(bytes: number): Generator<string> {
  const megabyte = ' '.repeat(1024 * 1024);
  for (let left = bytes; left > 0; left -= megabyte.length) yield left >= megabyte.length ? megabyte : megabyte.slice(0, left);
}

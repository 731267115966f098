// LibreOffice headless for tests: converts every sheet of a workbook to CSV after recalculating all
// formulas on load, in a throw-away profile so that no user setting decides whether it recalculates.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The LibreOffice binary on PATH, or null when it is not installed. */
export function findSoffice(): string | null {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    for (const name of ['soffice', 'libreoffice']) {
      if (existsSync(path.join(dir, name))) return path.join(dir, name);
    }
  }
  return null;
}

/** OOXMLRecalcMode 0: always recalculate an Excel file on load, instead of trusting its stored results. */
const RECALCULATE_ON_LOAD = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/**
 * Every sheet of `file` as rows of CSV fields, by sheet name. Numbers are written unformatted
 * (token 9 "as shown" is false), UTF-8, comma-separated; the last token -1 writes one file per sheet.
 */
export async function recalculatedSheets(soffice: string, file: string): Promise<Map<string, string[][]>> {
  const work = mkdtempSync(path.join(tmpdir(), `lo-${randomUUID()}-`));
  try {
    const profile = path.join(work, 'profile');
    mkdirSync(path.join(profile, 'user'), { recursive: true });
    writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), RECALCULATE_ON_LOAD);
    const outDir = path.join(work, 'out');
    mkdirSync(outDir);
    await run(
      soffice,
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        outDir,
        file,
      ],
      { timeout: 120_000 },
    );
    const base = path.basename(file, path.extname(file));
    const sheets = new Map<string, string[][]>();
    for (const name of readdirSync(outDir)) {
      if (!name.startsWith(`${base}-`) || !name.endsWith('.csv')) continue;
      sheets.set(name.slice(base.length + 1, -'.csv'.length), parseCsv(readFileSync(path.join(outDir, name), 'utf8')));
    }
    return sheets;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** RFC 4180 with quotes doubled inside quoted fields, as LibreOffice writes it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

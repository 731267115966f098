// Checks on the bytes of a downloaded workbook that a reader library would hide: a formula cell
// without a stored result shows as empty in viewers that do not recalculate (and in previews), and
// exceljs cannot tell a missing result from a stored 0.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { expect } from 'vitest';

export interface FormulaCells {
  /** How many formula cells the workbook has. */
  count: number;
  /** `Sheet!A1` of every formula cell without a stored result. */
  withoutResult: string[];
}

/** Every formula cell of every sheet, read from the sheet XML itself. */
export async function formulaCellsOf(bytes: Uint8Array): Promise<FormulaCells> {
  const zip = await JSZip.loadAsync(bytes);
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  const relations = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const targets = new Map([...relations.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  let count = 0;
  const withoutResult: string[] = [];
  for (const [, name, relation] of workbook.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const target = targets.get(relation!)!.replace(/^\/?(xl\/)?/, 'xl/');
    const xml = await zip.file(target)!.async('string');
    for (const [, address, inner] of xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*?(?:\/>|>(.*?)<\/c>)/gs)) {
      if (inner === undefined || !/<f[ >/]/.test(inner)) continue;
      count += 1;
      if (!/<v>[^<]+<\/v>/.test(inner)) withoutResult.push(`${name}!${address}`);
    }
  }
  return { count, withoutResult };
}

export interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * GETs a report with a bearer token (or none); a workbook answered 200 must store the result of every
 * one of its formulas, whichever test downloads it.
 */
export async function downloadReport(serviceUrl: string, reportPath: string, bearer: string | null): Promise<Download> {
  const response = await fetch(`${serviceUrl}${reportPath}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  const answer = { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  if (answer.status === 200) {
    const formulas = await formulaCellsOf(answer.body);
    expect(formulas.count, reportPath).toBeGreaterThan(0);
    expect(formulas.withoutResult, reportPath).toEqual([]);
  }
  return answer;
}

export async function openWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares the Buffer of an older @types/node; the bytes are the same.
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** The row of a sheet whose first cell is `label`; fails the test when there is none. */
export function rowLabelled(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === label) found = row;
  });
  expect(found, `row "${label}" on ${sheet.name}`).toBeDefined();
  return found!;
}

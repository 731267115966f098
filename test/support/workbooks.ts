// Checks on the bytes of a downloaded workbook that a reader library would hide: a formula cell
// without a stored result shows as empty in viewers that do not recalculate (and in previews), and
// exceljs cannot tell a missing result from a stored 0.
import JSZip from 'jszip';

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

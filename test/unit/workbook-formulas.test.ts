// The check that every report runs on its downloads finds a formula without a stored result, and
// takes a stored 0 for the result it is.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formulaCellsOf } from '../support/workbooks.js';

async function bytesOf(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('Blatt 1'));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('formulaCellsOf', () => {
  it('names a formula cell without a stored result', async () => {
    const bytes = await bytesOf((sheet) => {
      sheet.getCell('A1').value = 5;
      sheet.getCell('B2').value = { formula: 'A1*2' } as ExcelJS.CellFormulaValue;
      sheet.getCell('C3').value = { formula: 'A1*2', result: 10 };
    });
    expect(await formulaCellsOf(bytes)).toEqual({ count: 2, withoutResult: ['Blatt 1!B2'] });
  });

  it('counts a stored result of 0 as stored', async () => {
    const bytes = await bytesOf((sheet) => {
      sheet.getCell('A1').value = 0;
      sheet.getCell('A2').value = { formula: 'SUM(A1:A1)', result: 0 };
    });
    expect(await formulaCellsOf(bytes)).toEqual({ count: 1, withoutResult: [] });
  });
});

// Receipt imports on a real database: German CSV and XLSX read right, every bad value named by row and
// column, nothing written unless the whole file is fine, and the same file never booked twice.
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { AuditEvent, Expenditure, GrantNotice, ImportBatch } from '../../src/entities/index.js';
import { Access, type Actor } from '../../src/services/access.js';
import { ForbiddenError, NotFoundError } from '../../src/services/errors.js';
import {
  AlreadyImportedError,
  importReceipts,
  xlsxRows,
  type ImportReport,
  type SourceRow,
} from '../../src/services/expenditure-import.js';
import { recordExpenditure, recordExpenditures, reverseExpenditure } from '../../src/services/expenditures.js';
import { createGrantNotice, updateGrantNotice } from '../../src/services/notices.js';
import type { Em } from '../../src/services/records.js';
import { openTestOrm, usingPostgres, type TestOrm } from '../support/database.js';
import { district, kyffhaeuserNotice, programme, projectOf } from '../support/factories.js';

const system = Access.system();

let db: TestOrm;
let programId: string;
let recipient: { id: string; ags: string };
let projectId: string;

/** A fresh notice (Kyffhäuserkreis figures), so that each test starts from no receipts and no batches. */
async function newNotice(): Promise<string> {
  const notice = await createGrantNotice(db.orm.em.fork(), system, kyffhaeuserNotice(programId, projectId));
  return notice.id;
}

const em = (): Em => db.orm.em.fork();

function importFile(noticeId: string, name: string, bytes: Uint8Array, dryRun = false, access: Access = system): Promise<ImportReport> {
  return importReceipts(em(), access, noticeId, { name, bytes }, { dryRun });
}

/** What is stored on a notice: receipts, batches and the receipts' total as a decimal string. */
async function stored(noticeId: string): Promise<{ receipts: number; batches: number; total: string }> {
  const fresh = em();
  const [row] = await fresh.execute<{ total: string | null }[]>(
    'select coalesce(sum(amount), 0)::numeric(17, 2)::text as total from expenditure where notice_id = ?',
    [noticeId],
  );
  return {
    receipts: await fresh.count(Expenditure, { notice: noticeId }),
    batches: await fresh.count(ImportBatch, { notice: noticeId }),
    total: row!.total!,
  };
}

/** Windows-1252, as Excel on German Windows saves "CSV (Trennzeichen-getrennt)": one byte per umlaut. */
function windows1252(text: string): Uint8Array {
  const table: Record<string, number> = { '€': 0x80 };
  return Uint8Array.from([...text].map((char) => table[char] ?? char.charCodeAt(0)));
}

const utf8 = (text: string) => new TextEncoder().encode(text);

async function refusal<T extends Error>(work: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

beforeAll(async () => {
  db = await openTestOrm();
  const setup = db.orm.em.fork();
  programId = (await programme(setup, { 2020: '20000000.00' })).id;
  const kyf = await district(setup);
  recipient = { id: kyf.id, ags: kyf.ags };
  projectId = (await projectOf(setup, kyf.id)).id;
});

afterAll(async () => {
  await db?.close();
});

describe('reading German exports', () => {
  it('imports a Windows-1252 CSV with ";", German numbers and dates, umlauts intact', async () => {
    const noticeId = await newNotice();
    const csv = [
      'Beleg-Nr.;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kostenart;Betrag (EUR);förderfähiger Betrag;Bemerkung;Kostenstelle',
      'RE-2020-001;31.12.2020;15.01.2021;Müller GmbH;Scanner für das Bürgerbüro;Hardware;1.234,56;1.000,00;Teil nicht förderfähig;4711',
      'RE-2020-002;1.7.2020;;Schäfer & Söhne;"Beratung; Konzept";Beratung;12.345.678,9;;;',
      'RE-2020-003;2020-08-03;2020-08-04;Straßenbau Weiß;Reise nach Erfurt;Reisekosten;99 €;;;',
    ].join('\r\n');
    const report = await importFile(noticeId, 'Belege 2020.csv', windows1252(csv));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ format: 'CSV', rows: 3, imported: true, dryRun: false, fileName: 'Belege 2020.csv' });
    expect(report.totalAmount.toFixed(2)).toBe('12347012.46');
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);

    const receipts = await em().find(Expenditure, { notice: noticeId }, { orderBy: { receiptNumber: 'asc' }, populate: ['importBatch'] });
    expect(
      receipts.map((r) => [
        r.receiptNumber,
        r.invoiceDate,
        r.paymentDate,
        r.payee,
        r.purpose,
        r.category,
        r.amount.toFixed(2),
        r.eligibleAmount.toFixed(2),
        r.remark,
        r.source,
      ]),
    ).toEqual([
      [
        'RE-2020-001',
        '2020-12-31',
        '2021-01-15',
        'Müller GmbH',
        'Scanner für das Bürgerbüro',
        'HARDWARE',
        '1234.56',
        '1000.00',
        'Teil nicht förderfähig',
        'IMPORT',
      ],
      [
        'RE-2020-002',
        '2020-07-01',
        null,
        'Schäfer & Söhne',
        'Beratung; Konzept',
        'CONSULTING',
        '12345678.90',
        '12345678.90',
        null,
        'IMPORT',
      ],
      ['RE-2020-003', '2020-08-03', '2020-08-04', 'Straßenbau Weiß', 'Reise nach Erfurt', 'TRAVEL', '99.00', '99.00', null, 'IMPORT'],
    ]);
    const batch = receipts[0]!.importBatch!;
    expect(receipts.every((r) => r.importBatch?.id === batch.id)).toBe(true);
    expect([batch.id, batch.fileName, batch.rowCount, batch.totalAmount.toFixed(2), batch.sha256]).toEqual([
      report.batchId,
      'Belege 2020.csv',
      3,
      '12347012.46',
      report.sha256,
    ]);
  });

  it('imports UTF-8 with a BOM, "," as delimiter, English headers and enum categories', async () => {
    const noticeId = await newNotice();
    const csv =
      '\uFEFFreceiptNumber,invoiceDate,paymentDate,payee,purpose,category,amount,eligibleAmount,remark\n' +
      'A-1,2020-09-01,2020-09-10,"Müller GmbH","Lizenzen, DMS",SOFTWARE,"1.234,56","1234.5",\n' +
      'A-2,02.09.2020,10.09.2020,Ölmühle Ärmel,Schulung DMS,training,1234.56,,"Zeile mit ""Anführungszeichen"""\n';
    const report = await importFile(noticeId, 'export.csv', utf8(csv));
    expect(report.problems).toEqual([]);
    const receipts = await em().find(Expenditure, { notice: noticeId }, { orderBy: { receiptNumber: 'asc' } });
    expect(receipts.map((r) => [r.payee, r.purpose, r.category, r.amount.toFixed(2), r.eligibleAmount.toFixed(2), r.remark])).toEqual([
      ['Müller GmbH', 'Lizenzen, DMS', 'SOFTWARE', '1234.56', '1234.50', null],
      ['Ölmühle Ärmel', 'Schulung DMS', 'TRAINING', '1234.56', '1234.56', 'Zeile mit "Anführungszeichen"'],
    ]);
  });

  it('reads tab-separated UTF-16 (Excel\'s "Unicode text") and honours a "sep=" line', async () => {
    const noticeId = await newNotice();
    const tsv =
      'Belegnummer\tRechnungsdatum\tZahldatum\tEmpfänger\tVerwendungszweck\tKategorie\tBetrag\nT-1\t01.10.2020\t02.10.2020\tMüller GmbH\tLaptop\tHardware\t899,00\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]);
    expect((await importFile(noticeId, 'unicode.txt', utf16)).problems).toEqual([]);
    // The header as macOS writes it: ä decomposed into a and a combining diaeresis.
    const withSep =
      'sep=,\nBelegnummer,Rechnungsdatum,Zahldatum,Empfa\u0308nger,Verwendungszweck,Kategorie,Betrag\nT-2,01.10.2020,,Müller GmbH,Maus,Hardware,"19,99"\n';
    expect((await importFile(noticeId, 'sep.csv', utf8(withSep))).problems).toEqual([]);
    const receipts = await em().find(Expenditure, { notice: noticeId }, { orderBy: { receiptNumber: 'asc' } });
    expect(receipts.map((r) => [r.receiptNumber, r.payee, r.amount.toFixed(2)])).toEqual([
      ['T-1', 'Müller GmbH', '899.00'],
      ['T-2', 'Müller GmbH', '19.99'],
    ]);
  });

  it('imports an XLSX workbook with real date cells, number cells and text in German notation', async () => {
    const noticeId = await newNotice();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Belegliste');
    sheet.addRow([
      'Belegnummer',
      'Rechnungsdatum',
      'Zahlungsdatum',
      'Zahlungsempfänger',
      'Verwendungszweck',
      'Kategorie',
      'Betrag',
      'Bemerkung',
    ]);
    // Dates at UTC midnight, as Excel's serial numbers are read: the calendar day must not move in any time zone.
    sheet.addRow([
      4711,
      new Date(Date.UTC(2020, 11, 31)),
      new Date(Date.UTC(2021, 0, 1)),
      'Müller GmbH',
      'Server',
      'Hardware',
      1234.56,
      null,
    ]);
    sheet.addRow([
      'X-2',
      '30.06.2020',
      '2020-07-01',
      { richText: [{ text: 'Schäfer ' }, { text: 'AG' }] },
      'Beratung',
      'CONSULTING',
      '1.000,10',
      'Text',
    ]);
    sheet.addRow([]);
    sheet.addRow([
      'X-3',
      new Date(Date.UTC(2020, 5, 1)),
      null,
      'Weiß KG',
      'Kurs',
      'Schulung',
      { formula: '0.1+0.2', result: 0.1 + 0.2 },
      null,
    ]);
    for (const cell of ['B2', 'C2', 'B5']) sheet.getCell(cell).numFmt = 'dd.mm.yyyy';
    sheet.getCell('G2').numFmt = '#,##0.00 €';
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());

    const report = await importFile(noticeId, 'Belege.xlsx', bytes);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ format: 'XLSX', rows: 3, imported: true });
    expect(report.totalAmount.toFixed(2)).toBe('2234.96');
    const receipts = await em().find(Expenditure, { notice: noticeId }, { orderBy: { receiptNumber: 'asc' } });
    expect(
      receipts.map((r) => [r.receiptNumber, r.invoiceDate, r.paymentDate, r.payee, r.category, r.amount.toFixed(2), r.remark]),
    ).toEqual([
      ['4711', '2020-12-31', '2021-01-01', 'Müller GmbH', 'HARDWARE', '1234.56', null],
      ['X-2', '2020-06-30', '2020-07-01', 'Schäfer AG', 'CONSULTING', '1000.10', 'Text'],
      ['X-3', '2020-06-01', null, 'Weiß KG', 'TRAINING', '0.30', null],
    ]);
  });
});

describe('reporting problems', () => {
  const header = 'Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag;zuwendungsfähig';

  it('names row, column and problem of every bad value and writes nothing', async () => {
    const noticeId = await newNotice();
    const csv = [
      header,
      'OK-1;01.07.2020;02.07.2020;Müller GmbH;Server;Hardware;100,00;',
      'B-3;01.07.2020;02.07.2020;Müller GmbH;Server;Hardware;12,345;',
      'B-4;31.02.2020;1.7.20;Müller GmbH;Server;Möbel;-5,00;',
      ';;;;;;;',
      ';gestern;;  ;Server;Hardware;abc;',
      'B-7;01.07.2020;;Müller GmbH;Server;Hardware;1.234,56-;',
      'B-8;01.07.2020;;Müller GmbH;Server;Hardware;100,00;100,01',
      'B-9;01.07.2020;;Müller GmbH;Server;Hardware;100,00;;extra',
      'B-10;01.07.2020;;Müller GmbH;Server;Hardware;1234567890123456;',
    ].join('\n');
    const before = await stored(noticeId);
    const report = await importFile(noticeId, 'bad.csv', utf8(csv));
    expect(report.imported).toBe(false);
    expect(report.batchId).toBeNull();
    expect(report.rows).toBe(8);
    expect(report.problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'Betrag'],
      [4, 'Rechnungsdatum'],
      [4, 'Zahlungsdatum'],
      [4, 'Kategorie'],
      [4, 'Betrag'],
      [6, 'Belegnummer'],
      [6, 'Rechnungsdatum'],
      [6, 'Zahlungsempfänger'],
      [6, 'Betrag'],
      [7, 'Betrag'],
      [8, 'zuwendungsfähig'],
      [9, ''],
      [10, 'Betrag'],
    ]);
    const messages = report.problems.map((p) => p.problem);
    expect(messages[0]).toBe('"12,345" hat 3 Nachkommastellen; ein Betrag hat höchstens zwei (Euro und Cent).');
    expect(messages[1]).toBe('"31.02.2020" ist kein Tag im Kalender.');
    expect(messages[2]).toBe('"1.7.20" hat eine zweistellige Jahreszahl; schreiben Sie das Datum als 31.12.2020.');
    expect(messages[3]).toBe(
      '"Möbel" ist keine Kostenkategorie; verwenden Sie Personalausgaben, Beratung, Software, Hardware, Schulung, Reisekosten oder Sonstiges (oder STAFF, CONSULTING, SOFTWARE, HARDWARE, TRAINING, TRAVEL, OTHER).',
    );
    expect(messages[4]).toBe('"-5,00" ist negativ; Belege haben positive Beträge, eine Berichtigung wird als Storno gebucht.');
    expect(messages[5]).toBe('Der Wert fehlt.');
    expect(messages[6]).toBe('"gestern" ist kein Datum; schreiben Sie das Datum als 31.12.2020.');
    expect(messages[8]).toBe('"abc" ist kein Betrag; schreiben Sie ihn als 1.234,56 (oder 1234,56).');
    expect(messages[9]).toMatch(/^"1\.234,56-" ist negativ/);
    expect(messages[10]).toBe('Der zuwendungsfähige Betrag muss zwischen 0,00 € und dem Betrag von 100,00 € liegen.');
    expect(messages[11]).toBe(
      'Die Zeile hat 9 Werte, die Kopfzeile aber nur 8 Spalten; steht ein Wert, der das Trennzeichen enthält, nicht in Anführungszeichen?',
    );
    expect(messages[12]).toBe('"1234567890123456" hat mehr als 15 Stellen vor dem Dezimalkomma.');
    expect(await stored(noticeId)).toEqual(before);
  });

  it('refuses a file without a required column in one clear problem', async () => {
    const noticeId = await newNotice();
    const report = await importFile(noticeId, 'short.csv', utf8('Belegnummer;Datum;Empfänger;Betrag\nX;01.07.2020;Müller;1,00\n'));
    expect(report.problems).toEqual([
      {
        row: 1,
        column: '',
        problem:
          'In der Kopfzeile fehlen die Spalten Rechnungsdatum, Zahlungsdatum, Verwendungszweck, Kategorie. Gefunden: "Belegnummer", "Datum", "Empfänger", "Betrag".',
      },
    ]);
  });

  it('refuses a column that appears twice, and names the row where the CSV breaks', async () => {
    const noticeId = await newNotice();
    const twice = await importFile(noticeId, 'twice.csv', utf8(`${header};Betrag (EUR)\n`));
    expect(twice.problems).toEqual([
      {
        row: 1,
        column: 'Betrag (EUR)',
        problem: 'Die Spalten "Betrag" und "Betrag (EUR)" sind beide die Spalte Betrag; behalten Sie eine davon.',
      },
    ]);
    const unclosed = await importFile(
      noticeId,
      'quote.csv',
      utf8(`${header}\nA;01.07.2020;;M;"Server;Hardware;1,00;\nB;01.07.2020;;M;S;Hardware;1,00;\n`),
    );
    expect(unclosed.problems).toEqual([
      {
        row: 2,
        column: '',
        problem: 'Ein Wert in Anführungszeichen ("…") wird nicht geschlossen; der Rest der Datei kann nicht gelesen werden.',
      },
    ]);
  });

  it('refuses files that are no table: empty, binary, old Excel, a damaged workbook, a header only', async () => {
    const noticeId = await newNotice();
    const cases: [string, Uint8Array, string][] = [
      ['empty.csv', new Uint8Array(), 'Die Datei ist leer.'],
      [
        'scan.pdf',
        Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]),
        'Die Datei ist keine CSV-Textdatei (sie enthält Binärdaten); exportieren Sie CSV oder XLSX.',
      ],
      ['old.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'Dies ist eine Arbeitsmappe von Excel 97–2003 (.xls)'],
      ['broken.xlsx', utf8('PK\u0003\u0004 not really a zip'), 'Die Datei ist keine lesbare Excel-Arbeitsmappe'],
      [
        'renamed.xlsx',
        utf8('Belegnummer;Betrag\n'),
        'Die Datei heißt .xlsx, ist aber keine Excel-Arbeitsmappe; sie ist vielleicht beschädigt.',
      ],
      ['header.csv', utf8(`${header}\n\n`), 'Die Datei hat eine Kopfzeile, aber keine Belege.'],
    ];
    for (const [name, bytes, problem] of cases) {
      const report = await importFile(noticeId, name, bytes);
      expect(report.problems, name).toHaveLength(1);
      expect(report.problems[0]!.problem, name).toContain(problem);
      expect(report.imported).toBe(false);
    }
    expect(await stored(noticeId)).toEqual({ receipts: 0, batches: 0, total: '0.00' });
  });

  it('reports XLSX cells by their spreadsheet row: errors, numbers where dates belong, booleans', async () => {
    const noticeId = await newNotice();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Belege');
    sheet.addRow([]);
    sheet.addRow(['Belegnummer', 'Rechnungsdatum', 'Zahlungsdatum', 'Empfänger', 'Verwendungszweck', 'Kategorie', 'Betrag']);
    sheet.addRow(['A', 44196, null, 'M', 'S', 'Hardware', { error: '#DIV/0!' }]);
    sheet.addRow(['B', new Date(Date.UTC(2020, 0, 1)), null, true, 'S', 'Hardware', 1.005]);
    sheet.getCell('B4').numFmt = 'dd.mm.yyyy';
    const report = await importFile(noticeId, 'cells.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(report.problems).toEqual([
      {
        row: 3,
        column: 'Rechnungsdatum',
        problem: 'Die Zelle enthält die Zahl 44196, kein Datum; formatieren Sie die Spalte als Datum (z. B. 31.12.2020).',
      },
      { row: 3, column: 'Betrag', problem: 'Die Zelle zeigt den Fehler #DIV/0!.' },
      { row: 4, column: 'Empfänger', problem: 'Die Zelle enthält WAHR/FALSCH, wo Text erwartet wird.' },
      { row: 4, column: 'Betrag', problem: '"1.005" hat mehr als zwei Nachkommastellen; ein Betrag wird in Euro und Cent angegeben.' },
    ]);
  });
  it('reads only the first worksheet of a workbook', async () => {
    const noticeId = await newNotice();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Deckblatt').addRow(['Belegliste Kyffhäuserkreis 2020']);
    workbook
      .addWorksheet('Belege')
      .addRow(['Belegnummer', 'Rechnungsdatum', 'Zahlungsdatum', 'Empfänger', 'Verwendungszweck', 'Kategorie', 'Betrag']);
    const report = await importFile(noticeId, 'two-sheets.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ row: 1, column: '' });
    expect(report.problems[0]!.problem).toMatch(
      /^In der Kopfzeile fehlen die Spalten Belegnummer, .* Gefunden: "Belegliste Kyffhäuserkreis 2020"\.$/,
    );
  });

  it('lists at most 10,000 problems and counts the rest', async () => {
    const noticeId = await newNotice();
    const lines = [header, ...Array.from({ length: 10_002 }, (_, index) => `N-${index};01.07.2020;;M;S;Hardware;1,001;`)];
    const report = await importFile(noticeId, 'wrong.csv', utf8(lines.join('\n')));
    expect(report.problems).toHaveLength(10_001);
    expect(report.problems[9_999]).toMatchObject({ row: 10_001, column: 'Betrag' });
    expect(report.problems[10_000]).toEqual({
      row: 0,
      column: '',
      problem: '2 weitere Probleme sind nicht aufgeführt; ist es die richtige Datei?',
    });
  });
});

describe('all or nothing', () => {
  it('a dry run checks everything and writes nothing', async () => {
    const noticeId = await newNotice();
    const csv =
      'Belegnummer;Rechnungsdatum;Zahlungsdatum;Empfänger;Verwendungszweck;Kategorie;Betrag\nD-1;01.07.2020;;Müller;Server;Hardware;10,00\n';
    const report = await importFile(noticeId, 'dry.csv', utf8(csv), true);
    expect(report).toMatchObject({ dryRun: true, imported: false, batchId: null, rows: 1, problems: [] });
    expect(await stored(noticeId)).toEqual({ receipts: 0, batches: 0, total: '0.00' });
    // A dry run does not count as an import: the file can still be imported afterwards.
    expect((await importFile(noticeId, 'dry.csv', utf8(csv))).imported).toBe(true);
  });

  it('the issue: 10,000 rows with one bad row write nothing; corrected, all 10,000; again, refused', async () => {
    const noticeId = await newNotice();
    const badRow = 7351;
    const { csv: bad } = receiptFile(10_000, badRow);
    const { csv: good, totalCents } = receiptFile(10_000, null);

    const refused = await importFile(noticeId, 'Buchungsexport.csv', windows1252(bad));
    expect(refused.problems).toEqual([
      { row: badRow, column: 'Betrag', problem: '"12,345" hat 3 Nachkommastellen; ein Betrag hat höchstens zwei (Euro und Cent).' },
    ]);
    expect(refused.rows).toBe(10_000);
    expect(await stored(noticeId)).toEqual({ receipts: 0, batches: 0, total: '0.00' });

    const started = performance.now();
    const imported = await importFile(noticeId, 'Buchungsexport.csv', windows1252(good));
    const seconds = (performance.now() - started) / 1000;
    console.log(`Imported 10,000 receipts on ${usingPostgres ? 'PostgreSQL' : 'PGlite'} in ${seconds.toFixed(1)} s.`);
    const expectedTotal = `${totalCents / 100n}.${String(totalCents % 100n).padStart(2, '0')}`;
    expect(imported.problems).toEqual([]);
    expect(imported.imported).toBe(true);
    expect(imported.totalAmount.toFixed(2)).toBe(expectedTotal);
    expect(await stored(noticeId)).toEqual({ receipts: 10_000, batches: 1, total: expectedTotal });

    const again = await refusal(importFile(noticeId, 'Kopie.csv', windows1252(good)), AlreadyImportedError);
    expect(again.message).toMatch(
      new RegExp(
        `^Diese Datei wurde bereits am \\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2} als Stapel ${imported.batchId} eingelesen \\("Buchungsexport\\.csv", 10\\.000 Belege, [0-9.]+,\\d{2} €\\); sie wird nicht erneut eingelesen\\.$`,
      ),
    );
    const dryAgain = await refusal(importFile(noticeId, 'Kopie.csv', windows1252(good), true), AlreadyImportedError);
    expect([dryAgain.batch.id, dryAgain.reason]).toEqual([imported.batchId, 'ALREADY_IMPORTED']);
    expect(await stored(noticeId)).toEqual({ receipts: 10_000, batches: 1, total: expectedTotal });
  }, 300_000);

  it('of two simultaneous uploads of one file exactly one is booked', async () => {
    const noticeId = await newNotice();
    const { csv } = receiptFile(300, null);
    const bytes = windows1252(csv);
    const results = await Promise.allSettled([importFile(noticeId, 'a.csv', bytes), importFile(noticeId, 'b.csv', bytes)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const [rejected] = results.filter((result) => result.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(AlreadyImportedError);
    expect(await stored(noticeId)).toMatchObject({ receipts: 300, batches: 1 });
  }, 60_000);

  it('writes for each imported receipt the audit event the unit of work writes for one entered by hand', async () => {
    const noticeId = await newNotice();
    const csv =
      'Belegnummer;Rechnungsdatum;Zahlungsdatum;Empfänger;Verwendungszweck;Kategorie;Betrag;zuwendungsfähig;Bemerkung\n' +
      'A-1;01.07.2020;15.07.2020; Müller GmbH ;Server;Hardware;1.234,50;1.000,00;geteilt\n' +
      'A-2;02.07.2020;;Meier;Lizenz;Software;99,99;;\n';
    const report = await importFile(noticeId, 'audit.csv', utf8(csv));
    const [byHand] = await recordExpenditures(em(), system, noticeId, [
      {
        receiptNumber: 'A-1',
        invoiceDate: '2020-07-01',
        paymentDate: '2020-07-15',
        payee: 'Müller GmbH',
        purpose: 'Server',
        category: 'HARDWARE',
        amount: new Dec('1234.50'),
        eligibleAmount: new Dec('1000.00'),
        remark: 'geteilt',
      },
    ]);
    const events = await em().find(AuditEvent, { entityType: 'Expenditure', entityId: { $in: [byHand!.id] } });
    const imported = await em().find(Expenditure, { importBatch: report.batchId }, { orderBy: { receiptNumber: 'asc' } });
    const importedEvents = await em().find(
      AuditEvent,
      { entityId: { $in: imported.map((receipt) => receipt.id) } },
      { orderBy: { id: 'asc' } },
    );
    expect(importedEvents).toHaveLength(2);
    const [first, second] = imported.map((receipt) => importedEvents.find((event) => event.entityId === receipt.id)!);
    const handState = events[0]!.after!;
    // Same keys in the same order, same formats; only identity, time, source and batch differ.
    expect(Object.keys(first!.after!)).toEqual(Object.keys(handState));
    expect(first!.after).toEqual({
      ...handState,
      id: imported[0]!.id,
      createdAt: imported[0]!.createdAt.toISOString(),
      source: 'IMPORT',
      importBatch: report.batchId,
    });
    expect(second!.after).toMatchObject({
      receiptNumber: 'A-2',
      paymentDate: null,
      amount: '99.99',
      eligibleAmount: '99.99',
      remark: null,
    });
    expect(first).toMatchObject({ action: 'CREATE', before: null, actorSubject: 'system', entityType: 'Expenditure' });
    // A receipt entered through the API's single path is written the same way.
    const single = await recordExpenditure(em(), system, noticeId, {
      receiptNumber: 'A-1',
      invoiceDate: '2020-07-01',
      paymentDate: '2020-07-15',
      payee: 'Müller GmbH',
      purpose: 'Server',
      category: 'HARDWARE',
      amount: new Dec('1234.50'),
      eligibleAmount: new Dec('1000.00'),
      remark: 'geteilt',
    });
    expect(single).toMatchObject({ receiptNumber: 'A-1', invoiceDate: '2020-07-01', paymentDate: '2020-07-15', source: 'MANUAL' });
    expect(single.amount.toFixed(2)).toBe('1234.50');
    const [singleEvent] = await em().find(AuditEvent, { entityId: single.id });
    expect(singleEvent!.after).toEqual({ ...handState, id: single.id, createdAt: single.createdAt.toISOString() });
    // The batch itself is audited too.
    expect(await em().count(AuditEvent, { entityType: 'ImportBatch', entityId: report.batchId! })).toBe(1);
  });

  it('the same file may be imported on another notice', async () => {
    const [first, second] = [await newNotice(), await newNotice()];
    const bytes = windows1252(receiptFile(3, null).csv);
    expect((await importFile(first, 'x.csv', bytes)).imported).toBe(true);
    expect((await importFile(second, 'x.csv', bytes)).imported).toBe(true);
  });
});

describe('receipt numbers booked before', () => {
  const header = 'Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag;Korrektur';
  const hint = 'markieren Sie die Zeile in der Spalte „Korrektur“, wenn sie den Beleg bewusst ergänzt.';

  it('refuses a row whose receipt number is booked on the notice, and imports it marked as a correction', async () => {
    const noticeId = await newNotice();
    const first = await importFile(
      noticeId,
      'juli.csv',
      utf8(`${header}\nRE-1;01.07.2020;15.07.2020;Müller GmbH;Lizenz;Software;1.234,56;\n`),
    );
    expect(first.imported).toBe(true);
    const before = await stored(noticeId);
    const again = (correction: string) =>
      utf8(
        `${header}\nRE-2;02.07.2020;16.07.2020;Müller GmbH;Wartung;Software;99,00;\nRE-1;01.07.2020;20.07.2020;Müller GmbH;Nachlieferung;Software;10,00;${correction}\n`,
      );
    const refusedProblem = {
      row: 3,
      column: 'Belegnummer',
      problem: `Die Belegnummer RE-1 ist auf diesem Zuwendungsbescheid bereits gebucht (Rechnung vom 01.07.2020 über 1.234,56 €); ${hint}`,
      duplicate: 'BOOKED',
    };
    const dryRun = await importFile(noticeId, 'august.csv', again(''), true);
    expect(dryRun.problems).toEqual([refusedProblem]);
    const refused = await importFile(noticeId, 'august.csv', again(''));
    expect(refused).toMatchObject({ imported: false, batchId: null, problems: [refusedProblem] });
    expect(await stored(noticeId)).toEqual(before);

    const corrected = await importFile(noticeId, 'august.csv', again('ja'));
    expect(corrected.problems).toEqual([]);
    expect(corrected.imported).toBe(true);
    expect(await stored(noticeId)).toEqual({ receipts: 3, batches: 2, total: '1343.56' });
  });

  it('does not count a reversed receipt as booked', async () => {
    const noticeId = await newNotice();
    const [receipt] = await recordExpenditures(em(), system, noticeId, [
      {
        receiptNumber: 'S-1',
        invoiceDate: '2020-07-01',
        paymentDate: '2020-07-02',
        payee: 'Müller GmbH',
        purpose: 'Server',
        category: 'HARDWARE',
        amount: new Dec('500.00'),
        eligibleAmount: null,
        remark: null,
      },
    ]);
    const file = utf8(`${header}\nS-1;01.07.2020;02.07.2020;Müller GmbH;Server;Hardware;450,00;\n`);
    expect((await importFile(noticeId, 'storno.csv', file, true)).problems).toEqual([
      {
        row: 2,
        column: 'Belegnummer',
        problem: `Die Belegnummer S-1 ist auf diesem Zuwendungsbescheid bereits gebucht (Rechnung vom 01.07.2020 über 500,00 €); ${hint}`,
        duplicate: 'BOOKED',
      },
    ]);
    await reverseExpenditure(em(), system, receipt!.id, { reason: 'Falscher Betrag', reversedOn: '2020-07-10' });
    const report = await importFile(noticeId, 'storno.csv', file);
    expect([report.problems, report.imported]).toEqual([[], true]);
  });

  it('refuses a receipt number twice in one file on the later row, and a Korrektur that is no yes or no', async () => {
    const noticeId = await newNotice();
    const file = (marks: [string, string, string]) =>
      utf8(
        [
          header,
          `D-1;01.07.2020;02.07.2020;Müller GmbH;Server;Hardware;100,00;${marks[0]}`,
          'D-2;01.07.2020;02.07.2020;Müller GmbH;Maus;Hardware;10,00;',
          `D-1;01.07.2020;03.07.2020;Müller GmbH;Kabel;Hardware;5,00;${marks[1]}`,
          `D-2;01.07.2020;04.07.2020;Müller GmbH;Tastatur;Hardware;20,00;${marks[2]}`,
        ].join('\n'),
      );
    const refused = await importFile(noticeId, 'doppelt.csv', file(['nein', '', 'vielleicht']));
    expect(refused.problems).toEqual([
      {
        row: 4,
        column: 'Belegnummer',
        problem: `Die Belegnummer D-1 steht bereits in Zeile 2 dieser Datei; ${hint}`,
        duplicate: 'IN_FILE',
      },
      { row: 5, column: 'Korrektur', problem: '„vielleicht“ ist kein Ja oder Nein; schreiben Sie „ja“ oder lassen Sie die Zelle leer.' },
    ]);
    expect(await stored(noticeId)).toEqual({ receipts: 0, batches: 0, total: '0.00' });
    const accepted = await importFile(noticeId, 'doppelt.csv', file(['N', 'X', 'Wahr']));
    expect([accepted.problems, accepted.imported]).toEqual([[], true]);
    expect(await stored(noticeId)).toEqual({ receipts: 4, batches: 1, total: '135.00' });
  });
});

describe('receipts that are booked but do not count', () => {
  it('lists a payment after the approval period and a category without a budget line, in a dry run and in the import', async () => {
    const noticeId = await newNotice();
    const csv = utf8(
      [
        'Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag',
        'Z-1;01.07.2020;15.07.2020;Müller GmbH;Server;Hardware;1.000,00',
        'Z-2;15.12.2021;15.01.2022;Müller GmbH;Wartung;Software;250,00',
        'Z-3;01.08.2020;10.08.2020;Deutsche Bahn;Fahrt nach Erfurt;Reisekosten;89,90',
      ].join('\n'),
    );
    const expected = [
      {
        row: 3,
        receiptNumber: 'Z-2',
        reason: 'PAID_AFTER_PERIOD',
        explanation: 'Bezahlt am 15.01.2022, nach dem Ende des Bewilligungszeitraums am 31.12.2021.',
      },
      {
        row: 4,
        receiptNumber: 'Z-3',
        reason: 'CATEGORY_NOT_PLANNED',
        explanation: 'Der Finanzierungsplan hat keinen Ansatz für die Kostenkategorie „Reisekosten“.',
      },
    ];
    const dryRun = await importFile(noticeId, 'zaehlt.csv', csv, true);
    expect(dryRun).toMatchObject({ dryRun: true, imported: false, problems: [], notCounting: expected });
    expect(await stored(noticeId)).toEqual({ receipts: 0, batches: 0, total: '0.00' });
    const imported = await importFile(noticeId, 'zaehlt.csv', csv);
    expect(imported).toMatchObject({ imported: true, problems: [], notCounting: expected });
    expect(await stored(noticeId)).toEqual({ receipts: 3, batches: 1, total: '1339.90' });
  });
});

describe('who may import', () => {
  const actor = (role: Actor['role'], recipientAgs: string[]): Actor => ({
    subject: `test-${role}`,
    name: role,
    role,
    recipientAgs,
    cooperationId: null,
  });
  const csv = utf8(
    'Belegnummer;Rechnungsdatum;Zahlungsdatum;Empfänger;Verwendungszweck;Kategorie;Betrag\nW-1;01.07.2020;;Müller;Server;Hardware;10,00\n',
  );

  it("the recipient's finance officer imports; another's does not see the notice; an auditor may not write", async () => {
    const noticeId = await newNotice();
    const own = await Access.resolve(em(), actor('FINANCE_OFFICER', [recipient.ags]));
    expect((await importFile(noticeId, 'own.csv', csv, false, own)).imported).toBe(true);
    const other = await Access.resolve(em(), actor('FINANCE_OFFICER', ['16999']));
    await refusal(importFile(noticeId, 'other.csv', csv, true, other), NotFoundError);
    const auditor = await Access.resolve(em(), actor('AUDITOR', []));
    await refusal(importFile(noticeId, 'auditor.csv', csv, true, auditor), ForbiddenError);
    await refusal(importFile('not-an-id', 'x.csv', csv, true), NotFoundError);
  });

  it('a revoked notice takes no receipts, not even in a dry run', async () => {
    const noticeId = await newNotice();
    const notice = await em().findOneOrFail(GrantNotice, noticeId);
    await updateGrantNotice(em(), system, noticeId, notice.version, { status: 'REVOKED' });
    const error = await refusal(importFile(noticeId, 'x.csv', csv, true), Error);
    expect(error.message).toMatch(/ist widerrufen; auf ihn können keine Belege mehr gebucht werden/);
  });
});

/**
 * A Buchungsexport of `rows` receipts with German amounts (thousands separators on larger ones), and
 * the exact total in cents, summed as integers while the file is written. Row numbers count the
 * header as row 1; `badRow` gets an amount with three decimals.
 */
function receiptFile(rows: number, badRow: number | null): { csv: string; totalCents: bigint } {
  const lines = ['Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag'];
  const categories = ['Personal', 'Beratung', 'Software', 'Hardware', 'Schulung', 'Reisekosten', 'Sonstiges'];
  let totalCents = 0n;
  for (let index = 0; index < rows; index += 1) {
    const row = index + 2;
    const cents = BigInt(((index * 7919) % 2_500_000) + 1);
    totalCents += cents;
    const euros = (cents / 100n).toString().replace(/\B(?=(\d{3})+$)/g, '.');
    const amount = row === badRow ? '12,345' : `${euros},${String(cents % 100n).padStart(2, '0')}`;
    const day = String((index % 28) + 1).padStart(2, '0');
    const month = String((index % 12) + 1).padStart(2, '0');
    lines.push(
      `B-${row};${day}.${month}.2020;${day}.${month}.2021;Müller GmbH ${index % 50};Beleg ${row} für Straßenmeisterei;${categories[index % 7]};${amount}`,
    );
  }
  return { csv: lines.join('\r\n') + '\r\n', totalCents };
}

describe('reading workbooks', () => {
  it('reads text and number cells of a workbook as a stream, row by row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Belege');
    sheet.addRow(['Belegnummer', 'Betrag', 'Empfänger']);
    for (let index = 1; index <= 200; index += 1) sheet.addRow([`RE-${index}`, index + 0.5, `Lieferant ${index % 7}`]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const seen: SourceRow[] = [];
    for await (const row of xlsxRows(bytes)) seen.push(row);
    expect(seen).toHaveLength(201);
    expect(seen[0]).toEqual({ row: 1, cells: ['Belegnummer', 'Betrag', 'Empfänger'] });
    expect(seen[200]).toEqual({ row: 201, cells: ['RE-200', 200.5, 'Lieferant 4'] });
  });
});

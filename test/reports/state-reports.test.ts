// Mittelabruf, Budgetprüfung and Programmübersicht downloaded over HTTP on the demonstration data,
// opened again with exceljs and recalculated by LibreOffice: their figures are the API's.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken, type LocalTokenRequest } from '../../src/http/authentication.js';
import { BUDGET_CHECK_HEADERS, BUDGET_CHECK_SHEET, BUDGET_CHECK_SUM_COLUMNS } from '../../src/reports/budget-check.js';
import { DISBURSEMENT_REQUEST_SHEETS, EARLIER_PAYMENT_HEADERS } from '../../src/reports/disbursement-request.js';
import {
  BUDGET_YEAR_HEADERS,
  COOPERATION_OVERVIEW_HEADERS,
  NOTICE_OVERVIEW_HEADERS,
  NOTICE_OVERVIEW_SUM_COLUMNS,
  PROGRAMME_OVERVIEW_SHEETS,
} from '../../src/reports/programme-overview.js';
import { CATEGORY_LABELS, REVOKED_HEADING } from '../../src/reports/workbook.js';
import { startService, type RunningService } from '../../src/server.js';
import { type Download, downloadReport, openWorkbook, rowLabelled } from '../support/workbooks.js';
import { postGraphQL, testConfig } from '../support/api.js';
import { findSoffice, recalculatedSheets } from '../support/libreoffice.js';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-register-state-reports-'));
let service: RunningService;

type TokenRequest = Omit<LocalTokenRequest, 'subject'>;
const KYFFHAEUSER: TokenRequest = { role: 'FINANCE_OFFICER', recipients: ['16065'] };
const UNSTRUT_HAINICH: TokenRequest = { role: 'FINANCE_OFFICER', recipients: ['16064'] };
const AUDITOR: TokenRequest = { role: 'AUDITOR' };
const SERVICE_TEAM = 'Interkommunales E-Government-Serviceteam Nordthüringen';

function token(request: TokenRequest): Promise<string> {
  return signLocalToken(path.join(tempDir, 'auth-secret'), { subject: `test-${request.role}`, ...request });
}

async function query<T>(text: string, as: TokenRequest, variables?: Record<string, unknown>): Promise<T> {
  const response = await postGraphQL<T>(service.url, text, variables, await token(as));
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!;
}

async function download(reportPath: string, as: TokenRequest): Promise<Download> {
  return downloadReport(service.url, reportPath, await token(as));
}

function numberOf(value: ExcelJS.CellValue): number | null {
  // exceljs reads a stored result of 0 (`<v>0</v>`, as the file has it) as no result at all.
  if (typeof value === 'object' && value !== null && 'formula' in value) return typeof value.result === 'number' ? value.result : 0;
  return typeof value === 'number' ? value : null;
}

/** A money cell as the API writes money: two decimals, a point. */
function money(value: ExcelJS.CellValue): string {
  const number = numberOf(value);
  expect(number, `money cell ${JSON.stringify(value)}`).not.toBeNull();
  return number!.toFixed(2);
}

function headersOf(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[] {
  return (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1);
}

/**
 * The value of the formulas the reports write (SUM of a range or a list, capped totals MIN(SUM, SUM), references joined by + and −,
 * another sheet's cell) from the stored cells, so that every stored result can be checked against it.
 */
function evaluate(workbook: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, formula: string): number {
  const cell = (reference: string): number => {
    const match = /^(?:'([^']+)'!)?([A-Z]+\d+)$/.exec(reference.trim());
    expect(match, `reference ${reference}`).not.toBeNull();
    const [, sheetName, address] = match!;
    const target = sheetName ? workbook.getWorksheet(sheetName)! : sheet;
    return numberOf(target.getCell(address!).value) ?? 0;
  };
  // A recognised total capped at its plan, per notice: MIN(SUM(…),SUM(…))+MIN(SUM(…),SUM(…))…
  if (formula.startsWith('MIN(')) {
    return [...formula.matchAll(/MIN\(SUM\(([^)]*)\),SUM\(([^)]*)\)\)/g)].reduce(
      (total, [, recognised, planned]) =>
        total + Math.min(evaluate(workbook, sheet, `SUM(${recognised})`), evaluate(workbook, sheet, `SUM(${planned})`)),
      0,
    );
  }
  const sum = /^SUM\((.*)\)$/.exec(formula);
  if (sum) {
    return sum[1]!.split(',').reduce((total, part) => {
      const range = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(part);
      if (!range) return total + cell(part);
      let subtotal = 0;
      for (let row = Number(range[2]); row <= Number(range[4]); row++) subtotal += cell(`${range[1]}${row}`);
      return total + subtotal;
    }, 0);
  }
  if (/^\d+$/.test(formula)) return Number(formula);
  return formula
    .split(/(?=[+-])/)
    .reduce((total, term) => (term.startsWith('-') ? total - cell(term.slice(1)) : total + cell(term.replace(/^\+/, ''))), 0);
}

/** Checks every formula's stored result against the stored cells it refers to; returns how many there were. */
function checkStoredResults(workbook: ExcelJS.Workbook): number {
  let formulas = 0;
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        const value = cell.value;
        if (typeof value !== 'object' || value === null || !('formula' in value)) return;
        const formula = value.formula;
        expect(typeof formula, `${sheet.name}!${cell.address}`).toBe('string');
        expect(numberOf(value), `${sheet.name}!${cell.address}`).toBeCloseTo(evaluate(workbook, sheet, formula as string), 2);
        formulas += 1;
      });
    });
  }
  return formulas;
}

const soffice = findSoffice();
if (!soffice) console.warn('LibreOffice (soffice) is not on PATH: the recalculation tests of the state reports are skipped.');

/** LibreOffice's recalculated value of every stored number, compared with the stored one. */
async function checkRecalculated(name: string, bytes: Buffer): Promise<Map<string, string[][]>> {
  const xlsx = path.join(tempDir, `${name}.xlsx`);
  fs.writeFileSync(xlsx, bytes);
  const sheets = await recalculatedSheets(soffice!, xlsx);
  const workbook = await openWorkbook(bytes);
  expect([...sheets.keys()].sort()).toEqual(workbook.worksheets.map((sheet) => sheet.name).sort());
  let formulas = 0;
  for (const sheet of workbook.worksheets) {
    const csv = sheets.get(sheet.name)!;
    sheet.eachRow((row, rowNumber) => {
      row.eachCell((cell, column) => {
        const stored = numberOf(cell.value);
        if (stored === null) return;
        const shown = csv[rowNumber - 1]?.[column - 1] ?? '';
        const recalculated = shown.endsWith('%') ? Number(shown.slice(0, -1)) / 100 : Number(shown);
        expect(recalculated, `${sheet.name}!${cell.address} = "${shown}"`).toBeCloseTo(stored, 6);
        if (typeof cell.value === 'object') formulas += 1;
      });
    });
  }
  expect(formulas).toBeGreaterThan(0);
  return sheets;
}

interface ApiRequest {
  id: string;
  reportPath: string;
  requestedOn: string;
  amount: string;
  purpose: string;
}
interface ApiNotice {
  id: string;
  reference: string;
  noticeDate: string;
  approvedAmount: string;
  recipient: { name: string; ags: string };
  fundingProgram: { id: string; code: string; overviewReportPath: string };
  disbursementRequests: ApiRequest[];
  payments: { paidOn: string; amount: string; reversal: { id: string } | null }[];
}
const NOTICES = `{ grantNotices(first: 100) { edges { node { id reference noticeDate approvedAmount recipient { name ags }
  fundingProgram { id code overviewReportPath } disbursementRequests { id reportPath requestedOn amount purpose }
  payments { paidOn amount reversal { id } } } } } }`;

async function noticesOf(as: TokenRequest): Promise<ApiNotice[]> {
  return (await query<{ grantNotices: { edges: { node: ApiNotice }[] } }>(NOTICES, as)).grantNotices.edges.map((edge) => edge.node);
}

let kyffhaeuser: ApiNotice;
let serviceTeamId: string;

beforeAll(async () => {
  service = await startService(testConfig({ kind: 'pglite', dataDir: path.join(tempDir, 'pglite') }, tempDir), pino({ level: 'silent' }));
  [kyffhaeuser] = await noticesOf(KYFFHAEUSER);
  const cooperations = await query<{ cooperations: { edges: { node: { id: string; name: string } }[] } }>(
    '{ cooperations(first: 100) { edges { node { id name } } } }',
    AUDITOR,
  );
  serviceTeamId = cooperations.cooperations.edges.find((edge) => edge.node.name === SERVICE_TEAM)!.node.id;
});

afterAll(async () => {
  await service?.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('the Mittelabruf', () => {
  const formValue = (workbook: ExcelJS.Workbook, label: string) =>
    rowLabelled(workbook.getWorksheet(DISBURSEMENT_REQUEST_SHEETS[0])!, label).getCell(2).value;

  it('of the Kyffhäuserkreis shows its request with the notice’s figures', async () => {
    expect(kyffhaeuser.disbursementRequests).toHaveLength(1);
    const request = kyffhaeuser.disbursementRequests[0]!;
    expect(request.reportPath).toBe(`/reports/disbursement-request/${request.id}.xlsx`);
    const answer = await download(request.reportPath, KYFFHAEUSER);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toBe(
      `attachment; filename="Mittelabruf_TFM-EGOV-2020-0001_${request.requestedOn}.xlsx"`,
    );
    const workbook = await openWorkbook(answer.body);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([...DISBURSEMENT_REQUEST_SHEETS]);
    const [form, list] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(form.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(form.pageSetup).toMatchObject({ paperSize: 9, printTitlesRow: '1:1' });
    expect(headersOf(list)).toEqual([...EARLIER_PAYMENT_HEADERS]);
    expect(formValue(workbook, 'Zuwendungsempfänger')).toBe(kyffhaeuser.recipient.name);
    expect(formValue(workbook, 'Amtlicher Gemeindeschlüssel (AGS)')).toBe('16065');
    expect(formValue(workbook, 'Aktenzeichen')).toBe(kyffhaeuser.reference);
    expect(formValue(workbook, 'Datum des Bescheids')).toEqual(new Date(`${kyffhaeuser.noticeDate}T00:00:00Z`));
    expect(formValue(workbook, 'Datum des Abrufs')).toEqual(new Date(`${request.requestedOn}T00:00:00Z`));
    expect(formValue(workbook, 'Verwendungszweck')).toBe(request.purpose);
    expect(money(formValue(workbook, 'Bewilligte Zuwendung'))).toBe(kyffhaeuser.approvedAmount);
    expect(money(formValue(workbook, 'Bisher erhaltene Zuwendung'))).toBe('0.00');
    expect(money(formValue(workbook, 'Mit diesem Abruf angeforderter Betrag'))).toBe(request.amount);
    expect(money(formValue(workbook, 'Summe einschließlich dieses Abrufs'))).toBe(request.amount);
    expect(money(formValue(workbook, 'Verbleibende bewilligte Zuwendung'))).toBe(
      (Number(kyffhaeuser.approvedAmount) - Number(request.amount)).toFixed(2),
    );
    expect(form.getCell('B10').numFmt).toBe('#,##0.00 €');
    expect(checkStoredResults(workbook)).toBe(4);
  });

  it('of a later request counts the payments received before it, and LibreOffice agrees', { timeout: 180_000 }, async () => {
    const [notice] = await noticesOf(UNSTRUT_HAINICH);
    const [first, second] = notice!.disbursementRequests;
    const received = notice!.payments
      .filter((payment) => !payment.reversal && payment.paidOn < second!.requestedOn)
      .reduce((total, payment) => total + Number(payment.amount), 0);
    expect(received.toFixed(2)).toBe(first!.amount);
    const answer = await download(second!.reportPath, UNSTRUT_HAINICH);
    expect(answer.status).toBe(200);
    const workbook = await openWorkbook(answer.body);
    expect(money(formValue(workbook, 'Bisher erhaltene Zuwendung'))).toBe(received.toFixed(2));
    const after = received + Number(second!.amount);
    expect(money(formValue(workbook, 'Summe einschließlich dieses Abrufs'))).toBe(after.toFixed(2));
    expect(money(formValue(workbook, 'Verbleibende bewilligte Zuwendung'))).toBe((Number(notice!.approvedAmount) - after).toFixed(2));
    checkStoredResults(workbook);
    if (!soffice) return;
    const sheets = await checkRecalculated('Mittelabruf', answer.body);
    const remaining = sheets.get(DISBURSEMENT_REQUEST_SHEETS[0])!.find((row) => row[0] === 'Verbleibende bewilligte Zuwendung')!;
    expect(Number(remaining[1]).toFixed(2)).toBe((Number(notice!.approvedAmount) - after).toFixed(2));
  });

  it('is refused to the finance officer of another recipient', async () => {
    const answer = await download(kyffhaeuser.disbursementRequests[0]!.reportPath, UNSTRUT_HAINICH);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });
});

interface ApiLine {
  category: keyof typeof CATEGORY_LABELS;
  planned: string;
  actual: string;
  deviation: string;
  recognised: string;
  withinTolerance: boolean;
}
interface ApiMemberBudget {
  reference: string;
  recipientName: string;
  ags: string;
  budgetCheck: { lines: ApiLine[] };
}

describe('the budget check of the service team, for its team lead', () => {
  const teamLead = (): TokenRequest => ({ role: 'TEAM_LEAD', cooperation: serviceTeamId });

  it('shows every member’s budget lines of the API per programme, with subtotals as formulas', { timeout: 180_000 }, async () => {
    const programmes = await query<{ fundingPrograms: { edges: { node: { id: string; code: string } }[] } }>(
      '{ fundingPrograms(first: 100) { edges { node { id code } } } }',
      teamLead(),
    );
    const blocks: { code: string; members: ApiMemberBudget[] }[] = [];
    let reportPath = '';
    for (const { node } of programmes.fundingPrograms.edges) {
      const data = await query<{ cooperation: { budgetCheckReportPath: string; budgetOverview: ApiMemberBudget[] } }>(
        `query($id: ID!, $programme: ID!) { cooperation(id: $id) { budgetCheckReportPath budgetOverview(fundingProgramId: $programme) {
           reference recipientName ags budgetCheck { lines { category planned actual deviation recognised withinTolerance } } } } }`,
        teamLead(),
        { id: serviceTeamId, programme: node.id },
      );
      reportPath = data.cooperation.budgetCheckReportPath;
      if (data.cooperation.budgetOverview.length > 0) blocks.push({ code: node.code, members: data.cooperation.budgetOverview });
    }
    expect(reportPath).toBe(`/reports/budget-check/${serviceTeamId}.xlsx`);
    expect(blocks.length).toBeGreaterThan(0);

    const answer = await download(reportPath, teamLead());
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toMatch(
      /^attachment; filename="Budgetpruefung_Interkommunales-E-Government-Serviceteam-Nordthuringen_\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    const workbook = await openWorkbook(answer.body);
    const sheet = workbook.getWorksheet(BUDGET_CHECK_SHEET)!;
    expect(headersOf(sheet)).toEqual([...BUDGET_CHECK_HEADERS]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
    expect(sheet.autoFilter).toMatch(/^A1:J\d+$/);

    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row, number) => {
      if (number > 1 && row.getCell(3).value) rows.push(row);
    });
    const apiLines = blocks.flatMap((block) =>
      block.members.flatMap((member) => member.budgetCheck.lines.map((line) => ({ member, line }))),
    );
    expect(rows).toHaveLength(apiLines.length);
    apiLines.forEach(({ member, line }, index) => {
      const row = rows[index]!;
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]).toEqual([
        member.recipientName,
        member.ags,
        member.reference,
        CATEGORY_LABELS[line.category],
      ]);
      expect([5, 6, 7, 10].map((column) => money(row.getCell(column).value))).toEqual([
        line.planned,
        line.actual,
        line.deviation,
        line.recognised,
      ]);
      expect(row.getCell(9).value).toBe(line.withinTolerance ? 'ja' : 'nein');
    });
    for (const block of blocks) {
      const total = rowLabelled(sheet, `Summe Förderprogramm ${block.code}`);
      const lines = block.members.flatMap((member) => member.budgetCheck.lines);
      expect(money(total.getCell(5).value)).toBe(lines.reduce((sum, line) => sum + Number(line.planned), 0).toFixed(2));
      expect(money(total.getCell(6).value)).toBe(lines.reduce((sum, line) => sum + Number(line.actual), 0).toFixed(2));
      for (const name of new Set(block.members.map((member) => member.recipientName))) {
        const memberLines = block.members.filter((member) => member.recipientName === name).flatMap((member) => member.budgetCheck.lines);
        expect(money(rowLabelled(sheet, `Summe ${name}`).getCell(10).value)).toBe(
          memberLines.reduce((sum, line) => sum + Number(line.recognised), 0).toFixed(2),
        );
      }
    }
    expect(checkStoredResults(workbook)).toBeGreaterThanOrEqual(BUDGET_CHECK_SUM_COLUMNS.length * 2);

    if (!soffice) return;
    const sheets = await checkRecalculated('Budgetpruefung', answer.body);
    const total = sheets.get(BUDGET_CHECK_SHEET)!.find((row) => row[0] === `Summe Förderprogramm ${blocks[0]!.code}`)!;
    expect(Number(total[5]).toFixed(2)).toBe(money(rowLabelled(sheet, `Summe Förderprogramm ${blocks[0]!.code}`).getCell(6).value));
  });

  it('is refused to the finance officer of a recipient outside the cooperation', async () => {
    const answer = await download(`/reports/budget-check/${serviceTeamId}.xlsx`, { role: 'FINANCE_OFFICER', recipients: ['16077'] });
    expect(answer.status).toBe(404);
  });
});

interface ApiOverviewNotice {
  reference: string;
  status: string;
  approvedAmount: string;
  recipient: { name: string; ags: string };
  project: { cooperation: { name: string } | null };
  budgetCheck: { actualTotal: string };
  settlement: { paidTotal: string; recognisedTotal: string; finalGrant: string; balance: string };
  proofOfUseDue: string;
  proofOfUseOverdue: boolean;
}

describe('the programme overview', () => {
  it('shows every notice of the programme with the API’s figures to auditors', { timeout: 180_000 }, async () => {
    const programme = kyffhaeuser.fundingProgram;
    expect(programme.overviewReportPath).toBe(`/reports/programme-overview/${programme.id}.xlsx`);
    const data = await query<{
      grantNotices: { edges: { node: ApiOverviewNotice }[] };
      fundingProgram: { budgetYears: { year: number; budget: string; committed: string; available: string; spent: string }[] };
    }>(
      `query($programme: ID!) { fundingProgram(id: $programme) { budgetYears { year budget committed available spent } }
        grantNotices(first: 100, filter: { fundingProgramId: $programme }) { edges { node { reference status approvedAmount
          recipient { name ags } project { cooperation { name } } budgetCheck { actualTotal } settlement { paidTotal recognisedTotal finalGrant balance }
          proofOfUseDue proofOfUseOverdue } } } }`,
      AUDITOR,
      { programme: programme.id },
    );
    const notices = data.grantNotices.edges.map((edge) => edge.node);
    expect(notices.length).toBeGreaterThan(1);

    const answer = await download(programme.overviewReportPath, AUDITOR);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="Programmuebersicht_${programme.code}_\\d{4}-\\d{2}-\\d{2}\\.xlsx"$`),
    );
    const workbook = await openWorkbook(answer.body);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([...PROGRAMME_OVERVIEW_SHEETS]);
    const [sheet, years] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(headersOf(sheet)).toEqual([...NOTICE_OVERVIEW_HEADERS]);
    expect(headersOf(years)).toEqual([...BUDGET_YEAR_HEADERS]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getCell('F2').numFmt).toBe('#,##0.00 €');

    const byReference = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, number) => {
      const reference = row.getCell(3).value;
      if (number > 1 && typeof reference === 'string') byReference.set(reference, row);
    });
    expect([...byReference.keys()].sort()).toEqual(notices.map((notice) => notice.reference).sort());
    for (const notice of notices) {
      const row = byReference.get(notice.reference)!;
      expect([row.getCell(1).value, row.getCell(2).value]).toEqual([notice.recipient.name, notice.recipient.ags]);
      expect(NOTICE_OVERVIEW_SUM_COLUMNS.map((column) => money(row.getCell(column).value))).toEqual([
        notice.approvedAmount,
        notice.settlement.paidTotal,
        notice.budgetCheck.actualTotal,
        notice.settlement.recognisedTotal,
        notice.settlement.finalGrant,
        notice.settlement.balance,
      ]);
      expect(row.getCell(12).value).toEqual(new Date(`${notice.proofOfUseDue}T00:00:00Z`));
      expect(row.getCell(13).value).toBe(notice.proofOfUseOverdue ? 'ja' : 'nein');
    }
    const total = rowLabelled(sheet, 'Summe Förderprogramm');
    expect(money(total.getCell(6).value)).toBe(notices.reduce((sum, notice) => sum + Number(notice.approvedAmount), 0).toFixed(2));
    expect(money(total.getCell(11).value)).toBe(notices.reduce((sum, notice) => sum + Number(notice.settlement.balance), 0).toFixed(2));
    for (const name of new Set(notices.map((notice) => notice.recipient.name))) {
      expect(money(rowLabelled(sheet, `Summe ${name}`).getCell(7).value)).toBe(
        notices
          .filter((notice) => notice.recipient.name === name)
          .reduce((sum, notice) => sum + Number(notice.settlement.paidTotal), 0)
          .toFixed(2),
      );
    }
    data.fundingProgram.budgetYears.forEach((year, index) => {
      const row = years.getRow(index + 2);
      expect([row.getCell(1).value, ...[2, 3, 4, 5].map((column) => money(row.getCell(column).value))]).toEqual([
        year.year,
        year.budget,
        year.committed,
        year.available,
        year.spent,
      ]);
    });
    const cooperationSheet = workbook.getWorksheet('Kooperationen')!;
    expect(headersOf(cooperationSheet)).toEqual([...COOPERATION_OVERVIEW_HEADERS]);
    const cooperationNames = [
      ...new Set(notices.flatMap((notice) => (notice.project.cooperation ? [notice.project.cooperation.name] : []))),
    ];
    expect(cooperationNames).toContain(SERVICE_TEAM);
    expect(cooperationSheet.actualRowCount).toBe(cooperationNames.length + 1);
    for (const name of cooperationNames) {
      const members = notices.filter((notice) => notice.project.cooperation?.name === name);
      const row = rowLabelled(cooperationSheet, name);
      expect(row.getCell(2).value).toBe(members.length);
      const sum = (pick: (notice: ApiOverviewNotice) => string) =>
        members.reduce((total, notice) => total + Number(pick(notice)), 0).toFixed(2);
      expect([3, 4, 5, 6, 7, 8].map((column) => money(row.getCell(column).value))).toEqual([
        sum((notice) => notice.approvedAmount),
        sum((notice) => notice.settlement.paidTotal),
        sum((notice) => notice.budgetCheck.actualTotal),
        sum((notice) => notice.settlement.recognisedTotal),
        sum((notice) => notice.settlement.finalGrant),
        sum((notice) => notice.settlement.balance),
      ]);
    }
    expect(checkStoredResults(workbook)).toBeGreaterThan(NOTICE_OVERVIEW_SUM_COLUMNS.length * 2);

    if (!soffice) return;
    const sheets = await checkRecalculated('Programmuebersicht', answer.body);
    const recalculated = sheets.get(PROGRAMME_OVERVIEW_SHEETS[0])!.find((row) => row[0] === 'Summe Förderprogramm')!;
    expect(Number(recalculated[5]).toFixed(2)).toBe(money(total.getCell(6).value));
  });

  it('lists a revoked notice apart, below the totals, and counts it in none of them', async () => {
    const programme = kyffhaeuser.fundingProgram;
    const budgetCheckPath = `/reports/budget-check/${serviceTeamId}.xlsx`;
    const teamLead: TokenRequest = { role: 'TEAM_LEAD', cooperation: serviceTeamId };
    const before = await openWorkbook((await download(programme.overviewReportPath, AUDITOR)).body);
    const checkBefore = await openWorkbook((await download(budgetCheckPath, teamLead)).body);
    const projects = await query<{ projects: { edges: { node: { id: string; cooperation: { name: string } | null } }[] } }>(
      '{ projects(first: 100) { edges { node { id cooperation { name } } } } }',
      UNSTRUT_HAINICH,
    );
    const project = projects.projects.edges.find((edge) => edge.node.cooperation?.name === SERVICE_TEAM)!.node;
    const created = await query<{ createGrantNotice: { id: string; version: number } }>(
      `mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id version } }`,
      UNSTRUT_HAINICH,
      {
        input: {
          reference: 'TFM-EGOV-2020-WIDERRUF',
          noticeDate: '2020-09-01',
          fundingProgramId: programme.id,
          projectId: project.id,
          financingType: 'SHARE',
          rate: '0.8',
          eligibleCosts: '1250.00',
          approvedAmount: '1000.00',
          approvalPeriod: { start: '2020-09-01', end: '2020-12-31' },
          budgetLines: [{ category: 'SOFTWARE', planned: '1250.00' }],
        },
      },
    );
    await query(
      `mutation ($id: ID!, $v: Int!) { updateGrantNotice(id: $id, expectedVersion: $v, input: { status: REVOKED }) { status } }`,
      UNSTRUT_HAINICH,
      { id: created.createGrantNotice.id, v: created.createGrantNotice.version },
    );
    const after = await openWorkbook((await download(programme.overviewReportPath, AUDITOR)).body);
    const [sheetBefore, sheetAfter] = [before, after].map((workbook) => workbook.getWorksheet(PROGRAMME_OVERVIEW_SHEETS[0])!);
    const sums = (sheet: ExcelJS.Worksheet, label: string) =>
      NOTICE_OVERVIEW_SUM_COLUMNS.map((column) => money(rowLabelled(sheet, label).getCell(column).value));
    for (const label of ['Summe Förderprogramm', 'Summe Unstrut-Hainich-Kreis']) {
      expect(sums(sheetAfter, label), label).toEqual(sums(sheetBefore, label));
    }
    const cooperation = (workbook: ExcelJS.Workbook) =>
      (rowLabelled(workbook.getWorksheet('Kooperationen')!, SERVICE_TEAM).values as ExcelJS.CellValue[]).slice(2);
    expect(cooperation(after)).toEqual(cooperation(before));

    const heading = rowLabelled(sheetAfter, REVOKED_HEADING);
    expect(heading.number).toBeGreaterThan(rowLabelled(sheetAfter, 'Summe Förderprogramm').number);
    const listed = sheetAfter.getRow(heading.number + 1);
    expect((listed.values as ExcelJS.CellValue[]).slice(1, 7)).toEqual([
      'Unstrut-Hainich-Kreis',
      '16064',
      'TFM-EGOV-2020-WIDERRUF',
      expect.any(String),
      'widerrufen',
      1000,
    ]);
    expect(sheetAfter.actualRowCount).toBe(sheetBefore.actualRowCount + 2);
    expect(checkStoredResults(after)).toBe(checkStoredResults(before));

    // The team lead's Budgetprüfung names it below the programme's total and counts it nowhere either.
    const checkAfter = await openWorkbook((await download(budgetCheckPath, teamLead)).body);
    const [budgetBefore, budgetAfter] = [checkBefore, checkAfter].map((workbook) => workbook.getWorksheet(BUDGET_CHECK_SHEET)!);
    const programmeTotal = `Summe Förderprogramm ${programme.code}`;
    const totals = (sheet: ExcelJS.Worksheet) =>
      BUDGET_CHECK_SUM_COLUMNS.map((column) => money(rowLabelled(sheet, programmeTotal).getCell(column).value));
    expect(totals(budgetAfter)).toEqual(totals(budgetBefore));
    const named = rowLabelled(budgetAfter, REVOKED_HEADING);
    expect(named.number).toBe(rowLabelled(budgetAfter, programmeTotal).number + 1);
    expect((budgetAfter.getRow(named.number + 1).values as ExcelJS.CellValue[]).slice(1)).toEqual([
      'Unstrut-Hainich-Kreis',
      '16064',
      'TFM-EGOV-2020-WIDERRUF',
      'widerrufen',
    ]);
    expect(checkStoredResults(checkAfter)).toBe(checkStoredResults(checkBefore));
  });

  it('limits a finance officer to the own notices', async () => {
    const answer = await download(kyffhaeuser.fundingProgram.overviewReportPath, KYFFHAEUSER);
    expect(answer.status).toBe(200);
    const sheet = (await openWorkbook(answer.body)).getWorksheet(PROGRAMME_OVERVIEW_SHEETS[0])!;
    const agsKeys = new Set<ExcelJS.CellValue>();
    sheet.eachRow((row, number) => {
      if (number > 1 && row.getCell(3).value) agsKeys.add(row.getCell(2).value);
    });
    expect([...agsKeys]).toEqual(['16065']);
  });

  it('is refused to the finance officer of a recipient without a notice in the programme', async () => {
    const answer = await download(kyffhaeuser.fundingProgram.overviewReportPath, { role: 'FINANCE_OFFICER', recipients: ['16070'] });
    expect(answer.status).toBe(404);
  });
});

// Programmübersicht for auditors: every notice of a funding programme in the caller's scope with its
// payments, spending, settlement and proof-of-use deadline, subtotals per recipient and per cooperation,
// and budget years. A revoked notice counts in no total: it is listed apart below the programme's total.
import type ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { ZERO, type Dec } from '../domain/decimal.js';
import type { GrantNoticeStatus } from '../domain/enums.js';
import type { LocalDate } from '../domain/local-date.js';
import { isProofOfUseOverdue, proofOfUseDue } from '../domain/proof-of-use.js';
import { validate as isUuid } from 'uuid';
import { Cooperation, GrantNotice, Recipient, type FundingProgram } from '../entities/index.js';
import type { Access } from '../services/access.js';
import { NotFoundError } from '../services/errors.js';
import { budgetChecksOf, type BudgetCheckFigures } from '../services/budget-check.js';
import { budgetYears, getFundingProgram } from '../services/programs.js';
import { describeOverviewFilter, programmeOverview, type ProgrammeOverviewFilter } from '../services/programme-overview.js';
import type { Em } from '../services/records.js';
import { settlementsOf, todayInBerlin, type SettlementFigures } from '../services/settlement.js';
import type { PreparedReport } from './proof-of-use.js';
import {
  addSheet,
  columnLetter,
  DATE_FORMAT,
  dateCell,
  fileNamePart,
  headerRow,
  moneyCell,
  MONEY_FORMAT,
  REVOKED_HEADING,
  streamingWorkbook,
} from './workbook.js';

/** Notices whose figures are computed together. */
const FIGURES_BATCH = 500;

export const PROGRAMME_OVERVIEW_SHEETS = ['Bescheide', 'Haushaltsjahre', 'Kooperationen'] as const;

export const NOTICE_OVERVIEW_HEADERS = [
  'Zuwendungsempfänger',
  'AGS',
  'Aktenzeichen',
  'Vorhaben',
  'Status',
  'Bewilligt',
  'Ausgezahlt',
  'Ausgaben (Ist)',
  'Anerkannt',
  'Zuwendung endgültig',
  'Saldo',
  'Verwendungsnachweis fällig am',
  'Verwendungsnachweis überfällig',
] as const;

/** Bewilligt … Saldo. */
export const NOTICE_OVERVIEW_SUM_COLUMNS = [6, 7, 8, 9, 10, 11] as const;

export const COOPERATION_OVERVIEW_HEADERS = [
  'Kooperation',
  'Bescheide',
  'Bewilligt',
  'Ausgezahlt',
  'Ausgaben (Ist)',
  'Anerkannt',
  'Zuwendung endgültig',
  'Saldo',
] as const;

export const BUDGET_YEAR_HEADERS = ['Haushaltsjahr', 'Haushaltsansatz', 'gebunden', 'verfügbar', 'ausgegeben'] as const;

/** The line below the table that states the filter of a workbook of a selection. */
export const FILTER_HEADING = 'Auswahl';

const STATUS_LABELS: Record<GrantNoticeStatus, string> = { APPROVED: 'bewilligt', SETTLED: 'abgerechnet', REVOKED: 'widerrufen' };

export function programmeOverviewPath(fundingProgramId: string): string {
  return `/reports/programme-overview/${fundingProgramId}.xlsx`;
}

/**
 * Programmes are public, their notices are not: a caller limited to some recipients who sees no
 * notice of the programme is refused as if it did not exist, like any other record outside the scope.
 */
export async function prepareProgrammeOverview(
  em: Em,
  access: Access,
  fundingProgramId: string,
  today: LocalDate = todayInBerlin(),
  /** Only the notices of this selection, as Query.programmeOverview filters them; the sheet states it. */
  filter: ProgrammeOverviewFilter = {},
): Promise<PreparedReport> {
  const programme = await getFundingProgram(em, fundingProgramId);
  const filtered = Object.values(filter).some((value) => value != null);
  const notices = filtered
    ? (await programmeOverview(em, access, programme.id, filter, null, today)).rows.map((row) => row.notice)
    : await em.find(GrantNotice, access.withinRecipients<GrantNotice>({ fundingProgram: programme.id }), {
        populate: ['currentVersion', 'recipient', 'project', 'project.cooperation'],
        orderBy: { recipient: { ags: 'asc' }, reference: 'asc' },
      });
  if (!filtered && !access.readsEverything && notices.length === 0) throw new NotFoundError('Funding programme', fundingProgramId);
  const selection = filtered ? await filterDescription(em, filter) : [];
  return {
    fileName: `Programmuebersicht_${fileNamePart(programme.code)}_${today}.xlsx`,
    write: (target) => writeProgrammeOverview(em, access, programme, notices, today, target, selection),
  };
}

/** The filter in German, with the names of the recipient and the cooperation filtered by. */
async function filterDescription(em: Em, filter: ProgrammeOverviewFilter): Promise<string[]> {
  const recipient = filter.recipientId && isUuid(filter.recipientId) ? await em.findOne(Recipient, filter.recipientId) : null;
  const cooperation = filter.cooperationId && isUuid(filter.cooperationId) ? await em.findOne(Cooperation, filter.cooperationId) : null;
  return describeOverviewFilter(filter, { recipient: recipient?.name, cooperation: cooperation?.name });
}

type Sums = Record<(typeof NOTICE_OVERVIEW_SUM_COLUMNS)[number], Dec>;

async function writeProgrammeOverview(
  em: Em,
  access: Access,
  programme: FundingProgram,
  notices: GrantNotice[],
  today: LocalDate,
  target: Writable,
  /** The filter in German; empty when the workbook has every notice. */
  selection: readonly string[] = [],
): Promise<void> {
  const years = await budgetYears(em, programme.id);
  const workbook = streamingWorkbook(target, `Programmübersicht ${programme.code}`, dateCell(today));
  workbook.subject = programme.name;

  const sheet = addSheet(workbook, PROGRAMME_OVERVIEW_SHEETS[0], {
    headerRow: 1,
    landscape: true,
    columns: [
      { header: '', width: 30 },
      { header: '', width: 11 },
      { header: '', width: 22 },
      { header: '', width: 40 },
      { header: '', width: 12 },
      ...NOTICE_OVERVIEW_SUM_COLUMNS.map(() => ({ header: '', width: 16, numFmt: MONEY_FORMAT })),
      { header: '', width: 16, numFmt: DATE_FORMAT },
      { header: '', width: 14 },
    ],
  });
  headerRow(sheet, 1, NOTICE_OVERVIEW_HEADERS).commit();

  const zeroSums = (): Sums => ({ 6: ZERO, 7: ZERO, 8: ZERO, 9: ZERO, 10: ZERO, 11: ZERO });
  const grand = zeroSums();
  const subtotalRows: number[] = [];
  const cooperations = new Map<string, { name: string; notices: number; sums: Sums }>();
  // The figures of all notices in a few statements, computed in batches so that memory stays bounded.
  const checks = new Map<string, BudgetCheckFigures>();
  const settlements = new Map<string, SettlementFigures>();
  for (let start = 0; start < notices.length; start += FIGURES_BATCH) {
    const ids = notices.slice(start, start + FIGURES_BATCH).map((notice) => notice.id);
    const batch = await budgetChecksOf(em, ids);
    for (const [id, check] of batch) checks.set(id, check);
    for (const [id, settlement] of await settlementsOf(em, access, ids, today, async () => batch)) settlements.set(id, settlement);
  }
  /** A notice's row: its figures in the sum columns, which the blocks above the totals add up. */
  const noticeRow = (notice: GrantNotice): { values: ExcelJS.CellValue[]; figures: [keyof Sums, Dec][] } => {
    const version = notice.current;
    const check = checks.get(notice.id)!;
    const settlement = settlements.get(notice.id)!;
    const due = proofOfUseDue(version.approvalEnd, programme.proofOfUseMonths);
    const figures: [keyof Sums, Dec][] = [
      [6, version.approvedAmount],
      [7, settlement.paidTotal],
      [8, check.actualTotal],
      [9, settlement.recognisedTotal],
      [10, settlement.finalGrant],
      [11, settlement.balance],
    ];
    const values = [
      notice.recipient.name,
      notice.recipient.ags,
      notice.reference,
      notice.project.title,
      STATUS_LABELS[notice.status as GrantNoticeStatus],
      ...figures.map(([, value]) => moneyCell(value)),
      dateCell(due),
      isProofOfUseOverdue(due, today, notice.proofOfUseSubmittedOn ?? null) ? 'ja' : 'nein',
    ];
    return { values, figures };
  };
  // A revoked notice counts in no total; it is listed apart below them.
  const counted = notices.filter((notice) => notice.status !== 'REVOKED');
  const revoked = notices.filter((notice) => notice.status === 'REVOKED');
  let rowNumber = 1;
  let index = 0;
  while (index < counted.length) {
    const recipient = counted[index]!.recipient;
    const first = rowNumber + 1;
    const sums = zeroSums();
    for (; index < counted.length && counted[index]!.recipient.id === recipient.id; index++) {
      const notice = counted[index]!;
      const { values, figures } = noticeRow(notice);
      rowNumber += 1;
      const row = sheet.getRow(rowNumber);
      row.values = values;
      row.commit();
      for (const [column, value] of figures) sums[column] = sums[column].plus(value);
      // As in the API, a cooperation outside the caller's scope is not named.
      const cooperation = notice.project.cooperation;
      if (cooperation && access.canSeeCooperation(cooperation.id)) {
        const entry = cooperations.get(cooperation.id) ?? { name: cooperation.name, notices: 0, sums: zeroSums() };
        entry.notices += 1;
        for (const [column, value] of figures) entry.sums[column] = entry.sums[column].plus(value);
        cooperations.set(cooperation.id, entry);
      }
    }
    rowNumber += 1;
    const subtotal = sheet.getRow(rowNumber);
    subtotal.getCell(1).value = `Summe ${recipient.name}`;
    for (const column of NOTICE_OVERVIEW_SUM_COLUMNS) {
      const letter = columnLetter(column);
      subtotal.getCell(column).value = { formula: `SUM(${letter}${first}:${letter}${rowNumber - 1})`, result: moneyCell(sums[column]) };
      grand[column] = grand[column].plus(sums[column]);
    }
    subtotal.font = { bold: true };
    subtotal.commit();
    subtotalRows.push(rowNumber);
  }
  const lastRow = rowNumber;
  rowNumber += 1;
  const total = sheet.getRow(rowNumber);
  total.getCell(1).value = 'Summe Förderprogramm';
  for (const column of NOTICE_OVERVIEW_SUM_COLUMNS) {
    const cells = subtotalRows.map((row) => `${columnLetter(column)}${row}`);
    total.getCell(column).value = { formula: cells.length === 0 ? '0' : `SUM(${cells.join(',')})`, result: moneyCell(grand[column]) };
  }
  total.font = { bold: true };
  total.commit();
  if (revoked.length > 0) {
    rowNumber += 2;
    const heading = sheet.getRow(rowNumber);
    heading.getCell(1).value = REVOKED_HEADING;
    heading.font = { bold: true };
    heading.commit();
    for (const notice of revoked) {
      rowNumber += 1;
      const row = sheet.getRow(rowNumber);
      row.values = noticeRow(notice).values;
      row.commit();
    }
  }
  if (selection.length > 0) {
    rowNumber += 2;
    const stated = sheet.getRow(rowNumber);
    stated.getCell(1).value = `${FILTER_HEADING}: ${selection.join('; ')}`;
    stated.font = { italic: true };
    stated.commit();
  }
  sheet.autoFilter = `A1:M${lastRow}`;
  sheet.commit();

  const yearSheet = addSheet(workbook, PROGRAMME_OVERVIEW_SHEETS[1], {
    headerRow: 1,
    columns: [{ header: '', width: 14 }, ...BUDGET_YEAR_HEADERS.slice(1).map(() => ({ header: '', width: 18, numFmt: MONEY_FORMAT }))],
  });
  headerRow(yearSheet, 1, BUDGET_YEAR_HEADERS).commit();
  years.forEach((year, position) => {
    const row = yearSheet.getRow(position + 2);
    row.values = [year.year, moneyCell(year.budget), moneyCell(year.committed), moneyCell(year.available), moneyCell(year.spent)];
    row.commit();
  });
  const lastYear = Math.max(years.length + 1, 2);
  const yearTotal = yearSheet.getRow(lastYear + 1);
  const yearSum = (column: number, pick: (year: (typeof years)[number]) => Dec) => ({
    formula: `SUM(${columnLetter(column)}2:${columnLetter(column)}${lastYear})`,
    result: moneyCell(years.reduce((sum, year) => sum.plus(pick(year)), ZERO)),
  });
  yearTotal.values = [
    'Summe',
    yearSum(2, (year) => year.budget),
    yearSum(3, (year) => year.committed),
    yearSum(4, (year) => year.available),
    yearSum(5, (year) => year.spent),
  ];
  yearTotal.font = { bold: true };
  yearTotal.commit();
  yearSheet.autoFilter = `A1:E${lastYear}`;
  yearSheet.commit();

  // Plain values: the notices of a cooperation are spread over the recipients' blocks of "Bescheide",
  // and the figures are the same ones summed there.
  const cooperationSheet = addSheet(workbook, PROGRAMME_OVERVIEW_SHEETS[2], {
    headerRow: 1,
    landscape: true,
    columns: [
      { header: '', width: 48 },
      { header: '', width: 11 },
      ...NOTICE_OVERVIEW_SUM_COLUMNS.map(() => ({ header: '', width: 16, numFmt: MONEY_FORMAT })),
    ],
  });
  headerRow(cooperationSheet, 1, COOPERATION_OVERVIEW_HEADERS).commit();
  const byName = [...cooperations.values()].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  byName.forEach((cooperation, position) => {
    const row = cooperationSheet.getRow(position + 2);
    row.values = [
      cooperation.name,
      cooperation.notices,
      ...NOTICE_OVERVIEW_SUM_COLUMNS.map((column) => moneyCell(cooperation.sums[column])),
    ];
    row.commit();
  });
  cooperationSheet.autoFilter = `A1:H${Math.max(byName.length + 1, 2)}`;
  cooperationSheet.commit();

  await workbook.commit();
}

// Budgetprüfung of a cooperation for the service-team lead: per funding programme one block with the
// budget check of every visible member's notice, subtotals per member and per programme as formulas.
import type { Writable } from 'node:stream';
import { ZERO, type Dec } from '../domain/decimal.js';
import type { LocalDate } from '../domain/local-date.js';
import { FundingProgram, GrantNotice, type Cooperation } from '../entities/index.js';
import type { Access } from '../services/access.js';
import { cooperationBudgetOverview, type MemberBudgetView } from '../services/budget-overview.js';
import { getCooperation, membershipsOf } from '../services/cooperations.js';
import type { Em } from '../services/records.js';
import { todayInBerlin } from '../services/settlement.js';
import type { PreparedReport } from './proof-of-use.js';
import {
  addSheet,
  CATEGORY_LABELS,
  columnLetter,
  dateCell,
  fileNamePart,
  headerRow,
  moneyCell,
  MONEY_FORMAT,
  PERCENT_FORMAT,
  streamingWorkbook,
  REVOKED_HEADING,
} from './workbook.js';

export const BUDGET_CHECK_SHEET = 'Budgetprüfung';

export const BUDGET_CHECK_HEADERS = [
  'Mitglied',
  'AGS',
  'Aktenzeichen',
  'Kostenkategorie',
  'Ansatz',
  'Ist',
  'Abweichung',
  'Abweichung %',
  'Toleranz eingehalten',
  'anerkannt',
] as const;

/** The money columns that are summed: Ansatz, Ist, Abweichung, anerkannt. */
export const BUDGET_CHECK_SUM_COLUMNS = [5, 6, 7, 10] as const;

export function budgetCheckPath(cooperationId: string): string {
  return `/reports/budget-check/${cooperationId}.xlsx`;
}

/** The cooperation is looked up in the caller's scope before anything is written. */
export async function prepareBudgetCheck(
  em: Em,
  access: Access,
  cooperationId: string,
  today: LocalDate = todayInBerlin(),
): Promise<PreparedReport> {
  const cooperation = await getCooperation(em, access, cooperationId);
  return {
    fileName: `Budgetpruefung_${fileNamePart(cooperation.name)}_${today}.xlsx`,
    write: (target) => writeBudgetCheck(em, access, cooperation, today, target),
  };
}

/** The programmes in which a visible member of the cooperation has a notice, by code. */
async function programmesOfMembers(em: Em, members: readonly string[]): Promise<FundingProgram[]> {
  if (members.length === 0) return [];
  const notices = await em.find(GrantNotice, { recipient: { $in: [...members] } }, { fields: ['fundingProgram'] });
  const ids = [...new Set(notices.map((notice) => notice.fundingProgram.id))];
  return ids.length === 0 ? [] : em.find(FundingProgram, { id: { $in: ids } }, { orderBy: { code: 'asc' } });
}

async function writeBudgetCheck(em: Em, access: Access, cooperation: Cooperation, today: LocalDate, target: Writable): Promise<void> {
  const members = (await membershipsOf(em, access, cooperation.id)).map((membership) => membership.recipient.id);
  const programmes = await programmesOfMembers(em, members);
  // Revoked notices count in no total; each programme's block names them below its total.
  const revoked =
    members.length === 0
      ? []
      : await em.find(
          GrantNotice,
          { recipient: { $in: members }, status: 'REVOKED' },
          { populate: ['recipient'], orderBy: { recipient: { ags: 'asc' }, reference: 'asc' } },
        );
  const blocks: { programme: FundingProgram; overview: MemberBudgetView[]; revoked: GrantNotice[] }[] = [];
  for (const programme of programmes) {
    blocks.push({
      programme,
      overview: await cooperationBudgetOverview(em, access, cooperation.id, programme.id),
      revoked: revoked.filter((notice) => notice.fundingProgram.id === programme.id),
    });
  }

  const workbook = streamingWorkbook(target, `Budgetprüfung ${cooperation.name}`, dateCell(today));
  workbook.subject = cooperation.name;
  const sheet = addSheet(workbook, BUDGET_CHECK_SHEET, {
    headerRow: 1,
    landscape: true,
    columns: [
      { header: '', width: 32 },
      { header: '', width: 11 },
      { header: '', width: 22 },
      { header: '', width: 20 },
      { header: '', width: 16, numFmt: MONEY_FORMAT },
      { header: '', width: 16, numFmt: MONEY_FORMAT },
      { header: '', width: 16, numFmt: MONEY_FORMAT },
      { header: '', width: 13, numFmt: PERCENT_FORMAT },
      { header: '', width: 12 },
      { header: '', width: 16, numFmt: MONEY_FORMAT },
    ],
  });
  headerRow(sheet, 1, BUDGET_CHECK_HEADERS).commit();

  type Sums = Record<(typeof BUDGET_CHECK_SUM_COLUMNS)[number], Dec>;
  const zeroSums = (): Sums => ({ 5: ZERO, 6: ZERO, 7: ZERO, 10: ZERO });
  let rowNumber = 1;
  const writeSumRow = (label: string, formulaOf: (column: number) => string, sums: Sums) => {
    rowNumber += 1;
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = label;
    for (const column of BUDGET_CHECK_SUM_COLUMNS) {
      row.getCell(column).value = { formula: formulaOf(column), result: moneyCell(sums[column]) };
    }
    row.font = { bold: true };
    row.commit();
    return rowNumber;
  };

  for (const { programme, overview, revoked: revokedOfProgramme } of blocks) {
    rowNumber += 1;
    const title = sheet.getRow(rowNumber);
    title.getCell(1).value = `Förderprogramm ${programme.code}: ${programme.name}`;
    title.font = { bold: true, italic: true };
    title.commit();

    const programmeSums = zeroSums();
    const memberSumRows: number[] = [];
    // The overview is ordered by AGS, so that each member's notices follow one another.
    const members = new Map<string, MemberBudgetView[]>();
    for (const entry of overview) members.set(entry.notice.recipient.id, [...(members.get(entry.notice.recipient.id) ?? []), entry]);
    for (const entries of members.values()) {
      const recipient = entries[0]!.notice.recipient;
      const memberSums = zeroSums();
      const first = rowNumber + 1;
      // Each notice's recognised total is capped at its planned total (Rule 3), so the member's sum
      // of recognised amounts adds up the capped totals of its notices, not the lines.
      const noticeRanges: { first: number; last: number }[] = [];
      for (const { notice, budgetCheck } of entries) {
        const noticeFirst = rowNumber + 1;
        memberSums[10] = memberSums[10].plus(budgetCheck.recognisedTotal);
        for (const line of budgetCheck.lines) {
          rowNumber += 1;
          const row = sheet.getRow(rowNumber);
          row.values = [
            recipient.name,
            recipient.ags,
            notice.reference,
            CATEGORY_LABELS[line.category],
            moneyCell(line.planned),
            moneyCell(line.actual),
            moneyCell(line.deviation),
            line.deviationPercent === null ? '' : line.deviationPercent.toNumber(),
            line.withinTolerance ? 'ja' : 'nein',
            moneyCell(line.recognised),
          ];
          row.commit();
          memberSums[5] = memberSums[5].plus(line.planned);
          memberSums[6] = memberSums[6].plus(line.actual);
          memberSums[7] = memberSums[7].plus(line.deviation);
        }
        if (rowNumber >= noticeFirst) noticeRanges.push({ first: noticeFirst, last: rowNumber });
      }
      // A member whose notices have no budget lines gets one empty row, so that its subtotal is not over itself.
      const last = Math.max(rowNumber, first);
      rowNumber = last;
      const letter = (column: number) => columnLetter(column);
      memberSumRows.push(
        writeSumRow(
          `Summe ${recipient.name}`,
          (column) =>
            column === 10 && noticeRanges.length > 0
              ? noticeRanges.map((range) => `MIN(SUM(J${range.first}:J${range.last}),SUM(E${range.first}:E${range.last}))`).join('+')
              : `SUM(${letter(column)}${first}:${letter(column)}${last})`,
          memberSums,
        ),
      );
      for (const column of BUDGET_CHECK_SUM_COLUMNS) programmeSums[column] = programmeSums[column].plus(memberSums[column]);
    }
    writeSumRow(
      `Summe Förderprogramm ${programme.code}`,
      (column) => (memberSumRows.length === 0 ? '0' : `SUM(${memberSumRows.map((row) => `${columnLetter(column)}${row}`).join(',')})`),
      programmeSums,
    );
    if (revokedOfProgramme.length > 0) {
      rowNumber += 1;
      const heading = sheet.getRow(rowNumber);
      heading.getCell(1).value = REVOKED_HEADING;
      heading.font = { italic: true };
      heading.commit();
      for (const notice of revokedOfProgramme) {
        rowNumber += 1;
        const row = sheet.getRow(rowNumber);
        row.values = [notice.recipient.name, notice.recipient.ags, notice.reference, 'widerrufen'];
        row.commit();
      }
    }
    rowNumber += 1;
  }
  if (blocks.length === 0) {
    const row = sheet.getRow(2);
    row.getCell(1).value = 'Keine Zuwendungsbescheide sichtbarer Mitglieder.';
    row.commit();
    rowNumber = 2;
  }
  sheet.autoFilter = `A1:J${Math.max(rowNumber, 1)}`;
  sheet.commit();
  await workbook.commit();
}

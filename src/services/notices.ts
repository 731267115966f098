// Use cases of grant notices (Zuwendungsbescheide): Rule 1 on every new version of the figures.
import { LockMode, wrap, type FilterQuery } from '@mikro-orm/core';
import { sum, type Dec } from '../domain/decimal.js';
import { DomainInputError } from '../domain/errors.js';
import type { CostCategory, GrantNoticeStatus } from '../domain/enums.js';
import { balanceFinancing, checkNoticeFigures, checkYearCommitment, type Financing, type FinancingType } from '../domain/grant-approval.js';
import { compareLocalDates, formatGermanDate, yearOf, type LocalDate } from '../domain/local-date.js';
import { formatEuro, formatMoney } from '../domain/money.js';
import {
  BudgetLine,
  FundingProgram,
  GrantAmendment,
  GrantApplication,
  GrantNotice,
  GrantNoticeVersion,
  ProgramBudget,
  Project,
} from '../entities/index.js';
import { checkPlanLines } from './plan-lines.js';
import { committedInYear } from './programs.js';
import {
  findById,
  findForUpdate,
  groupedBy,
  paginate,
  relatedId,
  required,
  requiredText,
  resultFor,
  type Em,
  type PageArgs,
  MAX_DESCRIPTION_LENGTH,
} from './records.js';
import type { Access } from './access.js';

export interface PeriodInput {
  start: LocalDate;
  end: LocalDate;
}

/** The figures of one version of a notice. */
export interface NoticeFiguresInput {
  financingType: FinancingType;
  rate?: Dec | null;
  eligibleCosts: Dec;
  ownFunds?: Dec | null;
  thirdPartyFunds?: Dec | null;
  fixedAmount?: Dec | null;
  approvedAmount: Dec;
  approvalPeriod: PeriodInput;
  budgetYear?: number | null;
  budgetLines: { category: CostCategory; planned: Dec }[];
}

export interface GrantNoticeInput extends NoticeFiguresInput {
  reference: string;
  noticeDate: LocalDate;
  fundingProgramId: string;
  projectId: string;
  applicationId?: string | null;
}

export interface GrantNoticePatch {
  reference?: string | null;
  noticeDate?: LocalDate | null;
  status?: GrantNoticeStatus | null;
  /** Tatsächliche Drittmittel for the settlement (Rule 4). */
  actualThirdPartyFunds?: Dec | null;
  /** Submission of the Verwendungsnachweis (Rule 9). */
  proofOfUseSubmittedOn?: LocalDate | null;
}

/** An Änderungsbescheid: every figure left out stays as it is. */
export interface GrantAmendmentInput extends Partial<NoticeFiguresInput> {
  reference: string;
  /** Date of the Änderungsbescheid. */
  amendmentDate: LocalDate;
  /** The day its figures apply from, when it is not the amendment's date (e.g. back to the approval start). */
  effectiveFrom?: LocalDate | null;
  reason: string;
}

export interface GrantNoticeFilter {
  fundingProgramId?: string | null;
  recipientId?: string | null;
  cooperationId?: string | null;
  status?: GrantNoticeStatus | null;
  /** Haushaltsjahr of the figures in force. */
  year?: number | null;
}

/** A version's figures as entered: own funds left out (null) are the remainder of the financing plan. */
type DraftFigures = Omit<NoticeFiguresInput, 'ownFunds' | 'thirdPartyFunds' | 'budgetYear'> & {
  ownFunds: Dec | null;
  thirdPartyFunds: Dec;
  budgetYear: number;
};

/** A version's figures as stored, checked and balanced. */
type Figures = Omit<DraftFigures, 'ownFunds'> & Financing;

/** The amounts of a version's figures, as the domain rules and the version record take them. */
function amountsOf(figures: Figures) {
  return {
    eligibleCosts: figures.eligibleCosts,
    ownFunds: figures.ownFunds,
    ownFundsIsRemainder: figures.ownFundsIsRemainder,
    thirdPartyFunds: figures.thirdPartyFunds,
    fixedAmount: figures.fixedAmount ?? null,
    approvedAmount: figures.approvedAmount,
  };
}

/**
 * Everything Rule 1 and the financing plan demand of a version's figures, except the year's budget;
 * returns them with the own funds worked out where they are the remainder.
 */
function checkFigures(draft: DraftFigures, program: FundingProgram): Figures {
  const { approvalPeriod: period } = draft;
  if (compareLocalDates(period.start, period.end) > 0) {
    throw new DomainInputError(
      `Der Bewilligungszeitraum darf nicht enden (${formatGermanDate(period.end)}), bevor er beginnt (${formatGermanDate(period.start)}).`,
      { reason: 'DATE_OUT_OF_ORDER', field: 'approvalPeriod.end' },
    );
  }
  if (!Number.isInteger(draft.budgetYear) || draft.budgetYear < 1990 || draft.budgetYear > 2999) {
    throw new DomainInputError('Das Haushaltsjahr muss ein Jahr wie 2020 sein.', { reason: 'VALUE_OUT_OF_RANGE', field: 'budgetYear' });
  }
  for (const field of ['eligibleCosts', 'ownFunds', 'thirdPartyFunds', 'approvedAmount', 'fixedAmount', 'rate'] as const) {
    if (draft[field]?.isNegative()) {
      throw new DomainInputError(`${FIGURE_LABELS[field]} dürfen nicht negativ sein.`, { reason: 'NEGATIVE_AMOUNT', field });
    }
  }
  checkPlanLines(draft.budgetLines, program, 'budgetLines');
  if (draft.budgetLines.length === 0) {
    throw new DomainInputError('Ein Zuwendungsbescheid braucht einen Finanzierungsplan mit mindestens einem Ansatz.', {
      reason: 'REQUIRED',
      field: 'budgetLines',
    });
  }
  const planned = sum(draft.budgetLines.map((line) => line.planned));
  if (!planned.eq(draft.eligibleCosts)) {
    throw new DomainInputError(
      `Die Ansätze des Finanzierungsplans ergeben zusammen ${formatEuro(planned)}, die zuwendungsfähigen Ausgaben betragen aber ` +
        `${formatEuro(draft.eligibleCosts)}; der Finanzierungsplan muss die zuwendungsfähigen Ausgaben ergeben.`,
      {
        reason: 'PLAN_NOT_TOTAL',
        field: 'budgetLines',
        details: { plannedTotal: formatMoney(planned), eligibleCosts: formatMoney(draft.eligibleCosts) },
      },
    );
  }
  const { financing, violation: unbalanced } = balanceFinancing(draft);
  const figures: Figures = { ...draft, ...financing };
  const violations = checkNoticeFigures(
    { ...amountsOf(figures), financingType: figures.financingType, rate: figures.rate ?? null },
    { maxRate: program.maxRate, roundingMode: program.roundingMode },
  );
  // Co-funding above the costs is already the plan's excess.
  if (unbalanced) violations.push(unbalanced);
  if (violations.length > 0) throw DomainInputError.fromViolations(violations);
  return figures;
}

/** How the figures read in a message. */
const FIGURE_LABELS = {
  eligibleCosts: 'Zuwendungsfähige Ausgaben',
  ownFunds: 'Eigenmittel',
  thirdPartyFunds: 'Drittmittel',
  approvedAmount: 'Bewilligte Zuwendungen',
  fixedAmount: 'Festbeträge',
  rate: 'Fördersätze',
} as const;

/**
 * Rule 1, the year's budget: the budget row is locked so that two notices committing the same
 * year one after the other see each other's amounts.
 */
async function checkBudgetYear(em: Em, program: FundingProgram, year: number, approvedAmount: Dec, noticeId?: string): Promise<void> {
  const budget = await em.findOne(ProgramBudget, { fundingProgram: program, year }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const violation = checkYearCommitment({
    year,
    budget: budget?.amount ?? null,
    alreadyCommitted: await committedInYear(em, program.id, year, noticeId),
    additional: approvedAmount,
  });
  if (violation) throw DomainInputError.fromViolations([violation]);
}

function newVersion(em: Em, notice: GrantNotice, versionNo: number, effectiveFrom: LocalDate, figures: Figures): GrantNoticeVersion {
  const version = em.create(GrantNoticeVersion, {
    notice,
    versionNo,
    effectiveFrom,
    ...amountsOf(figures),
    financingType: figures.financingType,
    rate: figures.rate ?? null,
    approvalStart: figures.approvalPeriod.start,
    approvalEnd: figures.approvalPeriod.end,
    budgetYear: figures.budgetYear,
  });
  for (const line of figures.budgetLines) {
    version.budgetLines.add(em.create(BudgetLine, { noticeVersion: version, category: line.category, planned: line.planned }));
  }
  return version;
}

async function applicationFor(
  em: Em,
  id: string | null | undefined,
  project: Project,
  program: FundingProgram,
): Promise<GrantApplication | null> {
  if (!id) return null;
  const application = await findById(em, GrantApplication, 'Grant application', id);
  if (application.project.id !== project.id || application.fundingProgram.id !== program.id) {
    throw new DomainInputError('Der Förderantrag gehört zu einem anderen Vorhaben oder Förderprogramm als der Bescheid.', {
      reason: 'APPLICATION_OF_OTHER_PROJECT',
      field: 'applicationId',
    });
  }
  return application;
}

export async function createGrantNotice(em: Em, access: Access, input: GrantNoticeInput): Promise<GrantNotice> {
  access.assertMay('createGrantNotice');
  return em.transactional(async (tx) => {
    const program = await findById(tx, FundingProgram, 'Funding programme', input.fundingProgramId);
    const project = await findById(tx, Project, 'Project', input.projectId);
    access.assertRecipientVisible(project.recipient.id, 'Project', input.projectId);
    const figures = checkFigures(
      {
        ...input,
        ownFunds: input.ownFunds ?? null,
        thirdPartyFunds: input.thirdPartyFunds ?? zeroLike(input.eligibleCosts),
        budgetYear: input.budgetYear ?? yearOf(input.noticeDate),
      },
      program,
    );
    await checkBudgetYear(tx, program, figures.budgetYear, figures.approvedAmount);
    // Built with `new`: the entity's getters for the figures in force are not data to pass in.
    const notice = new GrantNotice();
    notice.reference = requiredText(input.reference, 'reference', 'Das Aktenzeichen');
    notice.noticeDate = input.noticeDate;
    notice.fundingProgram = program;
    notice.recipient = project.recipient;
    notice.project = project;
    notice.application = await applicationFor(tx, input.applicationId, project, program);
    tx.persist(notice);
    notice.currentVersion = newVersion(tx, notice, 1, input.noticeDate, figures);
    await tx.flush();
    return notice;
  });
}

export async function updateGrantNotice(
  em: Em,
  access: Access,
  id: string,
  expectedVersion: number,
  patch: GrantNoticePatch,
): Promise<GrantNotice> {
  access.assertMay('updateGrantNotice');
  return em.transactional(async (tx) => {
    const notice = await findForUpdate(tx, GrantNotice, 'Grant notice', id, expectedVersion, {
      lock: true,
      assertVisible: (found) => access.assertRecipientVisible(found.recipient.id, 'Grant notice', id),
    });
    // An absent field stays as it is; an explicit null clears what may be empty and is refused where a value is required.
    if (patch.reference !== undefined) notice.reference = requiredText(patch.reference, 'reference', 'Das Aktenzeichen');
    if (patch.noticeDate !== undefined) notice.noticeDate = required(patch.noticeDate, 'noticeDate', 'Das Datum des Bescheids');
    if (patch.actualThirdPartyFunds !== undefined) {
      if (patch.actualThirdPartyFunds?.isNegative()) {
        throw new DomainInputError('Die tatsächlichen Drittmittel dürfen nicht negativ sein.', {
          reason: 'NEGATIVE_AMOUNT',
          field: 'actualThirdPartyFunds',
        });
      }
      notice.actualThirdPartyFunds = patch.actualThirdPartyFunds;
    }
    if (patch.proofOfUseSubmittedOn !== undefined) notice.proofOfUseSubmittedOn = patch.proofOfUseSubmittedOn;
    const status = patch.status === undefined ? undefined : required(patch.status, 'status', 'Der Stand des Bescheids');
    if (status !== undefined && status !== notice.status) {
      // A revoked notice commits nothing; bringing it back commits its amount to the year again.
      if (notice.status === 'REVOKED') {
        await tx.populate(notice, ['fundingProgram', 'currentVersion']);
        await checkBudgetYear(tx, notice.fundingProgram, notice.current.budgetYear, notice.current.approvedAmount, notice.id);
      }
      notice.status = status;
    }
    await tx.flush();
    return notice;
  });
}

/** Änderungsbescheid: a new version of the figures; the earlier versions stay as they were. */
export async function amendGrantNotice(
  em: Em,
  access: Access,
  id: string,
  expectedVersion: number,
  input: GrantAmendmentInput,
): Promise<GrantNotice> {
  access.assertMay('amendGrantNotice');
  return em.transactional(async (tx) => {
    const notice = await findForUpdate(tx, GrantNotice, 'Grant notice', id, expectedVersion, {
      lock: true,
      assertVisible: (found) => access.assertRecipientVisible(found.recipient.id, 'Grant notice', id),
    });
    await tx.populate(notice, ['fundingProgram', 'currentVersion.budgetLines']);
    const current = notice.current;
    if (compareLocalDates(input.amendmentDate, notice.noticeDate) < 0) {
      throw new DomainInputError(
        `Der Änderungsbescheid (${formatGermanDate(input.amendmentDate)}) kann nicht vor dem Zuwendungsbescheid ` +
          `(${formatGermanDate(notice.noticeDate)}) ergangen sein.`,
        { reason: 'DATE_OUT_OF_ORDER', field: 'amendmentDate' },
      );
    }
    // The day the new figures apply from: the amendment's date unless the amendment says otherwise.
    const effectiveFrom = input.effectiveFrom ?? input.amendmentDate;
    if (compareLocalDates(effectiveFrom, current.effectiveFrom) < 0) {
      throw new DomainInputError(
        `Die geänderten Zahlen können nicht vor den geltenden wirksam werden: diese gelten ab ${formatGermanDate(current.effectiveFrom)}, ` +
          `die Änderung soll ab ${formatGermanDate(effectiveFrom)} gelten.`,
        { reason: 'DATE_OUT_OF_ORDER', field: input.effectiveFrom ? 'effectiveFrom' : 'amendmentDate' },
      );
    }
    const figures = checkFigures(
      {
        financingType: input.financingType ?? current.financingType,
        rate: input.rate !== undefined ? input.rate : (current.rate ?? null),
        eligibleCosts: input.eligibleCosts ?? current.eligibleCosts,
        // Left out: as before, a remainder worked out anew; null: the remainder from now on.
        ownFunds: input.ownFunds !== undefined ? input.ownFunds : current.ownFundsIsRemainder ? null : current.ownFunds,
        thirdPartyFunds:
          input.thirdPartyFunds === undefined ? current.thirdPartyFunds : (input.thirdPartyFunds ?? zeroLike(current.eligibleCosts)),
        fixedAmount: input.fixedAmount !== undefined ? input.fixedAmount : (current.fixedAmount ?? null),
        approvedAmount: input.approvedAmount ?? current.approvedAmount,
        approvalPeriod: input.approvalPeriod ?? { start: current.approvalStart, end: current.approvalEnd },
        budgetYear: input.budgetYear ?? current.budgetYear,
        budgetLines:
          input.budgetLines ?? current.budgetLines.getItems().map((line) => ({ category: line.category, planned: line.planned })),
      },
      notice.fundingProgram,
    );
    await checkBudgetYear(tx, notice.fundingProgram, figures.budgetYear, figures.approvedAmount, notice.id);
    const version = newVersion(tx, notice, current.versionNo + 1, effectiveFrom, figures);
    tx.create(GrantAmendment, {
      notice,
      reference: requiredText(input.reference, 'reference', 'Das Aktenzeichen des Änderungsbescheids'),
      amendmentDate: input.amendmentDate,
      reason: requiredText(input.reason, 'reason', 'Der Grund der Änderung', MAX_DESCRIPTION_LENGTH),
      resultingVersion: version,
    });
    notice.currentVersion = version;
    await tx.flush();
    return notice;
  });
}

function zeroLike(value: Dec): Dec {
  return value.minus(value);
}

export function listGrantNotices(em: Em, access: Access, filter: GrantNoticeFilter | null | undefined, page: PageArgs) {
  const where: FilterQuery<GrantNotice> = {};
  if (filter?.fundingProgramId) where.fundingProgram = relatedId(filter.fundingProgramId);
  if (filter?.recipientId) where.recipient = relatedId(filter.recipientId);
  if (filter?.cooperationId) where.project = { cooperation: relatedId(filter.cooperationId) };
  if (filter?.status) where.status = filter.status;
  if (filter?.year != null) where.currentVersion = { budgetYear: filter.year };
  return paginate(em, GrantNotice, access.withinRecipients(where), page, ['currentVersion']);
}

/**
 * Every notice of programmes in the caller's scope, by recipient AGS and reference, per programme id:
 * the Programmübersicht as one list, in one statement for any number of programmes. A programme has
 * a few thousand notices at most, so the list is not paged.
 */
export async function noticesOfProgrammes(em: Em, access: Access, programIds: readonly string[]): Promise<Map<string, GrantNotice[]>> {
  if (programIds.length === 0) return new Map();
  const notices = await em.find(GrantNotice, access.withinRecipients<GrantNotice>({ fundingProgram: { $in: [...new Set(programIds)] } }), {
    populate: ['currentVersion', 'recipient'],
    orderBy: { recipient: { ags: 'asc' }, reference: 'asc' },
  });
  return groupedBy(programIds, notices, (notice) => notice.fundingProgram.id);
}

/**
 * Notices with the version in force and the programme loaded: taken from the request's identity map
 * where they are loaded already, read in one statement otherwise, so that the settlements after the
 * budget checks of the same notices (or a list that loaded them) do not read and hydrate them again.
 */
export async function noticesInForce(em: Em, noticeIds: readonly string[]): Promise<GrantNotice[]> {
  const unitOfWork = em.getUnitOfWork();
  const ready: GrantNotice[] = [];
  const missing: string[] = [];
  for (const id of new Set(noticeIds)) {
    const notice = unitOfWork.getById(GrantNotice, id);
    const loaded =
      notice &&
      wrap(notice).isInitialized() &&
      notice.currentVersion &&
      wrap(notice.currentVersion).isInitialized() &&
      wrap(notice.fundingProgram).isInitialized();
    if (loaded) ready.push(notice);
    else missing.push(id);
  }
  if (missing.length === 0) return ready;
  return [...ready, ...(await em.find(GrantNotice, { id: { $in: missing } }, { populate: ['currentVersion', 'fundingProgram'] }))];
}

export async function getGrantNotice(em: Em, access: Access, id: string): Promise<GrantNotice> {
  const notice = await findById(em, GrantNotice, 'Grant notice', id);
  access.assertRecipientVisible(notice.recipient.id, 'Grant notice', id);
  // The programme too: its tolerance and rounding are what the budget check and settlement of the notice need.
  await em.populate(notice, ['currentVersion', 'fundingProgram']);
  return notice;
}

/** The financing plans of versions of notices, by category, per version id: one statement for any number of versions. */
export async function budgetLinesOf(em: Em, versionIds: readonly string[]): Promise<Map<string, BudgetLine[]>> {
  if (versionIds.length === 0) return new Map();
  const lines = await em.find(BudgetLine, { noticeVersion: { $in: [...new Set(versionIds)] } }, { orderBy: { category: 'asc' } });
  return groupedBy(versionIds, lines, (line) => line.noticeVersion.id);
}

/** Every version of the figures of notices, the original first, with its amendment, per notice id: one statement for any number. */
export async function versionsOfNotices(em: Em, noticeIds: readonly string[]): Promise<Map<string, GrantNoticeVersion[]>> {
  if (noticeIds.length === 0) return new Map();
  const versions = await em.find(
    GrantNoticeVersion,
    { notice: { $in: [...new Set(noticeIds)] } },
    { orderBy: { versionNo: 'asc' }, populate: ['amendment'] },
  );
  return groupedBy(noticeIds, versions, (version) => version.notice.id);
}

export async function versionsOf(em: Em, noticeId: string): Promise<GrantNoticeVersion[]> {
  return resultFor(await versionsOfNotices(em, [noticeId]), noticeId);
}

// Use cases of funding programmes (Förderprogramme) and their yearly budgets.
import { LockMode } from '@mikro-orm/core';
import { receiptCountsSql, staffCountsSql } from '../domain/eligibility.js';
import type { FilterQuery } from '@mikro-orm/core';
import { Dec } from '../domain/decimal.js';
import { DomainInputError } from '../domain/errors.js';
import type { CostCategory } from '../domain/enums.js';
import { formatEuro, type RoundingMode } from '../domain/money.js';
import { FundingProgram, ProgramBudget } from '../entities/index.js';
import {
  findById,
  findForUpdate,
  groupedBy,
  paginate,
  requiredText,
  resultFor,
  type Em,
  type PageArgs,
  MAX_DESCRIPTION_LENGTH,
  type Nullable,
  required,
} from './records.js';
import type { Access } from './access.js';

export interface FundingProgramInput {
  code: string;
  name: string;
  grantingAuthority: string;
  legalBasis: string;
  maxRate: Dec;
  eligibleCategories: CostCategory[];
  roundingMode?: RoundingMode | null;
  lineTolerance?: Dec | null;
  spendDeadlineMonths?: number | null;
  proofOfUseMonths?: number | null;
  interestMargin?: Dec | null;
}

/** Fields left out stay as they are; GraphQL may send null for any of them. */
export type FundingProgramPatch = Nullable<Partial<FundingProgramInput>>;

export interface FundingProgramFilter {
  code?: string | null;
}

/** Rule parameters of DOMAIN.md with their defaults. */
export const PROGRAM_DEFAULTS = {
  roundingMode: 'HALF_UP' as RoundingMode,
  lineTolerance: new Dec('0.2'),
  spendDeadlineMonths: 2,
  proofOfUseMonths: 6,
  interestMargin: new Dec('0.05'),
};

const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{1,39}$/;

function checkMonths(value: number, field: string, label: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 120) {
    throw new DomainInputError(`${label} muss eine ganze Zahl von Monaten zwischen 0 und 120 sein.`, {
      reason: 'VALUE_OUT_OF_RANGE',
      field,
    });
  }
  return value;
}

function applyProgramInput(program: FundingProgram, input: FundingProgramPatch): void {
  if (input.code !== undefined) {
    const code = requiredText(input.code, 'code', 'Das Programmkürzel').toUpperCase();
    if (!CODE_PATTERN.test(code)) {
      throw new DomainInputError('Das Programmkürzel muss aus 2 bis 40 Buchstaben, Ziffern, „-“ oder „_“ bestehen, z. B. „EGOV-TH“.', {
        reason: 'INVALID_VALUE',
        field: 'code',
      });
    }
    program.code = code;
  }
  if (input.name !== undefined) program.name = requiredText(input.name, 'name', 'Der Name');
  if (input.grantingAuthority !== undefined)
    program.grantingAuthority = requiredText(input.grantingAuthority, 'grantingAuthority', 'Die Bewilligungsbehörde');
  if (input.legalBasis !== undefined)
    program.legalBasis = requiredText(input.legalBasis, 'legalBasis', 'Die Rechtsgrundlage', MAX_DESCRIPTION_LENGTH);
  if (input.maxRate === null)
    throw new DomainInputError('Der Höchstsatz des Programms kann nicht geleert werden.', { reason: 'REQUIRED', field: 'maxRate' });
  if (input.maxRate !== undefined) program.maxRate = input.maxRate;
  if (input.eligibleCategories !== undefined) {
    if (!input.eligibleCategories || input.eligibleCategories.length === 0) {
      throw new DomainInputError('Ein Förderprogramm braucht mindestens eine förderfähige Kostenkategorie.', {
        reason: 'REQUIRED',
        field: 'eligibleCategories',
      });
    }
    program.eligibleCategories = [...new Set(input.eligibleCategories)];
  }
  // Left out: as it is (or the default); null: refused, as these settings always have a value.
  if (input.roundingMode !== undefined) program.roundingMode = required(input.roundingMode, 'roundingMode', 'Das Rundungsverfahren');
  if (input.lineTolerance !== undefined)
    program.lineTolerance = required(input.lineTolerance, 'lineTolerance', 'Die Toleranz der Einzelansätze');
  if (input.spendDeadlineMonths !== undefined) {
    const months = required(input.spendDeadlineMonths, 'spendDeadlineMonths', 'Die Verwendungsfrist');
    program.spendDeadlineMonths = checkMonths(months, 'spendDeadlineMonths', 'Die Verwendungsfrist');
  }
  if (input.proofOfUseMonths !== undefined) {
    const label = 'Die Vorlagefrist des Verwendungsnachweises';
    program.proofOfUseMonths = checkMonths(required(input.proofOfUseMonths, 'proofOfUseMonths', label), 'proofOfUseMonths', label);
  }
  if (input.interestMargin !== undefined) program.interestMargin = required(input.interestMargin, 'interestMargin', 'Der Zinsaufschlag');
}

export async function createFundingProgram(em: Em, access: Access, input: FundingProgramInput): Promise<FundingProgram> {
  access.assertMay('createFundingProgram');
  const program = new FundingProgram();
  program.roundingMode = PROGRAM_DEFAULTS.roundingMode;
  program.lineTolerance = PROGRAM_DEFAULTS.lineTolerance;
  program.spendDeadlineMonths = PROGRAM_DEFAULTS.spendDeadlineMonths;
  program.proofOfUseMonths = PROGRAM_DEFAULTS.proofOfUseMonths;
  program.interestMargin = PROGRAM_DEFAULTS.interestMargin;
  applyProgramInput(program, input);
  await em.persist(program).flush();
  return program;
}

export async function updateFundingProgram(
  em: Em,
  access: Access,
  id: string,
  expectedVersion: number,
  patch: FundingProgramPatch,
): Promise<FundingProgram> {
  access.assertMay('updateFundingProgram');
  const program = await findForUpdate(em, FundingProgram, 'Funding programme', id, expectedVersion);
  applyProgramInput(program, patch);
  await em.flush();
  return program;
}

/**
 * Records the programme's budget for a budget year (Haushaltsansatz). Lowering it below what
 * notices already commit for that year is refused.
 */
export async function setProgramBudget(
  em: Em,
  access: Access,
  fundingProgramId: string,
  year: number,
  amount: Dec,
): Promise<ProgramBudget> {
  access.assertMay('setProgramBudget');
  if (!Number.isInteger(year) || year < 1990 || year > 2999) {
    throw new DomainInputError('Das Haushaltsjahr muss ein Jahr wie 2020 sein.', { reason: 'VALUE_OUT_OF_RANGE', field: 'year' });
  }
  if (amount.isNegative())
    throw new DomainInputError('Der Haushaltsansatz darf nicht negativ sein.', { reason: 'NEGATIVE_AMOUNT', field: 'amount' });
  return em.transactional(async (tx) => {
    const program = await findById(tx, FundingProgram, 'Funding programme', fundingProgramId);
    // The budget row first, locked, as a notice committing the year locks it: whichever comes second
    // waits, and then sums the commitments with the first one's included.
    let budget = await tx.findOne(ProgramBudget, { fundingProgram: program, year }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const committed = await committedInYear(tx, program.id, year);
    if (amount.lessThan(committed)) {
      throw new DomainInputError(
        `Der Haushaltsansatz ${year} kann nicht auf ${formatEuro(amount)} gesetzt werden: Zuwendungsbescheide binden bereits ` +
          `${formatEuro(committed)} davon. Bitte mindestens diesen Betrag ansetzen.`,
        { reason: 'BUDGET_BELOW_COMMITTED', field: 'amount', details: { amount: amount.toFixed(2), committed: committed.toFixed(2) } },
      );
    }
    if (!budget) {
      budget = tx.create(ProgramBudget, { fundingProgram: program, year, amount });
    } else {
      budget.amount = amount;
    }
    await tx.flush();
    return budget;
  });
}

/** Sum of the approved amounts in force that commit the programme's budget of a year. */
export async function committedInYear(em: Em, fundingProgramId: string, year: number, exceptNoticeId?: string): Promise<Dec> {
  const rows = await em.execute<{ committed: string | null }[]>(
    `select coalesce(sum(v.approved_amount), 0)::text as committed
       from grant_notice n
       join grant_notice_version v on v.id = n.current_version_id
      where n.funding_program_id = ? and v.budget_year = ? and n.status <> 'REVOKED'
        and (?::uuid is null or n.id <> ?::uuid)`,
    [fundingProgramId, year, exceptNoticeId ?? null, exceptNoticeId ?? null],
  );
  return new Dec(rows[0]?.committed ?? '0');
}

export interface BudgetYearUse {
  year: number;
  budget: Dec;
  committed: Dec;
  available: Dec;
  /** Counted receipts and staff costs (Rule 2) of the notices committing the year. */
  spent: Dec;
}

/**
 * Budget, commitment and what is left per budget year of programmes, per programme id, in one
 * statement for any number of programmes.
 */
/** The version in force as the `notices` part of the query below carries it. */
const X = { start: 'x.approval_start', end: 'x.approval_end', id: 'x.version_id' };

export async function budgetYearsOf(em: Em, fundingProgramIds: readonly string[]): Promise<Map<string, BudgetYearUse[]>> {
  if (fundingProgramIds.length === 0) return new Map();
  const ids = [...new Set(fundingProgramIds)];
  // Spent: the counted receipts (Rule 2) and staff costs of the notices committing the year, in SQL.
  const rows = await em.execute<{ funding_program_id: string; year: number; budget: string; committed: string; spent: string }[]>(
    `with notices as (
       select n.id, n.funding_program_id, v.id as version_id, v.budget_year, v.approved_amount, v.approval_start, v.approval_end
         from grant_notice n
         join grant_notice_version v on v.id = n.current_version_id
        where n.funding_program_id in (?) and n.status <> 'REVOKED'
     ),
     receipts as (
       select x.funding_program_id, x.budget_year, sum(e.eligible_amount) as spent
         from notices x
         join expenditure e on e.notice_id = x.id
        where ${receiptCountsSql('e', X)}
        group by x.funding_program_id, x.budget_year
     ),
     staff as (
       select x.funding_program_id, x.budget_year, sum(a.amount) as spent
         from notices x
         join staff_allocation a on a.notice_id = x.id
        where ${staffCountsSql('a', X)}
        group by x.funding_program_id, x.budget_year
     )
     select b.funding_program_id, b.year, b.amount::text as budget,
            coalesce((select sum(x.approved_amount) from notices x
                       where x.funding_program_id = b.funding_program_id and x.budget_year = b.year), 0)::text as committed,
            (coalesce((select r.spent from receipts r where r.funding_program_id = b.funding_program_id and r.budget_year = b.year), 0)
             + coalesce((select s.spent from staff s where s.funding_program_id = b.funding_program_id and s.budget_year = b.year), 0))::text
              as spent
       from program_budget b
      where b.funding_program_id in (?)
      order by b.funding_program_id, b.year`,
    [ids, ids],
  );
  const years = groupedBy(fundingProgramIds, rows, (row) => row.funding_program_id);
  return new Map(
    [...years].map(([id, rowsOfProgramme]) => [
      id,
      rowsOfProgramme.map((row) => {
        const budget = new Dec(row.budget);
        const committed = new Dec(row.committed);
        return { year: Number(row.year), budget, committed, available: budget.minus(committed), spent: new Dec(row.spent) };
      }),
    ]),
  );
}

/** Budget, commitment and what is left per budget year of a programme. */
export async function budgetYears(em: Em, fundingProgramId: string): Promise<BudgetYearUse[]> {
  return resultFor(await budgetYearsOf(em, [fundingProgramId]), fundingProgramId);
}

export function listFundingPrograms(em: Em, filter: FundingProgramFilter | null | undefined, page: PageArgs) {
  const where: FilterQuery<FundingProgram> = {};
  if (filter?.code) where.code = filter.code.trim().toUpperCase();
  return paginate(em, FundingProgram, where, page);
}

export function getFundingProgram(em: Em, id: string): Promise<FundingProgram> {
  return findById(em, FundingProgram, 'Funding programme', id);
}

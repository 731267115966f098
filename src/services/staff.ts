// Use cases of staff costs (Personalausgaben, Rule 7): employees, flat rates per pay group, and monthly
// allocations to grants, with one employee's shares per month kept at most 1 also under concurrent requests.
import type { FilterQuery } from '@mikro-orm/core';
import { Dec } from '../domain/decimal.js';
import { noticeStatusName } from '../domain/enums.js';
import { DomainInputError, type RuleViolation } from '../domain/errors.js';
import { addMonths, compareLocalDates, formatGermanDate, yearOf, type LocalDate } from '../domain/local-date.js';
import { checkMonthlyShares, monthlyStaffCost, monthsBetween, projectShare, type StaffCostMethod } from '../domain/staff-costs.js';
import {
  Employee,
  FundingProgram,
  GrantNotice,
  Recipient,
  StaffAllocation,
  StaffAllocationReversal,
  StaffCostRate,
} from '../entities/index.js';
import type { Access } from './access.js';
import {
  findById,
  findForUpdate,
  paginate,
  relatedId,
  requiredText,
  MAX_DESCRIPTION_LENGTH,
  type Em,
  type Nullable,
  type PageArgs,
} from './records.js';

export interface EmployeeInput {
  /** Arbeitgeber: the recipient that employs and pays the person. */
  employerId: string;
  name: string;
  /** Entgeltgruppe, e.g. "TVöD E 11". */
  payGroup: string;
}

/** Fields left out stay as they are; the employer never changes. */
export type EmployeePatch = Nullable<Partial<Omit<EmployeeInput, 'employerId'>>>;

export interface EmployeeFilter {
  employerId?: string | null;
}

export interface StaffCostRateInput {
  fundingProgramId: string;
  payGroup: string;
  year: number;
  annualRate: Dec;
}

/** One allocation entered for a range of months at once; every month gets the same figures. */
export interface StaffAllocationInput {
  employeeId: string;
  grantNoticeId: string;
  /** Any day of the first month. */
  from: LocalDate;
  /** Any day of the last month. */
  to: LocalDate;
  method: StaffCostMethod;
  share?: Dec | null;
  projectHours?: Dec | null;
  workingHours?: Dec | null;
  /** Arbeitgeberbrutto of each month (ACTUAL and HOURS). */
  employerCost?: Dec | null;
}

export interface StaffAllocationFilter {
  grantNoticeId?: string | null;
  employeeId?: string | null;
  /** Any day of the month. */
  month?: LocalDate | null;
  /** Any day of the first month of a run of months (with `to`: the months of an allocation to be entered). */
  from?: LocalDate | null;
  /** Any day of the last month. */
  to?: LocalDate | null;
}

export interface StaffReversalInput {
  reason: string;
  reversedOn: LocalDate;
}

/**
 * Shares are recorded with the four decimals of a rate, and the monthly limit is checked on the
 * recorded shares, so that what an auditor adds up is what was checked. An hours share such as
 * 53.33 / 159.99 is recorded as 0.3333, while the amount is computed from the exact share.
 */
const SHARE_DECIMALS = 4;

/**
 * Names and salaries are personal data (Rule 7): who sees them is the table's 'read personal data'
 * (the employer's finance officers and the auditors); administrators and team leads see sums.
 */
export function seesPersonalData(access: Access, employerId: string): boolean {
  return access.may('read personal data', { recipientId: employerId });
}

function applyEmployeeInput(employee: Employee, input: EmployeePatch): void {
  if (input.name !== undefined) employee.name = requiredText(input.name, 'name', 'Der Name');
  if (input.payGroup !== undefined) employee.payGroup = requiredText(input.payGroup, 'payGroup', 'Die Entgeltgruppe', 100);
}

/** Records a Beschäftigte(r) of a recipient: grant data of that recipient, written by its finance officer. */
export async function createEmployee(em: Em, access: Access, input: EmployeeInput): Promise<Employee> {
  access.assertMay('createEmployee');
  const employer = await findById(em, Recipient, 'Recipient', input.employerId);
  access.assertRecipientVisible(employer.id, 'Recipient', input.employerId);
  const employee = new Employee();
  employee.employer = employer;
  applyEmployeeInput(employee, input);
  await em.persist(employee).flush();
  return employee;
}

export async function updateEmployee(em: Em, access: Access, id: string, expectedVersion: number, patch: EmployeePatch): Promise<Employee> {
  access.assertMay('updateEmployee');
  const employee = await findForUpdate(em, Employee, 'Employee', id, expectedVersion, {
    assertVisible: (found) => access.assertRecipientVisible(found.employer.id, 'Employee', id),
  });
  applyEmployeeInput(employee, patch);
  await em.flush();
  return employee;
}

export function listEmployees(em: Em, access: Access, filter: EmployeeFilter | null | undefined, page: PageArgs) {
  const where: FilterQuery<Employee> = {};
  if (filter?.employerId) where.employer = relatedId(filter.employerId);
  return paginate(em, Employee, access.withinRecipients(where, 'employer'), page);
}

export async function getEmployee(em: Em, access: Access, id: string): Promise<Employee> {
  const employee = await findById(em, Employee, 'Employee', id);
  access.assertRecipientVisible(employee.employer.id, 'Employee', id);
  return employee;
}

/**
 * Sets the programme's Personalkostensatz for a pay group and year (master data). Allocations keep
 * the rate they were computed with, so a later change alters no booked month.
 */
export async function setStaffCostRate(em: Em, access: Access, input: StaffCostRateInput): Promise<StaffCostRate> {
  access.assertMay('setStaffCostRate');
  const payGroup = requiredText(input.payGroup, 'payGroup', 'Die Entgeltgruppe', 100);
  if (!Number.isInteger(input.year) || input.year < 1990 || input.year > 2999) {
    throw new DomainInputError('Das Jahr muss ein Jahr wie 2020 sein.', { reason: 'VALUE_OUT_OF_RANGE', field: 'year' });
  }
  if (input.annualRate.isNegative()) {
    throw new DomainInputError('Der Jahressatz darf nicht negativ sein.', { reason: 'NEGATIVE_AMOUNT', field: 'annualRate' });
  }
  return em.transactional(async (tx) => {
    const program = await findById(tx, FundingProgram, 'Funding programme', input.fundingProgramId);
    let rate = await tx.findOne(StaffCostRate, { fundingProgram: program, payGroup, year: input.year });
    if (!rate) {
      rate = tx.create(StaffCostRate, { fundingProgram: program, payGroup, year: input.year, annualRate: input.annualRate });
    } else {
      rate.annualRate = input.annualRate;
    }
    await tx.flush();
    return rate;
  });
}

/** The programme's flat rates, by pay group and year; public figures of the guideline. */
export async function listStaffCostRates(em: Em, fundingProgramId: string): Promise<StaffCostRate[]> {
  const program = await findById(em, FundingProgram, 'Funding programme', fundingProgramId);
  return em.find(StaffCostRate, { fundingProgram: program }, { orderBy: { payGroup: 'asc', year: 'asc' } });
}

/** How a method reads in a German sentence: "Bei der Abrechnung nach Stunden …". */
const METHOD_PHRASES: Record<StaffCostMethod, string> = {
  ACTUAL: 'nach tatsächlichen Kosten',
  HOURS: 'nach Stunden',
  FLAT_RATE: 'nach Personalkostensatz',
};

/** An unused input with its verb, as it reads after "Bei der Abrechnung … ": "werden Projektstunden". */
const UNUSED_INPUT_PHRASES: Partial<Record<keyof StaffAllocationInput, string>> = {
  projectHours: 'werden Projektstunden',
  workingHours: 'werden Arbeitsstunden',
  employerCost: 'wird das Arbeitgeberbrutto',
};

/** Inputs that do not belong to the method are refused rather than silently dropped. */
function checkMethodInputs(input: StaffAllocationInput): void {
  const unused: [keyof StaffAllocationInput, boolean][] = [
    ['share', input.method === 'HOURS'],
    ['projectHours', input.method !== 'HOURS'],
    ['workingHours', input.method !== 'HOURS'],
    ['employerCost', input.method === 'FLAT_RATE'],
  ];
  for (const [field, notUsed] of unused) {
    if (notUsed && input[field] != null) {
      throw new DomainInputError(
        input.method === 'HOURS'
          ? 'Bei der Abrechnung nach Stunden ergibt sich der Projektanteil aus Projektstunden durch Arbeitsstunden; bitte keinen Anteil angeben.'
          : `Bei der Abrechnung ${METHOD_PHRASES[input.method]} ${UNUSED_INPUT_PHRASES[field] ?? `wird ${field}`} nicht verwendet; ` +
              'bitte das Feld leer lassen.',
        { reason: 'FIELD_NOT_USED', field },
      );
    }
  }
}

/** Sum of the employee's non-reversed shares over all grants, per month (first day) of a run of months. */
async function sharesByMonth(em: Em, employeeId: string, months: readonly LocalDate[]): Promise<Map<LocalDate, Dec>> {
  const rows = await em.execute<{ month: string; total: string }[]>(
    `select a.month::text as month, sum(a.share)::text as total
       from staff_allocation a
       left join staff_allocation_reversal r on r.allocation_id = a.id
      where a.employee_id = ? and r.id is null and a.month between ?::date and ?::date
      group by a.month`,
    [employeeId, months[0], months.at(-1)],
  );
  return new Map(rows.map((row) => [row.month, new Dec(row.total)]));
}

/**
 * Allocates an employee's costs to a grant for every month from `from` to `to` (Rule 7). The
 * employee's row is locked first, so that two allocations of the same person (from any server
 * process) are checked one after the other: each sees the shares the other committed.
 */
export async function allocateStaff(em: Em, access: Access, input: StaffAllocationInput): Promise<StaffAllocation[]> {
  access.assertMay('allocateStaff');
  checkMethodInputs(input);
  const months = monthsBetween(input.from, input.to);
  const exactShare = projectShare(input);
  const share = exactShare.toDecimalPlaces(SHARE_DECIMALS, Dec.ROUND_HALF_UP);
  if (share.isZero()) {
    throw new DomainInputError('Der Projektanteil ergibt gerundet 0,0000; eine Zuordnung braucht einen Anteil von mindestens 0,0001.', {
      reason: 'VALUE_OUT_OF_RANGE',
      field: 'share',
    });
  }

  return em.transactional(async (tx) => {
    const employee = await findById(tx, Employee, 'Employee', input.employeeId, { lock: true });
    access.assertRecipientVisible(employee.employer.id, 'Employee', input.employeeId);
    const notice = await findById(tx, GrantNotice, 'Grant notice', input.grantNoticeId);
    access.assertRecipientVisible(notice.recipient.id, 'Grant notice', input.grantNoticeId);
    await tx.populate(notice, ['currentVersion', 'fundingProgram', 'recipient']);
    if (notice.recipient.id !== employee.employer.id) {
      throw new DomainInputError(
        `Personalausgaben können nur auf einen Zuwendungsbescheid des Arbeitgebers gebucht werden; der Zuwendungsbescheid ` +
          `${notice.reference} gehört zu ${notice.recipient.name}.`,
        { reason: 'NOT_EMPLOYER', field: 'grantNoticeId' },
      );
    }
    if (notice.status !== 'APPROVED') {
      throw new DomainInputError(
        `Der Zuwendungsbescheid ${notice.reference} ist ${noticeStatusName(notice.status)}; auf ihn können keine Personalausgaben mehr gebucht werden.`,
        { reason: 'NOTICE_CLOSED', field: 'grantNoticeId' },
      );
    }

    const { approvalStart, approvalEnd } = notice.current;
    // A month counts when it overlaps the period (Rule 2 for staff costs); one wholly outside is refused.
    const outside = months.filter(
      (month) => compareLocalDates(month, approvalEnd) > 0 || compareLocalDates(addMonths(month, 1), approvalStart) <= 0,
    );
    if (outside.length > 0) {
      throw new DomainInputError(
        `${outside.length === 1 ? 'Der Monat' : 'Die Monate'} ${outside.map(germanMonth).join(', ')} ` +
          `${outside.length === 1 ? 'liegt' : 'liegen'} außerhalb des Bewilligungszeitraums des Zuwendungsbescheids ` +
          `${notice.reference} (${formatGermanDate(approvalStart)} bis ${formatGermanDate(approvalEnd)}).`,
        { reason: 'MONTH_OUTSIDE_PERIOD', field: 'from', details: { approvalStart, approvalEnd } },
      );
    }

    const annualRates = input.method === 'FLAT_RATE' ? await flatRates(tx, notice.fundingProgram, employee.payGroup, months) : null;
    const existing = await sharesByMonth(tx, employee.id, months);
    const violations = months
      .map((month) =>
        checkMonthlyShares({ employeeName: employee.name, month, existing: existing.get(month) ?? new Dec(0), additional: share }),
      )
      .filter((violation): violation is RuleViolation => violation !== null);
    if (violations.length > 0) throw DomainInputError.fromViolations(violations);

    const allocations = months.map((month) => {
      const annualRate = annualRates?.get(yearOf(month)) ?? null;
      return tx.create(StaffAllocation, {
        employee,
        notice,
        recipient: notice.recipient,
        month,
        method: input.method,
        employerCost: input.employerCost ?? null,
        projectHours: input.projectHours ?? null,
        workingHours: input.workingHours ?? null,
        annualRate,
        share,
        // Full precision up to the rounded amount (DOMAIN.md, Numbers): 4,500.00 × 1/3 is 1,500.00, not × 0.3333.
        amount: monthlyStaffCost(
          { method: input.method, share: exactShare, employerCost: input.employerCost ?? null, annualRate },
          notice.fundingProgram.roundingMode,
        ),
      });
    });
    await tx.flush();
    return allocations;
  });
}

/** The programme's annual rate for the pay group in every year the months touch; a missing one is refused. */
async function flatRates(em: Em, program: FundingProgram, payGroup: string, months: readonly LocalDate[]): Promise<Map<number, Dec>> {
  const years = [...new Set(months.map(yearOf))];
  const rates = await em.find(StaffCostRate, { fundingProgram: program, payGroup, year: { $in: years } });
  const byYear = new Map(rates.map((rate) => [rate.year, rate.annualRate]));
  const missing = years.filter((year) => !byYear.has(year));
  if (missing.length > 0) {
    throw new DomainInputError(
      `Das Förderprogramm ${program.code} hat für die Entgeltgruppe ${payGroup} keinen Personalkostensatz für ${missing.join(', ')}; ` +
        'die Administration muss ihn zuerst erfassen.',
      { reason: 'FLAT_RATE_MISSING', field: 'method', details: { payGroup, years: missing.join(',') } },
    );
  }
  return byYear;
}

/** Storno of one month's allocation; the share is free again for other grants. */
export async function reverseStaffAllocation(
  em: Em,
  access: Access,
  allocationId: string,
  input: StaffReversalInput,
): Promise<StaffAllocationReversal> {
  access.assertMay('reverseStaffAllocation');
  return em.transactional(async (tx) => {
    const allocation = await findById(tx, StaffAllocation, 'Staff allocation', allocationId, { lock: true });
    access.assertRecipientVisible(allocation.recipient.id, 'Staff allocation', allocationId);
    if (await tx.count(StaffAllocationReversal, { allocation })) {
      throw new DomainInputError(`Die Personalkostenzuordnung für ${germanMonth(allocation.month)} ist bereits storniert.`, {
        reason: 'ALREADY_REVERSED',
        field: 'id',
      });
    }
    const reversal = tx.create(StaffAllocationReversal, {
      allocation,
      reversedOn: input.reversedOn,
      reason: requiredText(input.reason, 'reason', 'Der Grund des Stornos', MAX_DESCRIPTION_LENGTH),
    });
    await tx.flush();
    return reversal;
  });
}

export function listStaffAllocations(em: Em, access: Access, filter: StaffAllocationFilter | null | undefined, page: PageArgs) {
  const where: FilterQuery<StaffAllocation> = {};
  if (filter?.grantNoticeId) where.notice = relatedId(filter.grantNoticeId);
  if (filter?.employeeId) where.employee = relatedId(filter.employeeId);
  const months: { $eq?: LocalDate; $gte?: LocalDate; $lte?: LocalDate } = {};
  if (filter?.month) months.$eq = firstOfMonth(filter.month);
  if (filter?.from) months.$gte = firstOfMonth(filter.from);
  if (filter?.to) months.$lte = firstOfMonth(filter.to);
  if (Object.keys(months).length > 0) where.month = months;
  return paginate(em, StaffAllocation, access.withinRecipients(where), page);
}

function firstOfMonth(d: LocalDate): LocalDate {
  return `${d.slice(0, 7)}-01`;
}

/** German month display, e.g. "06/2020". */
function germanMonth(d: LocalDate): string {
  return `${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

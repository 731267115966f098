// Calendar dates (Datum) of receipts, payments and periods: plain YYYY-MM-DD, never timestamps.
import { DomainInputError, quoteInput } from './errors.js';

/**
 * A calendar date as "YYYY-MM-DD", the SQL `date` type. Being a date without a time, no time
 * zone can move a receipt into another month. Fixed width, so string order is calendar order.
 */
export type LocalDate = string;

const LOCAL_DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;

/** Parses a calendar date such as "2020-06-02"; the day must exist (no 2021-02-29). */
export function parseLocalDate(text: string, field?: string): LocalDate {
  const match = LOCAL_DATE_SHAPE.exec(text);
  if (match === null) {
    throw new DomainInputError(`${quoteInput(text)} ist kein gültiges Datum: bitte in der Form JJJJ-MM-TT angeben, z. B. "2020-06-02".`, {
      reason: 'INVALID_DATE',
      field,
    });
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new DomainInputError(
      `${quoteInput(text)} ist kein gültiges Datum: das Jahr muss zwischen ${FIRST_YEAR} und ${LAST_YEAR} liegen.`,
      {
        reason: 'INVALID_DATE',
        field,
      },
    );
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DomainInputError(`${quoteInput(text)} ist kein gültiges Datum: diesen Tag gibt es im Kalender nicht.`, {
      reason: 'INVALID_DATE',
      field,
    });
  }
  return text;
}

/** Negative if a is earlier than b, positive if later, 0 on the same day; suits Array.sort. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The calendar year, e.g. the budget year (Haushaltsjahr) a notice falls into. */
export function yearOf(d: LocalDate): number {
  return fieldsOf(d).year;
}

/**
 * Adds whole months, for deadlines such as the proof of use (Verwendungsnachweis) six months
 * after the approval period. A day missing in the target month becomes that month's last day:
 * 2020-08-31 + 6 months = 2021-02-28.
 */
export function addMonths(d: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months)) throw new RangeError(`${months} is not a whole number of months`);
  const { year, month, day } = fieldsOf(d);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  if (targetYear < FIRST_YEAR || targetYear > LAST_YEAR) {
    throw new RangeError(`${d} plus ${months} months lies outside the years ${FIRST_YEAR} to ${LAST_YEAR}`);
  }
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(targetDay, 2)}`;
}

/** German display for messages and reports, e.g. "02.06.2020". */
export function formatGermanDate(d: LocalDate): string {
  const { year, month, day } = fieldsOf(d);
  return `${pad(day, 2)}.${pad(month, 2)}.${pad(year, 4)}`;
}

/** Whether d lies in the period from start to end, both days included (e.g. Bewilligungszeitraum). */
export function isWithin(d: LocalDate, start: LocalDate, end: LocalDate): boolean {
  return compareLocalDates(start, d) <= 0 && compareLocalDates(d, end) <= 0;
}

function fieldsOf(d: LocalDate): { year: number; month: number; day: number } {
  const match = LOCAL_DATE_SHAPE.exec(d);
  if (match === null) throw new RangeError(`${JSON.stringify(d)} is not a LocalDate (YYYY-MM-DD)`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

// Date.UTC only serves as a day counter here: UTC has no daylight saving, so every day is equally long.
function dayNumber(d: LocalDate): number {
  const [year, month, day] = d.split('-').map(Number);
  return Date.UTC(year ?? NaN, (month ?? NaN) - 1, day ?? NaN) / 86_400_000;
}

/** Days from one day to another: 1 from a day to the next, negative backwards. */
export function daysFrom(from: LocalDate, until: LocalDate): number {
  return dayNumber(until) - dayNumber(from);
}

/** The day `days` days after `d` (before it when negative). */
export function addDays(d: LocalDate, days: number): LocalDate {
  return new Date((dayNumber(d) + days) * 86_400_000).toISOString().slice(0, 10);
}

// Unit tests of calendar dates: strict parsing, ordering, month arithmetic and German display.
import { describe, expect, it } from 'vitest';
import { DomainInputError } from '../../src/domain/errors.js';
import { addMonths, compareLocalDates, formatGermanDate, isWithin, parseLocalDate, yearOf } from '../../src/domain/local-date.js';

describe('parseLocalDate', () => {
  it.each(['2020-06-02', '2020-02-29', '2000-02-29', '1900-01-01', '2999-12-31', '2020-04-30'])('accepts %s', (text) => {
    expect(parseLocalDate(text)).toBe(text);
  });

  it.each([
    '2021-02-29',
    '1900-02-29',
    '2020-04-31',
    '2020-13-01',
    '2020-00-10',
    '2020-01-00',
    '2020-1-1',
    '2020-06-02T00:00:00Z',
    '02.06.2020',
    '20200602',
    ' 2020-06-02',
    '',
    '1899-12-31',
    '3000-01-01',
  ])('rejects %j', (text) => {
    expect(() => parseLocalDate(text)).toThrow(DomainInputError);
  });

  it('says why a date is rejected and names the field', () => {
    expect(() => parseLocalDate('2020-1-1')).toThrow(
      '"2020-1-1" ist kein gültiges Datum: bitte in der Form JJJJ-MM-TT angeben, z. B. "2020-06-02".',
    );
    expect(() => parseLocalDate('2021-02-29')).toThrow('"2021-02-29" ist kein gültiges Datum: diesen Tag gibt es im Kalender nicht.');
    expect(() => parseLocalDate('1899-12-31')).toThrow('das Jahr muss zwischen 1900 und 2999 liegen');
    try {
      parseLocalDate('2021-02-29', 'approvalPeriod.start');
      expect.unreachable();
    } catch (error) {
      expect((error as DomainInputError).field).toBe('approvalPeriod.start');
    }
  });
});

describe('compareLocalDates', () => {
  it('orders dates by the calendar', () => {
    expect(compareLocalDates('2020-06-02', '2020-06-03')).toBeLessThan(0);
    expect(compareLocalDates('2021-01-01', '2020-12-31')).toBeGreaterThan(0);
    expect(compareLocalDates('2020-06-02', '2020-06-02')).toBe(0);
    expect(['2020-12-31', '2019-01-05', '2020-02-29'].sort(compareLocalDates)).toEqual(['2019-01-05', '2020-02-29', '2020-12-31']);
  });
});

describe('yearOf', () => {
  it('gives the budget year', () => {
    expect(yearOf('2020-06-02')).toBe(2020);
    expect(yearOf('1999-12-31')).toBe(1999);
  });
});

describe('addMonths', () => {
  it.each([
    ['2020-08-31', 6, '2021-02-28'],
    ['2019-08-31', 6, '2020-02-29'],
    ['2020-01-31', 1, '2020-02-29'],
    ['2020-03-31', -1, '2020-02-29'],
    ['2020-05-31', 1, '2020-06-30'],
    ['2020-12-15', 1, '2021-01-15'],
    ['2021-01-15', -1, '2020-12-15'],
    ['2020-01-31', -13, '2018-12-31'],
    ['2020-06-02', 24, '2022-06-02'],
    ['2020-06-02', 0, '2020-06-02'],
    ['2020-12-31', 6, '2021-06-30'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('refuses fractions of months and results outside the supported years', () => {
    expect(() => addMonths('2020-06-02', 1.5)).toThrow(RangeError);
    expect(() => addMonths('2999-12-01', 1)).toThrow(RangeError);
    expect(() => addMonths('1900-01-01', -1)).toThrow(RangeError);
  });
});

describe('formatGermanDate', () => {
  it('shows day, month and year with dots', () => {
    expect(formatGermanDate('2020-06-02')).toBe('02.06.2020');
    expect(formatGermanDate('1900-01-01')).toBe('01.01.1900');
    expect(formatGermanDate('2020-12-31')).toBe('31.12.2020');
  });
});

describe('isWithin', () => {
  const start = '2020-06-02';
  const end = '2020-12-31';

  it('includes the first and the last day', () => {
    expect(isWithin('2020-06-02', start, end)).toBe(true);
    expect(isWithin('2020-12-31', start, end)).toBe(true);
    expect(isWithin('2020-09-15', start, end)).toBe(true);
  });

  it('excludes the days before and after', () => {
    expect(isWithin('2020-06-01', start, end)).toBe(false);
    expect(isWithin('2021-01-01', start, end)).toBe(false);
  });
});

// What the web forms accept as typed and what they send: German amounts to decimal strings, percentages
// to rates, German dates to calendar dates; everything else is refused with a German message.
import { describe, expect, it } from 'vitest';
import {
  DATE_FORMAT_MESSAGE,
  germanDateInput,
  germanMoneyInput,
  MONEY_FORMAT_MESSAGE,
  parseGermanDate,
  parseGermanMoney,
  parseGermanPercent,
  PERCENT_FORMAT_MESSAGE,
} from '../../web/src/forms/input.js';

describe('amounts', () => {
  it.each([
    ['1.234,56', '1234.56'],
    ['1234,56', '1234.56'],
    ['1234,5', '1234.50'],
    ['1234', '1234.00'],
    ['0,05', '0.05'],
    ['007', '7.00'],
    ['1.234.567,89', '1234567.89'],
    [' 145.012,03 € ', '145012.03'],
    // Thousands dots alone are German notation too: 12.345 is twelve thousand.
    ['12.345', '12345.00'],
  ])('reads %s as %s', (typed, sent) => {
    expect(parseGermanMoney(typed)).toEqual({ value: sent });
  });

  it.each(['1234.56', '12.34,5', '1,234', '1.2345,00', '-5,00', '1234,567', '', 'zwölf', '1 234,56'])('refuses %j', (typed) => {
    expect(parseGermanMoney(typed)).toEqual({ error: MONEY_FORMAT_MESSAGE });
  });

  it('refuses more than 15 digits before the comma, as the service does', () => {
    expect(parseGermanMoney('1234567890123456').error).toBe('Der Betrag ist zu groß: höchstens 15 Stellen vor dem Komma.');
  });

  it('writes a decimal string in the notation it reads', () => {
    expect(germanMoneyInput('145012.03')).toBe('145.012,03');
    expect(germanMoneyInput('999.00')).toBe('999,00');
    expect(parseGermanMoney(germanMoneyInput('1234567.80'))).toEqual({ value: '1234567.80' });
  });
});

describe('percentages', () => {
  it.each([
    ['80', '0.8000'],
    ['81,25', '0.8125'],
    ['7,5', '0.0750'],
    ['100', '1.0000'],
    ['0', '0.0000'],
    ['80 %', '0.8000'],
  ])('reads %s as the rate %s', (typed, rate) => {
    expect(parseGermanPercent(typed)).toEqual({ value: rate });
  });

  it.each(['100,01', '0,125', '0.8', '-1', ''])('refuses %j', (typed) => {
    expect(parseGermanPercent(typed)).toEqual({ error: PERCENT_FORMAT_MESSAGE });
  });
});

describe('dates', () => {
  it.each([
    ['01.07.2025', '2025-07-01'],
    ['1.7.2025', '2025-07-01'],
    ['29.02.2024', '2024-02-29'],
    ['31.12.2020', '2020-12-31'],
  ])('reads %s as %s', (typed, date) => {
    expect(parseGermanDate(typed)).toEqual({ value: date });
  });

  it('refuses a day the calendar does not have', () => {
    expect(parseGermanDate('29.02.2025')).toEqual({ error: `Den 29.02.2025 gibt es im Kalender nicht. ${DATE_FORMAT_MESSAGE}` });
    expect(parseGermanDate('31.06.2025').error).toMatch(/^Den 31\.06\.2025 gibt es im Kalender nicht\./);
  });

  it.each(['2025-07-01', '01.07.25', '01/07/2025', ''])('refuses %j', (typed) => {
    expect(parseGermanDate(typed)).toEqual({ error: DATE_FORMAT_MESSAGE });
  });

  it('writes a calendar date in the notation it reads', () => {
    expect(germanDateInput('2025-07-01')).toBe('01.07.2025');
  });
});

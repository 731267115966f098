// Unit tests of Rule 3 (Einzelansätze): deviations per budget line, the 20 % tolerance and the binding plan total.
import { describe, expect, it } from 'vitest';
import { budgetCheck, type LineActual } from '../../src/domain/budget-check.js';
import { Dec } from '../../src/domain/decimal.js';
import type { CostCategory } from '../../src/domain/enums.js';
import { DomainInputError } from '../../src/domain/errors.js';

const twentyPercent = new Dec('0.2');

function line(category: CostCategory, planned: string, actual: string): LineActual {
  return { category, planned: new Dec(planned), actual: new Dec(actual) };
}

describe('budgetCheck', () => {
  it('recognises an overrun within 20 % that savings on another line make up for', () => {
    const result = budgetCheck([line('SOFTWARE', '10000.00', '11500.00'), line('CONSULTING', '10000.00', '8000.00')], twentyPercent);
    const [software, consulting] = result.lines;
    expect(software?.recognised.toFixed(2)).toBe('11500.00');
    expect(software?.withinTolerance).toBe(true);
    expect(software?.deviation.toFixed(2)).toBe('1500.00');
    expect(software?.deviationPercent?.toString()).toBe('0.15');
    expect(consulting?.recognised.toFixed(2)).toBe('8000.00');
    expect(consulting?.withinTolerance).toBe(true);
    expect(consulting?.deviation.toFixed(2)).toBe('-2000.00');
    expect(consulting?.deviationPercent?.toString()).toBe('-0.2');
    expect(result.plannedTotal.toFixed(2)).toBe('20000.00');
    expect(result.actualTotal.toFixed(2)).toBe('19500.00');
    expect(result.recognisedTotal.toFixed(2)).toBe('19500.00');
  });

  it('caps an overrun beyond 20 % at 120 % of the planned amount', () => {
    const [software] = budgetCheck([line('SOFTWARE', '10000.00', '13000.00')], twentyPercent).lines;
    expect(software?.recognised.toFixed(2)).toBe('12000.00');
    expect(software?.withinTolerance).toBe(false);
    expect(software?.deviation.toFixed(2)).toBe('3000.00');
    expect(software?.deviationPercent?.toString()).toBe('0.3');
  });

  it('accepts an overrun of exactly 20 % and refuses one cent more', () => {
    const result = budgetCheck([line('SOFTWARE', '10000.00', '12000.00'), line('HARDWARE', '10000.00', '12000.01')], twentyPercent);
    expect(result.lines.map((l) => [l.withinTolerance, l.recognised.toFixed(2)])).toEqual([
      [true, '12000.00'],
      [false, '12000.00'],
    ]);
  });

  it('caps the recognised total at the planned total', () => {
    // 11800.00 + 10500.00 = 22300.00 recognised by line, above the plan of 20000.00.
    const result = budgetCheck([line('SOFTWARE', '10000', '11800.00'), line('CONSULTING', '10000', '10500.00')], twentyPercent);
    expect(result.lines.map((l) => l.recognised.toFixed(2))).toEqual(['11800.00', '10500.00']);
    expect(result.lines.every((l) => l.withinTolerance)).toBe(true);
    expect(result.actualTotal.toFixed(2)).toBe('22300.00');
    expect(result.recognisedTotal.toFixed(2)).toBe('20000.00');
  });

  it('recognises nothing on a line planned at 0 and gives no percentage for it', () => {
    const result = budgetCheck([line('SOFTWARE', '10000.00', '9000.00'), line('TRAINING', '0', '500.00')], twentyPercent);
    const training = result.lines[1];
    expect(training?.deviation.toFixed(2)).toBe('500.00');
    expect(training?.deviationPercent).toBeNull();
    expect(training?.withinTolerance).toBe(false);
    expect(training?.recognised.toFixed(2)).toBe('0.00');
    expect(result.recognisedTotal.toFixed(2)).toBe('9000.00');
  });

  it('counts a line planned at 0 with nothing spent as within tolerance', () => {
    const [training] = budgetCheck([line('TRAINING', '0', '0')], twentyPercent).lines;
    expect(training?.withinTolerance).toBe(true);
    expect(training?.deviationPercent).toBeNull();
    expect(training?.recognised.toFixed(2)).toBe('0.00');
  });

  it('keeps the deviation in percent at full precision', () => {
    // (1000 − 3000) / 3000 = −2/3
    const [staff] = budgetCheck([line('STAFF', '3000.00', '1000.00')], twentyPercent).lines;
    expect(staff?.deviationPercent?.toString()).toBe('-0.6666666666666666666666666666666666666667');
  });

  it('rounds a line cap between cents down', () => {
    // 100.01 × 1.1234 = 112.351234 → cap 112.35
    const tolerance = new Dec('0.1234');
    const result = budgetCheck([line('OTHER', '100.01', '112.36'), line('TRAVEL', '100.01', '112.35')], tolerance);
    expect(result.lines.map((l) => [l.withinTolerance, l.recognised.toFixed(2)])).toEqual([
      [false, '112.35'],
      [true, '112.35'],
    ]);
  });

  it('recognises at most the planned amount with no tolerance', () => {
    const [software] = budgetCheck([line('SOFTWARE', '10000.00', '10000.01')], new Dec(0)).lines;
    expect(software?.withinTolerance).toBe(false);
    expect(software?.recognised.toFixed(2)).toBe('10000.00');
  });

  it('keeps the lines in the order given', () => {
    const categories: CostCategory[] = ['TRAVEL', 'STAFF', 'OTHER', 'CONSULTING'];
    const result = budgetCheck(
      categories.map((category) => line(category, '100', '50')),
      twentyPercent,
    );
    expect(result.lines.map((l) => l.category)).toEqual(categories);
  });

  it('gives zero totals for a plan without lines', () => {
    const result = budgetCheck([], twentyPercent);
    expect(result.lines).toEqual([]);
    expect([result.plannedTotal, result.actualTotal, result.recognisedTotal].map((d) => d.toFixed(2))).toEqual(['0.00', '0.00', '0.00']);
  });

  it('refuses a negative tolerance', () => {
    expect(() => budgetCheck([line('SOFTWARE', '100', '100')], new Dec('-0.1'))).toThrow(DomainInputError);
    expect(() => budgetCheck([line('SOFTWARE', '100', '100')], new Dec('-0.1'))).toThrow(
      expect.objectContaining({ reason: 'VALUE_OUT_OF_RANGE', message: 'Die Toleranz der Ansätze darf nicht negativ sein: -10 %.' }),
    );
  });
});

// The financing plan of the web forms: one amount field per cost category read into plan lines, their
// sum as typed, and the field a refusal of the n-th line sent belongs to.
import { describe, expect, it } from 'vitest';
import { MONEY_FORMAT_MESSAGE } from '../../web/src/forms/input.js';
import { lineField, planFieldOf, planSum, readPlanLines } from '../../web/src/forms/plan.js';

const NAMES: Record<string, string> = { SOFTWARE: 'Software', TRAINING: 'Schulung', TRAVEL: 'Reisekosten' };
const name = (category: string) => NAMES[category]!;
const CATEGORIES = ['SOFTWARE', 'TRAINING', 'TRAVEL'];

describe('readPlanLines', () => {
  it('reads the lines with an amount in the order of the categories, and leaves the empty optional ones out', () => {
    const values = { 'line.TRAVEL': '2.500', 'line.SOFTWARE': '50.000,00', 'line.TRAINING': ' ' };
    expect(readPlanLines(values, CATEGORIES, name, false)).toEqual({
      lines: [
        { category: 'SOFTWARE', planned: '50000.00' },
        { category: 'TRAVEL', planned: '2500.00' },
      ],
      errors: {},
    });
  });

  it('refuses an empty required line and an amount in another notation, at their fields', () => {
    const values = { 'line.SOFTWARE': '50.000,001', 'line.TRAINING': '', 'line.TRAVEL': '10000' };
    expect(readPlanLines(values, CATEGORIES, name, true)).toEqual({
      lines: [{ category: 'TRAVEL', planned: '10000.00' }],
      errors: {
        'line.SOFTWARE': MONEY_FORMAT_MESSAGE,
        'line.TRAINING': 'Bitte den Ansatz für Schulung angeben, z. B. 1.234,56.',
      },
    });
  });
});

describe('planSum', () => {
  it('adds the lines as typed to the cent: 50,000.00 + 10,000.00 + 0.01 = 60,000.01', () => {
    expect(planSum({ 'line.SOFTWARE': '50.000,00', 'line.TRAINING': '10000', 'line.TRAVEL': '0,01' }, CATEGORIES)).toBe('60000.01');
  });

  it('is 0.00 for an empty plan and null while a field holds no amount', () => {
    expect(planSum({}, CATEGORIES)).toBe('0.00');
    expect(planSum({ 'line.SOFTWARE': '50.000,00', 'line.TRAINING': 'zehn' }, CATEGORIES)).toBeNull();
  });
});

describe('planFieldOf', () => {
  const sent = [
    { category: 'SOFTWARE', planned: '50000.00' },
    { category: 'TRAVEL', planned: '2500.00' },
  ];

  it('names the category of the line with the index of the refusal among those sent', () => {
    expect(planFieldOf('lines.1.category', 'lines', sent, 'plan')).toBe(lineField('TRAVEL'));
    expect(planFieldOf('lines.0.planned', 'lines', sent, 'plan')).toBe('line.SOFTWARE');
    expect(planFieldOf('budgetLines.1', 'budgetLines', sent, 'plan')).toBe('line.TRAVEL');
  });

  it('gives the plan for the whole list or an index not sent, and nothing for another path', () => {
    expect(planFieldOf('lines', 'lines', sent, 'plan')).toBe('plan');
    expect(planFieldOf('lines.2.planned', 'lines', sent, 'plan')).toBe('plan');
    expect(planFieldOf('linesTotal', 'lines', sent, 'plan')).toBeNull();
    expect(planFieldOf('requestedAmount', 'lines', sent, 'plan')).toBeNull();
  });
});

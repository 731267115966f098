// Unit tests of Rule 9 (Verwendungsnachweis): due date after the approval period and the overdue flag.
import { describe, expect, it } from 'vitest';
import { DomainInputError } from '../../src/domain/errors.js';
import { isProofOfUseOverdue, proofOfUseDue } from '../../src/domain/proof-of-use.js';

describe('proofOfUseDue', () => {
  it('is due six months after the end of the approval period', () => {
    expect(proofOfUseDue('2020-12-15', 6)).toBe('2021-06-15');
  });

  it('clamps to the last day of a shorter month: 2021-12-31 + 6 months = 2022-06-30', () => {
    expect(proofOfUseDue('2021-12-31', 6)).toBe('2022-06-30');
  });

  it('lands on 29 February in a leap year', () => {
    expect(proofOfUseDue('2023-08-31', 6)).toBe('2024-02-29');
  });

  it('follows the programme parameter', () => {
    expect(proofOfUseDue('2020-12-31', 3)).toBe('2021-03-31');
    expect(proofOfUseDue('2020-12-31', 0)).toBe('2020-12-31');
  });

  it.each([-1, 1.5])('refuses %s months', (months) => {
    expect(() => proofOfUseDue('2020-12-31', months)).toThrow(DomainInputError);
    expect(() => proofOfUseDue('2020-12-31', months)).toThrow(
      expect.objectContaining({
        reason: 'VALUE_OUT_OF_RANGE',
        message: `Die Vorlagefrist des Verwendungsnachweises muss eine ganze Zahl von Monaten ab 0 sein, nicht ${String(months).replace('.', ',')}.`,
      }),
    );
  });
});

describe('isProofOfUseOverdue', () => {
  const due = '2022-06-30';

  it('is not overdue on the due date itself', () => {
    expect(isProofOfUseOverdue(due, '2022-06-30', null)).toBe(false);
  });

  it('is overdue the day after the due date when nothing was submitted', () => {
    expect(isProofOfUseOverdue(due, '2022-07-01', null)).toBe(true);
  });

  it('is not overdue before the due date', () => {
    expect(isProofOfUseOverdue(due, '2022-01-10', null)).toBe(false);
  });

  it('is not overdue once submitted, in time or late', () => {
    expect(isProofOfUseOverdue(due, '2022-09-01', '2022-06-20')).toBe(false);
    expect(isProofOfUseOverdue(due, '2022-09-01', '2022-08-15')).toBe(false);
  });
});

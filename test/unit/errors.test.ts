// Unit tests of the domain's input error and how rule violations become one.
import { describe, expect, it } from 'vitest';
import { ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import { DomainInputError, quoteInput, type RuleViolation } from '../../src/domain/errors.js';
import { formatGraphQLError, INTERNAL_ERROR_MESSAGE } from '../../src/schema/errors.js';
import { HoursScalar } from '../../src/schema/staff.js';

describe('DomainInputError', () => {
  it('is an Error with a name, a field and figures', () => {
    const error = new DomainInputError('bad', { field: 'budgetLines.1.planned', details: { planned: '10.00' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainInputError');
    expect(error.message).toBe('bad');
    expect(error.field).toBe('budgetLines.1.planned');
    expect(error.details).toEqual({ planned: '10.00' });
    expect(error.reason).toBe('INVALID_VALUE');
  });

  it('carries no empty keys when field and figures are unknown', () => {
    const error = new DomainInputError('bad', { field: undefined });
    expect('field' in error).toBe(false);
    expect('details' in error).toBe(false);
    expect('violations' in error).toBe(false);
  });

  it('combines violations: all messages, the first field, all figures', () => {
    const violations: RuleViolation[] = [
      {
        reason: 'APPROVED_ABOVE_CAP',
        field: 'approvedAmount',
        message: 'Too much.',
        figures: { approvedAmount: '150000.00', cap: '145012.03' },
      },
      {
        reason: 'RATE_ABOVE_PROGRAMME_MAXIMUM',
        field: 'rate',
        message: 'Rate too high.',
        figures: { rate: '0.9000', approvedAmount: '1.00' },
      },
    ];
    const error = DomainInputError.fromViolations(violations);
    expect(error.message).toBe('Too much. Rate too high.');
    expect(error.field).toBe('approvedAmount');
    expect(error.reason).toBe('APPROVED_ABOVE_CAP');
    expect(error.details).toEqual({ approvedAmount: '150000.00', cap: '145012.03', rate: '0.9000' });
    expect(error.violations).toEqual(violations);
  });

  it('needs at least one violation', () => {
    expect(() => DomainInputError.fromViolations([])).toThrow(RangeError);
  });
});

describe('quoteInput', () => {
  it('quotes input and cuts long input', () => {
    expect(quoteInput('1,5')).toBe('"1,5"');
    expect(quoteInput('a"b')).toBe('"a\\"b"');
    expect(quoteInput('9'.repeat(50))).toBe(`"${'9'.repeat(40)}…"`);
  });
});

describe('formatGraphQLError', () => {
  it('turns a foreign-key violation into a German input error with its reason', () => {
    const violation = new ForeignKeyConstraintViolationException(new Error('insert or update violates foreign key constraint'));
    expect(formatGraphQLError({ message: 'raw' }, violation)).toEqual({
      message: 'Ein verknüpfter Datensatz existiert nicht oder wird noch verwendet.',
      extensions: { code: 'BAD_USER_INPUT', reason: 'REFERENCED_RECORD_MISSING' },
    });
  });

  it('hides an unknown error behind a German message', () => {
    expect(formatGraphQLError({ message: 'select * from secret' }, new Error('boom'))).toEqual({
      message: INTERNAL_ERROR_MESSAGE,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});

describe('scalar refusals', () => {
  it('refuses hours in German notation as INVALID_HOURS', () => {
    expect(() => HoursScalar.parseValue('64,5')).toThrow(
      '"64,5" ist keine gültige Stundenzahl: bitte als Dezimalzahl mit Punkt und höchstens zwei Nachkommastellen angeben, z. B. "64.5".',
    );
    try {
      HoursScalar.parseValue('64,5');
    } catch (error) {
      expect((error as { extensions: unknown }).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_HOURS' });
    }
  });
});

// GraphQL scalars for exact money, rates and calendar dates: strings on the wire, strict on input.
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** Marks a refused scalar value as bad input, whether it came in a variable or as a literal. */
function inputError(message: string, reason: RefusalReason): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason } });
}

/** What a user calls the value a scalar holds. */
const SCALAR_NAMES: Record<string, string> = {
  Money: 'Ein Geldbetrag',
  Rate: 'Ein Satz',
  SignedRate: 'Ein Zinssatz',
  LocalDate: 'Ein Datum',
};

const REASON_OF_SCALAR: Record<string, RefusalReason> = {
  Money: 'INVALID_MONEY',
  Rate: 'INVALID_RATE',
  SignedRate: 'INVALID_RATE',
  LocalDate: 'INVALID_DATE',
};
import { Dec } from '../domain/decimal.js';
import { DomainInputError, quoteInput } from '../domain/errors.js';
import { formatMoney, parseMoney } from '../domain/money.js';
import { formatRate, parseRate } from '../domain/rate.js';
import { parseLocalDate, type LocalDate } from '../domain/local-date.js';
import type { RefusalReason } from '../domain/reasons.js';

/**
 * Input must be a JSON or GraphQL string: a JSON number would already have passed through a
 * binary float before it reaches us.
 */
function stringInput(scalar: string, example: string, value: unknown): string {
  if (typeof value !== 'string') {
    const given = value === null ? 'null' : typeof value === 'number' ? 'Zahl' : typeof value;
    throw inputError(
      `${SCALAR_NAMES[scalar] ?? scalar} muss als Zeichenkette wie "${example}" angegeben werden, nicht als ${given}.`,
      REASON_OF_SCALAR[scalar] ?? 'INVALID_VALUE',
    );
  }
  return value;
}

function literalInput(scalar: string, example: string, ast: ValueNode): string {
  if (ast.kind !== Kind.STRING) {
    throw inputError(
      `${SCALAR_NAMES[scalar] ?? scalar} muss als Zeichenkette wie "${example}" angegeben werden.`,
      REASON_OF_SCALAR[scalar] ?? 'INVALID_VALUE',
    );
  }
  return ast.value;
}

/** Parse errors of the domain become GraphQL errors that keep their message. */
function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DomainInputError) throw inputError(error.message, error.reason);
    throw error;
  }
}

export const MoneyScalar = new GraphQLScalarType<Dec, string>({
  name: 'Money',
  description: 'An amount in euros as a decimal string with at most two decimals, e.g. "145012.03". Output always has two decimals.',
  serialize: (value) => {
    if (!(value instanceof Dec)) throw new GraphQLError('Money output must be a decimal value.');
    return formatMoney(value);
  },
  parseValue: (value) => parsed(() => parseMoney(stringInput('Money', '145012.03', value))),
  parseLiteral: (ast) => parsed(() => parseMoney(literalInput('Money', '145012.03', ast))),
});

export const RateScalar = new GraphQLScalarType<Dec, string>({
  name: 'Rate',
  description: 'A rate in [0, 1] as a decimal string with at most four decimals, e.g. "0.8". Output has four decimals.',
  serialize: (value) => {
    if (!(value instanceof Dec)) throw new GraphQLError('Rate output must be a decimal value.');
    return formatRate(value);
  },
  parseValue: (value) => parsed(() => parseRate(stringInput('Rate', '0.8', value))),
  parseLiteral: (ast) => parsed(() => parseRate(literalInput('Rate', '0.8', ast))),
});

export const LocalDateScalar = new GraphQLScalarType<LocalDate, string>({
  name: 'LocalDate',
  description: 'A calendar date without time or time zone, YYYY-MM-DD, e.g. "2020-06-02".',
  serialize: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('LocalDate output must be a YYYY-MM-DD string.');
    return value;
  },
  parseValue: (value) => parsed(() => parseLocalDate(stringInput('LocalDate', '2020-06-02', value))),
  parseLiteral: (ast) => parsed(() => parseLocalDate(literalInput('LocalDate', '2020-06-02', ast))),
});

const SIGNED_RATE_PATTERN = /^-?0(\.\d{1,4})?$/;

/** A yearly interest rate such as the Basiszinssatz, which has been negative; below 1 in magnitude. */
export const SignedRateScalar = new GraphQLScalarType<Dec, string>({
  name: 'SignedRate',
  description:
    'A yearly rate in (−1, 1) as a decimal string with at most four decimals, e.g. "-0.0088" for −0.88 %. Output has four decimals.',
  serialize: (value) => {
    if (!(value instanceof Dec)) throw new GraphQLError('SignedRate output must be a decimal value.');
    return formatRate(value);
  },
  parseValue: (value) => parsed(() => parseSignedRate(stringInput('SignedRate', '0.0127', value))),
  parseLiteral: (ast) => parsed(() => parseSignedRate(literalInput('SignedRate', '0.0127', ast))),
});

function parseSignedRate(text: string): Dec {
  if (!SIGNED_RATE_PATTERN.test(text)) {
    throw new DomainInputError(
      `${quoteInput(text)} ist kein gültiger Zinssatz: bitte als Dezimalzahl zwischen −1 und 1 mit höchstens vier Nachkommastellen angeben, z. B. "0.0127".`,
      { reason: 'INVALID_RATE' },
    );
  }
  return new Dec(text);
}

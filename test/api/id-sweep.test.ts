// Every id slot of the schema with malformed values: arguments of queries and mutations, fields of
// their inputs, and arguments of nested fields reached from the root lists. None may end in an
// internal error: a malformed id is refused as bad input or answered as a record that is not there.
// The slots are found by walking the schema, so that a new id argument is swept without a change here.
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraphQLSchema } from '../../src/schema/build.js';
import { seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';

/** Values that are not ids: empty, blank, one character too many, SQL, a NUL byte, very long, a number. */
const MALFORMED: unknown[] = ['x', '', ' ', '12345678-1234-1234-1234-1234567890123', "' or '1'='1", 'a\u0000b', 'ä'.repeat(5000), 42];

/** A well-formed id of no record, for the id slots that are not the one swept. */
const SOME_ID = '0190f000-0000-7000-8000-000000000000';

/** A valid value of every scalar, so that only the swept slot is wrong. */
const SCALAR_VALUES: Record<string, unknown> = {
  ID: SOME_ID,
  String: 'Prüfung',
  Int: 1,
  Float: 1,
  Boolean: true,
  Money: '100.00',
  Rate: '0.8',
  SignedRate: '0.01',
  Percent: '80',
  Hours: '10.00',
  LocalDate: '2020-06-02',
  DateTimeISO: '2020-06-02T10:00:00Z',
  JSONObject: {},
};

/** A value for a required input: its required fields filled, optional ones left out. */
function validValue(type: GraphQLInputType, depth = 0): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [validValue(nullable.ofType, depth + 1)];
  if (isEnumType(nullable)) return nullable.getValues()[0]!.value;
  if (isScalarType(nullable)) {
    if (!(nullable.name in SCALAR_VALUES)) throw new Error(`no test value for scalar ${nullable.name}`);
    return SCALAR_VALUES[nullable.name];
  }
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields()))
      if (isNonNullType(field.type) && depth < 6) value[field.name] = validValue(field.type, depth + 1);
    return value;
  }
  throw new Error(`unexpected input type ${String(type)}`);
}

const isIdType = (type: GraphQLInputType): boolean => getNamedType(type).name === 'ID';

/** One place an id goes: an argument, or a field inside an argument's input (path from the argument). */
interface Slot {
  argument: GraphQLArgument;
  /** Field names inside the argument's input objects, empty for the argument itself. */
  path: string[];
}

function slotsOf(field: GraphQLField<unknown, unknown>): Slot[] {
  const slots: Slot[] = [];
  const walk = (argument: GraphQLArgument, type: GraphQLInputType, path: string[], depth: number) => {
    if (isIdType(type)) slots.push({ argument, path });
    const named = getNamedType(type);
    if (isInputObjectType(named) && depth < 4)
      for (const inner of Object.values(named.getFields())) walk(argument, inner.type, [...path, inner.name], depth + 1);
  };
  for (const argument of field.args) walk(argument, argument.type, [], 0);
  return slots;
}

/** The arguments of `field` as variables: all required ones valid, the slot's place malformed. */
function variablesFor(field: GraphQLField<unknown, unknown>, slot: Slot, malformed: unknown): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const argument of field.args)
    if (isNonNullType(argument.type) || argument === slot.argument) variables[argument.name] = validValue(argument.type);
  if (slot.path.length === 0) {
    variables[slot.argument.name] = isListType(getNullableType(slot.argument.type)) ? [malformed] : malformed;
    return variables;
  }
  // Down the input objects to the slot, creating the optional ones on the way.
  let holder = variables[slot.argument.name] as Record<string, unknown>;
  let type = getNamedType(slot.argument.type);
  for (const [index, name] of slot.path.entries()) {
    if (!isInputObjectType(type)) throw new Error('path leaves the input objects');
    const inner = type.getFields()[name]!;
    if (index === slot.path.length - 1) {
      holder[name] = isListType(getNullableType(inner.type)) ? [malformed] : malformed;
      break;
    }
    const nullable = getNullableType(inner.type);
    if (isListType(nullable)) {
      const list = (holder[name] as Record<string, unknown>[] | undefined) ?? [validValue(nullable.ofType) as Record<string, unknown>];
      holder[name] = list;
      holder = list[0]!;
    } else {
      holder[name] ??= validValue(inner.type);
      holder = holder[name] as Record<string, unknown>;
    }
    type = getNamedType(inner.type);
  }
  return variables;
}

const argumentList = (field: GraphQLField<unknown, unknown>, given: Record<string, unknown>) =>
  Object.keys(given).length === 0
    ? ''
    : `(${field.args
        .filter((argument) => argument.name in given)
        .map((argument) => `${argument.name}: $${argument.name}`)
        .join(', ')})`;

const declarations = (field: GraphQLField<unknown, unknown>, given: Record<string, unknown>) =>
  Object.keys(given).length === 0
    ? ''
    : `(${field.args
        .filter((argument) => argument.name in given)
        .map((argument) => `$${argument.name}: ${String(argument.type)}`)
        .join(', ')})`;

/** The least selection a field's result takes. */
function leafSelection(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isObjectType(named) || 'getTypes' in named || 'getFields' in named ? ' { __typename }' : '';
}

interface Case {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Root fields: each id slot of each query and mutation, with each malformed value. */
function rootCases(schema: GraphQLSchema): Case[] {
  const cases: Case[] = [];
  for (const [operation, root] of [
    ['query', schema.getQueryType()!],
    ['mutation', schema.getMutationType()!],
  ] as const) {
    for (const field of Object.values(root.getFields())) {
      for (const slot of slotsOf(field)) {
        for (const malformed of MALFORMED) {
          const variables = variablesFor(field, slot, malformed);
          cases.push({
            name: `${operation} ${field.name}(${[slot.argument.name, ...slot.path].join('.')} = ${JSON.stringify(malformed).slice(0, 20)})`,
            query: `${operation} ${declarations(field, variables)} { ${field.name}${argumentList(field, variables)}${leafSelection(field)} }`,
            variables,
          });
        }
      }
    }
  }
  return cases;
}

/**
 * Nested fields with id arguments (e.g. a cooperation's budgetOverview(fundingProgramId)), reached from a
 * root field that needs no arguments, through object fields that need none either (connections included).
 */
function nestedCases(schema: GraphQLSchema): Case[] {
  const cases: Case[] = [];
  const query = schema.getQueryType()!;
  const reached = new Map<string, string[]>();
  // Breadth first: the shortest way to each object type, as the selection path from the root.
  const queue: { type: GraphQLObjectType; path: string[] }[] = [];
  for (const field of Object.values(query.getFields())) {
    // The viewer's recipients and cooperation depend on the role (none for an auditor): the lists reach every record.
    if (field.name === 'viewer') continue;
    const named = getNamedType(field.type);
    if (isObjectType(named) && field.args.every((argument) => !isNonNullType(argument.type)) && !reached.has(named.name)) {
      reached.set(named.name, [field.name]);
      queue.push({ type: named, path: [field.name] });
    }
  }
  while (queue.length > 0) {
    const { type, path } = queue.shift()!;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isObjectType(named) || reached.has(named.name) || path.length > 5) continue;
      if (field.args.some((argument) => isNonNullType(argument.type))) continue;
      reached.set(named.name, [...path, field.name]);
      queue.push({ type: named, path: [...path, field.name] });
    }
  }
  for (const [typeName, path] of reached) {
    const type = schema.getType(typeName) as GraphQLObjectType;
    for (const field of Object.values(type.getFields())) {
      for (const slot of slotsOf(field)) {
        for (const malformed of MALFORMED) {
          const variables = variablesFor(field, slot, malformed);
          const inner = `${field.name}${argumentList(field, variables)}${leafSelection(field)}`;
          const selection = path.reduceRight((body, step) => `${step} { ${body} }`, inner);
          cases.push({
            name: `${path.join('.')}.${field.name}(${[slot.argument.name, ...slot.path].join('.')} = ${JSON.stringify(malformed).slice(0, 20)})`,
            query: `query ${declarations(field, variables)} { ${selection} }`,
            variables,
          });
        }
      }
    }
  }
  return cases;
}

let api: TestApi;
let schema: GraphQLSchema;

beforeAll(async () => {
  api = await startTestApi();
  // The demonstration data, so that nested fields have records to run on.
  await seedDemoIfEmpty(api.service.orm.em.fork());
  schema = await buildGraphQLSchema();
});

afterAll(async () => {
  await api.stop();
});

describe('every id slot of the schema with a malformed value', () => {
  it('is refused or not found, never an internal error, for every role', { timeout: 600_000 }, async () => {
    const cases = [...rootCases(schema), ...nestedCases(schema)];
    // The slots the issue named are among them.
    expect(cases.map((testCase) => testCase.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^cooperations\.edges\.node\.budgetOverview\(fundingProgramId = "x"\)$/),
        expect.stringMatching(/^query budgetOverview\(fundingProgramId = "x"\)$|^query cooperation\(id = "x"\)$/),
      ]),
    );
    const tokens = [
      await api.token({ role: 'ADMIN' }),
      await api.token({ role: 'AUDITOR' }),
      await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065'] }),
    ];
    const failures: string[] = [];
    const answered = new Map<string, number>();
    for (const testCase of cases) {
      for (const token of tokens) {
        const answer = await api.gql(testCase.query, testCase.variables, token);
        const codes = (answer.errors ?? []).map((error) => error.extensions?.code);
        if (answer.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR'))
          failures.push(`${testCase.name}: ${answer.status} ${JSON.stringify(answer.errors)}`);
        // A document the sweep built wrong would test nothing.
        if (codes.some((code) => code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED'))
          failures.push(`${testCase.name}: the test's document is invalid: ${JSON.stringify(answer.errors)}`);
        for (const code of codes.length === 0 ? ['none'] : codes) answered.set(String(code), (answered.get(String(code)) ?? 0) + 1);
      }
    }
    expect(failures).toEqual([]);
    // Enough slots were swept that a walk that finds none would fail.
    expect(cases.length).toBeGreaterThan(50 * MALFORMED.length);
    // Each kind of answer occurs: refused input, a record not found, a filter that matches nothing, a role refused.
    expect([...answered.keys()].sort()).toEqual(['BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'none']);
  });
});

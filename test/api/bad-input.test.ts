// Thousands of malformed requests against every mutation and several queries, each sent as a role that
// may make it: every one is refused with a client error that reveals nothing internal, the register is
// the same afterwards, and the limits still let every legitimate operation (the IDE's included) through.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getIntrospectionQuery } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, type HttpApp } from '../../src/http/app.js';
import { OPERATION_LIMITS } from '../../src/http/hardening.js';
import { buildGraphQLSchema } from '../../src/schema/build.js';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/api.js';
import { seededRandom as seeded } from '../support/random.js';

let api: TestApi;
let tokens: Record<Role, string>;
let ids: Ids;

type Role = 'admin' | 'officer' | 'auditor';
type Vars = Record<string, unknown>;

/** Every code a refusal may carry; anything else (INTERNAL_SERVER_ERROR above all) is a defect. */
const CLIENT_CODES = [
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
] as const;
type Code = (typeof CLIENT_CODES)[number];

const INPUT: readonly Code[] = ['BAD_USER_INPUT'];
const MISSING_RECORD: readonly Code[] = ['NOT_FOUND'];
const INVALID_DOCUMENT: readonly Code[] = ['GRAPHQL_VALIDATION_FAILED'];
const UNPARSABLE: readonly Code[] = ['GRAPHQL_PARSE_FAILED'];
const REQUEST: readonly Code[] = ['BAD_REQUEST'];
/** Written into the operation, a wrong value fails validation (or parsing) instead of coercion. */
const LITERAL: readonly Code[] = ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'];

/** What no error response may contain: stack frames, source paths, SQL, schema hints. */
const LEAKS = [
  /stack/i,
  /\bat [\w$.<>]+ \(|\bat (file|node):|\n\s+at /,
  /\.(ts|js|mjs|cjs):\d+|node_modules|\/work\//,
  /insert into|select .* from|update .* set|delete from|duplicate key|violates|constraint "/i,
  /Did you mean/,
];

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: the same requests on every run, so that a failure can be replayed.

type Rng = () => number;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

/** A version-4 UUID from the generator: well-formed, and certainly no record's id. */
function uuidFrom(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(rng() * 4) & 0x3) | 0x8).toString(16);
  const text = hex.join('');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------
// Values and how they are sent: as variables, or written into the operation as literals.

/** An enum value: a plain string among variables, a bare name when written into the operation. */
class EnumValue {
  constructor(readonly name: string) {}
  toJSON(): string {
    return this.name;
  }
}
const e = (name: string) => new EnumValue(name);

/** Marks a value to leave out, so that a required one is missing. */
const MISSING = Symbol('missing');

function literal(value: unknown): string {
  if (value instanceof EnumValue) return value.name;
  if (value === null || value === undefined || value === MISSING) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  const fields = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key}: ${literal(item)}`);
  return `{${fields.join(', ')}}`;
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (value !== null && typeof value === 'object' && !(value instanceof EnumValue)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clone(item)]));
  }
  return value;
}

/** A copy of the variables with the value at a dotted path (e.g. `input.budgetLines.0.planned`) replaced. */
function withValue(vars: Vars, path: string, value: unknown): Vars {
  const copy = clone(vars) as Vars;
  const keys = path.split('.');
  let parent = copy;
  for (const key of keys.slice(0, -1)) {
    // An earlier bad value may have put a string or null where an object was.
    if (typeof parent[key] !== 'object' || parent[key] === null) parent[key] = {};
    parent = parent[key] as Vars;
  }
  const last = keys[keys.length - 1]!;
  if (value === MISSING) delete parent[last];
  else parent[last] = value;
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Bad values by the kind of place they go to, each with the codes a correct refusal carries.

interface BadValue {
  label: string;
  value: unknown;
  codes: readonly Code[];
}

const bad = (label: string, value: unknown, codes: readonly Code[] = INPUT): BadValue => ({ label, value, codes });

const OVER_LIMIT = 'x'.repeat(OPERATION_LIMITS.maxStringLength + 1);
const HUNDRED_KB = 'Ä'.repeat(100_000);
/** Over the 1 MB body limit on its own. */
const OVER_BODY_LIMIT = 'x'.repeat(1_100_000);

/** Wrong JSON types for a place that takes a string (text, id, money, rate, date, enum). */
const NOT_A_STRING = [bad('number', 42), bad('float', 4.2), bad('boolean', true), bad('object', { a: 1 }), bad('list of lists', [['a']])];

/** Strings no text column should take. */
const UNSTORABLE_TEXT = [
  bad('string over the limit', OVER_LIMIT),
  bad('100 kB string', HUNDRED_KB),
  bad('NUL character', 'Kyff\u0000häuser'),
  bad('lone surrogate', 'Kyff\ud800häuser'),
];

function required(values: BadValue[]): BadValue[] {
  return [...values, bad('null', null), bad('missing', MISSING)];
}

/** Text that must not be empty when given (names, references); `hugeBody` adds a 1.1 MB value. */
function text(options: { blankRefused: boolean; hugeBody?: boolean }): BadValue[] {
  return [
    ...NOT_A_STRING,
    ...UNSTORABLE_TEXT,
    ...(options.blankRefused ? [bad('empty', ''), bad('blank', '   '), bad('tabs and newlines', '\t\n')] : []),
    ...(options.hugeBody ? [bad('1.1 MB string', OVER_BODY_LIMIT, ['PAYLOAD_TOO_LARGE'])] : []),
  ];
}

/** Amounts: only strings with at most two decimals and 15 integer digits, and here never negative. */
const MONEY: BadValue[] = [
  bad('JSON number', 1000),
  bad('JSON float', 1000.5),
  bad('three decimals', '1000.005'),
  bad('exponent', '1e5'),
  bad('exponent with fraction', '1.5e2'),
  bad('thousands comma', '1,000.00'),
  bad('German format', '1.000,00'),
  bad('negative', '-1.00'),
  bad('negative cent', '-0.01'),
  bad('NaN', 'NaN'),
  bad('Infinity', 'Infinity'),
  bad('minus Infinity', '-Infinity'),
  bad('20 digits', '12345678901234567890'),
  bad('16 integer digits', '1234567890123456.00'),
  bad('hexadecimal', '0x1F'),
  bad('leading space', ' 1.00'),
  bad('plus sign', '+1.00'),
  bad('empty', ''),
  bad('no integer part', '.50'),
  bad('trailing point', '5.'),
  bad('leading zeros', '00.10'),
  bad('underscore', '1_000'),
  bad('Arabic-Indic digits', '١٢٣'),
  bad('currency sign', '€100'),
  bad('boolean', true),
  bad('object', { amount: '1.00' }),
  bad('list', ['1.00']),
];

/** Rates: a string from 0 to 1 with at most four decimals. */
const RATE: BadValue[] = [
  bad('above 1', '1.0001'),
  bad('1.5', '1.5'),
  bad('2', '2'),
  bad('below 0', '-0.1'),
  bad('minus zero', '-0'),
  bad('five decimals', '0.12345'),
  bad('percent', '80%'),
  bad('decimal comma', '0,8'),
  bad('JSON number', 0.8),
  bad('NaN', 'NaN'),
  bad('Infinity', 'Infinity'),
  bad('exponent', '1e-1'),
  bad('empty', ''),
  bad('no integer part', '.8'),
  bad('plus sign', '+0.8'),
  bad('boolean', true),
  bad('object', {}),
];

/** Calendar dates: YYYY-MM-DD of a day that exists, years 1900 to 2999. */
const DATE: BadValue[] = [
  bad('29 February 2021', '2021-02-29'),
  bad('29 February 2100', '2100-02-29'),
  bad('month 13', '2020-13-01'),
  bad('month 0', '2020-00-10'),
  bad('day 0', '2020-01-00'),
  bad('day 32', '2020-01-32'),
  bad('31 April', '2020-04-31'),
  bad('five-digit year', '99999-01-01'),
  bad('year 0', '0000-01-01'),
  bad('year 1899', '1899-12-31'),
  bad('year 3000', '3000-01-01'),
  bad('a word', 'yesterday'),
  bad('slashes', '2020/06/02'),
  bad('German format', '02.06.2020'),
  bad('no padding', '2020-6-2'),
  bad('with time', '2020-06-02T00:00:00Z'),
  bad('trailing space', '2020-06-02 '),
  bad('no separators', '20200602'),
  bad('empty', ''),
  bad('JSON number', 20200602),
  bad('boolean', true),
  bad('object', { year: 2020 }),
];

/** Moments: ISO 8601 date-times that exist. */
const DATE_TIME: BadValue[] = [
  bad('month 13', '2020-13-01T00:00:00Z'),
  bad('30 February', '2020-02-30T00:00:00Z'),
  bad('hour 25', '2020-06-02T25:00:00Z'),
  bad('beyond JavaScript dates', '+275760-09-13T00:00:00Z'),
  bad('negative year', '-000001-01-01T00:00:00Z'),
  bad('a word', 'yesterday'),
  bad('empty', ''),
  bad('milliseconds as a number', 1591056000000),
  bad('boolean', true),
  bad('object', {}),
];

/** Wrong types for an Int, and numbers GraphQL's 32-bit Int cannot hold. */
const NOT_AN_INT = [
  bad('numeric string', '2020'),
  bad('fraction', 2020.5),
  bad('2^31', 2147483648),
  bad('-2^31 - 1', -2147483649),
  bad('10^10', 1e10),
  bad('boolean', true),
  bad('object', {}),
  bad('list', [1]),
];

function enumValues(valid: string): BadValue[] {
  return [
    bad('unknown value', 'NO_SUCH_VALUE'),
    bad('unknown bare value', e('NO_SUCH_VALUE')),
    bad('lower case', valid.toLowerCase()),
    bad('empty', ''),
    bad('number', 0),
    bad('boolean', true),
    bad('object', {}),
  ];
}

const BOOLEAN: BadValue[] = [
  bad('string "true"', 'true'),
  bad('1', 1),
  bad('"yes"', 'yes'),
  bad('object', {}),
  bad('list of lists', [[true]]),
];

/** Ids that name no record the caller can see, ids of the wrong type, and values that are no id at all. */
function recordIds(rng: Rng, otherRecordId: string, options: { blankRefused?: boolean } = {}): BadValue[] {
  return [
    bad('random UUID', uuidFrom(rng), MISSING_RECORD),
    bad('another random UUID', uuidFrom(rng), MISSING_RECORD),
    bad('upper-case random UUID', uuidFrom(rng).toUpperCase(), MISSING_RECORD),
    bad('nil UUID', '00000000-0000-0000-0000-000000000000', MISSING_RECORD),
    bad('id of another kind of record', otherRecordId, MISSING_RECORD),
    bad('not a UUID', 'not-a-uuid', MISSING_RECORD),
    bad('UUID without dashes', uuidFrom(rng).replaceAll('-', ''), MISSING_RECORD),
    bad('quote and OR', "' OR '1'='1", MISSING_RECORD),
    bad('path', '../../etc/passwd', MISSING_RECORD),
    bad('integer', 12345, MISSING_RECORD),
    ...(options.blankRefused === false ? [] : [bad('empty', '', MISSING_RECORD)]),
    bad('fraction', 1.5),
    bad('boolean', true),
    bad('object', { id: 1 }),
    bad('list of lists', [['a']]),
    ...UNSTORABLE_TEXT,
  ];
}

/** For filters an unknown id just matches nothing; only values that are no id at all are refused. */
const FILTER_ID: BadValue[] = [
  bad('fraction', 1.5),
  bad('boolean', true),
  bad('object', {}),
  bad('list of lists', [['a']]),
  ...UNSTORABLE_TEXT,
];

function staleVersions(current: number): BadValue[] {
  return [
    bad('previous version', current - 1, ['CONFLICT']),
    bad('next version', current + 1, ['CONFLICT']),
    bad('far future version', current + 1000, ['CONFLICT']),
    bad('negative version', -1, ['CONFLICT']),
    bad('largest Int', 2147483647, ['CONFLICT']),
    bad('smallest Int', -2147483648, ['CONFLICT']),
    ...NOT_AN_INT,
  ];
}

const FIRST: BadValue[] = [bad('-1', -1), bad('101', 101), bad('largest Int', 2147483647), ...NOT_AN_INT];

const CURSOR: BadValue[] = [
  bad('garbage', 'garbage'),
  bad('empty', ''),
  bad('cursor of a non-id', Buffer.from('["not-a-uuid"]').toString('base64url')),
  bad('cursor of an object', Buffer.from('{"id":1}').toString('base64url')),
  bad('cursor of two ids', Buffer.from('["a","b"]').toString('base64url')),
  bad('number', 5),
  bad('object', {}),
  ...UNSTORABLE_TEXT,
];

const MONTHS: BadValue[] = [bad('-1', -1), bad('121', 121), bad('largest Int', 2147483647), ...NOT_AN_INT];
const YEARS: BadValue[] = [bad('-1', -1), bad('0', 0), bad('1989', 1989), bad('3000', 3000), bad('99999', 99999), ...NOT_AN_INT];

const PERIOD: BadValue[] = [
  bad('ends before it starts', { start: '2021-01-01', end: '2020-12-31' }),
  bad('no end', { start: '2020-06-01' }),
  bad('empty object', {}),
  bad('impossible end', { start: '2020-06-01', end: '2021-02-29' }),
  bad('string', '2020-06-01/2021-12-31'),
  bad('list', [
    { start: '2020-06-01', end: '2021-12-31' },
    { start: '2020-06-01', end: '2021-12-31' },
  ]),
];

/** Financing plans that break a rule: the lines also must add up to the eligible costs. */
const PLAN_LINES: BadValue[] = [
  bad('category twice', [
    { category: e('SOFTWARE'), planned: '0.50' },
    { category: e('SOFTWARE'), planned: '0.50' },
  ]),
  bad('category the programme excludes', [{ category: e('TRAVEL'), planned: '1.00' }]),
  bad('negative line', [{ category: e('HARDWARE'), planned: '-1.00' }]),
  bad('null line', [null]),
  bad('line without amount', [{ category: e('SOFTWARE') }]),
  bad('line without category', [{ planned: '1.00' }]),
  bad('unknown category', [{ category: e('BRIBES'), planned: '1.00' }]),
  bad('string', 'SOFTWARE'),
];

/** A notice's plan must also be complete and add up to the eligible costs. */
const NOTICE_PLAN: BadValue[] = [
  ...PLAN_LINES,
  bad('no lines', []),
  bad('lines short of the eligible costs', [{ category: e('SOFTWARE'), planned: '1.00' }]),
];

const CATEGORIES: BadValue[] = [
  bad('none', []),
  bad('unknown category', [e('BRIBES')]),
  bad('unknown category as string', ['BRIBES']),
  bad('null category', [null]),
  bad('number', 7),
  bad('object', {}),
];

const RESOLUTIONS: BadValue[] = [
  bad('null resolution', [null]),
  bad('empty resolution', [{}]),
  bad('resolution with an empty body', [{ body: '', number: 'KT/1/2020', adoptedOn: '2020-01-01', subject: 'Beitritt' }]),
  bad('resolution on an impossible day', [{ body: 'Kreistag', number: 'KT/1/2020', adoptedOn: '2021-02-29', subject: 'Beitritt' }]),
  bad('string', 'Kreistag'),
];

const PROGRAMME_CODE: BadValue[] = [
  bad('one character', 'A'),
  bad('41 characters', 'X'.repeat(41)),
  bad('space', 'EGOV TH'),
  bad('slash', 'EGOV/TH'),
  bad('leading dash', '-EGOV'),
  bad('umlaut', 'ÄGOV'),
];

const AGS: BadValue[] = [
  bad('four digits', '1606'),
  bad('six digits', '160650'),
  bad('nine digits', '160650000'),
  bad('letter', '1606a'),
  bad('inner space', '16 065'),
  bad('full-width digits', '１６０６５'),
  bad('minus sign', '-16065'),
];

// ---------------------------------------------------------------------------------------------
// The register the requests aim at, and every operation with a request that would succeed.

interface Ids {
  program: string;
  kyffhaeuser: string;
  nordhausen: string;
  cooperation: string;
  membership: string;
  project: string;
  application: string;
  notice: string;
}

interface Targets extends Ids {
  versions: {
    program: number;
    kyffhaeuser: number;
    cooperation: number;
    membership: number;
    project: number;
    application: number;
    notice: number;
  };
}

interface Slot {
  path: string;
  values: BadValue[];
}

interface Operation {
  field: string;
  kind: 'query' | 'mutation';
  role: Role;
  /** Variable declarations; the body refers to them as `$name`. */
  vars: Record<string, string>;
  body: string;
  /** Variables of a request that would succeed. */
  base: Vars;
  slots: Slot[];
  /** Well-formed requests that break a rule of the register. */
  rules?: { label: string; vars: Vars; codes?: readonly Code[] }[];
}

const ALL_BUT_TRAVEL = ['STAFF', 'CONSULTING', 'SOFTWARE', 'HARDWARE', 'TRAINING', 'OTHER'].map(e);
const resolution = {
  body: 'Kreistag Kyffhäuserkreis',
  number: 'KT/12/2020',
  adoptedOn: '2020-02-01',
  subject: 'Beitritt zum Zweckverband',
};

function programmeSlots(t: Targets, rng: Rng, create: boolean): Slot[] {
  const req = create ? required : (values: BadValue[]) => values;
  return [
    {
      path: 'input.code',
      values: req([...text({ blankRefused: true }), ...PROGRAMME_CODE, ...(create ? [bad('code in use', 'EGOV-TH')] : [])]),
    },
    { path: 'input.name', values: req(text({ blankRefused: true, hugeBody: create })) },
    { path: 'input.grantingAuthority', values: req(text({ blankRefused: true })) },
    { path: 'input.legalBasis', values: req(text({ blankRefused: true })) },
    { path: 'input.maxRate', values: req(RATE) },
    { path: 'input.eligibleCategories', values: req(CATEGORIES) },
    { path: 'input.roundingMode', values: enumValues('HALF_UP') },
    { path: 'input.lineTolerance', values: RATE },
    { path: 'input.spendDeadlineMonths', values: MONTHS },
    { path: 'input.proofOfUseMonths', values: MONTHS },
    { path: 'input.interestMargin', values: RATE },
    ...(create ? [] : updateSlots(t.versions.program, t.notice, rng)),
  ];
}

function updateSlots(version: number, otherRecordId: string, rng: Rng): Slot[] {
  return [
    { path: 'id', values: required(recordIds(rng, otherRecordId)) },
    { path: 'expectedVersion', values: required(staleVersions(version)) },
  ];
}

function noticeFigures(): Vars {
  return {
    financingType: e('SHARE'),
    rate: '0.8',
    eligibleCosts: '5000.00',
    ownFunds: '1000.00',
    thirdPartyFunds: '0.00',
    approvedAmount: '4000.00',
    approvalPeriod: { start: '2020-07-01', end: '2021-06-30' },
    budgetYear: 2020,
    budgetLines: [
      { category: e('SOFTWARE'), planned: '3000.00' },
      { category: e('HARDWARE'), planned: '2000.00' },
    ],
  };
}

function figureSlots(create: boolean): Slot[] {
  const req = create ? required : (values: BadValue[]) => values;
  return [
    { path: 'input.financingType', values: req(enumValues('SHARE')) },
    // Share financing needs its rate: null is refused even where the field may be left out.
    { path: 'input.rate', values: [...RATE, bad('null for share financing', null)] },
    { path: 'input.eligibleCosts', values: req(MONEY) },
    { path: 'input.ownFunds', values: MONEY },
    { path: 'input.thirdPartyFunds', values: MONEY },
    { path: 'input.fixedAmount', values: MONEY },
    { path: 'input.approvedAmount', values: req(MONEY) },
    { path: 'input.approvalPeriod', values: req(PERIOD) },
    { path: 'input.approvalPeriod.start', values: required(DATE) },
    { path: 'input.approvalPeriod.end', values: required(DATE) },
    { path: 'input.budgetYear', values: [...YEARS, bad('year without a budget', 2030)] },
    { path: 'input.budgetLines', values: req(NOTICE_PLAN) },
    { path: 'input.budgetLines.0.category', values: required(enumValues('SOFTWARE')) },
    { path: 'input.budgetLines.0.planned', values: required(MONEY) },
  ];
}

function operations(t: Targets, rng: Rng): Operation[] {
  const v = t.versions;
  const programmeInput = {
    code: 'EGOV-NEU',
    name: 'Richtlinie Digitale Kommune',
    grantingAuthority: 'Thüringer Finanzministerium (TFM)',
    legalBasis: 'ThürLHO §§ 23, 44',
    maxRate: '0.9',
    eligibleCategories: ALL_BUT_TRAVEL,
    roundingMode: e('HALF_EVEN'),
    lineTolerance: '0.1',
    spendDeadlineMonths: 3,
    proofOfUseMonths: 12,
    interestMargin: '0.05',
  };
  const applicationLines = (planned: string) => ({ lines: [{ category: e('SOFTWARE'), planned }] });
  const update = (id: string, version: number, input: Vars) => ({ id, expectedVersion: version, input });
  const page = (filter: Vars) => ({ first: 10, filter });
  const pageSlots: Slot[] = [
    { path: 'first', values: FIRST },
    { path: 'after', values: CURSOR },
  ];

  return [
    {
      field: 'createFundingProgram',
      kind: 'mutation',
      role: 'admin',
      vars: { input: 'FundingProgramInput!' },
      body: '{ createFundingProgram(input: $input) { id } }',
      base: { input: programmeInput },
      slots: programmeSlots(t, rng, true),
    },
    {
      field: 'updateFundingProgram',
      kind: 'mutation',
      role: 'admin',
      vars: { id: 'ID!', expectedVersion: 'Int!', input: 'FundingProgramPatch!' },
      body: '{ updateFundingProgram(id: $id, expectedVersion: $expectedVersion, input: $input) { id version } }',
      base: update(t.program, v.program, {
        ...programmeInput,
        code: 'EGOV-TH',
        name: 'Richtlinie E-Government (Fassung 2021)',
        maxRate: '0.8',
      }),
      slots: programmeSlots(t, rng, false),
    },
    {
      field: 'setProgramBudget',
      kind: 'mutation',
      role: 'admin',
      vars: { fundingProgramId: 'ID!', year: 'Int!', amount: 'Money!' },
      body: '{ setProgramBudget(fundingProgramId: $fundingProgramId, year: $year, amount: $amount) { year budget } }',
      base: { fundingProgramId: t.program, year: 2021, amount: '500000.00' },
      slots: [
        { path: 'fundingProgramId', values: required(recordIds(rng, t.kyffhaeuser)) },
        { path: 'year', values: required(YEARS) },
        { path: 'amount', values: required(MONEY) },
      ],
      rules: [{ label: 'budget below what 2020 already commits', vars: { fundingProgramId: t.program, year: 2020, amount: '9999.99' } }],
    },
    {
      field: 'createRecipient',
      kind: 'mutation',
      role: 'admin',
      vars: { input: 'RecipientInput!' },
      body: '{ createRecipient(input: $input) { id } }',
      base: { input: { name: 'Stadt Sondershausen', kind: e('CITY'), ags: '16065064', population: 21000 } },
      slots: [
        { path: 'input.name', values: required(text({ blankRefused: true, hugeBody: true })) },
        { path: 'input.kind', values: required(enumValues('CITY')) },
        { path: 'input.ags', values: required([...text({ blankRefused: true }), ...AGS, bad('AGS in use', '16065')]) },
        { path: 'input.population', values: [bad('-1', -1), bad('smallest Int', -2147483648), ...NOT_AN_INT] },
      ],
    },
    {
      field: 'updateRecipient',
      kind: 'mutation',
      role: 'admin',
      vars: { id: 'ID!', expectedVersion: 'Int!', input: 'RecipientPatch!' },
      body: '{ updateRecipient(id: $id, expectedVersion: $expectedVersion, input: $input) { id version } }',
      base: update(t.kyffhaeuser, v.kyffhaeuser, {
        name: 'Landkreis Kyffhäuserkreis',
        kind: e('DISTRICT'),
        ags: '16065',
        population: 75000,
      }),
      slots: [
        ...updateSlots(v.kyffhaeuser, t.program, rng),
        { path: 'input.name', values: text({ blankRefused: true }) },
        { path: 'input.kind', values: enumValues('DISTRICT') },
        { path: 'input.ags', values: [...text({ blankRefused: true }), ...AGS, bad("Nordhausen's AGS", '16062')] },
        { path: 'input.population', values: [bad('-1', -1), ...NOT_AN_INT] },
      ],
    },
    {
      field: 'createCooperation',
      kind: 'mutation',
      role: 'admin',
      vars: { input: 'CooperationInput!' },
      body: '{ createCooperation(input: $input) { id } }',
      base: {
        input: { name: 'Zweckverband Südharz', agreement: 'Zweckvereinbarung vom 01.03.2021', purpose: 'Gemeinsames Rechenzentrum' },
      },
      slots: [
        { path: 'input.name', values: required(text({ blankRefused: true })) },
        { path: 'input.agreement', values: required(text({ blankRefused: true })) },
        { path: 'input.purpose', values: text({ blankRefused: false, hugeBody: true }) },
      ],
    },
    {
      field: 'updateCooperation',
      kind: 'mutation',
      role: 'admin',
      vars: { id: 'ID!', expectedVersion: 'Int!', input: 'CooperationPatch!' },
      body: '{ updateCooperation(id: $id, expectedVersion: $expectedVersion, input: $input) { id version } }',
      base: update(t.cooperation, v.cooperation, {
        name: 'Zweckverband E-Government Nordthüringen',
        agreement: 'ZV-2020-01',
        purpose: 'Serviceteam',
      }),
      slots: [
        ...updateSlots(v.cooperation, t.project, rng),
        { path: 'input.name', values: text({ blankRefused: true }) },
        { path: 'input.agreement', values: text({ blankRefused: true }) },
        { path: 'input.purpose', values: text({ blankRefused: false }) },
      ],
    },
    {
      field: 'addCooperationMember',
      kind: 'mutation',
      role: 'admin',
      vars: { input: 'MembershipInput!' },
      body: '{ addCooperationMember(input: $input) { id } }',
      base: {
        input: {
          cooperationId: t.cooperation,
          recipientId: t.nordhausen,
          isLead: false,
          joinedOn: '2020-03-01',
          resolutions: [resolution],
        },
      },
      slots: [
        { path: 'input.cooperationId', values: required(recordIds(rng, t.kyffhaeuser)) },
        { path: 'input.recipientId', values: required(recordIds(rng, t.cooperation)) },
        { path: 'input.isLead', values: BOOLEAN },
        { path: 'input.joinedOn', values: required(DATE) },
        { path: 'input.resolutions', values: RESOLUTIONS },
        { path: 'input.resolutions.0.body', values: required(text({ blankRefused: true })) },
        { path: 'input.resolutions.0.number', values: required(text({ blankRefused: true })) },
        { path: 'input.resolutions.0.adoptedOn', values: required(DATE) },
        { path: 'input.resolutions.0.subject', values: required(text({ blankRefused: true, hugeBody: true })) },
      ],
      rules: [
        {
          label: 'a second lead',
          vars: { input: { cooperationId: t.cooperation, recipientId: t.nordhausen, isLead: true, joinedOn: '2020-03-01' } },
        },
        {
          label: 'a member joining again',
          vars: { input: { cooperationId: t.cooperation, recipientId: t.kyffhaeuser, joinedOn: '2020-03-01' } },
        },
      ],
    },
    {
      field: 'updateCooperationMembership',
      kind: 'mutation',
      role: 'admin',
      vars: { id: 'ID!', expectedVersion: 'Int!', input: 'MembershipPatch!' },
      body: '{ updateCooperationMembership(id: $id, expectedVersion: $expectedVersion, input: $input) { id version } }',
      base: update(t.membership, v.membership, { isLead: true, leftOn: '2024-12-31' }),
      slots: [
        ...updateSlots(v.membership, t.cooperation, rng),
        { path: 'input.isLead', values: BOOLEAN },
        { path: 'input.leftOn', values: [...DATE, bad('before joining', '2019-12-31')] },
      ],
    },
    {
      field: 'addCooperationResolution',
      kind: 'mutation',
      role: 'admin',
      vars: { membershipId: 'ID!', input: 'ResolutionInput!' },
      body: '{ addCooperationResolution(membershipId: $membershipId, input: $input) { id } }',
      base: { membershipId: t.membership, input: { ...resolution, number: 'KT/44/2021', adoptedOn: '2021-05-01', subject: 'Haushalt' } },
      slots: [
        { path: 'membershipId', values: required(recordIds(rng, t.cooperation)) },
        { path: 'input.body', values: required(text({ blankRefused: true })) },
        { path: 'input.number', values: required(text({ blankRefused: true })) },
        { path: 'input.adoptedOn', values: required(DATE) },
        { path: 'input.subject', values: required(text({ blankRefused: true })) },
      ],
    },
    {
      field: 'createProject',
      kind: 'mutation',
      role: 'officer',
      vars: { input: 'ProjectInput!' },
      body: '{ createProject(input: $input) { id } }',
      base: {
        input: {
          recipientId: t.kyffhaeuser,
          cooperationId: t.cooperation,
          title: 'Digitale Bauakte',
          description: 'Einführung der E-Akte',
        },
      },
      slots: [
        {
          path: 'input.recipientId',
          values: required([...recordIds(rng, t.program), bad('recipient outside the token', t.nordhausen, MISSING_RECORD)]),
        },
        // An empty optional id means "none", so only ids that name nothing are refused.
        { path: 'input.cooperationId', values: recordIds(rng, t.program, { blankRefused: false }) },
        { path: 'input.title', values: required(text({ blankRefused: true })) },
        { path: 'input.description', values: text({ blankRefused: false, hugeBody: true }) },
      ],
    },
    {
      field: 'updateProject',
      kind: 'mutation',
      role: 'officer',
      vars: { id: 'ID!', expectedVersion: 'Int!', input: 'ProjectPatch!' },
      body: '{ updateProject(id: $id, expectedVersion: $expectedVersion, input: $input) { id version } }',
      base: update(t.project, v.project, {
        cooperationId: t.cooperation,
        title: 'E-Government-Serviceteam II',
        description: 'Zweite Stufe',
      }),
      slots: [
        ...updateSlots(v.project, t.notice, rng),
        { path: 'input.cooperationId', values: recordIds(rng, t.program, { blankRefused: false }) },
        { path: 'input.title', values: text({ blankRefused: true }) },
        { path: 'input.description', values: text({ blankRefused: false }) },
      ],
    },
    {
      field: 'createGrantApplication',
      kind: 'mutation',
      role: 'officer',
      vars: { input: 'GrantApplicationInput!' },
      body: '{ createGrantApplication(input: $input) { id } }',
      base: {
        input: {
          fundingProgramId: t.program,
          projectId: t.project,
          reference: 'A-2020-0002',
          submittedOn: '2020-05-01',
          requestedAmount: '5000.00',
          financingType: e('SHARE'),
          status: e('SUBMITTED'),
          ...applicationLines('6250.00'),
        },
      },
      slots: [
        { path: 'input.fundingProgramId', values: required(recordIds(rng, t.project)) },
        { path: 'input.projectId', values: required(recordIds(rng, t.program)) },
        { path: 'input.reference', values: text({ blankRefused: false }) },
        { path: 'input.submittedOn', values: DATE },
        { path: 'input.requestedAmount', values: required(MONEY) },
        { path: 'input.financingType', values: required(enumValues('SHARE')) },
        { path: 'input.status', values: enumValues('SUBMITTED') },
        { path: 'input.lines', values: PLAN_LINES },
        { path: 'input.lines.0.category', values: required(enumValues('SOFTWARE')) },
        { path: 'input.lines.0.planned', values: required(MONEY) },
      ],
    },
    {
      field: 'updateGrantApplication',
      kind: 'mutation',
      role: 'officer',
      vars: { id: 'ID!', expectedVersion: 'Int!', input: 'GrantApplicationPatch!' },
      body: '{ updateGrantApplication(id: $id, expectedVersion: $expectedVersion, input: $input) { id version } }',
      base: update(t.application, v.application, {
        reference: 'A-2020-0001',
        submittedOn: '2020-04-01',
        requestedAmount: '9000.00',
        financingType: e('SHARE'),
        status: e('APPROVED'),
        ...applicationLines('12500.00'),
      }),
      slots: [
        ...updateSlots(v.application, t.notice, rng),
        { path: 'input.reference', values: text({ blankRefused: false }) },
        { path: 'input.submittedOn', values: DATE },
        { path: 'input.requestedAmount', values: MONEY },
        { path: 'input.financingType', values: enumValues('SHARE') },
        { path: 'input.status', values: enumValues('APPROVED') },
        { path: 'input.lines', values: PLAN_LINES },
        { path: 'input.lines.0.planned', values: required(MONEY) },
      ],
    },
    {
      field: 'createGrantNotice',
      kind: 'mutation',
      role: 'officer',
      vars: { input: 'GrantNoticeInput!' },
      body: '{ createGrantNotice(input: $input) { id } }',
      base: {
        input: {
          reference: 'TFM-EGOV-2020-0002',
          noticeDate: '2020-07-01',
          fundingProgramId: t.program,
          projectId: t.project,
          ...noticeFigures(),
        },
      },
      slots: [
        {
          path: 'input.reference',
          values: required([...text({ blankRefused: true, hugeBody: true }), bad('reference in use', 'TFM-EGOV-2020-0001')]),
        },
        { path: 'input.noticeDate', values: required(DATE) },
        { path: 'input.fundingProgramId', values: required(recordIds(rng, t.project)) },
        { path: 'input.projectId', values: required(recordIds(rng, t.program)) },
        {
          path: 'input.applicationId',
          values: [...recordIds(rng, t.program, { blankRefused: false }), bad('application that has a notice', t.application)],
        },
        ...figureSlots(true),
      ],
      rules: [
        { label: 'one cent above the share cap', vars: noticeWith(t, { approvedAmount: '4000.01' }) },
        { label: 'rate above the programme maximum', vars: noticeWith(t, { rate: '0.9' }) },
        { label: 'co-funding above the eligible costs', vars: noticeWith(t, { ownFunds: '4000.00', thirdPartyFunds: '1000.01' }) },
        { label: 'fixed amount financing without the amount', vars: noticeWith(t, { financingType: e('FIXED_AMOUNT'), rate: null }) },
        // 0.8 × 1,237,500.02 caps at 990,000.02, but only 990,000.00 of the 2020 budget are left.
        { label: 'more than the 2020 budget has left', vars: noticeWith(t, bigPlan('1237500.02', '990000.01')) },
      ],
    },
    {
      field: 'updateGrantNotice',
      kind: 'mutation',
      role: 'officer',
      vars: { id: 'ID!', expectedVersion: 'Int!', input: 'GrantNoticePatch!' },
      body: '{ updateGrantNotice(id: $id, expectedVersion: $expectedVersion, input: $input) { id version } }',
      base: update(t.notice, v.notice, { reference: 'TFM-EGOV-2020-0001', noticeDate: '2020-06-03', status: e('APPROVED') }),
      slots: [
        ...updateSlots(v.notice, t.project, rng),
        { path: 'input.reference', values: text({ blankRefused: true }) },
        { path: 'input.noticeDate', values: DATE },
        { path: 'input.status', values: enumValues('APPROVED') },
      ],
    },
    {
      field: 'amendGrantNotice',
      kind: 'mutation',
      role: 'officer',
      vars: { id: 'ID!', expectedVersion: 'Int!', input: 'GrantAmendmentInput!' },
      body: '{ amendGrantNotice(id: $id, expectedVersion: $expectedVersion, input: $input) { id version } }',
      base: update(t.notice, v.notice, {
        reference: 'TFM-EGOV-2020-0001-Ä1',
        amendmentDate: '2020-09-01',
        reason: 'Mehrkosten Software',
        ...noticeFigures(),
        // 12,000.00 − 9,600.00: the plan balances.
        ownFunds: '2400.00',
        eligibleCosts: '12000.00',
        approvedAmount: '9600.00',
        approvalPeriod: { start: '2020-06-01', end: '2021-12-31' },
        budgetLines: [{ category: e('SOFTWARE'), planned: '12000.00' }],
      }),
      slots: [
        ...updateSlots(v.notice, t.application, rng),
        { path: 'input.reference', values: required(text({ blankRefused: true })) },
        { path: 'input.amendmentDate', values: required([...DATE, bad('before the notice', '2020-06-01')]) },
        { path: 'input.reason', values: required(text({ blankRefused: true })) },
        ...figureSlots(false),
      ],
    },
    {
      field: 'recipients',
      kind: 'query',
      role: 'auditor',
      vars: { first: 'Int', after: 'String', filter: 'RecipientFilter' },
      body: '{ recipients(first: $first, after: $after, filter: $filter) { totalCount edges { node { id name } } } }',
      base: page({ kind: e('DISTRICT'), ags: '16065', cooperationId: t.cooperation }),
      slots: [
        ...pageSlots,
        { path: 'filter.kind', values: enumValues('DISTRICT') },
        { path: 'filter.ags', values: [...NOT_A_STRING, ...UNSTORABLE_TEXT] },
        { path: 'filter.cooperationId', values: FILTER_ID },
      ],
    },
    {
      field: 'grantNotices',
      kind: 'query',
      role: 'auditor',
      vars: { first: 'Int', after: 'String', filter: 'GrantNoticeFilter' },
      body: '{ grantNotices(first: $first, after: $after, filter: $filter) { totalCount edges { node { id approvedAmount } } } }',
      base: page({
        fundingProgramId: t.program,
        recipientId: t.kyffhaeuser,
        cooperationId: t.cooperation,
        status: e('APPROVED'),
        year: 2020,
      }),
      slots: [
        ...pageSlots,
        { path: 'filter.fundingProgramId', values: FILTER_ID },
        { path: 'filter.recipientId', values: FILTER_ID },
        { path: 'filter.cooperationId', values: FILTER_ID },
        { path: 'filter.status', values: enumValues('APPROVED') },
        { path: 'filter.year', values: NOT_AN_INT },
      ],
    },
    {
      field: 'grantApplications',
      kind: 'query',
      role: 'auditor',
      vars: { first: 'Int', after: 'String', filter: 'GrantApplicationFilter' },
      body: '{ grantApplications(first: $first, after: $after, filter: $filter) { totalCount edges { node { id plannedTotal } } } }',
      base: page({ fundingProgramId: t.program, recipientId: t.kyffhaeuser, status: e('SUBMITTED'), year: 2020 }),
      slots: [
        ...pageSlots,
        { path: 'filter.fundingProgramId', values: FILTER_ID },
        { path: 'filter.recipientId', values: FILTER_ID },
        { path: 'filter.status', values: enumValues('SUBMITTED') },
        // Years outside the calendar are a known defect, checked on their own below.
        { path: 'filter.year', values: NOT_AN_INT },
      ],
    },
    {
      field: 'fundingPrograms',
      kind: 'query',
      role: 'auditor',
      vars: { first: 'Int', after: 'String', filter: 'FundingProgramFilter' },
      body: '{ fundingPrograms(first: $first, after: $after, filter: $filter) { totalCount edges { node { id budgetYears { year available } } } } }',
      base: page({ code: 'EGOV-TH' }),
      slots: [...pageSlots, { path: 'filter.code', values: [...NOT_A_STRING, ...UNSTORABLE_TEXT] }],
    },
    {
      field: 'projects',
      kind: 'query',
      role: 'officer',
      vars: { first: 'Int', after: 'String', filter: 'ProjectFilter' },
      body: '{ projects(first: $first, after: $after, filter: $filter) { totalCount edges { node { id title } } } }',
      base: page({ recipientId: t.kyffhaeuser }),
      slots: [...pageSlots, { path: 'filter.recipientId', values: FILTER_ID }, { path: 'filter.cooperationId', values: FILTER_ID }],
    },
    {
      field: 'auditEvents',
      kind: 'query',
      role: 'auditor',
      vars: { first: 'Int', after: 'String', filter: 'AuditEventFilter' },
      body: '{ auditEvents(first: $first, after: $after, filter: $filter) { totalCount edges { node { id action } } } }',
      base: page({ entityType: 'GrantNotice', action: e('CREATE'), from: '2020-01-01T00:00:00Z', to: '2999-12-31T00:00:00Z' }),
      slots: [
        ...pageSlots,
        { path: 'filter.entityType', values: [...NOT_A_STRING, ...UNSTORABLE_TEXT] },
        { path: 'filter.entityId', values: [...NOT_A_STRING, ...UNSTORABLE_TEXT] },
        { path: 'filter.actorSubject', values: [...NOT_A_STRING, ...UNSTORABLE_TEXT] },
        { path: 'filter.action', values: enumValues('CREATE') },
        { path: 'filter.from', values: DATE_TIME },
        { path: 'filter.to', values: DATE_TIME },
      ],
    },
    {
      field: 'cooperation',
      kind: 'query',
      role: 'auditor',
      vars: { id: 'ID!', activeOn: 'LocalDate' },
      body: '{ cooperation(id: $id) { id name memberships(activeOn: $activeOn) { id isLead recipient { name } } } }',
      base: { id: t.cooperation, activeOn: '2020-06-01' },
      slots: [
        { path: 'id', values: required(recordIds(rng, t.kyffhaeuser)) },
        { path: 'activeOn', values: DATE },
      ],
    },
    ...(
      [
        ['grantNotice', t.notice, t.project],
        ['grantApplication', t.application, t.notice],
        ['fundingProgram', t.program, t.notice],
        ['project', t.project, t.kyffhaeuser],
        ['recipient', t.kyffhaeuser, t.project],
      ] as const
    ).map(([field, id, otherRecordId]): Operation => ({
      field,
      kind: 'query',
      role: 'auditor',
      vars: { id: 'ID!' },
      body: `{ ${field}(id: $id) { id version } }`,
      base: { id },
      slots: [{ path: 'id', values: required(recordIds(rng, otherRecordId)) }],
    })),
  ];
}

function noticeWith(t: Targets, overrides: Vars): Vars {
  return {
    input: {
      reference: 'TFM-EGOV-2020-0003',
      noticeDate: '2020-07-01',
      fundingProgramId: t.program,
      projectId: t.project,
      ...noticeFigures(),
      ...overrides,
    },
  };
}

/** Share financing of one software line. */
function bigPlan(eligibleCosts: string, approvedAmount: string): Vars {
  // Own funds left out: the remainder balances the plan.
  return { eligibleCosts, approvedAmount, budgetLines: [{ category: e('SOFTWARE'), planned: eligibleCosts }] };
}

// ---------------------------------------------------------------------------------------------
// Requests and the check of their answers.

interface Case {
  label: string;
  /** Null: no Authorization header. */
  token: string | null;
  body: string;
  codes: readonly Code[];
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}

interface Finding {
  label: string;
  status: number;
  problem: string;
  response: string;
}

function documentOf(op: Operation, literalVars?: Vars): string {
  const name = op.field[0]!.toUpperCase() + op.field.slice(1);
  if (literalVars) return `${op.kind} ${name} ${op.body.replace(/\$(\w+)/g, (_, variable: string) => literal(literalVars[variable]))}`;
  const declarations = Object.entries(op.vars).map(([variable, type]) => `$${variable}: ${type}`);
  return `${op.kind} ${name}(${declarations.join(', ')}) ${op.body}`;
}

function graphqlCase(op: Operation, label: string, vars: Vars, codes: readonly Code[], asLiteral = false): Case {
  const query = documentOf(op, asLiteral ? vars : undefined);
  return {
    label: `${op.field}: ${label}${asLiteral ? ' (literal)' : ''}`,
    token: tokens[op.role],
    body: JSON.stringify(asLiteral ? { query } : { query, variables: vars }),
    codes: asLiteral ? [...codes, ...LITERAL] : codes,
  };
}

/** How often each code was answered, for the record of a run. */
const tally = new Map<string, number>();

async function check(c: Case): Promise<Finding | null> {
  const method = c.method ?? 'POST';
  // A GET carries no body, and its content type alone would satisfy the CSRF check.
  const headers: Record<string, string> = { ...(method === 'GET' ? {} : { 'content-type': 'application/json' }), ...c.headers };
  if (c.token) headers.authorization = `Bearer ${c.token}`;
  const response = await fetch(`${api.url}${c.path ?? '/graphql'}`, { method, headers, ...(method === 'GET' ? {} : { body: c.body }) });
  const text = await response.text();
  const finding = (problem: string): Finding => ({ label: c.label, status: response.status, problem, response: text.slice(0, 400) });
  if (response.status >= 500) return finding('server error status');
  let parsed: GraphQLResponse;
  try {
    parsed = JSON.parse(text) as GraphQLResponse;
  } catch {
    return finding('answer is not JSON');
  }
  const errors = parsed.errors ?? [];
  if (errors.length === 0) return finding('accepted instead of refused');
  const answered = errors.map((error) => String(error.extensions?.code));
  for (const code of new Set(answered)) tally.set(code, (tally.get(code) ?? 0) + 1);
  const notClient = answered.filter((code) => !(CLIENT_CODES as readonly string[]).includes(code));
  if (notClient.length > 0) return finding(`not a client error: ${notClient.join(', ')}`);
  const unexpected = answered.filter((code) => !c.codes.includes(code as Code));
  if (unexpected.length > 0) return finding(`client error ${unexpected.join(', ')}; expected one of ${c.codes.join(', ')}`);
  const leak = LEAKS.find((pattern) => pattern.test(text));
  if (leak) return finding(`reveals ${leak}`);
  return null;
}

/** Sends the cases, eight at a time, and returns every answer that is not a proper refusal. */
async function sendAll(cases: readonly Case[], concurrency = 8): Promise<Finding[]> {
  const findings: Finding[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const finding = await check(cases[next++]!);
      if (finding) findings.push(finding);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return findings;
}

async function ok<T = Record<string, unknown>>(role: Role | null, query: string, variables?: Vars): Promise<T> {
  const response = await api.gql<T>(query, variables, role ? tokens[role] : null);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data as T;
}

// ---------------------------------------------------------------------------------------------
// The cases.

/** Each bad value at each place of each operation, as variables and (about a third of them) as literals. */
function slotCases(ops: readonly Operation[], rng: Rng): Case[] {
  const cases: Case[] = [];
  for (const op of ops) {
    for (const slot of op.slots) {
      for (const value of slot.values) {
        const vars = withValue(op.base, slot.path, value.value);
        cases.push(graphqlCase(op, `${slot.path} ${value.label}`, vars, value.codes));
        const literalFits = value.value !== OVER_BODY_LIMIT && !(slot.path.split('.').length === 1 && value.value === MISSING);
        if (literalFits && rng() < 1 / 3) cases.push(graphqlCase(op, `${slot.path} ${value.label}`, vars, value.codes, true));
      }
    }
    for (const rule of op.rules ?? []) cases.push(graphqlCase(op, rule.label, rule.vars, rule.codes ?? INPUT));
  }
  return cases;
}

/** Two or three bad values at once, at places chosen by the generator. */
function combinedCases(ops: readonly Operation[], rng: Rng, count: number): Case[] {
  const cases: Case[] = [];
  while (cases.length < count) {
    const op = pick(rng, ops);
    if (op.slots.length < 2) continue;
    let vars = op.base;
    const labels: string[] = [];
    const codes = new Set<Code>();
    for (let n = 2 + Math.floor(rng() * 2); n > 0; n--) {
      const slot = pick(rng, op.slots);
      const value = pick(rng, slot.values);
      // A 1.1 MB value would make every combination a 413; it has its own cases.
      if (value.value === OVER_BODY_LIMIT) continue;
      vars = withValue(vars, slot.path, value.value);
      labels.push(`${slot.path} ${value.label}`);
      value.codes.forEach((code) => codes.add(code));
    }
    if (labels.length > 0) cases.push(graphqlCase(op, labels.join(' + '), vars, [...codes], rng() < 0.25));
  }
  return cases;
}

/** Broken documents and variables built from each operation. */
function documentCases(ops: readonly Operation[], rng: Rng): Case[] {
  const cases: Case[] = [];
  for (const op of ops) {
    const query = documentOf(op);
    const send = (label: string, body: Record<string, unknown>, codes: readonly Code[]): void => {
      cases.push({ label: `${op.field}: ${label}`, token: tokens[op.role], body: JSON.stringify(body), codes });
    };
    for (let n = 0; n < 3; n++) {
      const cut = 1 + Math.floor(rng() * (query.length - 1));
      send(`cut after ${cut} characters`, { query: query.slice(0, cut), variables: op.base }, UNPARSABLE);
    }
    for (const garbage of ['}', ')', '"open', '$', '...', '@', '!', '{', '=', '|']) {
      send(`followed by ${garbage}`, { query: `${query} ${garbage}`, variables: op.base }, UNPARSABLE);
    }
    const firstVariable = Object.keys(op.vars)[0]!;
    const typo = op.field.slice(0, -1);
    const variants: [string, string, readonly Code[]][] = [
      ['unknown field', query.replace(`{ ${op.field}`, `{ secretField ${op.field}`), INVALID_DOCUMENT],
      ['misspelt field', query.replace(`{ ${op.field}(`, `{ ${typo}(`), INVALID_DOCUMENT],
      ['unknown sub-field', query.replace(') {', ') { passwordHash'), INVALID_DOCUMENT],
      ['unknown argument', query.replace(`${op.field}(`, `${op.field}(bogus: 1, `), INVALID_DOCUMENT],
      [
        'variable of the wrong type',
        query.replace(`$${firstVariable}: ${op.vars[firstVariable]}`, `$${firstVariable}: Boolean`),
        INVALID_DOCUMENT,
      ],
      [
        'variable of an unknown type',
        query.replace(`$${firstVariable}: ${op.vars[firstVariable]}`, `$${firstVariable}: NoSuchInput`),
        INVALID_DOCUMENT,
      ],
      ['undeclared variables', `${op.kind} ${op.body}`, INVALID_DOCUMENT],
      ['unused variable', query.replace('(', '($unused: Int, '), INVALID_DOCUMENT],
      ['operation of the other kind', query.replace(/^(query|mutation)/, op.kind === 'query' ? 'mutation' : 'query'), INVALID_DOCUMENT],
      ['as a subscription', query.replace(/^(query|mutation)/, 'subscription'), INVALID_DOCUMENT],
      ['two operations of one name', `${query} ${query}`, INVALID_DOCUMENT],
      ['unknown directive', query.replace(`${op.field}(`, `${op.field}@bogus(`), INVALID_DOCUMENT],
    ];
    for (const [label, variant, codes] of variants) send(label, { query: variant, variables: op.base }, codes);
    send('unknown operation name', { query, variables: op.base, operationName: 'Other' }, ['OPERATION_RESOLUTION_FAILURE']);
    send('variables as a string', { query, variables: JSON.stringify(op.base) }, REQUEST);
    send('variables as a list', { query, variables: [op.base] }, REQUEST);
    if (Object.values(op.vars).some((type) => type.endsWith('!'))) {
      send('no variables', { query }, INPUT);
      send('variables null', { query, variables: null }, INPUT);
    }
    if ('input' in op.vars) {
      for (const [label, value] of [
        ['input as a string', 'input'],
        ['input as a list', []],
        ['input as a number', 42],
        ['input with an unknown field', { ...(op.base.input as Vars), isAdmin: true }],
      ] as const) {
        send(label, { query, variables: { ...op.base, input: value } }, INPUT);
      }
    }
  }
  return cases;
}

/** Deep, wide, costly and long operations that only abuse would send. */
function abuseCases(rng: Rng): Case[] {
  const token = tokens.auditor;
  const q = (label: string, query: string, codes: readonly Code[] = INVALID_DOCUMENT, variables?: Vars): Case => ({
    label,
    token,
    body: JSON.stringify({ query, variables }),
    codes,
  });
  const fragments = Array.from(
    { length: 30 },
    (_, i) => `fragment F${i} on Cooperation { memberships { cooperation { ${i < 29 ? `...F${i + 1}` : 'id'} } } }`,
  );
  const aliases = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');
  const heavyNotices = `grantNotices(first: 100) { totalCount edges { node { ${NOTICE_FIELDS} } } }`;
  const cases = [
    q('depth 32 through cooperations and memberships', `{ cooperations { edges { node { ${cycle(14)} } } } }`),
    q('depth 32 from one cooperation', `query ($id: ID!) { cooperation(id: $id) { ${cycle(15)} } }`, INVALID_DOCUMENT, {
      id: ids.cooperation,
    }),
    q('depth 13, one over the limit', `{ cooperations { edges { node { ${cycle(4).replace('id', 'memberships { id }')} } } } }`),
    q('depth 90 through a chain of 30 fragments', `{ cooperations { edges { node { ...F0 } } } } ${fragments.join(' ')}`),
    q(
      'depth 34 through 30 nested inline fragments',
      `{ cooperations { edges { node { ${'... on Cooperation { '.repeat(30)}id${' }'.repeat(30)} } } } }`,
    ),
    q(
      'depth 20 through type introspection',
      `{ __type(name: "Query") { fields { type { ${'ofType { '.repeat(16)}name${' }'.repeat(16)} } } } }`,
    ),
    q(
      'fragments spreading each other',
      '{ cooperations { edges { node { ...A } } } } fragment A on Cooperation { memberships { cooperation { ...B } } } fragment B on Cooperation { memberships { cooperation { ...A } } }',
    ),
    q('fragment on the wrong type', '{ recipients { edges { node { ...N } } } } fragment N on GrantNotice { id }'),
    q('unknown fragment', '{ recipients { edges { node { ...Nowhere } } } }'),
    q('16 aliases, one over the limit', `{ ${aliases(16, 'recipients { totalCount }')} }`),
    q('100 aliases of a list', `{ ${aliases(100, 'recipients { totalCount }')} }`),
    q('100 aliases of one notice', `query ($id: ID!) { ${aliases(100, 'grantNotice(id: $id) { id approvedAmount }')} }`, INVALID_DOCUMENT, {
      id: ids.notice,
    }),
    q('100 aliases inside a page', `{ grantNotices { edges { node { ${aliases(100, 'approvedAmount')} } } } }`),
    q(
      'aliases hidden in a fragment used twice',
      `{ x: recipients { ...R } y: recipients { ...R } } fragment R on RecipientConnection { ${aliases(10, 'totalCount')} }`,
    ),
    q('two pages of 100 notices with every field', `{ a: ${heavyNotices} b: ${heavyNotices} }`),
    q('a page of 2^31 - 1 recipients', '{ recipients(first: 2147483647) { totalCount edges { node { id name } } } }'),
    q('11 directives', `{ ${'__typename @skip(if: false) '.repeat(11)} }`),
    q('directive with a string condition', '{ recipients @include(if: "yes") { totalCount } }'),
    q('directive without its argument', '{ recipients @include { totalCount } }'),
    q('directive twice on a field', '{ recipients @skip(if: false) @skip(if: false) { totalCount } }'),
    q('directive in the wrong place', '{ recipients @deprecated { totalCount } }'),
    q('3,001 tokens', `{ ${'__typename '.repeat(2999)}}`, UNPARSABLE),
    q('16,000 tokens', `{ ${'recipients { totalCount } '.repeat(4000)}}`, UNPARSABLE),
    q('1,400 nested lists as an argument', `{ recipients(first: ${'['.repeat(1400)}1${']'.repeat(1400)}) { totalCount } }`),
    q('nested input objects', `{ recipients(filter: ${'{kind: '.repeat(200)}DISTRICT${'}'.repeat(200)}) { totalCount } }`),
    q('string literal over the limit', `{ recipients(filter: {ags: "${OVER_LIMIT}"}) { totalCount } }`, INPUT),
    q('block string over the limit', `{ recipients(filter: {ags: """${OVER_LIMIT}""" }) { totalCount } }`, INPUT),
    q('NUL in a string literal', '{ recipients(filter: {ags: "160\\u000065"}) { totalCount } }', INPUT),
    q('lone surrogate in a string literal', '{ recipients(filter: {ags: "\\ud800"}) { totalCount } }', UNPARSABLE),
    q('query over the body limit', `{ recipients(filter: {ags: "${OVER_BODY_LIMIT}"}) { totalCount } }`, ['PAYLOAD_TOO_LARGE']),
    q('16 aliases of the schema', `{ ${aliases(16, '__schema { queryType { name } }')} }`),
  ];
  const syntax = [
    '{',
    '}',
    'query',
    'mutation {',
    '{ recipients { ',
    '{ recipients(first: ) { totalCount } }',
    '{ recipients(first: 1 { totalCount } }',
    '{ recipients { totalCount } } }',
    '"""unterminated',
    '{ recipients(filter: {ags: "unterminated}) { totalCount } }',
    '{ recipients(first: 1.) { totalCount } }',
    '{ recipients(first: 0x10) { totalCount } }',
    '{ recipients(filter: {ags: "\\q"}) { totalCount } }',
    '{ rec\u0000ipients { totalCount } }',
    '{ 🙂 }',
    'SELECT name FROM recipient',
    '<xml/>',
    '{ recipients(first: $) { totalCount } }',
    'fragment F on Query',
    'query ($: Int) { __typename }',
  ];
  for (const text of syntax) cases.push(q(`syntax: ${JSON.stringify(text).slice(0, 40)}`, text, UNPARSABLE));
  const printable = ' !"#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';
  for (let n = 0; n < 60; n++) {
    const noise = Array.from({ length: 5 + Math.floor(rng() * 60) }, () => pick(rng, [...printable])).join('');
    cases.push(q(`noise ${JSON.stringify(noise)}`, noise, [...UNPARSABLE, ...INVALID_DOCUMENT]));
  }
  return cases;
}

/** Bodies, headers and methods that are no GraphQL request at all. */
function httpCases(): Case[] {
  const token = tokens.auditor;
  const json = (label: string, body: string, codes: readonly Code[] = REQUEST): Case => ({ label, token, body, codes });
  const query = '{ recipients { totalCount } }';
  const deepVariable = `{"query":"query ($f: RecipientFilter) { recipients(filter: $f) { totalCount } }","variables":{"f":{"ags":${'['.repeat(200_000)}${']'.repeat(200_000)}}}}`;
  return [
    json('invalid JSON', '{"query": '),
    json('truncated JSON', `{"query": "${query}"`),
    json('trailing garbage after JSON', `{"query": "${query}"} x`),
    json('JSON string', '"hello"'),
    json('JSON number', '5'),
    json('JSON null', 'null'),
    json('JSON true', 'true'),
    json('empty body', ''),
    json('empty object', '{}'),
    json('empty batch', '[]'),
    json('batch of two', JSON.stringify([{ query }, { query }])),
    json('query as a number', JSON.stringify({ query: 123 })),
    json('query null', JSON.stringify({ query: null })),
    json('query as an object', JSON.stringify({ query: { recipients: true } })),
    json('query as a list', JSON.stringify({ query: [query] })),
    json('empty query', JSON.stringify({ query: '' })),
    json('operation name as a number', JSON.stringify({ query, operationName: 5 })),
    json('extensions as a string', JSON.stringify({ query, extensions: 'x' })),
    json('persisted query', JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }), [
      'PERSISTED_QUERY_NOT_SUPPORTED',
    ]),
    json('persisted query of version 2', JSON.stringify({ extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } }), [
      'PERSISTED_QUERY_NOT_SUPPORTED',
    ]),
    json(
      'persisted query with a wrong hash',
      JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }),
      ['PERSISTED_QUERY_NOT_SUPPORTED'],
    ),
    json('200,000 nested lists in a variable', deepVariable, INPUT),
    json('body over 1 MB', JSON.stringify({ query, variables: { padding: OVER_BODY_LIMIT } }), ['PAYLOAD_TOO_LARGE']),
    { label: 'text/plain (CSRF)', token, body: JSON.stringify({ query }), codes: REQUEST, headers: { 'content-type': 'text/plain' } },
    {
      label: 'form (CSRF)',
      token,
      body: `query=${encodeURIComponent(query)}`,
      codes: REQUEST,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    {
      label: 'multipart (CSRF)',
      token,
      body: '--x\r\n\r\n{}\r\n--x--',
      codes: REQUEST,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    },
    {
      label: 'form with preflight header',
      token,
      body: 'query=x',
      codes: REQUEST,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'apollo-require-preflight': 'true' },
    },
    {
      label: 'application/graphql',
      token,
      body: query,
      codes: REQUEST,
      headers: { 'content-type': 'application/graphql', 'apollo-require-preflight': 'true' },
    },
    {
      label: 'XML',
      token,
      body: '<query/>',
      codes: REQUEST,
      headers: { 'content-type': 'application/xml', 'apollo-require-preflight': 'true' },
    },
    { label: 'gzip that is not gzip', token, body: JSON.stringify({ query }), codes: REQUEST, headers: { 'content-encoding': 'gzip' } },
    { label: 'brotli that is not brotli', token, body: JSON.stringify({ query }), codes: REQUEST, headers: { 'content-encoding': 'br' } },
    { label: 'unknown content encoding', token, body: JSON.stringify({ query }), codes: REQUEST, headers: { 'content-encoding': 'x-foo' } },
    {
      label: 'Latin-1 charset',
      token,
      body: JSON.stringify({ query }),
      codes: REQUEST,
      headers: { 'content-type': 'application/json; charset=latin1' },
    },
    {
      label: 'UTF-16 charset',
      token,
      body: JSON.stringify({ query }),
      codes: REQUEST,
      headers: { 'content-type': 'application/json; charset=utf-16' },
    },
    {
      label: 'GET without preflight header (CSRF)',
      token,
      body: '',
      codes: REQUEST,
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent(query)}`,
      headers: {},
    },
    {
      label: 'mutation over GET',
      token: tokens.admin,
      body: '',
      codes: REQUEST,
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('mutation { createCooperation(input: {name: "x", agreement: "y"}) { id } }')}`,
      headers: { 'apollo-require-preflight': 'true' },
    },
    {
      label: 'GET with broken variables',
      token,
      body: '',
      codes: REQUEST,
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent(query)}&variables=%7Bbad`,
      headers: { 'apollo-require-preflight': 'true' },
    },
    {
      label: 'GET without a query',
      token,
      body: '',
      codes: REQUEST,
      method: 'GET',
      path: '/graphql',
      headers: { 'apollo-require-preflight': 'true' },
    },
    { label: 'PUT', token, body: JSON.stringify({ query }), codes: REQUEST, method: 'PUT' },
    { label: 'DELETE', token, body: JSON.stringify({ query }), codes: REQUEST, method: 'DELETE' },
    { label: 'PATCH', token, body: JSON.stringify({ query }), codes: REQUEST, method: 'PATCH' },
  ];
}

/** The right request with the wrong caller: refused before anything is written. */
function callerCases(ops: readonly Operation[], outsider: string, teamLead: string): Case[] {
  const cases: Case[] = [];
  for (const op of ops) {
    const body = JSON.stringify({ query: documentOf(op), variables: op.base });
    const as = (label: string, token: string | null, codes: readonly Code[], headers?: Record<string, string>) =>
      cases.push({ label: `${op.field}: ${label}`, token, body, codes, ...(headers ? { headers } : {}) });
    as('without a token', null, ['UNAUTHENTICATED']);
    as('with a forged token', `${tokens[op.role].slice(0, -4)}AAAA`, ['UNAUTHENTICATED']);
    as('with a Basic header', null, ['UNAUTHENTICATED'], { authorization: 'Basic dXNlcjpwYXNz' });
    if (op.kind === 'mutation') {
      as('as an auditor', tokens.auditor, ['FORBIDDEN']);
      as('as a team lead without a cooperation', teamLead, ['FORBIDDEN', 'NOT_FOUND']);
      as(op.role === 'admin' ? 'as a finance officer' : 'as an administrator', op.role === 'admin' ? tokens.officer : tokens.admin, [
        'FORBIDDEN',
      ]);
      if (op.role === 'officer') as("as another district's finance officer", outsider, ['NOT_FOUND']);
    }
  }
  return cases;
}

/** Cooperation → memberships → cooperation → …: the cycle that lets a query nest without end. */
const cycle = (levels: number) => `${'memberships { cooperation { '.repeat(levels)}id${' } }'.repeat(levels)}`;

const NOTICE_FIELDS = `id version reference noticeDate financingType rate eligibleCosts ownFunds thirdPartyFunds fixedAmount
  approvedAmount budgetYear status currentVersionNo createdAt updatedAt approvalPeriod { start end } budgetLines { category planned }
  recipient { id name ags kind population } project { id title description } fundingProgram { id code name }
  application { id reference requestedAmount status }
  versions { id versionNo financingType rate eligibleCosts ownFunds thirdPartyFunds fixedAmount approvedAmount budgetYear
    effectiveFrom approvalPeriod { start end } budgetLines { category planned } amendment { id reference amendmentDate reason } }`;

// ---------------------------------------------------------------------------------------------
// The register, its snapshot and the tests.

/**
 * Everything stored, read through the API, one connection per request as a client reads it (all
 * six pages of 100 in one request would exceed the cost limit). Lines are sorted: their order is
 * not part of the data.
 */
const SNAPSHOT = [
  `{ fundingPrograms(first: 100) { totalCount edges { node { id version updatedAt code name grantingAuthority legalBasis maxRate
    eligibleCategories roundingMode lineTolerance spendDeadlineMonths proofOfUseMonths interestMargin
    budgetYears { year budget committed available } } } } }`,
  '{ recipients(first: 100) { totalCount edges { node { id version updatedAt name kind ags population } } } }',
  `{ cooperations(first: 100) { totalCount edges { node { id version updatedAt name agreement purpose
    memberships { id version updatedAt isLead joinedOn leftOn recipient { id } resolutions { id body number adoptedOn subject } } } } } }`,
  '{ projects(first: 100) { totalCount edges { node { id version updatedAt title description recipient { id } cooperation { id } } } } }',
  `{ grantApplications(first: 100) { totalCount edges { node { id version updatedAt reference submittedOn requestedAmount
    financingType status lines { category planned } } } } }`,
  `{ grantNotices(first: 100) { totalCount edges { node { ${NOTICE_FIELDS} } } } }`,
  // Every write leaves an event in the audit trail, whichever record it touched.
  '{ auditEvents(first: 0) { totalCount } }',
];

async function snapshot(): Promise<string> {
  const pages = await Promise.all(SNAPSHOT.map((query) => ok('auditor', query)));
  return JSON.stringify(pages, (key, value: unknown) =>
    (key === 'budgetLines' || key === 'lines') && Array.isArray(value)
      ? [...(value as { category: string }[])].sort((a, b) => a.category.localeCompare(b.category))
      : value,
  );
}

async function readTargets(): Promise<Targets> {
  const data = await ok<{
    fundingProgram: { version: number };
    recipient: { version: number };
    cooperation: { version: number; memberships: { id: string; version: number }[] };
    project: { version: number };
    grantApplication: { version: number };
    grantNotice: { version: number };
  }>(
    'auditor',
    `query ($program: ID!, $recipient: ID!, $cooperation: ID!, $project: ID!, $application: ID!, $notice: ID!) {
      fundingProgram(id: $program) { version } recipient(id: $recipient) { version }
      cooperation(id: $cooperation) { version memberships { id version } } project(id: $project) { version }
      grantApplication(id: $application) { version } grantNotice(id: $notice) { version }
    }`,
    {
      program: ids.program,
      recipient: ids.kyffhaeuser,
      cooperation: ids.cooperation,
      project: ids.project,
      application: ids.application,
      notice: ids.notice,
    },
  );
  return {
    ...ids,
    versions: {
      program: data.fundingProgram.version,
      kyffhaeuser: data.recipient.version,
      cooperation: data.cooperation.version,
      membership: data.cooperation.memberships.find((membership) => membership.id === ids.membership)!.version,
      project: data.project.version,
      application: data.grantApplication.version,
      notice: data.grantNotice.version,
    },
  };
}

beforeAll(async () => {
  api = await startTestApi();
  tokens = {
    admin: await api.token({ role: 'ADMIN' }),
    officer: await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065'] }),
    auditor: await api.token({ role: 'AUDITOR' }),
  };
  const create = async (role: Role, field: string, type: string, input: Vars): Promise<string> => {
    const data = await ok<Record<string, { id: string }>>(role, `mutation ($input: ${type}!) { ${field}(input: $input) { id } }`, {
      input,
    });
    return data[field]!.id;
  };
  const program = await create('admin', 'createFundingProgram', 'FundingProgramInput', {
    code: 'EGOV-TH',
    name: 'Richtlinie zur Förderung von E-Government und IT in Thüringer Kommunen',
    grantingAuthority: 'Thüringer Finanzministerium (TFM)',
    legalBasis: 'ThürLHO §§ 23, 44',
    maxRate: '0.8',
    eligibleCategories: ALL_BUT_TRAVEL,
  });
  await ok('admin', 'mutation ($id: ID!) { setProgramBudget(fundingProgramId: $id, year: 2020, amount: "1000000.00") { year } }', {
    id: program,
  });
  const kyffhaeuser = await create('admin', 'createRecipient', 'RecipientInput', {
    name: 'Kyffhäuserkreis',
    kind: 'DISTRICT',
    ags: '16065',
    population: 74212,
  });
  const nordhausen = await create('admin', 'createRecipient', 'RecipientInput', {
    name: 'Landkreis Nordhausen',
    kind: 'DISTRICT',
    ags: '16062',
  });
  const cooperation = await create('admin', 'createCooperation', 'CooperationInput', {
    name: 'Zweckverband E-Government Nordthüringen',
    agreement: 'ZV-2020-01',
  });
  const membership = await create('admin', 'addCooperationMember', 'MembershipInput', {
    cooperationId: cooperation,
    recipientId: kyffhaeuser,
    isLead: true,
    joinedOn: '2020-01-01',
    resolutions: [resolution],
  });
  const project = await create('officer', 'createProject', 'ProjectInput', {
    recipientId: kyffhaeuser,
    cooperationId: cooperation,
    title: 'E-Government-Serviceteam',
  });
  const application = await create('officer', 'createGrantApplication', 'GrantApplicationInput', {
    fundingProgramId: program,
    projectId: project,
    reference: 'A-2020-0001',
    submittedOn: '2020-03-15',
    requestedAmount: '10000.00',
    financingType: 'SHARE',
    status: 'SUBMITTED',
    lines: [{ category: 'SOFTWARE', planned: '12500.00' }],
  });
  const notice = await create('officer', 'createGrantNotice', 'GrantNoticeInput', {
    reference: 'TFM-EGOV-2020-0001',
    noticeDate: '2020-06-02',
    fundingProgramId: program,
    projectId: project,
    applicationId: application,
    financingType: 'SHARE',
    rate: '0.8',
    eligibleCosts: '12500.00',
    approvedAmount: '10000.00',
    approvalPeriod: { start: '2020-06-01', end: '2021-12-31' },
    budgetLines: [{ category: 'SOFTWARE', planned: '12500.00' }],
  });
  ids = { program, kyffhaeuser, nordhausen, cooperation, membership, project, application, notice };
});

afterAll(async () => {
  await api?.stop();
});

describe('the limits let every legitimate operation through', () => {
  it('answers the IDE’s introspection queries, with and without a token, in development', async () => {
    for (const query of [
      getIntrospectionQuery(),
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
      }),
    ]) {
      for (const role of [null, 'auditor'] as const) {
        const data = await ok<{ __schema: { types: unknown[] } }>(role, query);
        expect(data.__schema.types.length).toBeGreaterThan(40);
      }
    }
  });

  it('answers a page of 100 notices with every field of their figures and history', async () => {
    await ok('auditor', `{ grantNotices(first: 100) { totalCount edges { node { ${NOTICE_FIELDS} } } } }`);
  });

  it('answers operations exactly at each limit', async () => {
    // cooperations → edges → node is 3 levels, each cycle 2, id 1: 3 + 8 + 1 = 12.
    await ok('auditor', `{ cooperations { edges { node { ${cycle(4)} } } } }`);
    await ok(
      'auditor',
      `{ ${Array.from({ length: OPERATION_LIMITS.maxAliases }, (_, i) => `a${i}: recipients { totalCount }`).join(' ')} }`,
    );
    await ok('auditor', `{ ${'__typename @skip(if: false) '.repeat(OPERATION_LIMITS.maxDirectives)}}`);
    // 600 operations of five tokens each ("query", name, "{", "__typename", "}") are exactly the token limit.
    const operationsAtLimit = Array.from({ length: OPERATION_LIMITS.maxTokens / 5 }, (_, i) => `query Q${i} { __typename }`).join(' ');
    const atLimit = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.auditor}` },
      body: JSON.stringify({ query: operationsAtLimit, operationName: 'Q0' }),
    });
    expect(await atLimit.json()).toEqual({ data: { __typename: 'Query' } });
    const longest = 'x'.repeat(OPERATION_LIMITS.maxStringLength);
    await ok('auditor', '{ recipients(filter: {ags: "' + longest + '"}) { totalCount } }');
    await ok('auditor', 'query ($ags: String) { recipients(filter: {ags: $ags}) { totalCount } }', { ags: longest });
  });

  it('refuses one step over each limit', async () => {
    const codes = async (query: string, variables?: Vars) =>
      (await api.gql(query, variables, tokens.auditor)).errors?.map((error) => error.extensions?.code);
    expect(await codes(`{ cooperations { edges { node { ${cycle(4).replace('id', 'memberships { id }')} } } } }`)).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    expect(await codes(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: recipients { totalCount }`).join(' ')} }`)).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    expect(await codes(`{ ${'__typename @skip(if: false) '.repeat(11)}}`)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(await codes(`{ ${'__typename '.repeat(2999)}}`)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(await codes('query ($ags: String) { recipients(filter: {ags: $ags}) { totalCount } }', { ags: OVER_LIMIT })).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

describe('malformed requests', () => {
  const findings: Finding[] = [];

  it('refuses thousands of them, each with a client error that reveals nothing, and changes nothing', async () => {
    const rng = seeded(20200602);
    const outsider = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16062'] });
    const teamLead = await api.token({ role: 'TEAM_LEAD' });
    const targets = await readTargets();
    const ops = operations(targets, rng);
    const cases = [
      ...slotCases(ops, rng),
      ...combinedCases(ops, rng, 300),
      ...documentCases(ops, rng),
      ...abuseCases(rng),
      ...httpCases(),
      ...callerCases(ops, outsider, teamLead),
    ];
    expect(cases.length).toBeGreaterThanOrEqual(2000);

    const before = await snapshot();
    const started = performance.now();
    findings.push(...(await sendAll(cases)));
    const codes = [...tally].map(([code, count]) => `${code} ${count}`).join(', ');
    console.info(`${cases.length} malformed requests in ${Math.round(performance.now() - started)} ms; answered ${codes}`);

    expect(findings, JSON.stringify(findings.slice(0, 15), null, 2)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('would have accepted each request without its bad value: the refusals came from the values', async () => {
    const mutations = operations(await readTargets(), seeded(1)).filter((op) => op.kind === 'mutation');
    for (const { field } of mutations) {
      // Each write moves versions that the next request refers to.
      const op = operations(await readTargets(), seeded(1)).find((candidate) => candidate.field === field)!;
      const response = await api.gql(documentOf(op), op.base, tokens[op.role]);
      expect(response.errors, `${field}: ${JSON.stringify(response.errors)}`).toBeUndefined();
    }
  });
});

describe('known defects outside the HTTP layer (each must be refused as bad input)', () => {
  it('refuses a grant-application year filter outside the calendar', async () => {
    const answers: Record<number, unknown> = {};
    for (const year of [-5, 0, 999999999]) {
      const response = await api.gql(
        'query ($year: Int) { grantApplications(filter: {year: $year}) { totalCount } }',
        { year },
        tokens.auditor,
      );
      answers[year] = response.errors?.map((error) => error.extensions?.code) ?? response.data;
    }
    expect(answers).toEqual({ '-5': ['BAD_USER_INPUT'], 0: ['BAD_USER_INPUT'], 999999999: ['BAD_USER_INPUT'] });
  });

  it('refuses null for patch fields that cannot be emptied', async () => {
    const t = await readTargets();
    const patches: [string, string, string, number, Vars][] = [
      ['updateFundingProgram', 'FundingProgramPatch', t.program, t.versions.program, { code: null }],
      ['updateFundingProgram', 'FundingProgramPatch', t.program, t.versions.program, { name: null }],
      ['updateFundingProgram', 'FundingProgramPatch', t.program, t.versions.program, { grantingAuthority: null }],
      ['updateFundingProgram', 'FundingProgramPatch', t.program, t.versions.program, { legalBasis: null }],
      ['updateFundingProgram', 'FundingProgramPatch', t.program, t.versions.program, { maxRate: null }],
      ['updateFundingProgram', 'FundingProgramPatch', t.program, t.versions.program, { eligibleCategories: null }],
      ['updateRecipient', 'RecipientPatch', t.kyffhaeuser, t.versions.kyffhaeuser, { name: null }],
      ['updateRecipient', 'RecipientPatch', t.kyffhaeuser, t.versions.kyffhaeuser, { kind: null }],
      ['updateRecipient', 'RecipientPatch', t.kyffhaeuser, t.versions.kyffhaeuser, { ags: null }],
      ['updateCooperation', 'CooperationPatch', t.cooperation, t.versions.cooperation, { name: null }],
      ['updateCooperation', 'CooperationPatch', t.cooperation, t.versions.cooperation, { agreement: null }],
      ['updateProject', 'ProjectPatch', t.project, t.versions.project, { title: null }],
      ['updateGrantApplication', 'GrantApplicationPatch', t.application, t.versions.application, { requestedAmount: null }],
      ['updateGrantApplication', 'GrantApplicationPatch', t.application, t.versions.application, { financingType: null }],
      ['updateGrantApplication', 'GrantApplicationPatch', t.application, t.versions.application, { status: null }],
      ['updateGrantApplication', 'GrantApplicationPatch', t.application, t.versions.application, { lines: null }],
      ['updateFundingProgram', 'FundingProgramPatch', t.program, t.versions.program, { roundingMode: null }],
      ['updateFundingProgram', 'FundingProgramPatch', t.program, t.versions.program, { lineTolerance: null }],
      ['updateFundingProgram', 'FundingProgramPatch', t.program, t.versions.program, { spendDeadlineMonths: null }],
      ['updateFundingProgram', 'FundingProgramPatch', t.program, t.versions.program, { proofOfUseMonths: null }],
      ['updateFundingProgram', 'FundingProgramPatch', t.program, t.versions.program, { interestMargin: null }],
    ];
    const before = await snapshot();
    const wrong: string[] = [];
    for (const [field, type, id, expectedVersion, input] of patches) {
      const role: Role = field === 'updateProject' || field === 'updateGrantApplication' ? 'officer' : 'admin';
      const response = await api.gql(
        `mutation ($id: ID!, $expectedVersion: Int!, $input: ${type}!) { ${field}(id: $id, expectedVersion: $expectedVersion, input: $input) { id } }`,
        { id, expectedVersion, input },
        tokens[role],
      );
      const codes = response.errors?.map((error) => error.extensions?.code) ?? ['accepted'];
      if (codes.join() !== 'BAD_USER_INPUT') wrong.push(`${field} ${JSON.stringify(input)}: ${codes.join(', ')}`);
    }
    expect(await snapshot()).toEqual(before);
    expect(wrong).toEqual([]);
  });
});

describe('in production', () => {
  let http: HttpApp;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const auditor = { subject: 'auditor', name: 'Auditor', role: 'AUDITOR' as const, recipientAgs: [], cooperationId: null };
    http = await createHttpApp({
      orm: api.service.orm,
      schema: await buildGraphQLSchema(),
      logger: pino({ level: 'silent' }),
      authenticator: { authenticate: async () => auditor },
      production: true,
    });
    server = http.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await http?.apollo.stop();
  });

  const post = async (query: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer any' },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse };
  };

  it('refuses introspection and serves no IDE or landing page', async () => {
    const introspection = await post(getIntrospectionQuery());
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await post('{ __type(name: "Query") { name } }')).body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await fetch(`${url}/ide`)).status).toBe(404);
    const landing = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(landing.status).toBeGreaterThanOrEqual(400);
    expect(await landing.text()).not.toMatch(/<html|apollographql/i);
  });

  it('gives no field suggestions', async () => {
    const answer = await post('{ recipents { totalCount } grantNotices { edges { node { aprovedAmount } } } }');
    expect(answer.body.errors?.length).toBe(2);
    for (const error of answer.body.errors ?? []) expect(error.message).not.toMatch(/Did you mean|recipients|approvedAmount/);
  });
});

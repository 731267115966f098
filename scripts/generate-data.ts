// Generated grant registers for load tests and benchmarks (`npm run generate`, scripts/generate.ts): one funding
// programme of the Thuringian E-Government programme with districts, cities and municipalities, cooperations,
// notices with amendments, receipts, staff costs, joint purchases, disbursements and settlements, in the sizes
// S, M and L. The data set is planned in memory from a seeded PRNG first, then written stage by stage through
// the use cases as the service itself, each unit of work in a fresh EntityManager fork. The same size and seed
// give the same records, apart from ids and timestamps.
import { PgliteDriver } from '@mikro-orm/pglite';
import type { AllocationKey } from '../src/domain/allocation.js';
import { Dec } from '../src/domain/decimal.js';
import { COST_CATEGORIES, type CostCategory, type RecipientKind } from '../src/domain/enums.js';
import type { FinancingType } from '../src/domain/grant-approval.js';
import type { LocalDate } from '../src/domain/local-date.js';
import type { StaffCostMethod } from '../src/domain/staff-costs.js';
import { Expenditure, FundingProgram, GrantNotice, Recipient } from '../src/entities/index.js';
import type { Orm } from '../src/orm.js';
import { Access, SYSTEM_ACTOR, type Actor } from '../src/services/access.js';
import { createGrantApplication } from '../src/services/applications.js';
import { runAs } from '../src/services/call-context.js';
import { addCooperationMember, createCooperation } from '../src/services/cooperations.js';
import { createDisbursementRequest, recordPayment, reversePayment, updateDisbursementRequest } from '../src/services/disbursements.js';
import { importReceipts, MAX_IMPORT_ROWS } from '../src/services/expenditure-import.js';
import { reverseExpenditure } from '../src/services/expenditures.js';
import { amendGrantNotice, createGrantNotice, updateGrantNotice, type NoticeFiguresInput } from '../src/services/notices.js';
import { createFundingProgram, setProgramBudget, updateFundingProgram } from '../src/services/programs.js';
import { createProject } from '../src/services/projects.js';
import { createRecipient } from '../src/services/recipients.js';
import type { Em } from '../src/services/records.js';
import { finaliseSettlement } from '../src/services/settlement.js';
import { recordSharedInvoice } from '../src/services/shared-invoices.js';
import { allocateStaff, createEmployee, setStaffCostRate } from '../src/services/staff.js';

// ---------------------------------------------------------------------------------------------
// Sizes, options, summary

export const DATA_SET_SIZES = ['S', 'M', 'L'] as const;
export type DataSize = (typeof DATA_SET_SIZES)[number];

/** What a size holds; notices, receipts, staff allocations and payments exactly, the rest as planned from them. */
export interface SizeSpec {
  recipients: number;
  cooperations: number;
  notices: number;
  /** Imported receipts (Belege) over all notices; the parts of joint purchases come on top. */
  receipts: number;
  /** Receipts of the one grant that is clearly the largest (the benchmarks render its proof of use). */
  largestReceipts: number;
  staffAllocations: number;
  payments: number;
}

export const SIZES: Record<DataSize, SizeSpec> = {
  S: { recipients: 15, cooperations: 2, notices: 20, receipts: 5_000, largestReceipts: 1_000, staffAllocations: 200, payments: 100 },
  M: { recipients: 60, cooperations: 6, notices: 100, receipts: 100_000, largestReceipts: 10_000, staffAllocations: 2_000, payments: 500 },
  L: {
    recipients: 600,
    cooperations: 40,
    notices: 1_000,
    receipts: 1_000_000,
    largestReceipts: 100_000,
    staffAllocations: 20_000,
    payments: 5_000,
  },
};

export const DEFAULT_SEED = 1;

/** The day the data set describes: the end of a budget year, with notices running, ended and settled. */
export const REFERENCE_DATE: LocalDate = '2025-12-31';

export const STAGES = [
  'master data',
  'notices',
  'amendments',
  'staff costs',
  'receipts',
  'reversals',
  'shared invoices',
  'disbursements',
  'settlements',
] as const;
export type Stage = (typeof STAGES)[number];

export interface GenerationProgress {
  stage: Stage;
  done: number;
  total: number;
  /** What `done` and `total` count, e.g. "receipts". */
  unit: string;
  /** Milliseconds since the stage began. */
  elapsedMs: number;
}

export interface GenerateOptions {
  size: DataSize;
  seed?: number;
  /** Units of work written at once; default 8 on PostgreSQL, 1 on PGlite (one connection). */
  concurrency?: number;
  /** Called when a stage begins and ends, and every few seconds in between, with a line for a log. */
  onProgress?: (message: string, progress: GenerationProgress) => void;
}

export interface GenerationSummary {
  programCode: string;
  fundingProgramId: string;
  size: DataSize;
  seed: number;
  /** True when the data set was already there and nothing was written. */
  reused: boolean;
  counts: DataSetCounts;
  /** The grant with the most receipts, for the benchmarks. */
  largestNotice: { id: string; reference: string; receipts: number };
  /** Time per stage of this run (empty when reused). */
  stages: { stage: Stage; count: number; unit: string; ms: number }[];
  elapsedMs: number;
}

export interface DataSetCounts {
  recipients: number;
  cooperations: number;
  memberships: number;
  projects: number;
  applications: number;
  grantNotices: number;
  amendments: number;
  employees: number;
  staffAllocations: number;
  importBatches: number;
  receipts: number;
  receiptReversals: number;
  sharedInvoices: number;
  sharedInvoiceParts: number;
  disbursementRequests: number;
  payments: number;
  paymentReversals: number;
  proofsOfUse: number;
  settlements: number;
}

/** The programme code of a data set: one per size and seed, so that S, M and L can share a database. */
export function programCodeOf(size: DataSize, seed: number): string {
  return `GEN-${size}-${seed}`;
}

/** The audit trail names the generator as the one who wrote the records. */
const GENERATOR: Actor = { ...SYSTEM_ACTOR, subject: 'generate', name: `${SYSTEM_ACTOR.name} (generate)` };
const system = Access.system();

/**
 * Writes the data set of a size and seed into a migrated database, or finds it there and writes
 * nothing. Refuses a data set left incomplete by an interrupted run.
 */
export async function generateData(target: Orm | Em, options: GenerateOptions): Promise<GenerationSummary> {
  const base: Em = 'em' in target ? target.em : target;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new RangeError('The seed must be a whole number from 0 to 4294967295.');
  }
  if (!SIZES[options.size]) throw new RangeError(`Unknown size ${String(options.size)}; use ${DATA_SET_SIZES.join(', ')}.`);
  const concurrency = options.concurrency ?? (base.getDriver() instanceof PgliteDriver ? 1 : 8);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('The concurrency must be a whole number of at least 1.');
  const started = performance.now();
  return runAs({ actor: GENERATOR, requestId: null }, async () => {
    const plan = planDataSet(options.size, seed);
    const existing = await base.fork().findOne(FundingProgram, { code: plan.code });
    if (existing) {
      if (existing.name !== plan.programName) {
        throw new Error(
          `The database holds the data set ${plan.code}, but an earlier run was interrupted before it was complete. ` +
            'Generate it into another database (or with another --seed).',
        );
      }
      return summaryOf(base, plan, existing.id, true, [], performance.now() - started);
    }
    const writer = new Writer(base, plan, concurrency, options.onProgress);
    await writer.write();
    return summaryOf(base, plan, writer.programId, false, writer.timings, performance.now() - started);
  });
}

async function summaryOf(
  base: Em,
  plan: DataSetPlan,
  programId: string,
  reused: boolean,
  stages: GenerationSummary['stages'],
  elapsedMs: number,
): Promise<GenerationSummary> {
  const em = base.fork();
  const largest = await em.findOneOrFail(GrantNotice, { fundingProgram: programId, reference: plan.notices[plan.largest]!.reference });
  return {
    programCode: plan.code,
    fundingProgramId: programId,
    size: plan.size,
    seed: plan.seed,
    reused,
    counts: await countDataSet(em, programId),
    largestNotice: {
      id: largest.id,
      reference: largest.reference,
      receipts: await em.count(Expenditure, { notice: largest.id }),
    },
    stages,
    elapsedMs,
  };
}

/** The records of a data set, counted in the database (a check of the plan as much as a report). */
export async function countDataSet(em: Em, fundingProgramId: string): Promise<DataSetCounts> {
  const [row] = await em.execute<Record<string, string>[]>(
    `with n as (select id, recipient_id, project_id from grant_notice where funding_program_id = ?),
          c as (select distinct p.cooperation_id as id from project p join n on n.project_id = p.id where p.cooperation_id is not null)
     select
       (select count(distinct recipient_id) from n)::text as recipients,
       (select count(*) from c)::text as cooperations,
       (select count(*) from cooperation_membership m join c on c.id = m.cooperation_id)::text as memberships,
       (select count(distinct project_id) from n)::text as projects,
       (select count(*) from grant_application a where a.funding_program_id = ?)::text as applications,
       (select count(*) from n)::text as grant_notices,
       (select count(*) from grant_amendment a join n on n.id = a.notice_id)::text as amendments,
       (select count(distinct a.employee_id) from staff_allocation a join n on n.id = a.notice_id)::text as employees,
       (select count(*) from staff_allocation a join n on n.id = a.notice_id)::text as staff_allocations,
       (select count(*) from import_batch b join n on n.id = b.notice_id)::text as import_batches,
       (select count(*) from expenditure e join n on n.id = e.notice_id where e.source = 'IMPORT')::text as receipts,
       (select count(*) from expenditure_reversal r join expenditure e on e.id = r.expenditure_id join n on n.id = e.notice_id)::text
         as receipt_reversals,
       (select count(*) from shared_invoice s where s.funding_program_id = ?)::text as shared_invoices,
       (select count(*) from expenditure e join n on n.id = e.notice_id where e.source = 'SHARED_INVOICE')::text as shared_invoice_parts,
       (select count(*) from disbursement_request d join n on n.id = d.notice_id)::text as disbursement_requests,
       (select count(*) from payment p join n on n.id = p.notice_id)::text as payments,
       (select count(*) from payment_reversal r join payment p on p.id = r.payment_id join n on n.id = p.notice_id)::text as payment_reversals,
       (select count(*) from grant_notice g join n on n.id = g.id where g.proof_of_use_submitted_on is not null)::text as proofs_of_use,
       (select count(*) from final_settlement f join n on n.id = f.notice_id)::text as settlements`,
    [fundingProgramId, fundingProgramId, fundingProgramId],
  );
  const value = (name: string) => Number(row?.[name] ?? 0);
  return {
    recipients: value('recipients'),
    cooperations: value('cooperations'),
    memberships: value('memberships'),
    projects: value('projects'),
    applications: value('applications'),
    grantNotices: value('grant_notices'),
    amendments: value('amendments'),
    employees: value('employees'),
    staffAllocations: value('staff_allocations'),
    importBatches: value('import_batches'),
    receipts: value('receipts'),
    receiptReversals: value('receipt_reversals'),
    sharedInvoices: value('shared_invoices'),
    sharedInvoiceParts: value('shared_invoice_parts'),
    disbursementRequests: value('disbursement_requests'),
    payments: value('payments'),
    paymentReversals: value('payment_reversals'),
    proofsOfUse: value('proofs_of_use'),
    settlements: value('settlements'),
  };
}

// ---------------------------------------------------------------------------------------------
// A seeded PRNG with independent streams

/** cyrb128: four 32-bit words from a text, to seed a stream by its name. */
function hashWords(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i += 1) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * sfc32, seeded by the name of the stream: each part of the plan (and each notice's receipts) draws
 * from a stream of its own, so that the order in which parts are written changes no value.
 */
class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...name: (string | number)[]) {
    [this.a, this.b, this.c, this.d] = hashWords(name.join('/'));
    for (let i = 0; i < 15; i += 1) this.next();
  }

  /** A number in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.next() * total;
    for (const [item, weight] of items) {
      point -= weight;
      if (point < 0) return item;
    }
    return items.at(-1)![0];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal around a median: the skew of amounts and sizes in public budgets. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/**
 * Splits a whole number in proportion to weights, none above its cap, by the largest remainder:
 * the parts add up to the total exactly.
 */
function apportion(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const result = weights.map(() => 0);
  let open = weights.map((_, index) => index).filter((index) => weights[index]! > 0 && caps[index]! > 0);
  let remaining = total;
  if (caps.reduce((sum, cap, index) => sum + (weights[index]! > 0 ? cap : 0), 0) < total) {
    throw new Error(`Cannot apportion ${total}: the caps allow less.`);
  }
  for (;;) {
    const weightTotal = open.reduce((sum, index) => sum + weights[index]!, 0);
    const capped = open.filter((index) => (remaining * weights[index]!) / weightTotal >= caps[index]!);
    if (capped.length === 0) break;
    for (const index of capped) {
      result[index] = caps[index]!;
      remaining -= caps[index]!;
    }
    open = open.filter((index) => !capped.includes(index));
  }
  const weightTotal = open.reduce((sum, index) => sum + weights[index]!, 0);
  const exact = open.map((index) => ({ index, value: (remaining * weights[index]!) / weightTotal }));
  for (const share of exact) result[share.index] = Math.floor(share.value);
  let missing = remaining - exact.reduce((sum, share) => sum + Math.floor(share.value), 0);
  const byRemainder = [...exact].sort((a, b) => b.value - Math.floor(b.value) - (a.value - Math.floor(a.value)) || a.index - b.index);
  for (const share of byRemainder) {
    if (missing === 0) break;
    result[share.index] += 1;
    missing -= 1;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Dates and money in plain numbers: days since 1970, whole cents

const DAY_MS = 86_400_000;
const pad = (value: number, width: number) => String(value).padStart(width, '0');

function dayOf(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** Remembered: a million receipts need a few thousand different days, each formatted many times. */
const DATES = new Map<number, LocalDate>();

function dateOf(day: number): LocalDate {
  let date = DATES.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    DATES.set(day, date);
  }
  return date;
}

/** Months counted from year 0, for ranges of months. */
function monthOf(date: LocalDate): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

function firstOfMonth(month: number): LocalDate {
  return `${pad(Math.floor(month / 12), 4)}-${pad((month % 12) + 1, 2)}-01`;
}

function lastOfMonth(month: number): LocalDate {
  return dateOf(dayOf(firstOfMonth(month + 1)) - 1);
}

/** The next working day (Monday to Friday) from a day on. */
function workingDay(day: number): number {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 6 ? day + 2 : weekday === 0 ? day + 1 : day;
}

const germanDate = (date: LocalDate) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
const monthLabel = (date: LocalDate) => `${date.slice(5, 7)}/${date.slice(0, 4)}`;
const minDate = (a: LocalDate, b: LocalDate) => (a < b ? a : b);

const euro = (cents: number): Dec => new Dec(cents).div(100);

/** Betrag as an accounting export writes it: "1.234,56". */
function germanAmount(cents: number): string {
  const euros = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${euros},${pad(cents % 100, 2)}`;
}

/** a × b / c rounded half up, for non-negative whole numbers. */
function mulDivHalfUp(a: number, b: number, c: number): number {
  return Math.floor((2 * a * b + c) / (2 * c));
}

const wholeEuros = (cents: number, step = 100) => Math.max(step, Math.round(cents / step / 100) * step * 100);

// ---------------------------------------------------------------------------------------------
// Thuringia: districts, cities, municipalities (AGS, names, illustrative populations)

interface RecipientSpec {
  ags: string;
  name: string;
  kind: RecipientKind;
  population: number;
  /** Name without "Landkreis", "Stadt" or "Gemeinde", for titles and file names. */
  short: string;
  /** The district (5-digit AGS) a municipality belongs to; its own AGS for a district. */
  district: string | null;
}

/** Landkreise with their official keys; names and populations as in the demonstration data where they meet. */
const DISTRICTS: readonly (readonly [string, string, number, string])[] = [
  ['16061', 'Landkreis Eichsfeld', 100_006, 'Eichsfeld'],
  ['16062', 'Landkreis Nordhausen', 83_822, 'Nordhausen'],
  ['16063', 'Wartburgkreis', 123_025, 'Wartburgkreis'],
  ['16064', 'Unstrut-Hainich-Kreis', 102_232, 'Unstrut-Hainich-Kreis'],
  ['16065', 'Kyffhäuserkreis', 74_212, 'Kyffhäuserkreis'],
  ['16066', 'Landkreis Schmalkalden-Meiningen', 122_347, 'Schmalkalden-Meiningen'],
  ['16067', 'Landkreis Gotha', 134_908, 'Gotha'],
  ['16068', 'Landkreis Sömmerda', 69_427, 'Sömmerda'],
  ['16069', 'Landkreis Hildburghausen', 63_197, 'Hildburghausen'],
  ['16070', 'Ilm-Kreis', 106_249, 'Ilm-Kreis'],
  ['16071', 'Landkreis Weimarer Land', 81_947, 'Weimarer Land'],
  ['16072', 'Landkreis Sonneberg', 56_196, 'Sonneberg'],
  ['16073', 'Landkreis Saalfeld-Rudolstadt', 103_199, 'Saalfeld-Rudolstadt'],
  ['16074', 'Saale-Holzland-Kreis', 82_950, 'Saale-Holzland-Kreis'],
  ['16075', 'Saale-Orla-Kreis', 80_312, 'Saale-Orla-Kreis'],
  ['16076', 'Landkreis Greiz', 97_398, 'Greiz'],
  ['16077', 'Landkreis Altenburger Land', 89_393, 'Altenburger Land'],
];

/** Kreisfreie Städte, largest first. */
const CITIES: readonly (readonly [string, string, number, string])[] = [
  ['16051000', 'Stadt Erfurt', 213_692, 'Erfurt'],
  ['16053000', 'Stadt Jena', 110_731, 'Jena'],
  ['16052000', 'Stadt Gera', 93_125, 'Gera'],
  ['16055000', 'Stadt Weimar', 65_138, 'Weimar'],
  ['16054000', 'Stadt Suhl', 36_395, 'Suhl'],
];

const NAME_PREFIXES = ['Ober', 'Nieder', 'Groß', 'Klein', 'Alt', 'Neu', 'Hohen', 'Unter', 'Mittel', 'Ost', 'West', 'Bad '];
// prettier-ignore
const NAME_ROOTS = [
  'ahl', 'arn', 'bern', 'blanken', 'buch', 'dorn', 'eber', 'eck', 'eller', 'elx', 'erl', 'ett', 'frie', 'gers', 'gold', 'gräfen',
  'hain', 'hasel', 'heil', 'herms', 'hilde', 'holz', 'kalten', 'kirch', 'königs', 'langen', 'leut', 'lieben', 'linden', 'mark',
  'mühl', 'nessel', 'ohr', 'ranis', 'reins', 'roth', 'rudis', 'saal', 'schön', 'schwarz', 'sonnen', 'stein', 'tann', 'treb', 'wal',
  'weiß', 'wester', 'wild', 'wipper', 'witz', 'wolfs', 'zell',
];
// prettier-ignore
const NAME_SUFFIXES = [
  'a', 'bach', 'berg', 'born', 'burg', 'dorf', 'feld', 'hausen', 'heim', 'leben', 'roda', 'rode', 'stadt', 'stedt', 'tal', 'ungen',
  'walde', 'witz', 'ingen', 'au',
];

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Gemeinden: 578 plausible names and AGS keys in the districts, the same for every size and seed. */
const MUNICIPALITIES: readonly RecipientSpec[] = (() => {
  const random = new Random('thueringen', 'gemeinden');
  const serials = new Map(DISTRICTS.map(([ags]) => [ags, random.int(0, 4)]));
  const names = new Set<string>();
  const list: RecipientSpec[] = [];
  while (list.length < 578) {
    const district = random.weighted(DISTRICTS.map(([ags, , population]) => [ags, population] as const));
    const prefix = random.chance(0.3) ? random.pick(NAME_PREFIXES) : '';
    const stem = random.pick(NAME_ROOTS) + random.pick(NAME_SUFFIXES);
    const short = prefix === 'Bad ' ? `Bad ${capitalise(stem)}` : capitalise(prefix + stem);
    if (names.has(short)) continue;
    names.add(short);
    const serial = serials.get(district)! + random.int(1, 6);
    serials.set(district, serial);
    const type = random.weighted([
      ['Gemeinde', 60],
      ['Stadt', 25],
      ['Landgemeinde', 15],
    ] as const);
    const [median, sigma, low, high] =
      type === 'Stadt' ? [9_000, 0.6, 2_500, 45_000] : type === 'Landgemeinde' ? [5_000, 0.4, 2_000, 15_000] : [1_100, 0.7, 150, 7_000];
    list.push({
      ags: `${district}${pad(serial, 3)}`,
      name: `${type} ${short}`,
      kind: 'MUNICIPALITY',
      population: Math.round(Math.min(high, Math.max(low, random.logNormal(median, sigma)))),
      short,
      district,
    });
  }
  return list;
})();

function planRecipients(spec: SizeSpec): RecipientSpec[] {
  const districts = Math.min(DISTRICTS.length, Math.round(spec.recipients * 0.4));
  const cities = Math.min(CITIES.length, Math.max(1, Math.round(spec.recipients * 0.13)));
  const municipalities = spec.recipients - districts - cities;
  if (municipalities < 0 || municipalities > MUNICIPALITIES.length) throw new Error(`No recipient list for ${spec.recipients} recipients.`);
  return [
    ...DISTRICTS.slice(0, districts).map(([ags, name, population, short]) => ({
      ags,
      name,
      kind: 'DISTRICT' as const,
      population,
      short,
      district: ags,
    })),
    ...CITIES.slice(0, cities).map(([ags, name, population, short]) => ({
      ags,
      name,
      kind: 'CITY' as const,
      population,
      short,
      district: null,
    })),
    ...MUNICIPALITIES.slice(0, municipalities),
  ];
}

// ---------------------------------------------------------------------------------------------
// Words: people, suppliers, purposes, projects, cooperations

// prettier-ignore
const FIRST_NAMES = [
  'Anna', 'Maria', 'Julia', 'Katrin', 'Sandra', 'Claudia', 'Stefanie', 'Nicole', 'Susanne', 'Andrea', 'Christina', 'Sabine', 'Petra',
  'Kerstin', 'Anja', 'Melanie', 'Franziska', 'Laura', 'Lisa', 'Sarah', 'Jana', 'Ines', 'Heike', 'Manuela', 'Doreen', 'Peggy',
  'Thomas', 'Michael', 'Andreas', 'Stefan', 'Frank', 'Jens', 'Torsten', 'Matthias', 'Sebastian', 'Christian', 'Daniel', 'Martin',
  'Alexander', 'Tobias', 'Florian', 'Jan', 'Markus', 'Steffen', 'Uwe', 'Ronny', 'Marco', 'Sven', 'Dirk', 'Jonas', 'Felix', 'Lukas',
  'Paul', 'Tim', 'Philipp',
];
// prettier-ignore
const SURNAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter',
  'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Werner',
  'Krause', 'Meier', 'Lehmann', 'Schulze', 'Köhler', 'Herrmann', 'König', 'Walter', 'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz',
  'Möller', 'Weiß', 'Jung', 'Hahn', 'Schubert', 'Vogel', 'Friedrich', 'Keller', 'Günther', 'Frank', 'Berger', 'Winkler', 'Roth',
  'Beck', 'Lorenz', 'Baumann', 'Franke', 'Albrecht', 'Schuster', 'Simon', 'Ludwig', 'Böhm', 'Winter', 'Kraus', 'Martin', 'Krämer',
  'Vogt', 'Stein', 'Jäger', 'Otto', 'Sommer', 'Groß', 'Seidel', 'Heinrich', 'Brandt', 'Haas', 'Schreiber', 'Graf', 'Dietrich',
  'Ziegler', 'Kuhn', 'Kühn', 'Pohl', 'Engel', 'Horn', 'Busch', 'Bergmann', 'Thomas', 'Voigt', 'Sauer', 'Arnold', 'Wolff', 'Pfeiffer',
];
// prettier-ignore
const TOWNS = [
  'Erfurt', 'Jena', 'Gera', 'Weimar', 'Suhl', 'Gotha', 'Nordhausen', 'Eisenach', 'Mühlhausen', 'Ilmenau', 'Altenburg', 'Saalfeld',
  'Rudolstadt', 'Arnstadt', 'Sonneberg', 'Meiningen', 'Sondershausen', 'Apolda', 'Greiz', 'Pößneck', 'Heilbad Heiligenstadt',
  'Schmalkalden', 'Sömmerda', 'Hildburghausen', 'Bad Langensalza', 'Leinefelde-Worbis', 'Bad Salzungen', 'Eisenberg', 'Schleiz',
  'Leipzig', 'Dresden', 'Halle (Saale)', 'Kassel', 'Bamberg', 'Berlin',
];
const LEGAL_FORMS = ['GmbH', 'GmbH', 'GmbH', 'GmbH & Co. KG', 'AG', 'e. K.', 'KG', 'GbR'];

/** Lines of business of the suppliers of each category. */
const BRANCHES: Record<CostCategory, readonly string[]> = {
  STAFF: ['Personaldienstleistungen', 'Zeitarbeit', 'Verwaltungsservice'],
  SOFTWARE: ['Software', 'Informationssysteme', 'IT-Solutions', 'Kommunalsoftware', 'Datenverarbeitung', 'Digital'],
  HARDWARE: ['Systemhaus', 'Bürotechnik', 'Computer', 'IT-Service', 'Netzwerktechnik', 'Datentechnik'],
  CONSULTING: ['Consulting', 'Verwaltungsberatung', 'Unternehmensberatung', 'Beratungsgesellschaft', 'Projektmanagement'],
  TRAINING: ['Akademie', 'Bildungswerk', 'Schulungszentrum', 'Seminare'],
  TRAVEL: ['Reisebüro', 'Verkehrsbetriebe', 'Hotel', 'Tagungshaus'],
  OTHER: ['Druckerei', 'Postdienste', 'Zahlungsdienste', 'Bürobedarf', 'Medienservice'],
};

// prettier-ignore
const PRODUCTS = [
  'Dokumentenmanagementsystem', 'E-Akte', 'Ratsinformationssystem', 'Antragsmanagement', 'Online-Terminvergabe', 'Bürgerportal',
  'E-Rechnungs-Eingangsplattform', 'Geoinformationssystem', 'Fachverfahren Bauantrag', 'Fachverfahren Gewerbe',
  'Personenstandsregister', 'Vergabemanagement', 'Scan-Software', 'Formularserver', 'ePayment-Plattform', 'Servicekonto-Anbindung',
  'Videokonferenzsystem', 'Endpoint-Security',
];
// prettier-ignore
const DEVICES = [
  'Notebook mit Dockingstation', 'Arbeitsplatzrechner', 'Monitor 27 Zoll', 'Dokumentenscanner', 'Multifunktionsgerät',
  'Kartenlesegerät für Signaturkarten', 'Tablet für mobile Bürgerdienste', 'Netzwerk-Switch', 'Server-Erweiterung', 'USV-Anlage',
  'Headset', 'Webcam', 'Firewall-Appliance', 'Speichersystem (NAS)',
];
// prettier-ignore
const PROCESSES = [
  'Bauantragsverfahren', 'Kfz-Zulassung', 'Meldewesen', 'Gewerbeanmeldung', 'Posteingang', 'Rechnungsworkflow', 'Sitzungsdienst',
  'Wohngeld', 'Elterngeld', 'Friedhofsverwaltung', 'Hundesteuer', 'Personalaktenführung',
];

/** Verwendungszwecke by category; {p} product, {d} device, {v} process, {t} town, {m} month, {q} quarter, {y} year, {n} number. */
const PURPOSES: Record<CostCategory, readonly string[]> = {
  STAFF: ['Honorar Aushilfe Scanprojekt {m}', 'Personalgestellung {m}', 'Vergütung Werkstudent Digitalisierung {m}'],
  SOFTWARE: [
    'Lizenzen {p}',
    'Wartung {p} {q}',
    'Softwarepflege {p} {y}',
    'Anpassung Schnittstelle {p}',
    'Hosting {p} {m}',
    'Einrichtung {p}',
    'Zusatzmodul {p}',
  ],
  HARDWARE: ['{n} x {d}', '{d}', 'Ersatzbeschaffung {d}', '{d}, Lieferung {m}'],
  CONSULTING: [
    'Prozessanalyse {v}',
    'Projektsteuerung {m}',
    'Beratung Informationssicherheit',
    'Datenschutz-Folgenabschätzung {p}',
    'Anforderungsanalyse {p}',
    'Begleitung der Ausschreibung {p}',
    'Migrationsberatung {p}',
  ],
  TRAINING: [
    'Schulung {p}, {n} Teilnehmende',
    'Workshop {v}',
    'Anwenderschulung {p}',
    'E-Learning-Lizenzen {y}',
    'Multiplikatorenschulung {p}',
  ],
  TRAVEL: ['Fahrtkosten Arbeitstreffen in {t}', 'Dienstreise Fachtagung E-Government in {t}', 'Übernachtung Projekttreffen {t}'],
  OTHER: [
    'Porto Hybridpost {m}',
    'Transaktionsentgelte ePayment {m}',
    'SMS-Versand Terminerinnerung {m}',
    'Druck Informationsmaterial',
    'Raummiete Schulung {m}',
    'Verbrauchsmaterial Scanstraße',
  ],
};

const PROJECT_TITLES = [
  'Einführung der elektronischen Akte (E-Akte)',
  'Digitalisierung des Bauantragsverfahrens',
  'Umsetzung des Onlinezugangsgesetzes: Online-Dienste für Bürgerinnen und Bürger',
  'Einführung eines Dokumentenmanagementsystems',
  'Digitaler Sitzungsdienst mit Ratsinformationssystem',
  'Elektronischer Rechnungseingang (E-Rechnung)',
  'Online-Terminvergabe und digitales Bürgerbüro',
  'Informationssicherheit und Notfallmanagement',
  'Digitalisierung der Personalverwaltung',
  'Geoinformationssystem für Bauleitplanung und Liegenschaften',
  'Scan-Zentrum für den Posteingang',
  'Mobile Arbeitsplätze für die Verwaltung',
  'Elektronische Vergabe',
  'Digitale Kfz-Zulassung (i-Kfz)',
  'Digitalisierung des Friedhofswesens',
  'Bürgerportal mit Servicekonto',
  'ePayment für Verwaltungsgebühren',
  'Digitalisierung der Schulverwaltung',
  'Videokonferenz- und Kollaborationswerkzeuge',
  'Modernisierung der Fachverfahren im Ordnungsamt',
];

/** Zweckvereinbarungen: what the members do together, and what they buy jointly. */
const THEMES: readonly { name: string; purpose: string; purchase: string }[] = [
  {
    name: 'Interkommunales E-Government-Serviceteam',
    purpose: 'Einheitliche E-Government-Strategie und Umsetzung des OZG in Arbeitsteilung; jedes Mitglied stellt Personal.',
    purchase: 'Lizenzen Prozessmodellierung',
  },
  {
    name: 'Gemeinsames Dokumentenmanagement',
    purpose: 'Gemeinsame Einführung und gemeinsamer Betrieb eines Dokumentenmanagementsystems mit E-Akte.',
    purchase: 'Dokumentenmanagementsystem',
  },
  { name: 'Digitales Bauamt', purpose: 'Gemeinsame Digitalisierung der Bauantragsverfahren.', purchase: 'Fachverfahren Bauantrag' },
  { name: 'Gemeinsame Vergabestelle', purpose: 'Elektronische Vergabe für alle Mitglieder aus einer Hand.', purchase: 'Vergabemanagement' },
  {
    name: 'IT-Sicherheitsverbund',
    purpose: 'Gemeinsamer Informationssicherheitsbeauftragter und abgestimmtes Notfallmanagement.',
    purchase: 'Firewall-Appliances',
  },
  { name: 'Bürgerportal', purpose: 'Gemeinsames Bürgerportal mit Online-Diensten und Terminvergabe.', purchase: 'Bürgerportal' },
  {
    name: 'E-Rechnung',
    purpose: 'Gemeinsame Eingangsplattform und gemeinsamer Workflow für elektronische Rechnungen.',
    purchase: 'E-Rechnungs-Plattform',
  },
  {
    name: 'Digitaler Sitzungsdienst',
    purpose: 'Gemeinsames Ratsinformationssystem und papierlose Gremienarbeit.',
    purchase: 'Ratsinformationssystem',
  },
  { name: 'Geodaten-Kooperation', purpose: 'Gemeinsames Geoinformationssystem der Mitglieder.', purchase: 'Geoinformationssystem' },
];

const PAY_GROUPS: readonly (readonly [string, number, number])[] = [
  // Entgeltgruppe, illustrative flat annual rate (Personalkostensatz) 2020 in euros, weight among project staff
  ['TVöD E 9a', 58_900, 8],
  ['TVöD E 9b', 61_300, 14],
  ['TVöD E 9c', 64_200, 12],
  ['TVöD E 10', 67_500, 16],
  ['TVöD E 11', 70_800, 18],
  ['TVöD E 12', 76_600, 8],
  ['TVöD E 13', 82_300, 6],
];
const RATE_YEARS = [2020, 2021, 2022, 2023, 2024, 2025, 2026];

/** The flat rate of a pay group in a year (illustrative: 3 % a year, in whole hundreds of euros), in cents. */
function flatRateCents(payGroup: string, year: number): number {
  const base = PAY_GROUPS.find(([group]) => group === payGroup)![1];
  return Math.round((base * 1.03 ** (year - 2020)) / 100) * 100 * 100;
}

const YEAR_WEIGHTS: readonly (readonly [number, number])[] = [
  [2020, 12],
  [2021, 18],
  [2022, 20],
  [2023, 20],
  [2024, 17],
  [2025, 13],
];

// ---------------------------------------------------------------------------------------------
// The plan

interface Figures {
  financingType: FinancingType;
  /** Fördersatz in basis points (8000 = 0.8); share financing only. */
  rateBp: number | null;
  eligible: number;
  own: number;
  third: number;
  fixed: number | null;
  approved: number;
  start: LocalDate;
  end: LocalDate;
  lines: { category: CostCategory; planned: number }[];
}

/** How a notice's co-funding follows from its eligible costs, so that an amendment keeps the proportions. */
interface Financing {
  financingType: FinancingType;
  rateBp: number | null;
  ownBp: number;
  thirdBp: number;
  fixedBp: number;
}

interface PaymentPlan {
  requestedOn: LocalDate;
  paidOn: LocalDate;
  amount: number;
  purpose: string;
  reversal: { reversedOn: LocalDate; reason: string } | null;
}

interface OpenRequestPlan {
  requestedOn: LocalDate;
  amount: number;
  purpose: string;
  status: 'DRAFT' | 'SUBMITTED' | 'WITHDRAWN';
}

interface NoticePlan {
  recipient: number;
  cooperation: number | null;
  reference: string;
  noticeDate: LocalDate;
  title: string;
  description: string;
  applicationReference: string;
  submittedOn: LocalDate;
  requested: number;
  initial: Figures;
  final: Figures;
  amendment: { date: LocalDate; reference: string; reason: string } | null;
  receipts: number;
  /** How much of the plan is spent by the reference date, per non-staff category. */
  spending: Partial<Record<CostCategory, number>>;
  payments: PaymentPlan[];
  openRequests: OpenRequestPlan[];
  proofOfUseOn: LocalDate | null;
  actualThirdParty: number | null;
  settleOn: LocalDate | null;
}

interface MemberPlan {
  recipient: number;
  isLead: boolean;
  joinedOn: LocalDate;
  resolution: { body: string; number: string; adoptedOn: LocalDate; subject: string };
  /** The member's notice whose project belongs to the cooperation. */
  notice: number;
}

interface CooperationPlan {
  name: string;
  agreement: string;
  purpose: string;
  theme: (typeof THEMES)[number];
  members: MemberPlan[];
}

interface EmployeePlan {
  recipient: number;
  name: string;
  payGroup: string;
  /** Arbeitgeberbrutto per month, in cents. */
  monthlyCost: number;
}

interface AllocationPlan {
  employee: number;
  notice: number;
  from: LocalDate;
  to: LocalDate;
  method: StaffCostMethod;
  shareBp: number;
  workingHours: number | null;
}

interface SharedInvoicePlan {
  cooperation: number;
  category: CostCategory;
  receiptNumber: string;
  invoiceDate: LocalDate;
  paymentDate: LocalDate;
  payee: string;
  purpose: string;
  total: number;
  key: AllocationKey;
  members: { notice: number; fixedShareBp: number | null }[];
}

interface DataSetPlan {
  size: DataSize;
  seed: number;
  code: string;
  programName: string;
  budgets: { year: number; amount: number }[];
  recipients: RecipientSpec[];
  cooperations: CooperationPlan[];
  notices: NoticePlan[];
  largest: number;
  employees: EmployeePlan[];
  allocations: AllocationPlan[];
  sharedInvoices: SharedInvoicePlan[];
  suppliers: Record<CostCategory, string[]>;
}

interface Period {
  start: LocalDate;
  end: LocalDate;
}

/** The first and last day of a notice's spending up to the reference date; null when it starts later. */
function spendingWindow(period: Period): { from: LocalDate; to: LocalDate } | null {
  if (period.start > REFERENCE_DATE) return null;
  return { from: period.start, to: minDate(period.end, REFERENCE_DATE) };
}

/** The share of the approval period that lies before the reference date. */
function elapsedFraction(period: Period): number {
  const window = spendingWindow(period);
  if (!window) return 0;
  return (dayOf(window.to) - dayOf(window.from) + 1) / (dayOf(period.end) - dayOf(period.start) + 1);
}

function figuresOf(financing: Financing, lines: Figures['lines'], start: LocalDate, end: LocalDate): Figures {
  const eligible = lines.reduce((sum, line) => sum + line.planned, 0);
  // Rule 1: never above the programme's maximum of 80 %, rounded as the service rounds.
  const maximum = mulDivHalfUp(eligible, 8_000, 10_000);
  let third = Math.floor((eligible * financing.thirdBp) / 10_000);
  let own: number;
  let approved: number;
  let fixed: number | null = null;
  switch (financing.financingType) {
    case 'SHARE':
      approved = mulDivHalfUp(eligible, financing.rateBp!, 10_000);
      break;
    case 'DEFICIT': {
      own = Math.ceil((eligible * financing.ownBp) / 10_000);
      approved = Math.min(maximum, eligible - own - third);
      break;
    }
    default:
      fixed = Math.max(100_000, Math.floor((eligible * financing.fixedBp) / 10_000 / 100_000) * 100_000);
      approved = Math.min(fixed, maximum);
      fixed = approved;
  }
  own = eligible - approved - third;
  if (own < 0) {
    third += own;
    own = 0;
  }
  return { financingType: financing.financingType, rateBp: financing.rateBp, eligible, own, third, fixed, approved, start, end, lines };
}

/** Plans the whole data set of a size and seed; pure, so that it can be planned again to find what is there. */
function planDataSet(size: DataSize, seed: number): DataSetPlan {
  const spec = SIZES[size];
  const stream = (...name: (string | number)[]) => new Random(seed, size, ...name);
  const code = programCodeOf(size, seed);
  const recipients = planRecipients(spec);
  const suppliers = planSuppliers(stream('suppliers'));
  const cooperations = planCooperations(stream('cooperations'), recipients, spec.cooperations, size === 'L' ? 2 : 1);
  const skeletons = planSkeletons(stream('notices'), recipients, cooperations, spec.notices);
  const largest = skeletons.findIndex((skeleton) => skeleton.largest);
  const receipts = planReceiptCounts(stream('receipt counts'), skeletons, spec);
  const staff = planStaff(stream('staff'), skeletons, recipients, spec.staffAllocations);
  const notices = skeletons.map((skeleton, index) =>
    planNotice(stream('notice', index), skeleton, index, {
      recipient: recipients[skeleton.recipient]!,
      cooperation: skeleton.cooperation === null ? null : cooperations[skeleton.cooperation]!,
      receipts: receipts[index]!,
      staffCost: staff.costs[index]!,
      code,
    }),
  );
  planPayments(stream('payments'), notices, spec.payments, largest);
  planPaymentReversals(stream('payment reversals'), notices);
  planProofsAndSettlements(stream('settlements'), notices, largest);
  for (const cooperation of cooperations) {
    for (const member of cooperation.members) member.notice = skeletons.findIndex((skeleton) => skeleton.membership === member);
  }
  const sharedInvoices = planSharedInvoices(stream('shared invoices'), cooperations, notices, suppliers);

  const committed = new Map<number, number>();
  for (const notice of notices) {
    const year = Number(notice.noticeDate.slice(0, 4));
    committed.set(year, (committed.get(year) ?? 0) + Math.max(notice.initial.approved, notice.final.approved));
  }
  // Haushaltsansätze: what the notices commit and a tenth more, in whole 100,000 euros; the next year as the last.
  const budgets = [...committed.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, amount]) => ({ year, amount: Math.ceil((amount * 1.1) / 10_000_000) * 10_000_000 }));
  budgets.push({ year: budgets.at(-1)!.year + 1, amount: budgets.at(-1)!.amount });

  return {
    size,
    seed,
    code,
    programName: `Richtlinie zur Förderung von E-Government und IT in Thüringer Kommunen (generierter Datensatz ${size}, Seed ${seed})`,
    budgets,
    recipients,
    cooperations,
    notices,
    largest,
    employees: staff.employees,
    allocations: staff.allocations,
    sharedInvoices,
    suppliers,
  };
}

function planSuppliers(random: Random): Record<CostCategory, string[]> {
  const suppliers = {} as Record<CostCategory, string[]>;
  const names = new Set<string>();
  for (const category of COST_CATEGORIES) {
    const list: string[] = [];
    const count = { STAFF: 8, SOFTWARE: 60, HARDWARE: 40, CONSULTING: 40, TRAINING: 30, TRAVEL: 20, OTHER: 30 }[category];
    while (list.length < count) {
      const branch = random.pick(BRANCHES[category]);
      const name =
        category === 'TRAVEL' && branch === 'Hotel'
          ? `Hotel ${random.pick(['Zur Post', 'Am Markt', 'Thüringer Hof', 'Stadtpark', 'Am Rennsteig', 'Residenz'])}, ${random.pick(TOWNS)}`
          : random.weighted([
              [`${random.pick(SURNAMES)} ${branch} ${random.pick(LEGAL_FORMS)}`, 5],
              [`${branch} ${random.pick(TOWNS)} ${random.pick(LEGAL_FORMS)}`, 3],
              [`${random.pick(SURNAMES)} & ${random.pick(SURNAMES)} ${branch} ${random.pick(LEGAL_FORMS)}`, 2],
            ] as const);
      if (names.has(name)) continue;
      names.add(name);
      list.push(name);
    }
    suppliers[category] = list;
  }
  return suppliers;
}

function resolutionOf(
  random: Random,
  recipient: RecipientSpec,
  joinedOn: LocalDate,
  cooperationName: string,
  founding: boolean,
): MemberPlan['resolution'] {
  const adoptedOn = dateOf(workingDay(dayOf(joinedOn) - random.int(0, 30)));
  const year = adoptedOn.slice(0, 4);
  const [body, number] =
    recipient.kind === 'DISTRICT'
      ? [`Kreistag ${recipient.name}`, `KT/${pad(random.int(1, 180), 3)}/${year.slice(2)}`]
      : recipient.kind === 'CITY'
        ? [`Stadtrat ${recipient.short}`, `SR ${year}/${pad(random.int(1, 400), 3)}`]
        : recipient.name.startsWith('Stadt ')
          ? [`Stadtrat ${recipient.short}`, `SR-${pad(random.int(1, 90), 2)}/${year}`]
          : [`Gemeinderat ${recipient.short}`, `GR-${pad(random.int(1, 60), 2)}/${year}`];
  const subject = founding ? `Abschluss der Zweckvereinbarung „${cooperationName}“` : `Beitritt zur Zweckvereinbarung „${cooperationName}“`;
  return { body, number, adoptedOn, subject };
}

function planCooperations(random: Random, recipients: RecipientSpec[], count: number, maxPerRecipient: number): CooperationPlan[] {
  const memberships = recipients.map(() => 0);
  const leads = new Set<number>();
  const names = new Set<string>();
  const cooperations: CooperationPlan[] = [];
  const kindWeight = (recipient: RecipientSpec) => (recipient.kind === 'DISTRICT' ? 5 : recipient.kind === 'CITY' ? 4 : 1);
  for (let c = 0; c < count; c += 1) {
    const leadCandidates = recipients.flatMap((recipient, index) =>
      memberships[index]! < maxPerRecipient && !leads.has(index) ? [[index, kindWeight(recipient)] as const] : [],
    );
    const lead = random.weighted(leadCandidates);
    leads.add(lead);
    const leadSpec = recipients[lead]!;
    const wanted = random.int(2, 5);
    const members = [lead];
    while (members.length < wanted) {
      const candidates = recipients.flatMap((recipient, index) =>
        memberships[index]! < maxPerRecipient && !members.includes(index)
          ? [[index, (recipient.district !== null && recipient.district === leadSpec.district ? 6 : 1) * kindWeight(recipient)] as const]
          : [],
      );
      if (candidates.length === 0) break;
      members.push(random.weighted(candidates));
    }
    if (members.length < 2) throw new Error('Too few recipients for the cooperations of this size.');
    for (const member of members) memberships[member]! += 1;

    const theme = random.pick(THEMES);
    let name = `${theme.name} ${leadSpec.short}`;
    for (let n = 2; names.has(name); n += 1) name = `${theme.name} ${leadSpec.short} ${n}`;
    names.add(name);
    const founded = workingDay(random.int(dayOf('2019-06-01'), dayOf('2021-09-30')));
    cooperations.push({
      name,
      agreement: `Zweckvereinbarung über die interkommunale Zusammenarbeit: ${theme.name}`,
      purpose: theme.purpose,
      theme,
      members: members.map((recipient, index) => {
        const later = index > 0 && random.chance(0.25);
        const joinedOn = dateOf(later ? workingDay(founded + random.int(90, 700)) : founded);
        return {
          recipient,
          isLead: index === 0,
          joinedOn,
          resolution: resolutionOf(random, recipients[recipient]!, joinedOn, name, !later),
          notice: -1,
        };
      }),
    });
  }
  return cooperations;
}

interface Skeleton {
  recipient: number;
  cooperation: number | null;
  membership: MemberPlan | null;
  largest: boolean;
  noticeDate: LocalDate;
  start: LocalDate;
  /** End of the approval period in force after any amendment. */
  end: LocalDate;
  amendment: { kind: 'EXTENSION' | 'INCREASE' | 'DECREASE'; date: LocalDate; months: number } | null;
  staff: boolean;
  financing: Financing;
  /** Size of the project in cents, before the financing plan is worked out. */
  size: number;
}

function planSkeletons(random: Random, recipients: RecipientSpec[], cooperations: CooperationPlan[], total: number): Skeleton[] {
  const largestRecipient = recipients.reduce(
    (best, recipient, index) => (recipient.population > recipients[best]!.population ? index : best),
    0,
  );
  const memberOf = recipients.map((_, index) =>
    cooperations.flatMap((cooperation, c) =>
      cooperation.members.filter((member) => member.recipient === index).map((member) => [c, member] as const),
    ),
  );
  const baseCounts = recipients.map((_, index) => Math.max(1, memberOf[index]!.length) + (index === largestRecipient ? 1 : 0));
  const extra = total - baseCounts.reduce((sum, count) => sum + count, 0);
  if (extra < 0) throw new Error('Too few notices for the recipients and cooperations of this size.');
  const weights = recipients.map((recipient) =>
    recipient.kind === 'CITY' ? 8 : recipient.kind === 'DISTRICT' ? 6 : (recipient.population / 5_000) ** 0.3,
  );
  const extras = apportion(
    extra,
    weights,
    recipients.map(() => 6),
  );

  const skeletons: Skeleton[] = [];
  const plainDates: number[] = [];
  recipients.forEach((recipient, index) => {
    const count = baseCounts[index]! + extras[index]!;
    const memberships = memberOf[index]!;
    for (let k = 0; k < count; k += 1) {
      const membership = memberships[k];
      const largest = index === largestRecipient && k === memberships.length;
      const kindScale = recipient.kind === 'CITY' ? 2 : recipient.kind === 'DISTRICT' ? 1.6 : 0.6;
      const financingType: FinancingType =
        membership || largest
          ? 'SHARE'
          : random.weighted<FinancingType>([
              ['SHARE', 82],
              ['DEFICIT', 12],
              ['FIXED_AMOUNT', 6],
            ]);
      skeletons.push({
        recipient: index,
        cooperation: membership ? membership[0] : null,
        membership: membership ? membership[1] : null,
        largest,
        noticeDate: '',
        start: '',
        end: '',
        amendment: null,
        staff: largest || membership !== undefined || random.chance(0.5),
        financing: {
          financingType,
          rateBp:
            financingType === 'SHARE'
              ? largest
                ? 8_000
                : random.weighted([
                    [8_000, 55],
                    [7_500, 15],
                    [7_000, 12],
                    [6_500, 8],
                    [6_000, 7],
                    [5_000, 3],
                  ])
              : null,
          ownBp: random.int(2_000, 3_500),
          thirdBp: financingType === 'FIXED_AMOUNT' || !random.chance(0.15) ? 0 : random.int(300, 1_500),
          fixedBp: random.int(5_000, 7_800),
        },
        size: largest ? 460_000_000 : Math.round(Math.min(160_000_000, Math.max(1_200_000, random.logNormal(9_500_000 * kindScale, 0.75)))),
      });
      if (!membership && !largest) plainDates.push(skeletons.length - 1);
    }
  });

  // Bescheiddaten: the years of the programme in fixed proportions; a cooperation's notices follow its members' joining.
  const years = apportion(
    plainDates.length,
    YEAR_WEIGHTS.map(([, weight]) => weight),
    YEAR_WEIGHTS.map(() => plainDates.length),
  ).flatMap((count, index) => Array.from({ length: count }, () => YEAR_WEIGHTS[index]![0]));
  random.shuffle(years);
  for (const [position, index] of plainDates.entries()) {
    const year = years[position]!;
    skeletons[index]!.noticeDate = dateOf(workingDay(random.int(dayOf(`${year}-02-01`), dayOf(`${year}-12-12`))));
  }
  for (const skeleton of skeletons) {
    if (skeleton.membership) {
      const day = Math.min(dayOf('2025-11-28'), Math.max(dayOf('2020-02-03'), dayOf(skeleton.membership.joinedOn) + random.int(30, 300)));
      skeleton.noticeDate = dateOf(workingDay(day));
    }
    if (skeleton.largest) {
      skeleton.noticeDate = '2021-03-15';
      skeleton.start = '2021-04-01';
      skeleton.end = '2024-12-31';
      continue;
    }
    // Bewilligungszeitraum: from the month after the notice, the notice's month, or (early in a year) the 1st of January.
    const noticeMonth = monthOf(skeleton.noticeDate);
    const startMonth = random.weighted([
      [noticeMonth + 1, 60],
      [noticeMonth, 25],
      [noticeMonth % 12 < 6 ? noticeMonth - (noticeMonth % 12) : noticeMonth + 1, 15],
    ] as const);
    const duration = random.weighted([
      [12, 25],
      [18, 20],
      [24, 30],
      [30, 10],
      [36, 15],
    ] as const);
    skeleton.start = firstOfMonth(startMonth);
    skeleton.end = lastOfMonth(startMonth + duration - 1);
  }

  // Änderungsbescheide: 8 % of the notices (at least one), while they run and before the reference date; decided
  // before the spending, which follows the figures in force.
  const amendable = skeletons.filter(
    (skeleton) => !skeleton.largest && Math.min(dayOf(skeleton.end) - 30, dayOf(REFERENCE_DATE) - 20) >= dayOf(skeleton.noticeDate) + 90,
  );
  for (const skeleton of random.shuffle(amendable).slice(0, Math.max(1, Math.round(skeletons.length * 0.08)))) {
    const kind = random.weighted([
      ['EXTENSION', 50],
      ['INCREASE', 30],
      ['DECREASE', 20],
    ] as const);
    const earliest = dayOf(skeleton.noticeDate) + 90;
    const latest = Math.min(dayOf(skeleton.end) - 30, dayOf(REFERENCE_DATE) - 20);
    const months = kind === 'EXTENSION' ? random.pick([6, 12]) : 0;
    skeleton.amendment = { kind, date: dateOf(workingDay(random.int(earliest, latest))), months };
    skeleton.end = lastOfMonth(monthOf(skeleton.end) + months);
  }

  // In the order of the notice dates, as the references are numbered.
  return skeletons
    .map((skeleton, index) => ({ skeleton, index }))
    .sort((a, b) =>
      a.skeleton.noticeDate < b.skeleton.noticeDate ? -1 : a.skeleton.noticeDate > b.skeleton.noticeDate ? 1 : a.index - b.index,
    )
    .map(({ skeleton }) => skeleton);
}

function planReceiptCounts(random: Random, skeletons: Skeleton[], spec: SizeSpec): number[] {
  const others = skeletons.map((skeleton) => {
    if (skeleton.largest) return 0;
    const fraction = elapsedFraction({ start: skeleton.start, end: skeleton.end });
    return fraction * (skeleton.size / 10_000_000) ** 0.5 * random.logNormal(1, 0.6);
  });
  // Skewed, but the largest grant stays clearly the largest: no other gets more than 30 % of its receipts, or
  // (where few notices share the rest) two and a half times the average, and never half of the largest. The caps
  // differ a little, so that the busiest notices do not all end on the same count.
  const rest = spec.receipts - spec.largestReceipts;
  const average = rest / others.filter((weight) => weight > 0).length;
  const cap = Math.min(Math.floor(spec.largestReceipts / 2), Math.max(Math.floor(spec.largestReceipts * 0.3), Math.ceil(average * 2.5)));
  const counts = apportion(
    rest,
    others,
    skeletons.map(() => Math.round(cap * random.between(0.8, 1))),
  );
  return counts.map((count, index) => (skeletons[index]!.largest ? spec.largestReceipts : count));
}

const SHARES_BP: readonly (readonly [number, number])[] = [
  [2_000, 10],
  [2_500, 12],
  [3_000, 10],
  [4_000, 10],
  [5_000, 20],
  [6_000, 8],
  [7_500, 10],
  [8_000, 8],
  [10_000, 12],
];

/**
 * Personalausgaben: employees of the recipients charged to the notices with a STAFF line, month
 * ranges within the part of the approval period before the reference date, and no employee above
 * a share of 1 in any month over all grants. Employees are created as the allocations need them.
 */
function planStaff(
  random: Random,
  skeletons: Skeleton[],
  recipients: RecipientSpec[],
  total: number,
): { employees: EmployeePlan[]; allocations: AllocationPlan[]; costs: number[] } {
  const months = skeletons.map((skeleton) => {
    if (!skeleton.staff) return [];
    const window = spendingWindow({ start: skeleton.start, end: skeleton.end });
    if (!window) return [];
    const first = monthOf(window.from);
    return Array.from({ length: monthOf(window.to) - first + 1 }, (_, index) => first + index);
  });
  const targets = apportion(
    total,
    skeletons.map((skeleton, index) => (skeleton.size / 10_000_000) ** 0.6 * months[index]!.length),
    months.map((list) => list.length * 3),
  );
  const employees: EmployeePlan[] = [];
  const byRecipient = recipients.map((): number[] => []);
  const used: Map<number, number>[] = [];
  const allocations: AllocationPlan[] = [];
  const costs = skeletons.map(() => 0);
  const namesOf = recipients.map(() => new Set<string>());

  const newEmployee = (recipient: number): number => {
    let name: string;
    do name = `${random.pick(FIRST_NAMES)} ${random.pick(SURNAMES)}`;
    while (namesOf[recipient]!.has(name));
    namesOf[recipient]!.add(name);
    const payGroup = random.weighted(PAY_GROUPS.map(([group, , weight]) => [group, weight] as const));
    employees.push({
      recipient,
      name,
      payGroup,
      monthlyCost: Math.round((flatRateCents(payGroup, 2022) / 12) * random.between(0.92, 1.06)),
    });
    used.push(new Map());
    byRecipient[recipient]!.push(employees.length - 1);
    return employees.length - 1;
  };
  const freeBp = (employee: number, range: readonly number[]) =>
    range.reduce((free, month) => Math.min(free, 10_000 - (used[employee]!.get(month) ?? 0)), 10_000);

  skeletons.forEach((skeleton, notice) => {
    let remaining = targets[notice]!;
    const available = months[notice]!;
    const onNotice = new Set<number>();
    while (remaining > 0) {
      const length = Math.min(remaining, available.length, random.int(4, 24));
      const offset = random.int(0, available.length - length);
      const range = available.slice(offset, offset + length);
      let share = random.weighted(SHARES_BP);
      const staff = byRecipient[skeleton.recipient]!.filter((employee) => !onNotice.has(employee));
      let employee = staff.find((candidate) => freeBp(candidate, range) >= share);
      if (employee === undefined) {
        const fallback = staff.find((candidate) => freeBp(candidate, range) >= 2_000);
        if (fallback !== undefined) {
          employee = fallback;
          share = Math.floor(freeBp(fallback, range) / 500) * 500;
        } else {
          employee = newEmployee(skeleton.recipient);
        }
      }
      onNotice.add(employee);
      // Hours (Stundennachweis) with quarter shares of a month of 160 to 172 hours, so that the share is exact.
      let method = random.weighted<StaffCostMethod>([
        ['ACTUAL', 50],
        ['FLAT_RATE', 35],
        ['HOURS', 15],
      ]);
      if (method === 'HOURS' && share % 2_500 !== 0) method = 'ACTUAL';
      for (const month of range) used[employee]!.set(month, (used[employee]!.get(month) ?? 0) + share);
      const { payGroup, monthlyCost } = employees[employee]!;
      for (const month of range) {
        const monthly = method === 'FLAT_RATE' ? flatRateCents(payGroup, Math.floor(month / 12)) / 12 : monthlyCost;
        costs[notice]! += Math.round((monthly * share) / 10_000);
      }
      allocations.push({
        employee,
        notice,
        from: firstOfMonth(range[0]!),
        to: firstOfMonth(range.at(-1)!),
        method,
        shareBp: share,
        workingHours: method === 'HOURS' ? random.pick([160, 164, 168, 172]) : null,
      });
      remaining -= length;
    }
  });
  return { employees, allocations, costs };
}

const LINE_CATEGORIES: readonly (readonly [CostCategory, number])[] = [
  ['SOFTWARE', 10],
  ['HARDWARE', 7],
  ['CONSULTING', 6],
  ['TRAINING', 5],
  ['TRAVEL', 1.5],
  ['OTHER', 2.5],
];

const AMENDMENT_REASONS = {
  EXTENSION: [
    'Verlängerung des Bewilligungszeitraums wegen Lieferverzögerungen',
    'Verlängerung des Bewilligungszeitraums: Ausschreibung aufgehoben und wiederholt',
  ],
  INCREASE: ['Aufstockung wegen gestiegener Lizenzkosten', 'Erweiterung des Vorhabens um weitere Fachverfahren'],
  DECREASE: ['Reduzierung: eine Teilmaßnahme entfällt', 'Reduzierung nach günstigerem Vergabeergebnis'],
};

function planNotice(
  random: Random,
  skeleton: Skeleton,
  index: number,
  context: { recipient: RecipientSpec; cooperation: CooperationPlan | null; receipts: number; staffCost: number; code: string },
): NoticePlan {
  const { recipient, cooperation, receipts, staffCost, code } = context;
  const year = skeleton.noticeDate.slice(0, 4);
  // The STAFF line covers the whole period; what is allocated by the reference date is the part already worked.
  const fraction = elapsedFraction({ start: skeleton.start, end: skeleton.end });
  const staffLine = !skeleton.staff
    ? 0
    : staffCost > 0
      ? wholeEuros((staffCost / Math.max(fraction, 0.05)) * random.between(0.9, 1.15))
      : wholeEuros(skeleton.size * random.between(0.2, 0.5));
  // Receipts need something to be spent on: at least 8 € a receipt on average.
  const otherTotal = Math.max(
    skeleton.staff ? Math.round(skeleton.size * random.between(0.3, 0.7)) : skeleton.size,
    receipts * 800,
    500_000,
  );

  let categories: CostCategory[];
  if (skeleton.largest) categories = ['SOFTWARE', 'HARDWARE', 'CONSULTING', 'OTHER'];
  else {
    const wanted = random.weighted([
      [1, 10],
      [2, 35],
      [3, 35],
      [4, 20],
    ] as const);
    const set = new Set<CostCategory>(skeleton.cooperation !== null ? ['SOFTWARE', 'HARDWARE'] : []);
    while (set.size < wanted) set.add(random.weighted(LINE_CATEGORIES));
    categories = COST_CATEGORIES.filter((category) => set.has(category));
  }
  const weights = categories.map(() => random.logNormal(1, 0.5));
  const weightTotal = weights.reduce((sum, weight) => sum + weight, 0);
  const lines: Figures['lines'] = [];
  if (staffLine > 0) lines.push({ category: 'STAFF', planned: staffLine });
  // Einzelansätze in whole euros, the last one to the cent; none below 500 €. The eligible costs are their sum.
  let left = otherTotal;
  categories.forEach((category, position) => {
    const last = position === categories.length - 1;
    const share = Math.round((otherTotal * weights[position]!) / weightTotal / 100) * 100;
    const planned = Math.max(50_000, last ? left : share);
    lines.push({ category, planned });
    left -= planned;
  });

  const amendment = skeleton.amendment;
  const initialEnd = amendment ? lastOfMonth(monthOf(skeleton.end) - amendment.months) : skeleton.end;
  const initialLines = lines.map((line) => ({ ...line }));
  if (amendment && amendment.kind !== 'EXTENSION') {
    const line = initialLines.find((candidate) => candidate.category !== 'STAFF')!;
    const delta = Math.round((line.planned * random.between(0.1, 0.3)) / 10_000) * 10_000;
    line.planned = amendment.kind === 'INCREASE' ? Math.max(50_000, line.planned - delta) : line.planned + delta;
  }
  const initial = figuresOf(skeleton.financing, initialLines, skeleton.start, initialEnd);
  const final = figuresOf(skeleton.financing, lines, skeleton.start, skeleton.end);

  const spending: NoticePlan['spending'] = {};
  const spent = Math.min(1.25, fraction * random.between(0.75, 1.1));
  for (const category of categories) spending[category] = spent * random.between(0.65, 1.3);

  const title = skeleton.largest
    ? `Digitale Verwaltung ${recipient.short}: OZG-Umsetzung und Online-Dienste`
    : cooperation
      ? `${cooperation.theme.name}: Anteil ${recipient.short}`
      : random.pick(PROJECT_TITLES);
  return {
    recipient: skeleton.recipient,
    cooperation: skeleton.cooperation,
    reference: `${code}/${year}/${pad(index + 1, 4)}`,
    noticeDate: skeleton.noticeDate,
    title,
    description: skeleton.largest
      ? `Online-Dienste der Stadtverwaltung ${recipient.short} mit Entgelten je Vorgang (ePayment, Hybridpost, SMS), daher sehr viele kleine Belege. Generierte Daten.`
      : `${title} bei ${recipient.name}. Generierte Daten.`,
    applicationReference: `FA-${year}-${recipient.ags}-${pad(index + 1, 4)}`,
    submittedOn: dateOf(workingDay(dayOf(skeleton.noticeDate) - random.int(25, 120))),
    requested: Math.ceil((initial.approved * random.between(1, 1.08)) / 10_000) * 10_000,
    initial,
    final,
    amendment: amendment
      ? {
          date: amendment.date,
          reference: `${code}/${year}/${pad(index + 1, 4)}-Ä1`,
          reason: random.pick(AMENDMENT_REASONS[amendment.kind]),
        }
      : null,
    receipts,
    spending,
    payments: [],
    openRequests: [],
    proofOfUseOn: null,
    actualThirdParty: null,
    settleOn: null,
  };
}

/** Mittelabrufe and Auszahlungen: at most one a month after the notice, never more than the approved amount in force. */
function planPayments(random: Random, notices: NoticePlan[], total: number, largest: number): void {
  const monthsOf = notices.map((notice) => {
    const window = spendingWindow(notice.final);
    if (!window) return [];
    const first = Math.max(monthOf(window.from), monthOf(notice.noticeDate) + 1);
    const last = monthOf(window.to);
    return last < first ? [] : Array.from({ length: last - first + 1 }, (_, index) => first + index);
  });
  const counts = apportion(
    total,
    notices.map((notice, index) => monthsOf[index]!.length * (notice.final.approved / 10_000_000) ** 0.3),
    monthsOf.map((months) => Math.min(24, months.length)),
  );
  notices.forEach((notice, index) => {
    const count = counts[index]!;
    const approved = notice.final.approved;
    if (count > 0) {
      const months = random
        .shuffle([...monthsOf[index]!])
        .slice(0, count)
        .sort((a, b) => a - b);
      const ended = notice.final.end <= REFERENCE_DATE;
      const drawn = Math.floor(
        approved *
          (ended || index === largest
            ? random.between(0.85, 1)
            : Math.min(0.95, elapsedFraction(notice.final) * random.between(0.8, 1.15))),
      );
      // Tranches of at least about 40 € each, the last one taking what is left.
      const tranches = Math.max(drawn, count * 10_000);
      const weights = months.map(() => random.between(0.6, 1.4));
      const weightTotal = weights.reduce((sum, weight) => sum + weight, 0);
      let left = tranches;
      months.forEach((month, position) => {
        const amount = position === count - 1 ? left : Math.floor((tranches * weights[position]!) / weightTotal);
        left -= amount;
        const paidDay = Math.min(
          dayOf(REFERENCE_DATE),
          Math.max(dayOf(firstOfMonth(month)) + random.int(3, 24), dayOf(notice.noticeDate) + 10),
        );
        const paidOn = dateOf(workingDay(paidDay) > dayOf(REFERENCE_DATE) ? paidDay : workingDay(paidDay));
        const requestedOn = dateOf(Math.max(dayOf(notice.noticeDate), paidDay - random.int(7, 20)));
        notice.payments.push({
          requestedOn,
          paidOn,
          amount,
          purpose: `${position + 1}. Mittelabruf: Ausgaben bis ${monthLabel(firstOfMonth(month))}`,
          reversal: null,
        });
      });
      if (left !== 0 || notice.payments.some((payment) => payment.amount <= 0) || tranches > approved) {
        throw new Error(`Payment plan of ${notice.reference} does not add up.`);
      }
    }
    // Mittelabrufe still open at the end of the year: submitted, drafted, or withdrawn earlier.
    const paid = notice.payments.reduce((sum, payment) => sum + payment.amount, 0);
    const rest = approved - paid;
    const running = notice.final.end >= '2025-10-01' && notice.final.start <= '2025-11-30';
    if (running && rest >= 100_000 && index !== largest) {
      const status = random.weighted([
        ['SUBMITTED', 8],
        ['DRAFT', 3],
        ['WITHDRAWN', 2],
        [null, 87],
      ] as const);
      if (status) {
        const requestedOn = dateOf(Math.max(dayOf(notice.noticeDate), workingDay(random.int(dayOf('2025-12-01'), dayOf('2025-12-19')))));
        notice.openRequests.push({
          requestedOn,
          amount: Math.max(10_000, Math.floor((rest * random.between(0.1, 0.5)) / 100) * 100),
          purpose:
            status === 'WITHDRAWN'
              ? 'Mittelabruf Dezember 2025 (zurückgezogen: Ausgaben noch nicht angefallen)'
              : `${notice.payments.length + 1}. Mittelabruf: Ausgaben bis 12/2025`,
          status,
        });
      }
    }
  });
}

/** Stornos of payments: 0.4 % of them, at least one. */
function planPaymentReversals(random: Random, notices: NoticePlan[]): void {
  const payments = notices.flatMap((notice) => notice.payments);
  for (const payment of random.shuffle([...payments]).slice(0, Math.max(1, Math.round(payments.length * 0.004)))) {
    payment.reversal = {
      reversedOn: minDate(REFERENCE_DATE, dateOf(dayOf(payment.paidOn) + random.int(2, 14))),
      reason: 'Rückbuchung: Zahlung auf ein falsches Konto angewiesen',
    };
  }
}

/** Verwendungsnachweise for most ended notices, some overdue, and a few settled (Schlussabrechnung). */
function planProofsAndSettlements(random: Random, notices: NoticePlan[], largest: number): void {
  const settleable: number[] = [];
  notices.forEach((notice, index) => {
    const end = dayOf(notice.final.end);
    if (end + 30 > dayOf(REFERENCE_DATE) || !random.chance(0.85)) return;
    notice.proofOfUseOn = dateOf(Math.min(dayOf(REFERENCE_DATE), workingDay(end + random.int(40, 200))));
    if (notice.final.third > 0) notice.actualThirdParty = Math.round(notice.final.third * random.between(0.85, 1));
    if (index !== largest && dayOf(notice.proofOfUseOn) + 30 <= dayOf(REFERENCE_DATE) && notice.openRequests.length === 0) {
      settleable.push(index);
    }
  });
  const settled = random.shuffle(settleable).slice(0, Math.max(1, Math.round(notices.length * 0.04)));
  for (const index of settled) {
    const notice = notices[index]!;
    notice.settleOn = dateOf(Math.min(dayOf(REFERENCE_DATE), dayOf(notice.proofOfUseOn!) + random.int(30, 150)));
  }
}

/** Gemeinsame Beschaffungen: one or two per cooperation, paid while at least two members' grants run. */
function planSharedInvoices(
  random: Random,
  cooperations: CooperationPlan[],
  notices: NoticePlan[],
  suppliers: Record<CostCategory, string[]>,
): SharedInvoicePlan[] {
  const invoices: SharedInvoicePlan[] = [];
  cooperations.forEach((cooperation, c) => {
    const windows = cooperation.members.map((member) => {
      const window = spendingWindow(notices[member.notice]!.final);
      if (!window) return null;
      const from = Math.max(dayOf(window.from), dayOf(member.joinedOn) + 31);
      const to = dayOf(window.to);
      return from <= to ? { from, to } : null;
    });
    const open = windows.filter((window) => window !== null);
    if (open.length < 2) return;
    const first = Math.min(...open.map((window) => window.from));
    const last = Math.max(...open.map((window) => window.to));
    const count = random.chance(0.5) ? 2 : 1;
    for (let k = 0; k < count; k += 1) {
      let best: { day: number; members: number[] } = { day: first, members: [] };
      for (let trial = 0; trial < 30; trial += 1) {
        const day = random.int(first, last);
        const members = windows.flatMap((window, index) => (window && window.from <= day && day <= window.to ? [index] : []));
        if (members.length > best.members.length) best = { day, members };
      }
      if (best.members.length < 2) continue;
      const key = random.weighted<AllocationKey>([
        ['EQUAL', 50],
        ['POPULATION', 30],
        ['FIXED_SHARES', 20],
      ]);
      const shares =
        key === 'FIXED_SHARES'
          ? apportion(
              100,
              best.members.map(() => random.between(1, 3)),
              best.members.map(() => 100),
            ).map((percent) => percent * 100)
          : null;
      const category: CostCategory = random.chance(0.6) ? 'SOFTWARE' : 'HARDWARE';
      const paymentDate = dateOf(best.day);
      invoices.push({
        cooperation: c,
        category,
        receiptNumber: `GB-${paymentDate.slice(0, 4)}-${pad(c + 1, 3)}-${k + 1}`,
        invoiceDate: dateOf(best.day - random.int(3, 30)),
        paymentDate,
        payee: random.pick(suppliers[category]),
        purpose:
          category === 'SOFTWARE'
            ? `Gemeinsame Beschaffung: ${cooperation.theme.purchase}, Lizenzen und Einrichtung für alle Mitglieder`
            : `Gemeinsame Beschaffung: Hardware für ${cooperation.theme.purchase}`,
        // A part of what the members planned for the category: a joint purchase replaces purchases of their own.
        total: Math.max(
          100_000,
          Math.round(
            best.members.reduce((sum, member) => {
              const line = notices[cooperation.members[member]!.notice]!.final.lines.find((candidate) => candidate.category === category);
              return sum + (line?.planned ?? 0);
            }, 0) * random.between(0.1, 0.35),
          ),
        ),
        key,
        members: best.members.map((member, position) => ({
          notice: cooperation.members[member]!.notice,
          fixedShareBp: shares ? shares[position]! : null,
        })),
      });
    }
  });
  return invoices;
}

// ---------------------------------------------------------------------------------------------
// The receipts of a notice as an accounting export

interface ReceiptRow {
  number: string;
  invoiceDay: number;
  paymentDay: number | null;
  payee: string;
  purpose: string;
  category: CostCategory;
  amount: number;
}

interface ReversalPlan {
  receiptNumber: string;
  reason: string;
  reversedOn: LocalDate;
}

const CATEGORY_WORD: Record<CostCategory, string> = {
  STAFF: 'Personal',
  CONSULTING: 'Beratung',
  SOFTWARE: 'Software',
  HARDWARE: 'Hardware',
  TRAINING: 'Schulung',
  TRAVEL: 'Reisekosten',
  OTHER: 'Sonstiges',
};

const CSV_HEADER = 'Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag';

function csvField(text: string): string {
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function purposeText(random: Random, category: CostCategory, day: number): string {
  const date = dateOf(day);
  return random.pick(PURPOSES[category]).replace(/\{(\w)\}/g, (_, key: string) => {
    switch (key) {
      case 'p':
        return random.pick(PRODUCTS);
      case 'd':
        return random.pick(DEVICES);
      case 'v':
        return random.pick(PROCESSES);
      case 't':
        return random.pick(TOWNS);
      case 'm':
        return monthLabel(date);
      case 'q':
        return `Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}/${date.slice(0, 4)}`;
      case 'y':
        return date.slice(0, 4);
      default:
        return String(random.int(2, 24));
    }
  });
}

/**
 * The receipts of one notice, from a stream of its own: most paid within the approval period in a
 * planned category, some paid before or after it, some in a category without a budget line, some
 * not yet paid; about 1 % later reversed (duplicates, wrong amounts with their correction, credit
 * notes). Returned as CSV files of at most MAX_IMPORT_ROWS rows, one per booking year.
 */
function receiptFiles(
  plan: DataSetPlan,
  index: number,
): { files: { name: string; text: string; rows: number }[]; reversals: ReversalPlan[] } {
  const notice = plan.notices[index]!;
  const random = new Random(plan.seed, plan.size, 'receipts', index);
  const figures = notice.final;
  const window = spendingWindow(figures);
  const count = notice.receipts;
  if (count === 0 || !window) return { files: [], reversals: [] };
  const from = dayOf(window.from);
  const to = dayOf(window.to);
  const reference = dayOf(REFERENCE_DATE);
  const planned = figures.lines.filter((line) => line.category !== 'STAFF');
  const unplanned = COST_CATEGORIES.filter((category) => !figures.lines.some((line) => line.category === category));
  const categoryWeights = planned.map((line) => [line.category, line.planned] as const);
  const regular = Object.fromEntries(
    planned.map((line) => {
      const list = random.shuffle([...plan.suppliers[line.category]]).slice(0, random.int(2, 8));
      return [line.category, list.map((name, rank) => [name, 1 / (rank + 1)] as const)];
    }),
  ) as Partial<Record<CostCategory, (readonly [string, number])[]>>;

  const rows: (ReceiptRow & { weight: number })[] = [];
  for (let i = 0; i < count; i += 1) {
    const kind = random.weighted([
      ['regular', 955],
      ['unpaid', 10],
      ['before', 10],
      ['after', to < reference ? 10 : 0],
      ['unplanned', unplanned.length > 0 ? 15 : 0],
    ] as const);
    const category = kind === 'unplanned' ? random.pick(unplanned) : random.weighted(categoryWeights);
    let paymentDay: number | null = random.int(from, to);
    if (kind === 'before') paymentDay = from - random.int(1, 90);
    if (kind === 'after') paymentDay = Math.min(reference, to + random.int(1, 120));
    let invoiceDay = paymentDay - random.int(0, 35);
    if (kind === 'unpaid') {
      invoiceDay = random.int(Math.max(from, to - 60), to);
      paymentDay = null;
    }
    const suppliers = regular[category];
    rows.push({
      number: '',
      invoiceDay,
      paymentDay,
      payee: suppliers ? random.weighted(suppliers) : random.pick(plan.suppliers[category]),
      purpose: purposeText(random, category, paymentDay ?? invoiceDay),
      category,
      amount: 0,
      weight: random.logNormal(1, 1),
    });
  }
  // Amounts: each planned category spends its planned amount times the notice's progress, spread log-normally.
  const weightOf = new Map<CostCategory, number>();
  for (const row of rows) weightOf.set(row.category, (weightOf.get(row.category) ?? 0) + row.weight);
  const average = planned.reduce((sum, line) => sum + line.planned, 0) / count;
  for (const row of rows) {
    const line = planned.find((candidate) => candidate.category === row.category);
    const amount = line
      ? (line.planned * (notice.spending[row.category] ?? 1) * row.weight) / weightOf.get(row.category)!
      : average * row.weight;
    row.amount = Math.max(50, Math.round(amount));
  }
  // Chronological, numbered per booking year as an accounting system numbers them.
  rows.sort((a, b) => (a.paymentDay ?? a.invoiceDay) - (b.paymentDay ?? b.invoiceDay) || a.invoiceDay - b.invoiceDay);
  const serials = new Map<string, number>();
  for (const row of rows) {
    const year = dateOf(row.paymentDay ?? row.invoiceDay).slice(0, 4);
    const serial = (serials.get(year) ?? 0) + 1;
    serials.set(year, serial);
    row.number = `RE-${year}-${pad(serial, 6)}`;
  }

  // Stornos: about 1 % of the receipts.
  const reversals: ReversalPlan[] = [];
  const touched = new Set<number>();
  const reverse = (row: ReceiptRow, reason: string) =>
    reversals.push({
      receiptNumber: row.number,
      reason,
      reversedOn: dateOf(Math.min(reference, (row.paymentDay ?? row.invoiceDay) + random.int(3, 45))),
    });
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i]!;
    if (touched.has(i) || !random.chance(0.01)) continue;
    const kind = random.weighted([
      ['corrected', 40],
      ['duplicate', 30],
      ['credit', 20],
      ['misallocated', 10],
    ] as const);
    touched.add(i);
    if (kind === 'corrected' && i + 1 < rows.length && !touched.has(i + 1)) {
      // The wrong amount is booked first, then reversed, and the right one booked under a new number.
      touched.add(i + 1);
      rows[i + 1] = { ...row, number: `${row.number}-K` };
      row.amount = random.chance(0.5) ? row.amount * 10 : Math.max(50, Math.round(row.amount * random.between(0.3, 1.9)));
      reverse(row, `Betrag falsch erfasst; berichtigt unter Belegnummer ${row.number}-K`);
    } else if (kind === 'duplicate' && i > 0 && !touched.has(i - 1)) {
      const original = rows[i - 1]!;
      rows[i] = { ...original, number: row.number, weight: row.weight };
      reverse(rows[i]!, `Doppelt erfasst: bereits unter Belegnummer ${original.number} gebucht`);
    } else if (kind === 'misallocated') {
      reverse(row, 'Falsche Kostenstelle: die Ausgabe gehört nicht zum Vorhaben');
    } else {
      reverse(row, 'Rechnung storniert, Gutschrift des Lieferanten');
    }
  }

  // One file per booking year (Buchungsexport), split where a year has more rows than one import takes.
  const byYear = new Map<string, string[]>();
  for (const row of rows) {
    const year = dateOf(row.paymentDay ?? row.invoiceDay).slice(0, 4);
    const line = [
      row.number,
      germanDate(dateOf(row.invoiceDay)),
      row.paymentDay === null ? '' : germanDate(dateOf(row.paymentDay)),
      csvField(row.payee),
      csvField(row.purpose),
      CATEGORY_WORD[row.category],
      germanAmount(row.amount),
    ].join(';');
    const lines = byYear.get(year) ?? [];
    lines.push(line);
    byYear.set(year, lines);
  }
  const slug = plan.recipients[notice.recipient]!.short.toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replace(/[^a-z0-9]+/g, '-');
  const files: { name: string; text: string; rows: number }[] = [];
  for (const [year, lines] of [...byYear.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const parts = Math.ceil(lines.length / MAX_IMPORT_ROWS);
    for (let part = 0; part < parts; part += 1) {
      const chunk = lines.slice(part * MAX_IMPORT_ROWS, (part + 1) * MAX_IMPORT_ROWS);
      files.push({
        name: `buchungsexport-${slug}-${year}${parts > 1 ? `-teil-${part + 1}` : ''}.csv`,
        text: `${CSV_HEADER}\r\n${chunk.join('\r\n')}\r\n`,
        rows: chunk.length,
      });
    }
  }
  return { files, reversals };
}

// ---------------------------------------------------------------------------------------------
// Writing the plan through the use cases

const PROGRESS_INTERVAL_MS = 2_000;
const formatCount = (value: number) => value.toLocaleString('en');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Runs `work` for every item with at most `concurrency` at once; the first failure stops the rest. */
async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const index = next;
      next += 1;
      try {
        await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}

function figuresInput(figures: Figures): NoticeFiguresInput {
  return {
    financingType: figures.financingType,
    rate: figures.rateBp === null ? null : new Dec(figures.rateBp).div(10_000),
    eligibleCosts: euro(figures.eligible),
    ownFunds: euro(figures.own),
    thirdPartyFunds: euro(figures.third),
    fixedAmount: figures.fixed === null ? null : euro(figures.fixed),
    approvedAmount: euro(figures.approved),
    approvalPeriod: { start: figures.start, end: figures.end },
    budgetLines: figures.lines.map((line) => ({ category: line.category, planned: euro(line.planned) })),
  };
}

class Writer {
  programId = '';
  readonly timings: GenerationSummary['stages'] = [];
  private readonly recipientIds: string[] = [];
  private readonly cooperationIds: string[] = [];
  private readonly noticeIds: string[] = [];
  private readonly employeeIds: string[] = [];
  private readonly reversals: { notice: number; reversal: ReversalPlan }[] = [];

  constructor(
    private readonly base: Em,
    private readonly plan: DataSetPlan,
    private readonly concurrency: number,
    private readonly onProgress: GenerateOptions['onProgress'],
  ) {}

  /** A fresh unit of work: the identity map never grows with the data set. */
  private em(): Em {
    return this.base.fork();
  }

  private async stage(
    stage: Stage,
    total: number,
    unit: string,
    work: (advance: (count?: number) => void) => Promise<void>,
  ): Promise<void> {
    const started = performance.now();
    let done = 0;
    let reported = started;
    const report = (message: string) => this.onProgress?.(message, { stage, done, total, unit, elapsedMs: performance.now() - started });
    report(`${stage}: ${formatCount(total)} ${unit} …`);
    await work((count = 1) => {
      done += count;
      const now = performance.now();
      if (now - reported < PROGRESS_INTERVAL_MS || done >= total) return;
      reported = now;
      report(
        `${stage}: ${formatCount(done)} of ${formatCount(total)} ${unit} (${Math.floor((done / total) * 100)} %), ${seconds(now - started)}`,
      );
    });
    const ms = performance.now() - started;
    report(`${stage}: ${formatCount(done)} ${unit} in ${seconds(ms)}`);
    this.timings.push({ stage, count: done, unit, ms });
  }

  async write(): Promise<void> {
    await this.stage(
      'master data',
      1 + this.plan.budgets.length + this.plan.recipients.length + this.plan.cooperations.length,
      'records',
      (advance) => this.masterData(advance),
    );
    await this.stage('notices', this.plan.notices.length, 'notices', (advance) => this.notices(advance));
    const amended = this.plan.notices.flatMap((notice, index) => (notice.amendment ? [index] : []));
    await this.stage('amendments', amended.length, 'amendments', (advance) => this.amendments(amended, advance));
    await this.stage(
      'staff costs',
      this.plan.allocations.reduce((sum, run) => sum + monthOf(run.to) - monthOf(run.from) + 1, 0),
      'allocations',
      (advance) => this.staffCosts(advance),
    );
    await this.stage(
      'receipts',
      this.plan.notices.reduce((sum, notice) => sum + notice.receipts, 0),
      'receipts',
      (advance) => this.receipts(advance),
    );
    await this.stage('reversals', this.reversals.length, 'reversals', (advance) => this.receiptReversals(advance));
    await this.stage('shared invoices', this.plan.sharedInvoices.length, 'invoices', (advance) => this.sharedInvoices(advance));
    await this.stage(
      'disbursements',
      this.plan.notices.reduce((sum, notice) => sum + notice.payments.length, 0),
      'payments',
      (advance) => this.disbursements(advance),
    );
    const closing = this.plan.notices.flatMap((notice, index) => (notice.proofOfUseOn ? [index] : []));
    await this.stage('settlements', closing.length, 'notices', (advance) => this.settlements(closing, advance));
    // Complete: the programme gets its name, which tells a later run that the data set is all there.
    const program = await this.em().findOneOrFail(FundingProgram, this.programId);
    await updateFundingProgram(this.em(), system, program.id, program.version, { name: this.plan.programName });
  }

  private async masterData(advance: () => void): Promise<void> {
    const { plan } = this;
    const program = await createFundingProgram(this.em(), system, {
      code: plan.code,
      name: `${plan.programName} – unvollständig`,
      grantingAuthority: 'Thüringer Finanzministerium (TFM)',
      legalBasis: 'Richtlinie zur Förderung von E-Government und IT in Thüringer Kommunen; §§ 23, 44 ThürLHO',
      maxRate: new Dec('0.8'),
      eligibleCategories: [...COST_CATEGORIES],
    });
    this.programId = program.id;
    advance();
    for (const budget of plan.budgets) {
      await setProgramBudget(this.em(), system, program.id, budget.year, euro(budget.amount));
      advance();
    }
    for (const [payGroup] of PAY_GROUPS) {
      for (const year of RATE_YEARS) {
        await setStaffCostRate(this.em(), system, {
          fundingProgramId: program.id,
          payGroup,
          year,
          annualRate: euro(flatRateCents(payGroup, year)),
        });
      }
    }
    // Recipients are master data shared by every programme: one already registered under its AGS is used as it is.
    const existing = await this.em().find(Recipient, { ags: { $in: plan.recipients.map((recipient) => recipient.ags) } });
    const byAgs = new Map(existing.map((recipient) => [recipient.ags, recipient.id]));
    await inParallel(plan.recipients, this.concurrency, async (recipient, index) => {
      this.recipientIds[index] =
        byAgs.get(recipient.ags) ??
        (
          await createRecipient(this.em(), system, {
            name: recipient.name,
            kind: recipient.kind,
            ags: recipient.ags,
            population: recipient.population,
          })
        ).id;
      advance();
    });
    for (const cooperation of plan.cooperations) {
      const created = await createCooperation(this.em(), system, {
        name: cooperation.name,
        agreement: cooperation.agreement,
        purpose: cooperation.purpose,
      });
      this.cooperationIds.push(created.id);
      for (const member of cooperation.members) {
        await addCooperationMember(this.em(), system, {
          cooperationId: created.id,
          recipientId: this.recipientIds[member.recipient]!,
          isLead: member.isLead,
          joinedOn: member.joinedOn,
          resolutions: [member.resolution],
        });
      }
      advance();
    }
  }

  private async notices(advance: () => void): Promise<void> {
    const byYear = new Map<string, number[]>();
    this.plan.notices.forEach((notice, index) => {
      const year = notice.noticeDate.slice(0, 4);
      if (!byYear.has(year)) byYear.set(year, []);
      byYear.get(year)!.push(index);
    });
    // Each notice locks its budget year's row: the years side by side, each year's notices one after the other.
    await inParallel([...byYear.values()], this.concurrency, async (indexes) => {
      for (const index of indexes) {
        this.noticeIds[index] = await this.notice(this.plan.notices[index]!);
        advance();
      }
    });
  }

  /** Projekt, Förderantrag and Bescheid of one notice. */
  private async notice(notice: NoticePlan): Promise<string> {
    const project = await createProject(this.em(), system, {
      recipientId: this.recipientIds[notice.recipient]!,
      cooperationId: notice.cooperation === null ? null : this.cooperationIds[notice.cooperation]!,
      title: notice.title,
      description: notice.description,
    });
    const figures = figuresInput(notice.initial);
    const application = await createGrantApplication(this.em(), system, {
      fundingProgramId: this.programId,
      projectId: project.id,
      reference: notice.applicationReference,
      submittedOn: notice.submittedOn,
      requestedAmount: euro(notice.requested),
      financingType: notice.initial.financingType,
      status: 'APPROVED',
      lines: figures.budgetLines,
    });
    const created = await createGrantNotice(this.em(), system, {
      ...figures,
      reference: notice.reference,
      noticeDate: notice.noticeDate,
      fundingProgramId: this.programId,
      projectId: project.id,
      applicationId: application.id,
    });
    return created.id;
  }

  private async amendments(amended: number[], advance: () => void): Promise<void> {
    for (const index of amended) {
      const notice = this.plan.notices[index]!;
      const current = await this.em().findOneOrFail(GrantNotice, this.noticeIds[index]!);
      await amendGrantNotice(this.em(), system, current.id, current.version, {
        ...figuresInput(notice.final),
        reference: notice.amendment!.reference,
        amendmentDate: notice.amendment!.date,
        reason: notice.amendment!.reason,
      });
      advance();
    }
  }

  private async staffCosts(advance: (count?: number) => void): Promise<void> {
    for (const employee of this.plan.employees) {
      const created = await createEmployee(this.em(), system, {
        employerId: this.recipientIds[employee.recipient]!,
        name: employee.name,
        payGroup: employee.payGroup,
      });
      this.employeeIds.push(created.id);
    }
    await inParallel(this.plan.allocations, this.concurrency, async (run) => {
      const employee = this.plan.employees[run.employee]!;
      const share = new Dec(run.shareBp).div(10_000);
      const allocations = await allocateStaff(this.em(), system, {
        employeeId: this.employeeIds[run.employee]!,
        grantNoticeId: this.noticeIds[run.notice]!,
        from: run.from,
        to: run.to,
        method: run.method,
        ...(run.method === 'HOURS'
          ? {
              projectHours: share.times(run.workingHours!),
              workingHours: new Dec(run.workingHours!),
              employerCost: euro(employee.monthlyCost),
            }
          : run.method === 'ACTUAL'
            ? { share, employerCost: euro(employee.monthlyCost) }
            : { share }),
      });
      advance(allocations.length);
    });
  }

  /** Belege through the import of accounting exports, the largest grants first so that they do not finish last. */
  private async receipts(advance: (count?: number) => void): Promise<void> {
    const order = this.plan.notices
      .map((notice, index) => ({ index, receipts: notice.receipts }))
      .filter((entry) => entry.receipts > 0)
      .sort((a, b) => b.receipts - a.receipts || a.index - b.index);
    await inParallel(order, this.concurrency, async ({ index }) => {
      const { files, reversals } = receiptFiles(this.plan, index);
      for (const file of files) {
        let booked = 0;
        const report = await importReceipts(
          this.em(),
          system,
          this.noticeIds[index]!,
          { name: file.name, bytes: new TextEncoder().encode(file.text) },
          {
            dryRun: false,
            onProgress: (rows, progress) => {
              if (progress.stage !== 'booking') return;
              advance(rows - booked);
              booked = rows;
            },
          },
        );
        if (!report.imported) {
          const problems = report.problems
            .slice(0, 5)
            .map((problem) => `row ${problem.row} ${problem.column}: ${problem.problem}`)
            .join('; ');
          throw new Error(`The generated file ${file.name} of ${this.plan.notices[index]!.reference} was refused: ${problems}`);
        }
        advance(file.rows - booked);
      }
      for (const reversal of reversals) this.reversals.push({ notice: index, reversal });
    });
    // The order of the workers' finishing must not decide anything.
    this.reversals.sort((a, b) => a.notice - b.notice || (a.reversal.receiptNumber < b.reversal.receiptNumber ? -1 : 1));
  }

  private async receiptReversals(advance: () => void): Promise<void> {
    const byNotice = new Map<number, ReversalPlan[]>();
    for (const { notice, reversal } of this.reversals) {
      if (!byNotice.has(notice)) byNotice.set(notice, []);
      byNotice.get(notice)!.push(reversal);
    }
    await inParallel([...byNotice.entries()], this.concurrency, async ([notice, reversals]) => {
      const receipts = await this.em().find(
        Expenditure,
        { notice: this.noticeIds[notice]!, receiptNumber: { $in: reversals.map((reversal) => reversal.receiptNumber) } },
        { fields: ['id', 'receiptNumber'] },
      );
      const idOf = new Map(receipts.map((receipt) => [receipt.receiptNumber, receipt.id]));
      for (const reversal of reversals) {
        await reverseExpenditure(this.em(), system, idOf.get(reversal.receiptNumber)!, {
          reason: reversal.reason,
          reversedOn: reversal.reversedOn,
        });
        advance();
      }
    });
  }

  private async sharedInvoices(advance: () => void): Promise<void> {
    for (const invoice of this.plan.sharedInvoices) {
      await recordSharedInvoice(this.em(), system, {
        cooperationId: this.cooperationIds[invoice.cooperation]!,
        fundingProgramId: this.programId,
        category: invoice.category,
        receiptNumber: invoice.receiptNumber,
        invoiceDate: invoice.invoiceDate,
        paymentDate: invoice.paymentDate,
        payee: invoice.payee,
        purpose: invoice.purpose,
        totalAmount: euro(invoice.total),
        allocationKey: invoice.key,
        members: invoice.members.map((member) => ({
          grantNoticeId: this.noticeIds[member.notice]!,
          fixedShare: member.fixedShareBp === null ? null : new Dec(member.fixedShareBp).div(10_000),
        })),
      });
      advance();
    }
  }

  /** Mittelabruf, submitted, paid; per notice in date order, notices side by side. */
  private async disbursements(advance: () => void): Promise<void> {
    const indexes = this.plan.notices.flatMap((notice, index) => (notice.payments.length + notice.openRequests.length > 0 ? [index] : []));
    await inParallel(indexes, this.concurrency, async (index) => {
      const notice = this.plan.notices[index]!;
      const grantNoticeId = this.noticeIds[index]!;
      for (const payment of notice.payments) {
        const amount = euro(payment.amount);
        const request = await createDisbursementRequest(this.em(), system, {
          grantNoticeId,
          requestedOn: payment.requestedOn,
          amount,
          purpose: payment.purpose,
        });
        await updateDisbursementRequest(this.em(), system, request.id, request.version, { status: 'SUBMITTED' });
        const paid = await recordPayment(this.em(), system, { grantNoticeId, paidOn: payment.paidOn, amount, requestId: request.id });
        if (payment.reversal) await reversePayment(this.em(), system, paid.id, payment.reversal);
        advance();
      }
      for (const open of notice.openRequests) {
        const request = await createDisbursementRequest(this.em(), system, {
          grantNoticeId,
          requestedOn: open.requestedOn,
          amount: euro(open.amount),
          purpose: open.purpose,
        });
        if (open.status !== 'DRAFT') {
          await updateDisbursementRequest(this.em(), system, request.id, request.version, { status: open.status });
        }
      }
    });
  }

  /** Verwendungsnachweis received (with the actual third-party funds), and for a few the final settlement. */
  private async settlements(closing: number[], advance: () => void): Promise<void> {
    await inParallel(closing, this.concurrency, async (index) => {
      const notice = this.plan.notices[index]!;
      const current = await this.em().findOneOrFail(GrantNotice, this.noticeIds[index]!);
      await updateGrantNotice(this.em(), system, current.id, current.version, {
        proofOfUseSubmittedOn: notice.proofOfUseOn,
        actualThirdPartyFunds: notice.actualThirdParty === null ? null : euro(notice.actualThirdParty),
      });
      if (notice.settleOn) await finaliseSettlement(this.em(), system, current.id, notice.settleOn);
      advance();
    });
  }
}

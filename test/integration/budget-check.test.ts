// Receipts and the budget check (Rules 2 and 3) on a real database, with figures worked out by hand.
// Lines come in the order of the cost categories (STAFF, CONSULTING, SOFTWARE, …).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Access } from '../../src/services/access.js';
import { recordExpenditures, reverseExpenditure, type ExpenditureInput } from '../../src/services/expenditures.js';
import { budgetCheckOf } from '../../src/services/budget-check.js';
import { receiptsOf } from '../../src/services/receipt-list.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { DomainInputError } from '../../src/domain/errors.js';
import { budgetYears } from '../../src/services/programs.js';
import { GrantNotice, Expenditure } from '../../src/entities/index.js';
import type { CostCategory } from '../../src/domain/enums.js';
import { openTestOrm, type TestOrm } from '../support/database.js';
import { d, district, programme, projectOf, uniqueReference } from '../support/factories.js';

const system = Access.system();
let db: TestOrm;
let programId: string;
let projectId: string;
const fork = () => db.orm.em.fork();

/** A notice with SOFTWARE 10,000.00 and CONSULTING 10,000.00 planned, approval period 2021. */
async function notice(): Promise<GrantNotice> {
  return createGrantNotice(fork(), system, {
    reference: uniqueReference(),
    noticeDate: '2021-01-15',
    fundingProgramId: programId,
    projectId,
    financingType: 'SHARE',
    rate: d('0.8'),
    eligibleCosts: d('20000.00'),
    approvedAmount: d('16000.00'),
    approvalPeriod: { start: '2021-01-01', end: '2021-12-31' },
    budgetLines: [
      { category: 'SOFTWARE', planned: d('10000.00') },
      { category: 'CONSULTING', planned: d('10000.00') },
    ],
  });
}

let serial = 0;
function receipt(category: CostCategory, amount: string, paymentDate: string | null = '2021-06-30'): ExpenditureInput {
  serial += 1;
  return {
    receiptNumber: `RE-${serial}`,
    invoiceDate: '2021-06-01',
    paymentDate,
    payee: 'Müller IT GmbH',
    purpose: 'Lizenzen',
    category,
    amount: d(amount),
  };
}

async function check(target: GrantNotice) {
  const result = await budgetCheckOf(fork(), await fork().findOneOrFail(GrantNotice, target.id));
  return {
    lines: result.lines.map((line) => [line.category, line.actual.toFixed(2), line.recognised.toFixed(2), line.withinTolerance]),
    actualTotal: result.actualTotal.toFixed(2),
    recognisedTotal: result.recognisedTotal.toFixed(2),
    excluded: result.excluded.map((entry) => [entry.expenditure.receiptNumber, entry.reason]),
  };
}

beforeAll(async () => {
  db = await openTestOrm();
  programId = (await programme(fork(), { 2021: '20000000.00' })).id;
  projectId = (await projectOf(fork(), (await district(fork())).id)).id;
});

afterAll(async () => {
  await db.close();
});

describe('budget check (Rule 3)', () => {
  it('recognises an overrun within 20 % as far as another line is under plan', async () => {
    const target = await notice();
    await recordExpenditures(fork(), system, target.id, [receipt('SOFTWARE', '11500.00'), receipt('CONSULTING', '8000.00')]);
    // SOFTWARE 11,500 ≤ 12,000 (120 %) is recognised in full; total 19,500 ≤ 20,000.
    expect(await check(target)).toMatchObject({
      lines: [
        ['CONSULTING', '8000.00', '8000.00', true],
        ['SOFTWARE', '11500.00', '11500.00', true],
      ],
      actualTotal: '19500.00',
      recognisedTotal: '19500.00',
    });
  });

  it('caps an overrun beyond 20 % at 120 % of the line', async () => {
    const target = await notice();
    await recordExpenditures(fork(), system, target.id, [receipt('SOFTWARE', '13000.00'), receipt('CONSULTING', '5000.00')]);
    // min(13,000, 10,000 × 1.2) = 12,000; 12,000 + 5,000 = 17,000.
    expect(await check(target)).toMatchObject({
      lines: [
        ['CONSULTING', '5000.00', '5000.00', true],
        ['SOFTWARE', '13000.00', '12000.00', false],
      ],
      actualTotal: '18000.00',
      recognisedTotal: '17000.00',
    });
  });

  it('caps the total at the planned total', async () => {
    const target = await notice();
    await recordExpenditures(fork(), system, target.id, [receipt('SOFTWARE', '11800.00'), receipt('CONSULTING', '10500.00')]);
    // 11,800 + 10,500 = 22,300 recognised line by line, but the plan's 20,000 is binding.
    expect(await check(target)).toMatchObject({ actualTotal: '22300.00', recognisedTotal: '20000.00' });
  });
});

describe('eligibility (Rule 2)', () => {
  it('keeps a receipt paid one day after the approval period, lists it as not counted, and counts the last day', async () => {
    const target = await notice();
    await recordExpenditures(fork(), system, target.id, [
      receipt('SOFTWARE', '1000.00', '2021-12-31'),
      receipt('SOFTWARE', '2000.00', '2022-01-01'),
    ]);
    const result = await budgetCheckOf(fork(), await fork().findOneOrFail(GrantNotice, target.id));
    expect(result.lines.find((line) => line.category === 'SOFTWARE')!.actual.toFixed(2)).toBe('1000.00');
    expect(result.excludedCount).toBe(1);
    expect(result.excluded[0]!.reason).toBe('PAID_AFTER_PERIOD');
    expect(result.excluded[0]!.explanation).toBe('Bezahlt am 01.01.2022, nach dem Ende des Bewilligungszeitraums am 31.12.2021.');
  });

  it('lists unpaid receipts and categories without a budget line as not counted', async () => {
    const target = await notice();
    await recordExpenditures(fork(), system, target.id, [receipt('HARDWARE', '500.00'), receipt('SOFTWARE', '700.00', null)]);
    const result = await check(target);
    expect(result.actualTotal).toBe('0.00');
    expect(result.excluded.map(([, reason]) => reason).sort()).toEqual(['CATEGORY_NOT_PLANNED', 'NOT_PAID']);
  });

  it('restores the earlier figures when a receipt is reversed, and keeps it in the list', async () => {
    const target = await notice();
    await recordExpenditures(fork(), system, target.id, [receipt('CONSULTING', '4000.00')]);
    const before = await check(target);
    const [wrong] = await recordExpenditures(fork(), system, target.id, [receipt('CONSULTING', '3000.00')]);
    expect((await check(target)).actualTotal).toBe('7000.00');
    await reverseExpenditure(fork(), system, wrong!.id, { reason: 'Doppelt erfasst', reversedOn: '2021-07-01' });
    const after = await check(target);
    expect(after.lines).toEqual(before.lines);
    expect(after.excluded).toEqual([[wrong!.receiptNumber, 'REVERSED']]);
    await expect(reverseExpenditure(fork(), system, wrong!.id, { reason: 'Nochmal', reversedOn: '2021-07-02' })).rejects.toThrow(
      'ist bereits storniert',
    );
    const list = await receiptsOf(fork(), await fork().findOneOrFail(GrantNotice, target.id), { first: 10 });
    expect(list.rows.map((row) => [row.amount.toFixed(2), row.reversed])).toEqual([
      ['4000.00', false],
      ['3000.00', true],
    ]);
    expect(list.totalAmount.toFixed(2)).toBe('7000.00');
  });
});

describe('booking receipts', () => {
  it('refuses an eligible amount above the amount and books nothing of the batch', async () => {
    const target = await notice();
    const before = await fork().count(Expenditure, { notice: target.id });
    const error = await recordExpenditures(fork(), system, target.id, [
      receipt('SOFTWARE', '100.00'),
      { ...receipt('SOFTWARE', '100.00'), eligibleAmount: d('100.01') },
    ]).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DomainInputError);
    expect((error as DomainInputError).field).toBe('rows.1.eligibleAmount');
    expect(await fork().count(Expenditure, { notice: target.id })).toBe(before);
  });
});

describe('programme budget per year', () => {
  it('shows as spent what counts under Rule 2, next to what is committed', async () => {
    const ownProgramme = (await programme(fork(), { 2021: '100000.00' })).id;
    const own = await createGrantNotice(fork(), system, {
      reference: uniqueReference(),
      noticeDate: '2021-02-01',
      fundingProgramId: ownProgramme,
      projectId,
      financingType: 'SHARE',
      rate: d('0.8'),
      eligibleCosts: d('10000.00'),
      approvedAmount: d('8000.00'),
      approvalPeriod: { start: '2021-01-01', end: '2021-12-31' },
      budgetLines: [{ category: 'SOFTWARE', planned: d('10000.00') }],
    });
    // Counted: 1,200.00 + 800.00; not: one paid in 2022, one of a category without a line, one reversed.
    const [, , , , reversed] = await recordExpenditures(fork(), system, own.id, [
      receipt('SOFTWARE', '1200.00'),
      receipt('SOFTWARE', '800.00'),
      receipt('SOFTWARE', '500.00', '2022-01-01'),
      receipt('TRAVEL', '300.00'),
      receipt('SOFTWARE', '50.00'),
    ]);
    await reverseExpenditure(fork(), system, reversed!.id, { reason: 'Falsch', reversedOn: '2021-07-01' });
    const [year] = await budgetYears(fork(), ownProgramme);
    expect([year!.year, year!.budget.toFixed(2), year!.committed.toFixed(2), year!.available.toFixed(2), year!.spent.toFixed(2)]).toEqual([
      2021,
      '100000.00',
      '8000.00',
      '92000.00',
      '2000.00',
    ]);
  });
});

describe('the Belegliste', () => {
  it('pages through all rows in booking order, each row once, with the totals of all rows', async () => {
    const target = await notice();
    const booked = await recordExpenditures(
      fork(),
      system,
      target.id,
      ['10.00', '20.00', '30.00', '40.00', '50.00'].map((amount) => receipt('SOFTWARE', amount)),
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages += 1) {
      const page = await receiptsOf(fork(), await fork().findOneOrFail(GrantNotice, target.id), { first: 2, after });
      expect(page.totalCount).toBe(5);
      expect(page.totalAmount.toFixed(2)).toBe('150.00');
      seen.push(...page.rows.map((row) => row.id));
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    expect(seen).toEqual(booked.map((expenditure) => expenditure.id));
  });
});

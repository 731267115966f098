// The Belegliste sorted, filtered and searched over HTTP, on the demonstration notice of the
// Kyffhäuserkreis: 12 rows over 61,510.00 €, of which the reversed duplicate KYF-2020-102 (8,900.00 €)
// and KYF-2022-007 (1,200.00 €, paid after the approval period) do not count.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken, type LocalTokenRequest } from '../../src/http/authentication.js';
import { startService, type RunningService } from '../../src/server.js';
import { postGraphQL, testConfig, type GraphQLResponse } from '../support/api.js';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-register-receipt-list-'));
let service: RunningService;
let noticeId: string;

interface List {
  totalCount: number;
  totalAmount: string;
  hasNextPage: boolean;
  rows: { receiptNumber: string; paymentDate: string; payee: string; amount: string; reversed: boolean; exclusionReason: string | null }[];
}

const OFFICER: Omit<LocalTokenRequest, 'subject'> = { role: 'FINANCE_OFFICER', recipients: ['16065'] };

async function call(
  token: Omit<LocalTokenRequest, 'subject'>,
  args: string,
): Promise<GraphQLResponse<{ grantNotice: { receipts: List } }>> {
  const bearer = await signLocalToken(path.join(tempDir, 'auth-secret'), { subject: `test-${token.role}`, ...token });
  return postGraphQL(
    service.url,
    `query ($id: ID!) { grantNotice(id: $id) { receipts(${args}) {
       totalCount totalAmount hasNextPage rows { receiptNumber paymentDate payee amount reversed exclusionReason } } } }`,
    { id: noticeId },
    bearer,
  );
}

async function list(args: string, token: Omit<LocalTokenRequest, 'subject'> = OFFICER) {
  const response = await call(token, args);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const receipts = response.data!.grantNotice.receipts;
  return {
    totalCount: receipts.totalCount,
    totalAmount: receipts.totalAmount,
    hasNextPage: receipts.hasNextPage,
    rows: receipts.rows.map((row) => `${row.receiptNumber} ${row.amount}${row.exclusionReason ? ` ${row.exclusionReason}` : ''}`),
  };
}

beforeAll(async () => {
  service = await startService(testConfig({ kind: 'pglite', dataDir: path.join(tempDir, 'pglite') }, tempDir), pino({ level: 'silent' }));
  const bearer = await signLocalToken(path.join(tempDir, 'auth-secret'), { subject: 'test-officer', ...OFFICER });
  const notices = await postGraphQL<{ grantNotices: { edges: { node: { id: string } }[] } }>(
    service.url,
    '{ grantNotices { edges { node { id } } } }',
    undefined,
    bearer,
  );
  noticeId = notices.data!.grantNotices.edges[0]!.node.id;
});

afterAll(async () => {
  await service?.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('the Belegliste', () => {
  it('sorts the whole list by every column, both ways, as the rows in booking order sorted by hand', async () => {
    const all = (await list('first: 100')).rows;
    expect(all).toHaveLength(12);
    // The three largest: KYF-2020-101 over 12,400.00 €, the reversed KYF-2020-102 over 8,900.00 €, then the rest.
    expect((await list('orderBy: { field: AMOUNT, descending: true }, first: 2')).rows).toEqual([
      'KYF-2020-101 12400.00',
      'KYF-2020-102 8900.00 REVERSED',
    ]);
    const full = (await call(OFFICER, 'first: 100')).data!.grantNotice.receipts.rows;
    const keys: Record<string, (row: List['rows'][number]) => string | number> = {
      RECEIPT_NUMBER: (row) => row.receiptNumber,
      // Staff rows have no payee to sort by: the employee's name that the officer sees is personal data.
      PAYEE: (row) => (row.receiptNumber.startsWith('PERS-') ? '' : row.payee),
      AMOUNT: (row) => Number(row.amount),
      PAYMENT_DATE: (row) => row.paymentDate,
    };
    for (const [field, key] of Object.entries(keys)) {
      for (const descending of [false, true]) {
        // Pages of 5 read by position add up to the whole list in the order of the key (ties by booking).
        const pages: string[] = [];
        for (let offset = 0; offset < 12; offset += 5) {
          const page = await list(`orderBy: { field: ${field}, descending: ${descending} }, first: 5, offset: ${offset}`);
          expect(page).toMatchObject({ totalCount: 12, totalAmount: '61510.00', hasNextPage: offset + 5 < 12 });
          pages.push(...page.rows);
        }
        const byBooking = full.map((row, index) => ({ row, index, text: all[index]! }));
        const expected = [...byBooking]
          .sort((a, b) => {
            const [x, y] = [key(a.row), key(b.row)];
            const order = x < y ? -1 : x > y ? 1 : a.index - b.index;
            return descending ? -order : order;
          })
          .map((entry) => entry.text);
        expect(pages, `${field} ${descending ? 'descending' : 'ascending'}`).toEqual(expected);
      }
    }
  });

  it('filters the rows that do not count, with the count and sum of what matches', async () => {
    expect(await list('filter: { counts: false }')).toEqual({
      totalCount: 2,
      totalAmount: '10100.00',
      hasNextPage: false,
      rows: ['KYF-2022-007 1200.00 PAID_AFTER_PERIOD', 'KYF-2020-102 8900.00 REVERSED'],
    });
    expect(await list('filter: { exclusionReason: REVERSED }')).toMatchObject({ totalCount: 1, totalAmount: '8900.00' });
    // 12 rows less the 2: 61,510.00 − 10,100.00 = 51,410.00, the recognised total of the budget check.
    expect(await list('first: 0, filter: { counts: true }')).toMatchObject({ totalCount: 10, totalAmount: '51410.00', hasNextPage: true });
  });

  it('sorts by amount within a category, equal amounts in the order of booking reversed', async () => {
    expect(await list('filter: { category: SOFTWARE }, orderBy: { field: AMOUNT, descending: true }')).toEqual({
      totalCount: 3,
      totalAmount: '19000.00',
      hasNextPage: false,
      rows: ['KYF-2020-102 8900.00 REVERSED', 'KYF-2020-102 8900.00', 'KYF-2022-007 1200.00 PAID_AFTER_PERIOD'],
    });
  });

  it('pages by position through a sorted list', async () => {
    const byPayment = 'orderBy: { field: PAYMENT_DATE, descending: true }, first: 3';
    expect(await list(byPayment)).toEqual({
      totalCount: 12,
      totalAmount: '61510.00',
      hasNextPage: true,
      rows: ['KYF-2022-007 1200.00 PAID_AFTER_PERIOD', 'PERS-2020-12 4160.00', 'PERS-2020-11 4160.00'],
    });
    // Paid on 15.09.2020 both: the shared invoice's part ST-2020-001, booked after KYF-2020-103, comes first.
    expect((await list(`${byPayment}, offset: 3`)).rows).toEqual(['PERS-2020-10 4160.00', 'PERS-2020-09 4160.00', 'ST-2020-001 3500.00']);
    expect(await list(`${byPayment}, offset: 12`)).toMatchObject({ totalCount: 12, hasNextPage: false, rows: [] });
  });

  it('searches the receipt number, the payee and the purpose in any case, and an amount in German notation', async () => {
    expect(await list('filter: { search: "softwarehaus" }')).toMatchObject({ totalCount: 3, totalAmount: '19000.00' });
    expect(await list('filter: { search: "8.900,00" }')).toMatchObject({ totalCount: 2, totalAmount: '17800.00' });
    expect(await list('filter: { search: "3500" }')).toMatchObject({ rows: ['ST-2020-001 3500.00'] });
    expect(await list('filter: { search: "PERS-2020-1" }')).toMatchObject({
      totalCount: 3,
      totalAmount: '12480.00',
      rows: ['PERS-2020-10 4160.00', 'PERS-2020-11 4160.00', 'PERS-2020-12 4160.00'],
    });
    // A percent sign is searched for as such, not as a wildcard.
    expect(await list('filter: { search: "%" }')).toMatchObject({ totalCount: 0, rows: [] });
  });

  it('never finds a staff row by the employee’s name, which not every reader may see', async () => {
    expect(await list('filter: { search: "Hartmann" }')).toMatchObject({ totalCount: 0 });
    expect(await list('filter: { search: "Hartmann" }', { role: 'AUDITOR' })).toMatchObject({ totalCount: 0 });
  });

  it('refuses a cursor with a sorted list, a negative offset and an overlong search, naming the field', async () => {
    const refusal = async (args: string) => {
      const response = await call(OFFICER, args);
      return response.errors?.map((error) => [error.extensions?.reason, error.extensions?.field, error.message]);
    };
    expect(await refusal('after: "x", orderBy: { field: AMOUNT }')).toEqual([
      [
        'INVALID_CURSOR',
        'after',
        'Ein Seitenzeiger ("after") gilt nur für die Belegliste in Buchungsfolge; sortiert oder gefiltert bitte "offset" verwenden.',
      ],
    ]);
    expect(await refusal('offset: -1')).toEqual([['INVALID_PAGE_SIZE', 'offset', '"offset" muss eine ganze Zahl ab 0 sein.']]);
    expect(await refusal(`filter: { search: "${'x'.repeat(201)}" }`)).toEqual([
      ['TEXT_TOO_LONG', 'search', 'Der Suchbegriff darf höchstens 200 Zeichen lang sein.'],
    ]);
  });
});

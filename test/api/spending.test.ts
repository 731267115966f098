// The budget check and the Belegliste over HTTP, on the demonstration data of the service team.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken, type LocalTokenRequest } from '../../src/http/authentication.js';
import { startService, type RunningService } from '../../src/server.js';
import { postGraphQL, testConfig } from '../support/api.js';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-register-spending-'));
let service: RunningService;

async function as<T>(token: Omit<LocalTokenRequest, 'subject'>, query: string): Promise<T> {
  const bearer = await signLocalToken(path.join(tempDir, 'auth-secret'), { subject: `test-${token.role}`, ...token });
  const response = await postGraphQL<T>(service.url, query, undefined, bearer);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

interface Notices {
  grantNotices: {
    edges: {
      node: {
        reference: string;
        budgetCheck: {
          lines: { category: string; planned: string; actual: string; recognised: string; withinTolerance: boolean }[];
          actualTotal: string;
          recognisedTotal: string;
          excluded: { reason: string; expenditure: { receiptNumber: string } }[];
        };
        receipts: { totalCount: number; rows: { kind: string; payee: string; purpose: string; amount: string }[] };
      };
    }[];
  };
}

const QUERY = `{ grantNotices(filter: { status: APPROVED }) { edges { node { reference
  budgetCheck { lines { category planned actual recognised withinTolerance } actualTotal recognisedTotal excluded { reason expenditure { receiptNumber } } }
  receipts(first: 100) { totalCount rows { kind payee purpose amount } } } } } }`;

beforeAll(async () => {
  service = await startService(testConfig({ kind: 'pglite', dataDir: path.join(tempDir, 'pglite') }, tempDir), pino({ level: 'silent' }));
});

afterAll(async () => {
  await service?.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('the Kyffhäuserkreis notice as its finance officer sees it', () => {
  it('counts receipts, staff costs and its half of the joint purchase, and lists what does not count', async () => {
    const data = await as<Notices>({ role: 'FINANCE_OFFICER', recipients: ['16065'] }, QUERY);
    expect(data.grantNotices.edges).toHaveLength(1);
    const { budgetCheck, receipts } = data.grantNotices.edges[0]!.node;
    // Staff: 5,200.00 × 0.8 = 4,160.00 a month, July to December 2020 = 24,960.00;
    // hardware: half of the 7,000.00 scanners = 3,500.00.
    expect(budgetCheck.lines.map((line) => [line.category, line.planned, line.actual, line.recognised])).toEqual([
      ['STAFF', '120000.00', '24960.00', '24960.00'],
      ['CONSULTING', '30000.00', '12400.00', '12400.00'],
      ['SOFTWARE', '20000.00', '8900.00', '8900.00'],
      ['HARDWARE', '8265.04', '3500.00', '3500.00'],
      ['TRAINING', '3000.00', '1650.00', '1650.00'],
    ]);
    // 24,960 + 12,400 + 8,900 + 3,500 + 1,650 = 51,410.00
    expect([budgetCheck.actualTotal, budgetCheck.recognisedTotal]).toEqual(['51410.00', '51410.00']);
    expect(budgetCheck.excluded.map((entry) => [entry.expenditure.receiptNumber, entry.reason])).toEqual([
      ['KYF-2022-007', 'PAID_AFTER_PERIOD'],
      ['KYF-2020-102', 'REVERSED'],
    ]);
    const staff = receipts.rows.filter((row) => row.kind === 'STAFF');
    expect(staff).toHaveLength(6);
    expect(staff[0]).toEqual({
      kind: 'STAFF',
      payee: 'Jonas Hartmann',
      purpose: 'Personalausgaben 07/2020 (Anteil 0,8)',
      amount: '4160.00',
    });
  });
});

describe('the service team as its lead sees it', () => {
  it('sees every member’s budget check but no employee’s name or share', async () => {
    const { cooperations } = await as<{ cooperations: { edges: { node: { id: string; name: string } }[] } }>(
      { role: 'AUDITOR' },
      '{ cooperations { edges { node { id name } } } }',
    );
    const team = cooperations.edges.find((edge) => edge.node.name.includes('Serviceteam'))!.node.id;
    const { fundingPrograms } = await as<{ fundingPrograms: { edges: { node: { id: string } }[] } }>(
      { role: 'AUDITOR' },
      '{ fundingPrograms { edges { node { id } } } }',
    );
    const lead = { role: 'TEAM_LEAD' as const, cooperation: team };
    const overview = await as<{ cooperation: { budgetOverview: { ags: string; budgetCheck: { actualTotal: string } }[] } }>(
      lead,
      `{ cooperation(id: "${team}") { budgetOverview(fundingProgramId: "${fundingPrograms.edges[0]!.node.id}") { ags budgetCheck { actualTotal } } } }`,
    );
    // Unstrut-Hainich-Kreis: 4,800 + 640 receipts + 12 × 5,700.00 flat-rate staff (68,400 / 12) + 3,500 scanners = 77,340.00.
    expect(overview.cooperation.budgetOverview).toEqual([
      { ags: '16064', budgetCheck: { actualTotal: '77340.00' } },
      { ags: '16065', budgetCheck: { actualTotal: '51410.00' } },
    ]);
    const data = await as<Notices>(lead, QUERY);
    const staffRows = data.grantNotices.edges.flatMap((edge) => edge.node.receipts.rows.filter((row) => row.kind === 'STAFF'));
    expect(staffRows.length).toBe(18);
    expect(new Set(staffRows.map((row) => row.payee))).toEqual(new Set(['Personalausgaben']));
    expect(staffRows.some((row) => row.purpose.includes('Anteil'))).toBe(false);
  });
});

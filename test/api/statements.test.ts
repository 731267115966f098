// Every GraphQL request costs a bounded number of SQL statements, whatever the page size: nested
// fields of many nodes are loaded in batches (dataloaders) and figures are aggregated in SQL. Counted
// on the demonstration data, one node against every node of a list.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '../../src/http/authentication.js';
import { startService, type RunningService } from '../../src/server.js';
import { postGraphQL, testConfig } from '../support/api.js';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-register-statements-'));
let service: RunningService;
let auditor: string;

/** Statements one request sends, and the nodes it listed. */
async function statementsOf(query: string, variables: Record<string, unknown>): Promise<{ statements: number; data: unknown }> {
  const response = await postGraphQL(service.url, query, variables, auditor);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  expect(response.sqlStatements).toEqual(expect.any(Number));
  return { statements: response.sqlStatements!, data: response.data };
}

const NOTICES = `query Notices($first: Int) {
  grantNotices(first: $first) {
    totalCount
    edges { node {
      id reference status approvedAmount rate budgetYear proofOfUseDue proofOfUseOverdue proofOfUseReportPath
      approvalPeriod { start end }
      budgetLines { category planned }
      versions { versionNo approvedAmount budgetLines { category planned } amendment { id } }
      recipient { id name ags }
      project { id title cooperation { id name } }
      fundingProgram { id code budgetYears { year budget committed } }
      application { id }
      budgetCheck {
        plannedTotal actualTotal recognisedTotal excludedCount
        lines { category planned actual recognised withinTolerance }
        excluded { reason explanation expenditure { id receiptNumber reversal { id } } }
      }
      settlement(asOf: "2022-06-30") { finalised finalGrant paidTotal balance interest { amount warnings portions { amount } } }
      disbursementRequests { id amount payments { id amount } }
      payments { id amount paidOn request { id } reversal { id } }
      receipts(first: 5) { totalCount totalAmount rows { id kind payee exclusionReason } }
    } }
  }
}`;

beforeAll(async () => {
  service = await startService(testConfig({ kind: 'pglite', dataDir: path.join(tempDir, 'pglite') }, tempDir), pino({ level: 'silent' }));
  auditor = await signLocalToken(path.join(tempDir, 'auth-secret'), { subject: 'test-auditor', role: 'AUDITOR' });
});

afterAll(async () => {
  await service?.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('SQL statements per GraphQL request', () => {
  it('do not grow with the page size: grant notices with every nested field', async () => {
    const one = await statementsOf(NOTICES, { first: 1 });
    const all = await statementsOf(NOTICES, { first: 100 });
    const listed = (all.data as { grantNotices: { edges: unknown[] } }).grantNotices.edges.length;
    expect(listed).toBeGreaterThan(1);
    console.log(`grant notices: ${one.statements} statements for 1 notice, ${all.statements} for ${listed}`);
    expect(all.statements).toBe(one.statements);
  });
});

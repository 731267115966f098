// The embedded database on disk across a restart: the demonstration data is loaded once, and what was written survives.
import { demoBudgetYears } from '../../src/services/demo-data.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '../../src/http/authentication.js';
import { startService, type RunningService } from '../../src/server.js';
import { testConfig } from '../support/api.js';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-register-restart-'));
// A directory that does not exist yet, as on a first start of the service.
const dataDir = path.join(tempDir, 'pglite');
let running: RunningService | undefined;

afterAll(async () => {
  await running?.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

async function start(): Promise<RunningService> {
  running = await startService(testConfig({ kind: 'pglite', dataDir }, tempDir), pino({ level: 'silent' }));
  return running;
}

/** An administrator reads everything and maintains recipients; the secret lies beside the data. */
function adminToken(): Promise<string> {
  return signLocalToken(path.join(tempDir, 'auth-secret'), { role: 'ADMIN', subject: 'admin' });
}

async function stop(): Promise<void> {
  await running?.stop();
  running = undefined;
}

async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${running!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(response.status).toBe(200);
  return body.data as T;
}

interface Register {
  fundingPrograms: {
    totalCount: number;
    edges: { node: { code: string; budgetYears: { year: number; committed: string; available: string }[] } }[];
  };
  grantNotices: { totalCount: number; edges: { node: { reference: string; approvedAmount: string; recipient: { ags: string } } }[] };
  recipients: { totalCount: number };
}

const REGISTER = `{
  fundingPrograms { totalCount edges { node { code budgetYears { year committed available } } } }
  grantNotices { totalCount edges { node { reference approvedAmount recipient { ags } } } }
  recipients(first: 100) { totalCount }
}`;

/** What the demonstration data holds, whatever else has been written. */
function expectDemonstrationDataOnce(register: Register): void {
  expect(register.fundingPrograms.totalCount).toBe(1);
  expect(register.fundingPrograms.edges[0]!.node.code).toBe('EGOV-TH');
  // 2020 carries both demonstration notices: 145,012.03 + 143,000.00 = 288,012.03;
  // 20,000,000.00 − 288,012.03 = 19,711,987.97. A second load would double the commitment.
  expect(register.fundingPrograms.edges[0]!.node.budgetYears).toEqual([
    { year: 2020, committed: '288012.03', available: '19711987.97' },
    { year: 2021, committed: '0.00', available: '20000000.00' },
    { year: 2022, committed: '0.00', available: '20000000.00' },
    { year: 2023, committed: '0.00', available: '20000000.00' },
    // The illustrative continuation, so that a notice of this year or the next finds its budget.
    ...demoBudgetYears(new Date().getFullYear())
      .filter((year) => year > 2023)
      .map((year) => ({ year, committed: '0.00', available: '20000000.00' })),
  ]);
  expect(register.grantNotices.totalCount).toBe(2);
  expect(register.grantNotices.edges.map((edge) => edge.node).sort((a, b) => a.reference.localeCompare(b.reference))).toEqual([
    { reference: 'TFM-EGOV-2020-0001', approvedAmount: '145012.03', recipient: { ags: '16065' } },
    { reference: 'TFM-EGOV-2020-0002', approvedAmount: '143000.00', recipient: { ags: '16064' } },
  ]);
}

describe('a restart on the same data directory', () => {
  it('keeps written records and loads the demonstration data only once', { timeout: 120_000 }, async () => {
    await start();
    const first = await gql<Register>(REGISTER);
    expectDemonstrationDataOnce(first);
    // The story's eleven districts and cities.
    expect(first.recipients.totalCount).toBe(11);

    const created = await gql<{ createRecipient: { id: string } }>(
      `mutation ($input: RecipientInput!) { createRecipient(input: $input) { id } }`,
      { input: { name: 'Stadt Sondershausen', kind: 'CITY', ags: '16065067', population: 21000 } },
    );
    const recipientId = created.createRecipient.id;
    await stop();

    await start();
    const { recipient } = await gql<{ recipient: { id: string; name: string; kind: string; ags: string; population: number } }>(
      `query ($id: ID!) { recipient(id: $id) { id name kind ags population } }`,
      { id: recipientId },
    );
    expect(recipient).toEqual({ id: recipientId, name: 'Stadt Sondershausen', kind: 'CITY', ags: '16065067', population: 21000 });
    const second = await gql<Register>(REGISTER);
    expectDemonstrationDataOnce(second);
    expect(second.recipients.totalCount).toBe(12);
    await stop();
  });
});

// Query.deadlines over HTTP on the demonstration data: every Frist of the open notices in the caller's scope.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken, type LocalTokenRequest } from '../../src/http/authentication.js';
import { startService, type RunningService } from '../../src/server.js';
import { postGraphQL, testConfig } from '../support/api.js';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-register-deadlines-'));
let service: RunningService;

interface Deadline {
  kind: string;
  dueOn: string;
  overdue: boolean;
  amount: string | null;
  grantNotice: { reference: string };
}

async function deadlines(token: Omit<LocalTokenRequest, 'subject'>, args = '') {
  const bearer = await signLocalToken(path.join(tempDir, 'auth-secret'), { subject: `test-${token.role}`, ...token });
  const response = await postGraphQL<{ deadlines: Deadline[] }>(
    service.url,
    `{ deadlines${args} { kind dueOn overdue amount grantNotice { reference } } }`,
    undefined,
    bearer,
  );
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!.deadlines.map((d) => [d.grantNotice.reference, d.kind, d.dueOn, d.overdue, d.amount]);
}

beforeAll(async () => {
  service = await startService(testConfig({ kind: 'pglite', dataDir: path.join(tempDir, 'pglite') }, tempDir), pino({ level: 'silent' }));
});

afterAll(async () => {
  await service?.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('Query.deadlines', () => {
  it('gives the auditor every overdue Frist of the demonstration grants, with the money unspent after each spend deadline', async () => {
    // Unstrut-Hainich-Kreis: grant usage is 80 % (143,000.00 of a planned 178,750.00) of the 77,340.00
    // spent, 61,872.00, consumed first in, first out: the first payment of 71,500.00 (paid 02.03.2020, to be
    // used by 02.05.2020) keeps 71,500.00 − 61,872.00 = 9,628.00 unspent, the second (paid 01.09.2020, to be
    // used by 01.11.2020) all of its 71,500.00. The Kyffhäuserkreis used all of its 40,000.00. Both proofs
    // of use are unsubmitted: due six months after the approval periods (31.12.2020 and 31.12.2021).
    expect(await deadlines({ role: 'AUDITOR' })).toEqual([
      ['TFM-EGOV-2020-0002', 'SPEND_DEADLINE', '2020-05-02', true, '9628.00'],
      ['TFM-EGOV-2020-0002', 'SPEND_DEADLINE', '2020-11-01', true, '71500.00'],
      ['TFM-EGOV-2020-0002', 'PROOF_OF_USE', '2021-06-30', true, null],
      ['TFM-EGOV-2020-0001', 'PROOF_OF_USE', '2022-06-30', true, null],
    ]);
  });

  it('gives a finance officer the Fristen of their own notices only', async () => {
    expect(await deadlines({ role: 'FINANCE_OFFICER', recipients: ['16065'] })).toEqual([
      ['TFM-EGOV-2020-0001', 'PROOF_OF_USE', '2022-06-30', true, null],
    ]);
    expect(await deadlines({ role: 'FINANCE_OFFICER', recipients: ['16077'] })).toEqual([]);
  });

  it('always includes the overdue ones, whatever the window', async () => {
    expect(await deadlines({ role: 'FINANCE_OFFICER', recipients: ['16065'] }, '(from: "2030-01-01", to: "2030-12-31")')).toEqual([
      ['TFM-EGOV-2020-0001', 'PROOF_OF_USE', '2022-06-30', true, null],
    ]);
  });
});

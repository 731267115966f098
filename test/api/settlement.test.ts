// Settlement forecasts, payments and the proof-of-use deadline over HTTP, on the demonstration data of the service team.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken, type LocalTokenRequest } from '../../src/http/authentication.js';
import { startService, type RunningService } from '../../src/server.js';
import { postGraphQL, testConfig, type GraphQLResponse } from '../support/api.js';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-register-settlement-'));
let service: RunningService;

async function call<T>(token: Omit<LocalTokenRequest, 'subject'>, query: string, variables?: Record<string, unknown>) {
  const bearer = await signLocalToken(path.join(tempDir, 'auth-secret'), { subject: `test-${token.role}`, ...token });
  return postGraphQL<T>(service.url, query, variables, bearer);
}

async function as<T>(token: Omit<LocalTokenRequest, 'subject'>, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response: GraphQLResponse<T> = await call<T>(token, query, variables);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

interface Notice {
  id: string;
  version: number;
  reference: string;
  proofOfUseDue: string;
  proofOfUseOverdue: boolean;
  payments: { paidOn: string; amount: string; request: { status: string } | null }[];
  settlement: { finalGrant: string; paidTotal: string; balance: string; refundDue: string; outstandingPayout: string; finalised: boolean };
}

const QUERY = `{ grantNotices(filter: { status: APPROVED }) { edges { node { id version reference proofOfUseDue proofOfUseOverdue
  payments { paidOn amount request { status } }
  settlement(asOf: "2022-06-30") { finalGrant paidTotal balance refundDue outstandingPayout finalised interest { amount warnings } } } } } }`;

const AUDITOR = { role: 'AUDITOR' } as const;

async function demoNotices(): Promise<Map<string, Notice>> {
  const data = await as<{ grantNotices: { edges: { node: Notice }[] } }>(AUDITOR, QUERY);
  return new Map(data.grantNotices.edges.map(({ node }) => [node.reference, node]));
}

beforeAll(async () => {
  service = await startService(testConfig({ kind: 'pglite', dataDir: path.join(tempDir, 'pglite') }, tempDir), pino({ level: 'silent' }));
});

afterAll(async () => {
  await service?.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('the service team’s grants in the demonstration data', () => {
  it('show a settlement forecast: an outstanding payout for the Kyffhäuserkreis, a refund for the Unstrut-Hainich-Kreis', async () => {
    const notices = await demoNotices();
    const kyffhaeuser = notices.get('TFM-EGOV-2020-0001')!;
    // 80 % of the recognised 51,410.00 = 41,128.00, against 40,000.00 received.
    expect(kyffhaeuser.settlement).toMatchObject({
      finalGrant: '41128.00',
      paidTotal: '40000.00',
      balance: '1128.00',
      refundDue: '0.00',
      outstandingPayout: '1128.00',
      finalised: false,
    });
    expect(kyffhaeuser.payments).toEqual([{ paidOn: '2020-07-15', amount: '40000.00', request: { status: 'PAID' } }]);
    const uhk = notices.get('TFM-EGOV-2020-0002')!;
    // 80 % of the recognised 77,340.00 = 61,872.00, against 143,000.00 received in two instalments.
    expect(uhk.settlement).toMatchObject({
      finalGrant: '61872.00',
      paidTotal: '143000.00',
      balance: '-81128.00',
      refundDue: '81128.00',
      outstandingPayout: '0.00',
    });
    expect(uhk.payments.map((payment) => [payment.paidOn, payment.amount])).toEqual([
      ['2020-03-02', '71500.00'],
      ['2020-09-01', '71500.00'],
    ]);
  });

  it('flag the proof of use as overdue six months after the approval period until it is submitted', async () => {
    const before = await demoNotices();
    expect(before.get('TFM-EGOV-2020-0001')).toMatchObject({ proofOfUseDue: '2022-06-30', proofOfUseOverdue: true });
    expect(before.get('TFM-EGOV-2020-0002')).toMatchObject({ proofOfUseDue: '2021-06-30', proofOfUseOverdue: true });
    const uhk = before.get('TFM-EGOV-2020-0002')!;
    await as(
      { role: 'FINANCE_OFFICER', recipients: ['16064'] },
      'mutation ($id: ID!, $v: Int!) { updateGrantNotice(id: $id, expectedVersion: $v, input: { proofOfUseSubmittedOn: "2021-07-15" }) { proofOfUseSubmittedOn } }',
      { id: uhk.id, v: uhk.version },
    );
    expect((await demoNotices()).get('TFM-EGOV-2020-0002')?.proofOfUseOverdue).toBe(false);
  });

  it('clears a mistyped submission date and the actual third-party funds with an explicit null, and keeps what is left out', async () => {
    const officer = { role: 'FINANCE_OFFICER' as const, recipients: ['16064'] };
    const UPDATE =
      'mutation ($id: ID!, $v: Int!, $input: GrantNoticePatch!) { updateGrantNotice(id: $id, expectedVersion: $v, input: $input) ' +
      '{ version reference proofOfUseSubmittedOn actualThirdPartyFunds } }';
    type Updated = {
      updateGrantNotice: { version: number; reference: string; proofOfUseSubmittedOn: string | null; actualThirdPartyFunds: string | null };
    };
    let uhk = (await demoNotices()).get('TFM-EGOV-2020-0002')!;
    const typed = await as<Updated>(officer, UPDATE, {
      id: uhk.id,
      v: uhk.version,
      input: { proofOfUseSubmittedOn: '2012-07-15', actualThirdPartyFunds: '1500.00' },
    });
    expect(typed.updateGrantNotice).toMatchObject({ proofOfUseSubmittedOn: '2012-07-15', actualThirdPartyFunds: '1500.00' });
    // Leaving a field out changes nothing.
    const kept = await as<Updated>(officer, UPDATE, { id: uhk.id, v: typed.updateGrantNotice.version, input: {} });
    expect(kept.updateGrantNotice).toMatchObject({ proofOfUseSubmittedOn: '2012-07-15', actualThirdPartyFunds: '1500.00' });
    const cleared = await as<Updated>(officer, UPDATE, {
      id: uhk.id,
      v: kept.updateGrantNotice.version,
      input: { proofOfUseSubmittedOn: null, actualThirdPartyFunds: null },
    });
    expect(cleared.updateGrantNotice).toMatchObject({
      reference: 'TFM-EGOV-2020-0002',
      proofOfUseSubmittedOn: null,
      actualThirdPartyFunds: null,
    });
    uhk = (await demoNotices()).get('TFM-EGOV-2020-0002')!;
    expect(uhk.proofOfUseOverdue).toBe(true);
    // A value that may not be empty is refused, not silently kept.
    const emptied = await call(officer, UPDATE, { id: uhk.id, v: uhk.version, input: { reference: null } });
    expect(emptied.errors?.[0]).toMatchObject({
      message: 'Das Aktenzeichen darf nicht leer sein.',
      extensions: { code: 'BAD_USER_INPUT', reason: 'REQUIRED', field: 'reference' },
    });
    const noDate = await call(officer, UPDATE, { id: uhk.id, v: uhk.version, input: { noticeDate: null } });
    expect(noDate.errors?.[0]).toMatchObject({
      message: 'Das Datum des Bescheids kann nicht geleert werden.',
      extensions: { code: 'BAD_USER_INPUT', reason: 'REQUIRED', field: 'noticeDate' },
    });
    // Submitted again, so that the tests below see the notice as before.
    await as(officer, UPDATE, { id: uhk.id, v: uhk.version, input: { proofOfUseSubmittedOn: '2021-07-15' } });
  });

  it('refuses a payment above the approved amount as bad input on the amount', async () => {
    const uhk = (await demoNotices()).get('TFM-EGOV-2020-0002')!;
    const response = await call(
      { role: 'FINANCE_OFFICER', recipients: ['16064'] },
      'mutation ($id: ID!) { recordPayment(input: { grantNoticeId: $id, paidOn: "2020-10-01", amount: "0.01" }) { id } }',
      { id: uhk.id },
    );
    expect(response.errors?.[0]).toMatchObject({
      message:
        'Die Auszahlung über 0,01 € übersteigt den bewilligten Betrag: bewilligt 143.000,00 €, bereits ausgezahlt 143.000,00 €, noch auszahlbar 0,00 €.',
      extensions: {
        code: 'BAD_USER_INPUT',
        reason: 'PAYMENTS_ABOVE_APPROVED',
        field: 'amount',
        figures: { approved: '143000.00', paid: '143000.00', requested: '0.00', amount: '0.01', remaining: '0.00' },
      },
    });
  });

  it('are listed per programme with their figures, by AGS, and a finance officer sees only their own', async () => {
    const query = `{ fundingPrograms { edges { node { grantNotices { reference recipient { ags }
      settlement(asOf: "2022-06-30") { finalGrant balance } } } } } }`;
    type Listed = {
      fundingPrograms: { edges: { node: { grantNotices: { reference: string; recipient: { ags: string }; settlement: unknown }[] } }[] };
    };
    const listed = (data: Listed) => data.fundingPrograms.edges.flatMap(({ node }) => node.grantNotices);
    expect(listed(await as<Listed>(AUDITOR, query))).toEqual([
      { reference: 'TFM-EGOV-2020-0002', recipient: { ags: '16064' }, settlement: { finalGrant: '61872.00', balance: '-81128.00' } },
      { reference: 'TFM-EGOV-2020-0001', recipient: { ags: '16065' }, settlement: { finalGrant: '41128.00', balance: '1128.00' } },
    ]);
    expect(listed(await as<Listed>({ role: 'FINANCE_OFFICER', recipients: ['16065'] }, query))).toEqual([
      { reference: 'TFM-EGOV-2020-0001', recipient: { ags: '16065' }, settlement: { finalGrant: '41128.00', balance: '1128.00' } },
    ]);
  });
});

// The viewer query over HTTP, for each demonstration user of the embedded set-up: who is signed in, in
// which role and scope, and what the web application may offer, answered from the table of permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cooperation, Recipient } from '../../src/entities/index.js';
import { seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  await seedDemoIfEmpty(api.service.orm.em.fork());
});

afterAll(async () => {
  await api?.stop();
});

const VIEWER = `{ viewer { name role scope recipients { id name ags } cooperation { id name } may {
  recordGrantData createProject createGrantApplication amendGrantNotice recordExpenditure reverseExpenditure importReceipts createDisbursementRequest
  submitDisbursementRequest recordPayment recordStaffCosts reverseStaffCosts createEmployee changeEmployee recordSharedInvoice editMasterData
  addResolution readPersonalData readAuditTrail downloadReports
} } }`;

/** Every flag of `may`, written out so that a new action of the table shows here as a difference. */
const ACTIONS = [
  'recordGrantData',
  'createProject',
  'createGrantApplication',
  'amendGrantNotice',
  'recordExpenditure',
  'reverseExpenditure',
  'importReceipts',
  'createDisbursementRequest',
  'submitDisbursementRequest',
  'recordPayment',
  'recordStaffCosts',
  'reverseStaffCosts',
  'createEmployee',
  'changeEmployee',
  'recordSharedInvoice',
  'editMasterData',
  'addResolution',
  'readPersonalData',
  'readAuditTrail',
  'downloadReports',
] as const;

/** The flags with exactly these set. */
function may(...allowed: (typeof ACTIONS)[number][]): Record<string, boolean> {
  return Object.fromEntries(ACTIONS.map((action) => [action, allowed.includes(action)]));
}

/** Signs in as a demonstration user and asks for the viewer with the session cookie and its CSRF token, as the web application does. */
async function viewerAs(user: string): Promise<unknown> {
  const signedIn = await fetch(`${api.url}/auth/demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  expect(signedIn.status).toBe(200);
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ query: VIEWER }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data?: { viewer: unknown }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!.viewer;
}

/** A recipient of the demonstration data as the viewer names it; only the id is looked up. */
async function recipient(ags: string, name: string) {
  const found = await api.service.orm.em.fork().findOneOrFail(Recipient, { ags });
  return { id: found.id, name, ags };
}

describe('the viewer', () => {
  it('is the finance officer of the Kyffhäuserkreis with its district, who records the grant data and sees its staff', async () => {
    expect(await viewerAs('finanzen-kyffhaeuserkreis')).toEqual({
      name: 'Finanzen Kyffhäuserkreis',
      role: 'FINANCE_OFFICER',
      scope: 'OWN_RECIPIENTS',
      recipients: [await recipient('16065', 'Kyffhäuserkreis')],
      cooperation: null,
      may: may(
        'recordGrantData',
        'createProject',
        'createGrantApplication',
        'amendGrantNotice',
        'recordExpenditure',
        'reverseExpenditure',
        'importReceipts',
        'createDisbursementRequest',
        'submitDisbursementRequest',
        'recordPayment',
        'recordStaffCosts',
        'reverseStaffCosts',
        'createEmployee',
        'changeEmployee',
        'readPersonalData',
        'downloadReports',
      ),
    });
  });

  it('is the lead of the service team with its four members by AGS, who records shared invoices and resolutions but no names', async () => {
    const team = await api.service.orm.em
      .fork()
      .findOneOrFail(Cooperation, { name: 'Interkommunales E-Government-Serviceteam Nordthüringen' });
    expect(await viewerAs('leitung-serviceteam')).toEqual({
      name: 'Leitung Serviceteam Nordthüringen',
      role: 'TEAM_LEAD',
      scope: 'OWN_COOPERATION',
      // Nordhausen leads; the Wartburgkreis, the Unstrut-Hainich-Kreis and the Kyffhäuserkreis are members.
      recipients: [
        await recipient('16062', 'Landkreis Nordhausen'),
        await recipient('16063', 'Wartburgkreis'),
        await recipient('16064', 'Unstrut-Hainich-Kreis'),
        await recipient('16065', 'Kyffhäuserkreis'),
      ],
      cooperation: { id: team.id, name: 'Interkommunales E-Government-Serviceteam Nordthüringen' },
      may: may('recordSharedInvoice', 'addResolution', 'downloadReports'),
    });
  });

  it('is the auditor, who reads everything with the personal data and the audit trail and changes nothing', async () => {
    expect(await viewerAs('pruefung-ministerium')).toEqual({
      name: 'Prüfung Thüringer Finanzministerium',
      role: 'AUDITOR',
      scope: 'EVERYTHING',
      recipients: [],
      cooperation: null,
      may: may('readPersonalData', 'readAuditTrail', 'downloadReports'),
    });
  });

  it('is the administration, which keeps the master data and resolutions and sees no names', async () => {
    expect(await viewerAs('administration')).toEqual({
      name: 'Administration',
      role: 'ADMIN',
      scope: 'EVERYTHING',
      recipients: [],
      cooperation: null,
      may: may('editMasterData', 'addResolution', 'downloadReports'),
    });
  });

  it('is refused without a session', async () => {
    const response = await api.gql(VIEWER, undefined, null);
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

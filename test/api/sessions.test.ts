// Sessions of the web application over HTTP: the demonstration sign-in of the embedded set-up gives an
// HttpOnly, SameSite cookie; with it GraphQL answers reads, a change needs the session's CSRF token too,
// a report downloads with the cookie alone; a page of another site cannot sign in; signing out or expiry
// ends the session at once; bearer tokens work as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserSession } from '../../src/entities/index.js';
import { CSRF_MESSAGE, SESSION_EXPIRED_MESSAGE, SessionStore, MAX_SESSION_HOURS, SESSION_IDLE_MINUTES } from '../../src/http/sessions.js';
import { seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  await seedDemoIfEmpty(api.service.orm.em.fork());
});

afterAll(async () => {
  await api.stop();
});

interface SignedIn {
  cookie: string;
  csrfToken: string;
  setCookie: string;
}

async function signIn(user = 'finanzen-kyffhaeuser', headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.url}/auth/demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ user }),
  });
}

async function signInAsFinance(): Promise<SignedIn> {
  const response = await signIn('finanzen-kyffhaeuserkreis');
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie')!;
  const body = (await response.json()) as { csrfToken: string; user: { name: string; role: string } };
  expect(body.user).toEqual({
    name: 'Finanzen Kyffhäuserkreis',
    role: 'FINANCE_OFFICER',
    roleName: 'Finanzsachbearbeitung',
    recipients: ['16065'],
    cooperationId: null,
  });
  return { cookie: setCookie.split(';')[0]!, csrfToken: body.csrfToken, setCookie };
}

async function graphql(session: SignedIn, query: string, csrf: string | null = session.csrfToken) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

const NOTICES = '{ grantNotices { edges { node { reference approvedAmount } } } }';

describe('a session of the web application', () => {
  it('is an HttpOnly, SameSite cookie that signs GraphQL requests with the CSRF token, and only with it', async () => {
    const session = await signInAsFinance();
    expect(session.setCookie).toMatch(/^grants_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await graphql(session, NOTICES)).toEqual({
      status: 200,
      body: { data: { grantNotices: { edges: [{ node: { reference: 'TFM-EGOV-2020-0001', approvedAmount: '145012.03' } }] } } },
    });
    // A page of another site can make the browser send the cookie, but cannot know the token.
    for (const csrf of [null, 'falsch']) {
      expect(await graphql(session, NOTICES, csrf)).toEqual({
        status: 401,
        body: { errors: [{ message: CSRF_MESSAGE, extensions: { code: 'UNAUTHENTICATED', reason: 'CSRF_TOKEN_MISSING' } }] },
      });
    }
  });

  it('downloads a report with the cookie alone, since a download changes nothing', async () => {
    const session = await signInAsFinance();
    const { body } = await graphql(session, '{ grantNotices { edges { node { proofOfUseReportPath } } } }');
    const path = (body.data as { grantNotices: { edges: { node: { proofOfUseReportPath: string } }[] } }).grantNotices.edges[0]!.node
      .proofOfUseReportPath;
    const download = await fetch(`${api.url}${path}`, { headers: { cookie: session.cookie } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await download.arrayBuffer();
  });

  it('tells the page who is signed in, and nothing without a session', async () => {
    const session = await signInAsFinance();
    const signedIn = await fetch(`${api.url}/auth/session`, { headers: { cookie: session.cookie } });
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
    expect(await signedIn.json()).toMatchObject({
      user: { name: 'Finanzen Kyffhäuserkreis', role: 'FINANCE_OFFICER' },
      csrfToken: session.csrfToken,
      demoSignIn: true,
      signIn: 'demo',
    });
    const anonymous = await fetch(`${api.url}/auth/session`);
    expect(await anonymous.json()).toEqual({ user: null, csrfToken: null, expiresAt: null, demoSignIn: true, signIn: 'demo' });
  });

  it('offers the four demonstration users, and refuses an unknown one and a sign-in from another site', async () => {
    const users = (await (await fetch(`${api.url}/auth/demo-users`)).json()) as { users: { key: string; label: string }[] };
    expect(users.users.map((user) => user.label)).toEqual([
      'Finanzen Kyffhäuserkreis',
      'Leitung des Serviceteams',
      'Prüfung des Ministeriums',
      'Administration',
    ]);
    const unknown = await signIn('root');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      errors: [
        {
          message: 'Diesen Demonstrationsnutzer gibt es nicht.',
          extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'user' },
        },
      ],
    });
    const foreign = await signIn('administration', { origin: 'https://boese.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('set-cookie')).toBeNull();
  });

  it('signs the team lead in with the service team of the seed story', async () => {
    const response = await signIn('leitung-serviceteam');
    const body = (await response.json()) as { user: { role: string; cooperationId: string }; csrfToken: string };
    const session = { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrfToken: body.csrfToken, setCookie: '' };
    const { body: answer } = await graphql(session, `{ cooperation(id: "${body.user.cooperationId}") { name } }`);
    expect(body.user.role).toBe('TEAM_LEAD');
    expect(answer).toEqual({ data: { cooperation: { name: 'Interkommunales E-Government-Serviceteam Nordthüringen' } } });
  });

  it('ends at sign-out, on the server: the same cookie no longer signs anything', async () => {
    const session = await signInAsFinance();
    const refused = await fetch(`${api.url}/auth/sign-out`, { method: 'POST', headers: { cookie: session.cookie } });
    expect(refused.status).toBe(403);
    const signOut = await fetch(`${api.url}/auth/sign-out`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(signOut.status).toBe(204);
    expect(signOut.headers.get('set-cookie')).toMatch(/^grants_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await graphql(session, NOTICES)).toEqual({
      status: 401,
      body: { errors: [{ message: SESSION_EXPIRED_MESSAGE, extensions: { code: 'UNAUTHENTICATED', reason: 'SESSION_EXPIRED' } }] },
    });
  });

  it('keeps bearer tokens working beside sessions', async () => {
    const token = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065'] });
    const answer = await api.gql<{ grantNotices: { edges: unknown[] } }>(NOTICES, undefined, token);
    expect(answer.data?.grantNotices.edges).toHaveLength(1);
  });
});

describe('the expiry of a session', () => {
  it(`ends after ${SESSION_IDLE_MINUTES} minutes without a request and after ${MAX_SESSION_HOURS} hours in all`, async () => {
    let now = new Date('2026-12-03T08:00:00Z');
    const store = new SessionStore(api.service.orm, () => now);
    const actor = { subject: 'uhr', name: 'Uhr', role: 'AUDITOR' as const, recipientAgs: [], cooperationId: null };
    const created = await store.create(actor, 'DEMO');
    expect(created.expiresAt.toISOString()).toBe('2026-12-03T09:00:00.000Z');
    // A request 59 minutes later moves the idle end on to an hour after it.
    now = new Date('2026-12-03T08:59:00Z');
    expect((await store.find(created.key))?.expiresAt.toISOString()).toBe('2026-12-03T09:59:00.000Z');
    // Used every 50 minutes, it still ends 10 hours after signing in.
    for (const time of ['09:49', '10:39', '11:29', '12:19', '13:09', '13:59', '14:49', '15:39', '16:29', '17:19']) {
      now = new Date(`2026-12-03T${time}:00Z`);
      expect(await store.find(created.key), time).not.toBeNull();
    }
    now = new Date('2026-12-03T18:00:00Z');
    expect(await store.find(created.key)).toBeNull();
    // The expired row is gone, and so is one left idle for more than an hour.
    const idle = await store.create(actor, 'DEMO');
    now = new Date('2026-12-03T19:00:01Z');
    expect(await store.find(idle.key)).toBeNull();
    expect(await api.service.orm.em.fork().count(UserSession, { subject: 'uhr' })).toBe(0);
  });
});

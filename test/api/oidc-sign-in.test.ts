// Signing in in the browser at a real OpenID provider on loopback (node-oidc-provider), followed
// redirect by redirect as a browser would: the authorization-code flow with PKCE ends with a session
// cookie, and GraphQL answers with it and the session's CSRF token; a callback that did not begin in
// this browser, a cancelled sign-in, an account without a role and a provider that is away all end on
// the sign-in page with their code; signing out ends the session at the provider too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppUser, UserSession } from '../../src/entities/index.js';
import { CSRF_MESSAGE } from '../../src/http/sessions.js';
import { safeTarget, SIGN_IN_COOKIE } from '../../src/http/oidc-sign-in.js';
import { seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { clientSettings, FINANCE_OFFICER, freePort, startTestProvider, type TestProvider } from '../support/oidc-provider.js';

let api: TestApi;
let provider: TestProvider;

beforeAll(async () => {
  const port = await freePort();
  provider = await startTestProvider(`http://127.0.0.1:${port}`);
  api = await startTestApi({ port, authentication: provider.authentication });
  await seedDemoIfEmpty(api.service.orm.em.fork());
});

afterAll(async () => {
  await api?.stop();
  await provider?.stop();
});

/** A browser without a page: cookies per origin, redirects followed one by one. */
class Browser {
  readonly cookies = new Map<string, Map<string, string>>();
  /** Every address the browser was sent to, in order. */
  readonly visited: string[] = [];
  /** The Set-Cookie headers of the service's answers. */
  readonly serviceCookies: string[] = [];

  constructor(private readonly service: string) {}

  cookie(origin: string, name: string): string | undefined {
    return this.cookies.get(origin)?.get(name);
  }

  setCookie(origin: string, name: string, value: string): void {
    const jar = this.cookies.get(origin) ?? new Map<string, string>();
    jar.set(name, value);
    this.cookies.set(origin, jar);
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const { origin } = new URL(url);
    const jar = this.cookies.get(origin) ?? new Map<string, string>();
    const header = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(header ? { cookie: header } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      if (origin === this.service) this.serviceCookies.push(line);
      const [pair] = line.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (/max-age=0/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(origin, jar);
    return response;
  }

  /** Follows redirects from `url` until a page of the web application (or `until` says stop); returns where it ended. */
  async follow(url: string, until: (next: string) => boolean = () => false): Promise<string> {
    let next = url;
    for (let step = 0; step < 20; step++) {
      this.visited.push(next);
      if (until(next)) return next;
      if (next.startsWith(this.service) && !new URL(next).pathname.startsWith('/auth/')) return next;
      const response = await this.fetch(next);
      await response.arrayBuffer();
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return next;
      next = new URL(location, next).href;
    }
    throw new Error(`too many redirects: ${this.visited.join(' → ')}`);
  }
}

const session = async (browser: Browser) =>
  (await (await browser.fetch(`${api.url}/auth/session`)).json()) as {
    user: { name: string } | null;
    csrfToken: string | null;
    signIn: string;
  };

/** Signs in through the provider as its next account does; returns the browser and where it ended. */
async function signIn(path = '/auth/sign-in'): Promise<{ browser: Browser; landed: string }> {
  const browser = new Browser(api.url);
  const landed = await browser.follow(`${api.url}${path}`);
  return { browser, landed };
}

const NOTICES = '{ grantNotices { edges { node { reference approvedAmount } } } }';

function graphql(browser: Browser, query: string, csrfToken: string | null) {
  return browser.fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    body: JSON.stringify({ query }),
  });
}

describe('signing in at the identity provider', () => {
  it('goes to the provider with PKCE (S256), state and nonce, and back with a session on the page asked for', async () => {
    provider.next = { account: FINANCE_OFFICER };
    const { browser, landed } = await signIn('/auth/sign-in?ziel=%2Fbescheide%2F0190%3Fseite%3D2');
    expect(landed).toBe(`${api.url}/bescheide/0190?seite=2`);
    const authorize = new URL(browser.visited[1]!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${provider.issuer}/auth`);
    expect(authorize.searchParams.get('client_id')).toBe('grant-register');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${api.url}/auth/callback`);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('scope')).toBe('openid profile email');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    // The sign-in cookie: what the callback checks, encrypted (a JWE of five parts), for ten minutes, for the callback only.
    expect(browser.serviceCookies[0]).toMatch(
      new RegExp(`^${SIGN_IN_COOKIE}=[\\w-]+\\.\\.[\\w-]+\\.[\\w-]+\\.[\\w-]+; Max-Age=600; Path=/auth/callback; HttpOnly; SameSite=Lax$`),
    );
    // At the callback it is removed and the session cookie set.
    expect(browser.serviceCookies.slice(1)).toEqual([
      `${SIGN_IN_COOKIE}=; Max-Age=0; Path=/auth/callback; HttpOnly; SameSite=Lax`,
      expect.stringMatching(/^grants_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/),
    ]);
    expect(browser.cookie(api.url, SIGN_IN_COOKIE)).toBeUndefined();
    expect(await session(browser)).toEqual({
      user: {
        name: 'Finanzen Kyffhäuserkreis',
        role: 'FINANCE_OFFICER',
        roleName: 'Finanzsachbearbeitung',
        recipients: ['16065'],
        cooperationId: null,
      },
      csrfToken: expect.stringMatching(/^[\w-]{32}$/),
      expiresAt: expect.any(String),
      demoSignIn: false,
      signIn: 'oidc',
    });
    const rows = await api.service.orm.em.fork().find(UserSession, { subject: 'kc-finanzen-16065' });
    expect(rows.map((row) => [row.method, row.name, row.role, row.recipientAgs])).toEqual([
      ['OIDC', 'Finanzen Kyffhäuserkreis', 'FINANCE_OFFICER', ['16065']],
    ]);
    // The user with the address the provider named, for the deadline reminders.
    const user = await api.service.orm.em.fork().findOneOrFail(AppUser, { subject: 'kc-finanzen-16065' });
    expect([user.name, user.role, user.recipientAgs, user.cooperationId, user.email]).toEqual([
      'Finanzen Kyffhäuserkreis',
      'FINANCE_OFFICER',
      ['16065'],
      null,
      'finanzen@kyffhaeuserkreis.example',
    ]);
  });

  it('answers GraphQL with the session cookie and its CSRF token, and refuses it without the token', async () => {
    provider.next = { account: FINANCE_OFFICER };
    const { browser, landed } = await signIn();
    expect(landed).toBe(`${api.url}/`);
    const { csrfToken } = await session(browser);
    const answer = await graphql(browser, NOTICES, csrfToken);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      data: { grantNotices: { edges: [{ node: { reference: 'TFM-EGOV-2020-0001', approvedAmount: '145012.03' } }] } },
    });
    const refused = await graphql(browser, NOTICES, null);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      errors: [{ message: CSRF_MESSAGE, extensions: { code: 'UNAUTHENTICATED', reason: 'CSRF_TOKEN_MISSING' } }],
    });
  });

  it('returns only to pages of this service', () => {
    expect(safeTarget('/bescheide/1#belege')).toBe('/bescheide/1#belege');
    for (const foreign of ['https://boese.example/', '//boese.example/x', '/\\boese.example', 'bescheide', '', undefined, ['/a']])
      expect(safeTarget(foreign), String(foreign)).toBe('/');
  });

  it('sends a browser that asks for a foreign target to the start page', async () => {
    provider.next = { account: FINANCE_OFFICER };
    const { landed } = await signIn('/auth/sign-in?ziel=%2F%2Fboese.example%2Fanmelden');
    expect(landed).toBe(`${api.url}/`);
  });

  it('offers no demonstration sign-in beside the provider', async () => {
    const response = await fetch(`${api.url}/auth/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'finanzen-kyffhaeuserkreis' }),
    });
    expect(response.status).toBe(404);
  });
});

describe('a callback that did not begin in this browser', () => {
  /** A sign-in stopped at the provider's answer to the callback, before the service sees it. */
  async function atCallback(): Promise<{ browser: Browser; callback: URL }> {
    provider.next = { account: FINANCE_OFFICER };
    const browser = new Browser(api.url);
    const stop = await browser.follow(`${api.url}/auth/sign-in`, (next) => next.startsWith(`${api.url}/auth/callback`));
    return { browser, callback: new URL(stop) };
  }

  async function refused(browser: Browser, callback: URL) {
    const landed = await browser.follow(callback.href);
    expect(landed).toBe(`${api.url}/anmelden?fehler=ungueltig`);
    expect(browser.cookie(api.url, 'grants_session')).toBeUndefined();
  }

  it('is refused with another state', async () => {
    const { browser, callback } = await atCallback();
    callback.searchParams.set('state', 'angreifer-state-0000000000000000000000000000');
    await refused(browser, callback);
  });

  it('is refused with a sign-in cookie changed by one character, or none (a callback planted from elsewhere)', async () => {
    const first = await atCallback();
    const value = first.browser.cookie(api.url, SIGN_IN_COOKIE)!;
    const last = value.at(-5) === 'A' ? 'B' : 'A';
    first.browser.setCookie(api.url, SIGN_IN_COOKIE, `${value.slice(0, -5)}${last}${value.slice(-4)}`);
    await refused(first.browser, first.callback);

    const second = await atCallback();
    await refused(new Browser(api.url), second.callback);
  });

  it('is refused when used twice: the sign-in cookie serves one sign-in only', async () => {
    const { browser, callback } = await atCallback();
    const cookieValue = browser.cookie(api.url, SIGN_IN_COOKIE)!;
    expect(await browser.follow(callback.href)).toBe(`${api.url}/`);
    // Replayed with the old cookie: the provider has spent the code.
    const replay = new Browser(api.url);
    replay.setCookie(api.url, SIGN_IN_COOKIE, cookieValue);
    expect(await replay.follow(callback.href)).toBe(`${api.url}/anmelden?fehler=fehlgeschlagen`);
    expect(replay.cookie(api.url, 'grants_session')).toBeUndefined();
  });
});

describe('several processes of the service', () => {
  it('finish a sign-in another one began, since the sign-in cookie is keyed by the client secret they share', async () => {
    // A second service behind the same PUBLIC_URL, as behind a load balancer; one with another secret for comparison.
    const settings = clientSettings(api.url, provider.issuer);
    const other = await startTestApi({ authentication: settings });
    const stranger = await startTestApi({
      authentication: { ...settings, signIn: { ...settings.signIn!, clientSecret: 'ein-anderes-geheimnis-des-dienstes' } },
    });
    try {
      for (const [service, landed] of [
        [other, `${other.url}/`],
        [stranger, `${stranger.url}/anmelden?fehler=ungueltig`],
      ] as const) {
        provider.next = { account: FINANCE_OFFICER };
        const browser = new Browser(api.url);
        const callback = new URL(await browser.follow(`${api.url}/auth/sign-in`, (next) => next.startsWith(`${api.url}/auth/callback`)));
        const elsewhere = new Browser(service.url);
        elsewhere.setCookie(service.url, SIGN_IN_COOKIE, browser.cookie(api.url, SIGN_IN_COOKIE)!);
        expect(await elsewhere.follow(`${service.url}${callback.pathname}${callback.search}`)).toBe(landed);
        expect(elsewhere.cookie(service.url, 'grants_session') !== undefined).toBe(service === other);
      }
    } finally {
      await other.stop();
      await stranger.stop();
    }
  });
});

describe('a sign-in that does not succeed', () => {
  it('ends on the sign-in page when the user cancels at the provider', async () => {
    provider.next = { cancel: true };
    const { browser, landed } = await signIn();
    expect(landed).toBe(`${api.url}/anmelden?fehler=abgebrochen`);
    expect(browser.cookie(api.url, 'grants_session')).toBeUndefined();
  });

  it('ends on the sign-in page when the account has no role for the grant register', async () => {
    provider.next = { account: { sub: 'kc-ohne-rolle', name: 'Ohne Rolle' } };
    const { browser, landed } = await signIn();
    expect(landed).toBe(`${api.url}/anmelden?fehler=keine-rolle`);
    expect(browser.cookie(api.url, 'grants_session')).toBeUndefined();
    provider.next = { account: { ...FINANCE_OFFICER, sub: 'kc-falsche-ags', recipients: ['Kyffhäuser'] } };
    expect((await signIn()).landed).toBe(`${api.url}/anmelden?fehler=keine-rolle`);
  });

  it('starts while the provider is away, says so at sign-in, finds it once it is back, and says so again when the code cannot be exchanged', async () => {
    const port = await freePort();
    const providerPort = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const away = await startTestApi({ port, authentication: clientSettings(publicUrl, `http://127.0.0.1:${providerPort}`) });
    try {
      const browser = new Browser(away.url);
      expect(await browser.follow(`${away.url}/auth/sign-in`)).toBe(`${away.url}/anmelden?fehler=anbieter-nicht-erreichbar`);
      // The provider comes up: the next sign-in discovers it.
      const late = await startTestProvider(publicUrl, providerPort);
      const halfway = await browser.follow(`${away.url}/auth/sign-in`, (next) => next.startsWith(`${away.url}/auth/callback`));
      // It goes away again before the code is exchanged.
      await late.stop();
      expect(await browser.follow(halfway)).toBe(`${away.url}/anmelden?fehler=anbieter-nicht-erreichbar`);
      expect(browser.cookie(away.url, 'grants_session')).toBeUndefined();
    } finally {
      await away.stop();
    }
  });
});

describe('signing out', () => {
  it('ends the session here and sends the browser to the provider to end it there', async () => {
    provider.next = { account: FINANCE_OFFICER };
    const { browser } = await signIn();
    const { csrfToken } = await session(browser);
    const signOut = await browser.fetch(`${api.url}/auth/sign-out`, { method: 'POST', headers: { 'x-csrf-token': csrfToken! } });
    expect(signOut.status).toBe(200);
    const { endSessionUrl } = (await signOut.json()) as { endSessionUrl: string };
    const end = new URL(endSessionUrl);
    expect(`${end.origin}${end.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(Object.fromEntries(end.searchParams)).toEqual({ client_id: 'grant-register', post_logout_redirect_uri: `${api.url}/anmelden` });
    expect((await session(browser)).user).toBeNull();
    expect((await graphql(browser, NOTICES, csrfToken)).status).toBe(401);

    // The provider asks to confirm; confirmed, it ends its session and sends the browser back to the sign-in page.
    const page = await (await browser.fetch(endSessionUrl)).text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)![1]!;
    const fields = new URLSearchParams(
      [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((match): [string, string] => [match[1]!, match[2]!]),
    );
    fields.set('logout', 'yes');
    const confirmed = await browser.fetch(new URL(action, provider.issuer).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`${api.url}/anmelden`);

    // Signed out at the provider too: the next sign-in asks the provider again, which here refuses.
    provider.next = { cancel: true };
    expect(await browser.follow(`${api.url}/auth/sign-in`)).toBe(`${api.url}/anmelden?fehler=abgebrochen`);
  });

  it('answers 204 for a session begun elsewhere or none, as before', async () => {
    const response = await fetch(`${api.url}/auth/sign-out`, { method: 'POST' });
    expect(response.status).toBe(204);
  });
});

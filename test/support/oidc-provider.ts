// A real OpenID provider on loopback (node-oidc-provider) for the sign-in tests: the grant register
// is its client (secret, PKCE required, the redirect URI of the service under test), its accounts
// carry the claims the service maps (role, recipients, cooperation, name) in the ID token, and its
// login needs no form: the interaction signs in the account the test chose, or refuses as a user who
// cancels would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import type { Authentication } from '../../src/config.js';

export const CLIENT_ID = 'grant-register';
export const CLIENT_SECRET = 'test-secret-of-the-grant-register';

export interface TestAccount {
  sub: string;
  name: string;
  role?: string;
  recipients?: string[];
  cooperation?: string;
  email?: string;
}

/** The finance officer of the Kyffhäuserkreis, as the demonstration data know her. */
export const FINANCE_OFFICER: TestAccount = {
  sub: 'kc-finanzen-16065',
  name: 'Finanzen Kyffhäuserkreis',
  role: 'FINANCE_OFFICER',
  recipients: ['16065'],
  email: 'finanzen@kyffhaeuserkreis.example',
};

export interface TestProvider {
  issuer: string;
  jwksUrl: string;
  /** What the next interaction does: sign in this account, or cancel as the user would. */
  next: { account: TestAccount } | { cancel: true };
  /** The settings of the service as this provider's client. */
  authentication: Extract<Authentication, { kind: 'oidc' }>;
  stop(): Promise<void>;
}

/** A port of 127.0.0.1 free at the moment: the service's address must be known before the provider registers it. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The settings of the grant register at `publicUrl` as the client of the provider at `issuer` (running or not). */
export function clientSettings(publicUrl: string, issuer: string): Extract<Authentication, { kind: 'oidc' }> {
  return {
    kind: 'oidc',
    issuer,
    audience: CLIENT_ID,
    jwksUrl: `${issuer}/jwks`,
    signIn: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, publicUrl },
  };
}

/** The provider (on `port`, a free one by default), with the grant register at `publicUrl` (see freePort) as its client. */
export async function startTestProvider(publicUrl: string, port = 0): Promise<TestProvider> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const accounts = new Map<string, TestAccount>();

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${publicUrl}/auth/callback`],
        post_logout_redirect_uris: [`${publicUrl}/anmelden`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-provider', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['cookie-key-of-the-test-provider'] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    // The claims the service maps, in the ID token itself (as a mapper of Keycloak would put them there).
    claims: { openid: ['sub', 'role', 'recipients', 'cooperation'], profile: ['name'], email: ['email'] },
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ ...account }) } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // The confirmation the provider asks for, as a page a test can click through.
        logoutSource: (ctx: { body: string }, form: string) => {
          ctx.body = `<!DOCTYPE html><html lang="de"><head><title>Abmelden</title></head><body>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Abmelden bestätigen</button></body></html>`;
        },
      },
    },
  });
  const fallback = provider.callback();

  const testProvider: TestProvider = {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    next: { account: FINANCE_OFFICER },
    authentication: clientSettings(publicUrl, issuer),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  handler = (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return fallback(req, res);
    void interact(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  };

  /** The login and consent at once, without a form. */
  async function interact(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    const next = testProvider.next;
    if ('cancel' in next) {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Anmeldung abgebrochen' });
      return;
    }
    accounts.set(next.account.sub, next.account);
    const grant = new provider.Grant({ accountId: next.account.sub, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: next.account.sub }, consent: { grantId } });
  }

  return testProvider;
}

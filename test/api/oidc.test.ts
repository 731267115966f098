// Tokens of an identity provider (OIDC): verified against its published keys, issuer and audience.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, type Authenticator } from '../../src/http/authentication.js';
import { UnauthenticatedError } from '../../src/services/errors.js';

const ISSUER = 'https://login.example.thueringen.de/realms/kommunen';
const AUDIENCE = 'grant-register';

let server: Server;
let providerKey: CryptoKey;
let strangerKey: CryptoKey;
let authenticator: Authenticator;

beforeAll(async () => {
  const provider = await generateKeyPair('RS256');
  providerKey = provider.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(provider.publicKey)), kid: 'provider-1', alg: 'RS256', use: 'sig' };
  // The provider's key set, served on loopback as the identity provider would publish it.
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  authenticator = createAuthenticator({ kind: 'oidc', issuer: ISSUER, audience: AUDIENCE, jwksUrl: `http://127.0.0.1:${port}/certs` });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function token(
  claims: Record<string, unknown>,
  options: { key?: CryptoKey; issuer?: string; audience?: string; expires?: string | null } = {},
) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'provider-1' })
    .setSubject('u-4711')
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt();
  return (options.expires === null ? jwt : jwt.setExpirationTime(options.expires ?? '5m')).sign(options.key ?? providerKey);
}

describe('OIDC tokens', () => {
  it('accepts a token of the provider and reads role, name and recipients from it', async () => {
    const actor = await authenticator.authenticate(
      `Bearer ${await token({ role: 'FINANCE_OFFICER', name: 'Finanzen Kyffhäuserkreis', recipients: ['16065'] })}`,
    );
    expect(actor).toEqual({
      subject: 'u-4711',
      name: 'Finanzen Kyffhäuserkreis',
      role: 'FINANCE_OFFICER',
      recipientAgs: ['16065'],
      cooperationId: null,
      // No e-mail claim in the token.
      email: null,
    });
  });

  it('refuses a token signed by another key, for another audience or issuer, expired, or without a valid role', async () => {
    const refused = [
      await token({ role: 'AUDITOR' }, { key: strangerKey }),
      await token({ role: 'AUDITOR' }, { audience: 'another-service' }),
      await token({ role: 'AUDITOR' }, { issuer: 'https://elsewhere.example' }),
      await token({ role: 'AUDITOR' }, { expires: '1 minute ago' }),
      // Without an expiry a token would be valid for ever.
      await token({ role: 'AUDITOR' }, { expires: null }),
      await token({ role: 'SYSTEM' }),
      await token({ role: 'FINANCE_OFFICER', recipients: ['Kyffhäuser'] }),
    ];
    for (const bearer of refused) {
      await expect(authenticator.authenticate(`Bearer ${bearer}`)).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    await expect(authenticator.authenticate(undefined)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(authenticator.authenticate('Basic dXNlcjpwYXNz')).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

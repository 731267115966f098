// Local tokens (the embedded set-up): one without an expiry, or valid for longer than 30 days, is not
// accepted, however correct its signature; one of `grants token` is.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthenticator, LOCAL_AUDIENCE, LOCAL_ISSUER, localSecret, signLocalToken } from '../../src/http/authentication.js';

const folder = mkdtempSync(path.join(tmpdir(), 'grant-register-tokens-'));
const secretFile = path.join(folder, 'auth-secret');
const authenticator = createAuthenticator({ kind: 'local', secretFile });
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A token signed with the local secret, as a forger who read the secret file could make it. */
function forged(expiry: string | null) {
  const jwt = new SignJWT({ role: 'AUDITOR', name: 'Prüfung' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('forger')
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt();
  return (expiry === null ? jwt : jwt.setExpirationTime(expiry)).sign(localSecret(secretFile));
}

describe('local tokens', () => {
  it('are accepted as grants token makes them, for up to 30 days', async () => {
    const token = await signLocalToken(secretFile, { role: 'AUDITOR', subject: 'pruefung', hours: 720 });
    await expect(authenticator.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ role: 'AUDITOR', subject: 'pruefung' });
  });

  it('are refused without an expiry', async () => {
    await expect(authenticator.authenticate(`Bearer ${await forged(null)}`)).rejects.toThrow(
      'Das Zugangstoken hat kein Ablaufdatum (exp); ein solches Token wird nicht angenommen.',
    );
  });

  it('are refused when valid for longer than 30 days', async () => {
    await expect(authenticator.authenticate(`Bearer ${await forged('721h')}`)).rejects.toThrow(
      'Das Zugangstoken gilt länger als 30 Tage; ein solches Token wird nicht angenommen.',
    );
    await expect(authenticator.authenticate(`Bearer ${await forged('720h')}`)).resolves.toMatchObject({ role: 'AUDITOR' });
  });
});

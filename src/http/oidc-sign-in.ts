// Signing in in the browser at the identity provider: OpenID Connect's authorization-code flow with
// PKCE (S256), state and nonce. What the callback must check (the PKCE verifier, state, nonce and the
// page to return to) travels in a short-lived cookie encrypted and authenticated with a key derived
// from the client secret, so that any process of the service can finish a sign-in another one began.
// The ID token's claims become the user exactly as a bearer token's do (actorFromClaims), and the
// user gets a server-side session as after every sign-in; the browser never sees a token.
import { hkdfSync } from 'node:crypto';
import * as cookie from 'cookie';
import express, { type Request, type Response, type Router } from 'express';
import { EncryptJWT, jwtDecrypt } from 'jose';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import type { BrowserSignIn } from '../config.js';
import { UnauthenticatedError } from '../services/errors.js';
import { actorFromClaims } from './authentication.js';
import { sessionCookie, type SessionStore } from './sessions.js';

export const SIGN_IN_COOKIE = 'grants_sign_in';
/** How long the user may take at the provider before the sign-in has to begin anew. */
export const SIGN_IN_MINUTES = 10;
/** The page of the web application that shows the sign-in and its failures. */
export const SIGN_IN_PAGE = '/anmelden';
/**
 * What the service asks the provider for: the user's identity and e-mail address (for the deadline
 * reminders); the provider adds role and scope to the ID token.
 */
const SCOPE = 'openid profile email';
/** Discovery and token requests give up after this long, so that the user learns soon that the provider is away. */
const PROVIDER_TIMEOUT_SECONDS = 5;

/** Why a sign-in ended on the sign-in page; the page shows a German message for each (web/src/pages/SignIn.tsx). */
export type SignInFailure =
  /** The provider could not be reached (discovery or the token exchange), or answered with a server error. */
  | 'anbieter-nicht-erreichbar'
  /** The user cancelled at the provider (`error=access_denied`). */
  | 'abgebrochen'
  /** The callback did not belong to a sign-in of this browser: no or an expired sign-in cookie, or another state. */
  | 'ungueltig'
  /** The provider's answer named no valid role (or an invalid scope) for the grant register. */
  | 'keine-rolle'
  /** The provider refused the sign-in otherwise, or its answer failed a check (nonce, issuer, signature). */
  | 'fehlgeschlagen';

/** What the callback checks; kept in the sign-in cookie. */
interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
  target: string;
}

export interface OidcSignIn {
  router: Router;
  /** Where the browser ends the session at the provider too (RP-initiated logout); null when it offers none or is away. */
  endSessionUrl(): Promise<string | null>;
}

/**
 * The page to return to after signing in: a path of this service only. Anything else (another
 * origin, `//host`, `/\host`) becomes the start page, so that the sign-in cannot send a user elsewhere.
 */
export function safeTarget(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.length > 2000)
    return '/';
  const base = 'http://grant-register.invalid';
  const url = new URL(value, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
}

/** The sign-in page naming why the sign-in failed. */
export const failurePage = (failure: SignInFailure) => `${SIGN_IN_PAGE}?fehler=${failure}`;

/** Whether a failure is the network's: fetch rejects with a TypeError with a cause, or times out. */
function unreachable(error: unknown): boolean {
  return (
    (error instanceof TypeError && error.cause !== undefined) ||
    (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  );
}

/** The failure an error of the token exchange stands for. */
export function failureOf(error: unknown): SignInFailure {
  if (unreachable(error)) return 'anbieter-nicht-erreichbar';
  if (error instanceof client.AuthorizationResponseError) return error.error === 'access_denied' ? 'abgebrochen' : 'fehlgeschlagen';
  if (error instanceof client.ResponseBodyError) return error.status >= 500 ? 'anbieter-nicht-erreichbar' : 'fehlgeschlagen';
  // A proxy in front of the provider answering 502 with a page of its own.
  if (error instanceof client.ClientError && error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') return 'anbieter-nicht-erreichbar';
  if (error instanceof UnauthenticatedError) return 'keine-rolle';
  return 'fehlgeschlagen';
}

export function oidcSignIn(options: {
  issuer: string;
  signIn: BrowserSignIn;
  sessions: SessionStore;
  secureCookies: boolean;
  logger: Logger;
}): OidcSignIn {
  const { issuer, signIn, sessions, secureCookies, logger } = options;
  const redirectUri = `${signIn.publicUrl}/auth/callback`;
  const key = new Uint8Array(hkdfSync('sha256', signIn.clientSecret, 'grant-register', SIGN_IN_COOKIE, 32));

  // Discovered at the first sign-in, not at start: the service starts while the provider is away, and a
  // failed discovery is tried again at the next sign-in.
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    if (!discovered) {
      discovered = client.discovery(new URL(issuer), signIn.clientId, signIn.clientSecret, undefined, {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        // Plain http only where the configuration allows it: outside production (src/config.ts).
        execute: new URL(issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [],
      });
      discovered.catch(() => (discovered = undefined));
    }
    return discovered;
  };

  const pendingCookie = async (pending: PendingSignIn | null) =>
    cookie.serialize(
      SIGN_IN_COOKIE,
      pending
        ? await new EncryptJWT({ ...pending })
            .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
            .setExpirationTime(`${SIGN_IN_MINUTES}m`)
            .encrypt(key)
        : '',
      { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/auth/callback', maxAge: pending ? SIGN_IN_MINUTES * 60 : 0 },
    );

  /** The sign-in this browser began here, or null when its cookie is missing, expired or was not made by this service. */
  const pendingOf = async (req: Request): Promise<PendingSignIn | null> => {
    const value = req.headers.cookie ? cookie.parse(req.headers.cookie)[SIGN_IN_COOKIE] : undefined;
    if (!value) return null;
    try {
      const { payload } = await jwtDecrypt(value, key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
      const { verifier, state, nonce, target } = payload;
      return [verifier, state, nonce, target].every((part) => typeof part === 'string')
        ? ({ verifier, state, nonce, target: safeTarget(target) } as PendingSignIn)
        : null;
    } catch {
      return null;
    }
  };

  /** Back to the sign-in page with the failure's code; the log names what went wrong (the error, or the provider's answer). */
  const fail = (res: Response, failure: SignInFailure, cause?: unknown) => {
    logger.warn(
      { ...(cause instanceof Error ? { err: cause } : { providerError: cause }), failure },
      'sign-in at the identity provider failed',
    );
    res.redirect(303, failurePage(failure));
  };

  const router = express.Router();

  router.get('/auth/sign-in', async (req, res) => {
    let config: client.Configuration;
    try {
      config = await configuration();
    } catch (error) {
      return fail(res, 'anbieter-nicht-erreichbar', error);
    }
    const pending: PendingSignIn = {
      verifier: client.randomPKCECodeVerifier(),
      state: client.randomState(),
      nonce: client.randomNonce(),
      target: safeTarget(req.query.ziel),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    res.set('cache-control', 'no-store');
    res.set('set-cookie', await pendingCookie(pending));
    res.redirect(303, url.href);
  });

  router.get('/auth/callback', async (req, res, next) => {
    const pending = await pendingOf(req);
    // The cookie serves one sign-in only.
    res.set('cache-control', 'no-store');
    res.append('set-cookie', await pendingCookie(null));
    // The provider's answer, read against the registered redirect URI (the one the code was issued for), not the request's host.
    const answer = new URL(req.url, redirectUri);
    const query = answer.searchParams;
    if (!pending || query.get('state') !== pending.state) return fail(res, 'ungueltig');
    const answered = query.get('error');
    if (answered) return fail(res, answered === 'access_denied' ? 'abgebrochen' : 'fehlgeschlagen', answered);
    try {
      const config = await configuration();
      const tokens = await client.authorizationCodeGrant(config, new URL(`${redirectUri}${answer.search}`), {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const actor = actorFromClaims(tokens.claims()!);
      const session = await sessions.create(actor, 'OIDC');
      logger.info({ subject: actor.subject, role: actor.role, method: 'OIDC' }, 'signed in');
      res.append('set-cookie', sessionCookie(session.key, secureCookies));
      res.redirect(303, pending.target);
    } catch (error) {
      // The database failing is the service's fault, not the sign-in's: it answers as any other request would.
      if (!isSignInError(error)) return next(error);
      fail(res, failureOf(error), error);
    }
  });

  return {
    router,
    async endSessionUrl() {
      try {
        const config = await configuration();
        if (!config.serverMetadata().end_session_endpoint) return null;
        return client
          .buildEndSessionUrl(config, { client_id: signIn.clientId, post_logout_redirect_uri: `${signIn.publicUrl}${SIGN_IN_PAGE}` })
          .toString();
      } catch (error) {
        logger.warn({ err: error }, 'the identity provider is not reachable; the session there stays');
        return null;
      }
    },
  };
}

/** Errors of the provider, the network to it, or its claims; anything else is the service's own. */
function isSignInError(error: unknown): boolean {
  return (
    unreachable(error) ||
    error instanceof client.ClientError ||
    error instanceof client.AuthorizationResponseError ||
    error instanceof client.ResponseBodyError ||
    error instanceof client.WWWAuthenticateChallengeError ||
    error instanceof UnauthenticatedError
  );
}

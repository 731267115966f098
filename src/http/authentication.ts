// Bearer tokens (JWT): verified against the identity provider's keys, or a local secret in the embedded set-up.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Authentication } from '../config.js';
import { ROLES, type Actor, type Role } from '../services/access.js';
import { UnauthenticatedError } from '../services/errors.js';

export const LOCAL_ISSUER = 'urn:grant-register:local';
export const LOCAL_AUDIENCE = 'grant-register';
/** The longest a local token may be valid: 30 days, as `grants token --hours` allows. */
export const MAX_LOCAL_TOKEN_HOURS = 24 * 30;
const AGS_PATTERN = /^\d{5}(\d{3})?$/;

export interface Authenticator {
  /** The caller a bearer token stands for; UnauthenticatedError when it is missing, expired or forged. */
  authenticate(authorization: string | undefined): Promise<Actor>;
}

/** Reads the local signing secret, creating it (readable by the owner only) on first use. */
export function localSecret(secretFile: string): Uint8Array {
  if (!existsSync(secretFile)) {
    mkdirSync(path.dirname(secretFile), { recursive: true });
    // Written whole under a name of its own, then linked into place: a process starting at the same
    // moment either finds no file or the complete one, and the first link wins.
    const draft = `${secretFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(draft, secretFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  chmodSync(secretFile, 0o600);
  return new TextEncoder().encode(readFileSync(secretFile, 'utf8').trim());
}

/** An address as the `email` claim names it; anything that does not look like one is no address. */
function emailOf(claim: unknown): string | null {
  return typeof claim === 'string' && claim.length <= 254 && /^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(claim) ? claim : null;
}

/** Token claims: `role`, `recipients` (AGS keys, finance officers), `cooperation` (team leads), `name`. */
export function actorFromClaims(payload: JWTPayload): Actor {
  const role = payload.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new UnauthenticatedError(`Das Zugangstoken nennt keine gültige Rolle; erwartet wird eine von ${ROLES.join(', ')}.`);
  }
  const recipients = payload.recipients ?? [];
  if (!Array.isArray(recipients) || !recipients.every((ags) => typeof ags === 'string' && AGS_PATTERN.test(ags))) {
    throw new UnauthenticatedError('Die Angabe „recipients“ des Zugangstokens muss eine Liste von AGS sein.');
  }
  const cooperation = payload.cooperation ?? null;
  if (cooperation !== null && typeof cooperation !== 'string')
    throw new UnauthenticatedError('Die Angabe „cooperation“ des Zugangstokens muss eine Kennung sein.');
  const subject = payload.sub ?? '';
  return {
    subject,
    name: typeof payload.name === 'string' && payload.name !== '' ? payload.name : subject,
    role: role as Role,
    recipientAgs: recipients as string[],
    cooperationId: cooperation,
    email: emailOf(payload.email),
  };
}

/** Verified tokens kept: enough for every client of a busy hour. */
const VERIFIED_TOKENS = 10_000;
const VERIFIED_TOKEN_TTL_MS = 5 * 60_000;

export function createAuthenticator(config: Authentication): Authenticator {
  const key: Uint8Array | JWTVerifyGetKey =
    config.kind === 'local' ? localSecret(config.secretFile) : createRemoteJWKSet(new URL(config.jwksUrl));
  const options =
    config.kind === 'local'
      ? {
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          algorithms: ['HS256'],
          requiredClaims: ['exp', 'iat'],
        }
      : { issuer: config.issuer, audience: config.audience, algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'], requiredClaims: ['exp'] };
  // A client sends the same token with every request; its signature is checked once, and the actor
  // is kept until the token expires (at most VERIFIED_TOKEN_TTL_MS, so that a rotated key takes effect).
  const verified = new LRUCache<string, Actor>({ max: VERIFIED_TOKENS, ttlAutopurge: false });
  return {
    async authenticate(authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
      if (!match?.[1]) throw new UnauthenticatedError();
      const known = verified.get(match[1]);
      if (known) return known;
      try {
        const { payload } = await jwtVerify(match[1], key as Uint8Array, options);
        if (!payload.sub) throw new UnauthenticatedError('Das Zugangstoken nennt keine Person (subject).');
        // A local token is issued for at most MAX_LOCAL_TOKEN_HOURS; one valid for longer was not made by `grants token`.
        if (config.kind === 'local' && payload.exp! - payload.iat! > MAX_LOCAL_TOKEN_HOURS * 3600) {
          throw new UnauthenticatedError(
            `Das Zugangstoken gilt länger als ${MAX_LOCAL_TOKEN_HOURS / 24} Tage; ein solches Token wird nicht angenommen.`,
          );
        }
        const actor = actorFromClaims(payload);
        const lifetime = payload.exp === undefined ? 0 : payload.exp * 1000 - Date.now();
        if (lifetime > 0) verified.set(match[1], actor, { ttl: Math.min(lifetime, VERIFIED_TOKEN_TTL_MS) });
        return actor;
      } catch (error) {
        if (error instanceof UnauthenticatedError) throw error;
        if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('Das Zugangstoken ist abgelaufen; bitte neu anmelden.');
        if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'exp') {
          throw new UnauthenticatedError('Das Zugangstoken hat kein Ablaufdatum (exp); ein solches Token wird nicht angenommen.');
        }
        throw new UnauthenticatedError('Das Zugangstoken gilt nicht für diesen Dienst.');
      }
    },
  };
}

export interface LocalTokenRequest {
  role: Role;
  subject: string;
  name?: string;
  recipients?: string[];
  cooperation?: string;
  hours?: number;
}

/** A token for the embedded set-up, signed with the local secret. */
export async function signLocalToken(secretFile: string, request: LocalTokenRequest): Promise<string> {
  const claims: JWTPayload = { role: request.role, name: request.name ?? request.subject };
  if (request.recipients?.length) claims.recipients = request.recipients;
  if (request.cooperation) claims.cooperation = request.cooperation;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(request.subject)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${Math.min(request.hours ?? 8, MAX_LOCAL_TOKEN_HOURS)}h`)
    .sign(localSecret(secretFile));
}

// Sessions of the web application. The browser never holds a token: it gets a random key in an
// HttpOnly, SameSite cookie, and the session (who, with which rights, until when) is a row of
// `user_session` in the service's database, found by the key's SHA-256. A request that changes
// something must also carry the session's CSRF token in a header, which a page of another site can
// neither read nor send. Scripts keep using bearer tokens; a request with an Authorization header is
// judged by it alone.
import { createHash, randomBytes } from 'node:crypto';
import * as cookie from 'cookie';
import type { IncomingMessage } from 'node:http';
import { UserSession, type SignInMethod } from '../entities/index.js';
import type { Orm } from '../orm.js';
import { ROLES, type Actor, type Role } from '../services/access.js';
import { UnauthenticatedError } from '../services/errors.js';
import { rememberUser } from '../services/users.js';
import type { Authenticator } from './authentication.js';

export const SESSION_COOKIE = 'grants_session';
export const CSRF_HEADER = 'x-csrf-token';

/** A session ends after this long without a request, and after at most MAX_SESSION_HOURS in all. */
export const SESSION_IDLE_MINUTES = 60;
export const MAX_SESSION_HOURS = 10;
/** The idle expiry is moved on at most this often, so that a busy page does not write on every request. */
const EXTEND_AFTER_MS = 60_000;

export const SESSION_EXPIRED_MESSAGE = 'Die Sitzung ist abgelaufen oder wurde beendet; bitte neu anmelden.';
export const CSRF_MESSAGE =
  'Die Anfrage trägt nicht das Sicherheitsmerkmal der Sitzung (Kopfzeile x-csrf-token); bitte die Seite neu laden und erneut versuchen.';

const hash = (key: string) => createHash('sha256').update(key).digest('hex');

export interface SignedIn {
  actor: Actor;
  csrfToken: string;
  method: SignInMethod;
  expiresAt: Date;
}

export interface NewSession extends SignedIn {
  /** The cookie's value; known only to the browser from here on. */
  key: string;
}

export class SessionStore {
  constructor(
    private readonly orm: Orm,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(actor: Actor, method: SignInMethod): Promise<NewSession> {
    const key = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + SESSION_IDLE_MINUTES * 60_000);
    const em = this.orm.em.fork();
    // Past the unit of work: a session is no record of the register, and its rows are not in the audit trail.
    await em.insert(UserSession, {
      id: hash(key),
      subject: actor.subject,
      name: actor.name,
      role: actor.role,
      recipientAgs: [...actor.recipientAgs],
      cooperationId: actor.cooperationId,
      csrfToken,
      method,
      createdAt,
      expiresAt,
    });
    // Expired sessions of anyone are removed now and then, so that the table stays small.
    await em.nativeDelete(UserSession, { expiresAt: { $lt: createdAt } });
    await rememberUser(em, actor, createdAt);
    return { key, actor, csrfToken, method, expiresAt };
  }

  /** The session of a cookie key, its idle expiry moved on; null when there is none or it expired. */
  async find(key: string): Promise<SignedIn | null> {
    const em = this.orm.em.fork();
    const row = await em.findOne(UserSession, { id: hash(key) }, { disableIdentityMap: true });
    const now = this.now();
    if (!row) return null;
    const hardEnd = row.createdAt.getTime() + MAX_SESSION_HOURS * 3_600_000;
    if (row.expiresAt <= now || hardEnd <= now.getTime() || !(ROLES as readonly string[]).includes(row.role)) {
      await em.nativeDelete(UserSession, { id: row.id });
      return null;
    }
    let expiresAt = row.expiresAt;
    const next = new Date(Math.min(now.getTime() + SESSION_IDLE_MINUTES * 60_000, hardEnd));
    if (next.getTime() - row.expiresAt.getTime() > EXTEND_AFTER_MS) {
      await em.nativeUpdate(UserSession, { id: row.id }, { expiresAt: next });
      expiresAt = next;
    }
    return {
      actor: {
        subject: row.subject,
        name: row.name,
        role: row.role as Role,
        recipientAgs: row.recipientAgs,
        cooperationId: row.cooperationId ?? null,
      },
      csrfToken: row.csrfToken,
      method: row.method,
      expiresAt,
    };
  }

  async end(key: string): Promise<void> {
    await this.orm.em.fork().nativeDelete(UserSession, { id: hash(key) });
  }
}

/** The session key a request's cookie carries, if any. */
export function sessionKeyOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const key = cookie.parse(header)[SESSION_COOKIE];
  return key && /^[\w-]{20,100}$/.test(key) ? key : undefined;
}

/** The Set-Cookie value for a new session, or one that removes it (`key` null). */
export function sessionCookie(key: string | null, secure: boolean): string {
  return cookie.serialize(SESSION_COOKIE, key ?? '', {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    // No Max-Age: the cookie ends with the browser; the session ends on the server in any case.
    ...(key === null ? { maxAge: 0 } : {}),
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who sends a request: by its bearer token, or by its session cookie (with the CSRF token for a change). */
export interface RequestAuthenticator {
  authenticate(req: IncomingMessage): Promise<Actor>;
}

export function requestAuthenticator(bearer: Authenticator, sessions: SessionStore): RequestAuthenticator {
  return {
    async authenticate(req) {
      if (req.headers.authorization !== undefined) return bearer.authenticate(req.headers.authorization);
      const key = sessionKeyOf(req);
      if (!key) return bearer.authenticate(undefined);
      const session = await sessions.find(key);
      if (!session) throw new UnauthenticatedError(SESSION_EXPIRED_MESSAGE, 'SESSION_EXPIRED');
      if (!SAFE_METHODS.has(req.method ?? 'GET') && req.headers[CSRF_HEADER] !== session.csrfToken)
        throw new UnauthenticatedError(CSRF_MESSAGE, 'CSRF_TOKEN_MISSING');
      return session.actor;
    },
  };
}

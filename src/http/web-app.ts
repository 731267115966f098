// The web application at /: its built files (web/dist), the sign-in of the demonstration users in the
// embedded set-up (the one at the identity provider is src/http/oidc-sign-in.ts), the session the
// application asks for, and signing out.
import { existsSync } from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { Cooperation } from '../entities/index.js';
import { sourceRoot, type Orm } from '../orm.js';
import { ROLE_NAMES, type Actor } from '../services/access.js';
import type { OidcSignIn } from './oidc-sign-in.js';
import { CSRF_HEADER, sessionCookie, sessionKeyOf, type SessionStore } from './sessions.js';
import { sendError } from './route-support.js';

/** Where Vite puts the built application (`npm run build`). */
export const WEB_DIST = path.join(sourceRoot, 'web', 'dist');

/** Paths of the service itself; everything else under / is a page of the application. */
const SERVICE_PATHS = /^\/(graphql|reports|imports|auth|healthz|readyz|ide)(\/|$)/;

/** The demonstration users of the seed story, offered only in the embedded set-up without an identity provider. */
interface DemoUser {
  key: string;
  label: string;
  description: string;
  actor(orm: Orm): Promise<Actor | null>;
}

/** The service team of the seed story, whose lead is a demonstration user. */
const SERVICE_TEAM = 'Interkommunales E-Government-Serviceteam Nordthüringen';

export const DEMO_USERS: readonly DemoUser[] = [
  {
    key: 'finanzen-kyffhaeuserkreis',
    label: 'Finanzen Kyffhäuserkreis',
    description: 'Finanzsachbearbeitung des Kyffhäuserkreises (AGS 16065): eigene Zuwendungsbescheide, Belege, Mittelabrufe.',
    actor: async () => ({
      subject: 'demo-finanzen-16065',
      name: 'Finanzen Kyffhäuserkreis',
      role: 'FINANCE_OFFICER',
      recipientAgs: ['16065'],
      cooperationId: null,
      email: 'finanzen@kyffhaeuserkreis.example',
    }),
  },
  {
    key: 'leitung-serviceteam',
    label: 'Leitung des Serviceteams',
    description: `Leitung des ${SERVICE_TEAM}: Budgets aller Mitglieder, gemeinsame Beschaffungen.`,
    actor: async (orm) => {
      const team = await orm.em.fork().findOne(Cooperation, { name: SERVICE_TEAM });
      return team
        ? {
            subject: 'demo-leitung-serviceteam',
            name: 'Leitung Serviceteam Nordthüringen',
            role: 'TEAM_LEAD',
            recipientAgs: [],
            cooperationId: team.id,
            email: 'leitung@serviceteam-nordthueringen.example',
          }
        : null;
    },
  },
  {
    key: 'pruefung-ministerium',
    label: 'Prüfung des Ministeriums',
    description: 'Prüferin des Thüringer Finanzministeriums: liest alles, lädt die Berichte.',
    actor: async () => ({
      subject: 'demo-pruefung',
      name: 'Prüfung Thüringer Finanzministerium',
      role: 'AUDITOR',
      recipientAgs: [],
      cooperationId: null,
      email: 'pruefung@tfm.thueringen.example',
    }),
  },
  {
    key: 'administration',
    label: 'Administration',
    description: 'Pflegt Programm, Haushaltsansätze, Zuwendungsempfänger und Zweckvereinbarungen.',
    actor: async () => ({
      subject: 'demo-administration',
      name: 'Administration',
      role: 'ADMIN',
      recipientAgs: [],
      cooperationId: null,
      email: 'administration@tfm.thueringen.example',
    }),
  },
];

/** The signed-in user as the application shows it. */
function userView(actor: Actor) {
  return {
    name: actor.name,
    role: actor.role,
    roleName: ROLE_NAMES[actor.role],
    recipients: actor.recipientAgs,
    cooperationId: actor.cooperationId,
  };
}

/** A request from a page of this service itself: a browser names the page's origin on every POST. */
function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function webAppRouter(options: {
  orm: Orm;
  sessions: SessionStore;
  demoSignIn: boolean;
  /** The sign-in at the identity provider, when the service is its client. */
  oidc?: OidcSignIn | undefined;
  secureCookies: boolean;
  logger: Logger;
  /** The built application; WEB_DIST unless a test built its own. */
  webDist?: string;
}): Router {
  const { orm, sessions, demoSignIn, oidc, secureCookies, logger, webDist = WEB_DIST } = options;
  const router = express.Router();
  /** Which sign-in the page offers; none when the service takes bearer tokens only. */
  const signIn = oidc ? 'oidc' : demoSignIn ? 'demo' : null;

  router.get('/auth/session', async (req, res, next) => {
    try {
      const key = sessionKeyOf(req);
      const session = key ? await sessions.find(key) : null;
      res.set('cache-control', 'no-store');
      res.json({
        user: session ? userView(session.actor) : null,
        csrfToken: session?.csrfToken ?? null,
        expiresAt: session?.expiresAt.toISOString() ?? null,
        demoSignIn,
        signIn,
      });
    } catch (error) {
      next(error);
    }
  });

  router.get('/auth/demo-users', async (_req, res, next) => {
    if (!demoSignIn)
      return sendError(res, 404, 'NOT_FOUND', 'Die Anmeldung als Demonstrationsnutzer gibt es nur in der eingebetteten Einrichtung.');
    try {
      const offered = [];
      for (const user of DEMO_USERS)
        if (await user.actor(orm)) offered.push({ key: user.key, label: user.label, description: user.description });
      res.json({ users: offered });
    } catch (error) {
      next(error);
    }
  });

  router.post('/auth/demo', express.json({ limit: '1kb' }), async (req: Request, res: Response, next) => {
    if (!demoSignIn)
      return sendError(res, 404, 'NOT_FOUND', 'Die Anmeldung als Demonstrationsnutzer gibt es nur in der eingebetteten Einrichtung.');
    if (!sameOrigin(req)) return sendError(res, 403, 'FORBIDDEN', 'Die Anmeldung muss von einer Seite dieses Dienstes kommen.');
    try {
      const wanted = (req.body as { user?: unknown } | undefined)?.user;
      const user = DEMO_USERS.find((candidate) => candidate.key === wanted);
      const actor = user ? await user.actor(orm) : null;
      if (!actor)
        return sendError(res, 400, 'BAD_USER_INPUT', 'Diesen Demonstrationsnutzer gibt es nicht.', {
          reason: 'INVALID_VALUE',
          field: 'user',
        });
      const session = await sessions.create(actor, 'DEMO');
      logger.info({ subject: actor.subject, role: actor.role, method: 'DEMO' }, 'signed in');
      res.set('set-cookie', sessionCookie(session.key, secureCookies));
      res.json({
        user: userView(actor),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
        demoSignIn,
        signIn,
      });
    } catch (error) {
      next(error);
    }
  });

  router.post('/auth/sign-out', async (req, res, next) => {
    try {
      const key = sessionKeyOf(req);
      const session = key ? await sessions.find(key) : null;
      if (session && req.headers[CSRF_HEADER] !== session.csrfToken) {
        return sendError(res, 403, 'FORBIDDEN', 'Die Abmeldung muss von einer Seite dieses Dienstes kommen; bitte die Seite neu laden.');
      }
      if (key) await sessions.end(key);
      if (session) logger.info({ subject: session.actor.subject }, 'signed out');
      res.set('set-cookie', sessionCookie(null, secureCookies));
      // Signed in at the provider: the page sends the browser there, so that the next sign-in asks again.
      const endSessionUrl = session?.method === 'OIDC' ? await oidc?.endSessionUrl() : null;
      if (endSessionUrl) res.json({ endSessionUrl });
      else res.status(204).end();
    } catch (error) {
      next(error);
    }
  });

  // The built application: hashed assets are kept by the browser, the page itself is asked for anew.
  // Scripts, styles and the page go out compressed (a third of their size); fonts are compressed already.
  const pageCompression = compression({ filter: (req, res) => !SERVICE_PATHS.test(req.path) && compression.filter(req, res) });
  router.use(pageCompression);
  router.use(
    express.static(webDist, {
      index: false,
      setHeaders: (res, file) =>
        res.set('cache-control', /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    }),
  );
  router.get(/.*/, (req, res, next) => {
    if (SERVICE_PATHS.test(req.path) || !req.accepts('html')) return next();
    const page = path.join(webDist, 'index.html');
    if (!existsSync(page)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('Die Weboberfläche ist nicht gebaut. Bitte „npm run build“ ausführen (npm start tut das selbst).');
      return;
    }
    res.set('cache-control', 'no-cache');
    res.set(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    res.sendFile(page);
  });
  return router;
}

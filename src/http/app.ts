// The HTTP surface: GraphQL, receipt imports, report downloads, the offline IDE and the health endpoints, on one express app.
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { GraphQLError, Kind, parse, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { LOAD_DEFAULTS, type BrowserSignIn } from '../config.js';
import { engineGuardOf, type Orm } from '../orm.js';
import { createLoaders } from '../resolvers/loaders.js';
import type { RequestContext } from '../schema/context.js';
import { ErrorCode, formatGraphQLError, INTERNAL_ERROR_MESSAGE, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../schema/errors.js';
import { Access, ANONYMOUS_ACTOR, type Actor } from '../services/access.js';
import { currentCall, runAs } from '../services/call-context.js';
import { UnauthenticatedError } from '../services/errors.js';
import type { Authenticator } from './authentication.js';
import { calendarFeedRouter, withoutFeedKey } from './calendar-feed.js';
import { dryRunPlugin } from './dry-run.js';
import { apolloHardening, OPERATION_LIMITS, withoutSuggestions } from './hardening.js';
import { ideRouter } from './ide.js';
import { inFlightLimit, type InFlightOptions } from './in-flight.js';
import { importsRouter } from './imports.js';
import { oidcSignIn } from './oidc-sign-in.js';
import { reportsRouter } from './reports.js';
import { requestAuthenticator, SessionStore } from './sessions.js';
import { webAppRouter } from './web-app.js';

export const GRAPHQL_PATH = '/graphql';
/** Larger bodies are refused before they are parsed. */
export const BODY_LIMIT = '1mb';

const INVALID_UTF8 = 'encoding.invalid-utf8';
const INVALID_UTF8_MESSAGE =
  'Der Inhalt der Anfrage ist kein gültiges UTF-8; Umlaute und andere Zeichen würden verfälscht gespeichert. Bitte als UTF-8 senden.';

/**
 * The JSON parser would decode broken UTF-8 into replacement characters (U+FFFD) and store them in
 * place of the umlauts the user typed; such a body is refused before it is parsed.
 */
function refuseInvalidUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw Object.assign(new Error('invalid UTF-8 in the request body'), { status: 400, type: INVALID_UTF8 });
}

export interface HttpApp {
  app: Express;
  apollo: ApolloServer<RequestContext>;
  /** False once shutdown has begun, so that load balancers stop sending requests. */
  setReady(ready: boolean): void;
  /** Requests being worked on under the in-flight bound, and those waiting for a slot. */
  load(): { inFlight: number; waiting: number };
}

/**
 * Logs errors that reach the client as internal ones, with the request id to find them by. They are
 * told apart as formatError will: at this point a refused input has no code yet either, and logging
 * every refusal would let any caller flood the error log.
 */
function internalErrorLogger(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = formatGraphQLError(error.toJSON(), error).extensions?.code;
            if (code === ErrorCode.SERVICE_UNAVAILABLE) {
              logger.warn({ err: error.originalError ?? error, requestId: contextValue.requestId }, 'the database is unavailable');
            } else if (code === ErrorCode.INTERNAL_SERVER_ERROR) {
              logger.error(
                { err: error.originalError ?? error, requestId: contextValue.requestId, path: error.path },
                'GraphQL request failed',
              );
            }
          }
        },
      };
    },
  };
}

/**
 * While the database is away, a GraphQL answer is HTTP 503 with Retry-After, as /readyz answers, so
 * that a client or a load balancer retries instead of reporting an internal error.
 */
function unavailableDatabase(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, errors }) {
          if (!errors?.some((error) => isDatabaseUnavailable(error.originalError ?? error))) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}

/** Header naming the SQL statements a GraphQL request sent (outside production): a test holds it constant per query. */
export const SQL_STATEMENTS_HEADER = 'x-sql-statements';

/** Logs how many SQL statements each GraphQL request sent, and outside production tells the client too. */
function statementCounter(logger: Logger, production: boolean): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operationName }) {
          const statements = currentCall().sqlStatements ?? 0;
          logger.debug({ requestId: contextValue?.requestId, operationName, sqlStatements: statements }, 'GraphQL request done');
          if (!production) response.http.headers.set(SQL_STATEMENTS_HEADER, String(statements));
        },
      };
    },
  };
}

/**
 * The root fields of a mutation run one after another, and each may read what the one before it wrote:
 * each starts with fresh loaders, so that none answers from what an earlier field of the request loaded.
 */
function freshLoadersPerMutation(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ operation }) {
          // No operation when the operation name matches none of the document's (Apollo then answers with an error).
          if ((operation as typeof operation | undefined)?.operation !== 'mutation') return;
          return {
            willResolveField({ contextValue, info }) {
              if (info.parentType.name === 'Mutation') contextValue.loaders = createLoaders(contextValue.em, contextValue.access);
            },
          };
        },
      };
    },
  };
}

/**
 * Only `__schema`, `__type` and `__typename` at the top: what the IDE asks before a token is pasted.
 * Its introspection query brings fragments; they are harmless, since only the top-level fields can
 * lead to data and a spread there is refused.
 */
function isIntrospectionOnly(query: unknown): boolean {
  if (typeof query !== 'string') return false;
  try {
    // This parse runs before Apollo's, for callers without a token: it must stop at the same token limit.
    return parse(query, { maxTokens: OPERATION_LIMITS.maxTokens }).definitions.every(
      (definition) =>
        definition.kind === Kind.FRAGMENT_DEFINITION ||
        (definition.kind === Kind.OPERATION_DEFINITION &&
          definition.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith('__'))),
    );
  } catch {
    return false;
  }
}

function unauthenticated(error: UnauthenticatedError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', reason: error.reason, http: { status: 401 } } });
}

type AuthenticatedRequest = express.Request & { actor?: Actor; authError?: UnauthenticatedError };

/** What the body parser passes on: http-errors with a status and, for the known cases, a type. */
type BodyError = Error & { status?: number; statusCode?: number; type?: string };

export async function createHttpApp(options: {
  orm: Orm;
  schema: GraphQLSchema;
  logger: Logger;
  authenticator: Authenticator;
  production: boolean;
  /** The demonstration users' sign-in page: only in the embedded set-up without an identity provider. */
  demoSignIn?: boolean;
  /** The browser's sign-in at the identity provider, when the service is its client. */
  browserSignIn?: { issuer: string; signIn: BrowserSignIn };
  /** The built web application, when not web/dist. */
  webDist?: string;
  /** The bound on requests worked on at once, for GraphQL, imports and reports (not the health endpoints); the configuration's defaults when left out. */
  load?: InFlightOptions;
  /** The external base URL (PUBLIC_URL), for the links of the calendar feed; the request's origin when unset. */
  publicUrl?: string | undefined;
}): Promise<HttpApp> {
  const { orm, schema, logger, production, demoSignIn = false, webDist } = options;
  const sessions = new SessionStore(orm);
  const authenticator = requestAuthenticator(options.authenticator, sessions);
  const load = options.load ?? { maxInFlight: LOAD_DEFAULTS.maxInFlightRequests, queueMs: LOAD_DEFAULTS.requestQueueMs };
  let ready = true;

  const hardening = apolloHardening<RequestContext>();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => withoutSuggestions(formatGraphQLError(formatted, error)),
    csrfPrevention: true,
    // Shutdown is ours (src/server.ts): requests finish, then the database closes; Apollo's own handler would end the process first.
    stopOnTerminationSignals: false,
    ...hardening,
    // The IDE is the offline one at /ide (development only); Apollo's landing page would load one from its CDN.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      internalErrorLogger(logger),
      unavailableDatabase(),
      statementCounter(logger, production),
      freshLoadersPerMutation(),
      dryRunPlugin(),
      ...(hardening.plugins ?? []),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      // The key of a calendar feed's address is its only credential: the log does not keep it.
      serializers: { req: (req: { url: string }) => ({ ...req, url: withoutFeedKey(req.url) }) },
    }),
  );

  // A full disk ends the embedded engine's use (src/database-failure.ts): the process is no longer live.
  const engine = engineGuardOf(orm);
  app.get('/healthz', (_req, res) => {
    if (engine?.failure()) {
      res.status(503).json({ status: 'storage full' });
      return;
    }
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    if (engine?.failure()) {
      res.status(503).set('retry-after', String(RETRY_AFTER_SECONDS)).json({ status: 'storage full' });
      return;
    }
    if (!ready) {
      res.status(503).json({ status: 'shutting down' });
      return;
    }
    try {
      await orm.em.fork().getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'database unavailable' });
    }
  });

  if (!production) app.use(ideRouter({ graphqlPath: GRAPHQL_PATH, title: 'Grant register — GraphQL' }));

  // What follows does the work: beyond the bound a request is refused at once (503 SERVICE_BUSY), before
  // its body is read. /healthz and /readyz above always answer.
  const limit = inFlightLimit(load);
  app.use(limit);

  app.use(
    GRAPHQL_PATH,
    express.json({ limit: BODY_LIMIT, verify: refuseInvalidUtf8 }),
    // The caller is known before GraphQL runs, so that everything the request does (the audit trail too) knows it.
    (req: AuthenticatedRequest, _res, next) => {
      authenticator.authenticate(req).then(
        (actor) => {
          req.actor = actor;
          runAs({ actor, requestId: String(req.id) }, next);
        },
        (error: unknown) => {
          if (!(error instanceof UnauthenticatedError)) return next(error);
          req.authError = error;
          next();
        },
      );
    },
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<RequestContext> => {
        const { actor, authError } = req as AuthenticatedRequest;
        const em = orm.em.fork();
        const withAccess = (access: Access): RequestContext => ({
          em,
          requestId: String(req.id),
          access,
          loaders: createLoaders(em, access),
        });
        if (actor) return withAccess(await Access.resolve(em, actor));
        if (!production && isIntrospectionOnly((req.body as { query?: unknown } | undefined)?.query)) {
          return withAccess(await Access.resolve(em, ANONYMOUS_ACTOR));
        }
        throw unauthenticated(authError ?? new UnauthenticatedError());
      },
    }),
  );

  // Receipt imports (Belegimport): the file as the request body, beside GraphQL.
  app.use(importsRouter({ orm, authenticator, logger }));

  // Report downloads (Verwendungsnachweis and the other workbooks for the state).
  app.use(reportsRouter({ orm, authenticator, logger }));

  // The calendar feeds (Fristen as iCalendar), reached by their secret address alone.
  app.use(calendarFeedRouter({ orm, logger, publicUrl: options.publicUrl }));

  // The web application at /, with its sign-in and session.
  const oidc = options.browserSignIn ? oidcSignIn({ ...options.browserSignIn, sessions, secureCookies: production, logger }) : undefined;
  if (oidc) app.use(oidc.router);
  app.use(webAppRouter({ orm, sessions, demoSignIn, oidc, secureCookies: production, logger, ...(webDist ? { webDist } : {}) }));

  app.use((error: BodyError, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    if (error.type === 'entity.too.large') {
      res.status(413).json({
        errors: [
          {
            message: `Der Inhalt der Anfrage ist größer als ${BODY_LIMIT.replace('mb', ' MB')}.`,
            extensions: { code: 'PAYLOAD_TOO_LARGE' },
          },
        ],
      });
      return;
    }
    if (error.type === 'entity.parse.failed') {
      res
        .status(400)
        .json({ errors: [{ message: 'Der Inhalt der Anfrage ist kein gültiges JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    if (error.type === INVALID_UTF8) {
      res.status(400).json({ errors: [{ message: INVALID_UTF8_MESSAGE, extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    // The body parser's other refusals (unknown charset or encoding, undecodable gzip) are the client's fault too.
    const status = error.status ?? error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const message =
        status === 415
          ? 'Der Inhalt der Anfrage muss JSON in UTF-8 sein, unkomprimiert oder mit gzip, deflate oder br komprimiert.'
          : 'Der Inhalt der Anfrage konnte nicht gelesen werden.';
      res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    logger.error({ err: error }, 'HTTP request failed');
    res.status(500).json({ errors: [{ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  return {
    app,
    apollo,
    setReady: (value) => (ready = value),
    load: () => ({ inFlight: limit.inFlight, waiting: limit.waiting }),
  };
}

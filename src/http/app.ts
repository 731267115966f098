// The HTTP surface: GraphQL, the offline IDE and the health endpoints, on one express app.
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { GraphQLError, Kind, parse, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Orm } from '../orm.js';
import type { RequestContext } from '../schema/context.js';
import { formatGraphQLError } from '../schema/errors.js';
import { Access, ANONYMOUS_ACTOR, type Actor } from '../services/access.js';
import { runAs } from '../services/call-context.js';
import { UnauthenticatedError } from '../services/errors.js';
import type { Authenticator } from './authentication.js';
import { ideRouter } from './ide.js';

export const GRAPHQL_PATH = '/graphql';
/** Larger bodies are refused before they are parsed. */
export const BODY_LIMIT = '1mb';

export interface HttpApp {
  app: Express;
  apollo: ApolloServer<RequestContext>;
  /** False once shutdown has begun, so that load balancers stop sending requests. */
  setReady(ready: boolean): void;
}

/** Logs errors that reach the client as internal ones, with the request id to find them by. */
function internalErrorLogger(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (!error.extensions?.code || error.extensions.code === 'INTERNAL_SERVER_ERROR') {
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

/** Only `__schema`, `__type` and `__typename` at the top: what the IDE asks before a token is pasted. */
function isIntrospectionOnly(query: unknown): boolean {
  if (typeof query !== 'string') return false;
  try {
    return parse(query).definitions.every(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION &&
        definition.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith('__')),
    );
  } catch {
    return false;
  }
}

function unauthenticated(error: UnauthenticatedError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

type AuthenticatedRequest = express.Request & { actor?: Actor; authError?: UnauthenticatedError };

export async function createHttpApp(options: {
  orm: Orm;
  schema: GraphQLSchema;
  logger: Logger;
  authenticator: Authenticator;
  production: boolean;
}): Promise<HttpApp> {
  const { orm, schema, logger, authenticator, production } = options;
  let ready = true;

  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    formatError: formatGraphQLError,
    csrfPrevention: true,
    plugins: [internalErrorLogger(logger)],
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
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
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

  if (!production) {
    app.use(ideRouter({ graphqlPath: GRAPHQL_PATH, title: 'Grant register — GraphQL' }));
    app.get('/', (_req, res) => res.redirect('/ide'));
  }

  app.use(
    GRAPHQL_PATH,
    express.json({ limit: BODY_LIMIT }),
    // The caller is known before GraphQL runs, so that everything the request does (the audit trail too) knows it.
    (req: AuthenticatedRequest, _res, next) => {
      authenticator.authenticate(req.headers.authorization).then(
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
        if (actor) return { em, requestId: String(req.id), access: await Access.resolve(em, actor) };
        if (!production && isIntrospectionOnly((req.body as { query?: unknown } | undefined)?.query)) {
          return { em, requestId: String(req.id), access: await Access.resolve(em, ANONYMOUS_ACTOR) };
        }
        throw unauthenticated(authError ?? new UnauthenticatedError());
      },
    }),
  );

  app.use((error: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    if (error.type === 'entity.too.large') {
      res
        .status(413)
        .json({ errors: [{ message: `The request body is larger than ${BODY_LIMIT}.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      return;
    }
    if (error.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    logger.error({ err: error }, 'HTTP request failed');
    res.status(500).json({ errors: [{ message: 'An internal error occurred.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  return { app, apollo, setReady: (value) => (ready = value) };
}

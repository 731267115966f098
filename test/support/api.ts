// The service started on a free port of 127.0.0.1 with a fresh database, tokens for it, and a GraphQL client.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Config } from '../../src/config.js';
import { signLocalToken, type LocalTokenRequest } from '../../src/http/authentication.js';
import { startService, type RunningService, type ServiceOptions } from '../../src/server.js';
import { createTestDatabase } from './database.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  /** SQL statements the request sent, as the service reports them outside production. */
  sqlStatements?: number | null;
  data?: T | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string; reason?: string; field?: string; figures?: Record<string, string> };
  }[];
}

export type TokenRequest = Omit<LocalTokenRequest, 'subject'> & { subject?: string };

export interface TestApi {
  service: RunningService;
  url: string;
  /** The local signing secret of this service, for tests that craft their own tokens. */
  secretFile: string;
  /** A token signed with this service's local secret. */
  token(request: TokenRequest): Promise<string>;
  /** Posts a GraphQL operation with the given bearer token (none when null) and returns status and body. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> | undefined,
    token: string | null,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** A configuration for tests: a free port, no logs, local tokens signed with a secret in `secretDir`. */
export function testConfig(database: Config['database'], secretDir: string): Config {
  return {
    database,
    authentication: { kind: 'local', secretFile: path.join(secretDir, 'auth-secret') },
    port: 0,
    host: '127.0.0.1',
    env: 'test',
    logLevel: 'silent',
    shutdownTimeoutMs: 2_000,
    maxInFlightRequests: 64,
    requestQueueMs: 0,
    heapMb: 256,
  };
}

export async function postGraphQL<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  token: string | null,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const statements = response.headers.get('x-sql-statements');
  return {
    status: response.status,
    sqlStatements: statements === null ? null : Number(statements),
    ...((await response.json()) as object),
  };
}

/**
 * The service on a fresh test database; `settings` replace those of the test configuration (e.g. the
 * in-flight bound), `options` are those of startService (e.g. a web application built by the test).
 */
export async function startTestApi(settings: Partial<Omit<Config, 'database'>> = {}, options: ServiceOptions = {}): Promise<TestApi> {
  const testDatabase = await createTestDatabase();
  const secretDir = mkdtempSync(path.join(tmpdir(), 'grants-auth-'));
  const config = { ...testConfig(testDatabase.database, secretDir), ...settings };
  const service = await startService(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), options);
  const secretFile = config.authentication.kind === 'local' ? config.authentication.secretFile : '';
  return {
    service,
    url: service.url,
    secretFile,
    token: (request) => signLocalToken(secretFile, { subject: `test-${request.role.toLowerCase()}`, ...request }),
    gql: (query, variables, token) => postGraphQL(service.url, query, variables, token),
    async stop() {
      await service.stop();
      await testDatabase.drop();
      rmSync(secretDir, { recursive: true, force: true });
    },
  };
}

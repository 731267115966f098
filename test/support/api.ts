// The service started on a free port of 127.0.0.1 with a fresh database, and a GraphQL client for it.
import { pino } from 'pino';
import type { Config } from '../../src/config.js';
import { startService, type RunningService } from '../../src/server.js';
import { createTestDatabase } from './database.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string; field?: string; figures?: Record<string, string> };
  }[];
}

export interface TestApi {
  service: RunningService;
  url: string;
  /** Posts a GraphQL operation and returns status and body. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export function testConfig(database: Config['database']): Config {
  return { database, port: 0, host: '127.0.0.1', env: 'test', logLevel: 'silent', shutdownTimeoutMs: 2_000 };
}

export async function startTestApi(): Promise<TestApi> {
  const testDatabase = await createTestDatabase();
  const service = await startService(testConfig(testDatabase.database), pino({ level: 'silent' }));
  return {
    service,
    url: service.url,
    async gql(query, variables) {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async stop() {
      await service.stop();
      await testDatabase.drop();
    },
  };
}

// PostgreSQL going away at run time (PostgreSQL only): GraphQL answers 503 SERVICE_UNAVAILABLE with
// Retry-After and a German message, as /readyz does, not an internal error; once the database is
// back, the same request succeeds without a restart.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { usingPostgres } from '../support/database.js';

let api: TestApi;
let auditor: string;
let databaseName: string;

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function recipients(): Promise<{
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
}> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${auditor}` },
    body: JSON.stringify({ query: '{ recipients { totalCount } }' }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as never };
}

describe.skipIf(!usingPostgres)('a database that goes away', () => {
  beforeAll(async () => {
    api = await startTestApi();
    auditor = await api.token({ role: 'AUDITOR', name: 'Prüfung' });
    databaseName = String(api.service.orm.config.get('dbName'));
  });

  afterAll(async () => {
    await asAdmin(`alter database "${databaseName}" with allow_connections true`).catch(() => undefined);
    await api?.stop();
  });

  it('is answered 503 with Retry-After while it is away, and served again when it is back', async () => {
    expect((await recipients()).status).toBe(200);
    await asAdmin(`alter database "${databaseName}" with allow_connections false`);
    await asAdmin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${databaseName}' and pid <> pg_backend_pid()`);

    const away = await recipients();
    expect([away.status, away.retryAfter]).toEqual([503, '5']);
    expect(away.body.errors).toEqual([
      {
        message: 'Die Datenbank ist gerade nicht erreichbar; es wurde nichts gespeichert. Bitte in einigen Sekunden erneut versuchen.',
        extensions: { code: 'SERVICE_UNAVAILABLE' },
        path: ['recipients'],
      },
    ]);
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(503);

    await asAdmin(`alter database "${databaseName}" with allow_connections true`);
    const back = await recipients();
    expect(back.status).toBe(200);
    expect(back.body.errors).toBeUndefined();
  });
});

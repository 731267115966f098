// The HTTP surface around GraphQL: health probes, body limits, malformed bodies, CSRF prevention and what errors may reveal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
let adminToken: string;

beforeAll(async () => {
  api = await startTestApi();
  adminToken = await api.token({ role: 'ADMIN' });
});

afterAll(async () => {
  await api?.stop();
});

interface HttpAnswer {
  status: number;
  contentType: string | null;
  text: string;
}

/** Sends a request as an administrator, so that what is tested is the HTTP handling, not the token. */
async function send(path: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(`${api.url}${path}`, { ...init, headers: { authorization: `Bearer ${adminToken}`, ...init.headers } });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

function postJson(body: string): Promise<HttpAnswer> {
  return send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

/** Every error body seen here, checked at the end for anything a client should not see. */
const errorBodies: { label: string; text: string }[] = [];

function errorBody(label: string, answer: HttpAnswer): { errors: { message: string; extensions?: { code?: string } }[] } {
  errorBodies.push({ label, text: answer.text });
  expect(answer.contentType).toMatch(/^application\/json/);
  return JSON.parse(answer.text) as { errors: { message: string; extensions?: { code?: string } }[] };
}

describe('health probes', () => {
  it('answers /healthz with ok', async () => {
    const answer = await send('/healthz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ status: 'ok' });
  });

  it('answers /readyz with ready while the database responds', async () => {
    const answer = await send('/readyz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ status: 'ready' });
  });
});

describe('request bodies', () => {
  const operation = (padding: number) => JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(padding) } });

  it('refuses a body over 1 MB with 413 and a JSON error', async () => {
    // 1 MB is 1,048,576 bytes; 1,100,000 characters of padding alone exceed it.
    const answer = await postJson(operation(1_100_000));
    expect(answer.status).toBe(413);
    expect(errorBody('413', answer)).toEqual({
      errors: [{ message: 'Der Inhalt der Anfrage ist größer als 1 MB.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
  });

  it('accepts a body just under 1 MB', async () => {
    const answer = await postJson(operation(1_000_000));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a body that is not JSON with 400', async () => {
    const answer = await postJson('{"query": "{ __typename }"');
    expect(answer.status).toBe(400);
    expect(errorBody('invalid JSON', answer)).toEqual({
      errors: [{ message: 'Der Inhalt der Anfrage ist kein gültiges JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('refuses a body that is not valid UTF-8 with 400 instead of storing replacement characters', async () => {
    // "Kyffh\xe4userkreis" in Latin-1: the byte E4 alone is no UTF-8.
    const latin1 = Buffer.concat([
      Buffer.from('{"query": "mutation { updateRecipient(id: \\"x\\", expectedVersion: 1, input: { name: \\"Kyffh'),
      Buffer.from([0xe4]),
      Buffer.from('userkreis\\" }) { id } }"}'),
    ]);
    const answer = await send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: latin1 });
    expect(answer.status).toBe(400);
    expect(errorBody('invalid UTF-8', answer)).toEqual({
      errors: [
        {
          message:
            'Der Inhalt der Anfrage ist kein gültiges UTF-8; Umlaute und andere Zeichen würden verfälscht gespeichert. Bitte als UTF-8 senden.',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  });

  it('refuses an empty JSON object and a batch with 400', async () => {
    for (const body of ['{}', '[{"query": "{ __typename }"}]']) {
      const answer = await postJson(body);
      expect(answer.status, body).toBe(400);
      expect(errorBody(body, answer).errors[0]?.extensions?.code).toBe('BAD_REQUEST');
    }
  });
});

describe('CSRF prevention', () => {
  const csrfMessage = 'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF)';

  it('refuses a GET without a preflight header or content type', async () => {
    const answer = await send(`/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(answer.status).toBe(400);
    const body = errorBody('csrf GET', answer);
    expect(body.errors[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(body.errors[0]?.message).toContain(csrfMessage);
  });

  it('refuses a POST a browser could send as a simple request (text/plain)', async () => {
    const answer = await send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query": "{ __typename }"}',
    });
    expect(answer.status).toBe(400);
    expect(errorBody('csrf text/plain', answer).errors[0]?.message).toContain(csrfMessage);
  });

  it('answers the same GET once it carries apollo-require-preflight', async () => {
    const answer = await send(`/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('what error responses reveal', () => {
  const gqlPost = (query: string, variables?: Record<string, unknown>) => postJson(JSON.stringify({ query, variables }));

  it('collects errors from parsing, validation, the domain and the database', async () => {
    errorBodies.push({ label: 'syntax', text: (await gqlPost('{ recipients { ')).text });
    errorBodies.push({ label: 'unknown field', text: (await gqlPost('{ recipients { secret } }')).text });
    errorBodies.push({ label: 'not found', text: (await gqlPost('{ grantNotice(id: "not-a-uuid") { id } }')).text });

    const CREATE = `mutation ($input: RecipientInput!) { createRecipient(input: $input) { id } }`;
    const first = await gqlPost(CREATE, { input: { name: 'Kyffhäuserkreis', kind: 'DISTRICT', ags: '16065' } });
    expect(first.status).toBe(200);
    // The database refuses the duplicate; its message would name the index and the statement.
    const duplicate = await gqlPost(CREATE, { input: { name: 'Kyffhäuserkreis', kind: 'DISTRICT', ags: '16065' } });
    expect(JSON.parse(duplicate.text)).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'ags' } }] });
    errorBodies.push({ label: 'duplicate ags', text: duplicate.text });

    // A cursor that decodes to something that is not an id reaches the database as a query parameter.
    const cursor = Buffer.from('["not-a-uuid"]').toString('base64url');
    const badCursor = await gqlPost(`query ($after: String) { recipients(after: $after) { totalCount } }`, { after: cursor });
    expect(JSON.parse(badCursor.text)).toHaveProperty('errors');
    errorBodies.push({ label: 'cursor reaching the database', text: badCursor.text });
  });

  it('never shows a stack trace, a source path or SQL', () => {
    expect(errorBodies.length).toBeGreaterThanOrEqual(10);
    for (const { label, text } of errorBodies) {
      expect(text, label).not.toMatch(/stack/i);
      // A stack frame looks like "    at fn (/path/file.ts:12:5)" or "at file:///…".
      expect(text, label).not.toMatch(/\bat [\w$.<>]+ \(|\bat (file|node):|\n\s+at /);
      expect(text, label).not.toMatch(/\.(ts|js|mjs|cjs):\d+|node_modules|\/work\//);
      expect(text, label).not.toMatch(/insert into|select .* from|update .* set|delete from|duplicate key|violates|constraint "/i);
    }
  });
});

// The bound on requests in flight (MAX_IN_FLIGHT_REQUESTS): beyond it GraphQL, reports and imports are
// answered at once with 503 SERVICE_BUSY and Retry-After, in GraphQL's error shape, while /healthz and
// /readyz still answer; once the held requests are done, requests are served again. With a queue
// (REQUEST_QUEUE_MS) a request waits that long for a slot before it is refused.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

const QUERY = JSON.stringify({ query: '{ recipients { totalCount } }' });

interface Held {
  /** Sends the rest of the body; resolves with the answer. */
  finish(): Promise<{ status: number; body: string }>;
}

/**
 * A GraphQL request whose body has not fully arrived: the service counts it as in flight from its
 * headers on, so it holds a slot for as long as the test keeps the rest of the body back.
 */
function holdRequest(api: TestApi, token: string): Held {
  const body = Buffer.from(QUERY);
  let answered!: (answer: { status: number; body: string }) => void;
  const answer = new Promise<{ status: number; body: string }>((resolve) => (answered = resolve));
  const request = http.request(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': body.length },
  });
  request.on('response', (response) => {
    let text = '';
    response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    response.on('end', () => answered({ status: response.statusCode ?? 0, body: text }));
  });
  request.write(body.subarray(0, 10));
  return {
    finish: () => {
      request.end(body.subarray(10));
      return answer;
    },
  };
}

async function timedFetch(url: string, init?: RequestInit) {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body, ms: performance.now() - started };
}

const BUSY = [
  {
    message: 'Der Dienst ist ausgelastet; es wurde nichts bearbeitet. Bitte in einer Sekunde erneut versuchen.',
    extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'SERVICE_BUSY' },
  },
];

describe('at most MAX_IN_FLIGHT_REQUESTS requests at once', () => {
  let api: TestApi;
  let auditor: string;
  const graphql = () =>
    timedFetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${auditor}` },
      body: QUERY,
    });

  beforeAll(async () => {
    api = await startTestApi({ maxInFlightRequests: 2, requestQueueMs: 0 });
    auditor = await api.token({ role: 'AUDITOR', name: 'Prüfung' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('answers the third request at once with 503 SERVICE_BUSY, keeps /healthz and /readyz answering, and serves again afterwards', async () => {
    const held = [holdRequest(api, auditor), holdRequest(api, auditor)];
    await vi.waitFor(() => expect(api.service.load()).toEqual({ inFlight: 2, waiting: 0 }), { timeout: 5_000 });

    const refused = await graphql();
    expect([refused.status, refused.retryAfter, refused.body]).toEqual([503, '1', { errors: BUSY }]);
    // At once: nothing waits for a slot (generous for a loaded machine; a held request would take for ever).
    expect(refused.ms).toBeLessThan(2_000);
    // Reports and imports are bounded too, before the caller is even authenticated.
    const report = await timedFetch(`${api.url}/reports/proof-of-use/${randomUUID()}.xlsx`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect([report.status, report.retryAfter, report.body]).toEqual([503, '1', { errors: BUSY }]);
    const upload = await timedFetch(`${api.url}/imports/receipts?grantNoticeId=${randomUUID()}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${auditor}` },
      body: 'Belegnummer;Betrag\r\n1;1,00\r\n',
    });
    expect([upload.status, upload.body]).toEqual([503, { errors: BUSY }]);

    expect((await timedFetch(`${api.url}/healthz`)).status).toBe(200);
    const ready = await timedFetch(`${api.url}/readyz`);
    expect([ready.status, ready.body]).toEqual([200, { status: 'ready' }]);

    const answers = await Promise.all(held.map((request) => request.finish()));
    expect(answers.map((answer) => [answer.status, JSON.parse(answer.body) as unknown])).toEqual([
      [200, { data: { recipients: { totalCount: 0 } } }],
      [200, { data: { recipients: { totalCount: 0 } } }],
    ]);
    await vi.waitFor(() => expect(api.service.load()).toEqual({ inFlight: 0, waiting: 0 }), { timeout: 5_000 });

    const served = await graphql();
    expect([served.status, served.body]).toEqual([200, { data: { recipients: { totalCount: 0 } } }]);
  });

  it('gives the slot of a client that went away back', async () => {
    const gone = http.request(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${auditor}`, 'content-length': 1000 },
    });
    gone.on('error', () => undefined);
    gone.write('{');
    await vi.waitFor(() => expect(api.service.load().inFlight).toBe(1), { timeout: 5_000 });
    gone.destroy();
    await vi.waitFor(() => expect(api.service.load().inFlight).toBe(0), { timeout: 5_000 });
    const served = await Promise.all([graphql(), graphql()]);
    expect(served.map((answer) => answer.status)).toEqual([200, 200]);
  });
});

describe('with REQUEST_QUEUE_MS', () => {
  let api: TestApi;
  let auditor: string;
  const graphql = () =>
    timedFetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${auditor}` },
      body: QUERY,
    });

  beforeAll(async () => {
    api = await startTestApi({ maxInFlightRequests: 1, requestQueueMs: 2_000 });
    auditor = await api.token({ role: 'AUDITOR', name: 'Prüfung' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('lets a request beyond the bound wait that long for a slot, then refuses it', async () => {
    const held = holdRequest(api, auditor);
    await vi.waitFor(() => expect(api.service.load()).toEqual({ inFlight: 1, waiting: 0 }), { timeout: 5_000 });

    const refused = await graphql();
    expect([refused.status, refused.retryAfter, refused.body]).toEqual([503, '1', { errors: BUSY }]);
    expect(refused.ms).toBeGreaterThanOrEqual(1_990);

    // A request that waits gets the slot of the held one as soon as that is done.
    const waiting = graphql();
    await vi.waitFor(() => expect(api.service.load()).toEqual({ inFlight: 1, waiting: 1 }), { timeout: 5_000 });
    expect((await held.finish()).status).toBe(200);
    const served = await waiting;
    expect([served.status, served.body]).toEqual([200, { data: { recipients: { totalCount: 0 } } }]);
    await vi.waitFor(() => expect(api.service.load()).toEqual({ inFlight: 0, waiting: 0 }), { timeout: 5_000 });
  });
});

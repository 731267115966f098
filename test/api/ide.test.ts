// The IDE must work offline: every asset the page references is served locally, and nothing
// outside the allow-list can be read through the asset route.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ideRouter } from '../../src/http/ide.js';

let server: Server;
let origin: string;

beforeAll(async () => {
  const app = express();
  app.use(ideRouter({ graphqlPath: '/graphql' }));
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

// fetch() normalises '..' segments away and adds 'cache-control: no-cache' to conditional
// requests, so traversal attempts and revalidation need a raw request.
function rawGet(path: string, headers: Record<string, string> = {}): Promise<number> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function fetchPage(): Promise<{ res: Response; html: string }> {
  const res = await fetch(`${origin}/ide`);
  return { res, html: await res.text() };
}

function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

describe('GraphQL IDE', () => {
  it('serves an HTML page with a strict CSP and only local asset references', async () => {
    const { res, html } = await fetchPage();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(html).toContain('data-graphql-path="/graphql"');
    expect(html).not.toMatch(/<script>/);

    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) {
      expect(url).toMatch(/^\/ide\/assets\/[\w.-]+(\?v=\w+)?$/);
    }
  });

  it('serves every referenced asset with the right content type and a long cache lifetime', async () => {
    const { html } = await fetchPage();
    for (const url of referencedUrls(html)) {
      const res = await fetch(`${origin}${url}`);
      expect(res.status, url).toBe(200);
      const expectedType = url.includes('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
      expect(res.headers.get('content-type'), url).toBe(expectedType);
      expect(res.headers.get('cache-control'), url).toContain('max-age=31536000');
      expect((await res.arrayBuffer()).byteLength, url).toBeGreaterThan(0);
    }
  });

  it('bootstraps GraphiQL from ide.js against the configured endpoint', async () => {
    const res = await fetch(`${origin}/ide/assets/ide.js`);
    const script = await res.text();
    expect(script).toContain('GraphiQL.createFetcher');
    expect(script).toContain("'apollo-require-preflight': 'true'");
    expect(script).toContain('shouldPersistHeaders: true');
    expect(script).toContain('grantNotices(first: 10)');
  });

  it('answers 304 to a revalidation with the current ETag', async () => {
    const first = await fetch(`${origin}/ide/assets/graphiql.min.css`);
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(await rawGet('/ide/assets/graphiql.min.css', { 'if-none-match': etag! })).toBe(304);
  });

  it('refuses files outside the allow-list', async () => {
    expect(await rawGet('/ide/assets/../../package.json')).toBe(404);
    expect(await rawGet('/ide/assets/..%2F..%2Fpackage.json')).toBe(404);
    expect(await rawGet('/ide/assets/unknown.js')).toBe(404);
    expect(await rawGet('/ide/assets/graphiql.min.js.map')).toBe(404);
    expect(await rawGet('/ide/assets/constructor')).toBe(404);
    expect((await fetch(`${origin}/ide/assets/unknown.js`)).status).toBe(404);
  });
});

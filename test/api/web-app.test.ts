// The built web application as the service serves it: compressed scripts, styles and page, hashed
// assets kept by the browser, the page itself asked for anew, every path of the application answered
// with the page, and a clear message where the application was not built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

const dist = mkdtempSync(path.join(tmpdir(), 'grant-register-web-dist-'));
const script = `console.log(${JSON.stringify('Zuwendungsbescheide '.repeat(500))});\n`;
let api: TestApi;
let unbuilt: TestApi;

beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(
    path.join(dist, 'index.html'),
    `<!doctype html><html lang="de"><script type="module" src="/assets/app-1a2b3c.js"></script></html>`,
  );
  writeFileSync(path.join(dist, 'assets', 'app-1a2b3c.js'), script);
  writeFileSync(path.join(dist, 'assets', 'font-1a2b3c.woff2'), Buffer.alloc(4096, 7));
  api = await startTestApi({}, { webDist: dist });
  unbuilt = await startTestApi({}, { webDist: path.join(dist, 'missing') });
});

afterAll(async () => {
  await api?.stop();
  await unbuilt?.stop();
  rmSync(dist, { recursive: true, force: true });
});

describe('the web application’s files', () => {
  it('sends scripts compressed and keeps hashed assets for a year', async () => {
    const response = await fetch(`${api.url}/assets/app-1a2b3c.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe(script);
  });

  it('sends fonts, which are compressed already, as they are', async () => {
    const response = await fetch(`${api.url}/assets/font-1a2b3c.woff2`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect((await response.arrayBuffer()).byteLength).toBe(4096);
  });

  it('answers every page of the application with the page, asked for anew each time', async () => {
    const response = await fetch(`${api.url}/bescheide/00000000-0000-0000-0000-000000000000`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('/assets/app-1a2b3c.js');
  });

  it('leaves the answers of the API uncompressed', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ query: `{ __schema { types { name description } } }` }),
    });
    expect(response.headers.get('content-encoding')).toBeNull();
  });

  it('says in German how to build the application when it is not built', async () => {
    const response = await fetch(`${unbuilt.url}/`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('Die Weboberfläche ist nicht gebaut. Bitte „npm run build“ ausführen (npm start tut das selbst).');
  });
});

// The embedded database's disk fills up while the service runs. The service must not hang: the write
// that finds no space is refused with "Speicherplatz erschöpft", /readyz and /healthz answer 503, and
// the process ends with exit code 75 so that a supervisor restarts it; once space is freed, the
// restarted service has every write it had acknowledged. The disk is a small tmpfs the test mounts.
import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_FULL_MESSAGE } from '../../src/database-failure.js';
import { signLocalToken } from '../../src/http/authentication.js';
import { usingPostgres } from '../support/database.js';
import { fillDisk, freeBytes, testDisks } from '../support/disks.js';
import { buildService, startServer, type ServerProcess, type ServiceBuild } from '../support/server-processes.js';

const disks = testDisks('storage-full');
// The demonstration data takes about 40 MB, and the service starts only with 64 MB free.
const disk = usingPostgres ? null : disks.tmpfs('disk', 'size=160m');
const secretDir = mkdtempSync(path.join(tmpdir(), 'grant-register-storage-full-secret-'));
const secretFile = path.join(secretDir, 'auth-secret');
let build: ServiceBuild | undefined;
let server: ServerProcess | undefined;

beforeAll(async () => {
  if (disk) build = await buildService();
}, 120_000);

afterAll(async () => {
  await server?.kill();
  build?.remove();
  disks.remove();
  rmSync(secretDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function graphql(query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const token = await signLocalToken(secretFile, { role: 'ADMIN', subject: 'storage-full-admin' });
  const response = await fetch(`${server!.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

const CREATE_RECIPIENT = 'mutation ($input: RecipientInput!) { createRecipient(input: $input) { id } }';

/** A municipality of the Kyffhäuserkreis with a long name (300 characters are allowed), so that each write takes room. */
function recipient(index: number): Record<string, unknown> {
  return {
    name: `Gemeinde ${index} ${'Ortsteil '.repeat(30)}`.trim(),
    kind: 'MUNICIPALITY',
    ags: `16065${String(index).padStart(3, '0')}`,
    population: 1000 + index,
  };
}

describe.skipIf(disk === null)('a full disk under the running embedded database', () => {
  it(
    'refuses the write that finds no space, answers 503 and exits to be restarted, keeping every acknowledged write',
    { timeout: 180_000 },
    async () => {
      const dataDir = path.join(disk!, 'data');
      server = await startServer({ name: 'embedded', dist: build!.dist, dataDir, secretFile, startTimeoutMs: 60_000 });
      const before = await graphql('{ recipients(first: 100) { totalCount } }');
      expect(before.body).toEqual({ data: { recipients: { totalCount: 11 } } });

      const acknowledged: string[] = [];
      const first = await graphql(CREATE_RECIPIENT, { input: recipient(1) });
      expect(first.status).toBe(200);
      acknowledged.push((first.body.data!['createRecipient'] as { id: string }).id);

      const filler = fillDisk(disk!);
      expect(freeBytes(disk!)).toBe(0);
      // New rows fill the table's last pages; the first write that needs a new page finds no space.
      let refused: Answer | undefined;
      for (let index = 2; index < 900 && !refused; index++) {
        const answer = await graphql(CREATE_RECIPIENT, { input: recipient(index) });
        if (answer.status === 200) acknowledged.push((answer.body.data!['createRecipient'] as { id: string }).id);
        else refused = answer;
      }
      expect(refused, 'no write was refused although the disk is full').toBeDefined();
      expect(refused!.status).toBe(503);
      expect(refused!.retryAfter).toBe('5');
      expect(refused!.body.errors).toEqual([
        expect.objectContaining({ message: STORAGE_FULL_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'STORAGE_FULL' } }),
      ]);

      // Until it ends, the service says so instead of hanging: probes answer 503, and a read is refused at once.
      const started = performance.now();
      const ready = await fetch(`${server.url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([503, { status: 'storage full' }]);
      const live = await fetch(`${server.url}/healthz`);
      expect([live.status, await live.json()]).toEqual([503, { status: 'storage full' }]);
      const read = await graphql('{ recipients(first: 1) { totalCount } }');
      expect(read.status).toBe(503);
      expect(read.body.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'STORAGE_FULL' });
      expect(performance.now() - started).toBeLessThan(1500);

      const exit = await server.exited;
      expect(exit).toEqual({ code: 75, signal: null });
      expect(server.output()).toContain('Kein Speicherplatz mehr frei für die eingebettete Datenbank');
      expect(server.logs().some((entry) => entry['level'] === 60)).toBe(true);

      // The operator frees space and the supervisor starts the service again.
      rmSync(filler);
      server = await startServer({ name: 'restarted', dist: build!.dist, dataDir, secretFile, startTimeoutMs: 60_000 });
      const after = await graphql('{ recipients(first: 1) { totalCount } }');
      expect(acknowledged.length).toBeGreaterThan(0);
      // The refused write left nothing behind: the demonstration's eleven and the acknowledged ones.
      expect(after.body).toEqual({ data: { recipients: { totalCount: 11 + acknowledged.length } } });
      for (const id of [acknowledged[0]!, acknowledged.at(-1)!]) {
        const found = await graphql('query ($id: ID!) { recipient(id: $id) { id } }', { id });
        expect(found.body).toEqual({ data: { recipient: { id } } });
      }
      const again = await graphql(CREATE_RECIPIENT, { input: recipient(999) });
      expect(again.status).toBe(200);
    },
  );
});

// The `grants` command as an operator uses it beside a service running on the embedded database:
// what a tool books goes through the service and is there after a restart (no second writer on the
// data directory), commands that would write beside it are refused with a German message, every
// command answers --help without a stack trace, and a crashed service's lock is taken over at once.
// Embedded database only: the PostgreSQL run has no data directory to share.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usingPostgres } from '../support/database.js';
import { buildService, startServer, type ServerProcess, type ServiceBuild } from '../support/server-processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const COMMANDS = ['token', 'import', 'report', 'seed', 'migrate', 'generate'];

let build: ServiceBuild;
let home: string;
let dataDir: string;
let service: ServerProcess | undefined;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `grants …` from the build, on the test's data directory, in the test's folder. */
function grants(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      NODE,
      [path.join(build.dist, 'scripts/grants.js'), ...args],
      {
        cwd: home,
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, AUTH_SECRET_FILE: path.join(dataDir, 'auth-secret') },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function start(): Promise<ServerProcess> {
  return startServer({
    name: 'embedded',
    dist: build.dist,
    dataDir,
    secretFile: path.join(dataDir, 'auth-secret'),
    startTimeoutMs: 60_000,
  });
}

async function graphql<T>(url: string, token: string, query: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const answer = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data!;
}

const KYFFHAEUSER_RECEIPTS = `{ grantNotices { edges { node { id reference receipts { totalCount totalAmount } } } } }`;
type Receipts = {
  grantNotices: { edges: { node: { id: string; reference: string; receipts: { totalCount: number; totalAmount: string } } }[] };
};

describe.skipIf(usingPostgres)('the grants command beside a service on the embedded database', () => {
  beforeAll(async () => {
    build = await buildService();
    home = mkdtempSync(path.join(tmpdir(), 'grant-register-cli-'));
    dataDir = path.join(home, 'data');
    service = await start();
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    build?.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('answers --help for itself and every command, in German and without a stack trace', async () => {
    const overview = await grants('--help');
    expect(overview.code).toBe(0);
    expect(overview.stdout).toContain('Aufruf: grants <Befehl>');
    for (const command of COMMANDS) expect(overview.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    for (const command of COMMANDS) {
      const help = await grants(command, '--help');
      expect([help.code, help.stderr], command).toEqual([0, '']);
      expect(help.stdout, command).toMatch(/^(Aufruf|Usage): grants /);
    }
    const unknown = await grants('token', '--rolle', 'AUDITOR');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Unbekannte Option --rolle\.\n\nAufruf: grants token/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    const nothing = await grants('gibtsnicht');
    expect([nothing.code, nothing.stderr.split('\n')[0]]).toEqual([2, 'Unbekannter Befehl „gibtsnicht“.']);
  });

  it('issues a token through the running service, and refuses an AGS that is no recipient', async () => {
    const issued = await grants('token', '--role', 'FINANCE_OFFICER', '--recipient', '16065');
    expect(issued.code, issued.stderr).toBe(0);
    const data = await graphql<Receipts>(service!.url, issued.stdout.trim(), KYFFHAEUSER_RECEIPTS);
    expect(data.grantNotices.edges.map((edge) => edge.node.reference)).toEqual(['TFM-EGOV-2020-0001']);

    const refused = await grants('token', '--role', 'FINANCE_OFFICER', '--recipient', '16065', '--recipient', '16999');
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      1,
      '',
      'Kein Zuwendungsempfänger hat den AGS 16999; das Token wurde nicht ausgestellt.\n',
    ]);
    const malformed = await grants('token', '--role', 'FINANCE_OFFICER', '--recipient', '1606');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr.split('\n')[0]).toBe('--recipient nimmt einen AGS aus 5 oder 8 Ziffern, z. B. 16065, nicht „1606“.');
  });

  it('books an import through the running service, which has it at once and after a restart', async () => {
    const token = (await grants('token', '--role', 'FINANCE_OFFICER', '--recipient', '16065')).stdout.trim();
    const before = (await graphql<Receipts>(service!.url, token, KYFFHAEUSER_RECEIPTS)).grantNotices.edges[0]!.node;
    const file = path.join(home, 'Belege.csv');
    writeFileSync(
      file,
      [
        'Belegnummer;Rechnungsdatum;Zahlungsdatum;Zahlungsempfänger;Verwendungszweck;Kategorie;Betrag',
        'CLI-1;01.09.2020;10.09.2020;Kommunale IT GmbH;Lizenzen;Software;1.190,00',
        'CLI-2;02.09.2020;11.09.2020;Kommunale IT GmbH;Wartung;Software;310,50',
      ].join('\r\n'),
    );
    const imported = await grants('import', '--notice', before.id, '--file', file);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Belege:    2, zusammen 1.500,50 €');
    expect(imported.stdout).toMatch(/Gebucht als Stapel [0-9a-f-]{36}\./);

    const seen = (await graphql<Receipts>(service!.url, token, KYFFHAEUSER_RECEIPTS)).grantNotices.edges[0]!.node;
    expect(seen.receipts.totalCount).toBe(before.receipts.totalCount + 2);
    expect((Number(seen.receipts.totalAmount) - Number(before.receipts.totalAmount)).toFixed(2)).toBe('1500.50');

    await service!.stop();
    service = await start();
    const afterRestart = (await graphql<Receipts>(service.url, token, KYFFHAEUSER_RECEIPTS)).grantNotices.edges[0]!.node;
    expect(afterRestart.receipts).toEqual(seen.receipts);
  });

  it('writes a report through the running service', async () => {
    const token = (await grants('token', '--role', 'AUDITOR')).stdout.trim();
    const notice = (await graphql<Receipts>(service!.url, token, KYFFHAEUSER_RECEIPTS)).grantNotices.edges.find(
      (edge) => edge.node.reference === 'TFM-EGOV-2020-0001',
    )!.node;
    const out = path.join(home, 'Verwendungsnachweis.xlsx');
    const written = await grants('report', 'proof-of-use', '--notice', notice.id, '--out', out);
    expect([written.code, written.stdout]).toEqual([0, `Geschrieben: ${out}\n`]);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses seed, migrate and generate while the service holds the data directory, naming it', async () => {
    for (const args of [['seed'], ['migrate'], ['generate', '--size', 'S']]) {
      const refused = await grants(...args);
      expect(refused.code, args[0]).toBe(1);
      expect(refused.stderr).toBe(
        `Die eingebettete Datenbank in ${path.join(dataDir, 'pglite')} wird vom laufenden Dienst (Prozess ${service!.pid}, ${service!.url}) verwendet. ` +
          'Beenden Sie den Dienst, bevor Sie diesen Befehl ausführen.\n',
      );
    }
  });

  it.skipIf(process.platform !== 'linux')(
    'runs the service with the heap limit of NODE_HEAP_MB (256 MiB unless set), in the process it was started as',
    async () => {
      const flags = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(flags(service!.pid)).toContain('--max-old-space-size=256');
      const small = await startServer({
        name: 'small heap',
        dist: build.dist,
        dataDir: path.join(home, 'small-heap'),
        secretFile: path.join(home, 'small-heap-secret'),
        startTimeoutMs: 60_000,
        env: { NODE_HEAP_MB: '160' },
      });
      try {
        expect(flags(small.pid)).toContain('--max-old-space-size=160');
        // V8's whole limit: the old space of NODE_HEAP_MB and the young generation beside it.
        const limit = Number(small.logs().find((line) => line.msg === 'limits')?.heapLimitMiB);
        expect(limit).toBeGreaterThanOrEqual(160);
        expect(limit).toBeLessThan(400);
      } finally {
        await small.stop();
      }
    },
    120_000,
  );

  it('refuses a second service on the same data directory', async () => {
    await expect(start()).rejects.toThrow(/wird vom laufenden Dienst \(Prozess \d+/);
  });

  it('takes the lock of a killed service over at once, and releases its own on exit', async () => {
    await service!.kill();
    service = undefined;
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(true);
    const migrated = await grants('migrate');
    expect([migrated.code, migrated.stdout]).toEqual([0, 'Die Datenbank ist bereits auf dem neuesten Stand.\n']);
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
    // Without a service the tools open the database themselves.
    const refused = await grants('token', '--role', 'FINANCE_OFFICER', '--recipient', '16999');
    expect([refused.code, refused.stderr]).toEqual([1, 'Kein Zuwendungsempfänger hat den AGS 16999; das Token wurde nicht ausgestellt.\n']);
    service = await start();
  });
});

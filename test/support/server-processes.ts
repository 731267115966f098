// The service as an operator runs it: compiled once with tsc into a folder of its own and started as
// separate operating-system processes (`node …/src/main.js`), for tests that need several servers on one
// PostgreSQL database. Each test run builds into its own folder, so parallel runs never share a build.
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The project's Node (the `node` dev dependency), whatever Node runs the tests. */
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
/**
 * Inside the project, so that the compiled code resolves its packages from the project's node_modules;
 * per host, because process ids say whether a build is abandoned only on the host that made it.
 */
const BUILDS = path.join(ROOT, 'node_modules/.cache/server-processes', hostname());

export interface ServiceBuild {
  /** The compiled service: `src/main.js`, `migrations/*.js`. */
  dist: string;
  /** Seconds tsc took. */
  seconds: number;
  remove(): void;
}

/** Builds of test runs whose process is gone (killed before it could clean up). */
function removeAbandonedBuilds(): void {
  if (!existsSync(BUILDS)) return;
  for (const entry of readdirSync(BUILDS)) {
    const pid = Number(entry.split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(path.join(BUILDS, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Compiles `tsconfig.build.json` into a new folder under node_modules/.cache. Types are not checked
 * here (`npm run typecheck` does that), so a type error elsewhere does not stop a behavioural test.
 */
export async function buildService(): Promise<ServiceBuild> {
  removeAbandonedBuilds();
  const home = path.join(BUILDS, `${process.pid}-${randomUUID().slice(0, 8)}`);
  // Named dist: src/orm.ts recognises compiled code by that folder name and then runs the compiled migrations.
  const dist = path.join(home, 'dist');
  mkdirSync(home, { recursive: true });
  // Under node_modules no package.json of the project applies; the compiled code is ES modules.
  writeFileSync(path.join(home, 'package.json'), '{ "type": "module" }\n');
  const remove = () => rmSync(home, { recursive: true, force: true });
  const started = performance.now();
  try {
    await promisify(execFile)(NODE, [TSC, '-p', 'tsconfig.build.json', '--noCheck', '--sourceMap', 'false', '--outDir', dist], {
      cwd: ROOT,
    });
  } catch (error) {
    remove();
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc could not build the service:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
  return { dist, seconds: (performance.now() - started) / 1000, remove };
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  name: string;
  /** `http://127.0.0.1:<port>`, the port the process chose. */
  url: string;
  /** The JSON log lines the process wrote so far. */
  logs(): Record<string, unknown>[];
  /** Everything the process wrote so far, stdout and stderr. */
  output(): string;
  /** SIGTERM, then how the process ended (a SIGKILL after `timeoutMs` shows as signal SIGKILL). */
  stop(timeoutMs?: number): Promise<ServerExit>;
  /** kill -9: the process gets no chance to clean up. */
  kill(): Promise<ServerExit>;
  /** How the process ended, once it has. */
  exited: Promise<ServerExit>;
  pid: number;
}

export interface ServerOptions {
  /** A label for messages, e.g. "A". */
  name: string;
  dist: string;
  /** PostgreSQL; or, with `dataDir`, the embedded database in that directory. */
  databaseUrl?: string;
  /** DATA_DIR of the embedded database (its PGlite cluster is `<dataDir>/pglite`). */
  dataDir?: string;
  /** The local signing secret; processes given the same file accept each other's tokens. */
  secretFile: string;
  /** How long the process may take to listen and be ready. */
  startTimeoutMs?: number;
  /** Further environment variables, e.g. NODE_HEAP_MB. */
  env?: Record<string, string>;
}

const running = new Set<ReturnType<typeof spawn>>();
// A test process that dies must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `node <dist>/src/main.js` on a port of the system's choosing and resolves once it answers
 * /readyz; a process that ends or hangs before that is reported with everything it wrote.
 */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const child = spawn(NODE, [path.join(options.dist, 'src/main.js')], {
    // DATA_DIR defaults to ./data: the build folder, never the project's own.
    cwd: path.dirname(options.dist),
    env: {
      PATH: process.env.PATH,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
      AUTH_SECRET_FILE: options.secretFile,
      HOST: '127.0.0.1',
      PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '2000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let partial = '';
  let announce: ((url: string) => void) | undefined;
  const listening = new Promise<string>((resolve) => (announce = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const complete = (partial + chunk).split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      lines.push(line);
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (typeof entry.url === 'string' && String(entry.msg).startsWith('grant register listening on')) announce?.(entry.url);
      } catch {
        // Not a log line; kept in `lines` for the report.
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<ServerExit>((resolve) =>
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const output = () => `--- stdout of ${options.name}\n${[...lines, partial].join('\n')}\n--- stderr of ${options.name}\n${stderr}`;

  const timeoutMs = options.startTimeoutMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<{ timedOut: true }>((resolve) => (timer = setTimeout(() => resolve({ timedOut: true }), timeoutMs)));
  let gaveUp = false;
  const ready = listening.then(async (url) => {
    while (!gaveUp) {
      const status = await fetch(`${url}/readyz`).then(
        async (response) => (await response.arrayBuffer(), response.status),
        () => 0,
      );
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { url };
  });
  const first = await Promise.race([ready, exited.then((exit) => ({ exit })), timedOut]);
  clearTimeout(timer);
  if (!('url' in first)) {
    gaveUp = true;
    if ('timedOut' in first) {
      child.kill('SIGKILL');
      await exited;
    }
    const why = 'exit' in first ? `ended (code ${first.exit.code}, signal ${first.exit.signal})` : `was not ready after ${timeoutMs} ms`;
    throw new Error(`Server ${options.name} ${why} before it answered /readyz.\n${output()}`);
  }

  return {
    name: options.name,
    url: first.url,
    logs: () => [...logs],
    output,
    pid: child.pid!,
    exited,
    async kill() {
      child.kill('SIGKILL');
      return exited;
    },
    async stop(stopTimeoutMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}

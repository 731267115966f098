// The lock of an embedded data directory: one holder at a time, named in the refusal; released on
// close; a lock whose process is gone, or left from an earlier life of this process id, is taken over.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireEmbeddedLock, EmbeddedDatabaseBusyError, embeddedLockHolder } from '../../src/embedded-lock.js';

const root = mkdtempSync(path.join(tmpdir(), 'grant-register-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
const dataDir = () => path.join(root, `pglite-${++count}`);

function writeLock(dir: string, pid: number, kind: 'service' | 'tool' = 'service') {
  writeFileSync(
    `${dir}.lock`,
    JSON.stringify({
      pid,
      hostname: hostname(),
      kind,
      command: 'grants start',
      startedAt: '2026-12-02T08:00:00.000Z',
      url: 'http://127.0.0.1:4000',
    }),
  );
}

describe('the lock of an embedded data directory', () => {
  it('is held by one opener at a time and released on close', () => {
    const dir = dataDir();
    const lock = acquireEmbeddedLock(dir, 'tool', 'grants import');
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, kind: 'tool', command: 'grants import' });
    expect(() => acquireEmbeddedLock(dir, 'tool', 'grants seed')).toThrow(EmbeddedDatabaseBusyError);
    lock.release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    acquireEmbeddedLock(dir, 'tool', 'grants seed').release();
  });

  it('refuses while a running service holds it, naming the process and where it answers', () => {
    const dir = dataDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeLock(dir, other.pid!);
      expect(embeddedLockHolder(dir)).toMatchObject({ pid: other.pid, kind: 'service' });
      expect(() => acquireEmbeddedLock(dir, 'tool', 'grants seed')).toThrow(
        `Die eingebettete Datenbank in ${dir} wird vom laufenden Dienst (Prozess ${other.pid}, http://127.0.0.1:4000) verwendet. ` +
          'Beenden Sie den Dienst, bevor Sie diesen Befehl ausführen.',
      );
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over the lock of a process that is gone (kill -9) at once', () => {
    const dir = dataDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeLock(dir, Number(gone.stdout));
    expect(embeddedLockHolder(dir)).toBeNull();
    const lock = acquireEmbeddedLock(dir, 'service', 'grants start');
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock that names this process id but was not taken by this process (a restarted container)', () => {
    const dir = dataDir();
    writeLock(dir, process.pid);
    const lock = acquireEmbeddedLock(dir, 'service', 'grants start');
    expect(() => acquireEmbeddedLock(dir, 'tool', 'grants seed')).toThrow(EmbeddedDatabaseBusyError);
    lock.release();
  });

  it('takes over a lock file that cannot be read', () => {
    const dir = dataDir();
    writeFileSync(`${dir}.lock`, '{"pid": ');
    acquireEmbeddedLock(dir, 'tool', 'grants migrate').release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('tells the URL of the service once it listens', () => {
    const dir = dataDir();
    const lock = acquireEmbeddedLock(dir, 'service', 'grants start');
    lock.update({ url: 'http://127.0.0.1:4711' });
    expect(embeddedLockHolder(dir)).toMatchObject({ pid: process.pid, kind: 'service', url: 'http://127.0.0.1:4711' });
    lock.release();
  });
});

// PGlite is one process: a second process writing to the same data directory would lose what it
// writes (the service never sees it, and its next checkpoint overwrites it). Every process that opens
// an embedded data directory first takes this lock, a file beside the directory naming the holder;
// it is released on exit, and a lock whose process is gone (a crash, kill -9) is taken over at once.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statfsSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';

/** Who holds an embedded data directory. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** The service, or a command-line tool (import, report, seed, …). */
  kind: 'service' | 'tool';
  /** What the holder does, e.g. `grants import`. */
  command: string;
  startedAt: string;
  /** Where a running service answers, once it listens. */
  url?: string;
}

/** Another process holds the embedded database; the message says who and what to do. */
export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      holder.kind === 'service'
        ? `Die eingebettete Datenbank in ${dataDir} wird vom laufenden Dienst (Prozess ${holder.pid}` +
            `${holder.url ? `, ${holder.url}` : ''}) verwendet. Beenden Sie den Dienst, bevor Sie diesen Befehl ausführen.`
        : `Die eingebettete Datenbank in ${dataDir} wird von einem anderen Befehl verwendet („${holder.command}“, Prozess ${holder.pid}, ` +
            `seit ${holder.startedAt}). Warten Sie, bis er fertig ist, und versuchen Sie es dann erneut.`,
    );
    this.name = 'EmbeddedDatabaseBusyError';
  }
}

/** Lock files this process holds, removed on exit however it ends short of a crash. */
const held = new Set<string>();
let exitHookInstalled = false;

function lockFileOf(dataDir: string): string {
  return `${dataDir.replace(/[/\\]+$/, '')}.lock`;
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.kind === 'string' ? (parsed as LockHolder) : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a lock found on disk still stands: its holder runs on this machine (a lock of another
 * machine on a shared disk cannot be checked and stands). A lock naming this very process that this
 * process did not take is left from an earlier life with the same process id (a container's PID 1).
 */
function stands(holder: LockHolder | null, file: string): holder is LockHolder {
  if (holder === null) return false;
  if (holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return held.has(file);
  return isAlive(holder.pid);
}

export interface EmbeddedLock {
  readonly file: string;
  /** Adds what others should know, e.g. the URL once the service listens. */
  update(details: Pick<LockHolder, 'url'>): void;
  release(): void;
}

/** Takes the lock of an embedded data directory, or throws EmbeddedDatabaseBusyError naming its holder. */
export function acquireEmbeddedLock(dataDir: string, kind: LockHolder['kind'], command: string): EmbeddedLock {
  const file = lockFileOf(dataDir);
  let holder: LockHolder = { pid: process.pid, hostname: hostname(), kind, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      // `wx`: created only when missing, so that of two processes starting together one wins.
      const descriptor = openSync(file, 'wx');
      try {
        writeSync(descriptor, JSON.stringify(holder));
      } finally {
        closeSync(descriptor);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const found = readHolder(file);
      if (stands(found, file)) throw new EmbeddedDatabaseBusyError(dataDir, found);
      // A stale lock: moved aside first, so that of two processes taking it over only one removes it.
      if (attempt > 2) throw new EmbeddedDatabaseBusyError(dataDir, found ?? holder);
      const aside = `${file}.stale-${process.pid}`;
      try {
        renameSync(file, aside);
        unlinkSync(aside);
      } catch (moved) {
        if ((moved as NodeJS.ErrnoException).code !== 'ENOENT') throw moved;
      }
    }
  }
  held.add(file);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const lock of held) removeIfOurs(lock);
    });
  }
  return {
    file,
    update(details) {
      holder = { ...holder, ...details };
      // Written beside and renamed, so that a reader never sees half a file.
      const next = `${file}.${process.pid}.tmp`;
      writeFileSync(next, JSON.stringify(holder));
      renameSync(next, file);
    },
    release() {
      if (!held.delete(file)) return;
      removeIfOurs(file);
    },
  };
}

function removeIfOurs(file: string): void {
  const holder = readHolder(file);
  if (holder?.pid !== process.pid || holder.hostname !== hostname()) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

/** The holder of an embedded data directory's lock if one stands, without taking it. */
export function embeddedLockHolder(dataDir: string): LockHolder | null {
  const file = lockFileOf(dataDir);
  const holder = readHolder(file);
  return stands(holder, file) ? holder : null;
}

/** The embedded database cannot be opened for a reason on the machine; the message names it and what to do. */
export class EmbeddedDatabaseStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedDatabaseStartError';
  }
}

/** Below this much free space the embedded database is not started: its write-ahead log alone needs more. */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

/**
 * Checks before the embedded database opens that its directory can be written and has room, so that
 * a read-only or full disk is named as such rather than as an error of the database engine.
 */
export function checkDataDirectory(dataDir: string): void {
  const parent = path.dirname(path.resolve(dataDir));
  const named = (error: unknown): never => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
      throw new EmbeddedDatabaseStartError(
        `Das Datenverzeichnis ${parent} ist schreibgeschützt; die eingebettete Datenbank braucht Schreibrechte dort (DATA_DIR).`,
        { cause: error },
      );
    }
    if (code === 'ENOSPC') {
      throw new EmbeddedDatabaseStartError(`Auf dem Datenträger des Datenverzeichnisses ${parent} ist kein Speicherplatz frei.`, {
        cause: error,
      });
    }
    throw error;
  };
  try {
    mkdirSync(parent, { recursive: true });
    const probe = path.join(parent, `.schreibprobe-${process.pid}`);
    writeFileSync(probe, 'x');
    unlinkSync(probe);
  } catch (error) {
    named(error);
  }
  const disk = statfsSync(parent);
  const free = disk.bavail * disk.bsize;
  if (free < MIN_FREE_BYTES) {
    throw new EmbeddedDatabaseStartError(
      `Auf dem Datenträger des Datenverzeichnisses ${parent} ist kein Speicherplatz frei (nur ${megabytes(free)}, ` +
        `die eingebettete Datenbank braucht mindestens ${megabytes(MIN_FREE_BYTES)}).`,
    );
  }
}

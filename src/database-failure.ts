// A full disk under the embedded database. PGlite answers the statement that cannot be written with
// SQLSTATE 53100 ("could not extend file …" or "could not write to file "pg_wal/…": No space left on
// device"); after a failed write-ahead-log write, the next statement sent to the engine never returns
// and keeps the process busy for good. So the first such error ends the engine's use: every later
// statement (the rollback of the failing transaction included) is refused before it reaches the
// engine, and the service is told, so that it stops answering as ready and exits to be restarted.
// What was committed before is on disk (the write-ahead log is written before a commit is answered).

/** SQLSTATE disk_full. */
export const STORAGE_FULL_CODE = '53100';

export const STORAGE_FULL_MESSAGE =
  'Speicherplatz erschöpft: Die Datenbank kann nichts mehr schreiben; es wurde nichts gespeichert. ' +
  'Bitte den IT-Betrieb verständigen, damit er Speicherplatz freigibt, und es danach erneut versuchen.';

/** Every statement after the embedded database ran out of space. */
export class StorageFullError extends Error {
  readonly code = STORAGE_FULL_CODE;

  constructor(cause: unknown) {
    super(
      `the embedded database ran out of disk space and takes no more statements: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'StorageFullError';
  }
}

/** Whether an error, or one it was caused by, says that the database's disk is full. */
export function isStorageFull(thrown: unknown): boolean {
  for (let error = thrown, depth = 0; error instanceof Error && depth < 5; depth++) {
    const code = (error as { code?: unknown }).code;
    if (code === STORAGE_FULL_CODE || code === 'ENOSPC') return true;
    if (/No space left on device/i.test(error.message)) return true;
    error = (error as { cause?: unknown }).cause;
  }
  return false;
}

/** The part of a PGlite instance every statement passes: parse, bind, execute, sync, COMMIT, ROLLBACK. */
interface ProtocolEngine {
  execProtocolStream(message: Uint8Array, options?: unknown): Promise<unknown>;
}

/** Whether the embedded engine failed for good, and who is to hear of it. */
export interface EngineGuard {
  /** The error that ended the engine's use, or null while it works. */
  failure(): StorageFullError | null;
  /** Called once, when the engine fails. */
  onFailure(listener: (error: StorageFullError) => void): void;
}

/** Puts a guard between the ORM and the engine; see the comment at the top of this file. */
export function guardEngine(engine: ProtocolEngine): EngineGuard {
  let failed: StorageFullError | null = null;
  const listeners: ((error: StorageFullError) => void)[] = [];
  const send = engine.execProtocolStream.bind(engine);
  engine.execProtocolStream = async (message, options) => {
    if (failed) throw failed;
    try {
      return await send(message, options);
    } catch (error) {
      if (!failed && isStorageFull(error)) {
        failed = new StorageFullError(error);
        for (const listener of listeners.splice(0)) listener(failed);
      }
      throw error;
    }
  };
  return {
    failure: () => failed,
    onFailure(listener) {
      if (failed) listener(failed);
      else listeners.push(listener);
    },
  };
}

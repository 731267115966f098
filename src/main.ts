// Entry point: reads the configuration, starts the service and stops it cleanly on SIGTERM/SIGINT.
import 'reflect-metadata';
import v8 from 'node:v8';
import { ConfigError, loadConfig } from './config.js';
import { EmbeddedDatabaseBusyError, EmbeddedDatabaseStartError } from './embedded-lock.js';
import { createLogger } from './logger.js';
import { startService } from './server.js';

/** EX_TEMPFAIL: the service ended for a reason outside it and may be started again once that is cleared. */
const STORAGE_FULL_EXIT_CODE = 75;
/** Long enough for the answers on their way and a probe of /readyz to see 503. */
const STORAGE_FULL_EXIT_DELAY_MS = 2000;

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

/** Whether node was started with a heap limit of its own, on its command line or in NODE_OPTIONS. */
function heapLimitGiven(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((flag) => /^--max[-_]old[-_]space[-_]size(=|$)/.test(flag));
}

// V8 grows its heap lazily up to a quarter of the machine's memory: the process would hold hundreds of
// MiB of garbage under load. Unless node was given a limit, it is replaced (same process id, same
// standard streams, so that a supervisor's signals still reach it) by one started with NODE_HEAP_MB.
if (!heapLimitGiven() && typeof process.execve === 'function') {
  process.execve(process.execPath, [
    process.execPath,
    `--max-old-space-size=${config.heapMb}`,
    ...process.execArgv,
    ...process.argv.slice(1),
  ]);
}

const logger = createLogger(config);
if (!heapLimitGiven() && typeof process.execve !== 'function') {
  logger.warn({ heapMb: config.heapMb }, 'NODE_HEAP_MB cannot be applied on this platform; give --max-old-space-size in NODE_OPTIONS');
}
logger.info(
  { heapLimitMiB: Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20), maxInFlightRequests: config.maxInFlightRequests },
  'limits',
);
try {
  const service = await startService(config, logger);
  const dataDir = config.database.kind === 'pglite' ? config.database.dataDir : null;
  void service.failed.then(() => {
    console.error(
      `Kein Speicherplatz mehr frei für die eingebettete Datenbank${dataDir ? ` in ${dataDir}` : ''}. ` +
        'Der Dienst wird beendet; was bestätigt wurde, ist gespeichert. Speicherplatz freigeben und den Dienst neu starten.',
    );
    // A moment for the answers already on their way; the database is not closed, since the engine takes no more statements.
    setTimeout(() => process.exit(STORAGE_FULL_EXIT_CODE), STORAGE_FULL_EXIT_DELAY_MS);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      service.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  logger.fatal({ err: error }, 'the service could not start');
  // Said plainly too: whoever started the service reads what to do.
  if (error instanceof EmbeddedDatabaseBusyError || error instanceof EmbeddedDatabaseStartError) console.error(error.message);
  process.exit(1);
}

// Entry point: reads the configuration, starts the service and stops it cleanly on SIGTERM/SIGINT.
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config.js';
import { EmbeddedDatabaseBusyError, EmbeddedDatabaseStartError } from './embedded-lock.js';
import { createLogger } from './logger.js';
import { startService } from './server.js';

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

const logger = createLogger(config);
try {
  const service = await startService(config, logger);
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

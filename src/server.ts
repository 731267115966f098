// Starting and stopping the service: database, migrations, demonstration data, HTTP.
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createHttpApp } from './http/app.js';
import { createAuthenticator } from './http/authentication.js';
import type { StorageFullError } from './database-failure.js';
import { embeddedLockOf, engineGuardOf, migrate, openOrm, serviceOwnsAuditTrail, type Orm } from './orm.js';
import { buildGraphQLSchema } from './schema/build.js';
import { seedDemoIfEmpty } from './services/demo-data.js';
import { startReminders } from './services/reminders.js';

export interface RunningService {
  orm: Orm;
  server: Server;
  url: string;
  /** Stops taking requests, lets running ones finish, then closes the database. */
  stop(): Promise<void>;
  /**
   * Settles when the embedded database failed for good (its disk is full): the service no longer
   * answers as ready and refuses what needs the database; the process should end and be restarted.
   */
  failed: Promise<StorageFullError>;
  /** Requests being worked on under the in-flight bound (MAX_IN_FLIGHT_REQUESTS), and those waiting for a slot. */
  load(): { inFlight: number; waiting: number };
}

/** What a test may set beyond the configuration. */
export interface ServiceOptions {
  /** The built web application, when not web/dist. */
  webDist?: string;
}

export async function startService(config: Config, logger: Logger, options: ServiceOptions = {}): Promise<RunningService> {
  const orm = await openOrm(config.database, logger, { kind: 'service', command: 'grants start' });
  try {
    const applied = await migrate(orm);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied database migrations');
    if (await serviceOwnsAuditTrail(orm)) {
      logger.warn(
        'the service connects as the role that owns audit_event and could switch its triggers off; only the hash chain shows a change ' +
          '(set MIGRATION_DATABASE_URL, see README "Running on PostgreSQL")',
      );
    }
    if (config.database.kind === 'pglite' && config.database.dataDir) {
      const seeded = await seedDemoIfEmpty(orm.em.fork());
      if (seeded) logger.info('loaded the demonstration data into the new embedded database');
    }
    const schema = await buildGraphQLSchema();
    const authenticator = createAuthenticator(config.authentication);
    const http = await createHttpApp({
      orm,
      schema,
      logger,
      authenticator,
      production: config.env === 'production',
      demoSignIn: config.authentication.kind === 'local' && config.env !== 'production',
      ...(config.authentication.kind === 'oidc' && config.authentication.signIn
        ? { browserSignIn: { issuer: config.authentication.issuer, signIn: config.authentication.signIn } }
        : {}),
      ...(options.webDist ? { webDist: options.webDist } : {}),
      load: { maxInFlight: config.maxInFlightRequests, queueMs: config.requestQueueMs },
      publicUrl: config.publicUrl,
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const listening = http.app.listen(config.port, config.host, () => resolve(listening));
      listening.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host}:${port}`;
    // Tools started meanwhile on the same embedded database find the service here.
    embeddedLockOf(orm)?.update({ url: url.replace(/\/\/(0\.0\.0\.0|\[::\]|::)(?=:)/, '//127.0.0.1') });
    logger.info({ url, database: config.database.kind }, `grant register listening on ${url}/graphql`);
    // The deadline reminders by e-mail, once a day; off without a mail server (SMTP_URL).
    const reminders = startReminders(orm, config.reminders, logger);

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        http.setReady(false);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timeout = setTimeout(() => {
          logger.warn({ ...http.load() }, 'requests still running at the shutdown timeout; closing their connections');
          server.closeAllConnections();
        }, config.shutdownTimeoutMs);
        await closed;
        clearTimeout(timeout);
        await http.apollo.stop();
        await reminders.stop();
        await orm.close();
        logger.info('stopped');
      })());
    const failed = new Promise<StorageFullError>((resolve) =>
      engineGuardOf(orm)?.onFailure((error) => {
        logger.fatal({ err: error }, 'the embedded database ran out of disk space; the service stops taking requests');
        // Until the process ends, /healthz and /readyz answer 503 and what needs the database is refused at once.
        http.setReady(false);
        resolve(error);
      }),
    );
    return { orm, server, url, stop, failed, load: http.load };
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}

// Every setting of the service, read once from the environment and validated at start-up.
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A whole number between `min` and `max`, with German messages that name the bounds. */
const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'muss eine ganze Zahl sein' })
    .int('muss eine ganze Zahl sein')
    .min(min, `muss zwischen ${min} und ${max} liegen`)
    .max(max, `muss zwischen ${min} und ${max} liegen`);

/**
 * Defaults for the 2-core machine the service is measured on (README, "Under load"): PostgreSQL, the
 * service and its clients share the cores, so more requests at once only wait longer for them.
 */
export const LOAD_DEFAULTS = {
  /** Requests worked on at once; beyond them the answer is 503 SERVICE_BUSY. */
  maxInFlightRequests: 32,
  /** How long a request beyond the bound waits for a free slot before it is refused. */
  requestQueueMs: 0,
  /** Connections to PostgreSQL (the pg driver's own default); the embedded database has one. */
  databasePoolSize: 10,
  /** V8's old-space limit (`--max-old-space-size`) the service starts with. */
  heapMb: 256,
} as const;

const schema = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'muss eine PostgreSQL-URL sein, z. B. postgres://benutzer:passwort@host:5432/datenbank' })
    .optional(),
  MIGRATION_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'muss eine PostgreSQL-URL sein, z. B. postgres://eigentuemer:passwort@host:5432/datenbank' })
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce
    .number({ error: 'muss eine Portnummer sein' })
    .int('muss eine ganze Zahl sein')
    .min(0, 'muss zwischen 0 und 65535 liegen')
    .max(65535, 'muss zwischen 0 und 65535 liegen')
    .default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'muss development, production oder test sein' }).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `muss einer dieser Werte sein: ${LOG_LEVELS.join(', ')}` }).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  AUTH_ISSUER: z.url({ error: 'muss die URL des Identitätsanbieters sein (OIDC issuer)' }).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  AUTH_JWKS_URL: z.url({ error: 'muss die URL der Schlüssel (JSON Web Key Set) des Identitätsanbieters sein' }).optional(),
  AUTH_SECRET_FILE: z.string().min(1).optional(),
  MAX_IN_FLIGHT_REQUESTS: wholeNumber(1, 10_000).default(LOAD_DEFAULTS.maxInFlightRequests),
  REQUEST_QUEUE_MS: wholeNumber(0, 60_000).default(LOAD_DEFAULTS.requestQueueMs),
  DATABASE_POOL_SIZE: wholeNumber(1, 1_000).default(LOAD_DEFAULTS.databasePoolSize),
  NODE_HEAP_MB: wholeNumber(64, 1_048_576).default(LOAD_DEFAULTS.heapMb),
});

export type Database =
  /**
   * A PostgreSQL server reached over the network. `migrationUrl` connects as the role that owns the
   * schema and migrates it; without it the service sets up the two roles itself when it may (orm.ts).
   * `poolSize`: connections at most; the driver's default (10) when unset.
   */
  | { kind: 'postgresql'; url: string; poolSize?: number; migrationUrl?: string }
  /** The embedded PGlite database, persisted in a directory (or in memory for tests). */
  | { kind: 'pglite'; dataDir: string | null };

export type Authentication =
  /** Tokens of the administration's identity provider, verified with its published keys. */
  | { kind: 'oidc'; issuer: string; audience: string; jwksUrl: string }
  /** The embedded set-up: tokens signed with a local secret kept in a file (created on first start). */
  | { kind: 'local'; secretFile: string };

export interface Config {
  database: Database;
  authentication: Authentication;
  port: number;
  host: string;
  env: 'development' | 'production' | 'test';
  logLevel: (typeof LOG_LEVELS)[number];
  shutdownTimeoutMs: number;
  /** Requests worked on at once (GraphQL, imports, reports); beyond them 503 SERVICE_BUSY. */
  maxInFlightRequests: number;
  /** How long a request beyond that bound waits for a free slot before it is refused (0: refused at once). */
  requestQueueMs: number;
  /** V8's old-space limit in MiB, applied by `src/main.ts` when node was started without one. */
  heapMb: number;
}

export class ConfigError extends Error {}

/** Reads and validates the configuration; every problem is named with its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Ungültige Einstellungen:\n${problems.join('\n')}`);
  }
  const values = parsed.data;
  if (values.MIGRATION_DATABASE_URL && !values.DATABASE_URL) {
    throw new ConfigError('Ungültige Einstellungen:\n  MIGRATION_DATABASE_URL: gilt nur zusammen mit DATABASE_URL.');
  }
  const oidc = [values.AUTH_ISSUER, values.AUTH_AUDIENCE, values.AUTH_JWKS_URL];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    throw new ConfigError('Ungültige Einstellungen:\n  AUTH_ISSUER, AUTH_AUDIENCE und AUTH_JWKS_URL müssen zusammen gesetzt werden.');
  }
  if (values.NODE_ENV === 'production' && !values.AUTH_ISSUER) {
    throw new ConfigError(
      'Ungültige Einstellungen:\n  AUTH_ISSUER: der Betrieb (production) braucht den Identitätsanbieter (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL).',
    );
  }
  return {
    authentication:
      values.AUTH_ISSUER && values.AUTH_AUDIENCE && values.AUTH_JWKS_URL
        ? { kind: 'oidc', issuer: values.AUTH_ISSUER, audience: values.AUTH_AUDIENCE, jwksUrl: values.AUTH_JWKS_URL }
        : { kind: 'local', secretFile: path.resolve(values.AUTH_SECRET_FILE ?? path.join(values.DATA_DIR, 'auth-secret')) },
    database: values.DATABASE_URL
      ? {
          kind: 'postgresql',
          url: values.DATABASE_URL,
          poolSize: values.DATABASE_POOL_SIZE,
          ...(values.MIGRATION_DATABASE_URL ? { migrationUrl: values.MIGRATION_DATABASE_URL } : {}),
        }
      : { kind: 'pglite', dataDir: path.resolve(values.DATA_DIR, 'pglite') },
    port: values.PORT,
    host: values.HOST,
    env: values.NODE_ENV,
    logLevel: values.LOG_LEVEL,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    maxInFlightRequests: values.MAX_IN_FLIGHT_REQUESTS,
    requestQueueMs: values.REQUEST_QUEUE_MS,
    heapMb: values.NODE_HEAP_MB,
  };
}

// Every setting of the service, read once from the environment and validated at start-up.
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/database' })
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  AUTH_ISSUER: z.url({ error: 'must be the URL of the identity provider (OIDC issuer)' }).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  AUTH_JWKS_URL: z.url({ error: "must be the URL of the identity provider's JSON Web Key Set" }).optional(),
  AUTH_SECRET_FILE: z.string().min(1).optional(),
});

export type Database =
  /** A PostgreSQL server reached over the network. */
  | { kind: 'postgresql'; url: string }
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
}

export class ConfigError extends Error {}

/** Reads and validates the configuration; every problem is named with its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const values = parsed.data;
  const oidc = [values.AUTH_ISSUER, values.AUTH_AUDIENCE, values.AUTH_JWKS_URL];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    throw new ConfigError('Invalid configuration:\n  AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL must be set together.');
  }
  if (values.NODE_ENV === 'production' && !values.AUTH_ISSUER) {
    throw new ConfigError(
      'Invalid configuration:\n  AUTH_ISSUER: production needs the identity provider (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL).',
    );
  }
  return {
    authentication:
      values.AUTH_ISSUER && values.AUTH_AUDIENCE && values.AUTH_JWKS_URL
        ? { kind: 'oidc', issuer: values.AUTH_ISSUER, audience: values.AUTH_AUDIENCE, jwksUrl: values.AUTH_JWKS_URL }
        : { kind: 'local', secretFile: path.resolve(values.AUTH_SECRET_FILE ?? path.join(values.DATA_DIR, 'auth-secret')) },
    database: values.DATABASE_URL
      ? { kind: 'postgresql', url: values.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(values.DATA_DIR, 'pglite') },
    port: values.PORT,
    host: values.HOST,
    env: values.NODE_ENV,
    logLevel: values.LOG_LEVEL,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
  };
}

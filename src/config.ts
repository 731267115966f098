// Every setting of the service, read once from the environment and validated at start-up.
import { readFileSync } from 'node:fs';
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

/**
 * The client secret also keys the sign-in cookie (src/http/oidc-sign-in.ts), so that every process of
 * the service reads the cookie another one wrote; a short one could be guessed.
 */
const MIN_CLIENT_SECRET = 16;

/** Reminders go out this many days before each deadline unless REMINDER_DAYS says otherwise. */
export const REMINDER_DEFAULT_DAYS = [14, 3] as const;

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
  AUTH_CLIENT_ID: z.string().min(1).optional(),
  AUTH_CLIENT_SECRET: z.string().min(MIN_CLIENT_SECRET, `muss mindestens ${MIN_CLIENT_SECRET} Zeichen lang sein`).optional(),
  AUTH_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'muss die öffentliche Adresse des Dienstes sein, z. B. https://foerderregister.thueringen.de' })
    .optional(),
  MAX_IN_FLIGHT_REQUESTS: wholeNumber(1, 10_000).default(LOAD_DEFAULTS.maxInFlightRequests),
  REQUEST_QUEUE_MS: wholeNumber(0, 60_000).default(LOAD_DEFAULTS.requestQueueMs),
  DATABASE_POOL_SIZE: wholeNumber(1, 1_000).default(LOAD_DEFAULTS.databasePoolSize),
  NODE_HEAP_MB: wholeNumber(64, 1_048_576).default(LOAD_DEFAULTS.heapMb),
  SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      error: 'muss die URL des Mailservers sein, z. B. smtp://benutzer:passwort@mail.example:587 oder smtps://…:465',
    })
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  REMINDER_DAYS: z
    .string()
    .regex(/^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/, 'muss eine Liste von Tagen sein, z. B. 14,3')
    .default(REMINDER_DEFAULT_DAYS.join(','))
    .transform((text) => [...new Set(text.split(',').map((day) => Number(day.trim())))].sort((a, b) => b - a))
    .refine((days) => days.every((day) => day <= 365), 'jeder Vorlauf muss zwischen 0 und 365 Tagen liegen'),
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

/** The browser's sign-in at the identity provider (authorization-code flow with PKCE). */
export interface BrowserSignIn {
  clientId: string;
  clientSecret: string;
  /** The service's external base URL, without a trailing slash; the redirect URI is `${publicUrl}/auth/callback`. */
  publicUrl: string;
}

export type Authentication =
  /**
   * Tokens of the administration's identity provider, verified with its published keys; with
   * `signIn`, the web application's users sign in there too.
   */
  | { kind: 'oidc'; issuer: string; audience: string; jwksUrl: string; signIn?: BrowserSignIn }
  /** The embedded set-up: tokens signed with a local secret kept in a file (created on first start). */
  | { kind: 'local'; secretFile: string };

/** The deadline reminders by e-mail; set when SMTP_URL is. */
export interface ReminderSettings {
  /** The mail server (nodemailer's connection URL). */
  smtpUrl: string;
  /** The sender, e.g. `Förderregister <foerderregister@tfm.thueringen.de>`. */
  from: string;
  /** Days before a due date a reminder goes out, largest first, e.g. [14, 3]. */
  days: readonly number[];
  /** The service's external base URL (PUBLIC_URL), for the links to the notices. */
  publicUrl: string;
}

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
  /** The service's external base URL (PUBLIC_URL) without a trailing slash; links in the calendar feed and the reminders. */
  publicUrl?: string;
  /** The deadline reminders by e-mail; off when absent (no SMTP_URL). */
  reminders?: ReminderSettings;
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
  const signIn = browserSignIn(values);
  const publicUrl = values.PUBLIC_URL?.replace(/\/+$/, '');
  const reminders = reminderSettings(values, publicUrl);
  return {
    authentication:
      values.AUTH_ISSUER && values.AUTH_AUDIENCE && values.AUTH_JWKS_URL
        ? {
            kind: 'oidc',
            issuer: values.AUTH_ISSUER,
            audience: values.AUTH_AUDIENCE,
            jwksUrl: values.AUTH_JWKS_URL,
            ...(signIn ? { signIn } : {}),
          }
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
    ...(publicUrl ? { publicUrl } : {}),
    ...(reminders ? { reminders } : {}),
  };
}

const invalid = (problem: string) => new ConfigError(`Ungültige Einstellungen:\n  ${problem}`);

/** The reminders' settings: with SMTP_URL, a sender and the public address for the links are needed too. */
function reminderSettings(values: z.infer<typeof schema>, publicUrl: string | undefined): ReminderSettings | undefined {
  if (!values.SMTP_URL) {
    if (values.MAIL_FROM) throw invalid('MAIL_FROM: gilt nur zusammen mit dem Mailserver (SMTP_URL).');
    return undefined;
  }
  if (!values.MAIL_FROM)
    throw invalid('MAIL_FROM: die Erinnerungen brauchen eine Absenderadresse, z. B. foerderregister@tfm.thueringen.de.');
  if (!publicUrl) throw invalid('PUBLIC_URL: die Erinnerungen verlinken die Bescheide und brauchen die öffentliche Adresse des Dienstes.');
  return { smtpUrl: values.SMTP_URL, from: values.MAIL_FROM, days: values.REMINDER_DAYS, publicUrl };
}

/** The browser sign-in's settings: all or none of them, and only with the identity provider. */
function browserSignIn(values: z.infer<typeof schema>): BrowserSignIn | undefined {
  const { AUTH_CLIENT_ID: clientId, AUTH_CLIENT_SECRET: secret, AUTH_CLIENT_SECRET_FILE: secretFile, PUBLIC_URL: publicUrl } = values;
  // PUBLIC_URL alone serves the links of the calendar feed and the reminders.
  if (!clientId && !secret && !secretFile) return undefined;
  if (!clientId) throw invalid('AUTH_CLIENT_ID: die Anmeldung im Browser braucht die Kennung des Dienstes beim Identitätsanbieter.');
  if (!values.AUTH_ISSUER)
    throw invalid('AUTH_CLIENT_ID: gilt nur zusammen mit dem Identitätsanbieter (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL).');
  if (!publicUrl) throw invalid('PUBLIC_URL: die Anmeldung im Browser braucht die öffentliche Adresse des Dienstes (für /auth/callback).');
  if (secret && secretFile) throw invalid('AUTH_CLIENT_SECRET und AUTH_CLIENT_SECRET_FILE: nur eines von beiden setzen.');
  if (!secret && !secretFile)
    throw invalid('AUTH_CLIENT_SECRET: die Anmeldung im Browser braucht das Geheimnis des Dienstes (oder AUTH_CLIENT_SECRET_FILE).');
  if (values.NODE_ENV === 'production') {
    for (const [name, url] of [
      ['PUBLIC_URL', publicUrl],
      ['AUTH_ISSUER', values.AUTH_ISSUER],
    ] as const)
      if (new URL(url).protocol !== 'https:') throw invalid(`${name}: im Betrieb (production) nur über https.`);
  }
  const clientSecret = secret ?? readClientSecret(secretFile!);
  if (clientSecret.length < MIN_CLIENT_SECRET)
    throw invalid(`AUTH_CLIENT_SECRET_FILE: das Geheimnis muss mindestens ${MIN_CLIENT_SECRET} Zeichen lang sein.`);
  return { clientId, clientSecret, publicUrl: publicUrl.replace(/\/+$/, '') };
}

function readClientSecret(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw invalid(
      `AUTH_CLIENT_SECRET_FILE: die Datei ${file} kann nicht gelesen werden (${(error as NodeJS.ErrnoException).code ?? 'unbekannt'}).`,
    );
  }
}

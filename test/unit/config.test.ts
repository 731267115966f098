// Configuration from the environment: defaults, the embedded database, and messages that name the variable.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database under ./data on port 4000', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('data', 'pglite') });
    expect([config.port, config.host, config.env, config.logLevel]).toEqual([4000, '127.0.0.1', 'development', 'info']);
  });

  it('moves the embedded database with DATA_DIR and treats an empty variable as unset', () => {
    expect(loadConfig({ DATA_DIR: '/srv/grants', DATABASE_URL: '' }).database).toEqual({ kind: 'pglite', dataDir: '/srv/grants/pglite' });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://grants:secret@db:5432/grants' }).database).toEqual({
      kind: 'postgresql',
      url: 'postgres://grants:secret@db:5432/grants',
      poolSize: 10,
    });
  });

  it('migrates through MIGRATION_DATABASE_URL, the owner of the schema, when it is set beside DATABASE_URL', () => {
    const env = {
      DATABASE_URL: 'postgres://grants_service:a@db:5432/grants',
      MIGRATION_DATABASE_URL: 'postgres://grants_owner:b@db:5432/grants',
    };
    expect(loadConfig(env).database).toEqual({
      kind: 'postgresql',
      url: 'postgres://grants_service:a@db:5432/grants',
      poolSize: 10,
      migrationUrl: 'postgres://grants_owner:b@db:5432/grants',
    });
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://grants_owner:b@db:5432/grants' })).toThrow(
      /MIGRATION_DATABASE_URL: gilt nur zusammen mit DATABASE_URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: env.DATABASE_URL, MIGRATION_DATABASE_URL: 'mysql://x' })).toThrow(
      /MIGRATION_DATABASE_URL: muss eine PostgreSQL-URL sein/,
    );
  });

  it('names every wrong variable in one message', () => {
    const attempt = () => loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', NODE_ENV: 'staging' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT: muss zwischen 0 und 65535 liegen/);
    expect(attempt).toThrow(/DATABASE_URL: muss eine PostgreSQL-URL sein/);
    expect(attempt).toThrow(/LOG_LEVEL: muss einer dieser Werte sein: fatal, error, warn, info, debug, trace, silent/);
    expect(attempt).toThrow(/NODE_ENV: muss development, production oder test sein/);
  });

  it('refuses a port that is not a number', () => {
    expect(() => loadConfig({ PORT: 'http' })).toThrow(/PORT: muss eine Portnummer sein/);
  });
});

describe('loadConfig: authentication', () => {
  it('signs tokens with a local secret beside the data unless an identity provider is configured', () => {
    expect(loadConfig({ DATA_DIR: '/srv/grants' }).authentication).toEqual({ kind: 'local', secretFile: '/srv/grants/auth-secret' });
    expect(
      loadConfig({
        AUTH_ISSUER: 'https://idp.example/realms/th',
        AUTH_AUDIENCE: 'grant-register',
        AUTH_JWKS_URL: 'https://idp.example/certs',
      }).authentication,
    ).toEqual({ kind: 'oidc', issuer: 'https://idp.example/realms/th', audience: 'grant-register', jwksUrl: 'https://idp.example/certs' });
  });

  it('wants the identity provider complete, and in production at all', () => {
    expect(() => loadConfig({ AUTH_ISSUER: 'https://idp.example/realms/th' })).toThrow(/müssen zusammen gesetzt werden/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/der Betrieb \(production\) braucht den Identitätsanbieter/);
  });
});

describe('loadConfig: the sign-in in the browser', () => {
  const provider = {
    AUTH_ISSUER: 'https://idp.example/realms/th',
    AUTH_AUDIENCE: 'grant-register',
    AUTH_JWKS_URL: 'https://idp.example/certs',
  };
  const client = { AUTH_CLIENT_ID: 'grant-register', AUTH_CLIENT_SECRET: 'sechzehn-zeichen!', PUBLIC_URL: 'https://foerder.example/' };

  it('makes the service a client of the identity provider, the redirect URI under PUBLIC_URL without its trailing slash', () => {
    expect(loadConfig({ ...provider, ...client }).authentication).toEqual({
      kind: 'oidc',
      issuer: 'https://idp.example/realms/th',
      audience: 'grant-register',
      jwksUrl: 'https://idp.example/certs',
      signIn: { clientId: 'grant-register', clientSecret: 'sechzehn-zeichen!', publicUrl: 'https://foerder.example' },
    });
    expect(loadConfig(provider).authentication).not.toHaveProperty('signIn');
  });

  it('reads the client secret from AUTH_CLIENT_SECRET_FILE, without the line break at its end', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'grants-config-'));
    try {
      writeFileSync(path.join(dir, 'secret'), 'aus-der-datei-gelesen\n');
      const env = { ...provider, ...client, AUTH_CLIENT_SECRET: '', AUTH_CLIENT_SECRET_FILE: path.join(dir, 'secret') };
      const { authentication } = loadConfig(env);
      expect(authentication.kind === 'oidc' && authentication.signIn?.clientSecret).toBe('aus-der-datei-gelesen');
      expect(() => loadConfig({ ...env, AUTH_CLIENT_SECRET_FILE: path.join(dir, 'fehlt') })).toThrow(
        `AUTH_CLIENT_SECRET_FILE: die Datei ${path.join(dir, 'fehlt')} kann nicht gelesen werden (ENOENT).`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names what is missing or contradicts', () => {
    const problem = (env: Record<string, string>) => () => loadConfig(env);
    expect(problem({ ...provider, ...client, AUTH_CLIENT_ID: '' })).toThrow(/AUTH_CLIENT_ID: die Anmeldung im Browser braucht die Kennung/);
    expect(problem({ ...client })).toThrow(/AUTH_CLIENT_ID: gilt nur zusammen mit dem Identitätsanbieter/);
    expect(problem({ ...provider, ...client, PUBLIC_URL: '' })).toThrow(
      /PUBLIC_URL: die Anmeldung im Browser braucht die öffentliche Adresse/,
    );
    expect(problem({ ...provider, ...client, PUBLIC_URL: 'foerder.example' })).toThrow(
      /PUBLIC_URL: muss die öffentliche Adresse des Dienstes sein/,
    );
    expect(problem({ ...provider, ...client, AUTH_CLIENT_SECRET: '' })).toThrow(
      /AUTH_CLIENT_SECRET: die Anmeldung im Browser braucht das Geheimnis/,
    );
    expect(problem({ ...provider, ...client, AUTH_CLIENT_SECRET_FILE: '/run/secrets/x' })).toThrow(/nur eines von beiden setzen/);
    expect(problem({ ...provider, ...client, AUTH_CLIENT_SECRET: 'kurz' })).toThrow(
      /AUTH_CLIENT_SECRET: muss mindestens 16 Zeichen lang sein/,
    );
    expect(problem({ ...provider, ...client, PUBLIC_URL: 'http://foerder.example', NODE_ENV: 'production' })).toThrow(
      /PUBLIC_URL: im Betrieb \(production\) nur über https/,
    );
  });
});

describe('loadConfig: load', () => {
  it('bounds requests in flight, the database pool and the heap with defaults fitted to two cores', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://grants@db:5432/grants' });
    expect([config.maxInFlightRequests, config.requestQueueMs, config.heapMb]).toEqual([32, 0, 256]);
    expect(config.database).toEqual({ kind: 'postgresql', url: 'postgres://grants@db:5432/grants', poolSize: 10 });
  });

  it('takes MAX_IN_FLIGHT_REQUESTS, REQUEST_QUEUE_MS, DATABASE_POOL_SIZE and NODE_HEAP_MB from the environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://grants@db:5432/grants',
      MAX_IN_FLIGHT_REQUESTS: '64',
      REQUEST_QUEUE_MS: '250',
      DATABASE_POOL_SIZE: '20',
      NODE_HEAP_MB: '512',
    });
    expect([config.maxInFlightRequests, config.requestQueueMs, config.heapMb]).toEqual([64, 250, 512]);
    expect(config.database).toEqual({ kind: 'postgresql', url: 'postgres://grants@db:5432/grants', poolSize: 20 });
  });

  it('names every setting out of its range or not a whole number', () => {
    const attempt = () =>
      loadConfig({ MAX_IN_FLIGHT_REQUESTS: '0', REQUEST_QUEUE_MS: '-1', DATABASE_POOL_SIZE: '2.5', NODE_HEAP_MB: '32' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/MAX_IN_FLIGHT_REQUESTS: muss zwischen 1 und 10000 liegen/);
    expect(attempt).toThrow(/REQUEST_QUEUE_MS: muss zwischen 0 und 60000 liegen/);
    expect(attempt).toThrow(/DATABASE_POOL_SIZE: muss eine ganze Zahl sein/);
    expect(attempt).toThrow(/NODE_HEAP_MB: muss zwischen 64 und 1048576 liegen/);
    expect(() => loadConfig({ MAX_IN_FLIGHT_REQUESTS: 'viele' })).toThrow(/MAX_IN_FLIGHT_REQUESTS: muss eine ganze Zahl sein/);
  });
});

describe('loadConfig: the deadline reminders', () => {
  const mail = {
    SMTP_URL: 'smtp://post.example:587',
    MAIL_FROM: 'Förderregister <foerderregister@tfm.example>',
    PUBLIC_URL: 'https://foerder.example/',
  };

  it('are off without a mail server, and PUBLIC_URL alone only names the links', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://foerder.example/' });
    expect(config.reminders).toBeUndefined();
    expect(config.publicUrl).toBe('https://foerder.example');
    expect(config.authentication.kind).toBe('local');
  });

  it('go out 14 and 3 days ahead unless REMINDER_DAYS says otherwise', () => {
    expect(loadConfig(mail).reminders).toEqual({
      smtpUrl: 'smtp://post.example:587',
      from: 'Förderregister <foerderregister@tfm.example>',
      days: [14, 3],
      publicUrl: 'https://foerder.example',
    });
    expect(loadConfig({ ...mail, REMINDER_DAYS: '1, 30,7,7' }).reminders?.days).toEqual([30, 7, 1]);
  });

  it('name what is missing or wrong', () => {
    const problem = (env: Record<string, string>) => () => loadConfig(env);
    expect(problem({ ...mail, MAIL_FROM: '' })).toThrow(/MAIL_FROM: die Erinnerungen brauchen eine Absenderadresse/);
    expect(problem({ ...mail, PUBLIC_URL: '' })).toThrow(/PUBLIC_URL: die Erinnerungen verlinken die Bescheide/);
    expect(problem({ MAIL_FROM: 'foerderregister@tfm.example' })).toThrow(/MAIL_FROM: gilt nur zusammen mit dem Mailserver/);
    expect(problem({ ...mail, SMTP_URL: 'http://post.example' })).toThrow(/SMTP_URL: muss die URL des Mailservers sein/);
    expect(problem({ ...mail, REMINDER_DAYS: '14;3' })).toThrow(/REMINDER_DAYS: muss eine Liste von Tagen sein/);
    expect(problem({ ...mail, REMINDER_DAYS: '400' })).toThrow(/REMINDER_DAYS: jeder Vorlauf muss zwischen 0 und 365 Tagen liegen/);
  });
});

// The routes beside GraphQL map errors as GraphQL does: the same code, reason and German message,
// and an HTTP status for each code; only what is not known is a 500, and it says nothing inside.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { guardEngine, isStorageFull, STORAGE_FULL_MESSAGE, StorageFullError } from '../../src/database-failure.js';
import { DomainInputError } from '../../src/domain/errors.js';
import { DATABASE_UNAVAILABLE_MESSAGE, httpError, INTERNAL_ERROR_MESSAGE, isDatabaseUnavailable } from '../../src/schema/errors.js';
import { ForbiddenError, NotFoundError } from '../../src/services/errors.js';

describe('httpError', () => {
  it('answers a forbidden write 403 with its reason', () => {
    expect(httpError(new ForbiddenError('Die Rolle Prüfung (AUDITOR) darf keine Förderdaten ändern.'))).toEqual({
      status: 403,
      error: {
        message: 'Die Rolle Prüfung (AUDITOR) darf keine Förderdaten ändern.',
        extensions: { code: 'FORBIDDEN', reason: 'ROLE_NOT_PERMITTED' },
      },
    });
  });

  it('answers a constraint violation of the database as bad input, never as a 500', () => {
    const violation = Object.assign(new UniqueConstraintViolationException(new Error('duplicate key value')), {
      constraint: 'recipient_ags_unique',
    });
    const answer = httpError(violation);
    expect(answer.status).toBe(400);
    expect(answer.error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DUPLICATE_RECORD', field: 'ags' });
  });

  it('answers bad input with the status the route chooses, and a missing record 404', () => {
    const input = new DomainInputError('Die Datei ist leer.', { field: 'file' });
    expect(httpError(input, { badInputStatus: 422 }).status).toBe(422);
    expect(httpError(input).error).toEqual({
      message: 'Die Datei ist leer.',
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'file' },
    });
    expect(httpError(new NotFoundError('Grant notice', 'x')).status).toBe(404);
  });

  it('hides what is not known behind the generic message', () => {
    expect(httpError(new Error('column "passwort" does not exist: password=geheim'))).toEqual({
      status: 500,
      error: { message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    });
  });

  it('answers a database that went away 503, found by code, SQLSTATE or message, also as a cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const terminated = new Error('Connection terminated unexpectedly');
    const wrapped = new Error('select failed', { cause: refused });
    for (const error of [refused, shutdown, terminated, wrapped]) expect(isDatabaseUnavailable(error), error.message).toBe(true);
    expect(isDatabaseUnavailable(new Error('syntax error at or near "selec"'))).toBe(false);
    expect(httpError(wrapped)).toEqual({
      status: 503,
      error: { message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE' } },
    });
  });

  it('answers a full disk of the database 503 with its own reason, from PostgreSQL or from the embedded engine', () => {
    // PostgreSQL's SQLSTATE disk_full, as the server answers a statement it cannot write.
    const server = Object.assign(new Error('could not extend file "base/16384/16385": No space left on device'), { code: '53100' });
    const wrapped = new Error('insert failed', { cause: server });
    for (const error of [server, wrapped, new StorageFullError(server)]) {
      expect(isStorageFull(error), error.message).toBe(true);
      expect(httpError(error)).toEqual({
        status: 503,
        error: { message: STORAGE_FULL_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'STORAGE_FULL' } },
      });
    }
    expect(isStorageFull(new Error('could not serialize access'))).toBe(false);
  });
});

describe('the guard in front of the embedded engine', () => {
  it('passes statements through until the disk is full, then refuses every later one without sending it', async () => {
    const sent: string[] = [];
    let diskFull = false;
    const engine = {
      execProtocolStream: async (message: Uint8Array) => {
        sent.push(new TextDecoder().decode(message));
        if (diskFull)
          throw Object.assign(new Error('could not write to file "pg_wal/xlogtemp.42": No space left on device'), { code: '53100' });
        return [];
      },
    };
    const guard = guardEngine(engine);
    const heard: StorageFullError[] = [];
    guard.onFailure((error) => heard.push(error));
    await engine.execProtocolStream(new TextEncoder().encode('select 1'));
    expect(guard.failure()).toBeNull();
    diskFull = true;
    await expect(engine.execProtocolStream(new TextEncoder().encode('insert'))).rejects.toThrow('No space left on device');
    await expect(engine.execProtocolStream(new TextEncoder().encode('ROLLBACK'))).rejects.toBeInstanceOf(StorageFullError);
    // The rollback never reached the engine, whose next statement would not return.
    expect(sent).toEqual(['select 1', 'insert']);
    expect(heard).toHaveLength(1);
    expect(guard.failure()).toBe(heard[0]);
  });
});

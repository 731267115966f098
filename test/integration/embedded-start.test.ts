// The embedded database on a disk that will not take it: a read-only or a full file system is named
// as such when the service or a tool starts, instead of an error of the database engine. The test
// mounts small tmpfs file systems (it needs root, as CI and this machine have; elsewhere it is skipped).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openOrm } from '../../src/orm.js';
import { testDisks } from '../support/disks.js';

const disks = testDisks('disks');
const full = disks.tmpfs('full', 'size=1m');
const readOnly = disks.tmpfs('read-only', 'ro,size=100m');

afterAll(() => disks.remove());

describe.skipIf(full === null || readOnly === null)('the embedded database on a disk that will not take it', () => {
  it('names a full disk', async () => {
    await expect(openOrm({ kind: 'pglite', dataDir: path.join(full!, 'pglite') })).rejects.toThrow(
      `Auf dem Datenträger des Datenverzeichnisses ${full} ist kein Speicherplatz frei (nur 1,0 MB, ` +
        'die eingebettete Datenbank braucht mindestens 64,0 MB).',
    );
  });

  it('names a read-only directory', async () => {
    await expect(openOrm({ kind: 'pglite', dataDir: path.join(readOnly!, 'pglite') })).rejects.toThrow(
      `Das Datenverzeichnis ${readOnly} ist schreibgeschützt; die eingebettete Datenbank braucht Schreibrechte dort (DATA_DIR).`,
    );
  });
});

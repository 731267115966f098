// Small file systems a test mounts (tmpfs) to see how the embedded database behaves on a disk that is
// full or read-only. Mounting needs root, as CI and the development machine have; elsewhere `tmpfs`
// answers null and the test skips itself.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Disks {
  /** A tmpfs at a new folder with the given mount options (e.g. `size=1m`, `ro`), or null where no mount is allowed. */
  tmpfs(name: string, options: string): string | null;
  /** Unmounts everything and removes the folders. */
  remove(): void;
}

export function testDisks(label: string): Disks {
  const root = mkdtempSync(path.join(tmpdir(), `grant-register-${label}-`));
  const mounted: string[] = [];
  return {
    tmpfs(name, options) {
      const target = path.join(root, name);
      mkdirSync(target, { recursive: true });
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', target], { stdio: 'ignore' });
      } catch {
        return null;
      }
      mounted.push(target);
      return target;
    },
    remove() {
      for (const target of mounted.splice(0)) execFileSync('umount', ['--lazy', target], { stdio: 'ignore' });
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Takes every free byte of the file system at `directory` with one file, and returns its path. */
export function fillDisk(directory: string): string {
  const filler = path.join(directory, 'filler');
  const { bavail, bsize } = statfsSync(directory);
  execFileSync('fallocate', ['-l', String(bavail * bsize), filler]);
  return filler;
}

/** Bytes still free at `directory`. */
export function freeBytes(directory: string): number {
  const { bavail, bsize } = statfsSync(directory);
  return bavail * bsize;
}

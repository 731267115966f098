// Builds the web application with Vite: into web/dist, swapped in with one rename as the service's
// build is, or into the folder given as the first argument (the browser tests build their own).
import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const vite = path.join(web, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(vite)) {
  process.stderr.write('Die Bausteine der Weboberfläche fehlen (web/node_modules); bitte „npm ci“ im Projektordner ausführen.\n');
  process.exit(1);
}
const target = process.argv[2] ? path.resolve(process.argv[2]) : null;
const next = target ?? path.join(web, `dist.next-${process.pid}`);
const bundled = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
  cwd: web,
  stdio: 'inherit',
  env: { ...process.env, WEB_OUT_DIR: next },
});
if (bundled.status !== 0) {
  if (!target) rmSync(next, { recursive: true, force: true });
  process.exit(bundled.status ?? 1);
}
if (!target) {
  const dist = path.join(web, 'dist');
  const old = path.join(web, `dist.old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
}

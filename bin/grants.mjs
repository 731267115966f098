#!/usr/bin/env node
// The `grants` command: runs the command-line tools from the built code, building it once when it is
// missing (a fresh clone before the first `npm start`).
import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The project runs on its own Node (the `node` dev dependency); an older one on the PATH hands over to it.
const projectNode = path.join(root, 'node_modules', '.bin', 'node');
if (Number(process.versions.node.split('.')[0]) < 22 && existsSync(projectNode)) {
  const handedOver = spawnSync(projectNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(handedOver.status ?? 1);
}
const entry = path.join(root, 'dist', 'scripts', 'grants.js');
if (!existsSync(entry)) {
  process.stderr.write('Das Programm wird einmalig übersetzt …\n');
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import(pathToFileURL(entry).href);

// `npm run schema:print`: writes the GraphQL SDL to schema.graphql (or prints it with --stdout).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sourceRoot } from '../src/orm.js';
import { printSchemaSdl } from '../src/schema/build.js';

const sdl = await printSchemaSdl();
if (process.argv.includes('--stdout')) {
  process.stdout.write(sdl);
} else {
  writeFileSync(path.join(sourceRoot, 'schema.graphql'), sdl);
  console.log('Wrote schema.graphql');
}

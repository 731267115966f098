// The committed migrations build exactly the schema the entities describe, and schema.graphql is current.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSchemaSdl } from '../../src/schema/build.js';
import { withOwner } from '../../src/orm.js';
import { openTestOrm, type TestOrm } from '../support/database.js';

describe('generated artefacts', () => {
  let db: TestOrm;

  beforeAll(async () => {
    db = await openTestOrm();
  });

  afterAll(async () => {
    await db.close();
  });

  it('leaves nothing for a new migration after the committed ones are applied', async () => {
    // Read back as the schema's owner: PostgreSQL shows another role's constraints and triggers only to their owner.
    const pending = await withOwner(db.orm, (owner) => owner.schema.getUpdateSchemaSQL({ wrap: false }));
    expect(pending.trim(), 'run `npm run migration:create` and commit the migration').toBe('');
  });

  it('has schema.graphql equal to the SDL the resolvers produce', async () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed, 'run `npm run schema:print` and commit schema.graphql').toBe(await printSchemaSdl());
  });
});

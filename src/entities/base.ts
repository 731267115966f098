// Identity, timestamps and the optimistic-locking version that every stored record shares.
import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { v7 as uuidv7 } from 'uuid';

/** Records that are written once and never edited (versions of figures, lines of a version). */
@Entity({ abstract: true })
export abstract class ImmutableRecord {
  /** Time-ordered UUID, so that ordering by id follows creation. */
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = uuidv7();

  @Property({ type: 'timestamptz' })
  createdAt: Opt<Date> = new Date();
}

/** Records that can be edited; every edit must name the version it was based on. */
@Entity({ abstract: true })
export abstract class EditableRecord extends ImmutableRecord {
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();

  @Property({ type: 'integer', version: true })
  version!: Opt<number>;
}

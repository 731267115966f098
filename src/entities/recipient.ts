// Zuwendungsempfänger: a district, city or municipality with its official key.
import { Check, Entity, Enum, Property } from '@mikro-orm/decorators/legacy';
import { RECIPIENT_KINDS, type RecipientKind } from '../domain/enums.js';
import { EditableRecord } from './base.js';

@Entity()
@Check({ name: 'recipient_ags_format', expression: "ags ~ '^[0-9]{5}([0-9]{3})?$'" })
@Check({ name: 'recipient_population_non_negative', expression: 'population is null or population >= 0' })
export class Recipient extends EditableRecord {
  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => [...RECIPIENT_KINDS], nativeEnumName: 'recipient_kind' })
  kind!: RecipientKind;

  /** Amtlicher Gemeindeschlüssel: 5 digits for a district (16065), 8 for a municipality. */
  @Property({ type: 'string', length: 8, unique: 'recipient_ags_unique' })
  ags!: string;

  /** Einwohnerzahl, used by population allocation keys. */
  @Property({ type: 'integer', nullable: true })
  population?: number | null;
}

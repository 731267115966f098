// Vorhaben: what is funded, owned by one recipient, possibly within a cooperation.
import { Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { EditableRecord } from './base.js';
import { Cooperation } from './cooperation.js';
import { Recipient } from './recipient.js';

@Entity()
export class Project extends EditableRecord {
  @ManyToOne(() => Recipient, { index: 'project_recipient_idx' })
  recipient!: Recipient;

  @ManyToOne(() => Cooperation, { nullable: true, index: 'project_cooperation_idx', deleteRule: 'no action' })
  cooperation?: Cooperation | null;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;
}

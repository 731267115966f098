// The secret address of a user's calendar feed (Fristen as iCalendar): a calendar client cannot send the
// session cookie, so the address itself is the key. Only the key's SHA-256 is kept, with whom it stands
// for, as the sign-in knew the user when the feed was made (renewed at every sign-in of the same subject).
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

@Entity({ tableName: 'calendar_feed' })
@Index({ name: 'calendar_feed_subject_idx', properties: ['subject'] })
export class CalendarFeed {
  /** SHA-256 (hex) of the address's random key: a copy of the table does not open any feed. */
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  role!: string;

  /** Finance officers: the AGS keys of their recipients. */
  @Property({ type: 'json' })
  recipientAgs!: string[];

  /** Team leads: the cooperation they lead. */
  @Property({ type: 'uuid', nullable: true })
  cooperationId?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}

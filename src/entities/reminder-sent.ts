// What the deadline reminders sent: one row per deadline, recipient address and lead time, written in
// the same transaction before the message goes out, so that no second run or process sends it again.
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { LocalDate } from '../domain/local-date.js';
import { LocalDateType } from './types.js';

@Entity({ tableName: 'reminder_sent' })
@Unique({ name: 'reminder_sent_once_key', properties: ['deadlineKey', 'address', 'offsetDays'] })
export class ReminderSent {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The deadline: kind, notice, payment (spend deadlines) and due date, e.g. `PROOF_OF_USE:<notice>:2022-06-30`. */
  @Property({ type: 'text' })
  deadlineKey!: string;

  /** The e-mail address the reminder went to. */
  @Property({ type: 'text' })
  address!: string;

  /** Days before the due date (one of REMINDER_DAYS); -1 for the message about an overdue deadline. */
  @Property({ type: 'integer' })
  offsetDays!: number;

  /** The day of the run that sent it (Europe/Berlin). */
  @Property({ type: LocalDateType })
  sentOn!: LocalDate;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}

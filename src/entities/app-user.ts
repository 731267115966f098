// A user of the web application as the last sign-in knew them: subject, role and scope, and the e-mail
// address the identity provider named (OIDC claim `email`), to which the deadline reminders go.
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

@Entity({ tableName: 'app_user' })
export class AppUser {
  /** The subject at the identity provider (or of the demonstration user). */
  @PrimaryKey({ type: 'text' })
  subject!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  role!: string;

  @Property({ type: 'json' })
  recipientAgs!: string[];

  @Property({ type: 'uuid', nullable: true })
  cooperationId?: string | null;

  /** Null when the provider named none: the user gets no reminders. */
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'timestamptz' })
  signedInAt!: Date;
}

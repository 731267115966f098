// A signed-in user of the web application: the browser holds only a random key in an HttpOnly
// cookie, the session itself (who, with which rights, until when) lives here, so that signing out or
// expiry takes effect at once in every process of the service.
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** How the user signed in: at the identity provider, or as a demonstration user of the embedded set-up. */
export const SIGN_IN_METHODS = ['OIDC', 'DEMO'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

@Entity({ tableName: 'user_session' })
@Index({ name: 'user_session_expires_at_idx', properties: ['expiresAt'] })
export class UserSession {
  /** SHA-256 (hex) of the cookie's key: a copy of the table does not let anyone sign in. */
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

  /** Sent back by the application in a header with every request that changes something. */
  @Property({ type: 'text' })
  csrfToken!: string;

  @Property({ type: 'text' })
  method!: SignInMethod;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;
}

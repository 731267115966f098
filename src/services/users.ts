// The users of the web application as their last sign-in knew them (app_user): the deadline reminders
// go to their e-mail addresses, within the scope recorded here. A sign-in also renews the role and scope
// of the user's calendar feeds, so that a feed never reaches further than its owner's last sign-in.
import { AppUser, CalendarFeed } from '../entities/index.js';
import type { Actor } from './access.js';
import type { Em } from './records.js';

/** Records the user of a sign-in (past the unit of work, as the session: no record of the register). */
export async function rememberUser(em: Em, actor: Actor, signedInAt: Date): Promise<void> {
  const scope = { name: actor.name, role: actor.role, recipientAgs: [...actor.recipientAgs], cooperationId: actor.cooperationId };
  await em.upsert(
    AppUser,
    { subject: actor.subject, ...scope, email: actor.email ?? null, signedInAt },
    { onConflictFields: ['subject'], onConflictAction: 'merge' },
  );
  await em.nativeUpdate(CalendarFeed, { subject: actor.subject }, scope);
}

// The calendar feed of a user (Fristen as iCalendar, for Outlook or Thunderbird to subscribe to): a
// secret address made once and shown once, whose random key is kept only as its SHA-256 with the user's
// subject, role and scope. A calendar client cannot send the session cookie: the address is the key,
// and revoking it (or making a new one) ends the old one at once in every process.
import { createHash, randomBytes } from 'node:crypto';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { GrantNotice, CalendarFeed } from '../entities/index.js';
import type { LocalDate } from '../domain/local-date.js';
import { Access, ROLES, type Actor, type Role } from './access.js';
import { deadlinesInScope } from './deadlines.js';
import { deadlineLines, deadlineTitle, deadlineUid, noticeUrl } from './deadline-texts.js';
import type { Em } from './records.js';

/** Where a feed is served; `<key>.ics` follows. */
export const CALENDAR_PATH = '/kalender';
/** The keys' form: 32 random bytes, base64url. */
export const FEED_KEY_PATTERN = /^[\w-]{43}$/;

const hash = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * A new feed address for the caller; an earlier one of the same user stops working (one feed per
 * user: whoever lost the address makes a new one). Returns the path with the key, known only to the caller.
 */
export async function createCalendarFeed(em: Em, access: Access, now: Date = new Date()): Promise<string> {
  access.assertMay('createCalendarFeed');
  const actor = access.actor;
  const key = randomBytes(32).toString('base64url');
  // Past the unit of work, as the sessions: a feed is no record of the register.
  await em.nativeDelete(CalendarFeed, { subject: actor.subject });
  await em.insert(CalendarFeed, {
    id: hash(key),
    subject: actor.subject,
    name: actor.name,
    role: actor.role,
    recipientAgs: [...actor.recipientAgs],
    cooperationId: actor.cooperationId,
    createdAt: now,
  });
  return `${CALENDAR_PATH}/${key}.ics`;
}

/** Ends the caller's feed; whether there was one. */
export async function revokeCalendarFeed(em: Em, access: Access): Promise<boolean> {
  access.assertMay('revokeCalendarFeed');
  return (await em.nativeDelete(CalendarFeed, { subject: access.actor.subject })) > 0;
}

/** The user a feed key stands for; null for an unknown or revoked key. */
export async function feedOwner(em: Em, key: string): Promise<Actor | null> {
  if (!FEED_KEY_PATTERN.test(key)) return null;
  const feed = await em.findOne(CalendarFeed, { id: hash(key) }, { disableIdentityMap: true });
  if (!feed || !(ROLES as readonly string[]).includes(feed.role)) return null;
  return {
    subject: feed.subject,
    name: feed.name,
    role: feed.role as Role,
    recipientAgs: feed.recipientAgs,
    cooperationId: feed.cooperationId ?? null,
  };
}

/**
 * The iCalendar text of a user's Fristen as of `today`: every deadline of the open notices in the
 * scope, the overdue ones too, each an all-day event with a UID of its own, so that a client that
 * reads the feed again updates the events instead of adding them twice.
 */
export async function calendarOf(em: Em, actor: Actor, today: LocalDate, publicUrl: string): Promise<string> {
  const access = await Access.resolve(em, actor);
  const deadlines = await deadlinesInScope(em, access, { from: null, to: null }, today);
  const ids = [...new Set(deadlines.map((deadline) => deadline.noticeId))];
  const notices = ids.length ? await em.find(GrantNotice, { id: { $in: ids } }, { fields: ['reference'] }) : [];
  const references = new Map(notices.map((notice) => [notice.id, notice.reference]));
  const calendar = ical({
    name: 'Fristen im Förderregister',
    description: `Fristen der Zuwendungsbescheide für ${actor.name}`,
    prodId: { company: 'Freistaat Thüringen', product: 'Foerderregister', language: 'DE' },
    // A published calendar to subscribe to, not an invitation (Outlook reads it so).
    method: ICalCalendarMethod.PUBLISH,
    // Clients read the feed again about every few hours.
    ttl: 4 * 3600,
  });
  for (const deadline of deadlines) {
    const reference = references.get(deadline.noticeId) ?? deadline.noticeId;
    const link = noticeUrl(publicUrl, deadline.noticeId);
    calendar.createEvent({
      id: deadlineUid(deadline),
      // A LocalDate read as midnight UTC; an all-day event is written as that day (DTSTART;VALUE=DATE).
      start: new Date(`${deadline.dueOn}T00:00:00Z`),
      allDay: true,
      summary: deadlineTitle(deadline, reference),
      description: deadlineLines(deadline, reference, link, null).join('\n'),
      url: link,
    });
  }
  return calendar.toString();
}

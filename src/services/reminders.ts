// Reminders of deadlines by e-mail (SMTP): a configurable number of days before each deadline to the
// finance officers of the notice, and once a deadline is overdue to the auditors, at most once per
// deadline, lead time and address, however many processes of the service run. A daily run takes a
// transaction-scoped advisory lock (a second process finds it taken and leaves the run to the first),
// and writes each reminder to reminder_sent (unique on deadline, address and lead time) before its
// message goes out, in the same transaction: a run that finds the row there sends nothing. An address
// gets one message per run, naming every deadline new to it.
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { ReminderSettings } from '../config.js';
import type { Deadline } from '../domain/deadlines.js';
import { addDays, daysFrom, type LocalDate } from '../domain/local-date.js';
import { AppUser, GrantNotice } from '../entities/index.js';
import type { Orm } from '../orm.js';
import { Access, type Actor, type Role } from './access.js';
import { deadlineKey, noticeUrl, reminderSubject, reminderText, type RemindedDeadline } from './deadline-texts.js';
import { deadlinesInScope } from './deadlines.js';
import type { Em } from './records.js';
import { todayInBerlin } from './settlement.js';

/** Key of the advisory lock of a run: one process at a time sends reminders. */
export const REMINDER_LOCK = 7_412_026;
/** The lead time recorded for the message about an overdue deadline. */
export const OVERDUE_OFFSET = -1;
/** How often the service looks whether today's run is still to do. */
export const REMINDER_CHECK_MS = 60 * 60_000;
/** The first run after the start waits this long, so that starting is not slowed. */
export const REMINDER_START_DELAY_MS = 30_000;

/** Who is reminded of what: the finance officers of the deadlines ahead, the auditors of the overdue ones. */
const REMINDED: Partial<Record<Role, 'AHEAD' | 'OVERDUE'>> = { FINANCE_OFFICER: 'AHEAD', AUDITOR: 'OVERDUE' };

/** A deadline to remind an address of, with the lead time. */
export interface Reminder extends RemindedDeadline {
  deadlineKey: string;
  address: string;
  offsetDays: number;
}

export interface ReminderRun {
  /** OFF: no mail server configured; BUSY: another process runs the reminders right now. */
  skipped: 'OFF' | 'BUSY' | null;
  /** Messages sent: one per address and run, naming every deadline new to it. */
  sent: number;
  /** Deadlines reminded of in those messages. */
  reminders: number;
  /** Messages the mail server did not take; their deadlines are tried again at the next run. */
  failed: number;
}

/**
 * The lead time a deadline `remaining` days ahead is reminded with: the shortest one still at least as
 * long, so that a run missed (the service was down) is made up the next day, and a deadline that came
 * into being close to its date is reminded once instead of for every lead time it has passed.
 */
export function leadTimeFor(remaining: number, days: readonly number[]): number | null {
  const fitting = days.filter((day) => day >= remaining);
  return fitting.length ? Math.min(...fitting) : null;
}

/** The reminders due on `today` for every user with an address, not yet looked up in reminder_sent; by address, then due date. */
export async function remindersDue(em: Em, settings: ReminderSettings, today: LocalDate): Promise<Reminder[]> {
  const users = await em.find(AppUser, { email: { $ne: null } }, { orderBy: { subject: 'asc' } });
  const longest = Math.max(...settings.days, 0);
  const due = new Map<string, { deadline: Deadline; address: string; offsetDays: number }>();
  for (const user of users) {
    const what = REMINDED[user.role as Role];
    if (!what) continue;
    const actor: Actor = {
      subject: user.subject,
      name: user.name,
      role: user.role as Role,
      recipientAgs: user.recipientAgs,
      cooperationId: user.cooperationId ?? null,
    };
    const access = await Access.resolve(em, actor);
    const deadlines = await deadlinesInScope(em, access, { from: today, to: addDays(today, longest) }, today);
    for (const deadline of deadlines) {
      const offsetDays =
        what === 'OVERDUE'
          ? deadline.overdue
            ? OVERDUE_OFFSET
            : null
          : deadline.overdue
            ? null
            : leadTimeFor(daysFrom(today, deadline.dueOn), settings.days);
      if (offsetDays === null) continue;
      const address = user.email!.toLowerCase();
      due.set(`${deadlineKey(deadline)}|${address}|${offsetDays}`, { deadline, address, offsetDays });
    }
  }
  const ids = [...new Set([...due.values()].map(({ deadline }) => deadline.noticeId))];
  const notices = ids.length ? await em.find(GrantNotice, { id: { $in: ids } }, { fields: ['reference'] }) : [];
  const references = new Map(notices.map((notice) => [notice.id, notice.reference]));
  return [...due.values()]
    .map(({ deadline, address, offsetDays }) => ({
      deadline,
      reference: references.get(deadline.noticeId) ?? deadline.noticeId,
      link: noticeUrl(settings.publicUrl, deadline.noticeId),
      deadlineKey: deadlineKey(deadline),
      address,
      offsetDays,
    }))
    .sort(
      (a, b) =>
        a.address.localeCompare(b.address) || a.deadline.dueOn.localeCompare(b.deadline.dueOn) || a.reference.localeCompare(b.reference),
    );
}

/**
 * The run of `today`: nothing without a mail server; otherwise, under the advisory lock, one message
 * per address, in a savepoint of its own: its reminders are written to reminder_sent first, and the
 * message names only those new there (none new: nothing is sent). A message the server refuses rolls
 * its rows back, so that they are tried again next time while the other messages stay recorded.
 */
export async function sendReminders(
  orm: Orm,
  settings: ReminderSettings | undefined,
  today: LocalDate,
  logger: Logger,
): Promise<ReminderRun> {
  if (!settings) return { skipped: 'OFF', sent: 0, reminders: 0, failed: 0 };
  const em = orm.em.fork();
  const due = await remindersDue(em, settings, today);
  if (due.length === 0) return { skipped: null, sent: 0, reminders: 0, failed: 0 };
  const byAddress = new Map<string, Reminder[]>();
  for (const reminder of due) byAddress.set(reminder.address, [...(byAddress.get(reminder.address) ?? []), reminder]);
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  try {
    return await em.fork().transactional(async (tx): Promise<ReminderRun> => {
      const [lock] = await tx.execute<{ locked: boolean }[]>(`select pg_try_advisory_xact_lock(${REMINDER_LOCK}) as locked`);
      if (!lock?.locked) return { skipped: 'BUSY', sent: 0, reminders: 0, failed: 0 };
      const run: ReminderRun = { skipped: null, sent: 0, reminders: 0, failed: 0 };
      for (const [address, reminders] of byAddress) {
        try {
          await tx.transactional(async (step) => {
            const fresh: Reminder[] = [];
            for (const reminder of reminders) {
              const rows = await step.execute<{ id: string }[]>(
                `insert into reminder_sent (id, deadline_key, address, offset_days, sent_on, created_at)
                 values (?, ?, ?, ?, ?, now())
                 on conflict on constraint reminder_sent_once_key do nothing
                 returning id`,
                [randomUUID(), reminder.deadlineKey, address, reminder.offsetDays, today],
              );
              if (rows.length > 0) fresh.push(reminder);
            }
            if (fresh.length === 0) return;
            await transport.sendMail({
              from: settings.from,
              to: address,
              subject: reminderSubject(fresh, today),
              text: reminderText(fresh, today),
            });
            run.sent++;
            run.reminders += fresh.length;
          });
        } catch (error) {
          run.failed++;
          logger.warn({ err: error, reminders: reminders.map((reminder) => reminder.deadlineKey) }, 'reminder not sent, retried next run');
        }
      }
      return run;
    });
  } finally {
    transport.close();
  }
}

/**
 * The daily run inside the service: looked for every hour, run once per day (Europe/Berlin) in each
 * process, which the lock and the table make harmless. Off when no mail server is configured.
 */
export function startReminders(
  orm: Orm,
  settings: ReminderSettings | undefined,
  logger: Logger,
  /** For tests: when the first run starts, how often to look again, and which day it is. */
  timing: { firstMs?: number; everyMs?: number; today?: () => LocalDate } = {},
): { stop(): Promise<void> } {
  if (!settings) return { stop: async () => {} };
  const { firstMs = REMINDER_START_DELAY_MS, everyMs = REMINDER_CHECK_MS, today: todayOf = () => todayInBerlin() } = timing;
  let doneFor: LocalDate | null = null;
  let running: Promise<void> | null = null;
  const tick = () => {
    const today = todayOf();
    if (running || doneFor === today) return;
    running = sendReminders(orm, settings, today, logger)
      .then((run) => {
        if (run.skipped !== 'BUSY' && run.failed === 0) doneFor = today;
        if (run.sent || run.failed) logger.info({ ...run, today }, 'deadline reminders');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'deadline reminders failed'))
      .finally(() => (running = null));
  };
  const first = setTimeout(tick, firstMs);
  const every = setInterval(tick, everyMs);
  first.unref();
  every.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}

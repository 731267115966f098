// What the calendar feed and the reminders say about a deadline, in German: the title of the event or
// the message, and the lines of its description (due date, amount, link to the notice).
import type { Deadline } from '../domain/deadlines.js';
import { DEADLINE_KIND_NAMES, type DeadlineKind } from '../domain/enums.js';
import { daysFrom, formatGermanDate, type LocalDate } from '../domain/local-date.js';
import { formatEuro } from '../domain/money.js';

/** The title of each kind of deadline, followed by the notice's reference. */
const TITLES: Record<DeadlineKind, string> = {
  PROOF_OF_USE: 'Verwendungsnachweis fällig',
  SPEND_DEADLINE: 'Verwendungsfrist einer Auszahlung endet',
  APPROVAL_PERIOD_END: 'Bewilligungszeitraum endet',
  SETTLEMENT: 'Schlussabrechnung fällig',
};

/** What the amount of a deadline is, where it has one. */
const AMOUNT_LABELS: Partial<Record<DeadlineKind, string>> = {
  SPEND_DEADLINE: 'Noch nicht verwendet',
  SETTLEMENT: 'Voraussichtlicher Saldo',
};

/** A stable identifier of a deadline: the same for every feed and every day, whatever its due date. */
export function deadlineUid(deadline: Deadline): string {
  const parts = [deadline.kind.toLowerCase().replaceAll('_', '-'), deadline.noticeId, ...(deadline.paymentId ? [deadline.paymentId] : [])];
  return `${parts.join('.')}@foerderregister`;
}

/** The deadline as the reminders remember it: a changed due date (an amendment) is a new deadline to remind of. */
export function deadlineKey(deadline: Deadline): string {
  return [deadline.kind, deadline.noticeId, ...(deadline.paymentId ? [deadline.paymentId] : []), deadline.dueOn].join(':');
}

/** E.g. „Verwendungsnachweis fällig: TFM-EGOV-2020-0001“. */
export function deadlineTitle(deadline: Deadline, reference: string): string {
  return `${TITLES[deadline.kind]}: ${reference}`;
}

/** The page of the notice in the web application. */
export function noticeUrl(publicUrl: string, noticeId: string): string {
  return `${publicUrl}/bescheide/${noticeId}`;
}

/** How far away the due date is, seen from `today`. */
export function dueIn(deadline: Deadline, today: LocalDate): string {
  const days = daysFrom(today, deadline.dueOn);
  if (deadline.overdue) return days === -1 ? 'seit 1 Tag überfällig' : `seit ${-days} Tagen überfällig`;
  if (days === 0) return 'heute';
  return days === 1 ? 'morgen' : `in ${days} Tagen`;
}

/** The lines describing a deadline: kind, notice, due date, the amount where there is one, the link. */
export function deadlineLines(deadline: Deadline, reference: string, link: string, today: LocalDate | null): string[] {
  const label = AMOUNT_LABELS[deadline.kind];
  return [
    `Frist: ${DEADLINE_KIND_NAMES[deadline.kind]}`,
    `Zuwendungsbescheid: ${reference}`,
    `Fällig am: ${formatGermanDate(deadline.dueOn)}${today ? ` (${dueIn(deadline, today)})` : deadline.overdue ? ' (überfällig)' : ''}`,
    ...(label && deadline.amount !== null ? [`${label}: ${formatEuro(deadline.amount)}`] : []),
    `Zum Bescheid: ${link}`,
  ];
}

/** The subject of a reminder, e.g. „Frist in 14 Tagen: Verwendungsnachweis – TFM-EGOV-2020-0001“. */
export function reminderSubject(deadline: Deadline, reference: string, today: LocalDate): string {
  const when = deadline.overdue ? 'überfällig' : dueIn(deadline, today);
  return `Frist ${when}: ${DEADLINE_KIND_NAMES[deadline.kind]} – ${reference}`;
}

/** The text of a reminder: what is due when, the figures and the link to the notice. */
export function reminderText(deadline: Deadline, reference: string, link: string, today: LocalDate): string {
  const opening = deadline.overdue
    ? `eine Frist im Förderregister ist ${dueIn(deadline, today)}:`
    : `eine Frist im Förderregister ist ${dueIn(deadline, today)} fällig:`;
  return [
    'Guten Tag,',
    '',
    opening,
    '',
    ...deadlineLines(deadline, reference, link, today),
    '',
    'Diese Nachricht hat das Förderregister automatisch gesendet, zu jeder Frist und jedem Vorlauf nur einmal.',
    '',
  ].join('\n');
}

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

/** A deadline as a reminder names it: with its notice's reference and the link to the notice. */
export interface RemindedDeadline {
  deadline: Deadline;
  reference: string;
  link: string;
}

/** How far away every one of the deadlines is, when that is the same for all; null otherwise. */
function commonWhen(items: readonly RemindedDeadline[], today: LocalDate): string | null {
  const whens = new Set(items.map(({ deadline }) => (deadline.overdue ? 'überfällig' : dueIn(deadline, today))));
  return whens.size === 1 ? [...whens][0]! : null;
}

/** Up to three references, then how many more. */
function referencesOf(items: readonly RemindedDeadline[]): string {
  const references = [...new Set(items.map((item) => item.reference))];
  return references.length <= 3 ? references.join(', ') : `${references.slice(0, 3).join(', ')} und ${references.length - 3} weitere`;
}

/**
 * The subject of a reminder with its kinds and notices: „Frist in 14 Tagen: Verwendungsnachweis –
 * TFM-EGOV-2020-0001“, or for several deadlines „3 Fristen überfällig: Verwendungsfrist einer
 * Auszahlung, Verwendungsnachweis – TFM-EGOV-2020-0002“.
 */
export function reminderSubject(items: readonly RemindedDeadline[], today: LocalDate): string {
  const when = commonWhen(items, today);
  const kinds = [...new Set(items.map(({ deadline }) => DEADLINE_KIND_NAMES[deadline.kind]))].join(', ');
  const count = items.length === 1 ? 'Frist' : `${items.length} Fristen`;
  return `${count}${when ? ` ${when}` : ''}: ${kinds} – ${referencesOf(items)}`;
}

/** The text of a reminder: what is due when, with the figures and the link to the notice, for each deadline. */
export function reminderText(items: readonly RemindedDeadline[], today: LocalDate): string {
  const only = items.length === 1 ? items[0]!.deadline : null;
  const opening = only
    ? only.overdue
      ? `eine Frist im Förderregister ist ${dueIn(only, today)}:`
      : `eine Frist im Förderregister ist ${dueIn(only, today)} fällig:`
    : `${items.length} Fristen im Förderregister brauchen Ihre Aufmerksamkeit:`;
  return [
    'Guten Tag,',
    '',
    opening,
    '',
    ...items.flatMap(({ deadline, reference, link }) => [...deadlineLines(deadline, reference, link, today), '']),
    'Diese Nachricht hat das Förderregister automatisch gesendet, zu jeder Frist und jedem Vorlauf nur einmal.',
    '',
  ].join('\n');
}

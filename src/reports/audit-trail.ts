// The Prüfpfad of a notice as CSV: one line per field of each change (time, who, role, action, record,
// field, before, after), newest change first, filtered as on the page. UTF-8 with a byte order mark and
// semicolons, as German spreadsheet programs open it.
import type { Writable } from 'node:stream';
import { AUDIT_ACTIONS, type AuditAction } from '../entities/index.js';
import { auditActorName, auditChanges, AUDIT_ACTION_NAMES, AUDIT_ENTITY_NAMES, germanDateTime } from '../domain/audit-labels.js';
import { DomainInputError } from '../domain/errors.js';
import type { Access } from '../services/access.js';
import { noticeAuditEvents, type AuditEventFilter } from '../services/audit.js';
import { getGrantNotice } from '../services/notices.js';
import { ROLE_NAMES, type Caller } from '../services/permissions.js';
import type { Em } from '../services/records.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const HEADER = ['Zeitpunkt', 'Wer', 'Rolle', 'Aktion', 'Datensatz', 'Kennung des Datensatzes', 'Feld', 'Vorher', 'Nachher', 'Geändert'];

/** A cell as CSV: quoted when it holds a separator, a quote or a line break; a leading formula sign is defused. */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[";\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const line = (cells: readonly string[]) => `${cells.map(csvCell).join(';')}\r\n`;

/** The filter of the download's query string: the names of the GraphQL filter, times as ISO strings. */
export function filterOfQuery(query: Record<string, unknown>): AuditEventFilter {
  const text = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : null);
  const time = (name: 'from' | 'to') => {
    const value = text(name);
    if (value === null) return null;
    const moment = new Date(value);
    if (Number.isNaN(moment.getTime())) {
      throw new DomainInputError(`„${value}“ ist kein Zeitpunkt; erwartet wird etwa 2020-12-31T23:00:00Z.`, {
        reason: 'INVALID_VALUE',
        field: name,
      });
    }
    return moment;
  };
  const action = text('action');
  if (action !== null && !(AUDIT_ACTIONS as readonly string[]).includes(action)) {
    throw new DomainInputError(`Die Aktion „${action}“ gibt es im Prüfpfad nicht; bekannt sind: ${AUDIT_ACTIONS.join(', ')}.`, {
      reason: 'INVALID_VALUE',
      field: 'action',
    });
  }
  return {
    actorSubject: text('actorSubject'),
    entityType: text('entityType'),
    entityId: text('entityId'),
    action: action as AuditAction | null,
    from: time('from'),
    to: time('to'),
  };
}

/**
 * Looks the notice up in the caller's scope before anything is written (a notice outside it is not
 * found), then streams the trail page by page.
 */
export async function prepareAuditTrail(em: Em, access: Access, id: string, filter: AuditEventFilter) {
  access.assertMay('downloadReports');
  const notice = await getGrantNotice(em, access, id);
  const reference = notice.reference.replace(/[^\w.-]+/g, '_');
  return {
    fileName: `Pruefpfad_${reference}.csv`,
    async write(target: Writable): Promise<void> {
      // Waits for the client to take what was written before sending more: a long trail is never held whole.
      const send = (text: string) =>
        new Promise<void>((resolve, reject) => {
          if (target.write(text)) return resolve();
          const drained = () => {
            target.off('error', failed);
            resolve();
          };
          const failed = (error: Error) => {
            target.off('drain', drained);
            reject(error);
          };
          target.once('drain', drained);
          target.once('error', failed);
        });
      await send(`\uFEFF${line(HEADER)}`);
      for await (const event of noticeAuditEvents(em, access, { id: notice.id, recipient: { id: notice.recipient.id } }, filter)) {
        const common = [
          germanDateTime(event.occurredAt),
          auditActorName(event.actorName, event.actorRole),
          ROLE_NAMES[event.actorRole as Caller] ?? event.actorRole,
          AUDIT_ACTION_NAMES[event.action] ?? event.action,
          AUDIT_ENTITY_NAMES[event.entityType] ?? event.entityType,
          event.entityId,
        ];
        const changes = auditChanges(event);
        if (changes.length === 0) await send(line([...common, '', '', '', '']));
        for (const change of changes) {
          await send(line([...common, change.name, change.before, change.after, change.changed ? 'ja' : '']));
        }
      }
      target.end();
    },
  };
}

// Der Prüfpfad eines Bescheids: every change to the notice and to what is booked on it, newest first,
// 20 at a time as the service pages them, filtered by who, what and when; each change with the record
// before and after side by side and the changed fields marked.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { auditActorName, auditChanges, AUDIT_ACTION_NAMES, AUDIT_ENTITY_NAMES, germanDateTime } from '../../../src/domain/audit-labels';
import { Alert } from '../components/Alert';
import { TableRegion } from '../components/Table';
import { parseGermanDate } from '../forms/input';
import { graphql } from '../gql';
import type { AuditAction, AuditEventFilter } from '../gql/graphql';
import { label, ROLE_NAMES } from '../labels';

export const EVENTS_PER_PAGE = 20;

const AuditTrailQuery = graphql(`
  query NoticeAuditTrail($id: ID!, $first: Int!, $after: String, $filter: AuditEventFilter) {
    grantNotice(id: $id) {
      id
      reference
      recipient {
        name
      }
      auditTrailActors {
        subject
        name
        role
      }
      auditTrail(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            occurredAt
            actorSubject
            actorName
            actorRole
            entityType
            entityId
            action
            before
            after
            redactedFields
            relatedLabels
          }
        }
      }
    }
  }
`);

interface Selection {
  actorSubject: string;
  action: AuditAction | '';
  entityType: string;
  /** German dates as typed, e.g. "01.07.2020"; both days belong to the span. */
  from: string;
  to: string;
}

const NO_SELECTION: Selection = { actorSubject: '', action: '', entityType: '', from: '', to: '' };

/** The moment a day begins in Germany, as an ISO time: Berlin is one or two hours ahead of UTC. */
export function startOfGermanDay(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(year, month - 1, day);
  // The offset an hour before Berlin's clocks change (01:00 UTC) is the one at Berlin's midnight.
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(
    new Date(midnightUtc),
  );
  return new Date(midnightUtc - Number(hour) * 3_600_000).toISOString();
}

function nextDay(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/** The API's filter of a selection whose dates were read. */
function filterOf(selection: Selection): AuditEventFilter | null {
  const filter: AuditEventFilter = {};
  if (selection.actorSubject) filter.actorSubject = selection.actorSubject;
  if (selection.action) filter.action = selection.action;
  if (selection.entityType) filter.entityType = selection.entityType;
  const from = selection.from ? parseGermanDate(selection.from).value : undefined;
  const to = selection.to ? parseGermanDate(selection.to).value : undefined;
  if (from) filter.from = startOfGermanDay(from);
  if (to) filter.to = startOfGermanDay(nextDay(to));
  return Object.keys(filter).length ? filter : null;
}

/** The CSV download of what the filter selects. */
function csvPath(noticeId: string, selection: Selection): string {
  const filter = filterOf(selection) ?? {};
  const query = new URLSearchParams(Object.entries(filter).map(([key, value]) => [key, String(value)]));
  return `/reports/audit-trail/${noticeId}.csv${query.size ? `?${query.toString()}` : ''}`;
}

function DateField({
  id,
  label: text,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        {text}
      </label>
      <div className="kern-hint" id={`${id}-hint`}>
        z. B. 31.12.2020
      </div>
      {error && (
        <p className="kern-error" id={`${id}-error`} role="alert">
          <span className="kern-icon kern-icon--danger kern-icon--md" aria-hidden="true" />
          <span className="kern-body">{error}</span>
        </p>
      )}
      <input
        id={id}
        type="text"
        inputMode="numeric"
        className="kern-form-input__input"
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

function Select({
  id,
  label: text,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="kern-form-input">
      <label className="kern-label" htmlFor={id}>
        {text}
      </label>
      <div className="kern-form-input__select-wrapper">
        <select id={id} className="kern-form-input__select" value={value} onChange={(event) => onChange(event.target.value)}>
          {options.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** The filter form: applied on "Anzeigen"; a date that cannot be read is named at its field. */
function AuditFilterForm({
  selection,
  actors,
  onApply,
}: {
  selection: Selection;
  actors: readonly { subject: string; name: string; role: string }[];
  onApply: (selection: Selection) => void;
}) {
  const [draft, setDraft] = useState(selection);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { ...draft, from: draft.from.trim(), to: draft.to.trim() };
    const found = {
      from: next.from ? parseGermanDate(next.from).error : undefined,
      to: next.to ? parseGermanDate(next.to).error : undefined,
    };
    setErrors(found);
    if (!found.from && !found.to) onApply(next);
  };
  return (
    <form role="search" aria-label="Prüfpfad filtern" className="audit-filter" onSubmit={submit} noValidate>
      <Select
        id="audit-actor"
        label="Wer"
        value={draft.actorSubject}
        options={[
          ['', 'alle'],
          ...actors.map(
            (actor) => [actor.subject, `${auditActorName(actor.name, actor.role)} (${label(ROLE_NAMES, actor.role)})`] as const,
          ),
        ]}
        onChange={(actorSubject) => setDraft({ ...draft, actorSubject })}
      />
      <Select
        id="audit-action"
        label="Aktion"
        value={draft.action}
        options={[['', 'alle Aktionen'], ...Object.entries(AUDIT_ACTION_NAMES)]}
        onChange={(action) => setDraft({ ...draft, action: action as Selection['action'] })}
      />
      <Select
        id="audit-entity"
        label="Datensatz"
        value={draft.entityType}
        options={[['', 'alle Datensätze'], ...Object.entries(AUDIT_ENTITY_NAMES)]}
        onChange={(entityType) => setDraft({ ...draft, entityType })}
      />
      <DateField id="audit-from" label="Von" value={draft.from} error={errors.from} onChange={(from) => setDraft({ ...draft, from })} />
      <DateField
        id="audit-to"
        label="Bis einschließlich"
        value={draft.to}
        error={errors.to}
        onChange={(to) => setDraft({ ...draft, to })}
      />
      <div className="audit-filter__actions">
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">Anzeigen</span>
        </button>
        <button
          type="button"
          className="kern-btn kern-btn--tertiary"
          onClick={() => {
            setDraft(NO_SELECTION);
            setErrors({});
            onApply(NO_SELECTION);
          }}
        >
          <span className="kern-label">Zurücksetzen</span>
        </button>
      </div>
    </form>
  );
}

type TrailEvent = {
  id: string;
  entityType: string;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  redactedFields: string[];
  relatedLabels?: Record<string, string> | null;
};

/**
 * What one change did to the record's fields. An update shows before and after side by side, the
 * fields it changed marked in words and by their background; a record created or removed has one side
 * only, and leaves out the fields it holds nothing in.
 */
function Change({ event }: { event: TrailEvent }) {
  const update = event.action === 'UPDATE';
  const side = event.action === 'DELETE' ? 'before' : 'after';
  const changes = auditChanges(event).filter((change) => update || (change[side] !== '—' && change[side] !== ''));
  if (changes.length === 0) return <span className="kern-body--small">keine Felder</span>;
  const caption = `${label(AUDIT_ENTITY_NAMES, event.entityType)} ${label(AUDIT_ACTION_NAMES, event.action)}: ${
    update ? 'vorher und nachher' : side === 'after' ? 'angelegt mit' : 'vor dem Löschen'
  }`;
  return (
    <table className="kern-table kern-table--small audit-change">
      <caption className="kern-sr-only">{caption}</caption>
      <thead className="kern-table__header">
        <tr className="kern-table__row">
          <th scope="col" className="kern-table__header">
            Feld
          </th>
          {(update || side === 'before') && (
            <th scope="col" className="kern-table__header">
              Vorher
            </th>
          )}
          {(update || side === 'after') && (
            <th scope="col" className="kern-table__header">
              Nachher
            </th>
          )}
        </tr>
      </thead>
      <tbody className="kern-table__body">
        {changes.map((change) => (
          <tr key={change.field} className={`kern-table__row${change.changed ? ' audit-change__row--changed' : ''}`}>
            <th scope="row" className="kern-table__cell">
              {change.name}
              {change.changed && <span className="audit-change__mark"> (geändert)</span>}
            </th>
            {(update || side === 'before') && <td className="kern-table__cell">{change.before || '—'}</td>}
            {(update || side === 'after') && <td className="kern-table__cell">{change.after || '—'}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function countText(count: number): string {
  return count === 1 ? '1 Änderung' : `${count.toLocaleString('de-DE')} Änderungen`;
}

export function AuditTrailPage() {
  const { id = '' } = useParams();
  const [selection, setSelection] = useState(NO_SELECTION);
  /** The cursors of the pages so far: null for the first. */
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [{ data, fetching, error }] = useQuery({
    query: AuditTrailQuery,
    variables: { id, first: EVENTS_PER_PAGE, after: cursors.at(-1) ?? null, filter: filterOf(selection) },
  });
  const notice = data?.grantNotice;
  useEffect(() => {
    document.title = `Prüfpfad${notice ? ` des Bescheids ${notice.reference}` : ''} – Förderregister E-Government Thüringen`;
  }, [notice]);

  if (fetching && !data)
    return (
      <p className="kern-body" role="status">
        Der Prüfpfad wird geladen …
      </p>
    );
  if (error || !notice) {
    const missing = error?.graphQLErrors.some((problem) => problem.extensions?.['code'] === 'NOT_FOUND');
    return (
      <div className="kern-stack">
        <h1 className="kern-heading-large">Prüfpfad</h1>
        <Alert variant="danger" title={missing ? 'Diesen Zuwendungsbescheid gibt es nicht' : 'Der Prüfpfad konnte nicht geladen werden'}>
          <p className="kern-body">
            {missing
              ? 'Er existiert nicht oder liegt außerhalb Ihrer Zuständigkeit.'
              : (error?.graphQLErrors[0]?.message ?? 'Der Dienst ist nicht erreichbar.')}
          </p>
        </Alert>
        <p className="kern-body">
          <Link className="kern-link" to="/">
            Zurück zu den Zuwendungsbescheiden
          </Link>
        </p>
      </div>
    );
  }
  const trail = notice.auditTrail;
  const from = (cursors.length - 1) * EVENTS_PER_PAGE + 1;
  const to = from - 1 + trail.edges.length;
  const filtered = filterOf(selection) !== null;
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to={`/bescheide/${notice.id}`}>
          Zurück zum Bescheid {notice.reference}
        </Link>
      </p>
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Prüfpfad des Bescheids {notice.reference}</h1>
        <p className="kern-subline">{notice.recipient.name} · jede Änderung am Bescheid und an allem, was auf ihn gebucht ist</p>
      </hgroup>
      <p className="kern-body">
        Die neueste Änderung steht oben. Jede Zeile nennt, wer wann was geändert hat, und zeigt den Datensatz vorher und nachher.
      </p>
      <AuditFilterForm
        selection={selection}
        actors={notice.auditTrailActors}
        onApply={(next) => {
          setSelection(next);
          setCursors([null]);
        }}
      />
      <p className="kern-body" role="status" aria-live="polite">
        {trail.totalCount === 0
          ? filtered
            ? 'Keine Änderung passt zum Filter.'
            : 'Noch keine Änderung.'
          : `${filtered ? 'Gefunden: ' : ''}${countText(trail.totalCount)}; angezeigt ${from.toLocaleString('de-DE')}–${to.toLocaleString('de-DE')}.`}
      </p>
      {trail.totalCount > 0 && (
        <p className="kern-body">
          <a className="kern-btn kern-btn--secondary" href={csvPath(notice.id, selection)} download>
            <span className="kern-icon kern-icon--download" aria-hidden="true" />
            <span className="kern-label">{filtered ? 'Gefilterten Prüfpfad herunterladen (CSV)' : 'Prüfpfad herunterladen (CSV)'}</span>
          </a>
        </p>
      )}
      {trail.edges.length > 0 && (
        <TableRegion label="Prüfpfad">
          <table className="kern-table audit-trail" aria-busy={fetching}>
            <caption className="kern-sr-only">Prüfpfad des Bescheids {notice.reference}, neueste Änderung zuerst</caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Zeitpunkt
                </th>
                <th scope="col" className="kern-table__header">
                  Wer
                </th>
                <th scope="col" className="kern-table__header">
                  Was
                </th>
                <th scope="col" className="kern-table__header">
                  Änderung
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {trail.edges.map(({ node }) => (
                <tr key={node.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell nowrap">
                    {germanDateTime(String(node.occurredAt))}
                  </th>
                  <td className="kern-table__cell">
                    {auditActorName(node.actorName, node.actorRole)}
                    <br />
                    <span className="kern-body--small">{label(ROLE_NAMES, node.actorRole)}</span>
                  </td>
                  <td className="kern-table__cell">
                    {label(AUDIT_ENTITY_NAMES, node.entityType)} {label(AUDIT_ACTION_NAMES, node.action)}
                  </td>
                  <td className="kern-table__cell">
                    <Change event={node as TrailEvent} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {(cursors.length > 1 || trail.pageInfo.hasNextPage) && (
        <nav aria-label="Seiten des Prüfpfads" className="receipt-pager">
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            disabled={cursors.length === 1 || fetching}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            <span className="kern-label">Neuere Änderungen</span>
          </button>
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            disabled={!trail.pageInfo.hasNextPage || fetching}
            onClick={() => setCursors([...cursors, trail.pageInfo.endCursor ?? null])}
          >
            <span className="kern-label">Ältere Änderungen</span>
          </button>
        </nav>
      )}
    </div>
  );
}

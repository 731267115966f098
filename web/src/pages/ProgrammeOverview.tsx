// The Programmübersicht for the state auditor: every notice of the programme, 50 to a page as the service
// delivers them, sortable by its column headers and filtered by recipient, cooperation, status and what
// needs attention (proof of use overdue, refund, a line over its tolerance, interest); the totals per
// recipient and per cooperation of what is filtered; the budget use per year as bars; and the workbook
// of what is filtered to download.
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Badge, ShareBar } from '../components/Money';
import { TableHead, TableRegion } from '../components/Table';
import { graphql } from '../gql';
import type {
  GrantNoticeStatus,
  ProgrammeOverviewChoicesQuery,
  ProgrammeOverviewFilter,
  ProgrammeOverviewOrderField,
  ProgrammeOverviewQuery,
} from '../gql/graphql';
import { formatDate, formatMoney } from '../format';
import { GRANT_NOTICE_STATUS_NAMES, label, NOTICE_STATUS_BADGES } from '../labels';
import { useViewer } from '../viewer';

export const NOTICES_PER_PAGE = 50;

const ProgrammesQuery = graphql(`
  query ProgrammeOverviewChoices {
    fundingPrograms(first: 100) {
      edges {
        node {
          id
          code
          name
          budgetYears {
            year
            budget
            committed
            available
            spent
          }
        }
      }
    }
    recipients(first: 100) {
      edges {
        node {
          id
          name
          ags
        }
      }
    }
    cooperations(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const OverviewQuery = graphql(`
  query ProgrammeOverview(
    $programme: ID!
    $filter: ProgrammeOverviewFilter
    $orderBy: ProgrammeOverviewOrder
    $first: Int!
    $offset: Int!
  ) {
    programmeOverview(fundingProgramId: $programme, filter: $filter, orderBy: $orderBy, first: $first, offset: $offset) {
      totalCount
      reportPath
      rows {
        notice {
          id
          reference
          status
          recipient {
            name
            ags
          }
        }
        cooperationName
        approved
        paid
        spent
        recognised
        refundDue
        interest
        proofOfUseDue
        proofOfUseOverdue
        overTolerance
      }
      recipientTotals {
        ...OverviewTotal
      }
      cooperationTotals {
        ...OverviewTotal
      }
      total {
        ...OverviewTotal
      }
    }
  }
  fragment OverviewTotal on ProgrammeOverviewTotal {
    id
    name
    notices
    approved
    paid
    spent
    recognised
    refundDue
  }
`);

type Total = ProgrammeOverviewQuery['programmeOverview']['total'];

interface Selection {
  orderBy: ProgrammeOverviewOrderField | null;
  descending: boolean;
  recipientId: string;
  cooperationId: string;
  status: GrantNoticeStatus | '';
  proofOfUseOverdue: boolean;
  refundDue: boolean;
  overTolerance: boolean;
  interestDue: boolean;
}

const DEFAULT_SELECTION: Selection = {
  orderBy: null,
  descending: false,
  recipientId: '',
  cooperationId: '',
  status: '',
  proofOfUseOverdue: false,
  refundDue: false,
  overTolerance: false,
  interestDue: false,
};

/** What needs attention, as check boxes: each narrows to the notices where it applies. */
const ATTENTION: { key: 'proofOfUseOverdue' | 'refundDue' | 'overTolerance' | 'interestDue'; label: string }[] = [
  { key: 'proofOfUseOverdue', label: 'Verwendungsnachweis überfällig' },
  { key: 'refundDue', label: 'Rückforderung fällig' },
  { key: 'overTolerance', label: 'Ansatz über der Toleranz' },
  { key: 'interestDue', label: 'Zinsen fällig' },
];

function filterOf(selection: Selection): ProgrammeOverviewFilter | null {
  const filter: ProgrammeOverviewFilter = {
    ...(selection.recipientId ? { recipientId: selection.recipientId } : {}),
    ...(selection.cooperationId ? { cooperationId: selection.cooperationId } : {}),
    ...(selection.status ? { status: selection.status } : {}),
    ...Object.fromEntries(ATTENTION.filter(({ key }) => selection[key]).map(({ key }) => [key, true])),
  };
  return Object.keys(filter).length === 0 ? null : filter;
}

const SORTABLE: { field: ProgrammeOverviewOrderField; label: string; numeric?: boolean }[] = [
  { field: 'REFERENCE', label: 'Bescheid' },
  { field: 'RECIPIENT', label: 'Empfänger' },
  { field: 'COOPERATION', label: 'Kooperation' },
  { field: 'APPROVED', label: 'Bewilligt', numeric: true },
  { field: 'PAID', label: 'Ausgezahlt', numeric: true },
  { field: 'SPENT', label: 'Ausgegeben', numeric: true },
  { field: 'RECOGNISED', label: 'Anerkannt', numeric: true },
  { field: 'PROOF_OF_USE_DUE', label: 'Nachweis fällig' },
  { field: 'REFUND_DUE', label: 'Rück\u00adforderung', numeric: true },
  { field: 'INTEREST', label: 'Zinsen', numeric: true },
];

/** A column header that sorts by its column: ascending first, descending on a second press. */
function SortHeader({
  column,
  selection,
  onSort,
}: {
  column: (typeof SORTABLE)[number];
  selection: Selection;
  onSort: (field: ProgrammeOverviewOrderField, descending: boolean) => void;
}) {
  const active = selection.orderBy === column.field;
  const sort = active ? (selection.descending ? 'descending' : 'ascending') : 'none';
  return (
    <th scope="col" aria-sort={sort} className={`kern-table__header${column.numeric ? ' kern-table__header--numeric' : ''}`}>
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort(column.field, active && !selection.descending)}
        aria-label={`${column.label}: ${active && !selection.descending ? 'absteigend' : 'aufsteigend'} sortieren`}
      >
        {column.label}
        <span aria-hidden="true" className="sort-button__mark">
          {active ? (selection.descending ? ' ▼' : ' ▲') : ' ↕'}
        </span>
      </button>
    </th>
  );
}

type Choices = ProgrammeOverviewChoicesQuery;

/** The filter form: applied on "Anzeigen". */
function OverviewFilterForm({
  selection,
  choices,
  onApply,
}: {
  selection: Selection;
  choices: Choices;
  onApply: (selection: Selection) => void;
}) {
  const [draft, setDraft] = useState(selection);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, orderBy: selection.orderBy, descending: selection.descending });
  };
  const select = (id: string, text: string, value: string, onChange: (value: string) => void, options: [string, string][], all: string) => (
    <div className="kern-form-input">
      <label className="kern-label" htmlFor={id}>
        {text}
      </label>
      <div className="kern-form-input__select-wrapper">
        <select id={id} className="kern-form-input__select" value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">{all}</option>
          {options.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
  return (
    <form role="search" aria-label="Bescheide filtern" className="overview-filter" onSubmit={submit}>
      {select(
        'overview-recipient',
        'Zuwendungsempfänger',
        draft.recipientId,
        (recipientId) => setDraft({ ...draft, recipientId }),
        choices.recipients.edges.map(({ node }) => [node.id, node.name]),
        'alle Zuwendungsempfänger',
      )}
      {select(
        'overview-cooperation',
        'Kooperation',
        draft.cooperationId,
        (cooperationId) => setDraft({ ...draft, cooperationId }),
        choices.cooperations.edges.map(({ node }) => [node.id, node.name]),
        'alle Kooperationen',
      )}
      {select(
        'overview-status',
        'Status',
        draft.status,
        (status) => setDraft({ ...draft, status: status as Selection['status'] }),
        Object.entries(GRANT_NOTICE_STATUS_NAMES),
        'alle',
      )}
      <fieldset className="kern-fieldset overview-filter__attention">
        <legend className="kern-label">Nur Bescheide mit</legend>
        <div className="kern-fieldset__body">
          {ATTENTION.map(({ key, label: text }) => (
            <div key={key} className="kern-form-check">
              <input
                id={`overview-${key}`}
                type="checkbox"
                className="kern-form-check__checkbox"
                checked={draft[key]}
                onChange={(event) => setDraft({ ...draft, [key]: event.target.checked })}
              />
              <label className="kern-label" htmlFor={`overview-${key}`}>
                {text}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <div className="receipt-filter__actions">
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">Anzeigen</span>
        </button>
        <button
          type="button"
          className="kern-btn kern-btn--tertiary"
          onClick={() => {
            setDraft(DEFAULT_SELECTION);
            onApply(DEFAULT_SELECTION);
          }}
        >
          <span className="kern-label">Zurücksetzen</span>
        </button>
      </div>
    </form>
  );
}

function noticeCount(count: number): string {
  return count === 1 ? '1 Bescheid' : `${count.toLocaleString('de-DE')} Bescheide`;
}

/** Totals of a group: per recipient or per cooperation, with the whole selection below. */
function TotalsTable({ id, title, first, totals, total }: { id: string; title: string; first: string; totals: Total[]; total: Total }) {
  return (
    <section aria-labelledby={id} className="kern-stack">
      <h2 id={id} className="kern-heading-medium">
        {title}
      </h2>
      {totals.length === 0 ? (
        <p className="kern-body">Keiner der gefilterten Bescheide gehört dazu.</p>
      ) : (
        <TableRegion label={title}>
          <table className="kern-table kern-table--small">
            <TableHead
              columns={[
                { label: first },
                { label: 'Bescheide', numeric: true },
                { label: 'Bewilligt', numeric: true },
                { label: 'Ausgezahlt', numeric: true },
                { label: 'Ausgegeben', numeric: true },
                { label: 'Anerkannt', numeric: true },
                { label: 'Rückforderung', numeric: true },
              ]}
            />
            <tbody className="kern-table__body">
              {[...totals, total].map((row) => (
                <tr key={row.id ?? 'total'} className={`kern-table__row${row.id === null ? ' overview-total' : ''}`}>
                  <th scope="row" className="kern-table__cell">
                    {row.id === null ? 'Summe der Auswahl' : row.name}
                  </th>
                  <td className="kern-table__cell kern-table__cell--numeric">{row.notices}</td>
                  {(['approved', 'paid', 'spent', 'recognised', 'refundDue'] as const).map((field) => (
                    <td key={field} className="kern-table__cell kern-table__cell--numeric nowrap">
                      {formatMoney(row[field])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

type BudgetYear = Choices['fundingPrograms']['edges'][number]['node']['budgetYears'][number];

/** The budget use per year: a bar of what is committed of each year's budget, with the figures beside it. */
function BudgetYears({ years }: { years: BudgetYear[] }) {
  return (
    <section aria-labelledby="haushaltsjahre" className="kern-stack">
      <h2 id="haushaltsjahre" className="kern-heading-medium">
        Mittelbindung je Haushaltsjahr
      </h2>
      <TableRegion label="Mittelbindung je Haushaltsjahr">
        <table className="kern-table kern-table--small">
          <TableHead
            columns={[
              { label: 'Haushaltsjahr' },
              { label: 'Haushaltsansatz', numeric: true },
              { label: 'Gebunden', numeric: true },
              { label: 'Anteil gebunden' },
              { label: 'Verfügbar', numeric: true },
              { label: 'Ausgegeben', numeric: true },
            ]}
          />
          <tbody className="kern-table__body">
            {years.map((year) => (
              <tr key={year.year} className="kern-table__row">
                <th scope="row" className="kern-table__cell">
                  {year.year}
                </th>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">{formatMoney(year.budget)}</td>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">{formatMoney(year.committed)}</td>
                <td className="kern-table__cell overview-year-bar">
                  <ShareBar part={year.committed} whole={year.budget} what={`des Haushaltsansatzes ${year.year} gebunden`} />
                </td>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">{formatMoney(year.available)}</td>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">{formatMoney(year.spent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}

function OverviewOfProgramme({ programme, choices }: { programme: Choices['fundingPrograms']['edges'][number]['node']; choices: Choices }) {
  const [selection, setSelection] = useState(DEFAULT_SELECTION);
  const [offset, setOffset] = useState(0);
  const [{ data, fetching, error }] = useQuery({
    query: OverviewQuery,
    variables: {
      programme: programme.id,
      filter: filterOf(selection),
      orderBy: selection.orderBy ? { field: selection.orderBy, descending: selection.descending } : null,
      first: NOTICES_PER_PAGE,
      offset,
    },
  });
  const mayDownload = useViewer().may('downloadReports');
  const select = (next: Selection) => {
    setSelection(next);
    setOffset(0);
  };
  const overview = data?.programmeOverview;
  const filtered = filterOf(selection) !== null;
  const from = offset + 1;
  const to = offset + (overview?.rows.length ?? 0);
  return (
    <>
      <p className="kern-body">
        {programme.name} ({programme.code}). Zahlen zum heutigen Tag; widerrufene Bescheide zählen in keiner Summe.
      </p>
      <OverviewFilterForm selection={selection} choices={choices} onApply={select} />
      {error && (
        <Alert variant="danger" title="Die Bescheide konnten nicht geladen werden">
          <p className="kern-body">{error.graphQLErrors[0]?.message ?? 'Der Dienst ist nicht erreichbar.'}</p>
        </Alert>
      )}
      <p className="kern-body" role="status" aria-live="polite" id="overview-status">
        {!overview
          ? 'Die Bescheide werden geladen …'
          : overview.totalCount === 0
            ? 'Kein Bescheid passt zum Filter.'
            : `${filtered ? 'Gefunden: ' : ''}${noticeCount(overview.totalCount)} über zusammen ${formatMoney(overview.total.approved)} bewilligt; angezeigt ${from.toLocaleString('de-DE')}–${to.toLocaleString('de-DE')}.`}
      </p>
      {overview && mayDownload && (
        <p className="kern-body">
          <a className="kern-btn kern-btn--secondary" href={overview.reportPath} download>
            <span className="kern-icon kern-icon--download" aria-hidden="true" />
            <span className="kern-label">{filtered ? 'Programmübersicht der Auswahl (Excel)' : 'Programmübersicht (Excel)'}</span>
          </a>
        </p>
      )}
      {overview && overview.rows.length > 0 && (
        <TableRegion label="Bescheide des Programms">
          <table className="kern-table kern-table--small overview-table" aria-busy={fetching}>
            <caption className="kern-sr-only">Bescheide des Programms, sortierbar über die Spaltenköpfe</caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                {SORTABLE.map((column) => (
                  <SortHeader
                    key={column.field}
                    column={column}
                    selection={selection}
                    onSort={(field, descending) => select({ ...selection, orderBy: field, descending })}
                  />
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {overview.rows.map((row) => (
                <tr key={row.notice.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell nowrap">
                    <Link className="kern-link" to={`/bescheide/${row.notice.id}`}>
                      {row.notice.reference}
                    </Link>
                    <br />
                    <Badge text={label(GRANT_NOTICE_STATUS_NAMES, row.notice.status)} variant={NOTICE_STATUS_BADGES[row.notice.status]} />
                    {row.overTolerance && (
                      <>
                        <br />
                        <Badge text="über Toleranz" variant="kern-badge--warning" />
                      </>
                    )}
                  </th>
                  <td className="kern-table__cell">{row.notice.recipient.name}</td>
                  <td className="kern-table__cell">
                    <span className="kern-body--small">{row.cooperationName ?? '–'}</span>
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric nowrap">{formatMoney(row.approved)}</td>
                  <td className="kern-table__cell kern-table__cell--numeric nowrap">{formatMoney(row.paid)}</td>
                  <td className="kern-table__cell kern-table__cell--numeric nowrap">{formatMoney(row.spent)}</td>
                  <td className="kern-table__cell kern-table__cell--numeric nowrap">{formatMoney(row.recognised)}</td>
                  <td className="kern-table__cell nowrap">
                    {formatDate(row.proofOfUseDue)}
                    {row.proofOfUseOverdue && (
                      <>
                        <br />
                        <Badge text="überfällig" variant="kern-badge--danger" />
                      </>
                    )}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric nowrap">{formatMoney(row.refundDue)}</td>
                  <td className="kern-table__cell kern-table__cell--numeric nowrap">{formatMoney(row.interest)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {overview && (offset > 0 || to < overview.totalCount) && (
        <nav aria-label="Seiten der Programmübersicht" className="receipt-pager">
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            disabled={offset === 0 || fetching}
            onClick={() => setOffset(Math.max(0, offset - NOTICES_PER_PAGE))}
          >
            <span className="kern-label">Vorherige Seite</span>
          </button>
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            disabled={to >= overview.totalCount || fetching}
            onClick={() => setOffset(offset + NOTICES_PER_PAGE)}
          >
            <span className="kern-label">Nächste Seite</span>
          </button>
        </nav>
      )}
      {overview && overview.totalCount > 0 && (
        <>
          <TotalsTable
            id="summen-empfaenger"
            title="Summen je Zuwendungsempfänger"
            first="Zuwendungsempfänger"
            totals={overview.recipientTotals}
            total={overview.total}
          />
          <TotalsTable
            id="summen-kooperationen"
            title="Summen je Kooperation"
            first="Kooperation"
            totals={overview.cooperationTotals}
            total={overview.total}
          />
        </>
      )}
      <BudgetYears years={programme.budgetYears} />
    </>
  );
}

export function ProgrammeOverviewPage() {
  const [{ data, error }] = useQuery({ query: ProgrammesQuery });
  const [programmeId, setProgrammeId] = useState('');
  useEffect(() => {
    document.title = 'Programmübersicht – Förderregister E-Government Thüringen';
  }, []);
  const programmes = data?.fundingPrograms.edges.map((edge) => edge.node) ?? [];
  const programme = programmes.find((candidate) => candidate.id === programmeId) ?? programmes[0];
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/">
          Zurück zu den Zuwendungsbescheiden
        </Link>
      </p>
      <h1 className="kern-heading-large">Programmübersicht</h1>
      {error && (
        <Alert variant="danger" title="Die Förderprogramme konnten nicht geladen werden">
          <p className="kern-body">{error.graphQLErrors[0]?.message ?? 'Der Dienst ist nicht erreichbar.'}</p>
        </Alert>
      )}
      {!data && !error && (
        <p className="kern-body" role="status">
          Die Förderprogramme werden geladen …
        </p>
      )}
      {data && !programme && <p className="kern-body">Es ist noch kein Förderprogramm erfasst.</p>}
      {data && programmes.length > 1 && (
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="overview-programme">
            Förderprogramm
          </label>
          <div className="kern-form-input__select-wrapper">
            <select
              id="overview-programme"
              className="kern-form-input__select"
              value={programme?.id ?? ''}
              onChange={(event) => setProgrammeId(event.target.value)}
            >
              {programmes.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.code}: {candidate.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {data && programme && <OverviewOfProgramme key={programme.id} programme={programme} choices={data} />}
    </div>
  );
}

// The Belegliste of a notice: one page of 50 rows at a time as the service delivers them, sortable by
// its column headers, filtered by category and by whether a row counts (and why not), and searched by
// receipt number, payee, purpose or amount. In booking order the pages follow the service's cursor;
// sorted or filtered they are read by position.
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { ImportLink } from '../components/ImportLink';
import { useMayBook } from '../forms/may-book';
import { ReverseReceipt } from '../forms/ReverseReceipt';
import { Badge } from '../components/Money';
import { TableRegion } from '../components/Table';
import { graphql } from '../gql';
import type { CostCategory, ExclusionReason, ReceiptOrderField } from '../gql/graphql';
import { formatDate, formatMoney } from '../format';
import { COST_CATEGORY_NAMES, EXCLUSION_LABELS, label } from '../labels';

export const RECEIPTS_PER_PAGE = 50;

const ReceiptsQuery = graphql(`
  query NoticeReceipts($id: ID!, $first: Int!, $after: String, $offset: Int, $orderBy: ReceiptOrder, $filter: ReceiptFilter) {
    grantNotice(id: $id) {
      id
      receipts(first: $first, after: $after, offset: $offset, orderBy: $orderBy, filter: $filter) {
        totalCount
        totalAmount
        hasNextPage
        endCursor
        rows {
          id
          kind
          receiptNumber
          invoiceDate
          paymentDate
          payee
          purpose
          category
          amount
          eligibleAmount
          reversed
          exclusionReason
        }
      }
    }
  }
`);

interface Selection {
  orderBy: ReceiptOrderField;
  descending: boolean;
  category: CostCategory | '';
  /** '' all rows, 'yes' those that count, 'no' those that do not, or a reason why not. */
  counts: '' | 'yes' | 'no' | ExclusionReason;
  search: string;
}

const DEFAULT_SELECTION: Selection = { orderBy: 'BOOKING', descending: false, category: '', counts: '', search: '' };

/** Where the current page starts: after a cursor in booking order, at a position otherwise. */
interface Position {
  /** The cursors of the pages before, for going back in booking order. */
  cursors: (string | null)[];
  offset: number;
}

function isBookingOrder(selection: Selection): boolean {
  return (
    selection.orderBy === 'BOOKING' &&
    !selection.descending &&
    selection.category === '' &&
    selection.counts === '' &&
    selection.search === ''
  );
}

function useReceipts(noticeId: string, selection: Selection, position: Position) {
  const booking = isBookingOrder(selection);
  const counts = selection.counts;
  const filter = booking
    ? null
    : {
        ...(selection.category ? { category: selection.category } : {}),
        ...(counts === 'yes' ? { counts: true } : counts === 'no' ? { counts: false } : counts ? { exclusionReason: counts } : {}),
        ...(selection.search ? { search: selection.search } : {}),
      };
  return useQuery({
    query: ReceiptsQuery,
    variables: booking
      ? { id: noticeId, first: RECEIPTS_PER_PAGE, after: position.cursors.at(-1) ?? null }
      : {
          id: noticeId,
          first: RECEIPTS_PER_PAGE,
          offset: position.offset,
          orderBy: { field: selection.orderBy, descending: selection.descending },
          filter,
        },
  });
}

const SORTABLE: { field: ReceiptOrderField; label: string; numeric?: boolean }[] = [
  { field: 'RECEIPT_NUMBER', label: 'Beleg' },
  { field: 'INVOICE_DATE', label: 'Rechnung vom' },
  { field: 'PAYMENT_DATE', label: 'Bezahlt am' },
  { field: 'PAYEE', label: 'Empfänger und Zweck' },
  { field: 'CATEGORY', label: 'Kategorie' },
  { field: 'AMOUNT', label: 'Betrag', numeric: true },
];

/** A column header that sorts by its column: ascending first, descending on a second press. */
function SortHeader({
  column,
  selection,
  onSort,
}: {
  column: (typeof SORTABLE)[number];
  selection: Selection;
  onSort: (field: ReceiptOrderField, descending: boolean) => void;
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

/** The filter form: applied on "Anzeigen", so that typing a search sends nothing until then. */
function ReceiptFilterForm({ selection, onApply }: { selection: Selection; onApply: (selection: Selection) => void }) {
  const [draft, setDraft] = useState(selection);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, search: draft.search.trim() });
  };
  return (
    <form role="search" aria-label="Belege suchen und filtern" className="receipt-filter" onSubmit={submit}>
      <div className="kern-form-input receipt-filter__search">
        <label className="kern-label" htmlFor="receipt-search">
          Suche
        </label>
        <div className="kern-hint" id="receipt-search-hint">
          Belegnummer, Empfänger, Zweck oder Betrag (z. B. 8.900,00)
        </div>
        <input
          id="receipt-search"
          type="search"
          className="kern-form-input__input"
          aria-describedby="receipt-search-hint"
          maxLength={200}
          value={draft.search}
          onChange={(event) => setDraft({ ...draft, search: event.target.value })}
        />
      </div>
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="receipt-category">
          Kategorie
        </label>
        <div className="kern-form-input__select-wrapper">
          <select
            id="receipt-category"
            className="kern-form-input__select"
            value={draft.category}
            onChange={(event) => setDraft({ ...draft, category: event.target.value as Selection['category'] })}
          >
            <option value="">alle Kategorien</option>
            {Object.entries(COST_CATEGORY_NAMES).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="receipt-counts">
          Zählt
        </label>
        <div className="kern-form-input__select-wrapper">
          <select
            id="receipt-counts"
            className="kern-form-input__select"
            value={draft.counts}
            onChange={(event) => setDraft({ ...draft, counts: event.target.value as Selection['counts'] })}
          >
            <option value="">alle Belege</option>
            <option value="yes">zählt</option>
            <option value="no">zählt nicht</option>
            {Object.entries(EXCLUSION_LABELS).map(([code, name]) => (
              <option key={code} value={code}>
                zählt nicht: {name}
              </option>
            ))}
          </select>
        </div>
      </div>
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

function countText(count: number): string {
  return count === 1 ? '1 Beleg' : `${count.toLocaleString('de-DE')} Belege`;
}

/** The Belegliste with its filter and pager; a new filter or sort order starts at the first page. */
export function Belegliste({ noticeId }: { noticeId: string }) {
  const [selection, setSelection] = useState(DEFAULT_SELECTION);
  const [position, setPosition] = useState<Position>({ cursors: [null], offset: 0 });
  const [{ data, fetching, error, operation }] = useReceipts(noticeId, selection, position);
  // Where each page in booking order starts, by the cursor it is read after.
  const cursorOffsets = useRef(new Map<string | null, number>([[null, 0]]));
  const select = (next: Selection) => {
    setSelection(next);
    setPosition({ cursors: [null], offset: 0 });
  };
  const list = data?.grantNotice.receipts;
  // The rows shown are those of the last answer, which stay until the next page arrives: the status
  // names their position, not the one asked for.
  const answered = operation?.variables as { after?: string | null; offset?: number } | undefined;
  const shownOffset = answered?.offset ?? cursorOffsets.current.get(answered?.after ?? null) ?? position.offset;
  const from = shownOffset + 1;
  const to = shownOffset + (list?.rows.length ?? 0);
  const booking = isBookingOrder(selection);
  const mayRecord = useMayBook('recordExpenditure');
  const mayReverse = useMayBook('reverseExpenditure');

  const next = () => {
    if (!list) return;
    if (booking) cursorOffsets.current.set(list.endCursor, position.offset + RECEIPTS_PER_PAGE);
    setPosition({
      cursors: booking ? [...position.cursors, list.endCursor] : position.cursors,
      offset: position.offset + RECEIPTS_PER_PAGE,
    });
  };
  const previous = () =>
    setPosition({
      cursors: booking ? position.cursors.slice(0, -1) : position.cursors,
      offset: Math.max(0, position.offset - RECEIPTS_PER_PAGE),
    });

  return (
    <section aria-labelledby="belegliste" className="kern-stack">
      <h2 id="belegliste" className="kern-heading-medium">
        Belegliste
      </h2>
      {mayRecord && (
        <p className="kern-body receipt-actions">
          <Link className="kern-btn kern-btn--secondary" to={`/bescheide/${noticeId}/beleg`}>
            <span className="kern-label">Beleg erfassen</span>
          </Link>
        </p>
      )}
      <ImportLink noticeId={noticeId} />
      <ReceiptFilterForm selection={selection} onApply={select} />
      {error && <Alert variant="danger" title="Die Belege konnten nicht geladen werden" />}
      <p className="kern-body" role="status" aria-live="polite">
        {!list
          ? 'Belege werden geladen …'
          : list.totalCount === 0
            ? booking
              ? 'Noch kein Beleg erfasst.'
              : 'Kein Beleg passt zu Suche und Filter.'
            : `${booking ? '' : 'Gefunden: '}${countText(list.totalCount)} über zusammen ${formatMoney(list.totalAmount)}; angezeigt ${from.toLocaleString('de-DE')}–${to.toLocaleString('de-DE')}.`}
      </p>
      {list && list.rows.length > 0 && (
        <TableRegion label="Belege">
          <table className="kern-table kern-table--small" aria-busy={fetching}>
            <caption className="kern-sr-only">Belegliste, sortierbar über die Spaltenköpfe</caption>
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
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Zuwendungsfähig
                </th>
                <th scope="col" className="kern-table__header">
                  Zählt
                </th>
                {mayReverse && (
                  <th scope="col" className="kern-table__header">
                    Storno
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {list.rows.map((row) => (
                <tr key={row.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell receipt-number">
                    {row.receiptNumber}
                  </th>
                  <td className="kern-table__cell">{formatDate(row.invoiceDate)}</td>
                  <td className="kern-table__cell">{row.paymentDate ? formatDate(row.paymentDate) : 'offen'}</td>
                  <td className="kern-table__cell">
                    {row.payee}
                    <br />
                    <span className="kern-body--small">{row.purpose}</span>
                  </td>
                  <td className="kern-table__cell">{label(COST_CATEGORY_NAMES, row.category)}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(row.amount)}</td>
                  {/* A receipt that does not count is eligible with 0,00 €, as in the Belegliste of the Verwendungsnachweis. */}
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {formatMoney(row.exclusionReason ? '0.00' : row.eligibleAmount)}
                  </td>
                  <td className="kern-table__cell">
                    {row.exclusionReason ? (
                      <Badge text={`nein: ${label(EXCLUSION_LABELS, row.exclusionReason)}`} variant="kern-badge--warning" />
                    ) : (
                      'ja'
                    )}
                  </td>
                  {mayReverse && (
                    <td className="kern-table__cell">
                      {row.kind === 'EXPENDITURE' && (
                        <ReverseReceipt receiptId={row.id} receiptNumber={row.receiptNumber} reversed={row.reversed} />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {list && (position.offset > 0 || list.hasNextPage) && (
        <nav aria-label="Seiten der Belegliste" className="receipt-pager">
          <button type="button" className="kern-btn kern-btn--secondary" disabled={position.offset === 0 || fetching} onClick={previous}>
            <span className="kern-label">Vorherige Seite</span>
          </button>
          <button type="button" className="kern-btn kern-btn--secondary" disabled={!list.hasNextPage || fetching} onClick={next}>
            <span className="kern-label">Nächste Seite</span>
          </button>
        </nav>
      )}
    </section>
  );
}

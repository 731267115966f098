// The start page: the notices the signed-in user may see, with what was approved, paid, spent and
// recognised, what is still to be drawn, the next deadline, warnings (overdue deadlines, money drawn
// but not used in time, lines over their tolerance) and a bar of the budget used.
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { CalendarFeed } from '../components/CalendarFeed';
import { SharedInvoiceParts } from '../components/SharedInvoiceParts';
import { TableHead, TableRegion } from '../components/Table';
import { graphql } from '../gql';
import type { StartPageQuery as StartPageData } from '../gql/graphql';
import { Link } from 'react-router';
import { useViewer } from '../viewer';
import { Badge, ShareBar } from '../components/Money';
import { cents, formatDate, formatMoney, fromCents } from '../format';
import { useMayBook } from '../forms/may-book';
import { COST_CATEGORY_NAMES, DEADLINE_KIND_NAMES, GRANT_NOTICE_STATUS_NAMES, label, NOTICE_STATUS_BADGES } from '../labels';

type StartDeadline = StartPageData['deadlines'][number];

/** The first deadline still ahead; the overdue ones are warnings. */
function NextDeadline({ deadlines }: { deadlines: StartDeadline[] }) {
  const next = deadlines.find((deadline) => !deadline.overdue);
  if (!next) return <span className="kern-body--small">keine offene</span>;
  return (
    <>
      {formatDate(next.dueOn)}
      <br />
      <span className="kern-body--small">
        {label(DEADLINE_KIND_NAMES, next.kind)}
        {next.kind === 'SPEND_DEADLINE' && next.amount && `: ${formatMoney(next.amount)} noch zu verwenden`}
      </span>
    </>
  );
}

/** What needs attention: overdue deadlines (money not used in time bears interest) and lines over their tolerance. */
function NoticeWarnings({ deadlines, lines }: { deadlines: StartDeadline[]; lines: { category: string; withinTolerance: boolean }[] }) {
  const warnings = [
    ...deadlines
      .filter((deadline) => deadline.overdue)
      .map((deadline) => {
        switch (deadline.kind) {
          case 'SPEND_DEADLINE':
            return `${formatMoney(deadline.amount ?? '0')} nicht bis ${formatDate(deadline.dueOn)} verwendet: Zinsen drohen`;
          case 'PROOF_OF_USE':
            return `Verwendungsnachweis seit ${formatDate(deadline.dueOn)} überfällig`;
          default:
            return `${label(DEADLINE_KIND_NAMES, deadline.kind)} seit ${formatDate(deadline.dueOn)} offen`;
        }
      }),
    ...lines.filter((line) => !line.withinTolerance).map((line) => `Ansatz ${label(COST_CATEGORY_NAMES, line.category)} über der Toleranz`),
  ];
  if (warnings.length === 0) return <span className="kern-body--small">keine</span>;
  return (
    <ul className="notice-warnings">
      {warnings.map((warning) => (
        <li key={warning} className="kern-body--small">
          {warning}
        </li>
      ))}
    </ul>
  );
}

const StartPageQuery = graphql(`
  query StartPage {
    grantNotices(first: 100) {
      totalCount
      edges {
        node {
          id
          reference
          status
          noticeDate
          approvedAmount
          recipient {
            name
            ags
          }
          project {
            title
          }
          budgetCheck {
            actualTotal
            recognisedTotal
            lines {
              category
              withinTolerance
            }
          }
          settlement {
            paidTotal
          }
        }
      }
    }
    deadlines {
      kind
      dueOn
      overdue
      amount
      grantNotice {
        id
      }
    }
  }
`);

/** The page of the employees, for those who see their names (Rule 7). */
/** The other areas of the work: projects and applications, and the employees for those who may see them. */
function WorkAreas() {
  const { viewer, may } = useViewer();
  const mayReadStaff = may('readPersonalData');
  return (
    <nav aria-label="Weitere Bereiche" className="work-areas">
      {viewer?.cooperation && (
        <Link className="kern-link" to="/zweckvereinbarung">
          Zweckvereinbarung {viewer.cooperation.name}
        </Link>
      )}
      {viewer?.role === 'AUDITOR' && (
        <Link className="kern-link" to="/programm">
          Programmübersicht
        </Link>
      )}
      <Link className="kern-link" to="/vorhaben">
        Vorhaben und Anträge
      </Link>
      {mayReadStaff && (
        <Link className="kern-link" to="/beschaeftigte">
          Beschäftigte
        </Link>
      )}
      {may('editMasterData') && (
        <>
          <Link className="kern-link" to="/verwaltung/programm">
            Programm und Sätze
          </Link>
          <Link className="kern-link" to="/verwaltung/empfaenger">
            Zuwendungsempfänger
          </Link>
          <Link className="kern-link" to="/verwaltung/zweckvereinbarungen">
            Zweckvereinbarungen
          </Link>
        </>
      )}
    </nav>
  );
}

export function StartPage() {
  const [{ data, fetching, error }] = useQuery({ query: StartPageQuery });
  const mayBook = useMayBook();
  useEffect(() => {
    document.title = 'Zuwendungsbescheide – Förderregister E-Government Thüringen';
  }, []);

  if (fetching && !data)
    return (
      <p className="kern-body" role="status">
        Die Zuwendungsbescheide werden geladen …
      </p>
    );
  if (error)
    return (
      <Alert variant="danger" title="Die Zuwendungsbescheide konnten nicht geladen werden">
        {<p className="kern-body">{error.graphQLErrors[0]?.message ?? 'Der Dienst ist nicht erreichbar.'}</p>}
      </Alert>
    );
  const notices = data?.grantNotices.edges.map((edge) => edge.node) ?? [];
  // The deadlines by notice, once for the whole table.
  const deadlinesByNotice = new Map<string, StartDeadline[]>();
  for (const deadline of data?.deadlines ?? []) {
    deadlinesByNotice.set(deadline.grantNotice.id, [...(deadlinesByNotice.get(deadline.grantNotice.id) ?? []), deadline]);
  }
  const deadlinesOf = (noticeId: string) => deadlinesByNotice.get(noticeId) ?? [];

  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Zuwendungsbescheide</h1>
      <WorkAreas />
      {mayBook && (
        <p className="kern-body">
          <Link className="kern-btn kern-btn--primary" to="/bescheide/neu">
            <span className="kern-icon kern-icon--add" aria-hidden="true" />
            <span className="kern-label">Neuen Bescheid anlegen</span>
          </Link>
        </p>
      )}
      {notices.length === 0 ? (
        <p className="kern-body">Für Ihre Zuständigkeit ist noch kein Zuwendungsbescheid erfasst.</p>
      ) : (
        <TableRegion label="Zuwendungsbescheide">
          <table className="kern-table">
            <caption className="kern-title">
              {data!.grantNotices.totalCount === 1 ? '1 Zuwendungsbescheid' : `${data!.grantNotices.totalCount} Zuwendungsbescheide`}
            </caption>
            <TableHead
              columns={[
                { label: 'Bescheid' },
                { label: 'Status' },
                { label: 'Bewilligt', numeric: true },
                { label: 'Ausgezahlt', numeric: true },
                { label: 'Noch abrufbar', numeric: true },
                { label: 'Ausgegeben', numeric: true },
                { label: 'Anerkannt', numeric: true },
                { label: 'Nächste Frist' },
                { label: 'Hinweise' },
              ]}
            />
            <tbody className="kern-table__body">
              {notices.map((notice) => {
                const remaining = fromCents(cents(notice.approvedAmount) - cents(notice.settlement.paidTotal));
                return (
                  <tr key={notice.id} className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      <Link className="kern-link" to={`/bescheide/${notice.id}`}>
                        <strong>{notice.reference}</strong>
                      </Link>
                      <br />
                      <span className="kern-body--small">
                        {notice.recipient.name} · {notice.project.title} · vom {formatDate(notice.noticeDate)}
                      </span>
                    </th>
                    <td className="kern-table__cell">
                      <Badge text={label(GRANT_NOTICE_STATUS_NAMES, notice.status)} variant={NOTICE_STATUS_BADGES[notice.status]} />
                    </td>
                    <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(notice.approvedAmount)}</td>
                    <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(notice.settlement.paidTotal)}</td>
                    <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(remaining)}</td>
                    <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(notice.budgetCheck.actualTotal)}</td>
                    <td className="kern-table__cell kern-table__cell--numeric">
                      {formatMoney(notice.budgetCheck.recognisedTotal)}
                      <ShareBar
                        part={notice.budgetCheck.recognisedTotal}
                        whole={notice.approvedAmount}
                        what="des bewilligten Betrags anerkannt"
                      />
                    </td>
                    <td className="kern-table__cell">
                      <NextDeadline deadlines={deadlinesOf(notice.id)} />
                    </td>
                    <td className="kern-table__cell">
                      <NoticeWarnings deadlines={deadlinesOf(notice.id)} lines={notice.budgetCheck.lines} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      )}
      <SharedInvoiceParts />
      <CalendarFeed />
    </div>
  );
}

// The start page: the notices the signed-in user may see, with what was approved, paid, spent and
// recognised, what is still to be drawn, the proof of use due, and a bar of the budget used.
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { TableHead, TableRegion } from '../components/Table';
import { graphql } from '../gql';
import { Link } from 'react-router';
import { Badge, ShareBar } from '../components/Money';
import { cents, formatDate, formatMoney, fromCents } from '../format';
import { useMayBook } from '../forms/may-book';
import { GRANT_NOTICE_STATUS_NAMES, label, NOTICE_STATUS_BADGES } from '../labels';

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
          proofOfUseDue
          proofOfUseOverdue
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
          }
          settlement {
            paidTotal
          }
        }
      }
    }
  }
`);

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

  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Zuwendungsbescheide</h1>
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
                { label: 'Verwendungsnachweis fällig' },
                { label: 'Mittelverwendung' },
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
                    <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(notice.budgetCheck.recognisedTotal)}</td>
                    <td className="kern-table__cell">
                      {formatDate(notice.proofOfUseDue)}
                      {notice.proofOfUseOverdue && (
                        <>
                          {' '}
                          <Badge text="überfällig" variant="kern-badge--danger" />
                        </>
                      )}
                    </td>
                    <td className="kern-table__cell">
                      <ShareBar
                        part={notice.budgetCheck.recognisedTotal}
                        whole={notice.approvedAmount}
                        what="des bewilligten Betrags anerkannt"
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      )}
    </div>
  );
}

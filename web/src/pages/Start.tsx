// The start page: the notices the signed-in user may see, with what was approved, paid, spent and
// recognised, what is still to be drawn, the proof of use due, and a bar of the budget used.
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { graphql } from '../gql';
import { cents, formatDate, formatMoney, fromCents, sharePercent } from '../format';

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

const STATUS_NAMES: Record<string, string> = { APPROVED: 'bewilligt', SETTLED: 'abgerechnet', REVOKED: 'widerrufen' };
const STATUS_BADGES: Record<string, string> = {
  APPROVED: 'kern-badge--info',
  SETTLED: 'kern-badge--success',
  REVOKED: 'kern-badge--danger',
};

export function StartPage() {
  const [{ data, fetching, error }] = useQuery({ query: StartPageQuery });
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
      {notices.length === 0 ? (
        <p className="kern-body">Für Ihre Zuständigkeit ist noch kein Zuwendungsbescheid erfasst.</p>
      ) : (
        <div className="kern-table-responsive" tabIndex={0} role="region" aria-label="Zuwendungsbescheide">
          <table className="kern-table">
            <caption className="kern-title">
              {data!.grantNotices.totalCount === 1 ? '1 Zuwendungsbescheid' : `${data!.grantNotices.totalCount} Zuwendungsbescheide`}
            </caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Bescheid
                </th>
                <th scope="col" className="kern-table__header">
                  Status
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Bewilligt
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Ausgezahlt
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Noch abrufbar
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Ausgegeben
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Anerkannt
                </th>
                <th scope="col" className="kern-table__header">
                  Verwendungsnachweis fällig
                </th>
                <th scope="col" className="kern-table__header">
                  Mittelverwendung
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {notices.map((notice) => {
                const remaining = fromCents(cents(notice.approvedAmount) - cents(notice.settlement.paidTotal));
                const used = sharePercent(notice.budgetCheck.recognisedTotal, notice.approvedAmount);
                return (
                  <tr key={notice.id} className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      <strong>{notice.reference}</strong>
                      <br />
                      <span className="kern-body--small">
                        {notice.recipient.name} · {notice.project.title} · vom {formatDate(notice.noticeDate)}
                      </span>
                    </th>
                    <td className="kern-table__cell">
                      <span className={`kern-badge ${STATUS_BADGES[notice.status] ?? ''}`}>
                        <span className="kern-label kern-label--small">{STATUS_NAMES[notice.status] ?? notice.status}</span>
                      </span>
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
                          <span className="kern-badge kern-badge--danger">
                            <span className="kern-label kern-label--small">überfällig</span>
                          </span>
                        </>
                      )}
                    </td>
                    <td className="kern-table__cell">
                      <span
                        className="budget-bar"
                        role="img"
                        aria-label={`${used.toLocaleString('de-DE')} % des bewilligten Betrags anerkannt`}
                      >
                        <span className="budget-bar__fill" style={{ width: `${used}%` }} />
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

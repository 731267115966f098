// A notice: its figures in force, the budget check per budget line with the tolerance, the
// Belegliste paged by the service, Mittelabrufe and payments, and the Verwendungsnachweis to download.
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Figure } from '../components/Figure';
import { Belegliste } from './Belegliste';
import { NoticeVersions } from './NoticeVersions';
import { SettlementForecast } from './SettlementForecast';
import { ProofOfUseSubmission } from '../forms/ProofOfUseSubmission';
import { StaffCosts } from './StaffCosts';
import { TableHead, TableRegion } from '../components/Table';
import { Badge, ShareBar } from '../components/Money';
import { DisbursementRequests } from '../forms/DisbursementRequests';
import { SavedMessage } from '../forms/may-book';
import { graphql } from '../gql';
import { formatDate, formatMoney, formatPercent, formatRate } from '../format';
import { COST_CATEGORY_NAMES, FINANCING_TYPE_NAMES, GRANT_NOTICE_STATUS_NAMES, label, NOTICE_STATUS_BADGES } from '../labels';
import { useViewer } from '../viewer';

const NoticePageQuery = graphql(`
  query NoticePage($id: ID!) {
    grantNotice(id: $id) {
      id
      version
      reference
      status
      noticeDate
      financingType
      rate
      fixedAmount
      eligibleCosts
      ownFunds
      thirdPartyFunds
      approvedAmount
      proofOfUseDue
      proofOfUseOverdue
      proofOfUseSubmittedOn
      proofOfUseReportPath
      approvalPeriod {
        start
        end
      }
      recipient {
        name
        ags
      }
      project {
        title
      }
      budgetCheck {
        plannedTotal
        actualTotal
        recognisedTotal
        excludedCount
        lines {
          category
          planned
          actual
          deviation
          deviationPercent
          withinTolerance
          recognised
        }
      }
      payments {
        id
        paidOn
        spendDeadline
        amount
        reversal {
          id
        }
      }
    }
  }
`);

export function NoticePage() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: NoticePageQuery, variables: { id } });
  const { may } = useViewer();
  const notice = data?.grantNotice;
  useEffect(() => {
    document.title = `${notice ? `Bescheid ${notice.reference}` : 'Zuwendungsbescheid'} – Förderregister E-Government Thüringen`;
  }, [notice]);

  if (fetching && !data)
    return (
      <p className="kern-body" role="status">
        Der Zuwendungsbescheid wird geladen …
      </p>
    );
  if (error || !notice) {
    const missing = error?.graphQLErrors.some((problem) => problem.extensions?.['code'] === 'NOT_FOUND');
    return (
      <div className="kern-stack">
        <h1 className="kern-heading-large">Zuwendungsbescheid</h1>
        <Alert
          variant="danger"
          title={missing ? 'Diesen Zuwendungsbescheid gibt es nicht' : 'Der Zuwendungsbescheid konnte nicht geladen werden'}
        >
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
  const check = notice.budgetCheck;
  const paid = notice.payments.filter((payment) => !payment.reversal);
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/">
          Zuwendungsbescheide
        </Link>
      </p>
      <SavedMessage />
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Bescheid {notice.reference}</h1>
        <p className="kern-subline">
          {notice.recipient.name} (AGS {notice.recipient.ags}) · {notice.project.title}
        </p>
      </hgroup>
      <p className="kern-body">
        <Badge text={label(GRANT_NOTICE_STATUS_NAMES, notice.status)} variant={NOTICE_STATUS_BADGES[notice.status]} />
        {notice.proofOfUseOverdue && (
          <>
            {' '}
            <Badge text="Verwendungsnachweis überfällig" variant="kern-badge--danger" />
          </>
        )}
      </p>

      <section aria-labelledby="zahlen" className="kern-stack">
        <h2 id="zahlen" className="kern-heading-medium">
          Zahlen des Bescheids
        </h2>
        <dl className="kern-description-list">
          <Figure term="Bescheid vom">{formatDate(notice.noticeDate)}</Figure>
          <Figure term="Bewilligungszeitraum">
            {formatDate(notice.approvalPeriod.start)} bis {formatDate(notice.approvalPeriod.end)}
          </Figure>
          <Figure term="Finanzierungsart">
            {label(FINANCING_TYPE_NAMES, notice.financingType)}
            {notice.rate ? `, Fördersatz ${formatRate(notice.rate)}` : ''}
            {notice.fixedAmount ? `, Festbetrag ${formatMoney(notice.fixedAmount)}` : ''}
          </Figure>
          <Figure term="Zuwendungsfähige Ausgaben">{formatMoney(notice.eligibleCosts)}</Figure>
          <Figure term="Eigenmittel">{formatMoney(notice.ownFunds)}</Figure>
          <Figure term="Drittmittel">{formatMoney(notice.thirdPartyFunds)}</Figure>
          <Figure term="Bewilligte Zuwendung">{formatMoney(notice.approvedAmount)}</Figure>
          <Figure term="Verwendungsnachweis fällig">
            {formatDate(notice.proofOfUseDue)}
            {notice.proofOfUseSubmittedOn ? `, eingereicht am ${formatDate(notice.proofOfUseSubmittedOn)}` : ''}
          </Figure>
        </dl>
        {may('amendGrantNotice') && notice.status === 'APPROVED' && (
          <p className="kern-body">
            <Link className="kern-btn kern-btn--secondary" to={`/bescheide/${notice.id}/aenderung`}>
              <span className="kern-label">Änderungsbescheid erfassen</span>
            </Link>
          </p>
        )}
        {may('recordGrantData') && (
          <ProofOfUseSubmission noticeId={notice.id} version={notice.version} submittedOn={notice.proofOfUseSubmittedOn ?? null} />
        )}
        {may('downloadReports') && (
          <p className="kern-body">
            <a className="kern-btn kern-btn--primary" href={notice.proofOfUseReportPath} download>
              <span className="kern-icon kern-icon--download" aria-hidden="true" />
              <span className="kern-label">Verwendungsnachweis herunterladen (Excel)</span>
            </a>
          </p>
        )}
      </section>

      <section aria-labelledby="budget" className="kern-stack">
        <h2 id="budget" className="kern-heading-medium">
          Budgetprüfung
        </h2>
        <TableRegion label="Budgetprüfung nach Ausgabenansätzen">
          <table className="kern-table">
            <caption className="kern-sr-only">Budgetprüfung nach Ausgabenansätzen</caption>
            <TableHead
              columns={[
                { label: 'Ausgabenansatz' },
                { label: 'Geplant', numeric: true },
                { label: 'Ist', numeric: true },
                { label: 'Abweichung', numeric: true },
                { label: 'Toleranz' },
                { label: 'Anerkannt', numeric: true },
                { label: 'Ist zu geplant' },
              ]}
            />
            <tbody className="kern-table__body">
              {check.lines.map((line) => (
                <tr key={line.category} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    {label(COST_CATEGORY_NAMES, line.category)}
                  </th>
                  <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(line.planned)}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(line.actual)}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {formatMoney(line.deviation)}
                    {line.deviationPercent ? ` (${formatPercent(line.deviationPercent)})` : ''}
                  </td>
                  <td className="kern-table__cell">
                    {line.withinTolerance ? 'eingehalten' : <Badge text="überschritten" variant="kern-badge--danger" />}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(line.recognised)}</td>
                  <td className="kern-table__cell">
                    <ShareBar part={line.actual} whole={line.planned} what="des Ansatzes ausgegeben" />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot className="kern-table__footer">
              <tr className="kern-table__row">
                <th scope="row" className="kern-table__cell">
                  Summe
                </th>
                <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(check.plannedTotal)}</td>
                <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(check.actualTotal)}</td>
                <td className="kern-table__cell" />
                <td className="kern-table__cell" />
                <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(check.recognisedTotal)}</td>
                <td className="kern-table__cell" />
              </tr>
            </tfoot>
          </table>
        </TableRegion>
        {check.excludedCount > 0 && (
          <p className="kern-body">
            {check.excludedCount === 1 ? '1 Beleg zählt' : `${check.excludedCount} Belege zählen`} nicht; die Belegliste nennt den Grund.
          </p>
        )}
      </section>

      <Belegliste noticeId={notice.id} />

      <StaffCosts noticeId={notice.id} />

      <section aria-labelledby="mittelabrufe" className="kern-stack">
        <h2 id="mittelabrufe" className="kern-heading-medium">
          Mittelabrufe und Auszahlungen
        </h2>
        <DisbursementRequests noticeId={notice.id} />
        <p className="kern-body">
          {paid.length === 0
            ? 'Noch keine Auszahlung.'
            : `Ausgezahlt: ${paid
                .map(
                  (payment) =>
                    `${formatMoney(payment.amount)} am ${formatDate(payment.paidOn)}, zu verwenden bis ${formatDate(payment.spendDeadline)}`,
                )
                .join('; ')}.`}
        </p>
      </section>

      <SettlementForecast noticeId={notice.id} />

      <NoticeVersions noticeId={notice.id} />

      <p className="kern-body">
        <Link className="kern-link" to={`/bescheide/${notice.id}/pruefpfad`}>
          Prüfpfad: wer wann was an diesem Bescheid geändert hat
        </Link>
      </p>
    </div>
  );
}

// The notice's Mittelabrufe as a table, with their status in German, the form of each to download,
// "Einreichen" for a draft, and the link to a new one. Once submitted, the button goes and the focus
// moves to the row's new status, so that a keyboard user is not sent back to the top of the page.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Badge } from '../components/Money';
import { TableHead, TableRegion } from '../components/Table';
import { graphql } from '../gql';
import { formatDate, formatMoney } from '../format';
import { DISBURSEMENT_STATUS_NAMES, label } from '../labels';
import { useClearSavedMessage, useMayBook } from './may-book';

const RequestsQuery = graphql(`
  query NoticeDisbursementRequests($id: ID!) {
    grantNotice(id: $id) {
      id
      disbursementRequests {
        id
        version
        requestedOn
        amount
        purpose
        status
        reportPath
      }
    }
  }
`);

const SubmitMutation = graphql(`
  mutation SubmitDisbursementRequest($id: ID!, $expectedVersion: Int!) {
    updateDisbursementRequest(id: $id, expectedVersion: $expectedVersion, input: { status: SUBMITTED }) {
      id
      version
      status
    }
  }
`);

const STATUS_BADGES: Record<string, string> = {
  DRAFT: 'kern-badge--info',
  SUBMITTED: 'kern-badge--warning',
  PAID: 'kern-badge--success',
  WITHDRAWN: 'kern-badge--danger',
};

export function DisbursementRequests({ noticeId }: { noticeId: string }) {
  const [{ data }] = useQuery({ query: RequestsQuery, variables: { id: noticeId } });
  const [{ fetching: submitting }, submit] = useMutation(SubmitMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const clearSaved = useClearSavedMessage();
  const mayCreate = useMayBook('createDisbursementRequest');
  const maySubmit = useMayBook('submitDisbursementRequest');
  const requests = data?.grantNotice.disbursementRequests ?? [];
  const [justSubmitted, setJustSubmitted] = useState<string | null>(null);
  const submittedStatus = useRef<HTMLTableCellElement>(null);
  const shownStatus = requests.find((request) => request.id === justSubmitted)?.status;
  // The table shows the new status once the requests are read again; the focus waits for it.
  useEffect(() => {
    if (shownStatus && shownStatus !== 'DRAFT') submittedStatus.current?.focus();
  }, [shownStatus]);
  const onSubmit = async (id: string, expectedVersion: number) => {
    const result = await submit({ id, expectedVersion }, { additionalTypenames: ['GrantNotice'] });
    setProblem(result.error ? (result.error.graphQLErrors[0]?.message ?? 'Der Dienst ist nicht erreichbar.') : null);
    if (!result.error) {
      clearSaved();
      setJustSubmitted(id);
    }
  };
  return (
    <>
      {problem && (
        <Alert variant="danger" title="Der Mittelabruf wurde nicht eingereicht">
          <p className="kern-body">{problem}</p>
        </Alert>
      )}
      {requests.length === 0 ? (
        <p className="kern-body">Noch kein Mittelabruf.</p>
      ) : (
        <TableRegion label="Mittelabrufe">
          <table className="kern-table">
            <caption className="kern-sr-only">Mittelabrufe</caption>
            <TableHead
              columns={[
                { label: 'Mittelabruf vom' },
                { label: 'Betrag', numeric: true },
                { label: 'Verwendungszweck' },
                { label: 'Status' },
                { label: 'Formular' },
                ...(maySubmit ? [{ label: 'Aktion' }] : []),
              ]}
            />
            <tbody className="kern-table__body">
              {requests.map((request) => (
                <tr key={request.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    {formatDate(request.requestedOn)}
                  </th>
                  <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(request.amount)}</td>
                  <td className="kern-table__cell">{request.purpose}</td>
                  <td className="kern-table__cell" {...(request.id === justSubmitted ? { ref: submittedStatus, tabIndex: -1 } : {})}>
                    <Badge text={label(DISBURSEMENT_STATUS_NAMES, request.status)} variant={STATUS_BADGES[request.status]} />
                  </td>
                  <td className="kern-table__cell">
                    <a className="kern-link" href={request.reportPath} download>
                      Excel<span className="kern-sr-only"> (Mittelabruf vom {formatDate(request.requestedOn)})</span>
                    </a>
                  </td>
                  {maySubmit && (
                    <td className="kern-table__cell">
                      {request.status === 'DRAFT' && (
                        <button
                          type="button"
                          className="kern-btn kern-btn--primary kern-btn--x-small"
                          disabled={submitting}
                          aria-label={`Einreichen (Mittelabruf über ${formatMoney(request.amount)})`}
                          onClick={() => void onSubmit(request.id, request.version)}
                        >
                          <span className="kern-label">Einreichen</span>
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {mayCreate && (
        <p className="kern-body">
          <Link className="kern-btn kern-btn--secondary" to={`/bescheide/${noticeId}/mittelabruf`}>
            <span className="kern-label">Mittelabruf anlegen</span>
          </Link>
        </p>
      )}
    </>
  );
}

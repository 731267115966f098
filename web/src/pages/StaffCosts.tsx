// The staff costs of a notice (Personalausgaben, Rule 7): month by month, per employee, with the method
// and the figures behind the amount. Names, pay groups, shares and salaries are personal data: the
// service gives them only to the employer's finance officers and auditors, and the page says so where
// they are withheld.
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { TableHead, TableRegion } from '../components/Table';
import { graphql } from '../gql';
import { cents, formatDate, formatMoney, formatRate, fromCents } from '../format';
import { ReverseStaffAllocation } from '../forms/ReverseStaffAllocation';
import { label, STAFF_COST_METHOD_NAMES } from '../labels';
import { useViewer } from '../viewer';

const StaffCostsQuery = graphql(`
  query NoticeStaffCosts($id: ID!) {
    staffAllocations(first: 100, filter: { grantNoticeId: $id }) {
      totalCount
      edges {
        node {
          id
          month
          method
          amount
          share
          employerCost
          employee {
            id
            name
            payGroup
          }
          reversal {
            id
            reason
          }
        }
      }
    }
  }
`);

const WITHHELD = 'nur für den Arbeitgeber sichtbar';

/** "2020-07-01" as "07/2020". */
function formatMonth(month: string): string {
  return formatDate(month).slice(3).replace('.', '/');
}

export function StaffCosts({ noticeId }: { noticeId: string }) {
  const [{ data }] = useQuery({ query: StaffCostsQuery, variables: { id: noticeId } });
  const { may } = useViewer();
  if (!data) return null;
  const allocations = data.staffAllocations.edges.map((edge) => edge.node);
  // A reversed month stays in the table, marked, but counts no more.
  const counting = allocations.filter((allocation) => !allocation.reversal);
  const reversedCount = allocations.length - counting.length;
  const total = fromCents(counting.reduce((sum, allocation) => sum + cents(allocation.amount), 0n));
  const mayReverse = may('reverseStaffCosts');
  return (
    <section aria-labelledby="personalausgaben" className="kern-stack">
      <h2 id="personalausgaben" className="kern-heading-medium">
        Personalausgaben
      </h2>
      {may('recordStaffCosts') && (
        <p className="kern-body">
          <Link className="kern-btn kern-btn--secondary" to={`/bescheide/${noticeId}/personal`}>
            <span className="kern-icon kern-icon--add" aria-hidden="true" />
            <span className="kern-label">Personalkosten zuordnen</span>
          </Link>
        </p>
      )}
      {allocations.length === 0 ? (
        <p className="kern-body">Auf diesen Bescheid sind keine Personalausgaben gebucht.</p>
      ) : (
        <>
          <p className="kern-body">
            {counting.length === 1 ? '1 Monat' : `${counting.length} Monate`} über zusammen {formatMoney(total)}
            {reversedCount > 0 && `, dazu ${reversedCount === 1 ? '1 stornierter' : `${reversedCount} stornierte`}`}
            {data.staffAllocations.totalCount > allocations.length &&
              ` (die ersten ${allocations.length} von ${data.staffAllocations.totalCount})`}
            .
          </p>
          <TableRegion label="Personalausgaben nach Monaten">
            <table className="kern-table kern-table--small">
              <caption className="kern-sr-only">Personalausgaben nach Monaten</caption>
              <TableHead
                columns={[
                  { label: 'Monat' },
                  { label: 'Beschäftigte Person' },
                  { label: 'Entgeltgruppe' },
                  { label: 'Verfahren' },
                  { label: 'Projektanteil', numeric: true },
                  { label: 'Arbeitgeberbrutto', numeric: true },
                  { label: 'Betrag', numeric: true },
                  ...(mayReverse ? [{ label: 'Storno' }] : []),
                ]}
              />
              <tbody className="kern-table__body">
                {allocations.map((allocation) => (
                  <tr key={allocation.id} className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      {formatMonth(allocation.month)}
                    </th>
                    <td className="kern-table__cell">{allocation.employee.name ?? WITHHELD}</td>
                    <td className="kern-table__cell">{allocation.employee.payGroup ?? WITHHELD}</td>
                    <td className="kern-table__cell">{label(STAFF_COST_METHOD_NAMES, allocation.method)}</td>
                    <td className="kern-table__cell kern-table__cell--numeric">{allocation.share ? formatRate(allocation.share) : '–'}</td>
                    <td className="kern-table__cell kern-table__cell--numeric">
                      {allocation.employerCost ? formatMoney(allocation.employerCost) : '–'}
                    </td>
                    <td className="kern-table__cell kern-table__cell--numeric">
                      {allocation.reversal ? (
                        <>
                          <s>{formatMoney(allocation.amount)}</s>
                          {!mayReverse && ' storniert'}
                        </>
                      ) : (
                        formatMoney(allocation.amount)
                      )}
                    </td>
                    {mayReverse && (
                      <td className="kern-table__cell">
                        <ReverseStaffAllocation
                          allocationId={allocation.id}
                          what={`${allocation.employee.name ?? 'Personalkosten'} ${formatMonth(allocation.month)}`}
                          reversed={allocation.reversal !== null && allocation.reversal !== undefined}
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
    </section>
  );
}

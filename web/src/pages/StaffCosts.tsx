// The staff costs of a notice (Personalausgaben, Rule 7): month by month, per employee, with the method
// and the figures behind the amount. Names, pay groups, shares and salaries are personal data: the
// service gives them only to the employer's finance officers and auditors, and the page says so where
// they are withheld.
import { useQuery } from 'urql';
import { TableHead, TableRegion } from '../components/Table';
import { graphql } from '../gql';
import { cents, formatDate, formatMoney, formatRate, fromCents } from '../format';
import { label, STAFF_COST_METHOD_NAMES } from '../labels';

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
  if (!data) return null;
  const allocations = data.staffAllocations.edges.map((edge) => edge.node);
  const total = fromCents(allocations.reduce((sum, allocation) => sum + cents(allocation.amount), 0n));
  return (
    <section aria-labelledby="personalausgaben" className="kern-stack">
      <h2 id="personalausgaben" className="kern-heading-medium">
        Personalausgaben
      </h2>
      {allocations.length === 0 ? (
        <p className="kern-body">Auf diesen Bescheid sind keine Personalausgaben gebucht.</p>
      ) : (
        <>
          <p className="kern-body">
            {allocations.length === 1 ? '1 Monat' : `${allocations.length} Monate`} über zusammen {formatMoney(total)}
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
                    <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(allocation.amount)}</td>
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

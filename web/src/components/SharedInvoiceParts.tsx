// On a finance officer's start page: the parts of joint purchases (gemeinsame Beschaffungen) that the
// lead of the cooperation booked on the officer's grants, newest first, each with who booked it and when
// (the grants themselves are linked in the table above; each part is in the Belegliste of its grant).
import { useQuery } from 'urql';
import { germanDateTime } from '../../../src/domain/audit-labels';
import { graphql } from '../gql';
import { formatDate, formatMoney } from '../format';
import { useViewer } from '../viewer';

const SharedInvoicePartsQuery = graphql(`
  query StartSharedInvoiceParts {
    sharedInvoices(first: 100) {
      totalCount
      edges {
        node {
          id
          receiptNumber
          invoiceDate
          payee
          purpose
          createdAt
          recordedBy
          cooperation {
            name
          }
          reversal {
            reversedOn
          }
          parts {
            amount
            recipient {
              name
            }
            grantNotice {
              id
              reference
            }
          }
        }
      }
    }
  }
`);

/** How many bookings the start page names; the Belegliste of each grant has them all. */
const SHOWN = 5;

export function SharedInvoiceParts() {
  const { viewer } = useViewer();
  const officer = viewer?.role === 'FINANCE_OFFICER';
  const [{ data }] = useQuery({ query: SharedInvoicePartsQuery, pause: !officer });
  const invoices = (data?.sharedInvoices.edges ?? [])
    .map((edge) => edge.node)
    .filter((invoice) => invoice.parts.length > 0)
    .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  if (!officer || invoices.length === 0) return null;
  return (
    <section aria-labelledby="shared-parts" className="kern-stack">
      <h2 id="shared-parts" className="kern-heading-medium">
        Gemeinsame Beschaffungen auf Ihren Bescheiden
      </h2>
      <ul className="kern-list shared-parts">
        {invoices.slice(0, SHOWN).map((invoice) => (
          <li key={invoice.id} className="kern-body">
            Rechnung {invoice.receiptNumber} vom {formatDate(invoice.invoiceDate)} ({invoice.payee}: {invoice.purpose}), Ihr Anteil{' '}
            {invoice.parts.map((part, index) => (
              <span key={part.grantNotice.id}>
                {index > 0 && ' und '}
                <strong>{formatMoney(part.amount)}</strong> auf Bescheid {part.grantNotice.reference}
              </span>
            ))}
            ; gebucht am {germanDateTime(String(invoice.createdAt))} von {invoice.recordedBy ?? 'unbekannt'} (Zweckvereinbarung{' '}
            {invoice.cooperation.name}){invoice.reversal && <>, storniert am {formatDate(invoice.reversal.reversedOn)}</>}.
          </li>
        ))}
      </ul>
      {invoices.length > SHOWN && (
        <p className="kern-body">
          Die {SHOWN} neuesten von {invoices.length}; die Belegliste jedes Bescheids nennt alle.
        </p>
      )}
    </section>
  );
}

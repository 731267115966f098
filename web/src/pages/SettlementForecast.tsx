// The Schlussabrechnung of a notice on a chosen day: a forecast until it is finalised (Rule 4), with
// the interest on money drawn early (Rule 6) portion by portion: which part of which payment was used
// when, by which day it had to be, and the interest the authority may claim for it.
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Figure } from '../components/Figure';
import { TableHead, TableRegion } from '../components/Table';
import { Field } from '../forms/Field';
import { germanDateInput, parseGermanDate, todayInGermany } from '../forms/input';
import { graphql } from '../gql';
import { formatDate, formatMoney } from '../format';

const SettlementQuery = graphql(`
  query NoticeSettlement($id: ID!, $asOf: LocalDate!) {
    grantNotice(id: $id) {
      id
      settlement(asOf: $asOf) {
        asOf
        finalised
        recognisedTotal
        finalGrant
        paidTotal
        balance
        refundDue
        outstandingPayout
        interest {
          amount
          warnings
          portions {
            paymentId
            paidOn
            amount
            usedOn
            deadline
            days
            interest
          }
        }
      }
    }
  }
`);

export function SettlementForecast({ noticeId }: { noticeId: string }) {
  const [asOf, setAsOf] = useState(todayInGermany);
  const [draft, setDraft] = useState(() => germanDateInput(asOf));
  const [problem, setProblem] = useState<string | null>(null);
  const [{ data, error }] = useQuery({ query: SettlementQuery, variables: { id: noticeId, asOf } });
  const settlement = data?.grantNotice.settlement;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseGermanDate(draft);
    setProblem(parsed.error ?? null);
    if (parsed.value) setAsOf(parsed.value);
  };

  return (
    <section aria-labelledby="schlussabrechnung" className="kern-stack">
      <h2 id="schlussabrechnung" className="kern-heading-medium">
        Schlussabrechnung
      </h2>
      {!settlement?.finalised && (
        <form className="inline-form" onSubmit={submit} noValidate>
          <Field label="Stichtag der Vorschau" hint="Datum wie 31.12.2025" error={problem}>
            {(control) => (
              <input {...control} type="text" inputMode="numeric" value={draft} onChange={(event) => setDraft(event.target.value)} />
            )}
          </Field>
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Berechnen</span>
          </button>
        </form>
      )}
      {error && <Alert variant="danger" title="Die Schlussabrechnung konnte nicht berechnet werden" />}
      <p className="kern-body" role="status" aria-live="polite">
        {!settlement
          ? 'Die Schlussabrechnung wird berechnet …'
          : settlement.finalised
            ? `Abgeschlossen zum ${formatDate(settlement.asOf)}.`
            : `Vorschau zum ${formatDate(settlement.asOf)}: so stünde die Abrechnung, würde sie an diesem Tag abgeschlossen.`}
      </p>
      {settlement && (
        <>
          <dl className="kern-description-list">
            <Figure term="Anerkannte Ausgaben">{formatMoney(settlement.recognisedTotal)}</Figure>
            <Figure term="Endgültige Zuwendung">{formatMoney(settlement.finalGrant)}</Figure>
            <Figure term="Ausgezahlt bis zum Stichtag">{formatMoney(settlement.paidTotal)}</Figure>
            {settlement.refundDue !== '0.00' ? (
              <Figure term="Rückforderung">{formatMoney(settlement.refundDue)}</Figure>
            ) : (
              <Figure term="Restauszahlung">{formatMoney(settlement.outstandingPayout)}</Figure>
            )}
            <Figure term="Zinsen auf vorzeitig abgerufene Mittel">{formatMoney(settlement.interest.amount)}</Figure>
          </dl>
          {settlement.interest.warnings.map((warning) => (
            <Alert key={warning} variant="warning" title="Hinweis zu den Zinsen">
              <p className="kern-body">{warning}</p>
            </Alert>
          ))}
          {settlement.interest.portions.length > 0 && (
            <TableRegion label="Verwendung der Auszahlungen">
              <table className="kern-table kern-table--small">
                <caption className="kern-title">Verwendung der Auszahlungen (zuerst ausgezahlt, zuerst verwendet)</caption>
                <TableHead
                  columns={[
                    { label: 'Ausgezahlt am' },
                    { label: 'Teilbetrag', numeric: true },
                    { label: 'Verwendet am' },
                    { label: 'Zu verwenden bis' },
                    { label: 'Zinstage', numeric: true },
                    { label: 'Zinsen', numeric: true },
                  ]}
                />
                <tbody className="kern-table__body">
                  {settlement.interest.portions.map((portion, index) => (
                    <tr key={`${portion.paymentId}-${index}`} className="kern-table__row">
                      <td className="kern-table__cell">{formatDate(portion.paidOn)}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(portion.amount)}</td>
                      <td className="kern-table__cell">{portion.usedOn ? formatDate(portion.usedOn) : 'noch nicht verwendet'}</td>
                      <td className="kern-table__cell">{formatDate(portion.deadline)}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{portion.days.toLocaleString('de-DE')}</td>
                      <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(portion.interest)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
        </>
      )}
    </section>
  );
}

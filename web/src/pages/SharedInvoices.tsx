// Gemeinsame Beschaffungen of the lead's cooperation: a form for one invoice split by a
// Verteilungsschlüssel (equal parts, fixed shares, by population) among the members' grants, with
// every member's part as the service's dry run answers it before anything is booked; "Anteile buchen"
// books them as receipts on the members' grants. Below, the cooperation's invoices with their parts
// and the Storno of a whole invoice.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { TableHead, TableRegion } from '../components/Table';
import { FieldGroup } from '../forms/Field';
import { FormField, FormSelect, readDate, readMoney, useCheckedForm, type Form, type FormReading } from '../forms/form';
import { parseGermanPercent, parseRequired } from '../forms/input';
import { FormFrame } from '../forms/parts';
import { ReverseSharedInvoice } from '../forms/ReverseSharedInvoice';
import { cents, formatDate, formatMoney, formatRate, fromCents } from '../format';
import { graphql } from '../gql';
import type { AllocationKey, CostCategory, RecordSharedInvoiceMutation, SharedInvoiceInput, SharedInvoicesPageQuery } from '../gql/graphql';
import { COST_CATEGORY_NAMES, label } from '../labels';
import { useViewer } from '../viewer';

const SharedInvoicesPageQueryDocument = graphql(`
  query SharedInvoicesPage($id: ID!) {
    cooperation(id: $id) {
      id
      name
      memberships {
        id
        recipient {
          id
          name
          ags
          population
        }
      }
    }
    fundingPrograms(first: 100) {
      edges {
        node {
          id
          code
          name
        }
      }
    }
    sharedInvoices(first: 100, filter: { cooperationId: $id }) {
      totalCount
      edges {
        node {
          id
          receiptNumber
          invoiceDate
          paymentDate
          payee
          purpose
          category
          totalAmount
          allocationKey
          fundingProgram {
            id
            code
          }
          parts {
            amount
            recipient {
              name
              ags
            }
            grantNotice {
              id
              reference
            }
          }
          reversal {
            reversedOn
            reason
          }
        }
      }
    }
  }
`);

const SharedInvoiceGrantsQuery = graphql(`
  query SharedInvoiceGrants($id: ID!, $fundingProgramId: ID!) {
    cooperation(id: $id) {
      id
      budgetOverview(fundingProgramId: $fundingProgramId) {
        grantNoticeId
        reference
        recipientName
        ags
      }
    }
  }
`);

const RecordSharedInvoiceMutationDocument = graphql(`
  mutation RecordSharedInvoice($input: SharedInvoiceInput!, $dryRun: Boolean!) {
    recordSharedInvoice(input: $input, dryRun: $dryRun) {
      id
      receiptNumber
      totalAmount
      parts {
        amount
        recipient {
          name
          ags
          population
        }
        grantNotice {
          id
          reference
        }
      }
    }
  }
`);

/** How the allocation keys read in the form and the list. */
const ALLOCATION_KEY_NAMES: Record<AllocationKey, string> = {
  EQUAL: 'zu gleichen Teilen',
  FIXED_SHARES: 'nach festen Anteilen',
  POPULATION: 'nach Einwohnerzahl',
};

interface Grant {
  grantNoticeId: string;
  reference: string;
  recipientName: string;
  ags: string;
  population: number | null;
}

const memberField = (grant: Grant) => `member.${grant.grantNoticeId}`;
const shareField = (grant: Grant) => `share.${grant.grantNoticeId}`;
const CHOSEN = 'ja';

const RECEIPT_FIELDS = ['receiptNumber', 'invoiceDate', 'paymentDate', 'payee', 'purpose', 'category', 'totalAmount', 'allocationKey'];

/** The form's field of an API path: the members' group for anything about the members or their shares. */
function fieldOf(path: string): string | null {
  if (path === 'amount') return 'totalAmount';
  if (path === 'members' || path.startsWith('members.') || path === 'fixedShare') return 'members';
  const head = path.split('.')[0]!;
  return RECEIPT_FIELDS.includes(head) ? head : null;
}

function readInvoice(
  values: Record<string, string>,
  grants: readonly Grant[],
  cooperationId: string,
  fundingProgramId: string,
): FormReading<string, SharedInvoiceInput> {
  const errors: Record<string, string> = {};
  const texts = {
    receiptNumber: parseRequired(values.receiptNumber ?? '', 'die Belegnummer der Rechnung'),
    payee: parseRequired(values.payee ?? '', 'den Lieferanten'),
    purpose: parseRequired(values.purpose ?? '', 'den Verwendungszweck'),
  };
  for (const [field, parsed] of Object.entries(texts)) if (parsed.error) errors[field] = parsed.error;
  const invoiceDate = readDate(values, 'invoiceDate', errors, 'das Rechnungsdatum');
  const paymentDate = readDate(values, 'paymentDate', errors, 'das Zahlungsdatum', true);
  const totalAmount = readMoney(values, 'totalAmount', errors, 'den Gesamtbetrag');
  const allocationKey = values.allocationKey as AllocationKey;
  const chosen = grants.filter((grant) => values[memberField(grant)] === CHOSEN);
  if (chosen.length === 0) errors.members = 'Bitte mindestens ein Mitglied wählen, das einen Teil der Rechnung trägt.';
  const members = chosen.map((grant) => {
    if (allocationKey !== 'FIXED_SHARES') return { grantNoticeId: grant.grantNoticeId };
    const text = (values[shareField(grant)] ?? '').trim();
    if (text === '') {
      errors[shareField(grant)] = `Bitte den Anteil von ${grant.recipientName} angeben, z. B. 50 %.`;
      return { grantNoticeId: grant.grantNoticeId };
    }
    const share = parseGermanPercent(text);
    if (share.error !== undefined) errors[shareField(grant)] = share.error;
    return { grantNoticeId: grant.grantNoticeId, fixedShare: share.value ?? null };
  });
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return {
    errors,
    input: {
      cooperationId,
      fundingProgramId,
      category: values.category as CostCategory,
      receiptNumber: texts.receiptNumber.value!,
      invoiceDate: invoiceDate!,
      paymentDate,
      payee: texts.payee.value!,
      purpose: texts.purpose.value!,
      totalAmount: totalAmount!,
      allocationKey,
      members,
    },
  };
}

type Answer = RecordSharedInvoiceMutation['recordSharedInvoice'];

/** Every member's part as the dry run answered it, with what the key weighed it by, and the sum. */
function Preview({ answer, allocationKey, shares }: { answer: Answer; allocationKey: AllocationKey; shares: Map<string, string> }) {
  const total = answer.parts.reduce((sum, part) => sum + cents(part.amount), 0n);
  const populations = answer.parts.reduce((sum, part) => sum + (part.recipient.population ?? 0), 0);
  return (
    <TableRegion label="Vorschau der Anteile">
      <table className="kern-table">
        <caption className="kern-title">Vorschau der Anteile (noch nicht gebucht)</caption>
        <TableHead
          columns={[
            { label: 'Mitglied' },
            { label: 'Bescheid' },
            {
              label: allocationKey === 'POPULATION' ? 'Einwohner' : allocationKey === 'FIXED_SHARES' ? 'Fester Anteil' : 'Schlüssel',
              numeric: true,
            },
            { label: 'Anteil', numeric: true },
          ]}
        />
        <tbody className="kern-table__body">
          {answer.parts.map((part) => (
            <tr key={part.grantNotice.id} className="kern-table__row">
              <th scope="row" className="kern-table__cell">
                {part.recipient.name}
              </th>
              <td className="kern-table__cell">{part.grantNotice.reference}</td>
              <td className="kern-table__cell kern-table__cell--numeric">
                {allocationKey === 'POPULATION'
                  ? (part.recipient.population ?? 0).toLocaleString('de-DE')
                  : allocationKey === 'FIXED_SHARES'
                    ? formatRate(shares.get(part.grantNotice.id) ?? '0')
                    : `1 von ${answer.parts.length}`}
              </td>
              <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(part.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="kern-table__footer">
          <tr className="kern-table__row">
            <th scope="row" className="kern-table__cell">
              Summe
            </th>
            <td className="kern-table__cell" />
            <td className="kern-table__cell kern-table__cell--numeric">
              {allocationKey === 'POPULATION' ? populations.toLocaleString('de-DE') : ''}
            </td>
            <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(fromCents(total))}</td>
          </tr>
        </tfoot>
      </table>
    </TableRegion>
  );
}

/** The members' grants that can carry a part: a check box each, and the fixed share when the key asks for one. */
function MemberChoice({ form, grants, allocationKey }: { form: Form<string>; grants: readonly Grant[]; allocationKey: string }) {
  const error = form.errorOf('members');
  return (
    <FieldGroup
      legend="Mitglieder, die einen Teil tragen"
      hint="Jedes Mitglied trägt seinen Teil auf einem Zuwendungsbescheid des Programms; Mitglieder ohne Bescheid können keinen Teil tragen."
      error={error}
    >
      {grants.map((grant) => {
        const id = `mitglied-${grant.grantNoticeId}`;
        return (
          <div key={grant.grantNoticeId} className="kern-stack">
            <div className={`kern-form-check${error ? ' kern-form-check--error' : ''}`}>
              <input
                className={`kern-form-check__checkbox${error ? ' kern-form-check__checkbox--error' : ''}`}
                type="checkbox"
                id={id}
                checked={form.values[memberField(grant)] === CHOSEN}
                onChange={(event) => {
                  form.set(memberField(grant), event.target.checked ? CHOSEN : '');
                  form.leave(memberField(grant), 'members');
                }}
              />
              <label className="kern-label" htmlFor={id}>
                {grant.recipientName}, Bescheid {grant.reference}
                {grant.population !== null ? ` (${grant.population.toLocaleString('de-DE')} Einwohner)` : ''}
              </label>
            </div>
            {allocationKey === 'FIXED_SHARES' && form.values[memberField(grant)] === CHOSEN && (
              <FormField
                form={form}
                name={shareField(grant)}
                label={`Fester Anteil ${grant.recipientName}`}
                hint="in Prozent, z. B. 50 %; die Anteile ergeben zusammen 100 %"
                inputMode="decimal"
                autoComplete="off"
                group="members"
              />
            )}
          </div>
        );
      })}
    </FieldGroup>
  );
}

function InvoiceForm({
  cooperationId,
  fundingProgramId,
  grants,
  onSaved,
}: {
  cooperationId: string;
  fundingProgramId: string;
  grants: readonly Grant[];
  onSaved(answer: Answer): void;
}) {
  const [, record] = useMutation(RecordSharedInvoiceMutationDocument);
  const [preview, setPreview] = useState<{ input: SharedInvoiceInput; answer: Answer } | null>(null);
  const checking = useRef<SharedInvoiceInput | null>(null);
  const send = useCallback(
    (input: SharedInvoiceInput, dryRun: boolean) => {
      if (dryRun) checking.current = input;
      return record({ input, dryRun }, dryRun ? {} : { additionalTypenames: ['SharedInvoice', 'GrantNotice', 'Cooperation'] });
    },
    [record],
  );
  const initial: Record<string, string> = {
    receiptNumber: '',
    invoiceDate: '',
    paymentDate: '',
    payee: '',
    purpose: '',
    category: 'HARDWARE',
    totalAmount: '',
    allocationKey: 'EQUAL',
  };
  for (const grant of grants) {
    initial[memberField(grant)] = CHOSEN;
    initial[shareField(grant)] = '';
  }
  const read = (values: Record<string, string>) => readInvoice(values, grants, cooperationId, fundingProgramId);
  const form = useCheckedForm<string, SharedInvoiceInput, RecordSharedInvoiceMutation>({
    initial,
    read,
    fields: fieldOf,
    send,
    onChecked: (data) => setPreview(data && checking.current ? { input: checking.current, answer: data.recordSharedInvoice } : null),
    onSaved: (data) => onSaved(data.recordSharedInvoice),
  });
  // The preview belongs to the values it was computed from; once they change it is gone until the next check.
  const current = read(form.values).input;
  const shown = preview && current && JSON.stringify(current) === JSON.stringify(preview.input) ? preview : null;
  const shares = new Map((shown?.input.members ?? []).map((member) => [String(member.grantNoticeId), member.fixedShare ?? '0']));
  const categories = Object.keys(COST_CATEGORY_NAMES).map((category) => ({ value: category, label: label(COST_CATEGORY_NAMES, category) }));
  return (
    <FormFrame form={form}>
      <FormField form={form} name="receiptNumber" label="Rechnungsnummer (Belegnummer)" autoComplete="off" />
      <FormField
        form={form}
        name="invoiceDate"
        label="Rechnungsdatum"
        date
        hint="TT.MM.JJJJ; die Mitglieder an diesem Tag teilen die Rechnung"
      />
      <FormField form={form} name="paymentDate" label="Zahlungsdatum" date optional />
      <FormField form={form} name="payee" label="Lieferant" autoComplete="off" />
      <FormField form={form} name="purpose" label="Verwendungszweck" autoComplete="off" />
      <FormSelect form={form} name="category" label="Ausgabenansatz (Kostenkategorie)" options={categories} />
      <FormField form={form} name="totalAmount" label="Gesamtbetrag der Rechnung" money />
      <FormSelect
        form={form}
        name="allocationKey"
        label="Verteilungsschlüssel"
        hint="Cent-Reste gehen an die größten Reste, bei Gleichstand an den kleineren Gemeindeschlüssel."
        options={Object.entries(ALLOCATION_KEY_NAMES).map(([value, name]) => ({ value, label: name }))}
      />
      <MemberChoice form={form} grants={grants} allocationKey={form.values.allocationKey ?? 'EQUAL'} />
      <div aria-live="polite">
        {shown ? (
          <Preview answer={shown.answer} allocationKey={shown.input.allocationKey} shares={shares} />
        ) : (
          <p className="kern-body">Die Anteile der Mitglieder erscheinen hier, sobald die Angaben vollständig sind und geprüft wurden.</p>
        )}
      </div>
      <div className="kern-btn-wrapper">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={form.submitting}>
          <span className="kern-label">{form.submitting ? 'Wird gebucht …' : 'Anteile buchen'}</span>
        </button>
        <Link className="kern-btn kern-btn--secondary" to="/zweckvereinbarung">
          <span className="kern-label">Abbrechen</span>
        </Link>
      </div>
    </FormFrame>
  );
}

type Invoice = SharedInvoicesPageQuery['sharedInvoices']['edges'][number]['node'];

function InvoiceList({ invoices, mayReverse }: { invoices: readonly Invoice[]; mayReverse: boolean }) {
  if (invoices.length === 0) return <p className="kern-body">Noch keine gemeinsame Beschaffung erfasst.</p>;
  return (
    <TableRegion label="Gemeinsame Beschaffungen">
      <table className="kern-table">
        <caption className="kern-title">
          {invoices.length === 1 ? '1 gemeinsame Beschaffung' : `${invoices.length} gemeinsame Beschaffungen`}
        </caption>
        <TableHead
          columns={[
            { label: 'Rechnung' },
            { label: 'Verteilung' },
            { label: 'Gesamtbetrag', numeric: true },
            { label: 'Anteile der Mitglieder' },
            { label: 'Storno' },
          ]}
        />
        <tbody className="kern-table__body">
          {invoices.map((invoice) => (
            <tr key={invoice.id} className="kern-table__row">
              <th scope="row" className="kern-table__cell">
                {invoice.receiptNumber}
                <br />
                <span className="kern-body--small">
                  vom {formatDate(invoice.invoiceDate)}
                  {invoice.paymentDate ? `, bezahlt am ${formatDate(invoice.paymentDate)}` : ', nicht bezahlt'} · {invoice.payee} ·{' '}
                  {invoice.purpose} · {label(COST_CATEGORY_NAMES, invoice.category)} · {invoice.fundingProgram.code}
                </span>
              </th>
              <td className="kern-table__cell">{ALLOCATION_KEY_NAMES[invoice.allocationKey]}</td>
              <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(invoice.totalAmount)}</td>
              <td className="kern-table__cell">
                <ul className="kern-list resolution-list">
                  {invoice.parts.map((part) => (
                    <li key={part.grantNotice.id} className="kern-body--small">
                      {part.recipient.name}:{' '}
                      <Link className="kern-link" to={`/bescheide/${part.grantNotice.id}`}>
                        {part.grantNotice.reference}
                      </Link>{' '}
                      <span className="amount">{formatMoney(part.amount)}</span>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="kern-table__cell">
                {mayReverse || invoice.reversal ? (
                  <ReverseSharedInvoice
                    invoiceId={invoice.id}
                    receiptNumber={invoice.receiptNumber}
                    parts={invoice.parts.length}
                    reversal={invoice.reversal ?? null}
                  />
                ) : (
                  '–'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function NewInvoice({
  cooperationId,
  programs,
  populations,
}: {
  cooperationId: string;
  programs: readonly { id: string; code: string; name: string }[];
  /** The members' populations by AGS. */
  populations: ReadonlyMap<string, number | null>;
}) {
  const [programId, setProgramId] = useState(programs[0]?.id ?? '');
  const [{ data, error }] = useQuery({
    query: SharedInvoiceGrantsQuery,
    variables: { id: cooperationId, fundingProgramId: programId },
    pause: programId === '',
  });
  const [saved, setSaved] = useState<Answer | null>(null);
  const [generation, setGeneration] = useState(0);
  const grants: Grant[] = (data?.cooperation.budgetOverview ?? []).map((budget) => ({
    ...budget,
    population: populations.get(budget.ags) ?? null,
  }));
  return (
    <section aria-labelledby="neue-beschaffung" className="kern-stack">
      <h2 id="neue-beschaffung" className="kern-heading-medium">
        Neue gemeinsame Beschaffung
      </h2>
      {saved && (
        <Alert variant="success" title={`Die gemeinsame Beschaffung ${saved.receiptNumber} ist gebucht`}>
          <p className="kern-body">
            {formatMoney(saved.totalAmount)} als Belege auf den Bescheiden der Mitglieder:{' '}
            {saved.parts.map((part) => `${part.recipient.name} ${formatMoney(part.amount)}`).join(', ')}.
          </p>
        </Alert>
      )}
      {programs.length > 1 && (
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="beschaffung-programm">
            Förderprogramm
          </label>
          <div className="kern-form-input__select-wrapper">
            <select
              id="beschaffung-programm"
              className="kern-form-input__select"
              value={programId}
              onChange={(event) => setProgramId(event.target.value)}
            >
              {programs.map((program) => (
                <option key={program.id} value={program.id}>
                  {program.code}: {program.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {error && <Alert variant="danger" title="Die Bescheide der Mitglieder konnten nicht geladen werden" />}
      {data && grants.length === 0 && (
        <p className="kern-body">
          Kein Mitglied hat einen Zuwendungsbescheid in diesem Programm; es kann keinen Teil einer Rechnung tragen.
        </p>
      )}
      {data && grants.length > 0 && (
        <InvoiceForm
          key={`${programId}-${generation}`}
          cooperationId={cooperationId}
          fundingProgramId={programId}
          grants={grants}
          onSaved={(answer) => {
            setSaved(answer);
            setGeneration((count) => count + 1);
          }}
        />
      )}
    </section>
  );
}

export function SharedInvoicesPage() {
  const { viewer, may } = useViewer();
  const cooperationId = viewer?.cooperation?.id ?? null;
  const [{ data, fetching, error }] = useQuery({
    query: SharedInvoicesPageQueryDocument,
    variables: { id: cooperationId ?? '' },
    pause: cooperationId === null,
  });
  useEffect(() => {
    document.title = 'Gemeinsame Beschaffungen – Förderregister E-Government Thüringen';
  }, []);

  if (viewer && !viewer.cooperation)
    return (
      <div className="kern-stack">
        <h1 className="kern-heading-large">Gemeinsame Beschaffungen</h1>
        <p className="kern-body">Diese Seite gibt es für die Leitung eines Serviceteams; Ihre Anmeldung nennt keine Zweckvereinbarung.</p>
      </div>
    );
  if (!data && (fetching || !viewer))
    return (
      <p className="kern-body" role="status">
        Die gemeinsamen Beschaffungen werden geladen …
      </p>
    );
  if (error || !data)
    return (
      <Alert variant="danger" title="Die gemeinsamen Beschaffungen konnten nicht geladen werden">
        <p className="kern-body">{error?.graphQLErrors[0]?.message ?? 'Der Dienst ist nicht erreichbar.'}</p>
      </Alert>
    );
  const mayRecord = may('recordSharedInvoice');
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/zweckvereinbarung">
          Zweckvereinbarung {data.cooperation.name}
        </Link>
      </p>
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Gemeinsame Beschaffungen</h1>
        <p className="kern-subline">Rechnungen der Zweckvereinbarung, aufgeteilt auf die Zuwendungsbescheide der Mitglieder</p>
      </hgroup>
      {mayRecord && (
        <NewInvoice
          cooperationId={data.cooperation.id}
          programs={data.fundingPrograms.edges.map((edge) => edge.node)}
          populations={
            new Map(data.cooperation.memberships.map((membership) => [membership.recipient.ags, membership.recipient.population ?? null]))
          }
        />
      )}
      <section aria-labelledby="erfasste-beschaffungen" className="kern-stack">
        <h2 id="erfasste-beschaffungen" className="kern-heading-medium">
          Erfasste gemeinsame Beschaffungen
        </h2>
        <InvoiceList invoices={data.sharedInvoices.edges.map((edge) => edge.node)} mayReverse={mayRecord} />
      </section>
    </div>
  );
}

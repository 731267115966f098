// Zuwendungsempfänger: the administrator's list of the recipients with kind, official key (AGS) and
// population, a form to record one and one to change one; each checked by the service's dry run
// whenever a field is left, so that an AGS it refuses (not 5 or 8 digits, already recorded) shows at
// the field before anything is stored.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { TableHead, TableRegion } from '../components/Table';
import { FormField, FormSelect, useCheckedForm, type Form, type FormReading } from '../forms/form';
import { parseRequired } from '../forms/input';
import { FormProblem } from '../forms/parts';
import { graphql } from '../gql';
import type { RecipientInput, RecipientKind } from '../gql/graphql';
import { useViewer } from '../viewer';

const RecipientsQuery = graphql(`
  query RecipientsAdminPage {
    recipients(first: 100) {
      totalCount
      edges {
        node {
          id
          version
          name
          kind
          ags
          population
        }
      }
    }
  }
`);

const CreateRecipientMutation = graphql(`
  mutation CreateRecipient($input: RecipientInput!, $dryRun: Boolean!) {
    createRecipient(input: $input, dryRun: $dryRun) {
      id
      name
    }
  }
`);

const UpdateRecipientMutation = graphql(`
  mutation UpdateRecipient($id: ID!, $expectedVersion: Int!, $input: RecipientPatch!, $dryRun: Boolean!) {
    updateRecipient(id: $id, expectedVersion: $expectedVersion, input: $input, dryRun: $dryRun) {
      id
      version
      name
      kind
      ags
      population
    }
  }
`);

/** The German names of the kinds of recipient. */
export const RECIPIENT_KIND_NAMES: Record<RecipientKind, string> = {
  DISTRICT: 'Landkreis',
  CITY: 'Kreisfreie Stadt',
  MUNICIPALITY: 'Gemeinde',
  ASSOCIATION: 'Verband',
};

/** 74212 as "74.212". */
function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, '.');
}

type RecipientField = 'name' | 'kind' | 'ags' | 'population';
const FIELDS = { name: 'name', kind: 'kind', ags: 'ags', population: 'population' } satisfies Record<RecipientField, RecipientField>;

/** The AGS is sent as typed (without spaces): the service says what is wrong with it, at the field. */
function readRecipient(values: Record<RecipientField, string>): FormReading<RecipientField, RecipientInput> {
  const errors: Partial<Record<RecipientField, string>> = {};
  const name = parseRequired(values.name, 'den Namen');
  if (name.error) errors.name = name.error;
  const ags = parseRequired(values.ags.replace(/\s+/g, ''), 'den Amtlichen Gemeindeschlüssel (AGS), z. B. 16065,');
  if (ags.error) errors.ags = ags.error;
  let population: number | null = null;
  const populationText = values.population.trim();
  if (populationText !== '') {
    if (/^(?:\d{1,3}(?:\.\d{3})+|\d+)$/.test(populationText)) population = Number(populationText.replaceAll('.', ''));
    else errors.population = 'Bitte die Einwohnerzahl als ganze Zahl eingeben, z. B. 74.212.';
  }
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return { errors, input: { name: name.value!, kind: values.kind as RecipientKind, ags: ags.value!, population } };
}

const KIND_OPTIONS = Object.entries(RECIPIENT_KIND_NAMES).map(([value, label]) => ({ value, label }));

function RecipientFields({ form }: { form: Form<RecipientField> }) {
  return (
    <div className="admin-fields">
      <FormField form={form} name="name" label="Name" autoComplete="off" />
      <FormSelect form={form} name="kind" label="Art" options={KIND_OPTIONS} />
      <FormField
        form={form}
        name="ags"
        label="Amtlicher Gemeindeschlüssel (AGS)"
        hint="5 Ziffern für einen Landkreis (z. B. 16065), 8 für eine Gemeinde (z. B. 16055000)"
        inputMode="numeric"
        autoComplete="off"
      />
      <FormField
        form={form}
        name="population"
        label="Einwohnerzahl"
        hint="für den Verteilschlüssel nach Einwohnern, z. B. 74.212"
        optional
        inputMode="numeric"
        autoComplete="off"
      />
    </div>
  );
}

function NewRecipientForm({ onSaved }: { onSaved(name: string): void }) {
  const [, create] = useMutation(CreateRecipientMutation);
  const send = useCallback(
    (input: RecipientInput, dryRun: boolean) => create({ input, dryRun }, dryRun ? {} : { additionalTypenames: ['RecipientConnection'] }),
    [create],
  );
  const form = useCheckedForm({
    initial: { name: '', kind: 'DISTRICT', ags: '', population: '' },
    read: readRecipient,
    fields: FIELDS,
    send,
    onSaved: (data) => onSaved(data.createRecipient.name),
  });
  return (
    <form
      className="kern-stack"
      noValidate
      aria-labelledby="empfaenger-anlegen"
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
    >
      <h2 id="empfaenger-anlegen" className="kern-heading-medium">
        Zuwendungsempfänger anlegen
      </h2>
      <FormProblem message={form.general} />
      <RecipientFields form={form} />
      <div className="kern-btn-wrapper">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={form.submitting}>
          <span className="kern-label">{form.submitting ? 'Wird gespeichert …' : 'Zuwendungsempfänger anlegen'}</span>
        </button>
      </div>
    </form>
  );
}

interface RecipientRow {
  id: string;
  version: number;
  name: string;
  kind: RecipientKind;
  ags: string;
  population?: number | null;
}

function ChangeRecipientForm({ recipient, onDone }: { recipient: RecipientRow; onDone(savedName: string | null): void }) {
  const [, update] = useMutation(UpdateRecipientMutation);
  const send = useCallback(
    (input: RecipientInput, dryRun: boolean) => update({ id: recipient.id, expectedVersion: recipient.version, input, dryRun }),
    [update, recipient.id, recipient.version],
  );
  const form = useCheckedForm({
    initial: {
      name: recipient.name,
      kind: recipient.kind,
      ags: recipient.ags,
      population: recipient.population == null ? '' : formatCount(recipient.population),
    },
    read: readRecipient,
    fields: FIELDS,
    send,
    onSaved: (data) => onDone(data.updateRecipient.name),
  });
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    first.current?.querySelector('input')?.focus();
  }, []);
  return (
    <form
      className="kern-stack"
      noValidate
      aria-labelledby="empfaenger-aendern"
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
    >
      <h2 id="empfaenger-aendern" className="kern-heading-medium">
        {recipient.name} ändern
      </h2>
      <FormProblem message={form.general} />
      <div ref={first}>
        <RecipientFields form={form} />
      </div>
      <div className="kern-btn-wrapper">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={form.submitting}>
          <span className="kern-label">{form.submitting ? 'Wird gespeichert …' : 'Änderung speichern'}</span>
        </button>
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => onDone(null)}>
          <span className="kern-label">Abbrechen</span>
        </button>
      </div>
    </form>
  );
}

export function RecipientsAdminPage() {
  const { viewer, may } = useViewer();
  const mayEdit = may('editMasterData');
  const [{ data, fetching, error }] = useQuery({ query: RecipientsQuery });
  const [saved, setSaved] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [returnFocus, setReturnFocus] = useState<string | null>(null);
  useEffect(() => {
    if (!returnFocus) return;
    document.querySelector<HTMLElement>(`[data-recipient="${returnFocus}"]`)?.focus();
    setReturnFocus(null);
  }, [returnFocus]);
  useEffect(() => {
    document.title = 'Zuwendungsempfänger – Förderregister E-Government Thüringen';
  }, []);

  const recipients = data?.recipients.edges.map((edge) => edge.node) ?? [];
  const edited = recipients.find((recipient) => recipient.id === editing);

  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/">
          Zuwendungsbescheide
        </Link>
      </p>
      <h1 className="kern-heading-large">Zuwendungsempfänger</h1>
      {viewer && !mayEdit && (
        <Alert variant="info" title="Nur die Administration ändert diese Angaben">
          <p className="kern-body">
            Sie sehen die Zuwendungsempfänger Ihrer Zuständigkeit; anlegen und ändern kann sie die Administration.
          </p>
        </Alert>
      )}
      <div aria-live="polite">{saved && <Alert variant="success" title={saved} />}</div>
      {error && <Alert variant="danger" title="Die Zuwendungsempfänger konnten nicht geladen werden" />}
      {fetching && !data && (
        <p className="kern-body" role="status">
          Die Zuwendungsempfänger werden geladen …
        </p>
      )}
      {data &&
        (recipients.length === 0 ? (
          <p className="kern-body">Es ist noch kein Zuwendungsempfänger erfasst.</p>
        ) : (
          <TableRegion label="Zuwendungsempfänger">
            <table className="kern-table">
              <caption className="kern-title">
                {data.recipients.totalCount === 1 ? '1 Zuwendungsempfänger' : `${data.recipients.totalCount} Zuwendungsempfänger`}
                {data.recipients.totalCount > recipients.length && ` (die ersten ${recipients.length})`}
              </caption>
              <TableHead
                columns={[
                  { label: 'Name' },
                  { label: 'Art' },
                  { label: 'AGS' },
                  { label: 'Einwohner', numeric: true },
                  ...(mayEdit ? [{ label: 'Aktion' }] : []),
                ]}
              />
              <tbody className="kern-table__body">
                {recipients.map((recipient) => (
                  <tr key={recipient.id} className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      {recipient.name}
                    </th>
                    <td className="kern-table__cell">{RECIPIENT_KIND_NAMES[recipient.kind]}</td>
                    <td className="kern-table__cell">{recipient.ags}</td>
                    <td className="kern-table__cell kern-table__cell--numeric">
                      {recipient.population == null ? 'nicht erfasst' : formatCount(recipient.population)}
                    </td>
                    {mayEdit && (
                      <td className="kern-table__cell">
                        <button
                          type="button"
                          className="kern-btn kern-btn--secondary kern-btn--x-small"
                          data-recipient={recipient.id}
                          aria-label={`Ändern (${recipient.name})`}
                          onClick={() => {
                            setSaved(null);
                            setEditing(recipient.id);
                          }}
                        >
                          <span className="kern-label">Ändern</span>
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        ))}
      {edited && (
        <ChangeRecipientForm
          key={`${edited.id}-${edited.version}`}
          recipient={edited}
          onDone={(savedName) => {
            setEditing(null);
            setReturnFocus(edited.id);
            if (savedName) setSaved(`Die Angaben zu ${savedName} sind geändert.`);
          }}
        />
      )}
      {mayEdit && (
        <NewRecipientForm
          key={generation}
          onSaved={(name) => {
            setSaved(`${name} ist als Zuwendungsempfänger angelegt.`);
            setGeneration((count) => count + 1);
          }}
        />
      )}
    </div>
  );
}

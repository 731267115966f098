// Beschäftigte: the employees of the viewer's recipients with name and pay group (personal data, Rule 7:
// only the employer's finance officers and the auditors see them), a form to record one and one to
// change the name or pay group, each checked by the service's dry run whenever a field is left.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { TableHead, TableRegion } from '../components/Table';
import { FormField, FormSelect, useCheckedForm, type FormReading } from '../forms/form';
import { parseRequired } from '../forms/input';
import { FormProblem } from '../forms/parts';
import { graphql } from '../gql';
import type { EmployeeInput, EmployeePatch } from '../gql/graphql';
import { useViewer } from '../viewer';

const EmployeesQuery = graphql(`
  query EmployeesPage {
    employees(first: 100) {
      totalCount
      edges {
        node {
          id
          version
          name
          payGroup
          employer {
            id
            name
          }
        }
      }
    }
  }
`);

const CreateEmployeeMutation = graphql(`
  mutation CreateEmployee($input: EmployeeInput!, $dryRun: Boolean!) {
    createEmployee(input: $input, dryRun: $dryRun) {
      id
      name
      payGroup
    }
  }
`);

const UpdateEmployeeMutation = graphql(`
  mutation UpdateEmployee($id: ID!, $expectedVersion: Int!, $input: EmployeePatch!, $dryRun: Boolean!) {
    updateEmployee(id: $id, expectedVersion: $expectedVersion, input: $input, dryRun: $dryRun) {
      id
      version
      name
      payGroup
    }
  }
`);

type EmployeeField = 'employerId' | 'name' | 'payGroup';

// A refusal of the version (changed meanwhile) has no field here and shows above the fields.
const FIELDS = { employerId: 'employerId', name: 'name', payGroup: 'payGroup' } satisfies Record<EmployeeField, EmployeeField>;

function readEmployee(values: Record<EmployeeField, string>): FormReading<EmployeeField, EmployeeInput> {
  const errors: Partial<Record<EmployeeField, string>> = {};
  const name = parseRequired(values.name, 'den Namen');
  const payGroup = parseRequired(values.payGroup, 'die Entgeltgruppe, z. B. TVöD E 11,');
  if (name.error) errors.name = name.error;
  if (payGroup.error) errors.payGroup = payGroup.error;
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return { errors, input: { employerId: values.employerId, name: name.value!, payGroup: payGroup.value! } };
}

const PAY_GROUP_HINT = 'Entgeltgruppe des Tarifvertrags, z. B. TVöD E 11';

function NewEmployeeForm({ employers, onSaved }: { employers: readonly { id: string; name: string }[]; onSaved(name: string): void }) {
  const [, create] = useMutation(CreateEmployeeMutation);
  const send = useCallback(
    (input: EmployeeInput, dryRun: boolean) => create({ input, dryRun }, dryRun ? {} : { additionalTypenames: ['EmployeeConnection'] }),
    [create],
  );
  const form = useCheckedForm({
    initial: { employerId: employers[0]?.id ?? '', name: '', payGroup: '' },
    read: readEmployee,
    fields: FIELDS,
    send,
    onSaved: (data) => onSaved(data.createEmployee.name ?? ''),
  });
  return (
    <form
      className="kern-stack"
      noValidate
      aria-labelledby="anlegen"
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
    >
      <h2 id="anlegen" className="kern-heading-medium">
        Beschäftigte Person anlegen
      </h2>
      <FormProblem message={form.general} />
      {employers.length > 1 && (
        <FormSelect
          form={form}
          name="employerId"
          label="Arbeitgeber"
          options={employers.map((employer) => ({ value: employer.id, label: employer.name }))}
        />
      )}
      <FormField form={form} name="name" label="Name" autoComplete="off" />
      <FormField form={form} name="payGroup" label="Entgeltgruppe" hint={PAY_GROUP_HINT} autoComplete="off" />
      <div className="kern-btn-wrapper">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={form.submitting}>
          <span className="kern-label">{form.submitting ? 'Wird gespeichert …' : 'Beschäftigte Person anlegen'}</span>
        </button>
      </div>
    </form>
  );
}

interface EmployeeRow {
  id: string;
  version: number;
  name?: string | null;
  payGroup?: string | null;
}

function ChangeEmployeeForm({ employee, onDone }: { employee: EmployeeRow; onDone(savedName: string | null): void }) {
  const [, update] = useMutation(UpdateEmployeeMutation);
  const send = useCallback(
    (input: EmployeePatch, dryRun: boolean) => update({ id: employee.id, expectedVersion: employee.version, input, dryRun }),
    [update, employee.id, employee.version],
  );
  const form = useCheckedForm({
    initial: { employerId: '', name: employee.name ?? '', payGroup: employee.payGroup ?? '' },
    read: (values) => {
      const reading = readEmployee(values);
      return reading.input
        ? { errors: {}, input: { name: reading.input.name, payGroup: reading.input.payGroup } }
        : { input: null, errors: reading.errors };
    },
    fields: FIELDS,
    send,
    onSaved: (data) => onDone(data.updateEmployee.name ?? null),
  });
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    first.current?.querySelector('input')?.focus();
  }, []);
  return (
    <form
      className="kern-stack"
      noValidate
      aria-labelledby="aendern"
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
    >
      <h2 id="aendern" className="kern-heading-medium">
        {employee.name} ändern
      </h2>
      <FormProblem message={form.general} />
      <div ref={first} className="kern-stack">
        <FormField form={form} name="name" label="Name" autoComplete="off" />
        <FormField form={form} name="payGroup" label="Entgeltgruppe" hint={PAY_GROUP_HINT} autoComplete="off" />
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

export function EmployeesPage() {
  const { viewer, may } = useViewer();
  const seesNames = may('readPersonalData');
  const [{ data, fetching, error }] = useQuery({ query: EmployeesQuery, pause: !seesNames });
  const [saved, setSaved] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  // Each employee recorded starts an empty form anew.
  const [generation, setGeneration] = useState(0);
  // When the change form closes, the focus goes back to the row's button.
  const [returnFocus, setReturnFocus] = useState<string | null>(null);
  useEffect(() => {
    if (!returnFocus) return;
    document.querySelector<HTMLElement>(`[data-employee="${returnFocus}"]`)?.focus();
    setReturnFocus(null);
  }, [returnFocus]);
  useEffect(() => {
    document.title = 'Beschäftigte – Förderregister E-Government Thüringen';
  }, []);

  const employees = data?.employees.edges.map((edge) => edge.node) ?? [];
  const employers = viewer?.recipients ?? [];
  const manyEmployers = new Set(employees.map((employee) => employee.employer.id)).size > 1 || employers.length > 1;
  const editedEmployee = employees.find((employee) => employee.id === editing);

  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/">
          Zuwendungsbescheide
        </Link>
      </p>
      <h1 className="kern-heading-large">Beschäftigte</h1>
      {viewer && !seesNames && (
        <Alert variant="info" title="Nur für den Arbeitgeber sichtbar">
          <p className="kern-body">
            Namen und Entgeltgruppen der Beschäftigten sind personenbezogene Daten: Sie sehen nur die Finanzsachbearbeitung des Arbeitgebers
            und die Prüfung.
          </p>
        </Alert>
      )}
      {saved && <Alert variant="success" title={saved} />}
      {error && <Alert variant="danger" title="Die Beschäftigten konnten nicht geladen werden" />}
      {seesNames && fetching && !data && (
        <p className="kern-body" role="status">
          Die Beschäftigten werden geladen …
        </p>
      )}
      {data &&
        (employees.length === 0 ? (
          <p className="kern-body">Es ist noch keine beschäftigte Person erfasst.</p>
        ) : (
          <TableRegion label="Beschäftigte">
            <table className="kern-table">
              <caption className="kern-title">
                {data.employees.totalCount === 1 ? '1 beschäftigte Person' : `${data.employees.totalCount} Beschäftigte`}
                {data.employees.totalCount > employees.length && ` (die ersten ${employees.length})`}
              </caption>
              <TableHead
                columns={[
                  { label: 'Name' },
                  { label: 'Entgeltgruppe' },
                  ...(manyEmployers ? [{ label: 'Arbeitgeber' }] : []),
                  ...(may('changeEmployee') ? [{ label: 'Aktion' }] : []),
                ]}
              />
              <tbody className="kern-table__body">
                {employees.map((employee) => (
                  <tr key={employee.id} className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      {employee.name}
                    </th>
                    <td className="kern-table__cell">{employee.payGroup}</td>
                    {manyEmployers && <td className="kern-table__cell">{employee.employer.name}</td>}
                    {may('changeEmployee') && (
                      <td className="kern-table__cell">
                        <button
                          type="button"
                          className="kern-btn kern-btn--secondary kern-btn--x-small"
                          data-employee={employee.id}
                          aria-label={`Ändern (${employee.name ?? 'beschäftigte Person'})`}
                          onClick={() => {
                            setSaved(null);
                            setEditing(employee.id);
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
      {editedEmployee && (
        <ChangeEmployeeForm
          key={`${editedEmployee.id}-${editedEmployee.version}`}
          employee={editedEmployee}
          onDone={(savedName) => {
            setEditing(null);
            setReturnFocus(editedEmployee.id);
            if (savedName) setSaved(`Die Angaben zu ${savedName} sind geändert.`);
          }}
        />
      )}
      {seesNames && may('createEmployee') && employers.length > 0 && (
        <NewEmployeeForm
          key={generation}
          employers={employers}
          onSaved={(name) => {
            setSaved(`${name} ist als beschäftigte Person angelegt.`);
            setGeneration((count) => count + 1);
          }}
        />
      )}
    </div>
  );
}

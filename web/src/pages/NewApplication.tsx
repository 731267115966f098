// Neuer Förderantrag for a project: programme, Aktenzeichen, the day it was submitted, the amount asked
// for, the financing type and the plan's lines per cost category. The service checks by a dry run
// whenever a field is left (e.g. that the programme funds each category planned) and stores the
// application only when it passes; the officer then finds it in the list with the way to its notice.
import { useCallback, useEffect, useRef } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { FieldGroup } from '../forms/Field';
import { FormField, FormSelect, readDate, readMoney, useCheckedForm, type FormReading } from '../forms/form';
import { lineField, planFieldOf, planSum, readPlanLines, type LineField, type PlanLine } from '../forms/plan';
import { FormFrame, SubmitButtons } from '../forms/parts';
import { graphql } from '../gql';
import type { CostCategory, FinancingType, GrantApplicationInput } from '../gql/graphql';
import { formatMoney } from '../format';
import { COST_CATEGORY_NAMES, FINANCING_TYPE_NAMES, label } from '../labels';
import { useViewer } from '../viewer';

const NewApplicationQuery = graphql(`
  query NewApplication($projectId: ID!) {
    project(id: $projectId) {
      id
      title
      recipient {
        name
      }
    }
    fundingPrograms(first: 100) {
      edges {
        node {
          id
          name
          eligibleCategories
        }
      }
    }
  }
`);

const CreateApplicationMutation = graphql(`
  mutation CreateGrantApplication($input: GrantApplicationInput!, $dryRun: Boolean!) {
    createGrantApplication(input: $input, dryRun: $dryRun) {
      id
      reference
    }
  }
`);

type ApplicationField = 'program' | 'reference' | 'submittedOn' | 'requestedAmount' | 'financingType' | 'plan' | LineField;

const CATEGORIES = Object.keys(COST_CATEGORY_NAMES) as CostCategory[];
const categoryName = (category: string) => label(COST_CATEGORY_NAMES, category);

const FIELDS: Record<string, ApplicationField> = {
  fundingProgramId: 'program',
  reference: 'reference',
  submittedOn: 'submittedOn',
  requestedAmount: 'requestedAmount',
  financingType: 'financingType',
};

function readApplication(
  values: Record<ApplicationField, string>,
  projectId: string,
): FormReading<ApplicationField, GrantApplicationInput> {
  const errors: Partial<Record<ApplicationField, string>> = {};
  if (!values.program) errors.program = 'Bitte das Förderprogramm wählen.';
  const submittedOn = readDate(values, 'submittedOn', errors, 'das Datum des Eingangs', true);
  const requestedAmount = readMoney(values, 'requestedAmount', errors, 'die beantragte Zuwendung');
  const plan = readPlanLines(values, CATEGORIES, categoryName, false);
  Object.assign(errors, plan.errors);
  if (plan.lines.length === 0 && Object.keys(plan.errors).length === 0) errors.plan = 'Bitte mindestens einen Ansatz angeben.';
  if (Object.keys(errors).length > 0) return { input: null, errors };
  const reference = values.reference.trim();
  return {
    errors,
    input: {
      fundingProgramId: values.program,
      projectId,
      ...(reference ? { reference } : {}),
      ...(submittedOn ? { submittedOn, status: 'SUBMITTED' as const } : { status: 'DRAFT' as const }),
      requestedAmount: requestedAmount!,
      financingType: values.financingType as FinancingType,
      lines: plan.lines,
    },
  };
}

function ApplicationForm({
  projectId,
  programs,
}: {
  projectId: string;
  programs: readonly { id: string; name: string; eligibleCategories: readonly string[] }[];
}) {
  const navigate = useNavigate();
  const [, createApplication] = useMutation(CreateApplicationMutation);
  // A refusal names a line by its index among those sent.
  const sent = useRef<PlanLine[]>([]);
  const send = useCallback(
    (input: GrantApplicationInput, dryRun: boolean) => {
      sent.current = input.lines ?? [];
      return createApplication({ input, dryRun });
    },
    [createApplication],
  );
  const fields = useCallback((path: string) => planFieldOf(path, 'lines', sent.current, 'plan') ?? FIELDS[path] ?? null, []);
  const initial: Record<string, string> = {
    program: programs.length === 1 ? programs[0]!.id : '',
    reference: '',
    submittedOn: '',
    requestedAmount: '',
    financingType: 'SHARE',
    plan: '',
  };
  for (const category of CATEGORIES) initial[lineField(category)] = '';
  const form = useCheckedForm({
    initial: initial as Record<ApplicationField, string>,
    read: (values) => readApplication(values, projectId),
    fields,
    send,
    onSaved: (data) => {
      const name = data.createGrantApplication.reference ? `Der Förderantrag ${data.createGrantApplication.reference}` : 'Der Förderantrag';
      void navigate(`/vorhaben#antrag-${data.createGrantApplication.id}`, {
        state: { saved: `${name} ist gespeichert. Als Nächstes: „Bescheid erfassen“, sobald der Bescheid vorliegt.` },
      });
    },
  });
  const program = programs.find((candidate) => candidate.id === form.values.program);
  const total = planSum(form.values, CATEGORIES);
  return (
    <FormFrame form={form}>
      <FormSelect
        form={form}
        name="program"
        label="Förderprogramm"
        options={[{ value: '', label: 'Bitte wählen' }, ...programs.map((candidate) => ({ value: candidate.id, label: candidate.name }))]}
      />
      <FormField form={form} name="reference" label="Aktenzeichen des Antrags" optional hint="z. B. ANT-2025-017" autoComplete="off" />
      <FormField
        form={form}
        name="submittedOn"
        label="Eingereicht am"
        date
        optional
        hint="TT.MM.JJJJ, z. B. 15.05.2025; leer gelassen: der Antrag ist ein Entwurf"
      />
      <FormField form={form} name="requestedAmount" label="Beantragte Zuwendung" money />
      <FormSelect
        form={form}
        name="financingType"
        label="Finanzierungsart"
        options={Object.entries(FINANCING_TYPE_NAMES).map(([value, name]) => ({ value, label: name }))}
      />
      <FieldGroup
        legend="Finanzierungsplan"
        hint={`Ansätze nach Kostenkategorie in Euro, z. B. 1.234,56; leere Kategorien sind nicht geplant.${
          program ? ` Förderfähig im gewählten Programm: ${program.eligibleCategories.map(categoryName).join(', ')}.` : ''
        }`}
        error={form.errorOf('plan')}
      >
        {CATEGORIES.map((category) => (
          <FormField
            key={category}
            form={form}
            name={lineField(category)}
            label={`Ansatz ${categoryName(category)}`}
            money
            optional
            group="plan"
          />
        ))}
        <p className="kern-body" aria-live="polite">
          Summe des Finanzierungsplans: <strong>{total ? formatMoney(total) : '–'}</strong>
        </p>
      </FieldGroup>
      <SubmitButtons submitting={form.submitting} label="Antrag speichern" cancelTo="/vorhaben" />
    </FormFrame>
  );
}

export function NewApplicationPage() {
  const { id = '' } = useParams();
  const { viewer, may } = useViewer();
  const [{ data, error }] = useQuery({ query: NewApplicationQuery, variables: { projectId: id } });
  const project = data?.project;
  useEffect(() => {
    document.title = `Neuer Förderantrag${project ? ` – ${project.title}` : ''} – Förderregister E-Government Thüringen`;
  }, [project]);
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/vorhaben">
          Vorhaben und Anträge
        </Link>
      </p>
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Neuer Förderantrag</h1>
        {project && (
          <p className="kern-subline">
            {project.title} · {project.recipient.name}
          </p>
        )}
      </hgroup>
      {error ? (
        <Alert variant="danger" title="Das Vorhaben konnte nicht geladen werden">
          <p className="kern-body">{error.graphQLErrors[0]?.message ?? 'Der Dienst ist nicht erreichbar.'}</p>
        </Alert>
      ) : !data || !viewer ? (
        <p className="kern-body" role="status">
          Das Formular wird geladen …
        </p>
      ) : !may('createGrantApplication') ? (
        <Alert variant="info" title="Keine Berechtigung">
          <p className="kern-body">Förderanträge erfasst die Finanzsachbearbeitung des Zuwendungsempfängers.</p>
        </Alert>
      ) : (
        <ApplicationForm projectId={id} programs={data.fundingPrograms.edges.map((edge) => edge.node)} />
      )}
    </div>
  );
}

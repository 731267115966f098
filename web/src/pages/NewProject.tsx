// Neues Vorhaben: title, description and, where the project is one of a cooperation, its
// Zweckvereinbarung; the recipient is the viewer's own (a choice only for one with several). The
// service checks by a dry run whenever a field is left (e.g. that the recipient is a member of the
// cooperation) and stores the project only when it passes.
import { useCallback, useEffect } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { FormField, FormSelect, FormTextArea, useCheckedForm, type FormReading } from '../forms/form';
import { parseRequired } from '../forms/input';
import { FormFrame, SubmitButtons } from '../forms/parts';
import { graphql } from '../gql';
import type { ProjectInput } from '../gql/graphql';
import { useViewer, type Viewer } from '../viewer';

const CooperationsQuery = graphql(`
  query NewProjectCooperations {
    cooperations(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const CreateProjectMutation = graphql(`
  mutation CreateProject($input: ProjectInput!, $dryRun: Boolean!) {
    createProject(input: $input, dryRun: $dryRun) {
      id
      title
    }
  }
`);

type ProjectField = 'recipient' | 'cooperation' | 'title' | 'description';

const FIELDS: Record<string, ProjectField> = {
  recipientId: 'recipient',
  cooperationId: 'cooperation',
  title: 'title',
  description: 'description',
};

function readProject(values: Record<ProjectField, string>): FormReading<ProjectField, ProjectInput> {
  const errors: Partial<Record<ProjectField, string>> = {};
  const title = parseRequired(values.title, 'den Titel des Vorhabens');
  if (title.error) errors.title = title.error;
  if (!values.recipient) errors.recipient = 'Bitte den Zuwendungsempfänger wählen.';
  if (Object.keys(errors).length > 0) return { input: null, errors };
  const description = values.description.trim();
  return {
    errors,
    input: {
      recipientId: values.recipient,
      title: title.value!,
      ...(description ? { description } : {}),
      ...(values.cooperation ? { cooperationId: values.cooperation } : {}),
    },
  };
}

function ProjectForm({ viewer, cooperations }: { viewer: Viewer; cooperations: readonly { id: string; name: string }[] }) {
  const navigate = useNavigate();
  const [, createProject] = useMutation(CreateProjectMutation);
  const send = useCallback((input: ProjectInput, dryRun: boolean) => createProject({ input, dryRun }), [createProject]);
  const recipients = viewer.recipients;
  const form = useCheckedForm({
    initial: { recipient: recipients.length === 1 ? recipients[0]!.id : '', cooperation: '', title: '', description: '' },
    read: readProject,
    fields: FIELDS,
    send,
    onSaved: (data) =>
      navigate('/vorhaben', {
        state: { saved: `Das Vorhaben „${data.createProject.title}“ ist angelegt. Als Nächstes: „Antrag stellen“ beim Vorhaben.` },
      }),
  });
  return (
    <FormFrame form={form}>
      {recipients.length === 1 ? (
        <p className="kern-body">
          Zuwendungsempfänger: <strong>{recipients[0]!.name}</strong>
        </p>
      ) : (
        <FormSelect
          form={form}
          name="recipient"
          label="Zuwendungsempfänger"
          options={[
            { value: '', label: 'Bitte wählen' },
            ...recipients.map((recipient) => ({ value: recipient.id, label: recipient.name })),
          ]}
        />
      )}
      <FormField form={form} name="title" label="Titel des Vorhabens" hint="z. B. Digitale Bauakte" autoComplete="off" />
      <FormTextArea form={form} name="description" label="Beschreibung" optional hint="Was mit dem Vorhaben erreicht werden soll" />
      <FormSelect
        form={form}
        name="cooperation"
        label="Zweckvereinbarung"
        hint="Nur für ein Vorhaben einer interkommunalen Zusammenarbeit."
        options={[
          { value: '', label: 'keine' },
          ...cooperations.map((cooperation) => ({ value: cooperation.id, label: cooperation.name })),
        ]}
      />
      <SubmitButtons submitting={form.submitting} label="Vorhaben anlegen" cancelTo="/vorhaben" />
    </FormFrame>
  );
}

export function NewProjectPage() {
  const { viewer, may } = useViewer();
  const [{ data }] = useQuery({ query: CooperationsQuery });
  useEffect(() => {
    document.title = 'Neues Vorhaben – Förderregister E-Government Thüringen';
  }, []);
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/vorhaben">
          Vorhaben und Anträge
        </Link>
      </p>
      <h1 className="kern-heading-large">Neues Vorhaben</h1>
      {!viewer || !data ? (
        <p className="kern-body" role="status">
          Das Formular wird geladen …
        </p>
      ) : !may('createProject') || viewer.recipients.length === 0 ? (
        <Alert variant="info" title="Keine Berechtigung">
          <p className="kern-body">Vorhaben legt die Finanzsachbearbeitung eines Zuwendungsempfängers an.</p>
        </Alert>
      ) : (
        <ProjectForm viewer={viewer} cooperations={data.cooperations.edges.map((edge) => edge.node)} />
      )}
    </div>
  );
}

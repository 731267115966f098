// Zweckvereinbarungen: the administrator's list of the cooperations, each with every membership (lead
// first, join and leave dates) and the council resolutions behind it; forms to record a cooperation,
// to add a member with its resolution, to add a further resolution to a membership and to record a
// member's leaving. Each form is
// checked by the service's dry run whenever a field is left, so that a recipient already a member or
// a resolution without its Gremium shows at the field before anything is stored.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { TableHead, TableRegion } from '../components/Table';
import { formatDate } from '../format';
import { FormField, FormSelect, FormTextArea, readDate, useCheckedForm, type Form, type FormReading } from '../forms/form';
import { parseRequired } from '../forms/input';
import { FormProblem } from '../forms/parts';
import { graphql } from '../gql';
import type { CooperationInput, MembershipInput, ResolutionInput } from '../gql/graphql';
import { useViewer } from '../viewer';

const CooperationsQuery = graphql(`
  query CooperationsAdminPage {
    cooperations(first: 100) {
      totalCount
      edges {
        node {
          id
          name
          agreement
          purpose
          memberships {
            id
            version
            isLead
            joinedOn
            leftOn
            recipient {
              id
              name
              ags
            }
            resolutions {
              id
              body
              number
              adoptedOn
              subject
            }
          }
        }
      }
    }
    recipients(first: 100) {
      edges {
        node {
          id
          name
          ags
        }
      }
    }
  }
`);

const CreateCooperationMutation = graphql(`
  mutation CreateCooperation($input: CooperationInput!, $dryRun: Boolean!) {
    createCooperation(input: $input, dryRun: $dryRun) {
      id
      name
    }
  }
`);

const AddMemberMutation = graphql(`
  mutation AddCooperationMember($input: MembershipInput!, $dryRun: Boolean!) {
    addCooperationMember(input: $input, dryRun: $dryRun) {
      id
      recipient {
        id
        name
      }
      cooperation {
        id
        name
      }
    }
  }
`);

const LeaveMutation = graphql(`
  mutation RecordCooperationLeaving($id: ID!, $expectedVersion: Int!, $leftOn: LocalDate!, $dryRun: Boolean!) {
    updateCooperationMembership(id: $id, expectedVersion: $expectedVersion, input: { leftOn: $leftOn }, dryRun: $dryRun) {
      id
      leftOn
      recipient {
        id
        name
      }
    }
  }
`);

const AddResolutionMutation = graphql(`
  mutation AddCooperationResolution($membershipId: ID!, $input: ResolutionInput!, $dryRun: Boolean!) {
    addCooperationResolution(membershipId: $membershipId, input: $input, dryRun: $dryRun) {
      id
      number
    }
  }
`);

type ResolutionField = 'body' | 'number' | 'adoptedOn' | 'subject';

/** A resolution's fields as typed; `optional`: all four empty means none. */
function readResolution<F extends string>(
  values: Record<F | ResolutionField, string>,
  errors: Partial<Record<F | ResolutionField, string>>,
  optional: boolean,
): ResolutionInput | null | undefined {
  const texts = [values.body, values.number, values.adoptedOn, values.subject];
  if (optional && texts.every((text) => text.trim() === '')) return undefined;
  const adoptedOn = readDate(values, 'adoptedOn', errors, 'das Datum des Beschlusses');
  if (adoptedOn === null) return null;
  // Gremium, number and subject go as typed: the service names what is missing, at its field.
  return { body: values.body, number: values.number, adoptedOn, subject: values.subject };
}

function ResolutionFields<F extends string>({ form, legend }: { form: Form<F | ResolutionField>; legend?: string }) {
  return (
    <fieldset className="kern-fieldset">
      {legend && <legend className="kern-label">{legend}</legend>}
      <div className="kern-fieldset__body admin-fields">
        <FormField form={form} name="body" label="Gremium" hint="z. B. Kreistag Landkreis Gotha" autoComplete="off" />
        <FormField form={form} name="number" label="Beschlussnummer" hint="z. B. KT/103/2020" autoComplete="off" />
        <FormField form={form} name="adoptedOn" label="Beschlossen am" date />
      </div>
      <FormTextArea form={form} name="subject" label="Gegenstand des Beschlusses" />
    </fieldset>
  );
}

function SubmitButton({ form, label }: { form: Form<string>; label: string }) {
  return (
    <div className="kern-btn-wrapper">
      <button type="submit" className="kern-btn kern-btn--primary" disabled={form.submitting}>
        <span className="kern-label">{form.submitting ? 'Wird gespeichert …' : label}</span>
      </button>
    </div>
  );
}

function FormOf({ form, id, title, children }: { form: Form<string>; id: string; title: string; children: ReactNode }) {
  return (
    <form
      className="kern-stack admin-section"
      noValidate
      aria-labelledby={id}
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
    >
      <h2 id={id} className="kern-heading-medium">
        {title}
      </h2>
      <FormProblem message={form.general} />
      {children}
    </form>
  );
}

type MemberField = 'cooperationId' | 'recipientId' | 'joinedOn' | 'isLead' | ResolutionField;

function MemberForm({
  cooperations,
  recipients,
  onSaved,
}: {
  cooperations: readonly { id: string; name: string }[];
  recipients: readonly { id: string; name: string; ags: string }[];
  onSaved(text: string): void;
}) {
  const [, add] = useMutation(AddMemberMutation);
  const send = useCallback((input: MembershipInput, dryRun: boolean) => add({ input, dryRun }), [add]);
  const form = useCheckedForm({
    initial: {
      cooperationId: cooperations[0]?.id ?? '',
      recipientId: '',
      joinedOn: '',
      isLead: 'no',
      body: '',
      number: '',
      adoptedOn: '',
      subject: '',
    },
    read: (values: Record<MemberField, string>): FormReading<MemberField, MembershipInput> => {
      const errors: Partial<Record<MemberField, string>> = {};
      if (values.recipientId === '') errors.recipientId = 'Bitte den Zuwendungsempfänger wählen, der beitritt.';
      const joinedOn = readDate(values, 'joinedOn', errors, 'den Tag des Beitritts');
      const resolution = readResolution(values, errors, true);
      if (Object.keys(errors).length > 0 || joinedOn === null || resolution === null) return { input: null, errors };
      return {
        errors,
        input: {
          cooperationId: values.cooperationId,
          recipientId: values.recipientId,
          joinedOn,
          isLead: values.isLead === 'yes',
          resolutions: resolution ? [resolution] : [],
        },
      };
    },
    fields: {
      cooperationId: 'cooperationId',
      recipientId: 'recipientId',
      joinedOn: 'joinedOn',
      isLead: 'isLead',
      'resolutions.0.body': 'body',
      'resolutions.0.number': 'number',
      'resolutions.0.adoptedOn': 'adoptedOn',
      'resolutions.0.subject': 'subject',
    },
    send,
    onSaved: (data) =>
      onSaved(
        `${data.addCooperationMember.recipient.name} ist Mitglied der Zweckvereinbarung ${data.addCooperationMember.cooperation.name}.`,
      ),
  });
  return (
    <FormOf form={form} id="mitglied-aufnehmen" title="Mitglied aufnehmen">
      {cooperations.length > 1 && (
        <FormSelect
          form={form}
          name="cooperationId"
          label="Zweckvereinbarung"
          options={cooperations.map((cooperation) => ({ value: cooperation.id, label: cooperation.name }))}
        />
      )}
      <div className="admin-fields">
        <FormSelect
          form={form}
          name="recipientId"
          label="Zuwendungsempfänger"
          options={[
            { value: '', label: 'Bitte wählen' },
            ...recipients.map((recipient) => ({ value: recipient.id, label: `${recipient.name} (${recipient.ags})` })),
          ]}
        />
        <FormField form={form} name="joinedOn" label="Beitritt am" date />
        <FormSelect
          form={form}
          name="isLead"
          label="Federführung"
          options={[
            { value: 'no', label: 'Nein' },
            { value: 'yes', label: 'Ja, führt die Zweckvereinbarung' },
          ]}
        />
      </div>
      <ResolutionFields form={form} legend="Beschluss zum Beitritt – optional" />
      <SubmitButton form={form} label="Mitglied aufnehmen" />
    </FormOf>
  );
}

type AddResolutionField = 'membershipId' | ResolutionField;

function ResolutionForm({ memberships, onSaved }: { memberships: readonly { id: string; label: string }[]; onSaved(text: string): void }) {
  const [, add] = useMutation(AddResolutionMutation);
  const send = useCallback(
    ({ membershipId, input }: { membershipId: string; input: ResolutionInput }, dryRun: boolean) => add({ membershipId, input, dryRun }),
    [add],
  );
  const form = useCheckedForm({
    initial: { membershipId: '', body: '', number: '', adoptedOn: '', subject: '' },
    read: (
      values: Record<AddResolutionField, string>,
    ): FormReading<AddResolutionField, { membershipId: string; input: ResolutionInput }> => {
      const errors: Partial<Record<AddResolutionField, string>> = {};
      if (values.membershipId === '') errors.membershipId = 'Bitte die Mitgliedschaft wählen, zu der der Beschluss gehört.';
      const resolution = readResolution(values, errors, false);
      if (Object.keys(errors).length > 0 || !resolution) return { input: null, errors };
      return { errors, input: { membershipId: values.membershipId, input: resolution } };
    },
    fields: {
      membershipId: 'membershipId',
      'input.body': 'body',
      'input.number': 'number',
      'input.adoptedOn': 'adoptedOn',
      'input.subject': 'subject',
    },
    send,
    onSaved: (data) => onSaved(`Der Beschluss ${data.addCooperationResolution.number} ist ergänzt.`),
  });
  return (
    <FormOf form={form} id="beschluss-ergaenzen" title="Beschluss ergänzen">
      <FormSelect
        form={form}
        name="membershipId"
        label="Mitgliedschaft"
        options={[
          { value: '', label: 'Bitte wählen' },
          ...memberships.map((membership) => ({ value: membership.id, label: membership.label })),
        ]}
      />
      <ResolutionFields form={form} />
      <SubmitButton form={form} label="Beschluss ergänzen" />
    </FormOf>
  );
}

type LeaveField = 'membershipId' | 'leftOn';

function LeaveForm({
  memberships,
  onSaved,
}: {
  memberships: readonly { id: string; version: number; label: string }[];
  onSaved(text: string): void;
}) {
  const [, leave] = useMutation(LeaveMutation);
  const send = useCallback(
    ({ id, leftOn }: { id: string; leftOn: string }, dryRun: boolean) => {
      const membership = memberships.find((candidate) => candidate.id === id);
      return leave({ id, expectedVersion: membership?.version ?? 0, leftOn, dryRun });
    },
    [leave, memberships],
  );
  const form = useCheckedForm({
    initial: { membershipId: '', leftOn: '' },
    read: (values: Record<LeaveField, string>): FormReading<LeaveField, { id: string; leftOn: string }> => {
      const errors: Partial<Record<LeaveField, string>> = {};
      if (values.membershipId === '') errors.membershipId = 'Bitte die Mitgliedschaft wählen, die endet.';
      const leftOn = readDate(values, 'leftOn', errors, 'den Tag des Austritts');
      if (Object.keys(errors).length > 0 || leftOn === null) return { input: null, errors };
      return { errors, input: { id: values.membershipId, leftOn } };
    },
    fields: { leftOn: 'leftOn' },
    send,
    onSaved: (data) =>
      onSaved(
        `Der Austritt von ${data.updateCooperationMembership.recipient.name} am ${formatDate(data.updateCooperationMembership.leftOn ?? '')} ist erfasst.`,
      ),
  });
  return (
    <FormOf form={form} id="austritt-erfassen" title="Austritt erfassen">
      <FormSelect
        form={form}
        name="membershipId"
        label="Mitgliedschaft"
        options={[
          { value: '', label: 'Bitte wählen' },
          ...memberships.map((membership) => ({ value: membership.id, label: membership.label })),
        ]}
      />
      <div className="admin-fields">
        <FormField form={form} name="leftOn" label="Austritt am" date />
      </div>
      <SubmitButton form={form} label="Austritt erfassen" />
    </FormOf>
  );
}

type CooperationField = 'name' | 'agreement' | 'purpose';

function CooperationForm({ onSaved }: { onSaved(text: string): void }) {
  const [, create] = useMutation(CreateCooperationMutation);
  const send = useCallback((input: CooperationInput, dryRun: boolean) => create({ input, dryRun }), [create]);
  const form = useCheckedForm({
    initial: { name: '', agreement: '', purpose: '' },
    read: (values: Record<CooperationField, string>): FormReading<CooperationField, CooperationInput> => {
      const errors: Partial<Record<CooperationField, string>> = {};
      const name = parseRequired(values.name, 'den Namen');
      if (name.error) errors.name = name.error;
      const agreement = parseRequired(values.agreement, 'die Vereinbarung');
      if (agreement.error) errors.agreement = agreement.error;
      if (name.value === undefined || agreement.value === undefined) return { input: null, errors };
      return { errors, input: { name: name.value, agreement: agreement.value, purpose: values.purpose.trim() || null } };
    },
    fields: { name: 'name', agreement: 'agreement', purpose: 'purpose' },
    send,
    onSaved: (data) => onSaved(`Die Zweckvereinbarung ${data.createCooperation.name} ist angelegt.`),
  });
  return (
    <FormOf form={form} id="zweckvereinbarung-anlegen" title="Zweckvereinbarung anlegen">
      <div className="admin-fields">
        <FormField form={form} name="name" label="Name" autoComplete="off" />
        <FormField form={form} name="agreement" label="Vereinbarung" hint="z. B. Zweckvereinbarung vom 27.11.2019" autoComplete="off" />
      </div>
      <FormTextArea form={form} name="purpose" label="Zweck" optional />
      <SubmitButton form={form} label="Zweckvereinbarung anlegen" />
    </FormOf>
  );
}

export function CooperationsAdminPage() {
  const { viewer, may } = useViewer();
  const mayEdit = may('editMasterData');
  const [{ data, fetching, error }, reexecute] = useQuery({ query: CooperationsQuery });
  const [saved, setSaved] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    document.title = 'Zweckvereinbarungen – Förderregister E-Government Thüringen';
  }, []);
  const done = (text: string) => {
    setSaved(text);
    setGeneration((count) => count + 1);
    reexecute({ requestPolicy: 'network-only' });
  };
  const cooperations = data?.cooperations.edges.map((edge) => edge.node) ?? [];
  const recipients = data?.recipients.edges.map((edge) => edge.node) ?? [];
  const memberships = cooperations.flatMap((cooperation) =>
    cooperation.memberships.map((membership) => ({
      id: membership.id,
      version: membership.version,
      open: !membership.leftOn,
      label: `${membership.recipient.name} – ${cooperation.name} (seit ${formatDate(membership.joinedOn)})`,
    })),
  );

  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/">
          Zuwendungsbescheide
        </Link>
      </p>
      <h1 className="kern-heading-large">Zweckvereinbarungen</h1>
      {viewer && !mayEdit && (
        <Alert variant="info" title="Nur die Administration ändert diese Angaben">
          <p className="kern-body">Sie sehen die Zweckvereinbarungen Ihrer Zuständigkeit; anlegen kann sie die Administration.</p>
        </Alert>
      )}
      <div aria-live="polite">{saved && <Alert variant="success" title={saved} />}</div>
      {error && <Alert variant="danger" title="Die Zweckvereinbarungen konnten nicht geladen werden" />}
      {fetching && !data && (
        <p className="kern-body" role="status">
          Die Zweckvereinbarungen werden geladen …
        </p>
      )}
      {data && cooperations.length === 0 && <p className="kern-body">Es ist noch keine Zweckvereinbarung erfasst.</p>}
      {cooperations.map((cooperation) => (
        <section key={cooperation.id} className="kern-stack admin-section" aria-labelledby={`zv-${cooperation.id}`}>
          <h2 id={`zv-${cooperation.id}`} className="kern-heading-medium">
            {cooperation.name}
          </h2>
          <p className="kern-body">
            {cooperation.agreement}
            {cooperation.purpose && (
              <>
                <br />
                <span className="kern-body--small">{cooperation.purpose}</span>
              </>
            )}
          </p>
          {cooperation.memberships.length === 0 ? (
            <p className="kern-body">Noch ohne Mitglieder.</p>
          ) : (
            <TableRegion label={`Mitglieder: ${cooperation.name}`}>
              <table className="kern-table">
                <caption className="kern-sr-only">Mitglieder mit Beitritt, Austritt und Beschlüssen</caption>
                <TableHead
                  columns={[{ label: 'Mitglied' }, { label: 'AGS' }, { label: 'Beitritt' }, { label: 'Austritt' }, { label: 'Beschlüsse' }]}
                />
                <tbody className="kern-table__body">
                  {cooperation.memberships.map((membership) => (
                    <tr key={membership.id} className="kern-table__row">
                      <th scope="row" className="kern-table__cell">
                        {membership.recipient.name}
                        {membership.isLead && (
                          <>
                            <br />
                            <span className="kern-body--small">Federführung</span>
                          </>
                        )}
                      </th>
                      <td className="kern-table__cell">{membership.recipient.ags}</td>
                      <td className="kern-table__cell">{formatDate(membership.joinedOn)}</td>
                      <td className="kern-table__cell">{membership.leftOn ? formatDate(membership.leftOn) : '–'}</td>
                      <td className="kern-table__cell">
                        {membership.resolutions.length === 0 ? (
                          <span className="kern-body--small">keiner erfasst</span>
                        ) : (
                          <ul className="admin-resolutions">
                            {membership.resolutions.map((resolution) => (
                              <li key={resolution.id} className="kern-body--small">
                                {resolution.body}, {resolution.number} vom {formatDate(resolution.adoptedOn)}: {resolution.subject}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
        </section>
      ))}
      {mayEdit && data && (
        <>
          {cooperations.length > 0 && (
            <>
              <MemberForm key={`member-${generation}`} cooperations={cooperations} recipients={recipients} onSaved={done} />
              {memberships.length > 0 && <ResolutionForm key={`resolution-${generation}`} memberships={memberships} onSaved={done} />}
              {memberships.some((membership) => membership.open) && (
                <LeaveForm key={`leave-${generation}`} memberships={memberships.filter((membership) => membership.open)} onSaved={done} />
              )}
            </>
          )}
          <CooperationForm key={`cooperation-${generation}`} onSaved={done} />
        </>
      )}
    </div>
  );
}

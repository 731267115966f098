// The day the proof of use (Verwendungsnachweis) was submitted: recorded by the finance officer, after
// which it is no longer overdue and the settlement is what remains (Rule 9). A mistyped day can be
// corrected; an empty field takes the record back.
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { formatDate } from '../format';
import { Field } from './Field';
import { germanDateInput, parseGermanDate } from './input';
import { useClearSavedMessage } from './may-book';

const SubmitProofOfUse = graphql(`
  mutation SubmitProofOfUse($id: ID!, $expectedVersion: Int!, $input: GrantNoticePatch!) {
    updateGrantNotice(id: $id, expectedVersion: $expectedVersion, input: $input) {
      id
      version
      proofOfUseSubmittedOn
      proofOfUseOverdue
    }
  }
`);

export function ProofOfUseSubmission({
  noticeId,
  version,
  submittedOn,
}: {
  noticeId: string;
  version: number;
  submittedOn: string | null;
}) {
  const [draft, setDraft] = useState(submittedOn ? germanDateInput(submittedOn) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [{ fetching }, save] = useMutation(SubmitProofOfUse);
  const clearSaved = useClearSavedMessage();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const text = draft.trim();
    const parsed = text === '' ? { value: null } : parseGermanDate(text);
    if ('error' in parsed && parsed.error) {
      setProblem(parsed.error);
      return;
    }
    const day = parsed.value ?? null;
    const result = await save(
      { id: noticeId, expectedVersion: version, input: { proofOfUseSubmittedOn: day } },
      { additionalTypenames: ['GrantNotice', 'Deadline'] },
    );
    const refusal = result.error?.graphQLErrors[0]?.message ?? (result.error ? 'Der Dienst ist nicht erreichbar.' : null);
    setProblem(refusal);
    if (!refusal) clearSaved();
    if (!refusal)
      setSaved(
        day ? `Gespeichert: Verwendungsnachweis eingereicht am ${formatDate(day)}.` : 'Gespeichert: kein Verwendungsnachweis eingereicht.',
      );
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <Field
        label="Verwendungsnachweis eingereicht am"
        hint="Datum wie 31.12.2025; leer, wenn noch nicht eingereicht"
        error={problem}
        optional
      >
        {(control) => (
          <input {...control} type="text" inputMode="numeric" value={draft} onChange={(event) => setDraft(event.target.value)} />
        )}
      </Field>
      <button type="submit" className="kern-btn kern-btn--secondary" disabled={fetching}>
        <span className="kern-label">Speichern</span>
      </button>
      <p className="kern-body" role="status">
        {saved}
      </p>
    </form>
  );
}

// Neuer Mittelabruf: the amount asked for and the day, checked by the service's dry run (Rule 5: no
// more than can still be paid out) whenever a field is left; it is stored as a draft, to be
// submitted from the notice's table of Mittelabrufe.
import { useCallback } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { FormField, readDate, readMoney, useCheckedForm, type FormReading } from '../forms/form';
import { germanDateInput, parseRequired, todayInGermany } from '../forms/input';
import { FormFrame, NoticeFormPage, SubmitButtons } from '../forms/parts';
import { graphql } from '../gql';
import type { DisbursementRequestInput } from '../gql/graphql';
import { formatMoney } from '../format';

const RequestNoticeQuery = graphql(`
  query NewDisbursementNotice($id: ID!) {
    grantNotice(id: $id) {
      id
      reference
      approvedAmount
    }
  }
`);

const CreateRequestMutation = graphql(`
  mutation CreateDisbursementRequest($input: DisbursementRequestInput!, $dryRun: Boolean!) {
    createDisbursementRequest(input: $input, dryRun: $dryRun) {
      id
      amount
      warnings {
        reason
        message
        field
      }
    }
  }
`);

type RequestField = 'requestedOn' | 'amount' | 'purpose';

const FIELDS = { requestedOn: 'requestedOn', amount: 'amount', purpose: 'purpose' } satisfies Record<RequestField, RequestField>;

function readRequest(values: Record<RequestField, string>, grantNoticeId: string): FormReading<RequestField, DisbursementRequestInput> {
  const errors: Partial<Record<RequestField, string>> = {};
  const requestedOn = readDate(values, 'requestedOn', errors, 'das Datum des Mittelabrufs');
  const amount = readMoney(values, 'amount', errors, 'den Betrag');
  const purpose = parseRequired(values.purpose, 'den Verwendungszweck');
  if (purpose.error) errors.purpose = purpose.error;
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return { errors, input: { grantNoticeId, requestedOn: requestedOn!, amount: amount!, purpose: purpose.value! } };
}

function RequestForm({ noticeId }: { noticeId: string }) {
  const navigate = useNavigate();
  const [, create] = useMutation(CreateRequestMutation);
  const send = useCallback(
    (input: DisbursementRequestInput, dryRun: boolean) => create({ input, dryRun }, dryRun ? {} : { additionalTypenames: ['GrantNotice'] }),
    [create],
  );
  const form = useCheckedForm({
    initial: { requestedOn: germanDateInput(todayInGermany()), amount: '', purpose: '' },
    read: (values) => readRequest(values, noticeId),
    fields: FIELDS,
    send,
    warningsOf: (data) => data.createDisbursementRequest.warnings,
    onSaved: (data) =>
      navigate(`/bescheide/${noticeId}`, {
        state: { saved: `Der Mittelabruf über ${formatMoney(data.createDisbursementRequest.amount)} ist als Entwurf gespeichert.` },
      }),
  });
  return (
    <FormFrame form={form}>
      <FormField form={form} name="requestedOn" label="Datum des Mittelabrufs" date />
      <FormField form={form} name="amount" label="Betrag" money />
      <FormField form={form} name="purpose" label="Verwendungszweck" hint="z. B. 1. Abschlag für Personalausgaben" autoComplete="off" />
      <SubmitButtons submitting={form.submitting} label="Als Entwurf speichern" cancelTo={`/bescheide/${noticeId}`} />
    </FormFrame>
  );
}

export function NewDisbursementRequestPage() {
  const { id = '' } = useParams();
  const [{ data }] = useQuery({ query: RequestNoticeQuery, variables: { id } });
  const notice = data?.grantNotice;
  return (
    <NoticeFormPage
      noticeId={id}
      notice={notice}
      title="Mittelabruf anlegen"
      subline={notice && `Bescheid ${notice.reference}, bewilligt ${formatMoney(notice.approvedAmount)}`}
    >
      {notice && <RequestForm noticeId={notice.id} />}
    </NoticeFormPage>
  );
}

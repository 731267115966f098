// Neuer Zuwendungsbescheid for a Förderantrag: the application gives project, programme, financing
// type and plan; the service checks Rule 1 (the cap, the programme's maximum rate, the year's budget)
// by a dry run whenever a field is left, and stores the notice only when it passes.
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Field, FieldGroup } from '../forms/Field';
import { FormField, FormSelect, readDate, readMoney, useCheckedForm, type FormReading } from '../forms/form';
import { germanMoneyInput, parseGermanMoney, parseGermanPercent, parseRequired } from '../forms/input';
import { FormFrame, SubmitButtons } from '../forms/parts';
import { graphql } from '../gql';
import type { FinancingType, GrantNoticeInput } from '../gql/graphql';
import { cents, formatMoney, fromCents } from '../format';
import { COST_CATEGORY_NAMES, FINANCING_TYPE_NAMES, label } from '../labels';

const ApplicationsQuery = graphql(`
  query NewNoticeApplications {
    grantApplications(first: 100) {
      edges {
        node {
          id
          reference
          submittedOn
          requestedAmount
          financingType
          recipient {
            name
          }
          project {
            id
            title
          }
          fundingProgram {
            id
          }
          notice {
            id
          }
          lines {
            category
            planned
          }
        }
      }
    }
  }
`);

const CreateNoticeMutation = graphql(`
  mutation CreateGrantNotice($input: GrantNoticeInput!, $dryRun: Boolean!) {
    createGrantNotice(input: $input, dryRun: $dryRun) {
      id
    }
  }
`);

type Application = NonNullable<ReturnType<typeof useApplications>>[number];

/** The applications a notice can still be made from: those without one. */
function useApplications() {
  const [{ data }] = useQuery({ query: ApplicationsQuery });
  return data?.grantApplications.edges.map((edge) => edge.node).filter((application) => application.notice === null);
}

type NoticeField =
  | 'reference'
  | 'noticeDate'
  | 'financingType'
  | 'rate'
  | 'fixedAmount'
  | 'thirdPartyFunds'
  | 'ownFunds'
  | 'approvedAmount'
  | 'periodStart'
  | 'periodEnd'
  | 'plan'
  | `line.${string}`;

const FIELDS: Record<string, NoticeField> = {
  reference: 'reference',
  noticeDate: 'noticeDate',
  budgetYear: 'noticeDate',
  financingType: 'financingType',
  rate: 'rate',
  fixedAmount: 'fixedAmount',
  thirdPartyFunds: 'thirdPartyFunds',
  ownFunds: 'ownFunds',
  approvedAmount: 'approvedAmount',
  'approvalPeriod.start': 'periodStart',
  'approvalPeriod.end': 'periodEnd',
  approvalPeriod: 'periodEnd',
  eligibleCosts: 'plan',
  budgetLines: 'plan',
};

function initialValues(application: Application): Record<NoticeField, string> {
  const values: Record<string, string> = {
    reference: '',
    noticeDate: '',
    financingType: application.financingType,
    rate: application.financingType === 'SHARE' ? '80' : '',
    fixedAmount: '',
    thirdPartyFunds: '',
    ownFunds: '',
    approvedAmount: germanMoneyInput(application.requestedAmount),
    periodStart: '',
    periodEnd: '',
    plan: '',
  };
  for (const line of application.lines) values[`line.${line.category}`] = germanMoneyInput(line.planned);
  return values as Record<NoticeField, string>;
}

/** The form's values as the mutation's input, or what cannot be read. */
function readNotice(values: Record<NoticeField, string>, application: Application): FormReading<NoticeField, GrantNoticeInput> {
  const errors: Partial<Record<NoticeField, string>> = {};
  const reference = parseRequired(values.reference, 'das Aktenzeichen');
  if (reference.error) errors.reference = reference.error;
  const noticeDate = readDate(values, 'noticeDate', errors, 'das Datum des Bescheids');
  const periodStart = readDate(values, 'periodStart', errors, 'den Beginn des Bewilligungszeitraums');
  const periodEnd = readDate(values, 'periodEnd', errors, 'das Ende des Bewilligungszeitraums');
  const financingType = values.financingType as FinancingType;
  let rate: string | null = null;
  if (financingType === 'SHARE') {
    const parsed = parseGermanPercent(values.rate);
    if (parsed.error) errors.rate = parsed.error;
    rate = parsed.value ?? null;
  }
  const fixedAmount = financingType === 'FIXED_AMOUNT' ? readMoney(values, 'fixedAmount', errors, 'den Festbetrag') : null;
  const lines = application.lines.map((line) => ({
    category: line.category,
    planned: readMoney(values, `line.${line.category}`, errors, `den Ansatz für ${label(COST_CATEGORY_NAMES, line.category)}`),
  }));
  const thirdPartyFunds = readMoney(values, 'thirdPartyFunds', errors, 'die Drittmittel', true);
  const ownFunds = readMoney(values, 'ownFunds', errors, 'die Eigenmittel', true);
  const approvedAmount = readMoney(values, 'approvedAmount', errors, 'die bewilligte Zuwendung');
  if (Object.keys(errors).length > 0) return { input: null, errors };
  const budgetLines = lines.map((line) => ({ category: line.category, planned: line.planned! }));
  return {
    errors,
    input: {
      reference: reference.value!,
      noticeDate: noticeDate!,
      fundingProgramId: application.fundingProgram.id,
      projectId: application.project.id,
      applicationId: application.id,
      financingType,
      ...(rate !== null ? { rate } : {}),
      ...(fixedAmount !== null ? { fixedAmount } : {}),
      ...(thirdPartyFunds !== null ? { thirdPartyFunds } : {}),
      ...(ownFunds !== null ? { ownFunds } : {}),
      eligibleCosts: eligibleCostsOf(budgetLines),
      approvedAmount: approvedAmount!,
      approvalPeriod: { start: periodStart!, end: periodEnd! },
      budgetLines,
    },
  };
}

/** The sum of the plan's lines as typed, when every one is an amount. */
function planTotal(values: Record<NoticeField, string>, application: Application): string | null {
  const planned = application.lines.map((line) => parseGermanMoney(values[`line.${line.category}`]).value);
  return planned.every((value) => value !== undefined) ? eligibleCostsOf(planned.map((value) => ({ planned: value! }))) : null;
}

function eligibleCostsOf(lines: readonly { planned: string }[]): string {
  return fromCents(lines.reduce((total, line) => total + cents(line.planned), 0n));
}

function NoticeForm({ application }: { application: Application }) {
  const navigate = useNavigate();
  const [, createNotice] = useMutation(CreateNoticeMutation);
  // A plan line's path names its index; the form names the line by its category.
  const fields = useCallback(
    (path: string): NoticeField | null => {
      const line = /^budgetLines\.(\d+)/.exec(path);
      if (line) {
        const category = application.lines[Number(line[1])]?.category;
        return category ? `line.${category}` : 'plan';
      }
      return FIELDS[path] ?? FIELDS[path.split('.')[0]!] ?? null;
    },
    [application],
  );
  const send = useCallback(
    (input: GrantNoticeInput, dryRun: boolean) => createNotice({ input, dryRun }).then((result) => result),
    [createNotice],
  );
  const form = useCheckedForm({
    initial: initialValues(application),
    read: (values) => readNotice(values, application),
    fields,
    send,
    onSaved: (data) => navigate(`/bescheide/${data.createGrantNotice.id}`),
  });
  const type = form.values.financingType;
  const lineTotal = planTotal(form.values, application);
  return (
    <FormFrame form={form}>
      <FormField form={form} name="reference" label="Aktenzeichen" hint="z. B. TFM-EGOV-2025-0001" autoComplete="off" />
      <FormField form={form} name="noticeDate" label="Bescheid vom" date hint="TT.MM.JJJJ; das Jahr des Bescheids ist das Haushaltsjahr" />
      <FormSelect
        form={form}
        name="financingType"
        label="Finanzierungsart"
        options={Object.entries(FINANCING_TYPE_NAMES).map(([value, name]) => ({ value, label: name }))}
      />
      {type === 'SHARE' && (
        <FormField
          form={form}
          name="rate"
          label="Fördersatz in Prozent"
          hint="z. B. 80 oder 81,25; höchstens der Höchstfördersatz des Programms"
          inputMode="decimal"
        />
      )}
      {type === 'FIXED_AMOUNT' && <FormField form={form} name="fixedAmount" label="Festbetrag" money />}
      <FieldGroup
        legend="Finanzierungsplan"
        hint="Die Ansätze ergeben zusammen die zuwendungsfähigen Ausgaben."
        error={form.errorOf('plan')}
      >
        {application.lines.map((line) => (
          <FormField
            key={line.category}
            form={form}
            name={`line.${line.category}`}
            label={`Ansatz ${label(COST_CATEGORY_NAMES, line.category)}`}
            money
            group="plan"
          />
        ))}
        <p className="kern-body" aria-live="polite">
          Zuwendungsfähige Ausgaben: <strong>{lineTotal ? formatMoney(lineTotal) : '–'}</strong>
        </p>
      </FieldGroup>
      <FormField form={form} name="thirdPartyFunds" label="Drittmittel" money optional />
      <FormField
        form={form}
        name="ownFunds"
        label="Eigenmittel"
        money
        optional
        hint="Betrag in Euro, z. B. 1.234,56; leer gelassen: der Rest des Finanzierungsplans"
      />
      <FormField form={form} name="approvedAmount" label="Bewilligte Zuwendung" money />
      <FieldGroup legend="Bewilligungszeitraum">
        <FormField form={form} name="periodStart" label="Beginn" date />
        <FormField form={form} name="periodEnd" label="Ende" date />
      </FieldGroup>
      <SubmitButtons submitting={form.submitting} label="Bescheid anlegen" cancelTo="/" />
    </FormFrame>
  );
}

export function NewNoticePage() {
  const applications = useApplications();
  // The list of projects links here with its application chosen (?antrag=<id>).
  const [applicationId, setApplicationId] = useState(useSearchParams()[0].get('antrag') ?? '');
  useEffect(() => {
    document.title = 'Neuer Zuwendungsbescheid – Förderregister E-Government Thüringen';
  }, []);
  const application = applications?.find((candidate) => candidate.id === applicationId);
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/">
          Zuwendungsbescheide
        </Link>
      </p>
      <h1 className="kern-heading-large">Neuer Zuwendungsbescheid</h1>
      {applications === undefined ? (
        <p className="kern-body" role="status">
          Die Förderanträge werden geladen …
        </p>
      ) : applications.length === 0 ? (
        <Alert variant="info" title="Kein Förderantrag">
          <p className="kern-body">
            Für Ihre Zuständigkeit ist kein Förderantrag ohne Bescheid erfasst, zu dem ein Bescheid angelegt werden könnte. Unter{' '}
            <Link className="kern-link" to="/vorhaben">
              Vorhaben und Anträge
            </Link>{' '}
            erfassen Sie den Antrag.
          </p>
        </Alert>
      ) : (
        <>
          <Field label="Förderantrag" hint="Vorhaben, Förderprogramm und Finanzierungsplan kommen aus dem Antrag." kind="select">
            {(control) => (
              <select {...control} value={applicationId} onChange={(event) => setApplicationId(event.target.value)}>
                <option value="">Bitte wählen</option>
                {applications.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.project.title} ({candidate.recipient.name}), beantragt {formatMoney(candidate.requestedAmount)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {application && <NoticeForm key={application.id} application={application} />}
        </>
      )}
    </div>
  );
}

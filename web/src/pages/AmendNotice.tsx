// Änderungsbescheid of a notice: the figures in force beside each field, which starts with them, the
// changed ones typed over them. The service checks Rule 1 (the cap, the programme's maximum rate, the
// year's budget) and the dates by a dry run whenever a field is left and stores the new version only
// when it passes; the notice page then shows it in force and beside the earlier ones.
import { useCallback, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { FieldGroup } from '../forms/Field';
import { FormField, FormSelect, FormTextArea, readDate, readMoney, useCheckedForm, type FormReading } from '../forms/form';
import { germanMoneyInput, parseGermanPercent, parseRequired } from '../forms/input';
import { lineField, planFieldOf, planSum, readPlanLines, type LineField, type PlanLine } from '../forms/plan';
import { FormFrame, NoticeFormPage, SubmitButtons } from '../forms/parts';
import { graphql } from '../gql';
import type { AmendNoticeQuery, FinancingType, GrantAmendmentInput } from '../gql/graphql';
import { formatDate, formatMoney, formatRate } from '../format';
import { COST_CATEGORY_NAMES, FINANCING_TYPE_NAMES, label } from '../labels';
import { useViewer } from '../viewer';

const AmendNoticeQueryDocument = graphql(`
  query AmendNotice($id: ID!) {
    grantNotice(id: $id) {
      id
      version
      reference
      status
      currentVersionNo
      financingType
      rate
      fixedAmount
      eligibleCosts
      ownFunds
      ownFundsIsRemainder
      thirdPartyFunds
      approvedAmount
      approvalPeriod {
        start
        end
      }
      budgetLines {
        category
        planned
      }
      versions {
        versionNo
        effectiveFrom
      }
    }
  }
`);

const AmendNoticeMutation = graphql(`
  mutation AmendGrantNotice($id: ID!, $expectedVersion: Int!, $input: GrantAmendmentInput!, $dryRun: Boolean!) {
    amendGrantNotice(id: $id, expectedVersion: $expectedVersion, input: $input, dryRun: $dryRun) {
      id
      currentVersionNo
    }
  }
`);

type Notice = AmendNoticeQuery['grantNotice'];

type AmendmentField =
  | 'reference'
  | 'amendmentDate'
  | 'effectiveFrom'
  | 'reason'
  | 'financingType'
  | 'rate'
  | 'fixedAmount'
  | 'thirdPartyFunds'
  | 'ownFunds'
  | 'approvedAmount'
  | 'periodStart'
  | 'periodEnd'
  | 'plan'
  | LineField;

const FIELDS: Record<string, AmendmentField> = {
  reference: 'reference',
  amendmentDate: 'amendmentDate',
  effectiveFrom: 'effectiveFrom',
  reason: 'reason',
  financingType: 'financingType',
  rate: 'rate',
  fixedAmount: 'fixedAmount',
  thirdPartyFunds: 'thirdPartyFunds',
  ownFunds: 'ownFunds',
  approvedAmount: 'approvedAmount',
  budgetYear: 'amendmentDate',
  'approvalPeriod.start': 'periodStart',
  'approvalPeriod.end': 'periodEnd',
  approvalPeriod: 'periodEnd',
  eligibleCosts: 'plan',
};

const categoryName = (category: string) => label(COST_CATEGORY_NAMES, category);

/** "80" or "81,25": a rate in the form's notation. */
function percentInput(rate: string): string {
  return formatRate(rate).replace(/ %$/, '');
}

function initialValues(notice: Notice): Record<AmendmentField, string> {
  const values: Record<string, string> = {
    reference: '',
    amendmentDate: '',
    effectiveFrom: '',
    reason: '',
    financingType: notice.financingType,
    rate: notice.rate ? percentInput(notice.rate) : '',
    fixedAmount: notice.fixedAmount ? germanMoneyInput(notice.fixedAmount) : '',
    thirdPartyFunds: germanMoneyInput(notice.thirdPartyFunds),
    // A remainder stays one while the field is left empty.
    ownFunds: notice.ownFundsIsRemainder ? '' : germanMoneyInput(notice.ownFunds),
    approvedAmount: germanMoneyInput(notice.approvedAmount),
    periodStart: formatDate(notice.approvalPeriod.start),
    periodEnd: formatDate(notice.approvalPeriod.end),
    plan: '',
  };
  for (const line of notice.budgetLines) values[lineField(line.category)] = germanMoneyInput(line.planned);
  return values as Record<AmendmentField, string>;
}

function readAmendment(values: Record<AmendmentField, string>, notice: Notice): FormReading<AmendmentField, GrantAmendmentInput> {
  const errors: Partial<Record<AmendmentField, string>> = {};
  const reference = parseRequired(values.reference, 'das Aktenzeichen des Änderungsbescheids');
  if (reference.error) errors.reference = reference.error;
  const reason = parseRequired(values.reason, 'den Grund der Änderung');
  if (reason.error) errors.reason = reason.error;
  const amendmentDate = readDate(values, 'amendmentDate', errors, 'das Datum des Änderungsbescheids');
  const effectiveFrom = readDate(values, 'effectiveFrom', errors, 'den Tag, ab dem die Änderung gilt', true);
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
  const categories = notice.budgetLines.map((line) => line.category);
  const plan = readPlanLines(values, categories, categoryName, true);
  Object.assign(errors, plan.errors);
  const thirdPartyFunds = readMoney(values, 'thirdPartyFunds', errors, 'die Drittmittel', true);
  const ownFunds = readMoney(values, 'ownFunds', errors, 'die Eigenmittel', true);
  const approvedAmount = readMoney(values, 'approvedAmount', errors, 'die bewilligte Zuwendung');
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return {
    errors,
    input: {
      reference: reference.value!,
      amendmentDate: amendmentDate!,
      ...(effectiveFrom ? { effectiveFrom } : {}),
      reason: reason.value!,
      financingType,
      rate,
      fixedAmount,
      eligibleCosts: planSum(values, categories)!,
      budgetLines: plan.lines,
      // Empty: none, and the own funds the remainder of the plan.
      thirdPartyFunds,
      ownFunds,
      approvedAmount: approvedAmount!,
      approvalPeriod: { start: periodStart!, end: periodEnd! },
    },
  };
}

/** The field's hint: what is in force now, then what to enter. */
function inForce(text: string, notation?: string): string {
  return notation ? `Geltend: ${text}; ${notation}` : `Geltend: ${text}`;
}

const MONEY = 'Betrag in Euro, z. B. 1.234,56';

function AmendmentForm({ notice }: { notice: Notice }) {
  const navigate = useNavigate();
  const [, amend] = useMutation(AmendNoticeMutation);
  const sent = useRef<PlanLine[]>([]);
  const send = useCallback(
    (input: GrantAmendmentInput, dryRun: boolean) => {
      sent.current = input.budgetLines ?? [];
      return amend({ id: notice.id, expectedVersion: notice.version, input, dryRun });
    },
    [amend, notice],
  );
  const fields = useCallback((path: string) => planFieldOf(path, 'budgetLines', sent.current, 'plan') ?? FIELDS[path] ?? null, []);
  const form = useCheckedForm({
    initial: initialValues(notice),
    read: (values) => readAmendment(values, notice),
    fields,
    send,
    onSaved: (data) =>
      navigate(`/bescheide/${notice.id}`, {
        state: { saved: `Änderungsbescheid gespeichert: es gilt die ${data.amendGrantNotice.currentVersionNo}. Fassung.` },
      }),
  });
  const type = form.values.financingType;
  const categories = notice.budgetLines.map((line) => line.category);
  const total = planSum(form.values, categories);
  const current = notice.versions.find((version) => version.versionNo === notice.currentVersionNo);
  return (
    <FormFrame form={form}>
      <FormField
        form={form}
        name="reference"
        label="Aktenzeichen des Änderungsbescheids"
        hint="z. B. TFM-EGOV-2025-0001-Ä1"
        autoComplete="off"
      />
      <FormField form={form} name="amendmentDate" label="Änderungsbescheid vom" date />
      <FormField
        form={form}
        name="effectiveFrom"
        label="Wirksam ab"
        date
        optional
        hint={`TT.MM.JJJJ; leer gelassen: ab dem Datum des Änderungsbescheids${
          current ? `. Die geltende Fassung gilt ab ${formatDate(current.effectiveFrom)}` : ''
        }`}
      />
      <FormTextArea form={form} name="reason" label="Grund der Änderung" hint="z. B. Mehrkosten der Software laut Angebot vom 03.02.2025" />
      <FormSelect
        form={form}
        name="financingType"
        label="Finanzierungsart"
        hint={inForce(label(FINANCING_TYPE_NAMES, notice.financingType))}
        options={Object.entries(FINANCING_TYPE_NAMES).map(([value, name]) => ({ value, label: name }))}
      />
      {type === 'SHARE' && (
        <FormField
          form={form}
          name="rate"
          label="Fördersatz in Prozent"
          hint={inForce(notice.rate ? formatRate(notice.rate) : 'keiner', 'z. B. 80 oder 81,25')}
          inputMode="decimal"
        />
      )}
      {type === 'FIXED_AMOUNT' && (
        <FormField
          form={form}
          name="fixedAmount"
          label="Festbetrag"
          money
          hint={inForce(notice.fixedAmount ? formatMoney(notice.fixedAmount) : 'keiner', MONEY)}
        />
      )}
      <FieldGroup
        legend="Finanzierungsplan"
        hint={`Die Ansätze ergeben zusammen die zuwendungsfähigen Ausgaben; geltend: ${formatMoney(notice.eligibleCosts)}.`}
        error={form.errorOf('plan')}
      >
        {notice.budgetLines.map((line) => (
          <FormField
            key={line.category}
            form={form}
            name={lineField(line.category)}
            label={`Ansatz ${categoryName(line.category)}`}
            money
            hint={inForce(formatMoney(line.planned), MONEY)}
            group="plan"
          />
        ))}
        <p className="kern-body" aria-live="polite">
          Zuwendungsfähige Ausgaben neu: <strong>{total ? formatMoney(total) : '–'}</strong>
        </p>
      </FieldGroup>
      <FormField
        form={form}
        name="thirdPartyFunds"
        label="Drittmittel"
        money
        optional
        hint={inForce(formatMoney(notice.thirdPartyFunds), `${MONEY}; leer gelassen: keine`)}
      />
      <FormField
        form={form}
        name="ownFunds"
        label="Eigenmittel"
        money
        optional
        hint={inForce(
          `${formatMoney(notice.ownFunds)}${notice.ownFundsIsRemainder ? ' (Rest des Finanzierungsplans)' : ''}`,
          `${MONEY}; leer gelassen: der Rest des Finanzierungsplans`,
        )}
      />
      <FormField
        form={form}
        name="approvedAmount"
        label="Bewilligte Zuwendung"
        money
        hint={inForce(formatMoney(notice.approvedAmount), MONEY)}
      />
      <FieldGroup legend="Bewilligungszeitraum">
        <FormField
          form={form}
          name="periodStart"
          label="Beginn"
          date
          hint={inForce(formatDate(notice.approvalPeriod.start), 'TT.MM.JJJJ')}
        />
        <FormField form={form} name="periodEnd" label="Ende" date hint={inForce(formatDate(notice.approvalPeriod.end), 'TT.MM.JJJJ')} />
      </FieldGroup>
      <SubmitButtons submitting={form.submitting} label="Änderungsbescheid speichern" cancelTo={`/bescheide/${notice.id}`} />
    </FormFrame>
  );
}

export function AmendNoticePage() {
  const { id = '' } = useParams();
  const { viewer, may } = useViewer();
  const [{ data, error }] = useQuery({ query: AmendNoticeQueryDocument, variables: { id }, requestPolicy: 'network-only' });
  const notice = data?.grantNotice;
  return (
    <NoticeFormPage
      noticeId={id}
      notice={notice}
      title="Änderungsbescheid"
      subline="Die geänderten Zahlen ergeben eine neue Fassung des Bescheids."
    >
      {error ? (
        <Alert variant="danger" title="Der Zuwendungsbescheid konnte nicht geladen werden">
          <p className="kern-body">{error.graphQLErrors[0]?.message ?? 'Der Dienst ist nicht erreichbar.'}</p>
        </Alert>
      ) : !notice || !viewer ? (
        <p className="kern-body" role="status">
          Das Formular wird geladen …
        </p>
      ) : !may('amendGrantNotice') ? (
        <Alert variant="info" title="Keine Berechtigung">
          <p className="kern-body">Änderungsbescheide erfasst die Finanzsachbearbeitung des Zuwendungsempfängers.</p>
        </Alert>
      ) : notice.status !== 'APPROVED' ? (
        <Alert variant="info" title="Keine Änderung möglich">
          <p className="kern-body">Ein abgerechneter oder widerrufener Bescheid wird nicht mehr geändert.</p>
        </Alert>
      ) : (
        <AmendmentForm key={notice.version} notice={notice} />
      )}
    </NoticeFormPage>
  );
}

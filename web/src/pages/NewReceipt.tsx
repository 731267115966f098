// Beleg erfassen: one receipt on a notice. Whenever a field is left the service books it as a dry run
// and answers its refusals and Hinweise (a receipt number the notice has already, a receipt that will
// not count), shown at their fields; "Beleg buchen" stores it.
import { useCallback } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { FormField, FormSelect, readDate, readMoney, useCheckedForm, type FormReading } from '../forms/form';
import { parseRequired } from '../forms/input';
import { FormFrame, NoticeFormPage, SubmitButtons } from '../forms/parts';
import { graphql } from '../gql';
import type { CostCategory, ExpenditureInput } from '../gql/graphql';
import { formatDate } from '../format';
import { COST_CATEGORY_NAMES, label } from '../labels';

const ReceiptNoticeQuery = graphql(`
  query NewReceiptNotice($id: ID!) {
    grantNotice(id: $id) {
      id
      reference
      approvalPeriod {
        start
        end
      }
      budgetLines {
        category
      }
    }
  }
`);

const RecordExpenditureMutation = graphql(`
  mutation RecordExpenditure($grantNoticeId: ID!, $input: ExpenditureInput!, $dryRun: Boolean!) {
    recordExpenditure(grantNoticeId: $grantNoticeId, input: $input, dryRun: $dryRun) {
      id
      receiptNumber
      warnings {
        reason
        message
        field
      }
    }
  }
`);

type ReceiptField =
  'receiptNumber' | 'invoiceDate' | 'paymentDate' | 'payee' | 'purpose' | 'category' | 'amount' | 'eligibleAmount' | 'remark';

/** The API names the receipt's fields as the form does. */
const FIELDS = {
  receiptNumber: 'receiptNumber',
  invoiceDate: 'invoiceDate',
  paymentDate: 'paymentDate',
  payee: 'payee',
  purpose: 'purpose',
  category: 'category',
  amount: 'amount',
  eligibleAmount: 'eligibleAmount',
  remark: 'remark',
} satisfies Record<ReceiptField, ReceiptField>;

function readReceipt(values: Record<ReceiptField, string>): FormReading<ReceiptField, ExpenditureInput> {
  const errors: Partial<Record<ReceiptField, string>> = {};
  const receiptNumber = parseRequired(values.receiptNumber, 'die Belegnummer');
  const payee = parseRequired(values.payee, 'den Zahlungsempfänger');
  const purpose = parseRequired(values.purpose, 'den Verwendungszweck');
  for (const [field, parsed] of [
    ['receiptNumber', receiptNumber],
    ['payee', payee],
    ['purpose', purpose],
  ] as const) {
    if (parsed.error) errors[field] = parsed.error;
  }
  const invoiceDate = readDate(values, 'invoiceDate', errors, 'das Rechnungsdatum');
  const paymentDate = readDate(values, 'paymentDate', errors, 'das Zahlungsdatum', true);
  const amount = readMoney(values, 'amount', errors, 'den Betrag');
  const eligibleAmount = readMoney(values, 'eligibleAmount', errors, 'den zuwendungsfähigen Betrag', true);
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return {
    errors,
    input: {
      receiptNumber: receiptNumber.value!,
      invoiceDate: invoiceDate!,
      paymentDate,
      payee: payee.value!,
      purpose: purpose.value!,
      category: values.category as CostCategory,
      amount: amount!,
      ...(eligibleAmount !== null ? { eligibleAmount } : {}),
      remark: values.remark.trim() || null,
    },
  };
}

function ReceiptForm({ noticeId, categories }: { noticeId: string; categories: readonly string[] }) {
  const navigate = useNavigate();
  const [, record] = useMutation(RecordExpenditureMutation);
  const send = useCallback(
    (input: ExpenditureInput, dryRun: boolean) =>
      record({ grantNoticeId: noticeId, input, dryRun }, dryRun ? {} : { additionalTypenames: ['GrantNotice'] }),
    [record, noticeId],
  );
  const form = useCheckedForm({
    initial: {
      receiptNumber: '',
      invoiceDate: '',
      paymentDate: '',
      payee: '',
      purpose: '',
      category: categories[0] ?? 'OTHER',
      amount: '',
      eligibleAmount: '',
      remark: '',
    },
    read: readReceipt,
    fields: FIELDS,
    send,
    warningsOf: (data) => data.recordExpenditure.warnings,
    onSaved: (data) =>
      navigate(`/bescheide/${noticeId}`, { state: { saved: `Der Beleg ${data.recordExpenditure.receiptNumber} ist gebucht.` } }),
  });
  // Planned categories first: a receipt of another category is kept but does not count (Rule 2).
  const options = [...categories, ...Object.keys(COST_CATEGORY_NAMES).filter((category) => !categories.includes(category))].map(
    (category) => ({
      value: category,
      label: `${label(COST_CATEGORY_NAMES, category)}${categories.includes(category) ? '' : ' (nicht im Finanzierungsplan)'}`,
    }),
  );
  return (
    <FormFrame form={form}>
      <FormField form={form} name="receiptNumber" label="Belegnummer" autoComplete="off" />
      <FormField form={form} name="invoiceDate" label="Rechnungsdatum" date />
      <FormField
        form={form}
        name="paymentDate"
        label="Zahlungsdatum"
        date
        optional
        hint="TT.MM.JJJJ; nur bezahlte Belege im Bewilligungszeitraum zählen"
      />
      <FormField form={form} name="payee" label="Zahlungsempfänger" autoComplete="off" />
      <FormField form={form} name="purpose" label="Verwendungszweck" autoComplete="off" />
      <FormSelect form={form} name="category" label="Ausgabenansatz (Kostenkategorie)" options={options} />
      <FormField form={form} name="amount" label="Betrag" money />
      <FormField
        form={form}
        name="eligibleAmount"
        label="Zuwendungsfähiger Betrag"
        money
        optional
        hint="Betrag in Euro, z. B. 1.234,56; leer gelassen: der ganze Betrag"
      />
      <FormField form={form} name="remark" label="Bemerkung" optional autoComplete="off" />
      <SubmitButtons submitting={form.submitting} label="Beleg buchen" cancelTo={`/bescheide/${noticeId}`} />
    </FormFrame>
  );
}

export function NewReceiptPage() {
  const { id = '' } = useParams();
  const [{ data, error }] = useQuery({ query: ReceiptNoticeQuery, variables: { id } });
  const notice = data?.grantNotice;
  const period = notice && `${formatDate(notice.approvalPeriod.start)} bis ${formatDate(notice.approvalPeriod.end)}`;
  return (
    <NoticeFormPage
      noticeId={id}
      notice={notice}
      title="Beleg erfassen"
      subline={notice && `Bescheid ${notice.reference}, Bewilligungszeitraum ${period}`}
    >
      {error && <Alert variant="danger" title="Der Zuwendungsbescheid konnte nicht geladen werden" />}
      {notice && <ReceiptForm noticeId={notice.id} categories={notice.budgetLines.map((line) => line.category)} />}
    </NoticeFormPage>
  );
}

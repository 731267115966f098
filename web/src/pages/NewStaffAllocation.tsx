// Personalkosten zuordnen: one employee's staff costs for a run of months charged to a notice (Rule 7),
// by actual cost × share, by hours, or at the programme's flat rate for the pay group. Beside the
// fields, month by month, the employee's shares already allocated (in this and the other grants) and
// the total with this allocation, so that a month above 100 % shows before anything is sent. Whenever
// a field is left the service allocates as a dry run: its refusals stand at their fields, and the
// amounts it would book per month are shown.
import { useCallback, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Badge } from '../components/Money';
import { TableHead, TableRegion } from '../components/Table';
import { FieldGroup } from '../forms/Field';
import { FormField, FormSelect, readHours, readMoney, readMonth, readPercent, useCheckedForm, type FormReading } from '../forms/form';
import { FormFrame, NoticeFormPage, SubmitButtons } from '../forms/parts';
import type { FieldMap } from '../forms/server-errors';
import { graphql } from '../gql';
import type { StaffAllocationInput, StaffCostMethod } from '../gql/graphql';
import { cents, formatDate, formatMoney, formatRate, fromCents } from '../format';
import { label, STAFF_COST_METHOD_NAMES } from '../labels';
import { useViewer } from '../viewer';

const AllocationNoticeQuery = graphql(`
  query NewStaffAllocationNotice($id: ID!) {
    grantNotice(id: $id) {
      id
      reference
      approvalPeriod {
        start
        end
      }
      recipient {
        id
        name
      }
      fundingProgram {
        id
      }
    }
  }
`);

const AllocationChoicesQuery = graphql(`
  query NewStaffAllocationChoices($employerId: ID!, $fundingProgramId: ID!) {
    employees(first: 100, filter: { employerId: $employerId }) {
      edges {
        node {
          id
          name
          payGroup
        }
      }
    }
    staffCostRates(fundingProgramId: $fundingProgramId) {
      payGroup
      year
      annualRate
    }
  }
`);

const EmployeeMonthsQuery = graphql(`
  query EmployeeMonths($employeeId: ID!, $from: LocalDate!, $to: LocalDate!) {
    staffAllocations(first: 100, filter: { employeeId: $employeeId, from: $from, to: $to }) {
      totalCount
      edges {
        node {
          id
          month
          share
          grantNotice {
            id
            reference
          }
          reversal {
            id
          }
        }
      }
    }
  }
`);

const AllocateStaffMutation = graphql(`
  mutation AllocateStaff($input: StaffAllocationInput!, $dryRun: Boolean!) {
    allocateStaff(input: $input, dryRun: $dryRun) {
      id
      month
      share
      amount
    }
  }
`);

type AllocationField = 'employee' | 'from' | 'to' | 'method' | 'share' | 'projectHours' | 'workingHours' | 'employerCost';

const METHODS: readonly StaffCostMethod[] = ['ACTUAL', 'HOURS', 'FLAT_RATE'];

/** Which fields a method needs besides the employee and the months. */
const METHOD_FIELDS: Record<StaffCostMethod, readonly AllocationField[]> = {
  ACTUAL: ['share', 'employerCost'],
  HOURS: ['projectHours', 'workingHours', 'employerCost'],
  FLAT_RATE: ['share'],
};

/** The API's paths at the form's fields; by hours the share is the project hours' (the monthly limit names `share`). */
function fieldsOf(method: StaffCostMethod): FieldMap {
  return (path) => {
    if (path === 'employeeId') return 'employee';
    if (path === 'share') return method === 'HOURS' ? 'projectHours' : 'share';
    if (path === 'grantNoticeId') return null;
    return ['from', 'to', 'method', 'projectHours', 'workingHours', 'employerCost'].includes(path) ? path : null;
  };
}

function readAllocation(
  values: Record<AllocationField, string>,
  grantNoticeId: string,
): FormReading<AllocationField, StaffAllocationInput> {
  const errors: Partial<Record<AllocationField, string>> = {};
  const method = values.method as StaffCostMethod;
  const needs = METHOD_FIELDS[method];
  if (!values.employee) errors.employee = 'Bitte die beschäftigte Person wählen.';
  const from = readMonth(values, 'from', errors, 'den ersten Monat');
  const to = readMonth(values, 'to', errors, 'den letzten Monat');
  if (from && to && to < from) errors.to = `Der letzte Monat liegt vor dem ersten (${monthName(from)}).`;
  const share = needs.includes('share') ? readPercent(values, 'share', errors, 'den Projektanteil in Prozent') : null;
  const projectHours = needs.includes('projectHours') ? readHours(values, 'projectHours', errors, 'die Projektstunden des Monats') : null;
  const workingHours = needs.includes('workingHours') ? readHours(values, 'workingHours', errors, 'die Arbeitsstunden des Monats') : null;
  const employerCost = needs.includes('employerCost')
    ? readMoney(values, 'employerCost', errors, 'das Arbeitgeberbrutto des Monats')
    : null;
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return {
    errors,
    input: {
      employeeId: values.employee,
      grantNoticeId,
      from: from!,
      to: to!,
      method,
      ...(share !== null ? { share } : {}),
      ...(projectHours !== null ? { projectHours } : {}),
      ...(workingHours !== null ? { workingHours } : {}),
      ...(employerCost !== null ? { employerCost } : {}),
    },
  };
}

/** "2020-07-01" as "07/2020". */
function monthName(month: string): string {
  return formatDate(month).slice(3).replace('.', '/');
}

/** A share such as "0.8000" in basis points (8000). */
function basisPoints(share: string): bigint {
  const [whole = '0', fraction = ''] = share.split('.');
  return BigInt(whole) * 10000n + BigInt(fraction.padEnd(4, '0').slice(0, 4) || '0');
}

function fromBasisPoints(points: bigint): string {
  return `${points / 10000n}.${String(points % 10000n).padStart(4, '0')}`;
}

/** Project hours / working hours as the service records the share: four decimals, half up. */
function hoursShare(projectHours: string, workingHours: string): bigint | null {
  const project = cents(projectHours);
  const working = cents(workingHours);
  if (working <= 0n) return null;
  return (project * 20000n + working) / (2n * working);
}

/** The first day of every month from `from` to `to`; at most 120, as the service allows. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  while (months.length < 120) {
    const current = `${year}-${String(month).padStart(2, '0')}-01`;
    if (current > to) break;
    months.push(current);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

/** The shares of the employee month by month: already allocated, this allocation, and both together. */
function MonthShares({
  employeeId,
  employeeName,
  from,
  to,
  share,
  amounts,
}: {
  employeeId: string;
  employeeName: string;
  from: string;
  to: string;
  /** This allocation's share in basis points, when it can be read. */
  share: bigint | null;
  /** What the service's dry run would book, by month. */
  amounts: ReadonlyMap<string, string> | null;
}) {
  const [{ data, error }] = useQuery({ query: EmployeeMonthsQuery, variables: { employeeId, from, to } });
  if (error) return <Alert variant="danger" title="Die Anteile in anderen Bescheiden konnten nicht geladen werden" />;
  if (!data) return null;
  const allocations = data.staffAllocations.edges.map((edge) => edge.node).filter((allocation) => !allocation.reversal);
  const months = monthsBetween(from, to);
  const title = `Anteile von ${employeeName} von ${monthName(from)} bis ${monthName(to)}`;
  return (
    <section aria-labelledby="anteile" className="kern-stack">
      <h2 id="anteile" className="kern-heading-small">
        {title}
      </h2>
      <p className="kern-body">
        Über alle Bescheide darf der Projektanteil in keinem Monat 100 % übersteigen (keine Doppelförderung). Stornierte Zuordnungen zählen
        nicht.
        {data.staffAllocations.totalCount > data.staffAllocations.edges.length &&
          ` Gezeigt sind die ersten ${data.staffAllocations.edges.length} von ${data.staffAllocations.totalCount} Zuordnungen.`}
      </p>
      <TableRegion label={title}>
        <table className="kern-table kern-table--small">
          <caption className="kern-sr-only">{title}</caption>
          <TableHead
            columns={[
              { label: 'Monat' },
              { label: 'Bereits zugeordnet' },
              { label: 'Diese Zuordnung', numeric: true },
              { label: 'Zusammen', numeric: true },
              { label: 'Betrag dieser Zuordnung', numeric: true },
            ]}
          />
          <tbody className="kern-table__body">
            {months.map((month) => {
              const existing = allocations.filter((allocation) => allocation.month === month && allocation.share);
              const before = existing.reduce((sum, allocation) => sum + basisPoints(allocation.share!), 0n);
              const total = share === null ? null : before + share;
              return (
                <tr key={month} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    {monthName(month)}
                  </th>
                  <td className="kern-table__cell">
                    {existing.length === 0
                      ? 'nichts'
                      : existing.map((allocation) => (
                          <span key={allocation.id} style={{ display: 'block' }}>
                            {formatRate(allocation.share!)} Bescheid {allocation.grantNotice.reference}
                          </span>
                        ))}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {share === null ? '–' : formatRate(fromBasisPoints(share))}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {total === null ? (
                      formatRate(fromBasisPoints(before))
                    ) : (
                      <>
                        {formatRate(fromBasisPoints(total))}{' '}
                        {total > 10000n ? <Badge text="über 100 %" variant="kern-badge--danger" /> : null}
                      </>
                    )}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {amounts?.get(month) ? formatMoney(amounts.get(month)!) : '–'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}

interface Choices {
  employees: readonly { id: string; name?: string | null; payGroup?: string | null }[];
  rates: readonly { payGroup: string; year: number; annualRate: string }[];
}

function AllocationForm({ noticeId, choices }: { noticeId: string; choices: Choices }) {
  const navigate = useNavigate();
  const [, allocate] = useMutation(AllocateStaffMutation);
  const send = useCallback(
    (input: StaffAllocationInput, dryRun: boolean) =>
      allocate({ input, dryRun }, dryRun ? {} : { additionalTypenames: ['StaffAllocationConnection', 'GrantNotice'] }),
    [allocate],
  );
  // The dry run's amounts, with the input they were computed for.
  const [checked, setChecked] = useState<{ input: string; amounts: Map<string, string> } | null>(null);
  const [method, setMethod] = useState<StaffCostMethod>('ACTUAL');
  const fields = useMemo(() => fieldsOf(method), [method]);
  const read = useCallback((values: Record<AllocationField, string>) => readAllocation(values, noticeId), [noticeId]);
  const form = useCheckedForm({
    initial: { employee: '', from: '', to: '', method: 'ACTUAL', share: '', projectHours: '', workingHours: '', employerCost: '' },
    read,
    fields,
    send,
    onChecked: (data) => {
      const reading = read(form.values);
      setChecked(
        data && reading.input
          ? { input: JSON.stringify(reading.input), amounts: new Map(data.allocateStaff.map((month) => [month.month, month.amount])) }
          : null,
      );
    },
    onSaved: (data) => {
      const months = data.allocateStaff;
      const total = fromCents(months.reduce((sum, month) => sum + cents(month.amount), 0n));
      const range =
        months.length === 1 ? monthName(months[0]!.month) : `${monthName(months[0]!.month)} bis ${monthName(months.at(-1)!.month)}`;
      void navigate(`/bescheide/${noticeId}`, {
        state: { saved: `Die Personalkosten von ${employee?.name ?? ''} für ${range} sind zugeordnet: ${formatMoney(total)}.` },
      });
    },
  });
  if (form.values.method !== method) setMethod(form.values.method as StaffCostMethod);
  const reading = read(form.values);
  const employee = choices.employees.find((candidate) => candidate.id === form.values.employee);
  const from = readMonth(form.values, 'from', {}, '');
  const to = readMonth(form.values, 'to', {}, '');
  const needs = METHOD_FIELDS[method];
  const share =
    method === 'HOURS'
      ? (() => {
          const project = readHours(form.values, 'projectHours', {}, '');
          const working = readHours(form.values, 'workingHours', {}, '');
          return project && working ? hoursShare(project, working) : null;
        })()
      : (() => {
          const rate = readPercent(form.values, 'share', {}, '');
          return rate ? basisPoints(rate) : null;
        })();
  const amounts = checked && reading.input && checked.input === JSON.stringify(reading.input) ? checked.amounts : null;
  const rates = choices.rates.filter((rate) => rate.payGroup === employee?.payGroup);
  const rateHint =
    employee && rates.length > 0
      ? `Personalkostensatz ${employee.payGroup}: ${rates.map((rate) => `${rate.year} ${formatMoney(rate.annualRate)}`).join(', ')} im Jahr; ein Monat ist ein Zwölftel.`
      : employee
        ? `Für ${employee.payGroup} ist kein Personalkostensatz erfasst.`
        : undefined;

  return (
    <FormFrame form={form}>
      <FormSelect
        form={form}
        name="employee"
        label="Beschäftigte Person"
        options={[
          { value: '', label: 'Bitte wählen' },
          ...choices.employees.map((candidate) => ({
            value: candidate.id,
            label: `${candidate.name ?? ''} (${candidate.payGroup ?? ''})`,
          })),
        ]}
      />
      <FieldGroup legend="Zeitraum" hint="Jeder Monat erhält dieselben Angaben.">
        <FormField form={form} name="from" label="Erster Monat" hint="MM.JJJJ, z. B. 07.2020" autoComplete="off" />
        <FormField form={form} name="to" label="Letzter Monat" hint="MM.JJJJ, z. B. 12.2020" autoComplete="off" />
      </FieldGroup>
      <FormSelect
        form={form}
        name="method"
        label="Abrechnungsverfahren"
        hint={method === 'FLAT_RATE' ? rateHint : undefined}
        options={METHODS.map((value) => ({ value, label: label(STAFF_COST_METHOD_NAMES, value) }))}
      />
      {needs.includes('share') && (
        <FormField
          form={form}
          name="share"
          label="Projektanteil in Prozent"
          hint="z. B. 50 oder 50 %"
          inputMode="decimal"
          autoComplete="off"
        />
      )}
      {needs.includes('projectHours') && (
        <FormField
          form={form}
          name="projectHours"
          label="Projektstunden je Monat"
          hint="Stunden für das Vorhaben, z. B. 64,5"
          inputMode="decimal"
          autoComplete="off"
        />
      )}
      {needs.includes('workingHours') && (
        <FormField
          form={form}
          name="workingHours"
          label="Arbeitsstunden je Monat"
          hint="regelmäßige Arbeitszeit des Monats, z. B. 160"
          inputMode="decimal"
          autoComplete="off"
        />
      )}
      {needs.includes('employerCost') && (
        <FormField
          form={form}
          name="employerCost"
          label="Arbeitgeberbrutto je Monat"
          hint="Gehalt und Arbeitgeberanteile in Euro, z. B. 5.200,00"
          money
        />
      )}
      {employee && from && to && to >= from && (
        <MonthShares employeeId={employee.id} employeeName={employee.name ?? ''} from={from} to={to} share={share} amounts={amounts} />
      )}
      <SubmitButtons submitting={form.submitting} label="Personalkosten zuordnen" cancelTo={`/bescheide/${noticeId}`} />
    </FormFrame>
  );
}

export function NewStaffAllocationPage() {
  const { id = '' } = useParams();
  const { viewer, may } = useViewer();
  const mayAllocate = may('recordStaffCosts');
  const [{ data, error }] = useQuery({ query: AllocationNoticeQuery, variables: { id }, pause: !mayAllocate });
  const notice = data?.grantNotice;
  const [{ data: choices }] = useQuery({
    query: AllocationChoicesQuery,
    variables: { employerId: notice?.recipient.id ?? '', fundingProgramId: notice?.fundingProgram.id ?? '' },
    pause: !notice,
  });
  const employees = choices?.employees.edges.map((edge) => edge.node) ?? [];
  const period = notice && `${formatDate(notice.approvalPeriod.start)} bis ${formatDate(notice.approvalPeriod.end)}`;
  return (
    <NoticeFormPage
      noticeId={id}
      notice={notice}
      title="Personalkosten zuordnen"
      subline={notice && `Bescheid ${notice.reference}, Bewilligungszeitraum ${period}`}
    >
      {viewer && !mayAllocate && (
        <Alert variant="info" title="Personalkosten ordnet die Finanzsachbearbeitung des Arbeitgebers zu">
          <p className="kern-body">
            Namen, Entgeltgruppen und Anteile der Beschäftigten sind personenbezogene Daten; Ihre Rolle sieht nur die Summen auf der Seite
            des Bescheids.
          </p>
        </Alert>
      )}
      {error && <Alert variant="danger" title="Der Zuwendungsbescheid konnte nicht geladen werden" />}
      {notice && choices && employees.length === 0 && (
        <Alert variant="info" title="Keine Beschäftigten erfasst">
          <p className="kern-body">
            Für {notice.recipient.name} ist noch keine beschäftigte Person erfasst; bitte zuerst unter „Beschäftigte“ anlegen.
          </p>
        </Alert>
      )}
      {notice && choices && employees.length > 0 && (
        <AllocationForm noticeId={notice.id} choices={{ employees, rates: choices.staffCostRates }} />
      )}
    </NoticeFormPage>
  );
}

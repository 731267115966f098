// Programm und Sätze: the administrator's page of a funding programme. Its rule parameters as a form
// (maximum rate, tolerance, deadlines, rounding), the budget per year, the flat staff-cost rates per
// pay group and year, and the base rates of the Bundesbank; each list with a form that the service
// checks by a dry run whenever a field is left, so that a rule it breaks shows at its field before
// anything is stored. The settings carry the version they were read at: a change made meanwhile by
// someone else is refused with the service's message instead of being overwritten.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Figure } from '../components/Figure';
import { TableHead, TableRegion } from '../components/Table';
import { formatDate, formatMoney, formatRate } from '../format';
import { FormField, FormSelect, readDate, readMoney, readPercent, useCheckedForm, type Form, type FormReading } from '../forms/form';
import { parseRequired, type Parsed } from '../forms/input';
import { FormProblem } from '../forms/parts';
import { graphql } from '../gql';
import type { FundingProgramPatch, RoundingMode } from '../gql/graphql';
import { useViewer } from '../viewer';

const ProgrammeAdminQuery = graphql(`
  query ProgrammeAdminPage {
    fundingPrograms(first: 100) {
      edges {
        node {
          id
          version
          code
          name
          maxRate
          lineTolerance
          spendDeadlineMonths
          proofOfUseMonths
          interestMargin
          roundingMode
          budgetYears {
            year
            budget
            committed
            available
            spent
          }
        }
      }
    }
    baseRates {
      id
      validFrom
      rate
    }
  }
`);

const StaffCostRatesQuery = graphql(`
  query ProgrammeStaffCostRates($fundingProgramId: ID!) {
    staffCostRates(fundingProgramId: $fundingProgramId) {
      id
      payGroup
      year
      annualRate
    }
  }
`);

const UpdateProgrammeMutation = graphql(`
  mutation UpdateProgrammeSettings($id: ID!, $expectedVersion: Int!, $input: FundingProgramPatch!, $dryRun: Boolean!) {
    updateFundingProgram(id: $id, expectedVersion: $expectedVersion, input: $input, dryRun: $dryRun) {
      id
      version
      maxRate
      lineTolerance
      spendDeadlineMonths
      proofOfUseMonths
      interestMargin
      roundingMode
    }
  }
`);

const SetBudgetMutation = graphql(`
  mutation SetProgrammeBudget($fundingProgramId: ID!, $year: Int!, $amount: Money!, $dryRun: Boolean!) {
    setProgramBudget(fundingProgramId: $fundingProgramId, year: $year, amount: $amount, dryRun: $dryRun) {
      year
      budget
      committed
      available
    }
  }
`);

const SetStaffCostRateMutation = graphql(`
  mutation SetProgrammeStaffCostRate($input: StaffCostRateInput!, $dryRun: Boolean!) {
    setStaffCostRate(input: $input, dryRun: $dryRun) {
      id
      payGroup
      year
      annualRate
    }
  }
`);

const SetBaseRateMutation = graphql(`
  mutation SetProgrammeBaseRate($input: BaseRateInput!, $dryRun: Boolean!) {
    setBaseRate(input: $input, dryRun: $dryRun) {
      id
      validFrom
      rate
    }
  }
`);

/** The German names of the rounding modes, short for the choice and with what they do for the figures. */
const ROUNDING_MODE_NAMES: Record<RoundingMode, string> = {
  HALF_UP: 'Kaufmännisch runden',
  HALF_EVEN: 'Zum geraden Cent runden',
  DOWN: 'Abrunden',
  UP: 'Aufrunden',
};
const ROUNDING_MODE_EXPLANATIONS: Record<RoundingMode, string> = {
  HALF_UP: 'ab einem halben Cent aufrunden',
  HALF_EVEN: 'ein halber Cent zum geraden Cent',
  DOWN: 'Bruchteile eines Cents entfallen',
  UP: 'jeder Bruchteil eines Cents wird aufgerundet',
};

/** "0.8000" as the field's "80", "0.0500" as "5". */
function percentInput(rate: string): string {
  return formatRate(rate).replace(/ %$/, '');
}

const SIGNED_PERCENT_MESSAGE = 'Bitte einen Prozentsatz wie 3,62 oder −0,88 eingeben (höchstens zwei Nachkommastellen).';

/** "3,62" or "−0,88" (percent, either minus sign) as the rate "0.0362" or "-0.0088". */
function parseSignedPercent(text: string): Parsed {
  const match = /^([-−]?)(\d{1,2})(?:,(\d{1,2}))?$/.exec(text.trim().replace(/\s*%$/, ''));
  if (!match) return { error: SIGNED_PERCENT_MESSAGE };
  const basisPoints = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  const sign = match[1] && basisPoints > 0 ? '-' : '';
  return { value: `${sign}0.${String(basisPoints).padStart(4, '0')}` };
}

/** A whole number of months or a year as typed; the service checks its range. */
function readWhole<F extends string>(values: Record<F, string>, field: F, errors: Partial<Record<F, string>>, example: string) {
  const text = values[field].trim();
  if (!/^\d{1,4}$/.test(text)) {
    errors[field] = `Bitte eine ganze Zahl eingeben, z. B. ${example}.`;
    return null;
  }
  return Number(text);
}

/** A section of the page with its heading, the list and the form under it. */
function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="kern-stack admin-section" aria-labelledby={id}>
      <h2 id={id} className="kern-heading-medium">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The submit button of a form, with its state. */
function SubmitButton({ form, label }: { form: Form<string>; label: string }) {
  return (
    <div className="kern-btn-wrapper">
      <button type="submit" className="kern-btn kern-btn--primary" disabled={form.submitting}>
        <span className="kern-label">{form.submitting ? 'Wird gespeichert …' : label}</span>
      </button>
    </div>
  );
}

function FormOf({ form, label, problem, children }: { form: Form<string>; label: string; problem?: ReactNode; children: ReactNode }) {
  return (
    <form
      className="kern-stack"
      noValidate
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
    >
      {problem ?? <FormProblem message={form.general} />}
      {children}
    </form>
  );
}

type Programme = NonNullable<ReturnType<typeof useProgrammes>['programmes']>[number];

function useProgrammes() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ProgrammeAdminQuery });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  return { programmes: data?.fundingPrograms.edges.map((edge) => edge.node), baseRates: data?.baseRates, fetching, error, refresh };
}

type SettingsField = 'maxRate' | 'lineTolerance' | 'spendDeadlineMonths' | 'proofOfUseMonths' | 'interestMargin' | 'roundingMode';
const SETTINGS_FIELDS = {
  maxRate: 'maxRate',
  lineTolerance: 'lineTolerance',
  spendDeadlineMonths: 'spendDeadlineMonths',
  proofOfUseMonths: 'proofOfUseMonths',
  interestMargin: 'interestMargin',
  roundingMode: 'roundingMode',
} satisfies Record<SettingsField, SettingsField>;

function readSettings(values: Record<SettingsField, string>): FormReading<SettingsField, FundingProgramPatch> {
  const errors: Partial<Record<SettingsField, string>> = {};
  const maxRate = readPercent(values, 'maxRate', errors, 'den Höchstfördersatz');
  const lineTolerance = readPercent(values, 'lineTolerance', errors, 'die Toleranz');
  const interestMargin = readPercent(values, 'interestMargin', errors, 'den Zinsaufschlag');
  const spendDeadlineMonths = readWhole(values, 'spendDeadlineMonths', errors, '2');
  const proofOfUseMonths = readWhole(values, 'proofOfUseMonths', errors, '6');
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return {
    errors,
    input: {
      maxRate,
      lineTolerance,
      interestMargin,
      spendDeadlineMonths,
      proofOfUseMonths,
      roundingMode: values.roundingMode as RoundingMode,
    },
  };
}

function SettingsForm({ programme, onSaved, onStale, reload }: { programme: Programme; onSaved(): void; onStale(): void; reload(): void }) {
  const [, update] = useMutation(UpdateProgrammeMutation);
  // Someone else changed the programme since this form was read: its values are not stored over that change.
  const [stale, setStale] = useState(false);
  const send = useCallback(
    async (input: FundingProgramPatch, dryRun: boolean) => {
      const result = await update({ id: programme.id, expectedVersion: programme.version, input, dryRun });
      if (result.error?.graphQLErrors.some((problem) => problem.extensions.reason === 'STALE_VERSION')) {
        setStale(true);
        onStale();
      }
      return result;
    },
    [update, programme.id, programme.version, onStale],
  );
  const form = useCheckedForm({
    initial: {
      maxRate: percentInput(programme.maxRate),
      lineTolerance: percentInput(programme.lineTolerance),
      spendDeadlineMonths: String(programme.spendDeadlineMonths),
      proofOfUseMonths: String(programme.proofOfUseMonths),
      interestMargin: percentInput(programme.interestMargin),
      roundingMode: programme.roundingMode,
    },
    read: readSettings,
    fields: SETTINGS_FIELDS,
    send,
    onSaved,
  });
  return (
    <FormOf
      form={form}
      label="Regeln des Programms ändern"
      problem={
        stale ? (
          <div id="form-problem" tabIndex={-1}>
            <Alert variant="danger" title="Das Programm wurde inzwischen von jemand anderem geändert">
              <p className="kern-body">
                Ihre Änderung ist nicht gespeichert, damit sie die andere nicht überschreibt. Laden Sie den aktuellen Stand und nehmen Sie
                Ihre Änderung dann erneut vor.
              </p>
              <p className="kern-body">
                <button type="button" className="kern-btn kern-btn--secondary" onClick={reload}>
                  <span className="kern-label">Aktuellen Stand laden</span>
                </button>
              </p>
            </Alert>
          </div>
        ) : undefined
      }
    >
      <div className="admin-fields">
        <FormField form={form} name="maxRate" label="Höchstfördersatz" hint="in Prozent, z. B. 80" inputMode="decimal" />
        <FormField form={form} name="lineTolerance" label="Toleranz der Einzelansätze" hint="in Prozent, z. B. 20" inputMode="decimal" />
        <FormField form={form} name="spendDeadlineMonths" label="Verwendungsfrist" hint="Monate nach der Auszahlung" inputMode="numeric" />
        <FormField
          form={form}
          name="proofOfUseMonths"
          label="Verwendungsnachweis"
          hint="Monate nach dem Bewilligungszeitraum"
          inputMode="numeric"
        />
        <FormField
          form={form}
          name="interestMargin"
          label="Zinsaufschlag"
          hint="Prozentpunkte über dem Basiszinssatz"
          inputMode="decimal"
        />
        <FormSelect
          form={form}
          name="roundingMode"
          label="Rundung der Endbeträge"
          options={Object.entries(ROUNDING_MODE_NAMES).map(([value, label]) => ({ value, label }))}
        />
      </div>
      <SubmitButton form={form} label="Regeln speichern" />
    </FormOf>
  );
}

type BudgetField = 'year' | 'amount';

function BudgetForm({ programmeId, onSaved }: { programmeId: string; onSaved(year: number, amount: string): void }) {
  const [, setBudget] = useMutation(SetBudgetMutation);
  const send = useCallback(
    (input: { year: number; amount: string }, dryRun: boolean) => setBudget({ fundingProgramId: programmeId, ...input, dryRun }),
    [setBudget, programmeId],
  );
  const form = useCheckedForm({
    initial: { year: '', amount: '' },
    read: (values: Record<BudgetField, string>): FormReading<BudgetField, { year: number; amount: string }> => {
      const errors: Partial<Record<BudgetField, string>> = {};
      const year = readWhole(values, 'year', errors, '2026');
      const amount = readMoney(values, 'amount', errors, 'den Haushaltsansatz');
      if (year === null || amount === null) return { input: null, errors };
      return { errors, input: { year, amount } };
    },
    fields: { year: 'year', amount: 'amount' },
    send,
    onSaved: (data) => onSaved(data.setProgramBudget.year, data.setProgramBudget.budget),
  });
  return (
    <FormOf form={form} label="Haushaltsjahr festlegen">
      <h3 className="kern-heading-small">Haushaltsjahr festlegen</h3>
      <p className="kern-body">Ein Jahr, das schon einen Ansatz hat, erhält den neuen Betrag.</p>
      <div className="admin-fields">
        <FormField form={form} name="year" label="Haushaltsjahr" hint="z. B. 2026" inputMode="numeric" />
        <FormField form={form} name="amount" label="Haushaltsansatz" money />
      </div>
      <SubmitButton form={form} label="Haushaltsjahr festlegen" />
    </FormOf>
  );
}

type StaffRateField = 'payGroup' | 'year' | 'annualRate';

function StaffCostRateForm({ programmeId, onSaved }: { programmeId: string; onSaved(text: string): void }) {
  const [, setRate] = useMutation(SetStaffCostRateMutation);
  const send = useCallback(
    (input: { payGroup: string; year: number; annualRate: string }, dryRun: boolean) =>
      setRate({ input: { fundingProgramId: programmeId, ...input }, dryRun }),
    [setRate, programmeId],
  );
  const form = useCheckedForm({
    initial: { payGroup: '', year: '', annualRate: '' },
    read: (values: Record<StaffRateField, string>): FormReading<StaffRateField, { payGroup: string; year: number; annualRate: string }> => {
      const errors: Partial<Record<StaffRateField, string>> = {};
      const payGroup = parseRequired(values.payGroup, 'die Entgeltgruppe, z. B. TVöD E 11,');
      if (payGroup.error) errors.payGroup = payGroup.error;
      const year = readWhole(values, 'year', errors, '2026');
      const annualRate = readMoney(values, 'annualRate', errors, 'den Jahressatz');
      if (payGroup.value === undefined || year === null || annualRate === null) return { input: null, errors };
      return { errors, input: { payGroup: payGroup.value, year, annualRate } };
    },
    fields: { payGroup: 'payGroup', year: 'year', annualRate: 'annualRate' },
    send,
    onSaved: (data) =>
      onSaved(
        `Der Personalkostensatz ${data.setStaffCostRate.payGroup} ${data.setStaffCostRate.year} ist auf ` +
          `${formatMoney(data.setStaffCostRate.annualRate)} im Jahr festgelegt.`,
      ),
  });
  return (
    <FormOf form={form} label="Personalkostensatz festlegen">
      <h3 className="kern-heading-small">Personalkostensatz festlegen</h3>
      <div className="admin-fields">
        <FormField form={form} name="payGroup" label="Entgeltgruppe" hint="z. B. TVöD E 11" autoComplete="off" />
        <FormField form={form} name="year" label="Jahr" hint="z. B. 2026" inputMode="numeric" />
        <FormField form={form} name="annualRate" label="Jahressatz" hint="Betrag in Euro im Jahr, z. B. 68.400,00" money />
      </div>
      <SubmitButton form={form} label="Personalkostensatz festlegen" />
    </FormOf>
  );
}

type BaseRateField = 'validFrom' | 'rate';

function BaseRateForm({ onSaved }: { onSaved(text: string): void }) {
  const [, setRate] = useMutation(SetBaseRateMutation);
  const send = useCallback((input: { validFrom: string; rate: string }, dryRun: boolean) => setRate({ input, dryRun }), [setRate]);
  const form = useCheckedForm({
    initial: { validFrom: '', rate: '' },
    read: (values: Record<BaseRateField, string>): FormReading<BaseRateField, { validFrom: string; rate: string }> => {
      const errors: Partial<Record<BaseRateField, string>> = {};
      const validFrom = readDate(values, 'validFrom', errors, 'den ersten Tag, an dem er gilt');
      let rate: string | null = null;
      if (values.rate.trim() === '') errors.rate = 'Bitte den Basiszinssatz angeben, z. B. 3,62.';
      else {
        const parsed = parseSignedPercent(values.rate);
        if (parsed.error !== undefined) errors.rate = parsed.error;
        rate = parsed.value ?? null;
      }
      if (validFrom === null || rate === null) return { input: null, errors };
      return { errors, input: { validFrom, rate } };
    },
    fields: { validFrom: 'validFrom', rate: 'rate' },
    send,
    onSaved: (data) =>
      onSaved(`Der Basiszinssatz ab ${formatDate(data.setBaseRate.validFrom)} ist auf ${formatRate(data.setBaseRate.rate)} festgelegt.`),
  });
  return (
    <FormOf form={form} label="Basiszinssatz festlegen">
      <h3 className="kern-heading-small">Basiszinssatz festlegen</h3>
      <p className="kern-body">Ein Satz, der schon für denselben Tag erfasst ist, wird ersetzt.</p>
      <div className="admin-fields">
        <FormField form={form} name="validFrom" label="Gültig ab" date />
        <FormField form={form} name="rate" label="Basiszinssatz" hint="in Prozent im Jahr, z. B. 3,62 oder −0,88" inputMode="decimal" />
      </div>
      <SubmitButton form={form} label="Basiszinssatz festlegen" />
    </FormOf>
  );
}

function StaffCostRates({ programmeId, mayEdit, onSaved }: { programmeId: string; mayEdit: boolean; onSaved(text: string): void }) {
  const [{ data, error }, reexecute] = useQuery({ query: StaffCostRatesQuery, variables: { fundingProgramId: programmeId } });
  const [generation, setGeneration] = useState(0);
  const rates = data?.staffCostRates ?? [];
  return (
    <>
      {error && <Alert variant="danger" title="Die Personalkostensätze konnten nicht geladen werden" />}
      {data &&
        (rates.length === 0 ? (
          <p className="kern-body">Für dieses Programm ist noch kein Personalkostensatz erfasst.</p>
        ) : (
          <TableRegion label="Personalkostensätze nach Entgeltgruppe und Jahr">
            <table className="kern-table">
              <caption className="kern-sr-only">Personalkostensätze nach Entgeltgruppe und Jahr</caption>
              <TableHead
                columns={[
                  { label: 'Entgeltgruppe' },
                  { label: 'Jahr' },
                  { label: 'Jahressatz', numeric: true },
                  { label: 'Monat', numeric: true },
                ]}
              />
              <tbody className="kern-table__body">
                {rates.map((rate) => (
                  <tr key={rate.id} className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      {rate.payGroup}
                    </th>
                    <td className="kern-table__cell">{rate.year}</td>
                    <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(rate.annualRate)}</td>
                    <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(monthOf(rate.annualRate))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        ))}
      {mayEdit && (
        <StaffCostRateForm
          key={generation}
          programmeId={programmeId}
          onSaved={(text) => {
            setGeneration((count) => count + 1);
            reexecute({ requestPolicy: 'network-only' });
            onSaved(text);
          }}
        />
      )}
    </>
  );
}

/** A twelfth of an annual rate, to the cent half up (as the staff costs are computed). */
function monthOf(annualRate: string): string {
  const [whole = '0', fraction = '00'] = annualRate.split('.');
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  const month = (cents * 2n + 12n) / 24n;
  return `${month / 100n}.${String(month % 100n).padStart(2, '0')}`;
}

export function ProgrammeAdminPage() {
  const { viewer, may } = useViewer();
  const mayEdit = may('editMasterData');
  const { programmes, baseRates, fetching, error, refresh } = useProgrammes();
  const [chosen, setChosen] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    document.title = 'Programm und Sätze – Förderregister E-Government Thüringen';
  }, []);
  const programme = programmes?.find((candidate) => candidate.id === chosen) ?? programmes?.[0];
  const clearSaved = useCallback(() => setSaved(null), []);
  const done = (text: string) => {
    setSaved(text);
    setGeneration((count) => count + 1);
    refresh();
  };

  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/">
          Zuwendungsbescheide
        </Link>
      </p>
      <h1 className="kern-heading-large">Programm und Sätze</h1>
      {viewer && !mayEdit && (
        <Alert variant="info" title="Nur die Administration ändert diese Angaben">
          <p className="kern-body">Sie sehen die Regeln, Haushaltsansätze und Sätze des Programms; ändern kann sie die Administration.</p>
        </Alert>
      )}
      <div aria-live="polite">{saved && <Alert variant="success" title={saved} />}</div>
      {error && <Alert variant="danger" title="Das Förderprogramm konnte nicht geladen werden" />}
      {fetching && !programmes && (
        <p className="kern-body" role="status">
          Das Förderprogramm wird geladen …
        </p>
      )}
      {programmes && programmes.length === 0 && <p className="kern-body">Es ist noch kein Förderprogramm erfasst.</p>}
      {programmes && programmes.length > 1 && (
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="programme-choice">
            Förderprogramm
          </label>
          <div className="kern-form-input__select-wrapper">
            <select
              id="programme-choice"
              className="kern-form-input__select"
              value={programme?.id}
              onChange={(event) => {
                setSaved(null);
                setChosen(event.target.value);
              }}
            >
              {programmes.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.code} – {candidate.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {programme && (
        <>
          <p className="kern-body">
            <strong>{programme.code}</strong> · {programme.name}
          </p>
          <Section id="regeln" title="Regeln des Programms">
            <dl className="kern-description-list">
              <Figure term="Höchstfördersatz">{formatRate(programme.maxRate)}</Figure>
              <Figure term="Toleranz der Einzelansätze">{formatRate(programme.lineTolerance)}</Figure>
              <Figure term="Verwendungsfrist">{months(programme.spendDeadlineMonths)} nach der Auszahlung</Figure>
              <Figure term="Verwendungsnachweis">{months(programme.proofOfUseMonths)} nach dem Bewilligungszeitraum</Figure>
              <Figure term="Zinsaufschlag">{formatRate(programme.interestMargin)} über dem Basiszinssatz</Figure>
              <Figure term="Rundung">
                {ROUNDING_MODE_NAMES[programme.roundingMode]} ({ROUNDING_MODE_EXPLANATIONS[programme.roundingMode]})
              </Figure>
            </dl>
            {mayEdit && (
              <SettingsForm
                key={`${programme.id}-${programme.version}`}
                programme={programme}
                onSaved={() => done('Die Regeln des Programms sind gespeichert.')}
                onStale={clearSaved}
                reload={refresh}
              />
            )}
          </Section>
          <Section id="haushalt" title="Haushaltsansätze">
            {programme.budgetYears.length === 0 ? (
              <p className="kern-body">Für dieses Programm ist noch kein Haushaltsjahr festgelegt.</p>
            ) : (
              <TableRegion label="Haushaltsansätze nach Haushaltsjahr">
                <table className="kern-table">
                  <caption className="kern-sr-only">Haushaltsansätze nach Haushaltsjahr</caption>
                  <TableHead
                    columns={[
                      { label: 'Haushaltsjahr' },
                      { label: 'Haushaltsansatz', numeric: true },
                      { label: 'Gebunden', numeric: true },
                      { label: 'Verfügbar', numeric: true },
                      { label: 'Ausgegeben', numeric: true },
                    ]}
                  />
                  <tbody className="kern-table__body">
                    {programme.budgetYears.map((year) => (
                      <tr key={year.year} className="kern-table__row">
                        <th scope="row" className="kern-table__cell">
                          {year.year}
                        </th>
                        <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(year.budget)}</td>
                        <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(year.committed)}</td>
                        <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(year.available)}</td>
                        <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(year.spent)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
            )}
            {mayEdit && (
              <BudgetForm
                key={`budget-${generation}`}
                programmeId={programme.id}
                onSaved={(year, amount) => done(`Der Haushaltsansatz ${year} ist auf ${formatMoney(amount)} festgelegt.`)}
              />
            )}
          </Section>
          <Section id="personal" title="Personalkostensätze">
            <StaffCostRates programmeId={programme.id} mayEdit={mayEdit} onSaved={setSaved} />
          </Section>
        </>
      )}
      {baseRates && (
        <Section id="basiszins" title="Basiszinssätze">
          {baseRates.length === 0 ? (
            <p className="kern-body">Es ist noch kein Basiszinssatz erfasst.</p>
          ) : (
            <TableRegion label="Basiszinssätze nach § 247 BGB">
              <table className="kern-table">
                <caption className="kern-sr-only">Basiszinssätze nach § 247 BGB</caption>
                <TableHead columns={[{ label: 'Gültig ab' }, { label: 'Basiszinssatz', numeric: true }]} />
                <tbody className="kern-table__body">
                  {baseRates.map((rate) => (
                    <tr key={rate.id} className="kern-table__row">
                      <th scope="row" className="kern-table__cell">
                        {formatDate(rate.validFrom)}
                      </th>
                      <td className="kern-table__cell kern-table__cell--numeric">{formatRate(rate.rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
          {mayEdit && <BaseRateForm key={`base-${generation}`} onSaved={done} />}
        </Section>
      )}
    </div>
  );
}

function months(count: number): string {
  return count === 1 ? '1 Monat' : `${count} Monate`;
}

// The cooperation (Zweckvereinbarung) of the service-team lead: its members on a chosen day with their
// join dates and the resolutions behind them, every member's grants of a programme with their budget
// checks, members without a grant as such, totals per member and for the cooperation, and the
// Budgetprüfung workbook. Sums are computed in whole cents from the service's figures.
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Badge } from '../components/Money';
import { TableHead, TableRegion } from '../components/Table';
import { Field } from '../forms/Field';
import { germanDateInput, parseGermanDate, todayInGermany } from '../forms/input';
import { cents, formatDate, formatMoney, formatPercent, fromCents } from '../format';
import { graphql } from '../gql';
import type { CooperationBudgetsQuery, CooperationPageQuery } from '../gql/graphql';
import { COST_CATEGORY_NAMES, label } from '../labels';
import { useViewer } from '../viewer';

const CooperationPageQueryDocument = graphql(`
  query CooperationPage($id: ID!, $activeOn: LocalDate) {
    cooperation(id: $id) {
      id
      name
      agreement
      purpose
      budgetCheckReportPath
      memberships(activeOn: $activeOn) {
        id
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
    fundingPrograms(first: 100) {
      edges {
        node {
          id
          code
          name
        }
      }
    }
  }
`);

const CooperationBudgetsQueryDocument = graphql(`
  query CooperationBudgets($id: ID!, $fundingProgramId: ID!) {
    cooperation(id: $id) {
      id
      budgetOverview(fundingProgramId: $fundingProgramId) {
        grantNoticeId
        reference
        recipientName
        ags
        approvedAmount
        budgetCheck {
          plannedTotal
          actualTotal
          recognisedTotal
          excludedCount
          lines {
            category
            planned
            actual
            deviation
            deviationPercent
            withinTolerance
            recognised
          }
        }
      }
    }
  }
`);

type Membership = CooperationPageQuery['cooperation']['memberships'][number];
type MemberBudget = CooperationBudgetsQuery['cooperation']['budgetOverview'][number];

/** The sums of some grants, in whole cents. */
interface Totals {
  approved: bigint;
  planned: bigint;
  actual: bigint;
  recognised: bigint;
  overTolerance: number;
}

function totalsOf(budgets: readonly MemberBudget[]): Totals {
  const totals: Totals = { approved: 0n, planned: 0n, actual: 0n, recognised: 0n, overTolerance: 0 };
  for (const budget of budgets) {
    totals.approved += cents(budget.approvedAmount);
    totals.planned += cents(budget.budgetCheck.plannedTotal);
    totals.actual += cents(budget.budgetCheck.actualTotal);
    totals.recognised += cents(budget.budgetCheck.recognisedTotal);
    totals.overTolerance += budget.budgetCheck.lines.filter((line) => !line.withinTolerance).length;
  }
  return totals;
}

function TotalCells({ totals }: { totals: Totals }) {
  return (
    <>
      <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(fromCents(totals.approved))}</td>
      <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(fromCents(totals.planned))}</td>
      <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(fromCents(totals.actual))}</td>
      <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(fromCents(totals.recognised))}</td>
      <td className="kern-table__cell">
        {totals.overTolerance === 0 ? (
          'eingehalten'
        ) : (
          <Badge
            text={totals.overTolerance === 1 ? '1 Ansatz überschritten' : `${totals.overTolerance} Ansätze überschritten`}
            variant="kern-badge--danger"
          />
        )}
      </td>
    </>
  );
}

/** The members on the chosen day: join date, lead, the resolutions behind each membership. */
function Members({ memberships, day }: { memberships: readonly Membership[]; day: string }) {
  if (memberships.length === 0) return <p className="kern-body">Am {formatDate(day)} hat die Zweckvereinbarung keine Mitglieder.</p>;
  return (
    <TableRegion label="Mitglieder">
      <table className="kern-table">
        <caption className="kern-title">
          {memberships.length === 1 ? '1 Mitglied' : `${memberships.length} Mitglieder`} am {formatDate(day)}
        </caption>
        <TableHead columns={[{ label: 'Mitglied' }, { label: 'Beigetreten am' }, { label: 'Ausgeschieden am' }, { label: 'Beschlüsse' }]} />
        <tbody className="kern-table__body">
          {memberships.map((membership) => (
            <tr key={membership.id} className="kern-table__row">
              <th scope="row" className="kern-table__cell">
                {membership.recipient.name}
                <br />
                <span className="kern-body--small">
                  AGS {membership.recipient.ags}
                  {membership.isLead ? ' · Federführung' : ''}
                </span>
              </th>
              <td className="kern-table__cell">{formatDate(membership.joinedOn)}</td>
              <td className="kern-table__cell">{membership.leftOn ? formatDate(membership.leftOn) : '–'}</td>
              <td className="kern-table__cell">
                {membership.resolutions.length === 0 ? (
                  <span className="kern-body--small">kein Beschluss erfasst</span>
                ) : (
                  <ul className="kern-list resolution-list">
                    {membership.resolutions.map((resolution) => (
                      <li key={resolution.id} className="kern-body--small">
                        {resolution.body}, Nr. {resolution.number} vom {formatDate(resolution.adoptedOn)}: {resolution.subject}
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
  );
}

/** One grant's budget lines: planned, spent, deviation, tolerance, recognised. */
function NoticeLines({ budget }: { budget: MemberBudget }) {
  const check = budget.budgetCheck;
  const caption = `${budget.recipientName}: Bescheid ${budget.reference}`;
  return (
    <section className="kern-stack" aria-label={caption}>
      <h4 className="kern-heading-small">
        <Link className="kern-link" to={`/bescheide/${budget.grantNoticeId}`}>
          Bescheid {budget.reference}
        </Link>
        , {budget.recipientName}: bewilligt {formatMoney(budget.approvedAmount)}
      </h4>
      <TableRegion label={`Budgetprüfung ${caption}`}>
        <table className="kern-table">
          <caption className="kern-sr-only">Budgetprüfung {caption}</caption>
          <TableHead
            columns={[
              { label: 'Ausgabenansatz' },
              { label: 'Geplant', numeric: true },
              { label: 'Ausgegeben', numeric: true },
              { label: 'Abweichung', numeric: true },
              { label: 'Toleranz' },
              { label: 'Anerkannt', numeric: true },
            ]}
          />
          <tbody className="kern-table__body">
            {check.lines.map((line) => (
              <tr key={line.category} className="kern-table__row">
                <th scope="row" className="kern-table__cell">
                  {label(COST_CATEGORY_NAMES, line.category)}
                </th>
                <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(line.planned)}</td>
                <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(line.actual)}</td>
                <td className="kern-table__cell kern-table__cell--numeric">
                  {formatMoney(line.deviation)}
                  {line.deviationPercent ? ` (${formatPercent(line.deviationPercent)})` : ''}
                </td>
                <td className="kern-table__cell">
                  {line.withinTolerance ? 'eingehalten' : <Badge text="überschritten" variant="kern-badge--danger" />}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(line.recognised)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="kern-table__footer">
            <tr className="kern-table__row">
              <th scope="row" className="kern-table__cell">
                Summe
              </th>
              <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(check.plannedTotal)}</td>
              <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(check.actualTotal)}</td>
              <td className="kern-table__cell" />
              <td className="kern-table__cell" />
              <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(check.recognisedTotal)}</td>
            </tr>
          </tfoot>
        </table>
      </TableRegion>
      {check.excludedCount > 0 && (
        <p className="kern-body">
          {check.excludedCount === 1 ? '1 Beleg zählt' : `${check.excludedCount} Belege zählen`} nicht; die Belegliste des Bescheids nennt
          den Grund.
        </p>
      )}
    </section>
  );
}

/** The members' grants of one programme: totals per member and for the cooperation, then each grant's lines. */
function Budgets({
  cooperationId,
  programId,
  memberships,
}: {
  cooperationId: string;
  programId: string;
  memberships: readonly Membership[];
}) {
  const [{ data, fetching, error }] = useQuery({
    query: CooperationBudgetsQueryDocument,
    variables: { id: cooperationId, fundingProgramId: programId },
  });
  if (fetching && !data)
    return (
      <p className="kern-body" role="status">
        Die Budgetprüfung wird geladen …
      </p>
    );
  if (error || !data)
    return (
      <Alert variant="danger" title="Die Budgetprüfung konnte nicht geladen werden">
        <p className="kern-body">{error?.graphQLErrors[0]?.message ?? 'Der Dienst ist nicht erreichbar.'}</p>
      </Alert>
    );
  const overview = data.cooperation.budgetOverview;
  const members = memberships.map((membership) => ({
    membership,
    budgets: overview.filter((budget) => budget.ags === membership.recipient.ags),
  }));
  const shown = members.flatMap((member) => member.budgets);
  // Grants of recipients that were members before or after the day: not in the sums of that day.
  const others = overview.filter((budget) => !memberships.some((membership) => membership.recipient.ags === budget.ags));
  return (
    <>
      <TableRegion label="Budgets der Mitglieder">
        <table className="kern-table">
          <caption className="kern-title">Summen je Mitglied</caption>
          <TableHead
            columns={[
              { label: 'Mitglied' },
              { label: 'Bescheide' },
              { label: 'Bewilligt', numeric: true },
              { label: 'Geplant', numeric: true },
              { label: 'Ausgegeben', numeric: true },
              { label: 'Anerkannt', numeric: true },
              { label: 'Toleranz' },
            ]}
          />
          <tbody className="kern-table__body">
            {members.map(({ membership, budgets }) => (
              <tr key={membership.id} className="kern-table__row">
                <th scope="row" className="kern-table__cell">
                  {membership.recipient.name}
                </th>
                {budgets.length === 0 ? (
                  <td className="kern-table__cell" colSpan={6}>
                    Kein Zuwendungsbescheid in diesem Programm: das Mitglied trägt keine Ausgaben und keinen Anteil an gemeinsamen
                    Beschaffungen darin.
                  </td>
                ) : (
                  <>
                    <td className="kern-table__cell">{budgets.map((budget) => budget.reference).join(', ')}</td>
                    <TotalCells totals={totalsOf(budgets)} />
                  </>
                )}
              </tr>
            ))}
          </tbody>
          <tfoot className="kern-table__footer">
            <tr className="kern-table__row">
              <th scope="row" className="kern-table__cell">
                Zweckvereinbarung
              </th>
              <td className="kern-table__cell">{shown.length === 1 ? '1 Bescheid' : `${shown.length} Bescheide`}</td>
              <TotalCells totals={totalsOf(shown)} />
            </tr>
          </tfoot>
        </table>
      </TableRegion>
      {others.length > 0 && (
        <p className="kern-body">
          Nicht mitgezählt, weil an diesem Tag nicht Mitglied:{' '}
          {others.map((budget) => `${budget.recipientName} (Bescheid ${budget.reference})`).join(', ')}.
        </p>
      )}
      {shown.length > 0 && (
        <section aria-labelledby="bescheide-der-mitglieder" className="kern-stack">
          <h3 id="bescheide-der-mitglieder" className="kern-heading-small">
            Budgetprüfung je Bescheid
          </h3>
          <div className="kern-stack">
            {shown.map((budget) => (
              <NoticeLines key={budget.grantNoticeId} budget={budget} />
            ))}
          </div>
        </section>
      )}
    </>
  );
}

/** The day whose members are shown: a German date, today unless one was chosen (?am=YYYY-MM-DD). */
function DayChoice({ day, onChoose }: { day: string; onChoose(day: string): void }) {
  const [text, setText] = useState(germanDateInput(day));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setText(germanDateInput(day)), [day]);
  return (
    <form
      className="day-choice"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseGermanDate(text);
        setProblem(parsed.error ?? null);
        if (parsed.value) onChoose(parsed.value);
      }}
    >
      <Field label="Mitglieder am" hint="TT.MM.JJJJ, z. B. 31.12.2020" error={problem}>
        {(control) => <input {...control} type="text" value={text} onChange={(event) => setText(event.target.value)} />}
      </Field>
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-label">Anzeigen</span>
      </button>
    </form>
  );
}

export function CooperationPage() {
  const { viewer, may } = useViewer();
  const [query, setQuery] = useSearchParams();
  const chosen = query.get('am');
  const day = chosen && parseGermanDate(germanDateInput(chosen)).value === chosen ? chosen : todayInGermany();
  const cooperationId = viewer?.cooperation?.id ?? null;
  const [{ data, fetching, error }] = useQuery({
    query: CooperationPageQueryDocument,
    variables: { id: cooperationId ?? '', activeOn: day },
    pause: cooperationId === null,
  });
  const programs = data?.fundingPrograms.edges.map((edge) => edge.node) ?? [];
  const programId = query.get('programm') ?? programs[0]?.id ?? null;
  const program = programs.find((candidate) => candidate.id === programId);

  useEffect(() => {
    document.title = 'Zweckvereinbarung – Förderregister E-Government Thüringen';
  }, []);
  const choose = (key: string, value: string) =>
    setQuery(
      (before) => {
        const next = new URLSearchParams(before);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );

  if (viewer && !viewer.cooperation)
    return (
      <div className="kern-stack">
        <h1 className="kern-heading-large">Zweckvereinbarung</h1>
        <p className="kern-body">Diese Seite gibt es für die Leitung eines Serviceteams; Ihre Anmeldung nennt keine Zweckvereinbarung.</p>
      </div>
    );
  if (!data && (fetching || !viewer))
    return (
      <p className="kern-body" role="status">
        Die Zweckvereinbarung wird geladen …
      </p>
    );
  if (error || !data)
    return (
      <Alert variant="danger" title="Die Zweckvereinbarung konnte nicht geladen werden">
        <p className="kern-body">{error?.graphQLErrors[0]?.message ?? 'Der Dienst ist nicht erreichbar.'}</p>
      </Alert>
    );
  const cooperation = data.cooperation;
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/">
          Zuwendungsbescheide
        </Link>
      </p>
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Zweckvereinbarung {cooperation.name}</h1>
        <p className="kern-subline">{cooperation.agreement}</p>
      </hgroup>
      {cooperation.purpose && <p className="kern-body">{cooperation.purpose}</p>}
      {may('recordSharedInvoice') && (
        <p className="kern-body">
          <Link className="kern-link" to="/zweckvereinbarung/beschaffungen">
            Gemeinsame Beschaffungen
          </Link>
        </p>
      )}

      <section aria-labelledby="mitglieder" className="kern-stack">
        <h2 id="mitglieder" className="kern-heading-medium">
          Mitglieder
        </h2>
        <DayChoice day={day} onChoose={(value) => choose('am', value)} />
        <Members memberships={cooperation.memberships} day={day} />
      </section>

      <section aria-labelledby="budgets" className="kern-stack">
        <h2 id="budgets" className="kern-heading-medium">
          Budgetprüfung der Mitglieder{program ? ` im Programm ${program.code}` : ''}
        </h2>
        {programs.length > 1 && (
          <Field label="Förderprogramm" kind="select">
            {(control) => (
              <select {...control} value={programId ?? ''} onChange={(event) => choose('programm', event.target.value)}>
                {programs.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.code}: {candidate.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {program && (
          <p className="kern-body">
            {program.name}. Die Mitglieder am {formatDate(day)} mit ihren Bescheiden.
          </p>
        )}
        {may('downloadReports') && (
          <p className="kern-body">
            <a className="kern-btn kern-btn--primary" href={cooperation.budgetCheckReportPath} download>
              <span className="kern-icon kern-icon--download" aria-hidden="true" />
              <span className="kern-label">Budgetprüfung der Zweckvereinbarung herunterladen (Excel)</span>
            </a>
          </p>
        )}
        {programId ? (
          <Budgets cooperationId={cooperation.id} programId={programId} memberships={cooperation.memberships} />
        ) : (
          <p className="kern-body">Es ist noch kein Förderprogramm erfasst.</p>
        )}
      </section>
    </div>
  );
}

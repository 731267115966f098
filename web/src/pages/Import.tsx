// Belege importieren: a Buchungsexport (CSV or XLSX) dropped or chosen, sent with its progress shown,
// checked by the service in a dry run (rows, sum, bad rows, duplicates, receipts that will not count),
// then booked all or nothing with a second request, after which the notice's Belegliste shows it.
import { useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Figure } from '../components/Figure';
import { Badge } from '../components/Money';
import { TableHead, TableRegion } from '../components/Table';
import { useResetClient } from '../client';
import { formatMoney } from '../format';
import { graphql } from '../gql';
import { EXCLUSION_LABELS, label } from '../labels';
import { useSession } from '../session';
import { MAX_UPLOAD_BYTES, uploadReceipts, type ImportReport, type UploadRefusal } from '../upload';

const ImportNoticeQuery = graphql(`
  query ImportNotice($id: ID!) {
    grantNotice(id: $id) {
      id
      reference
      status
      recipient {
        name
      }
    }
  }
`);

type Step =
  | { kind: 'choose' }
  | { kind: 'sending'; file: File; dryRun: boolean; sent: number }
  | { kind: 'preview'; file: File; report: ImportReport }
  | { kind: 'booked'; report: ImportReport };

const receiptsWord = (count: number) => (count === 1 ? '1 Beleg' : `${count.toLocaleString('de-DE')} Belege`);

export function ImportPage() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: ImportNoticeQuery, variables: { id } });
  const { session, refresh } = useSession();
  const resetClient = useResetClient();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [refusal, setRefusal] = useState<UploadRefusal | null>(null);
  const notice = data?.grantNotice;
  useEffect(() => {
    document.title = `Belege importieren${notice ? ` – Bescheid ${notice.reference}` : ''} – Förderregister E-Government Thüringen`;
  }, [notice]);

  const send = async (file: File, dryRun: boolean) => {
    setRefusal(null);
    if (file.size > MAX_UPLOAD_BYTES) {
      setStep({ kind: 'choose' });
      setRefusal({ status: 413, message: 'Die Datei ist größer als 50 MB; teilen Sie sie auf mehrere Dateien auf.', reason: null });
      return;
    }
    setStep({ kind: 'sending', file, dryRun, sent: 0 });
    const answer = await uploadReceipts({
      file,
      noticeId: id,
      dryRun,
      csrfToken: session?.csrfToken ?? null,
      onProgress: (sent) => setStep({ kind: 'sending', file, dryRun, sent }),
    });
    if ('refusal' in answer) {
      setStep({ kind: 'choose' });
      setRefusal(answer.refusal);
    } else if (answer.report.imported) {
      // The Belegliste and the figures of the notice changed outside GraphQL: the pages ask again.
      resetClient();
      setStep({ kind: 'booked', report: answer.report });
    } else if (answer.report.rows === 0) {
      // Nothing could be read: the problems of the file as a whole say why.
      setStep({ kind: 'choose' });
      setRefusal({ status: 422, message: answer.report.problems.map((problem) => problem.problem).join(' '), reason: null });
    } else {
      setStep({ kind: 'preview', file, report: answer.report });
    }
  };

  if (fetching && !data)
    return (
      <p className="kern-body" role="status">
        Der Zuwendungsbescheid wird geladen …
      </p>
    );
  if (error || !notice)
    return (
      <div className="kern-stack">
        <h1 className="kern-heading-large">Belege importieren</h1>
        <Alert variant="danger" title="Der Zuwendungsbescheid konnte nicht geladen werden">
          <p className="kern-body">{error?.graphQLErrors[0]?.message ?? 'Er existiert nicht oder liegt außerhalb Ihrer Zuständigkeit.'}</p>
        </Alert>
      </div>
    );

  const back = (
    <Link className="kern-link" to={`/bescheide/${notice.id}`}>
      Zurück zum Bescheid {notice.reference}
    </Link>
  );
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to={`/bescheide/${notice.id}`}>
          Bescheid {notice.reference}
        </Link>
      </p>
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Belege importieren</h1>
        <p className="kern-subline">
          Bescheid {notice.reference} · {notice.recipient.name}
        </p>
      </hgroup>
      {refusal && <RefusalAlert refusal={refusal} onSignIn={() => void refresh()} />}
      {notice.status !== 'APPROVED' ? (
        <Alert variant="info" title="Dieser Bescheid nimmt keine Belege mehr an">
          <p className="kern-body">Er ist abgerechnet oder widerrufen; es können keine Belege mehr gebucht werden.</p>
        </Alert>
      ) : step.kind === 'booked' ? (
        <Booked report={step.report} back={back} onAnother={() => setStep({ kind: 'choose' })} />
      ) : (
        <>
          <p className="kern-body">
            Laden Sie den Buchungsexport Ihres Buchhaltungssystems hoch. Die Datei wird zuerst nur geprüft; gebucht wird erst, wenn Sie es
            bestätigen, und dann alle Belege der Datei oder keiner.
          </p>
          <DropZone disabled={step.kind === 'sending'} onFile={(file) => void send(file, true)} onRefusal={setRefusal} />
          {step.kind === 'sending' && <Sending sent={step.sent} dryRun={step.dryRun} />}
          {step.kind === 'preview' && <Preview report={step.report} onBook={() => void send(step.file, false)} />}
        </>
      )}
    </div>
  );
}

/** The file input of KERN, which is also the place to drop a file on. */
function DropZone({
  disabled,
  onFile,
  onRefusal,
}: {
  disabled: boolean;
  onFile: (file: File) => void;
  onRefusal: (refusal: UploadRefusal) => void;
}) {
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = event.dataTransfer.files;
    if (files.length === 1) onFile(files[0]!);
    else onRefusal({ status: 400, message: 'Legen Sie genau eine Datei ab; ein Import liest eine Datei.', reason: null });
  };
  return (
    <div
      className={`import-drop${over ? ' import-drop--over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="buchungsexport">
          Buchungsexport (CSV oder XLSX)
        </label>
        <div className="kern-hint" id="buchungsexport-hinweis">
          Ziehen Sie die Datei hierher oder wählen Sie sie aus; höchstens 50 MB.
        </div>
        <input
          className="kern-form-input__input"
          type="file"
          id="buchungsexport"
          name="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby="buchungsexport-hinweis"
          disabled={disabled}
          onChange={(event) => {
            const file = event.target.files?.[0];
            // Emptied, so that choosing the same file again (corrected) is a change too.
            event.target.value = '';
            if (file) onFile(file);
          }}
        />
      </div>
    </div>
  );
}

function Sending({ sent, dryRun }: { sent: number; dryRun: boolean }) {
  const percent = Math.round(sent * 100);
  return (
    <div className="kern-progress">
      <label className="kern-label" htmlFor="upload-progress">
        {sent < 1 ? `Die Datei wird gesendet: ${percent} %` : dryRun ? 'Die Datei wird geprüft …' : 'Die Belege werden gebucht …'}
      </label>
      <progress id="upload-progress" max={100} value={percent} />
    </div>
  );
}

function Preview({ report, onBook }: { report: ImportReport; onBook: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The result replaces the progress where the focus was: it is moved to the result's heading.
  useEffect(() => heading.current?.focus(), [report]);
  const badRows = new Set(report.problems.filter((problem) => problem.row > 0).map((problem) => problem.row)).size;
  return (
    <section aria-labelledby="pruefung" className="kern-stack">
      <h2 id="pruefung" className="kern-heading-medium focus-target" tabIndex={-1} ref={heading}>
        Ergebnis der Prüfung
      </h2>
      <dl className="kern-description-list">
        <Figure term="Datei">
          {report.fileName} ({report.format})
        </Figure>
        <Figure term="Gelesene Belegzeilen">{report.rows.toLocaleString('de-DE')}</Figure>
        <Figure term="Davon fehlerfrei">{(report.rows - badRows).toLocaleString('de-DE')}</Figure>
        <Figure term="Zu buchen">{report.problems.length === 0 ? receiptsWord(report.rows) : 'keine, solange die Datei Fehler hat'}</Figure>
        <Figure term="Summe der Beträge">{formatMoney(report.totalAmount)}</Figure>
        <Figure term="Zählen nicht">{receiptsWord(report.notCounting.length)}</Figure>
      </dl>
      {report.problems.length > 0 ? (
        <Alert
          variant="danger"
          title={`Die Datei hat ${report.problems.length === 1 ? 'ein Problem' : `${report.problems.length.toLocaleString('de-DE')} Probleme`}; es wird nichts gebucht`}
        >
          <p className="kern-body">Korrigieren Sie die Datei in Ihrem Buchhaltungssystem und laden Sie sie erneut hoch.</p>
        </Alert>
      ) : (
        <p className="kern-body">
          <button type="button" className="kern-btn kern-btn--primary" onClick={onBook}>
            <span className="kern-icon kern-icon--check" aria-hidden="true" />
            <span className="kern-label">
              {report.rows === 1 ? 'Den Beleg buchen' : `Alle ${report.rows.toLocaleString('de-DE')} Belege buchen`}
            </span>
          </button>
        </p>
      )}
      <ResultTables report={report} />
    </section>
  );
}

const rowName = (row: number) => (row === 0 ? 'ganze Datei' : String(row));

/** One table of the check's result under its heading: the row of the file first, then the given cells. */
function RowTable({
  id,
  title,
  region,
  columns,
  rows,
}: {
  id: string;
  title: string;
  region: string;
  columns: string[];
  rows: { row: number; cells: ReactNode[] }[];
}) {
  return (
    <section aria-labelledby={id} className="kern-stack">
      <h3 id={id} className="kern-heading-small">
        {title}
      </h3>
      <TableRegion label={region}>
        <table className="kern-table kern-table--small">
          <TableHead columns={['Zeile', ...columns].map((column) => ({ label: column }))} />
          <tbody className="kern-table__body">
            {rows.map(({ row, cells }, index) => (
              <tr key={index} className="kern-table__row">
                <th scope="row" className="kern-table__cell">
                  {rowName(row)}
                </th>
                {cells.map((cell, column) => (
                  <td key={column} className="kern-table__cell">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}

const DUPLICATE_BADGES = {
  BOOKED: <Badge text="bereits gebucht" variant="kern-badge--danger nowrap" />,
  IN_FILE: <Badge text="doppelt in der Datei" variant="kern-badge--warning nowrap" />,
};

function ResultTables({ report }: { report: ImportReport }) {
  const bad = report.problems.filter((problem) => !problem.duplicate);
  const duplicates = report.problems.filter((problem) => problem.duplicate);
  return (
    <>
      {bad.length > 0 && (
        <RowTable
          id="fehler"
          title="Fehlerhafte Zeilen"
          region="Fehlerhafte Zeilen"
          columns={['Spalte', 'Problem']}
          rows={bad.map((problem) => ({ row: problem.row, cells: [problem.column || '–', problem.problem] }))}
        />
      )}
      {duplicates.length > 0 && (
        <RowTable
          id="doppelt"
          title="Doppelte Belegnummern"
          region="Doppelte Belegnummern"
          columns={['Doppelt', 'Hinweis']}
          rows={duplicates.map((problem) => ({ row: problem.row, cells: [DUPLICATE_BADGES[problem.duplicate!], problem.problem] }))}
        />
      )}
      {report.notCounting.length > 0 && (
        <RowTable
          id="zaehlen-nicht"
          title="Belege, die gebucht werden, aber nicht zählen"
          region="Belege, die nicht zählen"
          columns={['Beleg', 'Grund', 'Erläuterung']}
          rows={report.notCounting.map((receipt) => ({
            row: receipt.row,
            cells: [receipt.receiptNumber, label(EXCLUSION_LABELS, receipt.reason), receipt.explanation],
          }))}
        />
      )}
    </>
  );
}

function Booked({ report, back, onAnother }: { report: ImportReport; back: ReactNode; onAnother: () => void }) {
  const heading = useRef<HTMLDivElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const notCounting = report.notCounting.length;
  return (
    <div className="kern-stack focus-target" ref={heading} tabIndex={-1}>
      <Alert variant="success" title={`${receiptsWord(report.rows)} gebucht`}>
        <p className="kern-body">
          Die Datei „{report.fileName}“ ist eingelesen: {receiptsWord(report.rows)} über zusammen {formatMoney(report.totalAmount)}
          {notCounting > 0 ? `; ${notCounting === 1 ? 'einer davon zählt' : `${notCounting} davon zählen`} nicht` : ''}. Die Belegliste des
          Bescheids zeigt sie.
        </p>
        <p className="kern-body">{back}</p>
      </Alert>
      <p className="kern-body">
        <button type="button" className="kern-btn kern-btn--secondary" onClick={onAnother}>
          <span className="kern-label">Weitere Datei importieren</span>
        </button>
      </p>
    </div>
  );
}

/** What the user reads when the service did not take the file. */
const REFUSAL_TITLES: Record<number, string> = {
  0: 'Der Dienst ist nicht erreichbar',
  400: 'Die Datei wurde nicht angenommen',
  401: 'Sie sind nicht mehr angemeldet',
  403: 'Sie dürfen hier keine Belege buchen',
  404: 'Diesen Zuwendungsbescheid gibt es nicht',
  409: 'Diese Datei wurde bereits eingelesen',
  413: 'Die Datei ist zu groß',
  415: 'Die Datei wurde nicht angenommen',
  422: 'Die Datei kann nicht gelesen werden',
  429: 'Es laufen bereits zwei Importe',
};

function RefusalAlert({ refusal, onSignIn }: { refusal: UploadRefusal; onSignIn: () => void }) {
  return (
    <Alert variant="danger" title={REFUSAL_TITLES[refusal.status] ?? 'Der Import ist fehlgeschlagen'}>
      <p className="kern-body">
        {/* The service's words for a request without a session speak of the Authorization header, meant for scripts. */}
        {refusal.reason === 'NOT_SIGNED_IN'
          ? 'Sie sind nicht angemeldet; melden Sie sich an und senden Sie die Datei erneut.'
          : refusal.message}
      </p>
      {refusal.status === 401 && (
        <p className="kern-body">
          <button type="button" className="kern-btn kern-btn--secondary" onClick={onSignIn}>
            <span className="kern-label">Neu anmelden</span>
          </button>
        </p>
      )}
    </Alert>
  );
}

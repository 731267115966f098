// Pieces every form has: the frame that submits it, the message of a refusal that no field stands
// for, the buttons, and the heading of a form on a notice.
import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert } from '../components/Alert';

/** The form element: submitted by the form's state, with the refusal no field stands for on top. */
export function FormFrame({ form, children }: { form: { submit(): Promise<void>; general: string | null }; children: ReactNode }) {
  return (
    <form
      className="kern-stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
    >
      <FormProblem message={form.general} />
      {children}
    </form>
  );
}

/** A form page of a notice: the way back to it, the heading, and the notice's figures under it. */
export function NoticeFormPage({
  noticeId,
  notice,
  title,
  subline,
  children,
}: {
  noticeId: string;
  notice: { reference: string } | undefined;
  title: string;
  subline?: string;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title}${notice ? ` – Bescheid ${notice.reference}` : ''} – Förderregister E-Government Thüringen`;
  }, [title, notice]);
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to={`/bescheide/${noticeId}`}>
          {notice ? `Bescheid ${notice.reference}` : 'Zurück zum Bescheid'}
        </Link>
      </p>
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">{title}</h1>
        {subline && <p className="kern-subline">{subline}</p>}
      </hgroup>
      {children}
    </div>
  );
}

/** A refusal of the service without a field of the form; it takes the focus after a failed submit. */
export function FormProblem({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div id="form-problem" tabIndex={-1}>
      <Alert variant="danger" title="Das kann so nicht gespeichert werden">
        <p className="kern-body">{message}</p>
      </Alert>
    </div>
  );
}

export function SubmitButtons({ submitting, label, cancelTo }: { submitting: boolean; label: string; cancelTo: string }) {
  return (
    <div className="kern-btn-wrapper">
      <button type="submit" className="kern-btn kern-btn--primary" disabled={submitting}>
        <span className="kern-label">{submitting ? 'Wird gespeichert …' : label}</span>
      </button>
      <Link className="kern-btn kern-btn--secondary" to={cancelTo}>
        <span className="kern-label">Abbrechen</span>
      </Link>
    </div>
  );
}

// A form field in KERN's markup: label, hint, Hinweise of the service, and the error, tied to the
// control by aria-describedby and aria-invalid, so that a screen reader reads what is wrong with it.
import { useId, type ReactNode } from 'react';

export interface FieldProps {
  label: string;
  /** What to enter, e.g. the notation of an amount. */
  hint?: string;
  /** Hinweis of the service: accepted, but worth a second look. */
  warning?: string | null;
  /** German message why the value is refused; the field is marked invalid while it is set. */
  error?: string | null;
  optional?: boolean;
  /** Renders the control with the attributes that tie it to the label and the messages. */
  children: (control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true; className: string }) => ReactNode;
  /** The control's own KERN class; a select also gets its wrapper. */
  kind?: 'input' | 'select' | 'textarea';
}

function ErrorMessage({ id, text }: { id: string; text: string }) {
  return (
    <p className="kern-error" id={id}>
      <span className="kern-icon kern-icon--danger" aria-hidden="true" />
      <span className="kern-body">{text}</span>
    </p>
  );
}

export function Field({ label, hint, warning, error, optional, children, kind = 'input' }: FieldProps) {
  const id = useId();
  const described = [hint && `${id}-hint`, warning && `${id}-warning`, error && `${id}-error`].filter(Boolean).join(' ');
  const base = kind === 'select' ? 'kern-form-input__select' : 'kern-form-input__input';
  const control = children({
    id,
    ...(described ? { 'aria-describedby': described } : {}),
    ...(error ? { 'aria-invalid': true as const } : {}),
    className: `${base}${error ? ` ${base}--error` : ''}`,
  });
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
        {optional && <span className="kern-label__optional"> – optional</span>}
      </label>
      {hint && (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {kind === 'select' ? <div className="kern-form-input__select-wrapper">{control}</div> : control}
      {warning && (
        <div className="kern-hint form-warning" id={`${id}-warning`}>
          <strong>Hinweis:</strong> {warning}
        </div>
      )}
      {error && <ErrorMessage id={`${id}-error`} text={error} />}
    </div>
  );
}

/** A group of fields (a period, a financing plan) in KERN's fieldset, with the error of the whole group. */
export function FieldGroup({
  legend,
  hint,
  error,
  children,
}: {
  legend: string;
  hint?: string;
  error?: string | null;
  children: ReactNode;
}) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <fieldset className={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} aria-describedby={described || undefined}>
      <legend className="kern-label">{legend}</legend>
      {hint && (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <div className="kern-fieldset__body">{children}</div>
      {error && <ErrorMessage id={`${id}-error`} text={error} />}
    </fieldset>
  );
}

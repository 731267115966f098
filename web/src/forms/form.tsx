// The state of a form that the service checks before it writes: the values as typed, the German
// messages of the form's own reading (an amount that is no amount) and of the service's dry run
// (a rule it breaks, a Hinweis), shown at their fields once the user has left the field or submitted.
import { useCallback, useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import type { OperationResult } from 'urql';
import { Field } from './Field';
import { parseGermanDate, parseGermanHours, parseGermanMoney, parseGermanMonth, parseGermanPercent, type Parsed } from './input';
import { formFieldOf, messagesByField, refusalsOf, type FieldMap } from './server-errors';

export interface FormReading<F extends string, I> {
  /** What to send, when every value could be read. */
  input: I | null;
  errors: Partial<Record<F, string>>;
}

export interface FormOptions<F extends string, I, R> {
  initial: Record<F, string>;
  /** Reads the values as typed into the mutation's input. */
  read(values: Record<F, string>): FormReading<F, I>;
  /** Which form field stands for which input path of the API. */
  fields: FieldMap;
  /** Sends the mutation, as a dry run or to be stored. */
  send(input: I, dryRun: boolean): Promise<OperationResult<R>>;
  /** The Hinweise of an answer, with their API field. */
  warningsOf?(data: R): readonly { field?: string | null; message: string }[];
  /** Called with the stored answer. */
  onSaved(data: R): void;
  /** Called with the answer of each dry run that passed, and with null when one was refused. */
  onChecked?(data: R | null): void;
}

export interface Form<F extends string> {
  values: Record<F, string>;
  set(field: F, value: string): void;
  /** The user left a field (and with it a group it belongs to): the service checks the whole form, if it can be read. */
  leave(field: F, ...groups: F[]): void;
  submit(): Promise<void>;
  errorOf(field: F): string | null;
  warningOf(field: F): string | null;
  /** Refusals that no field of the form stands for. */
  general: string | null;
  submitting: boolean;
}

export function useCheckedForm<F extends string, I, R>(options: FormOptions<F, I, R>): Form<F> {
  const { initial, read, fields, send, warningsOf, onSaved, onChecked } = options;
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<Record<string, string>>({});
  const [warnings, setWarnings] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [focusError, setFocusError] = useState(0);
  // A field left asks for a check, which runs once the values it left are rendered.
  const [checkRequest, setCheckRequest] = useState(0);
  // Only the latest check may set the messages: an earlier answer arriving late is stale.
  const latest = useRef(0);
  const reading = read(values);

  const check = useCallback(
    async (input: I, dryRun: boolean): Promise<R | null> => {
      const call = ++latest.current;
      const result = await send(input, dryRun);
      if (call !== latest.current) return null;
      if (result.error) {
        setServer(messagesByField(refusalsOf(result.error, fields)));
        setWarnings({});
        if (dryRun) onChecked?.(null);
        return null;
      }
      setServer({});
      const found = result.data && warningsOf ? warningsOf(result.data) : [];
      setWarnings(messagesByField(found.map((warning) => ({ message: warning.message, field: formFieldOf(warning.field, fields) }))));
      if (dryRun) onChecked?.(result.data ?? null);
      return result.data ?? null;
    },
    [send, fields, warningsOf, onChecked],
  );

  useEffect(() => {
    if (checkRequest > 0 && reading.input !== null) void check(reading.input, true);
    // Only a new request checks; the reading is that of the values the request was made on.
  }, [checkRequest]);

  useEffect(() => {
    if (focusError === 0) return;
    const invalid =
      document.querySelector<HTMLElement>('form [aria-invalid="true"]') ?? document.querySelector<HTMLElement>('#form-problem');
    invalid?.focus();
  }, [focusError]);

  return {
    values,
    set(field, value) {
      setValues((before) => ({ ...before, [field]: value }));
      // The service's message was about the value before; it is checked anew when the field is left.
      setServer((before) => {
        const rest = { ...before };
        delete rest[field];
        return rest;
      });
    },
    leave(field, ...groups) {
      setTouched((before) => new Set([...before, field, ...groups]));
      setCheckRequest((count) => count + 1);
    },
    async submit() {
      setSubmitted(true);
      if (reading.input === null) {
        setFocusError((count) => count + 1);
        return;
      }
      setSubmitting(true);
      try {
        const saved = await check(reading.input, false);
        if (saved) onSaved(saved);
        else setFocusError((count) => count + 1);
      } finally {
        setSubmitting(false);
      }
    },
    errorOf(field) {
      const shown = submitted || touched.has(field);
      return shown ? (reading.errors[field] ?? server[field] ?? null) : null;
    },
    warningOf(field) {
      return warnings[field] ?? null;
    },
    general: server[''] ?? null,
    submitting,
  };
}

/** Reads a field with `parse` into what to send, or its message into `errors`; an empty optional one is null. */
function readField<F extends string>(
  parse: (text: string) => Parsed,
  example: string,
): (values: Record<F, string>, field: NoInfer<F>, errors: Partial<Record<F, string>>, what: string, optional?: boolean) => string | null {
  return (values, field, errors, what, optional = false) => {
    const text = values[field].trim();
    if (text === '') {
      if (!optional) errors[field] = `Bitte ${what} angeben, z. B. ${example}.`;
      return null;
    }
    const parsed = parse(text);
    if (parsed.error !== undefined) errors[field] = parsed.error;
    return parsed.value ?? null;
  };
}

/** An amount field in German notation as a decimal string ("1234.56"). */
export function readMoney<F extends string>(...args: Parameters<ReturnType<typeof readField<F>>>): string | null {
  return readField<F>(parseGermanMoney, '1.234,56')(...args);
}

/** A date field in German notation as YYYY-MM-DD. */
export function readDate<F extends string>(...args: Parameters<ReturnType<typeof readField<F>>>): string | null {
  return readField<F>(parseGermanDate, '31.12.2025')(...args);
}

/** A month field (MM.JJJJ) as its first day, YYYY-MM-DD. */
export function readMonth<F extends string>(...args: Parameters<ReturnType<typeof readField<F>>>): string | null {
  return readField<F>(parseGermanMonth, '07.2020')(...args);
}

/** A percentage field ("50" or "50 %") as a rate ("0.5000"). */
export function readPercent<F extends string>(...args: Parameters<ReturnType<typeof readField<F>>>): string | null {
  return readField<F>(parseGermanPercent, '50 %')(...args);
}

/** An hours field in German notation ("64,5") as the API's hours ("64.5"). */
export function readHours<F extends string>(...args: Parameters<ReturnType<typeof readField<F>>>): string | null {
  return readField<F>(parseGermanHours, '64,5')(...args);
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onBlur' | 'id' | 'className' | 'form'>;

/** A text, date or amount field of a form, in KERN's markup with its messages. */
export function FormField<F extends string>({
  form,
  name,
  label,
  hint,
  optional,
  money,
  date,
  group,
  ...input
}: {
  form: Form<F>;
  name: NoInfer<F>;
  label: string;
  hint?: string;
  optional?: boolean;
  money?: boolean;
  /** A date in German notation (TT.MM.JJJJ). */
  date?: boolean;
  /** The group (fieldset) whose message is shown once the field was left. */
  group?: NoInfer<F>;
} & InputProps) {
  return (
    <Field
      label={label}
      hint={hint ?? (money ? 'Betrag in Euro, z. B. 1.234,56' : date ? 'TT.MM.JJJJ, z. B. 31.12.2025' : undefined)}
      optional={optional}
      error={form.errorOf(name)}
      warning={form.warningOf(name)}
    >
      {(control) => (
        <input
          {...control}
          type="text"
          {...(money ? { inputMode: 'decimal' as const, autoComplete: 'off' } : {})}
          {...input}
          value={form.values[name]}
          onChange={(event) => form.set(name, event.target.value)}
          onBlur={() => (group ? form.leave(name, group) : form.leave(name))}
        />
      )}
    </Field>
  );
}

/** A choice of a form, in KERN's select markup. */
export function FormSelect<F extends string>({
  form,
  name,
  label,
  hint,
  options,
}: {
  form: Form<F>;
  name: NoInfer<F>;
  label: string;
  hint?: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <Field label={label} hint={hint} error={form.errorOf(name)} warning={form.warningOf(name)} kind="select">
      {(control) => (
        <select
          {...control}
          value={form.values[name]}
          onChange={(event) => {
            // A choice is complete when made: it is checked at once, not only when the field is left.
            form.set(name, event.target.value);
            form.leave(name);
          }}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A longer text of a form (a reason), in KERN's markup. */
export function FormTextArea<F extends string>({
  form,
  name,
  label,
  hint,
  optional,
}: {
  form: Form<F>;
  name: NoInfer<F>;
  label: string;
  hint?: string;
  optional?: boolean;
}) {
  return (
    <Field label={label} hint={hint} optional={optional} error={form.errorOf(name)} warning={form.warningOf(name)} kind="textarea">
      {(control) => (
        <textarea
          {...control}
          rows={3}
          value={form.values[name]}
          onChange={(event) => form.set(name, event.target.value)}
          onBlur={() => form.leave(name)}
        />
      )}
    </Field>
  );
}

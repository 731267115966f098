// Storno of a receipt from the Belegliste: a button per receipt not yet reversed opens a modal dialog
// (KERN's dialog on the native <dialog>, which keeps the focus inside while open) that asks for the
// reason; the focus goes back to the button, or after the Storno to the row's "storniert".
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import type { ReversalInput } from '../gql/graphql';
import { FormField, FormTextArea, readDate, useCheckedForm, type FormReading } from './form';
import { germanDateInput, parseRequired, todayInGermany } from './input';
import { useClearSavedMessage } from './may-book';
import { FormProblem } from './parts';

const ReverseMutation = graphql(`
  mutation ReverseExpenditure($id: ID!, $input: ReversalInput!, $dryRun: Boolean!) {
    reverseExpenditure(id: $id, input: $input, dryRun: $dryRun) {
      id
      reversal {
        id
      }
    }
  }
`);

type ReversalField = 'reason' | 'reversedOn';

// A refusal about the receipt itself (already reversed, part of a shared invoice) has no field here and shows above them.
const FIELDS = { reason: 'reason', reversedOn: 'reversedOn' } as const;

function readReversal(values: Record<ReversalField, string>): FormReading<ReversalField, ReversalInput> {
  const reason = parseRequired(values.reason, 'den Grund des Stornos');
  const errors: Partial<Record<ReversalField, string>> = {};
  if (reason.error) errors.reason = reason.error;
  const reversedOn = readDate(values, 'reversedOn', errors, 'das Datum des Stornos');
  return Object.keys(errors).length > 0 ? { input: null, errors } : { errors, input: { reason: reason.value!, reversedOn: reversedOn! } };
}

function ReversalForm({ receiptId, receiptNumber, onDone }: { receiptId: string; receiptNumber: string; onDone(reversed: boolean): void }) {
  const [, reverse] = useMutation(ReverseMutation);
  const send = useCallback(
    (input: ReversalInput, dryRun: boolean) =>
      reverse({ id: receiptId, input, dryRun }, dryRun ? {} : { additionalTypenames: ['GrantNotice'] }),
    [reverse, receiptId],
  );
  const form = useCheckedForm({
    initial: { reason: '', reversedOn: germanDateInput(todayInGermany()) },
    read: readReversal,
    fields: FIELDS,
    send,
    onSaved: () => onDone(true),
  });
  const headingId = `storno-${receiptId}`;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
    >
      <header className="kern-dialog__header">
        <h2 className="kern-title kern-title--large" id={headingId}>
          Beleg {receiptNumber} stornieren
        </h2>
        <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => onDone(false)}>
          <span className="kern-icon kern-icon--close" aria-hidden="true" />
          <span className="kern-sr-only">Schließen</span>
        </button>
      </header>
      <section className="kern-dialog__body">
        <p className="kern-body">
          Ein Storno lässt sich nicht zurücknehmen: Der Beleg bleibt in der Belegliste, zählt aber nicht mehr. Ein berichtigter Beleg wird
          neu erfasst.
        </p>
        <FormProblem message={form.general} />
        <FormTextArea form={form} name="reason" label="Grund des Stornos" hint="z. B. doppelt erfasst, falscher Betrag" />
        <FormField form={form} name="reversedOn" label="Storniert am" date />
      </section>
      <footer className="kern-dialog__footer">
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => onDone(false)}>
          <span className="kern-label">Abbrechen</span>
        </button>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={form.submitting}>
          <span className="kern-label">Stornieren</span>
        </button>
      </footer>
    </form>
  );
}

/**
 * Tab from the dialog's last control goes to its first, Shift+Tab from the first to the last: the
 * modal dialog makes the page behind it inert, but would let the focus leave to the browser.
 */
export function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return;
  const controls = [...event.currentTarget.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]')].filter(
    (control) => !control.hasAttribute('disabled'),
  );
  const [first, last] = [controls[0], controls[controls.length - 1]];
  if (!first || !last) return;
  if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  } else if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  }
}

/** The action cell of a Belegliste row: the Storno button with its dialog, or "storniert". */
export function ReverseReceipt({ receiptId, receiptNumber, reversed }: { receiptId: string; receiptNumber: string; reversed: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const done = useRef<HTMLSpanElement>(null);
  const [open, setOpen] = useState(false);
  const [justReversed, setJustReversed] = useState(false);

  useEffect(() => {
    if (!open) return;
    dialog.current?.showModal();
    // The reason first: showModal would focus the dialog's first button, the one that closes it.
    dialog.current?.querySelector('textarea')?.focus();
  }, [open]);
  // The row shows "storniert" once the Belegliste is read again; the focus waits for it.
  useEffect(() => {
    if (reversed && justReversed) done.current?.focus();
  }, [reversed, justReversed]);

  const clearSaved = useClearSavedMessage();
  const close = (didReverse: boolean) => {
    dialog.current?.close();
    setOpen(false);
    if (didReverse) {
      setJustReversed(true);
      clearSaved();
    } else button.current?.focus();
  };

  if (reversed)
    return (
      <span ref={done} tabIndex={-1} className="kern-body">
        storniert
      </span>
    );
  return (
    <>
      <button
        ref={button}
        type="button"
        className="kern-btn kern-btn--secondary kern-btn--x-small"
        aria-haspopup="dialog"
        // The receipt's number in the name tells the buttons of the rows apart (KERN sizes a button with hidden text as an icon).
        aria-label={`Stornieren (Beleg ${receiptNumber})`}
        onClick={() => setOpen(true)}
      >
        <span className="kern-label">Stornieren</span>
      </button>
      {open && (
        <dialog
          ref={dialog}
          className="kern-dialog"
          aria-labelledby={`storno-${receiptId}`}
          onKeyDown={keepFocusInside}
          onCancel={(event) => {
            event.preventDefault();
            close(false);
          }}
        >
          <ReversalForm receiptId={receiptId} receiptNumber={receiptNumber} onDone={close} />
        </dialog>
      )}
    </>
  );
}

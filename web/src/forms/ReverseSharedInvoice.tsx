// Storno of a whole joint purchase from the list of the cooperation's invoices: a button per invoice
// not yet reversed opens a modal dialog that asks for the reason and says that every member's part is
// reversed with it; the focus goes back to the button, or after the Storno to the row's "storniert".
import { useCallback, useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { Badge } from '../components/Money';
import { formatDate } from '../format';
import { graphql } from '../gql';
import type { ReversalInput } from '../gql/graphql';
import { FormField, FormTextArea, readDate, useCheckedForm, type FormReading } from './form';
import { germanDateInput, parseRequired, todayInGermany } from './input';
import { FormProblem } from './parts';
import { keepFocusInside } from './ReverseReceipt';

const ReverseSharedInvoiceMutation = graphql(`
  mutation ReverseSharedInvoice($id: ID!, $input: ReversalInput!, $dryRun: Boolean!) {
    reverseSharedInvoice(id: $id, input: $input, dryRun: $dryRun) {
      id
      reversedOn
      reason
    }
  }
`);

type ReversalField = 'reason' | 'reversedOn';

const FIELDS = { reason: 'reason', reversedOn: 'reversedOn' } as const;

function readReversal(values: Record<ReversalField, string>): FormReading<ReversalField, ReversalInput> {
  const reason = parseRequired(values.reason, 'den Grund des Stornos');
  const errors: Partial<Record<ReversalField, string>> = {};
  if (reason.error) errors.reason = reason.error;
  const reversedOn = readDate(values, 'reversedOn', errors, 'das Datum des Stornos');
  return Object.keys(errors).length > 0 ? { input: null, errors } : { errors, input: { reason: reason.value!, reversedOn: reversedOn! } };
}

function ReversalForm({
  invoiceId,
  receiptNumber,
  parts,
  onDone,
}: {
  invoiceId: string;
  receiptNumber: string;
  parts: number;
  onDone(reversed: boolean): void;
}) {
  const [, reverse] = useMutation(ReverseSharedInvoiceMutation);
  const send = useCallback(
    (input: ReversalInput, dryRun: boolean) =>
      reverse({ id: invoiceId, input, dryRun }, dryRun ? {} : { additionalTypenames: ['SharedInvoice', 'GrantNotice'] }),
    [reverse, invoiceId],
  );
  const form = useCheckedForm({
    initial: { reason: '', reversedOn: germanDateInput(todayInGermany()) },
    read: readReversal,
    fields: FIELDS,
    send,
    onSaved: () => onDone(true),
  });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
    >
      <header className="kern-dialog__header">
        <h2 className="kern-title kern-title--large" id={`storno-${invoiceId}`}>
          Gemeinsame Rechnung {receiptNumber} stornieren
        </h2>
        <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => onDone(false)}>
          <span className="kern-icon kern-icon--close" aria-hidden="true" />
          <span className="kern-sr-only">Schließen</span>
        </button>
      </header>
      <section className="kern-dialog__body">
        <p className="kern-body">
          Mit der Rechnung {parts === 1 ? 'wird der Anteil' : `werden alle ${parts} Anteile`} auf den Bescheiden der Mitglieder storniert.
          Ein Storno lässt sich nicht zurücknehmen; eine berichtigte Rechnung wird neu erfasst.
        </p>
        <FormProblem message={form.general} />
        <FormTextArea form={form} name="reason" label="Grund des Stornos" hint="z. B. falscher Betrag, Rechnung storniert" />
        <FormField form={form} name="reversedOn" label="Storniert am" date />
      </section>
      <footer className="kern-dialog__footer">
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => onDone(false)}>
          <span className="kern-label">Abbrechen</span>
        </button>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={form.submitting}>
          <span className="kern-label">Rechnung und Anteile stornieren</span>
        </button>
      </footer>
    </form>
  );
}

/** The action cell of an invoice's row: the Storno button with its dialog, or "storniert" with date and reason. */
export function ReverseSharedInvoice({
  invoiceId,
  receiptNumber,
  parts,
  reversal,
}: {
  invoiceId: string;
  receiptNumber: string;
  parts: number;
  reversal: { reversedOn: string; reason: string } | null;
}) {
  const reversed = reversal !== null;
  const dialog = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const done = useRef<HTMLSpanElement>(null);
  const [open, setOpen] = useState(false);
  const [justReversed, setJustReversed] = useState(false);

  useEffect(() => {
    if (!open) return;
    dialog.current?.showModal();
    dialog.current?.querySelector('textarea')?.focus();
  }, [open]);
  useEffect(() => {
    if (reversed && justReversed) done.current?.focus();
  }, [reversed, justReversed]);

  const close = (didReverse: boolean) => {
    dialog.current?.close();
    setOpen(false);
    if (didReverse) setJustReversed(true);
    else button.current?.focus();
  };

  if (reversal)
    return (
      <span ref={done} tabIndex={-1}>
        <Badge text="storniert" variant="kern-badge--danger" />
        <br />
        <span className="kern-body--small">
          am {formatDate(reversal.reversedOn)}: {reversal.reason}
        </span>
      </span>
    );
  return (
    <>
      <button
        ref={button}
        type="button"
        className="kern-btn kern-btn--secondary kern-btn--x-small"
        aria-haspopup="dialog"
        aria-label={`Stornieren (Rechnung ${receiptNumber})`}
        onClick={() => setOpen(true)}
      >
        <span className="kern-label">Stornieren</span>
      </button>
      {open && (
        <dialog
          ref={dialog}
          className="kern-dialog"
          aria-labelledby={`storno-${invoiceId}`}
          onKeyDown={keepFocusInside}
          onCancel={(event) => {
            event.preventDefault();
            close(false);
          }}
        >
          <ReversalForm invoiceId={invoiceId} receiptNumber={receiptNumber} parts={parts} onDone={close} />
        </dialog>
      )}
    </>
  );
}

// Storno of one month's staff allocation from the notice's staff costs: a button per allocation not yet
// reversed opens a modal dialog (as the Storno of a receipt) that asks for the reason; the month's share
// is free again for other grants. The focus goes back to the button, or after the Storno to "storniert".
import { useCallback, useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import type { ReversalInput } from '../gql/graphql';
import { FormField, FormTextArea, readDate, useCheckedForm, type FormReading } from './form';
import { germanDateInput, parseRequired, todayInGermany } from './input';
import { useClearSavedMessage } from './may-book';
import { FormProblem } from './parts';
import { keepFocusInside } from './ReverseReceipt';

const ReverseAllocationMutation = graphql(`
  mutation ReverseStaffAllocation($id: ID!, $input: ReversalInput!, $dryRun: Boolean!) {
    reverseStaffAllocation(id: $id, input: $input, dryRun: $dryRun) {
      id
    }
  }
`);

type ReversalField = 'reason' | 'reversedOn';

// A refusal about the allocation itself (already reversed) has no field here and shows above them.
const FIELDS = { reason: 'reason', reversedOn: 'reversedOn' } as const;

function readReversal(values: Record<ReversalField, string>): FormReading<ReversalField, ReversalInput> {
  const reason = parseRequired(values.reason, 'den Grund des Stornos');
  const errors: Partial<Record<ReversalField, string>> = {};
  if (reason.error) errors.reason = reason.error;
  const reversedOn = readDate(values, 'reversedOn', errors, 'das Datum des Stornos');
  return Object.keys(errors).length > 0 ? { input: null, errors } : { errors, input: { reason: reason.value!, reversedOn: reversedOn! } };
}

function ReversalForm({ allocationId, what, onDone }: { allocationId: string; what: string; onDone(reversed: boolean): void }) {
  const [, reverse] = useMutation(ReverseAllocationMutation);
  const send = useCallback(
    (input: ReversalInput, dryRun: boolean) =>
      reverse({ id: allocationId, input, dryRun }, dryRun ? {} : { additionalTypenames: ['StaffAllocation', 'GrantNotice'] }),
    [reverse, allocationId],
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
        <h2 className="kern-title kern-title--large" id={`storno-${allocationId}`}>
          Zuordnung {what} stornieren
        </h2>
        <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => onDone(false)}>
          <span className="kern-icon kern-icon--close" aria-hidden="true" />
          <span className="kern-sr-only">Schließen</span>
        </button>
      </header>
      <section className="kern-dialog__body">
        <p className="kern-body">
          Ein Storno lässt sich nicht zurücknehmen: Die Zuordnung bleibt sichtbar, zählt aber nicht mehr, und ihr Anteil ist für andere
          Bescheide wieder frei. Eine berichtigte Zuordnung wird neu erfasst.
        </p>
        <FormProblem message={form.general} />
        <FormTextArea form={form} name="reason" label="Grund des Stornos" hint="z. B. falscher Monat, falscher Anteil" />
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

/** The action cell of a staff-cost row: the Storno button with its dialog, or "storniert". */
export function ReverseStaffAllocation({ allocationId, what, reversed }: { allocationId: string; what: string; reversed: boolean }) {
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
        aria-label={`Stornieren (${what})`}
        onClick={() => setOpen(true)}
      >
        <span className="kern-label">Stornieren</span>
      </button>
      {open && (
        <dialog
          ref={dialog}
          className="kern-dialog"
          aria-labelledby={`storno-${allocationId}`}
          onKeyDown={keepFocusInside}
          onCancel={(event) => {
            event.preventDefault();
            close(false);
          }}
        >
          <ReversalForm allocationId={allocationId} what={what} onDone={close} />
        </dialog>
      )}
    </>
  );
}

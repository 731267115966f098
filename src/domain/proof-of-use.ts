// Rule 9, proof of use (Verwendungsnachweis): when it is due and whether it is overdue.
import { DomainInputError } from './errors.js';
import { addMonths, compareLocalDates, type LocalDate } from './local-date.js';

/**
 * Due date of the proof of use (Vorlagefrist des Verwendungsnachweises): `proofOfUseMonths`
 * (default 6) after the end of the approval period (Bewilligungszeitraum). A day missing in the
 * target month becomes its last day: 2021-12-31 + 6 months = 2022-06-30.
 */
export function proofOfUseDue(approvalEnd: LocalDate, proofOfUseMonths: number): LocalDate {
  if (!Number.isInteger(proofOfUseMonths) || proofOfUseMonths < 0) {
    throw new DomainInputError(
      `Die Vorlagefrist des Verwendungsnachweises muss eine ganze Zahl von Monaten ab 0 sein, nicht ${String(proofOfUseMonths).replace('.', ',')}.`,
      {
        reason: 'VALUE_OUT_OF_RANGE',
        field: 'proofOfUseMonths',
      },
    );
  }
  return addMonths(approvalEnd, proofOfUseMonths);
}

/**
 * Whether the proof of use is overdue (überfällig) today: not submitted and today after the due
 * date. Submission on the due date is in time; once submitted, even late, it is no longer overdue.
 */
export function isProofOfUseOverdue(due: LocalDate, today: LocalDate, submittedOn: LocalDate | null): boolean {
  return submittedOn === null && compareLocalDates(today, due) > 0;
}

// The service's refusals and Hinweise at the fields they concern: the API names the input path of a
// refusal in `extensions.field` (e.g. "approvedAmount", "budgetLines.1.planned") and of a warning
// in `field`; each form says which of its fields stands for which path.
import type { CombinedError } from 'urql';

/** A refusal as the service sends it. */
export interface Refusal {
  message: string;
  reason: string | null;
  /** The form's field it belongs to; null when no field of the form stands for it. */
  field: string | null;
  figures: Record<string, string>;
}

/**
 * Which form field stands for an API path: the path itself, a table of paths, or a function for paths
 * with indexes; a path without a field of its own falls back to the one of its first part (so that
 * "approvalPeriod.end" finds "approvalPeriod" when only that is mapped).
 */
export type FieldMap = Readonly<Record<string, string>> | ((path: string) => string | null);

export function formFieldOf(path: string | null | undefined, map: FieldMap): string | null {
  if (!path) return null;
  if (typeof map === 'function') return map(path);
  for (let candidate: string | null = path; candidate; candidate = candidate.includes('.') ? candidate.replace(/\.[^.]*$/, '') : null) {
    if (candidate in map) return map[candidate]!;
  }
  return null;
}

/** The refusals of a failed call; a network failure is one refusal without a field. */
export function refusalsOf(error: CombinedError, map: FieldMap): Refusal[] {
  if (error.graphQLErrors.length === 0) {
    return [{ message: 'Der Dienst ist nicht erreichbar; es wurde nichts gespeichert.', reason: null, field: null, figures: {} }];
  }
  return error.graphQLErrors.map((problem) => {
    const extensions = problem.extensions as { reason?: unknown; field?: unknown; figures?: unknown };
    return {
      message: problem.message,
      reason: typeof extensions.reason === 'string' ? extensions.reason : null,
      field: formFieldOf(typeof extensions.field === 'string' ? extensions.field : null, map),
      figures: (extensions.figures as Record<string, string> | undefined) ?? {},
    };
  });
}

/** The messages by form field; those no field stands for under "". */
export function messagesByField(refusals: readonly { message: string; field: string | null }[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const refusal of refusals) {
    const key = refusal.field ?? '';
    messages[key] = messages[key] ? `${messages[key]} ${refusal.message}` : refusal.message;
  }
  return messages;
}

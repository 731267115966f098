// Errors and rule violations the domain reports back to the person who entered the figures.
import type { RefusalReason } from './reasons.js';

/** A rule the entered figures break, with the figures that show why. */
export interface RuleViolation {
  /** Stable code of the broken rule, from the catalogue in `reasons.ts`. */
  reason: RefusalReason;
  /** Dotted path of the input field to blame, e.g. `approvedAmount` or `budgetLines.1.planned`. */
  field: string;
  message: string;
  /** The figures named in the message as plain decimal strings, e.g. `{ cap: "145012.03" }`. */
  figures: Record<string, string>;
}

/** Input that cannot be accepted: a malformed value or figures that break a rule of the programme. */
export class DomainInputError extends Error {
  /** Stable code of what is wrong, from the catalogue in `reasons.ts`; the first violation's where there are several. */
  readonly reason: RefusalReason;
  /** Dotted path of the input field to blame, e.g. `approvedAmount` or `budgetLines.1.planned`. */
  readonly field?: string;
  /** Figures behind the message as plain decimal strings. */
  readonly details?: Record<string, string>;
  /** Every violation when the error stands for several broken rules. */
  readonly violations?: readonly RuleViolation[];

  constructor(
    message: string,
    options: { reason?: RefusalReason; field?: string; details?: Record<string, string>; violations?: readonly RuleViolation[] } = {},
  ) {
    super(message);
    this.name = 'DomainInputError';
    this.reason = options.reason ?? 'INVALID_VALUE';
    // Only set what is known, so that serialised errors carry no empty keys.
    if (options.field !== undefined) this.field = options.field;
    if (options.details !== undefined) this.details = options.details;
    if (options.violations !== undefined) this.violations = options.violations;
  }

  /**
   * One error for all violations of a check: the messages in order, the first violation's field,
   * and the figures of all of them (the first violation wins where names repeat).
   */
  static fromViolations(violations: readonly RuleViolation[]): DomainInputError {
    const [first] = violations;
    if (first === undefined) throw new RangeError('fromViolations needs at least one violation');
    const details: Record<string, string> = {};
    for (const violation of violations) {
      for (const [name, value] of Object.entries(violation.figures)) {
        if (!(name in details)) details[name] = value;
      }
    }
    return new DomainInputError(violations.map((v) => v.message).join(' '), {
      reason: first.reason,
      field: first.field,
      details,
      violations,
    });
  }
}

const MAX_QUOTED_INPUT = 40;

/** Quotes rejected input for a message; long input is cut so that a message stays readable. */
export function quoteInput(text: string): string {
  const shown = text.length > MAX_QUOTED_INPUT ? `${text.slice(0, MAX_QUOTED_INPUT)}…` : text;
  return JSON.stringify(shown);
}

// The financing plan of a form (Förderantrag, Änderungsbescheid): one amount field per cost category,
// read into the plan lines the API takes, their sum as typed, and the field a refusal of a line
// belongs to ("lines.1.planned" is the second line sent, whichever category that is).
import { cents, fromCents } from '../format.js';
import { parseGermanMoney } from './input.js';

/** The form field of a category's line. */
export type LineField = `line.${string}`;

export function lineField(category: string): LineField {
  return `line.${category}`;
}

export interface PlanLine<C extends string = string> {
  category: C;
  planned: string;
}

/**
 * The lines as typed, in the order of `categories`: an empty optional field is no line, an empty
 * required one is refused; `name` gives the category's German name for the messages.
 */
export function readPlanLines<C extends string>(
  values: Readonly<Record<string, string>>,
  categories: readonly C[],
  name: (category: C) => string,
  required: boolean,
): { lines: PlanLine<C>[]; errors: Record<LineField, string> } {
  const lines: PlanLine<C>[] = [];
  const errors: Record<LineField, string> = {};
  for (const category of categories) {
    const field = lineField(category);
    const text = (values[field] ?? '').trim();
    if (text === '') {
      if (required) errors[field] = `Bitte den Ansatz für ${name(category)} angeben, z. B. 1.234,56.`;
      continue;
    }
    const parsed = parseGermanMoney(text);
    if (parsed.error !== undefined) errors[field] = parsed.error;
    else lines.push({ category, planned: parsed.value });
  }
  return { lines, errors };
}

/** The sum of the lines as typed; null while a field holds no amount. */
export function planSum(values: Readonly<Record<string, string>>, categories: readonly string[]): string | null {
  let total = 0n;
  for (const category of categories) {
    const text = (values[lineField(category)] ?? '').trim();
    if (text === '') continue;
    const parsed = parseGermanMoney(text);
    if (parsed.value === undefined) return null;
    total += cents(parsed.value);
  }
  return fromCents(total);
}

/**
 * The field of an API path under `prefix` ("lines", "budgetLines"): the line with that index among
 * those sent names its category; the plan as a whole when the index is not one of them.
 */
export function planFieldOf(path: string, prefix: string, sent: readonly PlanLine[], planField: string): string | null {
  if (path === prefix) return planField;
  const match = new RegExp(`^${prefix}\\.(\\d+)(?:\\.|$)`).exec(path);
  if (!match) return null;
  const line = sent[Number(match[1])];
  return line ? lineField(line.category) : planField;
}

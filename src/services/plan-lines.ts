// Checks on a financing plan's lines (Einzelansätze) shared by applications and notices.
import { DomainInputError } from '../domain/errors.js';
import type { CostCategory } from '../domain/enums.js';
import type { Dec } from '../domain/decimal.js';

/** Each category once, not negative, and eligible in the programme. */
export function checkPlanLines(
  lines: readonly { category: CostCategory; planned: Dec }[],
  program: { name: string; eligibleCategories: readonly CostCategory[] },
  field: string,
): void {
  const seen = new Set<CostCategory>();
  lines.forEach((line, index) => {
    if (seen.has(line.category)) {
      throw new DomainInputError(`The cost category ${line.category} appears more than once in the financing plan.`, {
        field: `${field}.${index}.category`,
      });
    }
    seen.add(line.category);
    if (!program.eligibleCategories.includes(line.category)) {
      throw new DomainInputError(
        `The cost category ${line.category} is not eligible in ${program.name} (eligible: ${program.eligibleCategories.join(', ')}).`,
        { field: `${field}.${index}.category` },
      );
    }
    if (line.planned.isNegative()) {
      throw new DomainInputError('A planned amount must not be negative.', { field: `${field}.${index}.planned` });
    }
  });
}

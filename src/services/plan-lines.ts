// Checks on a financing plan's lines (Einzelansätze) shared by applications and notices.
import { DomainInputError } from '../domain/errors.js';
import { COST_CATEGORY_NAMES, type CostCategory } from '../domain/enums.js';
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
      throw new DomainInputError(`Die Kostenkategorie „${COST_CATEGORY_NAMES[line.category]}“ steht mehrfach im Finanzierungsplan.`, {
        reason: 'DUPLICATE_RECORD',
        field: `${field}.${index}.category`,
      });
    }
    seen.add(line.category);
    if (!program.eligibleCategories.includes(line.category)) {
      throw new DomainInputError(
        `Die Kostenkategorie „${COST_CATEGORY_NAMES[line.category]}“ ist im Programm ${program.name} nicht förderfähig ` +
          `(förderfähig: ${program.eligibleCategories.map((category) => COST_CATEGORY_NAMES[category]).join(', ')}).`,
        { reason: 'CATEGORY_NOT_ELIGIBLE', field: `${field}.${index}.category` },
      );
    }
    if (line.planned.isNegative()) {
      throw new DomainInputError('Ein Ansatz darf nicht negativ sein.', { reason: 'NEGATIVE_AMOUNT', field: `${field}.${index}.planned` });
    }
  });
}

// The `dryRun` argument of the mutations that the web forms check before they write. A resolver only
// declares it: the operation's transaction is rolled back by the dry-run plugin (src/http/dry-run.ts).
import { Arg } from 'type-graphql';

export const DRY_RUN_ARGUMENT = 'dryRun';

/**
 * `dryRun: Boolean = false`: with true, every rule check runs and the answer shows what would be
 * written, with its warnings, but nothing is stored.
 */
export function DryRun(): ReturnType<typeof Arg> {
  return Arg(DRY_RUN_ARGUMENT, () => Boolean, {
    defaultValue: false,
    description:
      'Probelauf: checks every rule and answers what would be written, with its warnings, but stores nothing (no record, no audit event).',
  });
}

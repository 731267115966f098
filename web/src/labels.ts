// The German names of the API's closed vocabularies: the service's own (src/domain/enums.ts), so that a
// page reads as the reports and messages do.
export {
  APPLICATION_STATUS_NAMES,
  COST_CATEGORY_NAMES,
  DEADLINE_KIND_NAMES,
  DISBURSEMENT_STATUS_NAMES,
  EXCLUSION_LABELS,
  FINANCING_TYPE_NAMES,
  GRANT_NOTICE_STATUS_NAMES,
  STAFF_COST_METHOD_NAMES,
} from '../../src/domain/enums';
export { ROLE_NAMES } from '../../src/services/permissions';

/** KERN badge variants of the notice statuses. */
export const NOTICE_STATUS_BADGES: Record<string, string> = {
  APPROVED: 'kern-badge--info',
  SETTLED: 'kern-badge--success',
  REVOKED: 'kern-badge--danger',
};

/** A name from a table of labels, or the code itself for one the page does not know yet. */
export function label(names: Readonly<Record<string, string>>, code: string): string {
  return names[code] ?? code;
}

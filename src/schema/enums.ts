// GraphQL enums, registered from the domain's closed vocabularies.
import { registerEnumType } from 'type-graphql';
import { APPLICATION_STATUSES, COST_CATEGORIES, GRANT_NOTICE_STATUSES, RECIPIENT_KINDS } from '../domain/enums.js';
import { FINANCING_TYPES } from '../domain/grant-approval.js';
import { ROUNDING_MODES } from '../domain/money.js';
import { WARNING_REASONS, type WarningReason } from '../domain/warnings.js';
import { ROLE_NAMES, ROLES, SCOPES } from '../services/permissions.js';

function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

export const CostCategoryEnum = enumObject(COST_CATEGORIES);
export const RecipientKindEnum = enumObject(RECIPIENT_KINDS);
export const ApplicationStatusEnum = enumObject(APPLICATION_STATUSES);
export const GrantNoticeStatusEnum = enumObject(GRANT_NOTICE_STATUSES);
export const FinancingTypeEnum = enumObject(FINANCING_TYPES);
export const RoundingModeEnum = enumObject(ROUNDING_MODES);
export const WarningReasonEnum = enumObject(Object.keys(WARNING_REASONS) as WarningReason[]);
export const RoleEnum = enumObject(ROLES);
export const ScopeEnum = enumObject(SCOPES);

registerEnumType(CostCategoryEnum, { name: 'CostCategory', description: 'Kostenkategorie of a budget line or receipt.' });
registerEnumType(RecipientKindEnum, { name: 'RecipientKind', description: 'Art des Zuwendungsempfängers.' });
registerEnumType(ApplicationStatusEnum, { name: 'ApplicationStatus', description: 'Stand des Förderantrags.' });
registerEnumType(GrantNoticeStatusEnum, { name: 'GrantNoticeStatus', description: 'Stand des Zuwendungsbescheids.' });
registerEnumType(FinancingTypeEnum, {
  name: 'FinancingType',
  description: 'Finanzierungsart: Anteil-, Fehlbedarfs-, Festbetrags- oder Vollfinanzierung.',
});
registerEnumType(RoundingModeEnum, { name: 'RoundingMode', description: 'How final amounts are rounded to cents.' });
registerEnumType(WarningReasonEnum, {
  name: 'WarningReason',
  description: 'Why figures that were accepted deserve a second look.',
  valuesConfig: Object.fromEntries(Object.entries(WARNING_REASONS).map(([reason, meaning]) => [reason, { description: meaning }])),
});
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'The role a token carries.',
  valuesConfig: Object.fromEntries(ROLES.map((role) => [role, { description: ROLE_NAMES[role] }])),
});
registerEnumType(ScopeEnum, {
  name: 'Scope',
  description:
    'How far a role reaches: every record, the recipients the token names and their cooperations, or the cooperation the token names and its members.',
});

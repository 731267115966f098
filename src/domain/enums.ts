// The closed vocabularies of the grant register, shared by entities, rules and the API.

/** Kostenkategorie: the programme says which categories are eligible. */
export const COST_CATEGORIES = ['STAFF', 'CONSULTING', 'SOFTWARE', 'HARDWARE', 'TRAINING', 'TRAVEL', 'OTHER'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** How a cost category reads in a report or a message. */
export const COST_CATEGORY_NAMES: Record<CostCategory, string> = {
  STAFF: 'Personalausgaben',
  CONSULTING: 'Beratung',
  SOFTWARE: 'Software',
  HARDWARE: 'Hardware',
  TRAINING: 'Schulung',
  TRAVEL: 'Reisekosten',
  OTHER: 'Sonstiges',
};

/** Art des Zuwendungsempfängers. */
export const RECIPIENT_KINDS = ['DISTRICT', 'CITY', 'MUNICIPALITY', 'ASSOCIATION'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** Stand des Förderantrags. */
export const APPLICATION_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Stand des Zuwendungsbescheids: bewilligt, abgerechnet, widerrufen. */
export const GRANT_NOTICE_STATUSES = ['APPROVED', 'SETTLED', 'REVOKED'] as const;
export type GrantNoticeStatus = (typeof GRANT_NOTICE_STATUSES)[number];

/** How a notice's status reads in a German sentence: "Der Bescheid … ist widerrufen." */
export const GRANT_NOTICE_STATUS_NAMES: Record<GrantNoticeStatus, string> = {
  APPROVED: 'bewilligt',
  SETTLED: 'abgerechnet',
  REVOKED: 'widerrufen',
};

export function noticeStatusName(status: GrantNoticeStatus | string): string {
  return GRANT_NOTICE_STATUS_NAMES[status as GrantNoticeStatus] ?? status;
}

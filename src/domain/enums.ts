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

/** Stand eines Förderantrags, as a finance officer reads it. */
export const APPLICATION_STATUS_NAMES: Record<ApplicationStatus, string> = {
  DRAFT: 'Entwurf',
  SUBMITTED: 'Eingereicht',
  APPROVED: 'Bewilligt',
  REJECTED: 'Abgelehnt',
  WITHDRAWN: 'Zurückgezogen',
};

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

/** Stand eines Mittelabrufs, as a finance officer reads it. */
export const DISBURSEMENT_STATUS_NAMES = {
  DRAFT: 'Entwurf',
  SUBMITTED: 'Eingereicht',
  PAID: 'Ausgezahlt',
  WITHDRAWN: 'Zurückgezogen',
} as const;

/** Why a receipt does not count (Rule 2), as the Belegliste says it. */
export const EXCLUSION_LABELS = {
  REVERSED: 'storniert',
  NOT_PAID: 'nicht bezahlt',
  PAID_BEFORE_PERIOD: 'vor dem Bewilligungszeitraum bezahlt',
  PAID_AFTER_PERIOD: 'nach dem Bewilligungszeitraum bezahlt',
  CATEGORY_NOT_PLANNED: 'Kostenkategorie nicht im Finanzierungsplan',
} as const;

/** Finanzierungsart of a notice (VV Nr. 2 zu § 44 ThürLHO). */
export const FINANCING_TYPE_NAMES = {
  SHARE: 'Anteilfinanzierung',
  DEFICIT: 'Fehlbedarfsfinanzierung',
  FIXED_AMOUNT: 'Festbetragsfinanzierung',
  FULL: 'Vollfinanzierung',
} as const;

/** Kinds of deadline (Fristen) of a notice, see deadlines.ts. */
export const DEADLINE_KINDS = ['PROOF_OF_USE', 'SPEND_DEADLINE', 'APPROVAL_PERIOD_END', 'SETTLEMENT'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_KIND_NAMES: Record<DeadlineKind, string> = {
  PROOF_OF_USE: 'Verwendungsnachweis',
  SPEND_DEADLINE: 'Verwendungsfrist einer Auszahlung',
  APPROVAL_PERIOD_END: 'Ende des Bewilligungszeitraums',
  SETTLEMENT: 'Schlussabrechnung',
};

/** The German names of the methods of staff costs (Rule 7), as the Verwendungsnachweis and the pages show them. */
export const STAFF_COST_METHOD_NAMES = {
  ACTUAL: 'tatsächliche Ausgaben',
  HOURS: 'Stundennachweis',
  FLAT_RATE: 'Personalkostensatz',
} as const satisfies Record<string, string>;

// Who may do what, in one place: every operation of the API names its kind of permission, and every
// kind names the roles that have it and how far their right reaches. Access decides from this table,
// the authorisation matrix test derives its expectations from it, and the viewer query answers the
// web application's "may I?" from it. Plain data without imports, so that the web application can
// read the German names too.

/** Roles a token can carry (DOMAIN.md, "Who uses the product"). */
export const ROLES = ['FINANCE_OFFICER', 'TEAM_LEAD', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who calls: a role, the service itself (demonstration data, command-line tools), or a caller without
 * a token, who may only read the schema in development. No token carries SYSTEM or ANONYMOUS.
 */
export type Caller = Role | 'SYSTEM' | 'ANONYMOUS';

/** The German names of the roles, as a refusal and the web application name them. */
export const ROLE_NAMES: Record<Caller, string> = {
  FINANCE_OFFICER: 'Finanzsachbearbeitung',
  TEAM_LEAD: 'Leitung des Serviceteams',
  AUDITOR: 'Prüfung',
  ADMIN: 'Administration',
  SYSTEM: 'System',
  ANONYMOUS: 'nicht angemeldet',
};

/**
 * How far a right reaches: every record; the recipients the token names (AGS) and the cooperations
 * they are members of; or the cooperation the token names and its members.
 */
export const SCOPES = ['EVERYTHING', 'OWN_RECIPIENTS', 'OWN_COOPERATION'] as const;
export type Scope = (typeof SCOPES)[number];

/** Each role's reach: the records its reads are narrowed to, and the most any of its rights can reach. */
export const ROLE_SCOPES = {
  FINANCE_OFFICER: 'OWN_RECIPIENTS',
  TEAM_LEAD: 'OWN_COOPERATION',
  AUDITOR: 'EVERYTHING',
  ADMIN: 'EVERYTHING',
} as const satisfies Record<Role, Scope>;

/** The roles that have a kind of permission, each with its reach: the role's own scope or everything. */
type Grants = { readonly [R in Role]?: 'EVERYTHING' | (typeof ROLE_SCOPES)[R] };

export interface PermissionKind {
  /** German, as a refusal names it: "Die Rolle … darf keine <name> ändern." */
  name: string;
  /** A read of one record (refused as missing), a list (narrowed to the scope), or a change. */
  action: 'read' | 'list' | 'write';
  /** Whose records the scope applies to; null for records that belong to no recipient or cooperation. */
  of: 'recipient' | 'cooperation' | null;
  grants: Grants;
  /** Roles without the right still get the records (under recipient data), with these fields null. */
  withoutGrant?: 'REDACTED';
}

const EVERYONE = { FINANCE_OFFICER: 'EVERYTHING', TEAM_LEAD: 'EVERYTHING', AUDITOR: 'EVERYTHING', ADMIN: 'EVERYTHING' } as const;
const IN_SCOPE = { FINANCE_OFFICER: 'OWN_RECIPIENTS', TEAM_LEAD: 'OWN_COOPERATION', AUDITOR: 'EVERYTHING', ADMIN: 'EVERYTHING' } as const;
const RECIPIENT_DATA = 'Daten der Zuwendungsempfänger (Vorhaben, Anträge, Bescheide, Belege, Mittelabrufe, Zahlungen)';
const COOPERATIONS = 'Zweckvereinbarungen und ihre gemeinsamen Rechnungen';
/** Rule 7: names, pay groups and shares of the employees; administrators and team leads see the sums only. */
const PERSONAL_DATA = 'personenbezogene Daten der Beschäftigten (Namen, Entgeltgruppen, Anteile)';
const PERSONAL_GRANTS = { FINANCE_OFFICER: 'OWN_RECIPIENTS', AUDITOR: 'EVERYTHING' } as const;

/** The kinds of permission. */
export const PERMISSIONS = {
  'read own account': { name: 'die eigene Anmeldung', action: 'read', of: null, grants: EVERYONE },
  /** The secret address of the own calendar feed (Fristen as iCalendar). */
  'write own calendar feed': { name: 'eigenen Kalenderabonnements (Fristen als iCalendar)', action: 'write', of: null, grants: EVERYONE },
  'read programme': { name: 'Förderprogramme und ihre Sätze', action: 'read', of: null, grants: EVERYONE },
  'read recipient data': { name: RECIPIENT_DATA, action: 'read', of: 'recipient', grants: IN_SCOPE },
  'list recipient data': { name: RECIPIENT_DATA, action: 'list', of: 'recipient', grants: IN_SCOPE },
  'read cooperation': { name: COOPERATIONS, action: 'read', of: 'cooperation', grants: IN_SCOPE },
  'list cooperations': { name: COOPERATIONS, action: 'list', of: 'cooperation', grants: IN_SCOPE },
  'read personal data': { name: PERSONAL_DATA, action: 'read', of: 'recipient', grants: PERSONAL_GRANTS, withoutGrant: 'REDACTED' },
  'list personal data': { name: PERSONAL_DATA, action: 'list', of: 'recipient', grants: PERSONAL_GRANTS, withoutGrant: 'REDACTED' },
  'read audit trail': { name: 'den Prüfpfad', action: 'read', of: null, grants: { AUDITOR: 'EVERYTHING' } },
  'write master data': {
    name: 'Stammdaten (Programme, Haushaltsansätze, Zuwendungsempfänger, Zweckvereinbarungen)',
    action: 'write',
    of: null,
    grants: { ADMIN: 'EVERYTHING' },
  },
  'write grant data': {
    name: 'Förderdaten (Vorhaben, Anträge, Bescheide, Belege, Personalkosten, Mittelabrufe)',
    action: 'write',
    of: 'recipient',
    grants: { FINANCE_OFFICER: 'OWN_RECIPIENTS' },
  },
  'write resolution': {
    name: 'Beschlüsse zu Mitgliedschaften',
    action: 'write',
    of: 'cooperation',
    grants: { ADMIN: 'EVERYTHING', TEAM_LEAD: 'OWN_COOPERATION' },
  },
  /** Joint purchases (gemeinsame Beschaffung) of a cooperation, booked by its lead on each member's grant. */
  'write shared invoice': {
    name: 'gemeinsame Rechnungen einer Zweckvereinbarung',
    action: 'write',
    of: 'cooperation',
    grants: { TEAM_LEAD: 'OWN_COOPERATION' },
  },
} as const satisfies Record<string, PermissionKind>;
export type Kind = keyof typeof PERMISSIONS;

/** Every query and mutation of the GraphQL API with its kind; the matrix test fails for one missing here. */
export const OPERATIONS = {
  viewer: 'read own account',
  createCalendarFeed: 'write own calendar feed',
  revokeCalendarFeed: 'write own calendar feed',

  fundingPrograms: 'read programme',
  fundingProgram: 'read programme',
  baseRates: 'read programme',
  staffCostRates: 'read programme',

  recipients: 'list recipient data',
  projects: 'list recipient data',
  grantApplications: 'list recipient data',
  grantNotices: 'list recipient data',
  deadlines: 'list recipient data',
  programmeOverview: 'list recipient data',
  recipient: 'read recipient data',
  project: 'read recipient data',
  grantApplication: 'read recipient data',
  grantNotice: 'read recipient data',
  expenditure: 'read recipient data',
  disbursementRequest: 'read recipient data',

  cooperations: 'list cooperations',
  sharedInvoices: 'list cooperations',
  cooperation: 'read cooperation',
  sharedInvoice: 'read cooperation',

  employees: 'list personal data',
  staffAllocations: 'list personal data',
  employee: 'read personal data',

  auditEvents: 'read audit trail',
  auditTrailVerification: 'read audit trail',
  /**
   * Fields of a record with their own rule: a notice's trail is read with the notice (recipient data),
   * the figures of its staff allocations are personal data, null without that right.
   */
  'GrantNotice.auditTrail': 'read personal data',
  'GrantNotice.auditTrailActors': 'read recipient data',

  createFundingProgram: 'write master data',
  updateFundingProgram: 'write master data',
  setProgramBudget: 'write master data',
  setBaseRate: 'write master data',
  setStaffCostRate: 'write master data',
  createRecipient: 'write master data',
  updateRecipient: 'write master data',
  createCooperation: 'write master data',
  updateCooperation: 'write master data',
  addCooperationMember: 'write master data',
  updateCooperationMembership: 'write master data',

  createProject: 'write grant data',
  updateProject: 'write grant data',
  createGrantApplication: 'write grant data',
  updateGrantApplication: 'write grant data',
  createGrantNotice: 'write grant data',
  updateGrantNotice: 'write grant data',
  amendGrantNotice: 'write grant data',
  recordExpenditure: 'write grant data',
  reverseExpenditure: 'write grant data',
  createEmployee: 'write grant data',
  updateEmployee: 'write grant data',
  allocateStaff: 'write grant data',
  reverseStaffAllocation: 'write grant data',
  createDisbursementRequest: 'write grant data',
  updateDisbursementRequest: 'write grant data',
  recordPayment: 'write grant data',
  reversePayment: 'write grant data',
  finaliseSettlement: 'write grant data',

  addCooperationResolution: 'write resolution',

  recordSharedInvoice: 'write shared invoice',
  reverseSharedInvoice: 'write shared invoice',
} as const satisfies Record<string, Kind>;
export type Operation = keyof typeof OPERATIONS;

/** What the service offers beside GraphQL (src/http): the upload of a receipt list and the report downloads. */
export const ROUTES = {
  importReceipts: 'write grant data',
  downloadReports: 'read recipient data',
} as const satisfies Record<string, Kind>;
export type Route = keyof typeof ROUTES;

/** Something to ask the table about: a kind itself, or an operation or route that has one. */
export type Permission = Kind | Operation | Route;

/**
 * The actions the web application offers, as the viewer's `may` answers them: each is an operation,
 * a route or a kind of the table, and allowed to a role that has that kind.
 */
export const ACTIONS = {
  recordGrantData: 'write grant data',
  createProject: 'createProject',
  createGrantApplication: 'createGrantApplication',
  amendGrantNotice: 'amendGrantNotice',
  recordExpenditure: 'recordExpenditure',
  reverseExpenditure: 'reverseExpenditure',
  importReceipts: 'importReceipts',
  createDisbursementRequest: 'createDisbursementRequest',
  submitDisbursementRequest: 'updateDisbursementRequest',
  recordPayment: 'recordPayment',
  recordStaffCosts: 'allocateStaff',
  reverseStaffCosts: 'reverseStaffAllocation',
  createEmployee: 'createEmployee',
  changeEmployee: 'updateEmployee',
  recordSharedInvoice: 'recordSharedInvoice',
  editMasterData: 'write master data',
  addResolution: 'addCooperationResolution',
  readPersonalData: 'read personal data',
  readAuditTrail: 'read audit trail',
  downloadReports: 'downloadReports',
} as const satisfies Record<string, Permission>;
export type Action = keyof typeof ACTIONS;

const KINDS: Readonly<Record<Kind, PermissionKind>> = PERMISSIONS;
const KIND_OF: Readonly<Record<string, Kind>> = { ...OPERATIONS, ...ROUTES };

export function kindOf(permission: Permission): Kind {
  return permission in KINDS ? (permission as Kind) : KIND_OF[permission]!;
}

export function permissionKind(permission: Permission): PermissionKind {
  return KINDS[kindOf(permission)];
}

/** How far the caller's right reaches, or null without it. The service itself may do everything, a caller without a token nothing. */
export function grantOf(caller: Caller, permission: Permission): Scope | null {
  if (caller === 'SYSTEM') return 'EVERYTHING';
  if (caller === 'ANONYMOUS') return null;
  return permissionKind(permission).grants[caller] ?? null;
}

/** The German refusal: "keine Stammdaten … ändern", "den Prüfpfad nicht lesen". */
export function refusalOf(permission: Permission): string {
  const kind = permissionKind(permission);
  return kind.action === 'write' ? `keine ${kind.name} ändern` : `${kind.name} nicht lesen`;
}

// How the audit trail (Prüfpfad) of a notice reads in German: the kinds of record, the actions, the
// fields of the recorded states and how their values are written, for the web application's table
// and the CSV download alike. Plain data and string functions without imports of the ORM.
import {
  COST_CATEGORY_NAMES,
  DISBURSEMENT_STATUS_NAMES,
  FINANCING_TYPE_NAMES,
  GRANT_NOTICE_STATUS_NAMES,
  STAFF_COST_METHOD_NAMES,
} from './enums.js';

/** The kinds of record of a notice's trail. */
export const AUDIT_ENTITY_NAMES: Readonly<Record<string, string>> = {
  GrantNotice: 'Bescheid',
  GrantNoticeVersion: 'Fassung des Bescheids',
  BudgetLine: 'Ausgabenansatz',
  GrantAmendment: 'Änderungsbescheid',
  Expenditure: 'Beleg',
  ExpenditureReversal: 'Storno eines Belegs',
  ImportBatch: 'Belegimport',
  StaffAllocation: 'Personalkosten',
  StaffAllocationReversal: 'Storno von Personalkosten',
  DisbursementRequest: 'Mittelabruf',
  Payment: 'Zahlung',
  PaymentReversal: 'Storno einer Zahlung',
  FinalSettlement: 'Abrechnung',
};

export const AUDIT_ACTION_NAMES: Readonly<Record<string, string>> = {
  CREATE: 'angelegt',
  UPDATE: 'geändert',
  DELETE: 'gelöscht',
};

/** German names of the recorded fields, as the forms and reports name them. */
export const AUDIT_FIELD_NAMES: Readonly<Record<string, string>> = {
  reference: 'Aktenzeichen',
  noticeDate: 'Bescheid vom',
  status: 'Stand',
  actualThirdPartyFunds: 'Tatsächliche Drittmittel',
  proofOfUseSubmittedOn: 'Verwendungsnachweis eingereicht am',
  currentVersion: 'Geltende Fassung',
  fundingProgram: 'Förderprogramm',
  project: 'Vorhaben',
  application: 'Antrag',
  versionNo: 'Fassung Nr.',
  effectiveFrom: 'Gilt ab',
  financingType: 'Finanzierungsart',
  rate: 'Fördersatz',
  eligibleCosts: 'Zuwendungsfähige Ausgaben',
  ownFunds: 'Eigenmittel',
  ownFundsIsRemainder: 'Eigenmittel als Rest',
  thirdPartyFunds: 'Drittmittel',
  fixedAmount: 'Festbetrag',
  approvedAmount: 'Bewilligte Zuwendung',
  approvalStart: 'Bewilligungszeitraum von',
  approvalEnd: 'Bewilligungszeitraum bis',
  budgetYear: 'Haushaltsjahr',
  noticeVersion: 'Fassung',
  category: 'Kategorie',
  planned: 'Geplant',
  amendmentDate: 'Änderungsbescheid vom',
  resultingVersion: 'Neue Fassung',
  receiptNumber: 'Belegnummer',
  invoiceDate: 'Rechnung vom',
  paymentDate: 'Bezahlt am',
  payee: 'Empfänger',
  purpose: 'Zweck',
  amount: 'Betrag',
  eligibleAmount: 'Zuwendungsfähiger Betrag',
  remark: 'Bemerkung',
  source: 'Herkunft',
  importBatch: 'Import',
  sharedInvoice: 'Gemeinsame Rechnung',
  expenditure: 'Beleg',
  reversedOn: 'Storniert am',
  reason: 'Grund',
  fileName: 'Datei',
  rowCount: 'Zeilen',
  totalAmount: 'Summe',
  employee: 'Beschäftigte Person',
  month: 'Monat',
  method: 'Verfahren',
  employerCost: 'Arbeitgeberbrutto',
  projectHours: 'Projektstunden',
  workingHours: 'Arbeitsstunden',
  annualRate: 'Personalkostensatz',
  share: 'Anteil',
  allocation: 'Personalkosten',
  requestedOn: 'Abgerufen am',
  request: 'Mittelabruf',
  paidOn: 'Ausgezahlt am',
  payment: 'Zahlung',
  asOf: 'Stichtag',
  noticeVersionNo: 'Fassung Nr.',
  recognisedTotal: 'Anerkannte Ausgaben',
  finalGrant: 'Endgültige Zuwendung',
  paidTotal: 'Ausgezahlt',
  balance: 'Saldo',
  interest: 'Zinsen',
};

/** Fields every state has, or that name the notice itself: the trail's table leaves them out. */
export const AUDIT_HIDDEN_FIELDS: ReadonlySet<string> = new Set(['id', 'createdAt', 'notice', 'recipient']);

const MONEY_FIELDS = new Set([
  'actualThirdPartyFunds',
  'eligibleCosts',
  'ownFunds',
  'thirdPartyFunds',
  'fixedAmount',
  'approvedAmount',
  'planned',
  'amount',
  'eligibleAmount',
  'totalAmount',
  'employerCost',
  'annualRate',
  'recognisedTotal',
  'finalGrant',
  'paidTotal',
  'balance',
  'interest',
]);
const RATE_FIELDS = new Set(['rate', 'share']);

const SOURCE_NAMES: Readonly<Record<string, string>> = {
  MANUAL: 'von Hand erfasst',
  IMPORT: 'importiert',
  SHARED_INVOICE: 'gemeinsame Rechnung',
};

/** "145012.03" as "145.012,03 €", exact to the cent from the decimal string. */
export function germanMoney(amount: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) return amount;
  const whole = match[2]!.replace(/\B(?=(\d{3})+$)/g, '.');
  return `${match[1] ? '−' : ''}${whole},${(match[3] ?? '').padEnd(2, '0').slice(0, 2)} €`;
}

/** "0.8125" as "81,25 %". */
export function germanRate(rate: string): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!match) return rate;
  const basisPoints = Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0').slice(0, 4));
  const rest = basisPoints % 100;
  return `${Math.floor(basisPoints / 100)}${rest === 0 ? '' : `,${String(rest).padStart(2, '0').replace(/0$/, '')}`} %`;
}

/** "2020-12-31" as "31.12.2020". */
export function germanDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : date;
}

const DATE_TIME = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A moment as "04.12.2026, 19:49:12" in German time. */
export function germanDateTime(moment: string | Date): string {
  return DATE_TIME.format(typeof moment === 'string' ? new Date(moment) : moment);
}

/** Who made a change: the service itself under its German name, everyone else by the name of their token. */
export function auditActorName(name: string, role: string): string {
  return role === 'SYSTEM' ? 'Förderregister' : name;
}

/** The German name of a field, or its code for one not named here. */
export function auditFieldName(field: string): string {
  return AUDIT_FIELD_NAMES[field] ?? field;
}

/** How a recorded value reads: money, rates, dates and the closed vocabularies in German; "—" for none. */
export function auditValue(entityType: string, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  if (typeof value !== 'string') return typeof value === 'number' ? value.toLocaleString('de-DE') : JSON.stringify(value);
  if (MONEY_FIELDS.has(field)) return germanMoney(value);
  if (RATE_FIELDS.has(field)) return germanRate(value);
  if (field === 'category') return COST_CATEGORY_NAMES[value as keyof typeof COST_CATEGORY_NAMES] ?? value;
  if (field === 'financingType') return FINANCING_TYPE_NAMES[value as keyof typeof FINANCING_TYPE_NAMES] ?? value;
  if (field === 'method') return STAFF_COST_METHOD_NAMES[value as keyof typeof STAFF_COST_METHOD_NAMES] ?? value;
  if (field === 'source') return SOURCE_NAMES[value] ?? value;
  if (field === 'status') {
    const names: Readonly<Record<string, string>> =
      entityType === 'DisbursementRequest' ? DISBURSEMENT_STATUS_NAMES : GRANT_NOTICE_STATUS_NAMES;
    return names[value] ?? value;
  }
  if (field === 'month' && /^\d{4}-\d{2}-01$/.test(value)) return `${value.slice(5, 7)}/${value.slice(0, 4)}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return germanDate(value);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return germanDateTime(value);
  return value;
}

export interface AuditFieldChange {
  field: string;
  /** The German name. */
  name: string;
  before: string;
  after: string;
  /** Only for an UPDATE: the value before differs from the one after. */
  changed: boolean;
  /** Withheld as personal data. */
  redacted: boolean;
}

const FIELD_ORDER = new Map(Object.keys(AUDIT_FIELD_NAMES).map((field, index) => [field, index]));

/**
 * The fields of a change side by side, without the bookkeeping ones, in the order of the names above
 * (the stored states are jsonb, whose keys come back ordered by length).
 */
export function auditChanges(event: {
  entityType: string;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  redactedFields?: readonly string[];
  /** By id, how the records the states name read. */
  relatedLabels?: Readonly<Record<string, string>> | null;
}): AuditFieldChange[] {
  const order = (field: string) => FIELD_ORDER.get(field) ?? FIELD_ORDER.size;
  const fields = [...new Set([...Object.keys(event.before ?? {}), ...Object.keys(event.after ?? {})])]
    .filter((field) => !AUDIT_HIDDEN_FIELDS.has(field))
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const redacted = new Set(event.redactedFields ?? []);
  /** How a record named by its id reads, when the trail says. */
  const labelOf = (value: unknown) => (typeof value === 'string' ? event.relatedLabels?.[value] : undefined);
  return fields.map((field) => {
    const withheld = redacted.has(field);
    const show = (state: Record<string, unknown> | null | undefined) =>
      !state
        ? ''
        : withheld
          ? 'nicht sichtbar (personenbezogen)'
          : (labelOf(state[field]) ?? auditValue(event.entityType, field, state[field]));
    const before = event.before?.[field];
    const after = event.after?.[field];
    return {
      field,
      name: auditFieldName(field),
      before: show(event.before),
      after: show(event.after),
      changed: event.action === 'UPDATE' && JSON.stringify(before ?? null) !== JSON.stringify(after ?? null),
      redacted: withheld,
    };
  });
}

/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Kostenkategorie of a budget line or receipt. */
export type CostCategory =
  | 'CONSULTING'
  | 'HARDWARE'
  | 'OTHER'
  | 'SOFTWARE'
  | 'STAFF'
  | 'TRAINING'
  | 'TRAVEL';

/** Art der Frist. */
export type DeadlineKind =
  /** End of the Bewilligungszeitraum, while it runs: later payments do not count. */
  | 'APPROVAL_PERIOD_END'
  /** Vorlage des Verwendungsnachweises (Rule 9), until it is submitted. */
  | 'PROOF_OF_USE'
  /** Schlussabrechnung not yet finalised after the proof of use, due since its submission. */
  | 'SETTLEMENT'
  /** Verwendungsfrist of a payment with money still unspent (Rules 5 and 6). */
  | 'SPEND_DEADLINE';

/** Stand des Mittelabrufs: DRAFT → SUBMITTED → PAID, or WITHDRAWN from DRAFT or SUBMITTED. */
export type DisbursementStatus =
  | 'DRAFT'
  | 'PAID'
  | 'SUBMITTED'
  | 'WITHDRAWN';

/** Why a receipt does not count (Rule 2). */
export type ExclusionReason =
  | 'CATEGORY_NOT_PLANNED'
  | 'NOT_PAID'
  | 'PAID_AFTER_PERIOD'
  | 'PAID_BEFORE_PERIOD'
  | 'REVERSED';

/** Finanzierungsart: Anteil-, Fehlbedarfs-, Festbetrags- oder Vollfinanzierung. */
export type FinancingType =
  | 'DEFICIT'
  | 'FIXED_AMOUNT'
  | 'FULL'
  | 'SHARE';

/** Stand des Zuwendungsbescheids. */
export type GrantNoticeStatus =
  | 'APPROVED'
  | 'REVOKED'
  | 'SETTLED';

/** Which rows of the Belegliste to show; the conditions combine with "and". */
export type ReceiptFilter = {
  category?: CostCategory | null | undefined;
  /** true: only the rows that count (Rule 2); false: only those that do not. */
  counts?: boolean | null | undefined;
  /** Only the rows that do not count for this reason. */
  exclusionReason?: ExclusionReason | null | undefined;
  /** Part of the receipt number, the payee or the purpose (any case), or an exact amount in German notation (1.234,56). */
  search?: string | null | undefined;
};

/** A receipt, or a month of staff costs (Personalausgaben). */
export type ReceiptKind =
  | 'EXPENDITURE'
  | 'STAFF';

/** Sort order of the Belegliste. */
export type ReceiptOrder = {
  descending?: boolean | null | undefined;
  field: ReceiptOrderField;
};

/** What the Belegliste is sorted by; BOOKING is the order of booking. */
export type ReceiptOrderField =
  | 'AMOUNT'
  | 'BOOKING'
  | 'CATEGORY'
  | 'INVOICE_DATE'
  | 'PAYEE'
  | 'PAYMENT_DATE'
  | 'RECEIPT_NUMBER';

/** The role a token carries. */
export type Role =
  /** Administration */
  | 'ADMIN'
  /** Prüfung */
  | 'AUDITOR'
  /** Finanzsachbearbeitung */
  | 'FINANCE_OFFICER'
  /** Leitung des Serviceteams */
  | 'TEAM_LEAD';

/** How far a role reaches: every record, the recipients the token names and their cooperations, or the cooperation the token names and its members. */
export type Scope =
  | 'EVERYTHING'
  | 'OWN_COOPERATION'
  | 'OWN_RECIPIENTS';

export type NoticeReceiptsQueryVariables = Exact<{
  id: string | number;
  first: number;
  after?: string | null | undefined;
  offset?: number | null | undefined;
  orderBy?: ReceiptOrder | null | undefined;
  filter?: ReceiptFilter | null | undefined;
}>;


export type NoticeReceiptsQuery = { grantNotice: { id: string, receipts: { totalCount: number, totalAmount: string, hasNextPage: boolean, endCursor: string | null, rows: Array<{ id: string, kind: ReceiptKind, receiptNumber: string, invoiceDate: string, paymentDate: string | null, payee: string, purpose: string, category: CostCategory, amount: string, eligibleAmount: string, reversed: boolean, exclusionReason: ExclusionReason | null }> } } };

export type ImportNoticeQueryVariables = Exact<{
  id: string | number;
}>;


export type ImportNoticeQuery = { grantNotice: { id: string, reference: string, status: GrantNoticeStatus, recipient: { name: string } } };

export type NoticePageQueryVariables = Exact<{
  id: string | number;
}>;


export type NoticePageQuery = { grantNotice: { id: string, reference: string, status: GrantNoticeStatus, noticeDate: string, financingType: FinancingType, rate: string | null, fixedAmount: string | null, eligibleCosts: string, ownFunds: string, thirdPartyFunds: string, approvedAmount: string, proofOfUseDue: string, proofOfUseOverdue: boolean, proofOfUseSubmittedOn: string | null, proofOfUseReportPath: string, approvalPeriod: { start: string, end: string }, recipient: { name: string, ags: string }, project: { title: string }, budgetCheck: { plannedTotal: string, actualTotal: string, recognisedTotal: string, excludedCount: number, lines: Array<{ category: CostCategory, planned: string, actual: string, deviation: string, deviationPercent: string | null, withinTolerance: boolean, recognised: string }> }, disbursementRequests: Array<{ id: string, requestedOn: string, amount: string, purpose: string, status: DisbursementStatus, reportPath: string }>, payments: Array<{ id: string, paidOn: string, amount: string, reversal: { id: string } | null }> } };

export type StartPageQueryVariables = Exact<{ [key: string]: never; }>;


export type StartPageQuery = { grantNotices: { totalCount: number, edges: Array<{ node: { id: string, reference: string, status: GrantNoticeStatus, noticeDate: string, approvedAmount: string, recipient: { name: string, ags: string }, project: { title: string }, budgetCheck: { actualTotal: string, recognisedTotal: string, lines: Array<{ category: CostCategory, withinTolerance: boolean }> }, settlement: { paidTotal: string } } }> }, deadlines: Array<{ kind: DeadlineKind, dueOn: string, overdue: boolean, amount: string | null, grantNotice: { id: string } }> };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { name: string, role: Role, scope: Scope, recipients: Array<{ id: string, name: string, ags: string }>, cooperation: { id: string, name: string } | null, may: { recordGrantData: boolean, recordExpenditure: boolean, reverseExpenditure: boolean, importReceipts: boolean, createDisbursementRequest: boolean, submitDisbursementRequest: boolean, recordPayment: boolean, recordStaffCosts: boolean, recordSharedInvoice: boolean, editMasterData: boolean, addResolution: boolean, readPersonalData: boolean, readAuditTrail: boolean, downloadReports: boolean } } };


export const NoticeReceiptsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NoticeReceipts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offset"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ReceiptOrder"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ReceiptFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantNotice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"receipts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"offset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offset"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"rows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"receiptNumber"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceDate"}},{"kind":"Field","name":{"kind":"Name","value":"paymentDate"}},{"kind":"Field","name":{"kind":"Name","value":"payee"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"eligibleAmount"}},{"kind":"Field","name":{"kind":"Name","value":"reversed"}},{"kind":"Field","name":{"kind":"Name","value":"exclusionReason"}}]}}]}}]}}]}}]} as unknown as DocumentNode<NoticeReceiptsQuery, NoticeReceiptsQueryVariables>;
export const ImportNoticeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ImportNotice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantNotice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ImportNoticeQuery, ImportNoticeQueryVariables>;
export const NoticePageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NoticePage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantNotice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"noticeDate"}},{"kind":"Field","name":{"kind":"Name","value":"financingType"}},{"kind":"Field","name":{"kind":"Name","value":"rate"}},{"kind":"Field","name":{"kind":"Name","value":"fixedAmount"}},{"kind":"Field","name":{"kind":"Name","value":"eligibleCosts"}},{"kind":"Field","name":{"kind":"Name","value":"ownFunds"}},{"kind":"Field","name":{"kind":"Name","value":"thirdPartyFunds"}},{"kind":"Field","name":{"kind":"Name","value":"approvedAmount"}},{"kind":"Field","name":{"kind":"Name","value":"proofOfUseDue"}},{"kind":"Field","name":{"kind":"Name","value":"proofOfUseOverdue"}},{"kind":"Field","name":{"kind":"Name","value":"proofOfUseSubmittedOn"}},{"kind":"Field","name":{"kind":"Name","value":"proofOfUseReportPath"}},{"kind":"Field","name":{"kind":"Name","value":"approvalPeriod"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recipient"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ags"}}]}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"budgetCheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"plannedTotal"}},{"kind":"Field","name":{"kind":"Name","value":"actualTotal"}},{"kind":"Field","name":{"kind":"Name","value":"recognisedTotal"}},{"kind":"Field","name":{"kind":"Name","value":"excludedCount"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"planned"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}},{"kind":"Field","name":{"kind":"Name","value":"deviation"}},{"kind":"Field","name":{"kind":"Name","value":"deviationPercent"}},{"kind":"Field","name":{"kind":"Name","value":"withinTolerance"}},{"kind":"Field","name":{"kind":"Name","value":"recognised"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"disbursementRequests"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"requestedOn"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reportPath"}}]}},{"kind":"Field","name":{"kind":"Name","value":"payments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"paidOn"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"reversal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<NoticePageQuery, NoticePageQueryVariables>;
export const StartPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StartPage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantNotices"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"noticeDate"}},{"kind":"Field","name":{"kind":"Name","value":"approvedAmount"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ags"}}]}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"budgetCheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actualTotal"}},{"kind":"Field","name":{"kind":"Name","value":"recognisedTotal"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"withinTolerance"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"settlement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"paidTotal"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"deadlines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"grantNotice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<StartPageQuery, StartPageQueryVariables>;
export const ViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"recipients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ags"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cooperation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"may"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordGrantData"}},{"kind":"Field","name":{"kind":"Name","value":"recordExpenditure"}},{"kind":"Field","name":{"kind":"Name","value":"reverseExpenditure"}},{"kind":"Field","name":{"kind":"Name","value":"importReceipts"}},{"kind":"Field","name":{"kind":"Name","value":"createDisbursementRequest"}},{"kind":"Field","name":{"kind":"Name","value":"submitDisbursementRequest"}},{"kind":"Field","name":{"kind":"Name","value":"recordPayment"}},{"kind":"Field","name":{"kind":"Name","value":"recordStaffCosts"}},{"kind":"Field","name":{"kind":"Name","value":"recordSharedInvoice"}},{"kind":"Field","name":{"kind":"Name","value":"editMasterData"}},{"kind":"Field","name":{"kind":"Name","value":"addResolution"}},{"kind":"Field","name":{"kind":"Name","value":"readPersonalData"}},{"kind":"Field","name":{"kind":"Name","value":"readAuditTrail"}},{"kind":"Field","name":{"kind":"Name","value":"downloadReports"}}]}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
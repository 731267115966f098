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

/** A receipt, or a month of staff costs (Personalausgaben). */
export type ReceiptKind =
  | 'EXPENDITURE'
  | 'STAFF';

export type ImportNoticeQueryVariables = Exact<{
  id: string | number;
}>;


export type ImportNoticeQuery = { grantNotice: { id: string, reference: string, status: GrantNoticeStatus, recipient: { name: string } } };

export type NoticePageQueryVariables = Exact<{
  id: string | number;
}>;


export type NoticePageQuery = { grantNotice: { id: string, reference: string, status: GrantNoticeStatus, noticeDate: string, financingType: FinancingType, rate: string | null, fixedAmount: string | null, eligibleCosts: string, ownFunds: string, thirdPartyFunds: string, approvedAmount: string, proofOfUseDue: string, proofOfUseOverdue: boolean, proofOfUseSubmittedOn: string | null, proofOfUseReportPath: string, approvalPeriod: { start: string, end: string }, recipient: { name: string, ags: string }, project: { title: string }, budgetCheck: { plannedTotal: string, actualTotal: string, recognisedTotal: string, excludedCount: number, lines: Array<{ category: CostCategory, planned: string, actual: string, deviation: string, deviationPercent: string | null, withinTolerance: boolean, recognised: string }> }, disbursementRequests: Array<{ id: string, requestedOn: string, amount: string, purpose: string, status: DisbursementStatus, reportPath: string }>, payments: Array<{ id: string, paidOn: string, amount: string, reversal: { id: string } | null }> } };

export type NoticeReceiptsQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type NoticeReceiptsQuery = { grantNotice: { id: string, receipts: { totalCount: number, totalAmount: string, hasNextPage: boolean, endCursor: string | null, rows: Array<{ id: string, kind: ReceiptKind, receiptNumber: string, invoiceDate: string, paymentDate: string | null, payee: string, purpose: string, category: CostCategory, amount: string, eligibleAmount: string, reversed: boolean, exclusionReason: ExclusionReason | null }> } } };

export type StartPageQueryVariables = Exact<{ [key: string]: never; }>;


export type StartPageQuery = { grantNotices: { totalCount: number, edges: Array<{ node: { id: string, reference: string, status: GrantNoticeStatus, noticeDate: string, approvedAmount: string, proofOfUseDue: string, proofOfUseOverdue: boolean, recipient: { name: string, ags: string }, project: { title: string }, budgetCheck: { actualTotal: string, recognisedTotal: string }, settlement: { paidTotal: string } } }> } };


export const ImportNoticeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ImportNotice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantNotice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ImportNoticeQuery, ImportNoticeQueryVariables>;
export const NoticePageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NoticePage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantNotice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"noticeDate"}},{"kind":"Field","name":{"kind":"Name","value":"financingType"}},{"kind":"Field","name":{"kind":"Name","value":"rate"}},{"kind":"Field","name":{"kind":"Name","value":"fixedAmount"}},{"kind":"Field","name":{"kind":"Name","value":"eligibleCosts"}},{"kind":"Field","name":{"kind":"Name","value":"ownFunds"}},{"kind":"Field","name":{"kind":"Name","value":"thirdPartyFunds"}},{"kind":"Field","name":{"kind":"Name","value":"approvedAmount"}},{"kind":"Field","name":{"kind":"Name","value":"proofOfUseDue"}},{"kind":"Field","name":{"kind":"Name","value":"proofOfUseOverdue"}},{"kind":"Field","name":{"kind":"Name","value":"proofOfUseSubmittedOn"}},{"kind":"Field","name":{"kind":"Name","value":"proofOfUseReportPath"}},{"kind":"Field","name":{"kind":"Name","value":"approvalPeriod"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recipient"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ags"}}]}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"budgetCheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"plannedTotal"}},{"kind":"Field","name":{"kind":"Name","value":"actualTotal"}},{"kind":"Field","name":{"kind":"Name","value":"recognisedTotal"}},{"kind":"Field","name":{"kind":"Name","value":"excludedCount"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"planned"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}},{"kind":"Field","name":{"kind":"Name","value":"deviation"}},{"kind":"Field","name":{"kind":"Name","value":"deviationPercent"}},{"kind":"Field","name":{"kind":"Name","value":"withinTolerance"}},{"kind":"Field","name":{"kind":"Name","value":"recognised"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"disbursementRequests"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"requestedOn"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reportPath"}}]}},{"kind":"Field","name":{"kind":"Name","value":"payments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"paidOn"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"reversal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<NoticePageQuery, NoticePageQueryVariables>;
export const NoticeReceiptsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NoticeReceipts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantNotice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"receipts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"rows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"receiptNumber"}},{"kind":"Field","name":{"kind":"Name","value":"invoiceDate"}},{"kind":"Field","name":{"kind":"Name","value":"paymentDate"}},{"kind":"Field","name":{"kind":"Name","value":"payee"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"eligibleAmount"}},{"kind":"Field","name":{"kind":"Name","value":"reversed"}},{"kind":"Field","name":{"kind":"Name","value":"exclusionReason"}}]}}]}}]}}]}}]} as unknown as DocumentNode<NoticeReceiptsQuery, NoticeReceiptsQueryVariables>;
export const StartPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StartPage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantNotices"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"noticeDate"}},{"kind":"Field","name":{"kind":"Name","value":"approvedAmount"}},{"kind":"Field","name":{"kind":"Name","value":"proofOfUseDue"}},{"kind":"Field","name":{"kind":"Name","value":"proofOfUseOverdue"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ags"}}]}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"budgetCheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actualTotal"}},{"kind":"Field","name":{"kind":"Name","value":"recognisedTotal"}}]}},{"kind":"Field","name":{"kind":"Name","value":"settlement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"paidTotal"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<StartPageQuery, StartPageQueryVariables>;
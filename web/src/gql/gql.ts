/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  '\n  query NoticeDisbursementRequests($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      disbursementRequests {\n        id\n        version\n        requestedOn\n        amount\n        purpose\n        status\n        reportPath\n      }\n    }\n  }\n': typeof types.NoticeDisbursementRequestsDocument;
  '\n  mutation SubmitDisbursementRequest($id: ID!, $expectedVersion: Int!) {\n    updateDisbursementRequest(id: $id, expectedVersion: $expectedVersion, input: { status: SUBMITTED }) {\n      id\n      version\n      status\n    }\n  }\n': typeof types.SubmitDisbursementRequestDocument;
  '\n  mutation ReverseExpenditure($id: ID!, $input: ReversalInput!, $dryRun: Boolean!) {\n    reverseExpenditure(id: $id, input: $input, dryRun: $dryRun) {\n      id\n      reversal {\n        id\n      }\n    }\n  }\n': typeof types.ReverseExpenditureDocument;
  '\n  query NewDisbursementNotice($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      approvedAmount\n    }\n  }\n': typeof types.NewDisbursementNoticeDocument;
  '\n  mutation CreateDisbursementRequest($input: DisbursementRequestInput!, $dryRun: Boolean!) {\n    createDisbursementRequest(input: $input, dryRun: $dryRun) {\n      id\n      amount\n      warnings {\n        reason\n        message\n        field\n      }\n    }\n  }\n': typeof types.CreateDisbursementRequestDocument;
  '\n  query NewNoticeApplications {\n    grantApplications(first: 100) {\n      edges {\n        node {\n          id\n          reference\n          submittedOn\n          requestedAmount\n          financingType\n          recipient {\n            name\n          }\n          project {\n            id\n            title\n          }\n          fundingProgram {\n            id\n          }\n          lines {\n            category\n            planned\n          }\n        }\n      }\n    }\n  }\n': typeof types.NewNoticeApplicationsDocument;
  '\n  mutation CreateGrantNotice($input: GrantNoticeInput!, $dryRun: Boolean!) {\n    createGrantNotice(input: $input, dryRun: $dryRun) {\n      id\n    }\n  }\n': typeof types.CreateGrantNoticeDocument;
  '\n  query NewReceiptNotice($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      approvalPeriod {\n        start\n        end\n      }\n      budgetLines {\n        category\n      }\n    }\n  }\n': typeof types.NewReceiptNoticeDocument;
  '\n  mutation RecordExpenditure($grantNoticeId: ID!, $input: ExpenditureInput!, $dryRun: Boolean!) {\n    recordExpenditure(grantNoticeId: $grantNoticeId, input: $input, dryRun: $dryRun) {\n      id\n      receiptNumber\n      warnings {\n        reason\n        message\n        field\n      }\n    }\n  }\n': typeof types.RecordExpenditureDocument;
  '\n  query NoticePage($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      status\n      noticeDate\n      financingType\n      rate\n      fixedAmount\n      eligibleCosts\n      ownFunds\n      thirdPartyFunds\n      approvedAmount\n      proofOfUseDue\n      proofOfUseOverdue\n      proofOfUseSubmittedOn\n      proofOfUseReportPath\n      approvalPeriod {\n        start\n        end\n      }\n      recipient {\n        name\n        ags\n      }\n      project {\n        title\n      }\n      budgetCheck {\n        plannedTotal\n        actualTotal\n        recognisedTotal\n        excludedCount\n        lines {\n          category\n          planned\n          actual\n          deviation\n          deviationPercent\n          withinTolerance\n          recognised\n        }\n      }\n      payments {\n        id\n        paidOn\n        amount\n        reversal {\n          id\n        }\n      }\n    }\n  }\n': typeof types.NoticePageDocument;
  '\n  query NoticeReceipts($id: ID!, $after: String) {\n    grantNotice(id: $id) {\n      id\n      receipts(first: 50, after: $after) {\n        totalCount\n        totalAmount\n        hasNextPage\n        endCursor\n        rows {\n          id\n          kind\n          receiptNumber\n          invoiceDate\n          paymentDate\n          payee\n          purpose\n          category\n          amount\n          eligibleAmount\n          reversed\n          exclusionReason\n        }\n      }\n    }\n  }\n': typeof types.NoticeReceiptsDocument;
  '\n  query StartPage {\n    grantNotices(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          reference\n          status\n          noticeDate\n          approvedAmount\n          proofOfUseDue\n          proofOfUseOverdue\n          recipient {\n            name\n            ags\n          }\n          project {\n            title\n          }\n          budgetCheck {\n            actualTotal\n            recognisedTotal\n          }\n          settlement {\n            paidTotal\n          }\n        }\n      }\n    }\n  }\n': typeof types.StartPageDocument;
};
const documents: Documents = {
  '\n  query NoticeDisbursementRequests($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      disbursementRequests {\n        id\n        version\n        requestedOn\n        amount\n        purpose\n        status\n        reportPath\n      }\n    }\n  }\n':
    types.NoticeDisbursementRequestsDocument,
  '\n  mutation SubmitDisbursementRequest($id: ID!, $expectedVersion: Int!) {\n    updateDisbursementRequest(id: $id, expectedVersion: $expectedVersion, input: { status: SUBMITTED }) {\n      id\n      version\n      status\n    }\n  }\n':
    types.SubmitDisbursementRequestDocument,
  '\n  mutation ReverseExpenditure($id: ID!, $input: ReversalInput!, $dryRun: Boolean!) {\n    reverseExpenditure(id: $id, input: $input, dryRun: $dryRun) {\n      id\n      reversal {\n        id\n      }\n    }\n  }\n':
    types.ReverseExpenditureDocument,
  '\n  query NewDisbursementNotice($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      approvedAmount\n    }\n  }\n':
    types.NewDisbursementNoticeDocument,
  '\n  mutation CreateDisbursementRequest($input: DisbursementRequestInput!, $dryRun: Boolean!) {\n    createDisbursementRequest(input: $input, dryRun: $dryRun) {\n      id\n      amount\n      warnings {\n        reason\n        message\n        field\n      }\n    }\n  }\n':
    types.CreateDisbursementRequestDocument,
  '\n  query NewNoticeApplications {\n    grantApplications(first: 100) {\n      edges {\n        node {\n          id\n          reference\n          submittedOn\n          requestedAmount\n          financingType\n          recipient {\n            name\n          }\n          project {\n            id\n            title\n          }\n          fundingProgram {\n            id\n          }\n          lines {\n            category\n            planned\n          }\n        }\n      }\n    }\n  }\n':
    types.NewNoticeApplicationsDocument,
  '\n  mutation CreateGrantNotice($input: GrantNoticeInput!, $dryRun: Boolean!) {\n    createGrantNotice(input: $input, dryRun: $dryRun) {\n      id\n    }\n  }\n':
    types.CreateGrantNoticeDocument,
  '\n  query NewReceiptNotice($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      approvalPeriod {\n        start\n        end\n      }\n      budgetLines {\n        category\n      }\n    }\n  }\n':
    types.NewReceiptNoticeDocument,
  '\n  mutation RecordExpenditure($grantNoticeId: ID!, $input: ExpenditureInput!, $dryRun: Boolean!) {\n    recordExpenditure(grantNoticeId: $grantNoticeId, input: $input, dryRun: $dryRun) {\n      id\n      receiptNumber\n      warnings {\n        reason\n        message\n        field\n      }\n    }\n  }\n':
    types.RecordExpenditureDocument,
  '\n  query NoticePage($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      status\n      noticeDate\n      financingType\n      rate\n      fixedAmount\n      eligibleCosts\n      ownFunds\n      thirdPartyFunds\n      approvedAmount\n      proofOfUseDue\n      proofOfUseOverdue\n      proofOfUseSubmittedOn\n      proofOfUseReportPath\n      approvalPeriod {\n        start\n        end\n      }\n      recipient {\n        name\n        ags\n      }\n      project {\n        title\n      }\n      budgetCheck {\n        plannedTotal\n        actualTotal\n        recognisedTotal\n        excludedCount\n        lines {\n          category\n          planned\n          actual\n          deviation\n          deviationPercent\n          withinTolerance\n          recognised\n        }\n      }\n      payments {\n        id\n        paidOn\n        amount\n        reversal {\n          id\n        }\n      }\n    }\n  }\n':
    types.NoticePageDocument,
  '\n  query NoticeReceipts($id: ID!, $after: String) {\n    grantNotice(id: $id) {\n      id\n      receipts(first: 50, after: $after) {\n        totalCount\n        totalAmount\n        hasNextPage\n        endCursor\n        rows {\n          id\n          kind\n          receiptNumber\n          invoiceDate\n          paymentDate\n          payee\n          purpose\n          category\n          amount\n          eligibleAmount\n          reversed\n          exclusionReason\n        }\n      }\n    }\n  }\n':
    types.NoticeReceiptsDocument,
  '\n  query StartPage {\n    grantNotices(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          reference\n          status\n          noticeDate\n          approvedAmount\n          proofOfUseDue\n          proofOfUseOverdue\n          recipient {\n            name\n            ags\n          }\n          project {\n            title\n          }\n          budgetCheck {\n            actualTotal\n            recognisedTotal\n          }\n          settlement {\n            paidTotal\n          }\n        }\n      }\n    }\n  }\n':
    types.StartPageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query NoticeDisbursementRequests($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      disbursementRequests {\n        id\n        version\n        requestedOn\n        amount\n        purpose\n        status\n        reportPath\n      }\n    }\n  }\n',
): (typeof documents)['\n  query NoticeDisbursementRequests($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      disbursementRequests {\n        id\n        version\n        requestedOn\n        amount\n        purpose\n        status\n        reportPath\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SubmitDisbursementRequest($id: ID!, $expectedVersion: Int!) {\n    updateDisbursementRequest(id: $id, expectedVersion: $expectedVersion, input: { status: SUBMITTED }) {\n      id\n      version\n      status\n    }\n  }\n',
): (typeof documents)['\n  mutation SubmitDisbursementRequest($id: ID!, $expectedVersion: Int!) {\n    updateDisbursementRequest(id: $id, expectedVersion: $expectedVersion, input: { status: SUBMITTED }) {\n      id\n      version\n      status\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ReverseExpenditure($id: ID!, $input: ReversalInput!, $dryRun: Boolean!) {\n    reverseExpenditure(id: $id, input: $input, dryRun: $dryRun) {\n      id\n      reversal {\n        id\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation ReverseExpenditure($id: ID!, $input: ReversalInput!, $dryRun: Boolean!) {\n    reverseExpenditure(id: $id, input: $input, dryRun: $dryRun) {\n      id\n      reversal {\n        id\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query NewDisbursementNotice($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      approvedAmount\n    }\n  }\n',
): (typeof documents)['\n  query NewDisbursementNotice($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      approvedAmount\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateDisbursementRequest($input: DisbursementRequestInput!, $dryRun: Boolean!) {\n    createDisbursementRequest(input: $input, dryRun: $dryRun) {\n      id\n      amount\n      warnings {\n        reason\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation CreateDisbursementRequest($input: DisbursementRequestInput!, $dryRun: Boolean!) {\n    createDisbursementRequest(input: $input, dryRun: $dryRun) {\n      id\n      amount\n      warnings {\n        reason\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query NewNoticeApplications {\n    grantApplications(first: 100) {\n      edges {\n        node {\n          id\n          reference\n          submittedOn\n          requestedAmount\n          financingType\n          recipient {\n            name\n          }\n          project {\n            id\n            title\n          }\n          fundingProgram {\n            id\n          }\n          lines {\n            category\n            planned\n          }\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query NewNoticeApplications {\n    grantApplications(first: 100) {\n      edges {\n        node {\n          id\n          reference\n          submittedOn\n          requestedAmount\n          financingType\n          recipient {\n            name\n          }\n          project {\n            id\n            title\n          }\n          fundingProgram {\n            id\n          }\n          lines {\n            category\n            planned\n          }\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateGrantNotice($input: GrantNoticeInput!, $dryRun: Boolean!) {\n    createGrantNotice(input: $input, dryRun: $dryRun) {\n      id\n    }\n  }\n',
): (typeof documents)['\n  mutation CreateGrantNotice($input: GrantNoticeInput!, $dryRun: Boolean!) {\n    createGrantNotice(input: $input, dryRun: $dryRun) {\n      id\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query NewReceiptNotice($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      approvalPeriod {\n        start\n        end\n      }\n      budgetLines {\n        category\n      }\n    }\n  }\n',
): (typeof documents)['\n  query NewReceiptNotice($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      approvalPeriod {\n        start\n        end\n      }\n      budgetLines {\n        category\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RecordExpenditure($grantNoticeId: ID!, $input: ExpenditureInput!, $dryRun: Boolean!) {\n    recordExpenditure(grantNoticeId: $grantNoticeId, input: $input, dryRun: $dryRun) {\n      id\n      receiptNumber\n      warnings {\n        reason\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation RecordExpenditure($grantNoticeId: ID!, $input: ExpenditureInput!, $dryRun: Boolean!) {\n    recordExpenditure(grantNoticeId: $grantNoticeId, input: $input, dryRun: $dryRun) {\n      id\n      receiptNumber\n      warnings {\n        reason\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query NoticePage($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      status\n      noticeDate\n      financingType\n      rate\n      fixedAmount\n      eligibleCosts\n      ownFunds\n      thirdPartyFunds\n      approvedAmount\n      proofOfUseDue\n      proofOfUseOverdue\n      proofOfUseSubmittedOn\n      proofOfUseReportPath\n      approvalPeriod {\n        start\n        end\n      }\n      recipient {\n        name\n        ags\n      }\n      project {\n        title\n      }\n      budgetCheck {\n        plannedTotal\n        actualTotal\n        recognisedTotal\n        excludedCount\n        lines {\n          category\n          planned\n          actual\n          deviation\n          deviationPercent\n          withinTolerance\n          recognised\n        }\n      }\n      payments {\n        id\n        paidOn\n        amount\n        reversal {\n          id\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query NoticePage($id: ID!) {\n    grantNotice(id: $id) {\n      id\n      reference\n      status\n      noticeDate\n      financingType\n      rate\n      fixedAmount\n      eligibleCosts\n      ownFunds\n      thirdPartyFunds\n      approvedAmount\n      proofOfUseDue\n      proofOfUseOverdue\n      proofOfUseSubmittedOn\n      proofOfUseReportPath\n      approvalPeriod {\n        start\n        end\n      }\n      recipient {\n        name\n        ags\n      }\n      project {\n        title\n      }\n      budgetCheck {\n        plannedTotal\n        actualTotal\n        recognisedTotal\n        excludedCount\n        lines {\n          category\n          planned\n          actual\n          deviation\n          deviationPercent\n          withinTolerance\n          recognised\n        }\n      }\n      payments {\n        id\n        paidOn\n        amount\n        reversal {\n          id\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query NoticeReceipts($id: ID!, $after: String) {\n    grantNotice(id: $id) {\n      id\n      receipts(first: 50, after: $after) {\n        totalCount\n        totalAmount\n        hasNextPage\n        endCursor\n        rows {\n          id\n          kind\n          receiptNumber\n          invoiceDate\n          paymentDate\n          payee\n          purpose\n          category\n          amount\n          eligibleAmount\n          reversed\n          exclusionReason\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query NoticeReceipts($id: ID!, $after: String) {\n    grantNotice(id: $id) {\n      id\n      receipts(first: 50, after: $after) {\n        totalCount\n        totalAmount\n        hasNextPage\n        endCursor\n        rows {\n          id\n          kind\n          receiptNumber\n          invoiceDate\n          paymentDate\n          payee\n          purpose\n          category\n          amount\n          eligibleAmount\n          reversed\n          exclusionReason\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query StartPage {\n    grantNotices(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          reference\n          status\n          noticeDate\n          approvedAmount\n          proofOfUseDue\n          proofOfUseOverdue\n          recipient {\n            name\n            ags\n          }\n          project {\n            title\n          }\n          budgetCheck {\n            actualTotal\n            recognisedTotal\n          }\n          settlement {\n            paidTotal\n          }\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query StartPage {\n    grantNotices(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          reference\n          status\n          noticeDate\n          approvedAmount\n          proofOfUseDue\n          proofOfUseOverdue\n          recipient {\n            name\n            ags\n          }\n          project {\n            title\n          }\n          budgetCheck {\n            actualTotal\n            recognisedTotal\n          }\n          settlement {\n            paidTotal\n          }\n        }\n      }\n    }\n  }\n'];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;

// The signed-in user as the service describes it (the viewer query): name, role, scope, and what the
// role may do, so that a page offers only the actions the service would accept.
import { useQuery } from 'urql';
import { graphql } from './gql';
import type { ViewerQuery } from './gql/graphql';

const ViewerQueryDocument = graphql(`
  query Viewer {
    viewer {
      name
      role
      scope
      recipients {
        id
        name
        ags
      }
      cooperation {
        id
        name
      }
      may {
        recordGrantData
        createProject
        createGrantApplication
        amendGrantNotice
        recordExpenditure
        reverseExpenditure
        importReceipts
        createDisbursementRequest
        submitDisbursementRequest
        recordPayment
        recordStaffCosts
        reverseStaffCosts
        createEmployee
        changeEmployee
        recordSharedInvoice
        editMasterData
        addResolution
        readPersonalData
        readAuditTrail
        downloadReports
      }
    }
  }
`);

export type Viewer = ViewerQuery['viewer'];
export type ViewerAction = Exclude<keyof Viewer['may'], '__typename'>;

/**
 * The viewer, null until the service answered; `may` is false for every action until then, so that
 * a page never offers what the role may not do. Only inside the GraphQL client of a signed-in user.
 */
export function useViewer(): { viewer: Viewer | null; may(action: ViewerAction): boolean } {
  const [{ data }] = useQuery({ query: ViewerQueryDocument });
  const viewer = data?.viewer ?? null;
  return { viewer, may: (action) => viewer?.may[action] === true };
}

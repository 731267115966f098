// The versions of a notice's figures side by side: the original notice and each amendment
// (Änderungsbescheid) with the day it took effect, so that a change of a figure stands out.
import { useQuery } from 'urql';
import { TableRegion } from '../components/Table';
import { graphql } from '../gql';
import { formatDate, formatMoney, formatRate } from '../format';
import { COST_CATEGORY_NAMES, FINANCING_TYPE_NAMES, label } from '../labels';

const VersionsQuery = graphql(`
  query NoticeVersions($id: ID!) {
    grantNotice(id: $id) {
      id
      versions {
        id
        versionNo
        effectiveFrom
        financingType
        rate
        eligibleCosts
        ownFunds
        thirdPartyFunds
        approvedAmount
        approvalPeriod {
          start
          end
        }
        budgetLines {
          category
          planned
        }
        amendment {
          reference
          amendmentDate
          reason
        }
      }
    }
  }
`);

type Version = NonNullable<ReturnType<typeof useVersions>>[number];

function useVersions(noticeId: string) {
  const [{ data }] = useQuery({ query: VersionsQuery, variables: { id: noticeId } });
  return data?.grantNotice.versions;
}

interface Row {
  label: string;
  value: (version: Version) => string;
}

export function NoticeVersions({ noticeId }: { noticeId: string }) {
  const versions = useVersions(noticeId);
  if (!versions) return null;
  const categories = [...new Set(versions.flatMap((version) => version.budgetLines.map((line) => line.category)))];
  const rows: Row[] = [
    { label: 'Wirksam ab', value: (version) => formatDate(version.effectiveFrom) },
    {
      label: 'Bescheid',
      value: (version) =>
        version.amendment
          ? `Änderungsbescheid ${version.amendment.reference} vom ${formatDate(version.amendment.amendmentDate)}: ${version.amendment.reason}`
          : 'Zuwendungsbescheid',
    },
    {
      label: 'Finanzierungsart',
      value: (version) =>
        `${label(FINANCING_TYPE_NAMES, version.financingType)}${version.rate ? `, Fördersatz ${formatRate(version.rate)}` : ''}`,
    },
    {
      label: 'Bewilligungszeitraum',
      value: (version) => `${formatDate(version.approvalPeriod.start)} bis ${formatDate(version.approvalPeriod.end)}`,
    },
    { label: 'Zuwendungsfähige Ausgaben', value: (version) => formatMoney(version.eligibleCosts) },
    { label: 'Eigenmittel', value: (version) => formatMoney(version.ownFunds) },
    { label: 'Drittmittel', value: (version) => formatMoney(version.thirdPartyFunds) },
    { label: 'Bewilligte Zuwendung', value: (version) => formatMoney(version.approvedAmount) },
    ...categories.map((category) => ({
      label: `Ansatz ${label(COST_CATEGORY_NAMES, category)}`,
      value: (version: Version) => {
        const line = version.budgetLines.find((candidate) => candidate.category === category);
        return line ? formatMoney(line.planned) : '–';
      },
    })),
  ];
  return (
    <section aria-labelledby="fassungen" className="kern-stack">
      <h2 id="fassungen" className="kern-heading-medium">
        Fassungen des Bescheids
      </h2>
      {versions.length === 1 ? (
        <p className="kern-body">Der Bescheid wurde nicht geändert; es gilt die Fassung vom {formatDate(versions[0]!.effectiveFrom)}.</p>
      ) : (
        <TableRegion label="Fassungen nebeneinander">
          <table className="kern-table kern-table--small">
            <caption className="kern-sr-only">Fassungen des Bescheids nebeneinander, geänderte Werte hervorgehoben</caption>
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <td className="kern-table__header" />
                {versions.map((version) => (
                  <th key={version.id} scope="col" className="kern-table__header">
                    {version.versionNo === 1 ? 'Ursprünglich' : `${version.versionNo}. Fassung`}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {rows.map((row) => (
                <tr key={row.label} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    {row.label}
                  </th>
                  {versions.map((version, index) => {
                    const value = row.value(version);
                    const changed =
                      index > 0 && value !== row.value(versions[index - 1]!) && row.label !== 'Bescheid' && row.label !== 'Wirksam ab';
                    return (
                      <td key={version.id} className={`kern-table__cell${changed ? ' version-changed' : ''}`}>
                        {changed ? <strong>{value}</strong> : value}
                        {changed && <span className="kern-sr-only"> (geändert)</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

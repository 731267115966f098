// Vorhaben und Anträge: the projects in the viewer's scope, each with its grant applications (reference,
// submitted on, requested amount, status) and the notice made from one, or the way to record it; the
// forms for a new project and a new application are offered to those who may create them.
import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import { useQuery } from 'urql';
import { Alert } from '../components/Alert';
import { Badge } from '../components/Money';
import { TableHead, TableRegion } from '../components/Table';
import { SavedMessage } from '../forms/may-book';
import { graphql } from '../gql';
import { formatDate, formatMoney } from '../format';
import { APPLICATION_STATUS_NAMES, label } from '../labels';
import { useViewer } from '../viewer';

const ProjectsPageQuery = graphql(`
  query ProjectsPage {
    projects(first: 100) {
      totalCount
      edges {
        node {
          id
          title
          description
          recipient {
            name
          }
          cooperation {
            name
          }
        }
      }
    }
    grantApplications(first: 100) {
      edges {
        node {
          id
          reference
          submittedOn
          requestedAmount
          status
          project {
            id
          }
          fundingProgram {
            name
          }
        }
      }
    }
    grantNotices(first: 100) {
      edges {
        node {
          id
          reference
          project {
            id
          }
          application {
            id
          }
        }
      }
    }
  }
`);

// A list still empty has no record's type in its answer: named here, a new record of each type renews it.
const LIST_CONTEXT = { additionalTypenames: ['Project', 'GrantApplication', 'GrantNotice'] };

/** The id of the row a form saved, from the address (#antrag-<id>), to mark it. */
function savedApplicationId(hash: string): string | null {
  return hash.startsWith('#antrag-') ? hash.slice('#antrag-'.length) : null;
}

export function ProjectsPage() {
  const [{ data, fetching, error }] = useQuery({ query: ProjectsPageQuery, context: LIST_CONTEXT });
  const { may } = useViewer();
  const saved = savedApplicationId(useLocation().hash);
  useEffect(() => {
    document.title = 'Vorhaben und Anträge – Förderregister E-Government Thüringen';
  }, []);
  useEffect(() => {
    if (saved && data) document.getElementById(`antrag-${saved}`)?.scrollIntoView({ block: 'center' });
  }, [saved, data]);

  if (fetching && !data)
    return (
      <p className="kern-body" role="status">
        Die Vorhaben werden geladen …
      </p>
    );
  if (error || !data)
    return (
      <Alert variant="danger" title="Die Vorhaben konnten nicht geladen werden">
        <p className="kern-body">{error?.graphQLErrors[0]?.message ?? 'Der Dienst ist nicht erreichbar.'}</p>
      </Alert>
    );
  const projects = data.projects.edges.map((edge) => edge.node);
  const applications = data.grantApplications.edges.map((edge) => edge.node);
  const notices = data.grantNotices.edges.map((edge) => edge.node);
  const noticeOf = new Map(notices.flatMap((notice) => (notice.application ? [[notice.application.id, notice] as const] : [])));
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/">
          Zuwendungsbescheide
        </Link>
      </p>
      <SavedMessage />
      <h1 className="kern-heading-large">Vorhaben und Anträge</h1>
      {may('createProject') && (
        <p className="kern-body">
          <Link className="kern-btn kern-btn--primary" to="/vorhaben/neu">
            <span className="kern-icon kern-icon--add" aria-hidden="true" />
            <span className="kern-label">Neues Vorhaben</span>
          </Link>
        </p>
      )}
      {projects.length === 0 && <p className="kern-body">Für Ihre Zuständigkeit ist noch kein Vorhaben erfasst.</p>}
      {projects.map((project) => {
        const own = applications.filter((application) => application.project.id === project.id);
        const withoutApplication = notices.filter((notice) => notice.project.id === project.id && !notice.application);
        const heading = `vorhaben-${project.id}`;
        return (
          <section key={project.id} aria-labelledby={heading} className="kern-stack project">
            <hgroup className="kern-hgroup">
              <h2 id={heading} className="kern-heading-medium">
                {project.title}
              </h2>
              <p className="kern-subline">
                {project.recipient.name}
                {project.cooperation ? ` · Zweckvereinbarung ${project.cooperation.name}` : ''}
              </p>
            </hgroup>
            {project.description && <p className="kern-body">{project.description}</p>}
            {withoutApplication.length > 0 && (
              <p className="kern-body">
                Ohne erfassten Antrag:{' '}
                {withoutApplication.map((notice, index) => (
                  <span key={notice.id}>
                    {index > 0 && ', '}
                    <Link className="kern-link" to={`/bescheide/${notice.id}`}>
                      Bescheid {notice.reference}
                    </Link>
                  </span>
                ))}
              </p>
            )}
            {own.length === 0 ? (
              <p className="kern-body">Zu diesem Vorhaben ist noch kein Förderantrag erfasst.</p>
            ) : (
              <TableRegion label={`Förderanträge zu ${project.title}`}>
                <table className="kern-table">
                  <caption className="kern-sr-only">Förderanträge zu {project.title}</caption>
                  <TableHead
                    columns={[
                      { label: 'Antrag' },
                      { label: 'Eingereicht am' },
                      { label: 'Beantragt', numeric: true },
                      { label: 'Stand' },
                      { label: 'Bescheid' },
                    ]}
                  />
                  <tbody className="kern-table__body">
                    {own.map((application) => {
                      const notice = noticeOf.get(application.id);
                      return (
                        <tr
                          key={application.id}
                          id={`antrag-${application.id}`}
                          className={`kern-table__row${saved === application.id ? ' row-saved' : ''}`}
                        >
                          <th scope="row" className="kern-table__cell">
                            {application.reference ?? 'ohne Aktenzeichen'}
                            <br />
                            <span className="kern-body--small">{application.fundingProgram.name}</span>
                          </th>
                          <td className="kern-table__cell">{application.submittedOn ? formatDate(application.submittedOn) : '–'}</td>
                          <td className="kern-table__cell kern-table__cell--numeric">{formatMoney(application.requestedAmount)}</td>
                          <td className="kern-table__cell">
                            <Badge text={label(APPLICATION_STATUS_NAMES, application.status)} />
                          </td>
                          <td className="kern-table__cell">
                            {notice ? (
                              <Link className="kern-link" to={`/bescheide/${notice.id}`}>
                                Bescheid {notice.reference}
                              </Link>
                            ) : may('recordGrantData') ? (
                              <Link className="kern-link" to={`/bescheide/neu?antrag=${application.id}`}>
                                Bescheid erfassen
                              </Link>
                            ) : (
                              'noch keiner'
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableRegion>
            )}
            {may('createGrantApplication') && (
              <p className="kern-body">
                <Link
                  className="kern-btn kern-btn--secondary"
                  to={`/vorhaben/${project.id}/antrag`}
                  aria-label={`Antrag stellen zu ${project.title}`}
                >
                  <span className="kern-icon kern-icon--add" aria-hidden="true" />
                  <span className="kern-label">Antrag stellen</span>
                </Link>
              </p>
            )}
          </section>
        );
      })}
    </div>
  );
}

// Pages by path; a page that needs a signed-in user sends everyone else to the sign-in page.
import { useCallback, useMemo, useState, type ComponentType, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Provider } from 'urql';
import { createClient, ResetClientContext } from './client';
import { Alert } from './components/Alert';
import { Layout } from './components/Layout';
import { SignInPage } from './pages/SignIn';
import { ImportPage } from './pages/Import';
import { AmendNoticePage } from './pages/AmendNotice';
import { AuditTrailPage } from './pages/AuditTrail';
import { EmployeesPage } from './pages/Employees';
import { NewApplicationPage } from './pages/NewApplication';
import { NewDisbursementRequestPage } from './pages/NewDisbursementRequest';
import { NewNoticePage } from './pages/NewNotice';
import { NewProjectPage } from './pages/NewProject';
import { NewReceiptPage } from './pages/NewReceipt';
import { NewStaffAllocationPage } from './pages/NewStaffAllocation';
import { NoticePage } from './pages/Notice';
import { ProgrammeOverviewPage } from './pages/ProgrammeOverview';
import { ProjectsPage } from './pages/Projects';
import { CooperationPage } from './pages/Cooperation';
import { SharedInvoicesPage } from './pages/SharedInvoices';
import { CooperationsAdminPage } from './pages/CooperationsAdmin';
import { ProgrammeAdminPage } from './pages/ProgrammeAdmin';
import { RecipientsAdminPage } from './pages/RecipientsAdmin';
import { StartPage } from './pages/Start';
import { useSession } from './session';

/**
 * The sign-in page, told why (the session expired) and where to return to afterwards: the page asked
 * for, unless the user signed out.
 */
function signInPath(ended: 'signed-out' | 'expired' | null, target: string): string {
  const query = new URLSearchParams();
  if (ended === 'expired') query.set('fehler', 'sitzung-abgelaufen');
  if (target !== '/' && ended !== 'signed-out') query.set('ziel', target);
  return query.size ? `/anmelden?${query.toString()}` : '/anmelden';
}

function SignedIn({ children }: { children: ReactNode }) {
  const { session, ended, sessionExpired } = useSession();
  const location = useLocation();
  // Each generation has a client of its own, with an empty cache (see ResetClientContext).
  const [generation, setGeneration] = useState(0);
  const client = useMemo(() => {
    void generation;
    return createClient(session?.csrfToken ?? null, sessionExpired);
  }, [session?.csrfToken, sessionExpired, generation]);
  const reset = useCallback(() => setGeneration((current) => current + 1), []);
  if (!session?.user) return <Navigate to={signInPath(ended, `${location.pathname}${location.search}`)} replace />;
  return (
    <ResetClientContext.Provider value={reset}>
      <Provider value={client}>{children}</Provider>
    </ResetClientContext.Provider>
  );
}

function NotFound() {
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Seite nicht gefunden</h1>
      <p className="kern-body">Diese Seite gibt es nicht. Über den Namen oben gelangen Sie zur Startseite.</p>
    </div>
  );
}

/** The pages for signed-in users, by path. */
const SIGNED_IN_PAGES: [string, ComponentType][] = [
  ['/', StartPage],
  ['/bescheide/neu', NewNoticePage],
  ['/bescheide/:id', NoticePage],
  ['/bescheide/:id/import', ImportPage],
  ['/bescheide/:id/beleg', NewReceiptPage],
  ['/bescheide/:id/mittelabruf', NewDisbursementRequestPage],
  ['/bescheide/:id/aenderung', AmendNoticePage],
  ['/bescheide/:id/personal', NewStaffAllocationPage],
  ['/bescheide/:id/pruefpfad', AuditTrailPage],
  ['/vorhaben', ProjectsPage],
  ['/vorhaben/neu', NewProjectPage],
  ['/vorhaben/:id/antrag', NewApplicationPage],
  ['/beschaeftigte', EmployeesPage],
  ['/zweckvereinbarung', CooperationPage],
  ['/zweckvereinbarung/beschaffungen', SharedInvoicesPage],
  ['/programm', ProgrammeOverviewPage],
  ['/verwaltung/programm', ProgrammeAdminPage],
  ['/verwaltung/empfaenger', RecipientsAdminPage],
  ['/verwaltung/zweckvereinbarungen', CooperationsAdminPage],
];

export function App() {
  const { session, problem } = useSession();
  return (
    <BrowserRouter>
      <Layout>
        {problem && (
          <Alert variant="danger" title="Der Dienst ist nicht erreichbar">
            <p className="kern-body">{problem}</p>
          </Alert>
        )}
        {session === null ? (
          !problem && (
            <p className="kern-body" role="status">
              Die Anwendung wird geladen …
            </p>
          )
        ) : (
          <Routes>
            <Route path="/anmelden" element={session.user ? <Navigate to="/" replace /> : <SignInPage />} />
            {SIGNED_IN_PAGES.map(([path, Page]) => (
              <Route
                key={path}
                path={path}
                element={
                  <SignedIn>
                    <Page />
                  </SignedIn>
                }
              />
            ))}
            <Route path="*" element={<NotFound />} />
          </Routes>
        )}
      </Layout>
    </BrowserRouter>
  );
}

// Pages by path; a page that needs a signed-in user sends everyone else to the sign-in page.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Provider } from 'urql';
import { createClient, ResetClientContext } from './client';
import { Alert } from './components/Alert';
import { Layout } from './components/Layout';
import { SignInPage } from './pages/SignIn';
import { ImportPage } from './pages/Import';
import { NewDisbursementRequestPage } from './pages/NewDisbursementRequest';
import { NewNoticePage } from './pages/NewNotice';
import { NewReceiptPage } from './pages/NewReceipt';
import { NoticePage } from './pages/Notice';
import { AuditTrailPage } from './pages/AuditTrail';
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
            <Route
              path="/"
              element={
                <SignedIn>
                  <StartPage />
                </SignedIn>
              }
            />
            <Route
              path="/bescheide/:id"
              element={
                <SignedIn>
                  <NoticePage />
                </SignedIn>
              }
            />
            <Route
              path="/bescheide/:id/import"
              element={
                <SignedIn>
                  <ImportPage />
                </SignedIn>
              }
            />
            <Route
              path="/bescheide/:id/pruefpfad"
              element={
                <SignedIn>
                  <AuditTrailPage />
                </SignedIn>
              }
            />
            <Route
              path="/bescheide/neu"
              element={
                <SignedIn>
                  <NewNoticePage />
                </SignedIn>
              }
            />
            <Route
              path="/bescheide/:id/beleg"
              element={
                <SignedIn>
                  <NewReceiptPage />
                </SignedIn>
              }
            />
            <Route
              path="/bescheide/:id/mittelabruf"
              element={
                <SignedIn>
                  <NewDisbursementRequestPage />
                </SignedIn>
              }
            />
            <Route path="*" element={<NotFound />} />
          </Routes>
        )}
      </Layout>
    </BrowserRouter>
  );
}

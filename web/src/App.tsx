// Pages by path; a page that needs a signed-in user sends everyone else to the sign-in page.
import { useMemo, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Provider } from 'urql';
import { createClient } from './client';
import { Alert } from './components/Alert';
import { Layout } from './components/Layout';
import { SignInPage } from './pages/SignIn';
import { NewDisbursementRequestPage } from './pages/NewDisbursementRequest';
import { NewNoticePage } from './pages/NewNotice';
import { NewReceiptPage } from './pages/NewReceipt';
import { NoticePage } from './pages/Notice';
import { StartPage } from './pages/Start';
import { useSession } from './session';

function SignedIn({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const client = useMemo(() => createClient(session?.csrfToken ?? null), [session?.csrfToken]);
  if (!session?.user) return <Navigate to="/anmelden" replace />;
  return <Provider value={client}>{children}</Provider>;
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

// Signing in. With an identity provider the service sends the user there; in the embedded set-up
// without one, the demonstration users of the seed story are offered, and the page says so plainly.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../components/Alert';
import { useSession } from '../session';

interface DemoUser {
  key: string;
  label: string;
  description: string;
}

export function SignInPage() {
  const { session, signInAsDemoUser } = useSession();
  const navigate = useNavigate();
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'Anmelden – Förderregister E-Government Thüringen';
    if (!session?.demoSignIn) return;
    fetch('/auth/demo-users', { credentials: 'same-origin' })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        setUsers(((await response.json()) as { users: DemoUser[] }).users);
      })
      .catch(() => setProblem('Die Demonstrationsnutzer konnten nicht geladen werden; bitte die Seite neu laden.'));
  }, [session?.demoSignIn]);

  const signIn = async (key: string) => {
    setProblem(null);
    try {
      await signInAsDemoUser(key);
      void navigate('/');
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Die Anmeldung ist fehlgeschlagen.');
    }
  };

  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Anmelden</h1>
      {problem && (
        <Alert variant="danger" title="Anmeldung nicht möglich">
          {<p className="kern-body">{problem}</p>}
        </Alert>
      )}
      {session?.demoSignIn ? (
        <>
          <Alert variant="info" title="Nur in der eingebetteten Einrichtung">
            <p className="kern-body">
              Diese Anmeldung ohne Kennwort gibt es nur, solange der Dienst mit der eingebetteten Datenbank und ohne Identitätsanbieter
              läuft. Im Betrieb melden Sie sich beim Identitätsanbieter Ihrer Verwaltung an.
            </p>
          </Alert>
          <ul className="kern-list" aria-label="Demonstrationsnutzer">
            {(users ?? []).map((user) => (
              <li key={user.key} className="kern-card" style={{ marginBottom: '1rem' }}>
                <div className="kern-card__container">
                  <div className="kern-card__body">
                    <h2 className="kern-heading-small">{user.label}</h2>
                    <p className="kern-body">{user.description}</p>
                  </div>
                  <div className="kern-card__footer">
                    <button type="button" className="kern-btn kern-btn--primary" onClick={() => void signIn(user.key)}>
                      <span className="kern-label">Anmelden als {user.label}</span>
                    </button>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="kern-body">
          <a className="kern-link" href="/auth/sign-in">
            Beim Identitätsanbieter anmelden
          </a>
        </p>
      )}
    </div>
  );
}

// Signing in. With an identity provider the service sends the user there; in the embedded set-up
// without one, the demonstration users of the seed story are offered, and the page says so plainly.
// A sign-in that failed, or a session that ended, comes back here with a code (`?fehler=`) the page
// explains; `?ziel=` is the page to return to afterwards.
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../components/Alert';
import { useSession } from '../session';

interface Notice {
  variant: 'danger' | 'warning' | 'info';
  title: string;
  text: string;
}

const AGAIN = 'Bitte melden Sie sich erneut an.';

/** What each code of the service (src/http/oidc-sign-in.ts) and of the page itself means for the user. */
const NOTICES: Record<string, Notice> = {
  'anbieter-nicht-erreichbar': {
    variant: 'danger',
    title: 'Der Anmeldedienst ist nicht erreichbar',
    text: 'Der Anmeldedienst ist nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut; besteht die Störung fort, wenden Sie sich an die IT Ihrer Verwaltung.',
  },
  abgebrochen: {
    variant: 'info',
    title: 'Anmeldung abgebrochen',
    text: 'Die Anmeldung wurde beim Anmeldedienst abgebrochen; Sie sind nicht angemeldet.',
  },
  ungueltig: {
    variant: 'warning',
    title: 'Anmeldung nicht abgeschlossen',
    text: `Die Anmeldung hat länger als 10 Minuten gedauert oder wurde in einem anderen Fenster begonnen und konnte deshalb nicht abgeschlossen werden. ${AGAIN}`,
  },
  'keine-rolle': {
    variant: 'danger',
    title: 'Keine Berechtigung für das Förderregister',
    text: 'Ihr Konto beim Anmeldedienst nennt keine gültige Rolle oder Zuständigkeit (Gemeindeschlüssel) für das Förderregister. Bitte wenden Sie sich an die Administration des Förderregisters.',
  },
  fehlgeschlagen: {
    variant: 'danger',
    title: 'Anmeldung fehlgeschlagen',
    text: `Der Anmeldedienst hat die Anmeldung nicht bestätigt. ${AGAIN}`,
  },
  'sitzung-abgelaufen': {
    variant: 'warning',
    title: 'Sitzung abgelaufen',
    text: `Ihre Sitzung ist abgelaufen: nach 60 Minuten ohne Aktivität, spätestens 10 Stunden nach der Anmeldung, oder weil Sie sich in einem anderen Fenster abgemeldet haben. ${AGAIN}`,
  },
};

const UNKNOWN: Notice = { variant: 'danger', title: 'Anmeldung fehlgeschlagen', text: `Die Anmeldung ist fehlgeschlagen. ${AGAIN}` };

/** A page of this application to return to; anything else is the start page. */
function targetOf(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

interface DemoUser {
  key: string;
  label: string;
  description: string;
}

export function SignInPage() {
  const { session, signInAsDemoUser } = useSession();
  const navigate = useNavigate();
  const [query] = useSearchParams();
  const failure = query.get('fehler');
  const notice = failure ? (NOTICES[failure] ?? UNKNOWN) : null;
  const target = targetOf(query.get('ziel'));
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
      void navigate(target);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Die Anmeldung ist fehlgeschlagen.');
    }
  };

  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Anmelden</h1>
      {notice && (
        <Alert variant={notice.variant} title={notice.title}>
          <p className="kern-body">{notice.text}</p>
        </Alert>
      )}
      {problem && (
        <Alert variant="danger" title="Anmeldung nicht möglich">
          {<p className="kern-body">{problem}</p>}
        </Alert>
      )}
      {session?.signIn === 'oidc' ? (
        <>
          <p className="kern-body">Sie melden sich beim Anmeldedienst Ihrer Verwaltung an und kehren danach hierher zurück.</p>
          <p>
            <a
              className="kern-btn kern-btn--primary"
              href={target === '/' ? '/auth/sign-in' : `/auth/sign-in?ziel=${encodeURIComponent(target)}`}
            >
              <span className="kern-label">Anmelden</span>
            </a>
          </p>
        </>
      ) : session?.demoSignIn ? (
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
          Die Anmeldung im Browser ist für diesen Dienst nicht eingerichtet; er nimmt nur Zugangstoken an (siehe Betriebsdokumentation).
        </p>
      )}
    </div>
  );
}

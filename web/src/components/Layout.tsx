// The frame of every page: KERN's Kopfzeile, the application's name, who is signed in, and the content.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { label, ROLE_NAMES } from '../labels';
import { useSession } from '../session';

function Kopfzeile() {
  return (
    <div className="kern-kopfzeile">
      <div className="kern-container">
        <div className="kern-kopfzeile__content">
          <span className="kern-kopfzeile__flagge" aria-hidden="true">
            <svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 24 16">
              <path fill="#000" d="M0 .5h24v5.333H0z" />
              <path fill="red" d="M0 5.833h24v5.333H0z" />
              <path fill="#FACA2C" d="M0 11.167h24V16.5H0z" />
            </svg>
          </span>
          <span className="kern-kopfzeile__label">Offizielle Website – Freistaat Thüringen</span>
        </div>
      </div>
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  const user = session?.user;
  return (
    <>
      <a className="skip-link kern-link" href="#inhalt">
        Zum Inhalt springen
      </a>
      <Kopfzeile />
      <header className="app-header">
        <div className="kern-container app-header__inner">
          <Link to="/" className="kern-link kern-link--no-visited-state">
            <span className="kern-title">Förderregister E-Government Thüringen</span>
          </Link>
          {user && (
            <div className="kern-btn-wrapper" style={{ alignItems: 'center', gap: '1rem' }}>
              <p className="kern-body kern-body--small" style={{ margin: 0 }}>
                Angemeldet: <strong>{user.name}</strong> ({label(ROLE_NAMES, user.role)})
              </p>
              <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void signOut()}>
                <span className="kern-icon kern-icon--logout" aria-hidden="true" />
                <span className="kern-label">Abmelden</span>
              </button>
            </div>
          )}
        </div>
      </header>
      <main id="inhalt" className="app-main" tabIndex={-1}>
        <div className="kern-container">{children}</div>
      </main>
    </>
  );
}

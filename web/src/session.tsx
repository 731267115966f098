// The signed-in user: asked of the service once at start, then after signing in or out. The session
// itself lives on the server behind an HttpOnly cookie; the page only knows the CSRF token that
// every changing request must carry. When the service answers that the session has ended, the page
// forgets the user and says why on the sign-in page.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export interface SessionUser {
  name: string;
  role: 'FINANCE_OFFICER' | 'TEAM_LEAD' | 'AUDITOR' | 'ADMIN';
  roleName: string;
  recipients: string[];
  cooperationId: string | null;
}

export interface SessionState {
  user: SessionUser | null;
  csrfToken: string | null;
  demoSignIn: boolean;
  /** The sign-in the service offers: at the identity provider, as a demonstration user, or none (bearer tokens only). */
  signIn: 'oidc' | 'demo' | null;
}

interface SessionContextValue {
  /** Null while the service has not answered yet. */
  session: SessionState | null;
  /** Why the service could not be asked, in German. */
  problem: string | null;
  signInAsDemoUser(key: string): Promise<void>;
  signOut(): Promise<void>;
  /** Reads the session again. */
  refresh(): Promise<void>;
  /** How the session of this page ended: signed out, or the service answered that it had ended (SESSION_EXPIRED). */
  ended: 'signed-out' | 'expired' | null;
  /** The service answered that the session has ended: the user is signed out here too. */
  sessionExpired(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** The German message of a failed call to the service's own routes. */
async function problemOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: { message?: string }[] };
    const message = body.errors?.[0]?.message;
    if (message) return message;
  } catch {
    // Not JSON: the status says enough.
  }
  return `Der Dienst hat die Anfrage nicht angenommen (HTTP ${response.status}).`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [ended, setEnded] = useState<SessionContextValue['ended']>(null);

  const refresh = useCallback(async () => {
    try {
      const response = await fetch('/auth/session', { credentials: 'same-origin' });
      if (!response.ok) throw new Error(await problemOf(response));
      setSession((await response.json()) as SessionState);
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof Error && error.message ? error.message : 'Der Dienst ist nicht erreichbar.');
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signInAsDemoUser = useCallback(async (key: string) => {
    const response = await fetch('/auth/demo', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: key }),
    });
    if (!response.ok) throw new Error(await problemOf(response));
    setSession((await response.json()) as SessionState);
    setEnded(null);
  }, []);

  const signOut = useCallback(async () => {
    const response = await fetch('/auth/sign-out', {
      method: 'POST',
      credentials: 'same-origin',
      headers: session?.csrfToken ? { 'x-csrf-token': session.csrfToken } : {},
    });
    if (!response.ok) throw new Error(await problemOf(response));
    // Signed in at the identity provider: the session there ends too, and the provider sends the browser back.
    if (response.status === 200) {
      const { endSessionUrl } = (await response.json()) as { endSessionUrl?: string };
      if (endSessionUrl) return window.location.assign(endSessionUrl);
    }
    setEnded('signed-out');
    setSession((current) => current && { ...current, user: null, csrfToken: null });
  }, [session?.csrfToken]);

  const sessionExpired = useCallback(() => {
    setEnded('expired');
    setSession((current) => current && { ...current, user: null, csrfToken: null });
  }, []);

  const value = useMemo(
    () => ({ session, problem, signInAsDemoUser, signOut, refresh, ended, sessionExpired }),
    [session, problem, signInAsDemoUser, signOut, refresh, ended, sessionExpired],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

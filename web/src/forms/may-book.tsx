// Whether the signed-in user books on notices: the forms are for finance officers; everyone else only
// reads (the service refuses their writes anyway).
import { useLocation } from 'react-router';
import { Alert } from '../components/Alert';
import { useSession } from '../session';

export function useMayBook(): boolean {
  return useSession().session?.user?.role === 'FINANCE_OFFICER';
}

/** The confirmation of a form that sent the user back here (navigation state `saved`). */
export function SavedMessage() {
  const saved = (useLocation().state as { saved?: unknown } | null)?.saved;
  return typeof saved === 'string' ? <Alert variant="success" title={saved} /> : null;
}

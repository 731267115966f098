// Whether the signed-in user may take an action on notices, as the service's table of permissions says
// (the viewer query): the forms and buttons are offered only then; the service refuses the rest anyway.
import { useLocation, useNavigate } from 'react-router';
import { Alert } from '../components/Alert';
import { useViewer, type ViewerAction } from '../viewer';

export function useMayBook(action: ViewerAction = 'recordGrantData'): boolean {
  return useViewer().may(action);
}

/** The confirmation of a form that sent the user back here (navigation state `saved`). */
export function SavedMessage() {
  const saved = (useLocation().state as { saved?: unknown } | null)?.saved;
  return typeof saved === 'string' ? <Alert variant="success" title={saved} /> : null;
}

/**
 * Takes the confirmation of the form before back once something else on the page was changed: it would
 * speak of a state that no longer holds ("als Entwurf gespeichert" beside "Eingereicht").
 */
export function useClearSavedMessage(): () => void {
  const location = useLocation();
  const navigate = useNavigate();
  return () => {
    if ((location.state as { saved?: unknown } | null)?.saved !== undefined) {
      void navigate(`${location.pathname}${location.search}`, { replace: true, state: null, preventScrollReset: true });
    }
  };
}

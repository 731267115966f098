// Whether the signed-in user may take an action on notices, as the service's table of permissions says
// (the viewer query): the forms and buttons are offered only then; the service refuses the rest anyway.
import { useLocation } from 'react-router';
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

// Pieces every form has: the message of a refusal that no field stands for, and the buttons.
import { Link } from 'react-router';
import { Alert } from '../components/Alert';

/** A refusal of the service without a field of the form; it takes the focus after a failed submit. */
export function FormProblem({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div id="form-problem" tabIndex={-1}>
      <Alert variant="danger" title="Das kann so nicht gespeichert werden">
        <p className="kern-body">{message}</p>
      </Alert>
    </div>
  );
}

export function SubmitButtons({ submitting, label, cancelTo }: { submitting: boolean; label: string; cancelTo: string }) {
  return (
    <div className="kern-btn-wrapper">
      <button type="submit" className="kern-btn kern-btn--primary" disabled={submitting}>
        <span className="kern-label">{submitting ? 'Wird gespeichert …' : label}</span>
      </button>
      <Link className="kern-btn kern-btn--secondary" to={cancelTo}>
        <span className="kern-label">Abbrechen</span>
      </Link>
    </div>
  );
}

// The way from a notice's Belegliste to the import of a Buchungsexport, for the role that may book receipts.
import { Link } from 'react-router';
import { useViewer } from '../viewer';

export function ImportLink({ noticeId }: { noticeId: string }) {
  const { may } = useViewer();
  if (!may('importReceipts')) return null;
  return (
    <p className="kern-body">
      <Link className="kern-btn kern-btn--secondary" to={`/bescheide/${noticeId}/import`}>
        <span className="kern-icon kern-icon--drive-folder-upload" aria-hidden="true" />
        <span className="kern-label">Belege importieren (CSV oder XLSX)</span>
      </Link>
    </p>
  );
}

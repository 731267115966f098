// Small pieces the tables share: a status badge, and a bar for a share of an amount.
import { sharePercent } from '../format';

export function Badge({ text, variant }: { text: string; variant?: string }) {
  return (
    <span className={`kern-badge ${variant ?? ''}`}>
      <span className="kern-label kern-label--small">{text}</span>
    </span>
  );
}

/** A bar of `part` of `whole`, read out as a sentence by screen readers. */
export function ShareBar({ part, whole, what }: { part: string; whole: string; what: string }) {
  const percent = sharePercent(part, whole);
  return (
    <span className="budget-bar" role="img" aria-label={`${percent.toLocaleString('de-DE')} % ${what}`}>
      <span className="budget-bar__fill" style={{ width: `${Math.min(percent, 100)}%` }} />
    </span>
  );
}

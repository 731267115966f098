// KERN's alert for what the user must read: a problem of the service or of their input, or a note.
import type { ReactNode } from 'react';

const ICONS = { danger: 'danger', warning: 'warning', info: 'info', success: 'success' } as const;

export function Alert({ variant, title, children }: { variant: keyof typeof ICONS; title: string; children?: ReactNode }) {
  return (
    <div className={`kern-alert kern-alert--${variant}`} role={variant === 'danger' ? 'alert' : 'status'}>
      <div className="kern-alert__header">
        <span className={`kern-icon kern-icon--${ICONS[variant]}`} aria-hidden="true" />
        <span className="kern-title">{title}</span>
      </div>
      {children && <div className="kern-alert__body">{children}</div>}
    </div>
  );
}

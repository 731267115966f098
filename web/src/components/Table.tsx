// KERN's table as the pages use it: a scrollable region with a name, and a header row whose money
// columns are right-aligned.
import type { ReactNode } from 'react';

export interface Column {
  label: string;
  /** Amounts: right-aligned, as the cells below them. */
  numeric?: boolean;
}

export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kern-table-responsive" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead className="kern-table__header">
      <tr className="kern-table__row">
        {columns.map((column) => (
          <th key={column.label} scope="col" className={`kern-table__header${column.numeric ? ' kern-table__header--numeric' : ''}`}>
            {column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

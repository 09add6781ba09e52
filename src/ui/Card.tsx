import type { ReactNode } from 'react';

/** A titled panel; the title labels the region for screen readers. */
export function Card({ title, id, actions, children }: { title: string; id: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-row">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions}
      </div>
      <div style={{ marginTop: '0.6rem' }}>{children}</div>
    </section>
  );
}

import type { ReactNode } from 'react'

export function Panel({ title, actions, children, className = '', id }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; id?: string }) {
  const headingId = id ? `${id}-title` : undefined
  return (
    <section className={`panel ${className}`} aria-labelledby={headingId} id={id}>
      {title || actions ? (
        <header className="panel-header">
          {title ? <h2 id={headingId}>{title}</h2> : <span />}
          {actions ? <div className="panel-actions">{actions}</div> : null}
        </header>
      ) : null}
      <div className="panel-body">{children}</div>
    </section>
  )
}

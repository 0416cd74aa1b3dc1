import { Component, type ErrorInfo, type ReactNode } from 'react'

/** A lazily loaded chunk did not arrive: the server is stopped, or an upgrade replaced the files. */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? `${error.name} ${error.message}` : String(error)
  return /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|ChunkLoadError|Loading (?:CSS )?chunk .* failed|Unable to preload CSS/i.test(message)
}

interface Props {
  children: ReactNode
  /** Where the error happened, for the heading ("this page", "the dashboard"). */
  scope?: string
}

interface State {
  error: unknown
}

/**
 * Catches render errors and failed chunk loads below it and shows what happened with a way out
 * (retry, reload), instead of React unmounting everything into a blank page. Keyed by the route
 * in `Layout`, so navigating elsewhere starts afresh.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined }

  static getDerivedStateFromError(error: unknown): State {
    return { error }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('claimcheck dashboard: render failed', error, info.componentStack)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (error === undefined) return this.props.children
    const chunk = isChunkLoadError(error)
    const scope = this.props.scope ?? 'this page'
    return (
      <div className="page">
        <div className="state state-error error-view" role="alert">
          <strong>{chunk ? `Could not load ${scope}` : `Something went wrong on ${scope}`}</strong>
          <div className="state-hint">
            {chunk
              ? 'Part of the dashboard could not be downloaded: the claimcheck server may be stopped, or it was upgraded since this tab opened. Retry once the server is back, or reload to get the current version.'
              : `${error instanceof Error ? error.message : String(error)}. Retry; if it happens again, reload the page.`}
          </div>
          <div className="error-view-actions">
            <button type="button" className="btn btn-primary" onClick={() => this.setState({ error: undefined })}>
              Retry
            </button>
            <button type="button" className="btn" onClick={() => location.reload()}>
              Reload the page
            </button>
          </div>
        </div>
      </div>
    )
  }
}

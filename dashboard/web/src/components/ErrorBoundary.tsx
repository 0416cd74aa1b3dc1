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
  /** Set when a retry found the server still away. */
  stillDown?: boolean
}

/**
 * Chromium remembers a failed dynamic import for the life of the document, so a chunk that did
 * not load can only come with a reload. Reload only once the server answers: reloading while it
 * is down would trade this view for the browser's own error page.
 */
async function reloadWhenReachable(): Promise<boolean> {
  try {
    const response = await fetch('/', { cache: 'no-store', method: 'HEAD' })
    if (response.status >= 500) return false
  } catch {
    return false
  }
  location.reload()
  return true
}

/**
 * Catches render errors and failed chunk loads below it and shows what happened with a way out
 * (retry, reload), instead of React unmounting everything into a blank page. Keyed by the route
 * in `Layout`, so navigating elsewhere starts afresh.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined }

  static getDerivedStateFromError(error: unknown): State {
    return { error, stillDown: false }
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
          {this.state.stillDown ? <div className="field-error">The server still does not answer. Retry once it is running again.</div> : null}
          <div className="error-view-actions">
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                if (!chunk) return this.setState({ error: undefined })
                void reloadWhenReachable().then((reloading) => {
                  if (!reloading) this.setState({ stillDown: true })
                })
              }}
            >
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

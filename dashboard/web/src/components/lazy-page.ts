import { createElement, use, type ComponentType } from 'react'

/**
 * A page loaded on first visit, like `React.lazy`. A failed load is kept, not retried on the next
 * render: retrying there made every render suspend on a fresh import, so the error boundary only
 * saw the failure after React gave up (~40 s with the server stopped). Chromium keeps a failed
 * dynamic import for the life of the document anyway; the boundary's Retry reloads the page.
 */
export function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let pending: Promise<{ default: ComponentType<P> }> | undefined
  function LazyPage(props: P) {
    pending ??= load()
    return createElement(use(pending).default, props)
  }
  return LazyPage
}

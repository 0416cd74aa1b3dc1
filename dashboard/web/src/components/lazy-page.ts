import { createElement, use, type ComponentType } from 'react'

/**
 * A page loaded on first visit, like `React.lazy`, except that a failed load is not kept: React.lazy
 * remembers the rejection forever, so "Retry" in the error boundary could never succeed. Here the
 * next render after a failure imports again.
 */
export function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let pending: Promise<{ default: ComponentType<P> }> | undefined
  function LazyPage(props: P) {
    pending ??= load().catch((error: unknown) => {
      pending = undefined
      throw error
    })
    return createElement(use(pending).default, props)
  }
  return LazyPage
}

import { useEffect, useState } from 'react'

const SHORTCUTS = [
  { keys: '/', what: 'Focus the search box' },
  { keys: '?', what: 'Show or hide these shortcuts' },
  { keys: 'Esc', what: 'Close a popover or this list' },
  { keys: '↑ ↓', what: 'Move between spans in the trace waterfall' },
  { keys: '← →', what: 'Collapse or expand a span with children' },
  { keys: 'Enter', what: 'Open the selected span' },
] as const

/** Typing in a field must never trigger a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName))
}

/** `/` focuses the page's search, `?` lists the shortcuts. */
export function KeyboardShortcuts() {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return
      if (event.key === 'Escape') setOpen(false)
      if (isTyping(event.target)) return
      if (event.key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-shortcut-search], #message-search')
        if (search) {
          event.preventDefault()
          search.focus()
          search.select()
        }
      } else if (event.key === '?') {
        event.preventDefault()
        setOpen((o) => !o)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  if (!open) return null
  return (
    <div className="shortcuts-backdrop" onClick={() => setOpen(false)}>
      <div className="popover shortcuts-dialog" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <div className="popover-title">Keyboard shortcuts</div>
        <dl>
          {SHORTCUTS.map((s) => (
            <div key={s.keys} className="shortcut-row">
              <dt>
                <kbd>{s.keys}</kbd>
              </dt>
              <dd>{s.what}</dd>
            </div>
          ))}
        </dl>
        <button type="button" className="btn btn-sm" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </div>
  )
}

import { useEffect, useRef, useState } from 'react'
import { formatBytes } from '../lib/format.ts'

/** The whole value of one result cell, in a dialog that holds megabytes without freezing the grid. */
export function CellViewer({ column, text, onClose }: { column: string; text: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
  }, [])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setCopied('yes')
    } catch {
      setCopied('failed')
    }
  }
  return (
    <dialog ref={dialog} className="cell-viewer" aria-label={`Value of ${column}`} onClose={onClose} onCancel={onClose}>
      <header>
        <strong>{column}</strong>
        <span className="hint">{formatBytes(new Blob([text]).size)} · {text.length.toLocaleString('en-US')} characters</span>
        <span className="spacer" />
        <button type="button" className="btn btn-sm" onClick={() => void copy()}>{copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}</button>
        <button type="button" className="btn btn-sm" onClick={() => dialog.current?.close()}>Close</button>
      </header>
      <textarea readOnly value={text} spellCheck={false} aria-label={`Full value of ${column}`} />
    </dialog>
  )
}

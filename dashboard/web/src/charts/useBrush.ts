import { useRef, useState } from 'react'
import type { MouseHandlerDataParam } from 'recharts'
import { selectionToRange } from './shape.ts'

/**
 * Drag across a time chart to zoom: tracks the selected bucket indexes and reports the range on
 * release. A press without movement is a click, left to the chart's own handlers: the press only
 * notes where it started (a ref), because re-rendering the chart between mousedown and mouseup
 * re-mounts its layers and the browser then fires no click on the band.
 */
export function useBrush(rows: readonly { t: number }[], stepMs: number, onZoom?: (fromMs: number, toMs: number) => void) {
  const [selection, setSelection] = useState<{ a: number; b: number } | undefined>()
  const anchor = useRef<number | undefined>(undefined)
  const dragged = useRef(false)
  const indexOf = (state: MouseHandlerDataParam): number | undefined => {
    const index = Number(state.activeTooltipIndex)
    return Number.isInteger(index) && rows[index] ? index : undefined
  }
  return {
    selection: selection && rows[selection.a] && rows[selection.b] ? { x1: rows[selection.a]!.t, x2: rows[selection.b]!.t } : undefined,
    /** True right after a drag, so a band's click handler can ignore the release. */
    wasDrag: () => dragged.current,
    handlers: onZoom
      ? {
          onMouseDown: (state: MouseHandlerDataParam) => {
            dragged.current = false
            anchor.current = indexOf(state)
          },
          onMouseMove: (state: MouseHandlerDataParam) => {
            const i = indexOf(state)
            const a = anchor.current
            if (a !== undefined && i !== undefined && i !== (selection?.b ?? a)) {
              dragged.current = true
              setSelection({ a, b: i })
            }
          },
          onMouseUp: () => {
            if (selection && selection.a !== selection.b) {
              const range = selectionToRange(rows[selection.a]!.t, rows[selection.b]!.t, stepMs)
              if (range) onZoom(range.fromMs, range.toMs)
            }
            anchor.current = undefined
            setSelection(undefined)
          },
          onMouseLeave: () => {
            anchor.current = undefined
            setSelection(undefined)
          },
        }
      : {},
  }
}

import { useEffect, useRef } from 'react'
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete'
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands'
import { sql, type SQLNamespace } from '@codemirror/lang-sql'
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { Compartment, EditorState } from '@codemirror/state'
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder } from '@codemirror/view'
import { tags } from '@lezer/highlight'
import { ClickHouseSQL } from './dialect.ts'

// Colours come from the page's CSS variables, so one style serves both themes.
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--sql-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--sql-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--sql-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--text-faint)', fontStyle: 'italic' },
  { tag: [tags.standard(tags.name), tags.function(tags.name)], color: 'var(--sql-function)' },
  { tag: tags.typeName, color: 'var(--sql-type)' },
  { tag: [tags.operator, tags.punctuation], color: 'var(--text-muted)' },
  { tag: tags.special(tags.name), color: 'var(--sql-string)' },
])

const theme = EditorView.theme({
  '&': { fontSize: '13px', height: '100%', backgroundColor: 'var(--surface)', color: 'var(--text)' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--accent)', padding: '8px 0' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--text-faint)', border: 'none', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 6%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'transparent', color: 'var(--text)' },
  '&.cm-focused': { outline: 'none' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--accent)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection': { backgroundColor: 'color-mix(in srgb, var(--accent) 25%, transparent) !important' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', border: '1px solid var(--border)', borderRadius: '6px', boxShadow: 'var(--shadow-pop)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--accent-soft)', color: 'var(--text)' },
  '.cm-completionDetail': { color: 'var(--text-faint)', fontStyle: 'normal', marginLeft: '8px' },
  '.cm-scroller': { overflow: 'auto' },
})

export interface SqlEditorProps {
  initialValue: string
  schema: SQLNamespace
  onChange: (value: string) => void
  onRun: (value: string) => void
}

/** CodeMirror 6 with ClickHouse-flavoured SQL, table/column completion and Ctrl/Cmd+Enter to run. */
export function SqlEditor({ initialValue, schema, onChange, onRun }: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const language = useRef(new Compartment())
  const callbacks = useRef({ onChange, onRun })
  callbacks.current = { onChange, onRun }

  useEffect(() => {
    const run = (v: EditorView) => {
      callbacks.current.onRun(v.state.doc.toString())
      return true
    }
    view.current = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initialValue,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          autocompletion({ activateOnTyping: true }),
          placeholder('SELECT … (Ctrl+Enter to run)'),
          keymap.of([{ key: 'Mod-Enter', run, preventDefault: true }, ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
          language.current.of(sql({ dialect: ClickHouseSQL, schema, defaultTable: 'gateway_calls', upperCaseKeywords: true })),
          syntaxHighlighting(highlight),
          theme,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'SQL query', 'aria-multiline': 'true' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString())
          }),
        ],
      }),
    })
    return () => view.current?.destroy()
    // The editor is created once; later value changes come from the user typing in it.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- created once on mount, see above
  }, [])

  // New schema (loaded after the editor): reconfigure completion without touching the text.
  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(sql({ dialect: ClickHouseSQL, schema, defaultTable: 'gateway_calls', upperCaseKeywords: true })) })
  }, [schema])

  return <div className="sql-editor" ref={host} />
}

/** A template with its variable parts set apart: masked values (`<NUM>`, `"<STR>"` …) and `<*>`. */
export function TemplateText({ text }: { text: string }) {
  if (text === '') return <em className="tpl-empty">(empty message)</em>
  const parts = text.split(/(<\*>|<[A-Z]+>)/)
  return (
    <span className="tpl-text mono">
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} className={part === '<*>' ? 'tpl-var tpl-wild' : 'tpl-var'} title={part === '<*>' ? 'differs between messages' : `masked ${part.slice(1, -1).toLowerCase()}`}>
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </span>
  )
}

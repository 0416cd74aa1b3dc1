import { useTimeZone } from '../lib/time-zone.ts'
import { formatTimestamp, timestampTitle } from '../lib/time.ts'
import { splitIsoTimes } from '../lib/zoned-text.ts'

/** Text whose ISO UTC instants are shown in the chosen time zone, each with the usual tooltip. */
export function ZonedText({ text }: { text: string }) {
  const zone = useTimeZone()
  return (
    <>
      {splitIsoTimes(text).map((part, i) =>
        'ms' in part ? (
          <time key={i} dateTime={part.iso} title={timestampTitle(part.ms)}>
            {formatTimestamp(part.ms, zone).replace(/\.000$/, '')}{zone === 'utc' ? ' UTC' : ''}
          </time>
        ) : (
          part.text
        ),
      )}
    </>
  )
}

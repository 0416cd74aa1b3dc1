import type { SubjectSourceKind } from '@claimcheck/shared'
import type { SourceAnswer } from './record.ts'

/** One kind of subject directory. `lookup` throws `SourceUnavailableError` when it cannot answer. */
export interface SubjectSource {
  readonly kind: SubjectSourceKind
  /** For people: the file, table or URL template (never headers or tokens). */
  readonly target: string
  lookup(subject: string): Promise<SourceAnswer>
}

/**
 * A live example of a field's value changes: the sync form sends a sample value and the
 * transforms a person picked, and gets back what the real engine makes of it after each
 * step. The form never re-implements a transform, so the example cannot disagree with a run.
 */
import type { FieldValue, Transform } from '../../shared/domain'
import type { TransformStep } from '../../shared/contract'
import { applyTransform, phoneMismatch } from '../engine/transforms'

/** Runs `transforms` in order on `value`; the first one that refuses the value ends the example with its reason. */
export function transformExample(value: FieldValue, transforms: Transform[], field: string): TransformStep[] {
  const steps: TransformStep[] = []
  let v = value
  for (const t of transforms) {
    try {
      const before = v
      v = applyTransform(t, v, field)
      const warning = t.kind === 'e164' ? phoneMismatch(before, t.defaultCountry) : undefined
      steps.push(warning ? { ok: true, value: v, warning } : { ok: true, value: v })
    } catch (err) {
      const e = err as Error & { meta?: { hint?: string } }
      steps.push({ ok: false, error: [e.message, e.meta?.hint].filter(Boolean).join('. ') })
      break
    }
  }
  return steps
}

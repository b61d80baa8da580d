/**
 * Renders zod issues as "field path: why" lines, so an error names the exact setting
 * (`syncs[2].trigger.cron`) instead of dumping zod's JSON.
 */
import type { z } from 'zod'

/** One line per issue, e.g. `connections[0].id: use lower-case letters, digits and dashes`. */
export function describeIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((issue) => `${formatPath([...prefix, ...issue.path])}: ${issue.message}`)
}

/** `['syncs', 2, 'trigger']` → `syncs[2].trigger`; the empty path is the whole value. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole value)'
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('')
}

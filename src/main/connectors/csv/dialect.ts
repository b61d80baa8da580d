/**
 * Which character separates the values of a file, decided from its header line, and the
 * words the connection uses to say what it read ("Windows-1252, separated by semicolons,
 * Windows line breaks").
 *
 * The header decides because it is the one line the owner's program wrote with certainty
 * and it never holds a value: a comma inside a semicolon file's "Smith, Ann" is data.
 */
import type { LineBreak } from './table'

/** Separators Patchbay looks for, in the order a tie is settled. */
const CANDIDATES = [',', ';', '\t', '|'] as const

const SEPARATOR_WORDS: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'bars (|)' }
const LINE_BREAK_WORDS: Record<LineBreak, string> = { '\r\n': 'Windows line breaks', '\n': 'Unix line breaks', '\r': 'old Mac line breaks' }

/** The separator of `text`: the candidate found most often outside quotes in its first non-blank line; ',' when none is. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>()
  let inQuotes = false
  let seen = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '"') inQuotes = !inQuotes
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (seen) break
    } else if (!inQuotes) {
      if (ch.trim() !== '') seen = true
      if ((CANDIDATES as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
    }
  }
  let best = ','
  let most = 0
  for (const c of CANDIDATES) {
    const n = counts.get(c) ?? 0
    if (n > most) [best, most] = [c, n]
  }
  return best
}

/** "semicolons", "tabs", "commas", or the character itself in quotes. */
export function separatorWords(delimiter: string): string {
  return SEPARATOR_WORDS[delimiter] ?? `"${delimiter}"`
}

/** "Windows line breaks" and the like. */
export function lineBreakWords(lineBreak: LineBreak): string {
  return LINE_BREAK_WORDS[lineBreak]
}

/** The value the `delimiter` setting takes for a separator ("tab" for a tab). */
export function delimiterSetting(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter
}

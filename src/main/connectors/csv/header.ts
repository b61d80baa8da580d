/**
 * Checks a file's header row. A header Patchbay cannot trust (empty or repeated names,
 * no key column) stops the sync with a ConfigError: guessing would pair the wrong
 * values with the wrong fields, or treat every row as new.
 */
import { ConfigError } from '../../errors'

const OTHER_DELIMITERS: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'bars (|)' }

/** Returns the index of the key column; throws a ConfigError naming the file and the fix. */
export function checkHeader(names: readonly string[], options: { keyColumn: string; delimiter: string; connectionId?: string }, file: string): number {
  const { keyColumn, delimiter, connectionId } = options
  const empty = names.flatMap((name, i) => (name.trim() === '' ? [i + 1] : []))
  if (empty.length > 0) {
    throw new ConfigError(`${file} has ${empty.length === 1 ? 'a column' : 'columns'} with no name in its header row (column ${empty.join(', ')})`, {
      connectionId,
      hint: 'Give every column in the first line a name, or delete the empty columns, then run again.'
    })
  }
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const name of names) (seen.has(name) ? repeated : seen).add(name)
  if (repeated.size > 0) {
    throw new ConfigError(`${file} uses the column name ${quoteList([...repeated])} more than once in its header row`, {
      connectionId,
      hint: 'Rename the repeated columns so each has its own name, then run again.'
    })
  }
  const keyIndex = names.indexOf(keyColumn)
  if (keyIndex >= 0) return keyIndex
  throw new ConfigError(`${file} has no "${keyColumn}" column, which Patchbay uses to tell rows apart. Its columns are: ${quoteList(names.slice(0, 12))}${names.length > 12 ? ', …' : ''}`, {
    connectionId,
    hint: keyColumnHint(names, keyColumn, delimiter)
  })
}

function keyColumnHint(names: readonly string[], keyColumn: string, delimiter: string): string {
  if (names.length === 1) {
    const other = Object.keys(OTHER_DELIMITERS).find((d) => d !== delimiter && names[0].includes(d))
    if (other !== undefined) return `The file looks separated by ${OTHER_DELIMITERS[other]}: set the delimiter setting to "${other === '\t' ? 'tab' : other}".`
  }
  const similar = names.find((n) => n.trim().toLowerCase() === keyColumn.trim().toLowerCase())
  if (similar !== undefined) return `Column names must match exactly: set keyColumn to "${similar}", or rename that column to "${keyColumn}".`
  return `Put the "${keyColumn}" column back in the file, or set keyColumn to the column that identifies each row.`
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ')
}

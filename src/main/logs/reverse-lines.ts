/**
 * Reads a file's lines from the end towards the start, a chunk at a time, so the
 * newest page of a 5 MB log costs one 64 KB read instead of the whole file.
 */
import type { FileHandle } from 'node:fs/promises'

const NEWLINE = 0x0a

/** One line and where it starts in the file, which is what a cursor remembers. */
export interface LineAt {
  text: string
  /** Byte offset of the line's first byte. */
  offset: number
}

/**
 * Yields the non-empty lines that end at or before byte `end`, last line first.
 * Splits on bytes, not characters: a newline byte never occurs inside a multi-byte
 * UTF-8 character, so a character cut by a chunk boundary is rejoined before decoding.
 */
export async function* linesBackward(file: FileHandle, end: number, chunkSize = 64 * 1024): AsyncGenerator<LineAt> {
  let pos = end
  // Bytes from `pos` up to the first newline seen after it: the start of a line not yet complete.
  let head: Buffer = Buffer.alloc(0)
  while (pos > 0) {
    const size = Math.min(chunkSize, pos)
    pos -= size
    const chunk = Buffer.allocUnsafe(size)
    let read = 0
    while (read < size) {
      const { bytesRead } = await file.read(chunk, read, size - read, pos + read)
      if (bytesRead === 0) throw new Error(`log file shrank while it was being read (at byte ${pos + read})`)
      read += bytesRead
    }
    const data = head.length > 0 ? Buffer.concat([chunk, head]) : chunk
    let lineEnd = data.length
    let nl = lastNewline(data, lineEnd)
    while (nl >= 0) {
      const line = lineText(data, nl + 1, lineEnd)
      if (line) yield { text: line, offset: pos + nl + 1 }
      lineEnd = nl
      nl = lastNewline(data, lineEnd)
    }
    head = Buffer.from(data.subarray(0, lineEnd))
  }
  const first = lineText(head, 0, head.length)
  if (first) yield { text: first, offset: 0 }
}

/** Index of the last newline before `end`, or -1. */
function lastNewline(data: Buffer, end: number): number {
  // lastIndexOf with a negative offset would count from the end and search again.
  return end > 0 ? data.lastIndexOf(NEWLINE, end - 1) : -1
}

function lineText(data: Buffer, start: number, end: number): string {
  // Tolerate CRLF in files someone opened and saved on Windows.
  const stop = end > start && data[end - 1] === 0x0d ? end - 1 : end
  return data.toString('utf8', start, stop)
}

/**
 * The opaque `before` cursor of a log query: the file and byte offset of the last
 * entry a page returned. Files are known by inode, not by name, because rotation
 * renames them between two page requests and a name would then point at other lines.
 */
import { z } from 'zod'

/** Where the next page starts: lines before `offset` in the file with inode `ino`. */
export interface LogPosition {
  /** Inode as a decimal string (it may not fit a double); "0" where the file system has none. */
  ino: string
  /** Creation time in ns as a decimal string, "0" where unknown: tells a reused inode from the file it belonged to. */
  born: string
  /** File index when the page was read, used only when the file system gives no inodes. */
  index: number
  offset: number
}

const positionSchema = z.object({
  ino: z.string().regex(/^\d+$/),
  born: z.string().regex(/^\d+$/),
  index: z.number().int().min(0),
  offset: z.number().int().min(0)
})

/** Encodes a position for the UI to hand back unchanged. */
export function encodeCursor(position: LogPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url')
}

/** Decodes a cursor from `encodeCursor`; throws a `RangeError` for anything else. */
export function decodeCursor(cursor: string): LogPosition {
  try {
    return positionSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
  } catch {
    throw new RangeError('Not a log cursor from queryLogs.')
  }
}

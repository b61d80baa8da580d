/**
 * Which text encoding an export is saved in, and turning its bytes into text and back.
 *
 * Our own rule rather than a statistical detector (chardet, jschardet): the question a
 * CSV export asks is narrow — UTF-8, UTF-16, or one Western single-byte code page — and a
 * detector answers a wider one, guessing among dozens of code pages from letter
 * frequencies. On a small file of names it often guesses ISO-8859-2 or KOI8-R for a
 * Windows-1252 export, and a wrong guess here is not a cosmetic problem: the file is
 * written back in it, and every accented name is damaged for good. So the rule says
 * what the bytes prove and, where they prove nothing, stops and asks (`EncodingUnknown`).
 *
 * - A byte-order mark decides (UTF-8, UTF-16 LE, UTF-16 BE).
 * - UTF-16 without a mark shows as a zero byte in every other place (ASCII letters).
 * - Bytes that are valid UTF-8 are UTF-8 (a Windows-1252 file with accents is almost never).
 * - Otherwise Windows-1252, the code page of Windows exports and a superset of ISO-8859-1
 *   in every printable character — unless the bytes cannot be Windows-1252 (the five
 *   values it leaves undefined), the file mixes UTF-8 with something else, or its
 *   punctuation sits inside words the way a DOS till's accented letters do (é is 0x82 in
 *   code page 850, which Windows-1252 reads as a low quote: "Ren‚e").
 */
import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'

/** The encoding a file was read in, as a setting value, and how Patchbay knows. */
export interface TextEncoding {
  /** A name iconv-lite knows, in the form the `encoding` setting takes: 'utf-8', 'windows-1252', 'utf-16le'. */
  name: string
  /** The file starts with a byte-order mark (written back too). */
  bom: boolean
  /** 'mark': a byte-order mark said so; 'bytes': the rule above; 'setting': the owner chose it. */
  how: 'mark' | 'bytes' | 'setting' | 'default'
  /** True when ISO-8859-1 would read this file exactly the same (said beside Windows-1252). */
  latin1Too?: boolean
}

/** Why the encoding cannot be decided, in words for the owner, and the line that shows it. */
export class EncodingUnknown extends Error {
  constructor(
    readonly why: string,
    readonly line: number
  ) {
    super(why)
  }
}

/** Settings values the connection offers, with their names in the owner's words. */
export const ENCODING_WORDS: Record<string, string> = {
  utf8: 'UTF-8',
  utf16le: 'UTF-16 (little-endian)',
  utf16be: 'UTF-16 (big-endian)',
  windows1252: 'Windows-1252 (Western European)',
  iso88591: 'ISO-8859-1 (Latin-1)',
  latin1: 'ISO-8859-1 (Latin-1)',
  cp850: 'DOS code page 850',
  cp437: 'DOS code page 437',
  macintosh: 'Mac Roman'
}

/** The key iconv-lite files an encoding under: lower case, letters and digits only. */
export function encodingKey(name: string): string {
  return name.toLowerCase().replace(/[^0-9a-z]/g, '')
}

/** True when iconv-lite can read and write `name`. */
export function isKnownEncoding(name: string): boolean {
  return iconv.encodingExists(name)
}

/** An encoding in the owner's words: "Windows-1252 (Western European)". */
export function encodingWords(encoding: Pick<TextEncoding, 'name' | 'bom' | 'latin1Too' | 'how'>): string {
  // Plain ASCII reads the same in every encoding here, so what it is cannot be known yet: say how new letters are written.
  if (encoding.how === 'default') return 'plain text, accents written as UTF-8'
  const key = encodingKey(encoding.name)
  const words = ENCODING_WORDS[key] ?? encoding.name
  const mark = encoding.bom ? ' with a byte-order mark' : ''
  return encoding.latin1Too ? `${words}${mark}, which reads this file the same as ISO-8859-1` : `${words}${mark}`
}

/** Bytes Windows-1252 leaves undefined: a file holding one is in some other code page. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d])
/** Windows-1252 punctuation in 0x80–0x9F that a DOS code page uses for accented letters. */
const DOS_LETTERS_AS_1252 = /\p{L}[‚„…†‡ˆ‰‹›˜]\p{L}/u

/**
 * Decides the encoding of `bytes` ('auto'), or takes the one set. Throws `EncodingUnknown`
 * when the bytes do not say; never guesses.
 */
export function decideEncoding(bytes: Buffer, setting: string): TextEncoding {
  const bomOf = (): { name: string; length: number } | undefined => {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { name: 'utf-8', length: 3 }
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return { name: 'utf-16le', length: 2 }
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return { name: 'utf-16be', length: 2 }
    return undefined
  }
  const bom = bomOf()
  if (setting !== 'auto') {
    // A mark of the encoding set is the file's own; any other mark contradicts the setting and is read as text.
    const own = bom !== undefined && encodingKey(bom.name) === encodingKey(setting)
    return { name: setting, bom: own, how: 'setting' }
  }
  if (bom !== undefined) return { name: bom.name, bom: true, how: 'mark' }
  const sixteen = utf16Without(bytes)
  if (sixteen !== undefined) return { name: sixteen, bom: false, how: 'bytes' }
  if (bytes.includes(0)) return { name: 'utf-8', bom: false, how: 'bytes' } // binary: the caller refuses it
  if (isUtf8(bytes)) return { name: 'utf-8', bom: false, how: bytes.some((b) => b >= 0x80) ? 'bytes' : 'default' }
  const utf8 = utf8Shape(bytes)
  utf8.invalidAt ??= 0
  if (utf8.multiByte) {
    throw new EncodingUnknown(`some of it is UTF-8 and some is not (line ${lineOf(bytes, utf8.firstMultiByte!)} is UTF-8, line ${lineOf(bytes, utf8.invalidAt)} is not), so it was probably put together from two programs`, lineOf(bytes, utf8.invalidAt))
  }
  const undefinedAt = bytes.findIndex((b) => UNDEFINED_IN_1252.has(b))
  if (undefinedAt >= 0) {
    throw new EncodingUnknown(`line ${lineOf(bytes, undefinedAt)} has a byte (0x${bytes[undefinedAt].toString(16)}) that Windows-1252 does not use, so it is in another code page, probably a DOS or Mac one`, lineOf(bytes, undefinedAt))
  }
  const text = iconv.decode(bytes, 'windows-1252')
  const dos = DOS_LETTERS_AS_1252.exec(text)
  if (dos !== null) {
    const line = text.slice(0, dos.index).split(/\r\n|\n|\r/).length
    throw new EncodingUnknown(`line ${line} reads "${dos[0]}" in Windows-1252, which looks like an accented letter from a DOS code page`, line)
  }
  const latin1Too = !bytes.some((b) => b >= 0x80 && b <= 0x9f)
  return { name: 'windows-1252', bom: false, how: 'bytes', latin1Too }
}

/** The file's text without its byte-order mark. */
export function decodeText(bytes: Buffer, encoding: TextEncoding): string {
  const text = iconv.decode(bytes, encoding.name, { stripBOM: false })
  return encoding.bom && text.startsWith('\uFEFF') ? text.slice(1) : text
}

/** Text as bytes in `encoding`, with its byte-order mark when the file had one. */
export function encodeText(text: string, encoding: Pick<TextEncoding, 'name' | 'bom'>): Buffer {
  return iconv.encode(encoding.bom ? `\uFEFF${text}` : text, encoding.name, { addBOM: false })
}

/** The characters of `text` that `encoding` cannot hold (written as "?" they would be lost). */
export function unencodable(text: string, encoding: string): string[] {
  if (/^utf/.test(encodingKey(encoding))) return []
  const bad = new Set<string>()
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue
    if (iconv.decode(iconv.encode(ch, encoding), encoding) !== ch) bad.add(ch)
  }
  return [...bad]
}

/** UTF-16 without a mark: ASCII text leaves a zero in every other byte. */
function utf16Without(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.min(bytes.length, 4096) >> 1
  if (pairs < 2) return undefined
  let evenZeros = 0
  let oddZeros = 0
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZeros++
    if (bytes[2 * i + 1] === 0) oddZeros++
  }
  if (oddZeros / pairs > 0.4 && evenZeros / pairs < 0.05) return 'utf-16le'
  if (evenZeros / pairs > 0.4 && oddZeros / pairs < 0.05) return 'utf-16be'
  return undefined
}

/** Whether the bytes hold any UTF-8 sequence of two or more bytes, and where the first invalid byte is. */
function utf8Shape(bytes: Buffer): { multiByte: boolean; firstMultiByte?: number; invalidAt?: number } {
  let firstMultiByte: number | undefined
  let invalidAt: number | undefined
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]
    if (b < 0x80) {
      i++
      continue
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    let ok = length > 0 && i + length <= bytes.length
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k] & 0xc0) === 0x80
    if (ok) {
      firstMultiByte ??= i
      i += length
    } else {
      invalidAt ??= i
      i++
    }
    if (firstMultiByte !== undefined && invalidAt !== undefined) break
  }
  return { multiByte: firstMultiByte !== undefined, firstMultiByte, invalidAt }
}

/** 1-based line of a byte offset in single-byte or UTF-8 text. */
function lineOf(bytes: Buffer, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) line++
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) line++
  }
  return line
}

// Draws the app and tray icons (a plug-board dot in the state's colour) as PNGs in resources/.
// Run once when the design changes: node scripts/make-icons.mjs
import { deflateSync } from 'node:zlib'
import { writeFileSync } from 'node:fs'

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0 })
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0 }
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]) }

function png(size, draw) {
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = draw(x + 0.5, y + 0.5, size)
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4)
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

const colours = { ok: [22, 163, 74], warning: [217, 119, 6], failing: [220, 38, 38], syncing: [37, 99, 235] }
const disc = (rgb, ring) => (x, y, s) => {
  const d = Math.hypot(x - s / 2, y - s / 2) / (s / 2)
  const alpha = Math.max(0, Math.min(1, (0.92 - d) * s / 2))
  if (ring && d < 0.45) return [255, 255, 255, Math.round(255 * alpha)]
  return [...rgb, Math.round(255 * alpha)]
}
for (const [name, rgb] of Object.entries(colours)) {
  writeFileSync(`resources/tray-${name}.png`, png(32, disc(rgb, name === 'syncing')))
}
writeFileSync('resources/icon.png', png(512, disc([49, 46, 129], true)))

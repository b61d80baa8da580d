import { readdir, readFile, stat, truncate, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { StoreError } from '../../src/main/errors'
import { openDocument, type DocumentOptions } from '../../src/main/store/document'
import { useTempDir } from './temp-dir'

const tempDir = useTempDir()

const shopSchema = z.object({ shop: z.string().min(1), count: z.number().int() })
type Shop = z.infer<typeof shopSchema>

function options(overrides: Partial<DocumentOptions<Shop>> = {}): DocumentOptions<Shop> {
  return {
    path: join(tempDir(), 'shop.json'),
    schema: shopSchema,
    version: 1,
    defaults: () => ({ shop: 'new shop', count: 0 }),
    label: 'your shop',
    ...overrides
  }
}

/** Opens the document and saves it `times` times, count 1, 2, 3… */
async function saveCounts(times: number, extra: Partial<DocumentOptions<Shop>> = {}) {
  const { doc } = await openDocument(options(extra))
  for (let count = 1; count <= times; count++) await doc.update((d) => ({ ...d, shop: 'Flower Shop', count }))
  return doc
}

const onDisk = async (name: string) => JSON.parse(await readFile(join(tempDir(), name), 'utf8')) as unknown
const files = async () => (await readdir(tempDir())).sort()

describe('a new document', () => {
  it('starts from the defaults and is only written when saved', async () => {
    const { doc, recovery } = await openDocument(options())
    expect(recovery).toBeUndefined()
    expect(doc.data).toEqual({ shop: 'new shop', count: 0 })
    expect(await files()).toEqual([])
    await doc.update((d) => {
      d.count = 5
    })
    expect(await onDisk('shop.json')).toEqual({ schemaVersion: 1, data: { shop: 'new shop', count: 5 } })
  })

  it('opens again with what was saved', async () => {
    await saveCounts(2)
    const { doc, recovery } = await openDocument(options())
    expect(recovery).toBeUndefined()
    expect(doc.data).toEqual({ shop: 'Flower Shop', count: 2 })
  })
})

describe('saving', () => {
  it('refuses a change that breaks the schema, naming the field, and changes nothing', async () => {
    const doc = await saveCounts(1)
    const error = await doc.update((d) => ({ ...d, shop: '' })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as Error).message).toMatch(/shop: /)
    expect(doc.data.shop).toBe('Flower Shop')
    expect(await onDisk('shop.json')).toEqual({ schemaVersion: 1, data: { shop: 'Flower Shop', count: 1 } })
  })

  it('changes nothing when the change itself throws', async () => {
    const doc = await saveCounts(1)
    await expect(
      doc.update((d) => {
        d.count = 99
        throw new Error('changed my mind')
      })
    ).rejects.toThrow('changed my mind')
    expect(doc.data.count).toBe(1)
  })

  it('also works lowdb style: mutate data, then write()', async () => {
    const doc = await saveCounts(1)
    doc.data.count = 7
    await doc.write()
    expect(await onDisk('shop.json')).toEqual({ schemaVersion: 1, data: { shop: 'Flower Shop', count: 7 } })
    doc.data.count = 1.5
    await expect(doc.write()).rejects.toThrow(StoreError)
    expect(await onDisk('shop.json')).toEqual({ schemaVersion: 1, data: { shop: 'Flower Shop', count: 7 } })
  })

  it('saves overlapping updates one after the other', async () => {
    const doc = await saveCounts(0)
    await Promise.all(Array.from({ length: 10 }, () => doc.update((d) => ({ ...d, count: d.count + 1 }))))
    expect(doc.data.count).toBe(10)
    expect(await onDisk('shop.json')).toMatchObject({ data: { count: 10 } })
    expect(await onDisk('shop.json.bak1')).toMatchObject({ data: { count: 9 } })
  })

  it('keeps the previous files as rotating backups, newest first, at most 3 by default', async () => {
    await saveCounts(5)
    expect(await files()).toEqual(['shop.json', 'shop.json.bak1', 'shop.json.bak2', 'shop.json.bak3'])
    expect(await onDisk('shop.json.bak1')).toMatchObject({ data: { count: 4 } })
    expect(await onDisk('shop.json.bak2')).toMatchObject({ data: { count: 3 } })
    expect(await onDisk('shop.json.bak3')).toMatchObject({ data: { count: 2 } })
  })

  it('keeps as many backups as asked', async () => {
    await saveCounts(4, { backups: 1 })
    expect(await files()).toEqual(['shop.json', 'shop.json.bak1'])
    await saveCounts(4, { path: join(tempDir(), 'none.json'), backups: 0 })
    expect(await files()).toEqual(['none.json', 'shop.json', 'shop.json.bak1'])
  })

  it('removes temp files a killed writer left behind when it opens', async () => {
    await saveCounts(1)
    await writeFile(join(tempDir(), '.shop.json.99999999.deadbeef.tmp'), '{"schemaVersion":1,"da')
    await openDocument(options())
    expect(await files()).toEqual(['shop.json'])
  })
})

describe('a damaged document', () => {
  async function expectRestoredFromBak1(damage: RegExp) {
    const before = await readFile(join(tempDir(), 'shop.json'))
    const { doc, recovery } = await openDocument(options())
    expect(doc.data).toEqual({ shop: 'Flower Shop', count: 2 })
    expect(recovery).toBeDefined()
    const notice = recovery!
    expect(notice.file).toBe(join(tempDir(), 'shop.json'))
    expect(notice.restoredFrom).toBe(join(tempDir(), 'shop.json.bak1'))
    expect(notice.movedTo).toMatch(/shop\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/)
    // The damaged bytes are kept exactly as they were, for whoever wants to look.
    expect(await readFile(notice.movedTo!)).toEqual(before)
    expect(notice.message).toMatch(damage)
    expect(notice.message).toContain(`Patchbay could not read your shop because the file ${notice.file} was damaged`)
    expect(notice.message).toContain(`The damaged file was moved to ${notice.movedTo}`)
    expect(notice.message).toContain(`restored the most recent good backup, ${notice.restoredFrom}, saved on `)
    expect(notice.message).toContain('Changes made after that time are lost')
    // The restored content is on disk now, so the next start is quiet.
    const again = await openDocument(options())
    expect(again.recovery).toBeUndefined()
    expect(again.doc.data).toEqual({ shop: 'Flower Shop', count: 2 })
    return notice
  }

  it('cut to half its length is moved aside and the newest backup restored', async () => {
    await saveCounts(3)
    const path = join(tempDir(), 'shop.json')
    await truncate(path, Math.floor((await stat(path)).size / 2))
    await expectRestoredFromBak1(/stops part-way through/)
  })

  it('full of garbage bytes is moved aside and the newest backup restored', async () => {
    await saveCounts(3)
    await writeFile(join(tempDir(), 'shop.json'), Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x13, 0x37, 0x7d]))
    await expectRestoredFromBak1(/contains unreadable data/)
  })

  it('that is empty (a power cut before the data reached the disk) is restored', async () => {
    await saveCounts(3)
    await writeFile(join(tempDir(), 'shop.json'), '')
    await expectRestoredFromBak1(/it is empty/)
  })

  it('that is valid JSON but fails the schema names the bad field', async () => {
    await saveCounts(3)
    await writeFile(join(tempDir(), 'shop.json'), JSON.stringify({ schemaVersion: 1, data: { shop: 'Flower Shop', count: 'three' } }))
    await expectRestoredFromBak1(/not what Patchbay expects \(data\.count: /)
  })

  it('without its version marker is treated as damaged', async () => {
    await saveCounts(3)
    await writeFile(join(tempDir(), 'shop.json'), JSON.stringify({ shop: 'Flower Shop', count: 3 }))
    await expectRestoredFromBak1(/missing the format marker/)
  })

  it('skips backups that are damaged too and says so', async () => {
    await saveCounts(4)
    await writeFile(join(tempDir(), 'shop.json'), 'garbage')
    await writeFile(join(tempDir(), 'shop.json.bak1'), '{"schemaVersion":1,"data":{"sh')
    const { doc, recovery } = await openDocument(options())
    expect(doc.data.count).toBe(2)
    expect(recovery!.restoredFrom).toBe(join(tempDir(), 'shop.json.bak2'))
    expect(recovery!.message).toContain('(the newer backups were damaged too)')
  })

  it('with no usable backup starts empty, keeps the damaged file and says what happened', async () => {
    await writeFile(join(tempDir(), 'shop.json'), '{"schemaVersion":1,"data":{"shop":"Flo')
    const { doc, recovery } = await openDocument(options())
    expect(doc.data).toEqual({ shop: 'new shop', count: 0 })
    expect(recovery!.restoredFrom).toBeNull()
    expect(recovery!.movedTo).toMatch(/shop\.json\.corrupt-/)
    expect(recovery!.message).toContain('No usable backup was found, so Patchbay started again with your shop empty.')
    expect(await onDisk('shop.json')).toEqual({ schemaVersion: 1, data: { shop: 'new shop', count: 0 } })
    // The damaged file was never taken as a backup.
    expect(await files()).toEqual(['shop.json', expect.stringMatching(/^shop\.json\.corrupt-/)])
  })

  it('that went missing while backups exist is restored from the newest one', async () => {
    await saveCounts(3)
    await unlink(join(tempDir(), 'shop.json'))
    const { doc, recovery } = await openDocument(options())
    expect(doc.data.count).toBe(2)
    expect(recovery).toMatchObject({ movedTo: null, restoredFrom: join(tempDir(), 'shop.json.bak1') })
    expect(recovery!.message).toContain(`the file ${join(tempDir(), 'shop.json')} was missing`)
  })

  it('keeps distinct names when damaged twice within the same millisecond', async () => {
    await saveCounts(3)
    await writeFile(join(tempDir(), 'shop.json'), 'x')
    const first = await openDocument(options())
    await writeFile(join(tempDir(), 'shop.json'), 'y')
    const second = await openDocument(options())
    expect(second.recovery!.movedTo).not.toBe(first.recovery!.movedTo)
  })
})

describe('a document from a newer Patchbay', () => {
  it('is refused with a StoreError and never overwritten', async () => {
    const text = JSON.stringify({ schemaVersion: 3, data: { shop: 'Flower Shop', count: 1, future: true } })
    await writeFile(join(tempDir(), 'shop.json'), text)
    const error = await openDocument(options()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as Error).message).toContain('shop.json was written by a newer version of Patchbay')
    expect((error as StoreError).meta.hint).toMatch(/Install the newest version/)
    expect(await readFile(join(tempDir(), 'shop.json'), 'utf8')).toBe(text)
    expect(await files()).toEqual(['shop.json'])
  })
})

describe('migrations', () => {
  const v1 = { schemaVersion: 1, data: { name: 'Flower Shop', visits: '12' } }
  const v2Schema = z.object({ shop: z.string(), count: z.number() })
  const v3Schema = v2Schema.extend({ currency: z.string() })
  const toV2 = (d: { name: string; visits: string }) => ({ shop: d.name, count: Number(d.visits) })

  it('upgrades a v1 file to v2, saves it, and keeps the v1 file', async () => {
    const path = join(tempDir(), 'shop.json')
    await writeFile(path, JSON.stringify(v1))
    const { doc, recovery } = await openDocument({ path, schema: v2Schema, version: 2, migrations: { 1: toV2 }, defaults: () => ({ shop: '', count: 0 }) })
    expect(recovery).toBeUndefined()
    expect(doc.data).toEqual({ shop: 'Flower Shop', count: 12 })
    expect(await onDisk('shop.json')).toEqual({ schemaVersion: 2, data: { shop: 'Flower Shop', count: 12 } })
    expect(await onDisk('shop.json.v1')).toEqual(v1)
  })

  it('chains steps from v1 to v3', async () => {
    const path = join(tempDir(), 'shop.json')
    await writeFile(path, JSON.stringify(v1))
    const migrations = { 1: toV2, 2: (d: object) => ({ ...d, currency: 'EUR' }) }
    const { doc } = await openDocument({ path, schema: v3Schema, version: 3, migrations, defaults: () => ({ shop: '', count: 0, currency: 'EUR' }) })
    expect(doc.data).toEqual({ shop: 'Flower Shop', count: 12, currency: 'EUR' })
  })

  it('refuses to open, and leaves the file alone, when a step is missing', async () => {
    const path = join(tempDir(), 'shop.json')
    await writeFile(path, JSON.stringify(v1))
    const error = await openDocument({ path, schema: v3Schema, version: 3, migrations: { 1: toV2 }, defaults: () => ({ shop: '', count: 0, currency: '' }) }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as Error).message).toMatch(/cannot upgrade shop\.json from file format 2/)
    expect(await files()).toEqual(['shop.json'])
  })

  it('restores a backup when the upgraded data fails the schema', async () => {
    const path = join(tempDir(), 'shop.json')
    const good = { schemaVersion: 2, data: { shop: 'Flower Shop', count: 3 } }
    await writeFile(`${path}.bak1`, JSON.stringify(good))
    await writeFile(path, JSON.stringify({ schemaVersion: 1, data: { name: 'Flower Shop', visits: 'many' } }))
    const { doc, recovery } = await openDocument({ path, schema: v2Schema.extend({ count: z.number().int() }), version: 2, migrations: { 1: toV2 }, defaults: () => ({ shop: '', count: 0 }) })
    expect(doc.data).toEqual(good.data)
    expect(recovery!.message).toMatch(/data\.count: /)
  })
})

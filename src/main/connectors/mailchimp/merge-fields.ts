/**
 * An audience's merge fields (`GET /lists/{list_id}/merge-fields`), read once per
 * connection: they name the fields the mapping editor offers and let a write with a
 * field the audience does not have stop with a clear message instead of being ignored.
 */
import type { FieldInfo } from '../types'
import type { HttpClient } from '../http'
import { mergeFieldsSchema } from './schemas'
import { missingAudience } from './single'

/** Mailchimp's merge field types, in Patchbay's words. */
const TYPES: Record<string, FieldInfo['type']> = { text: 'string', number: 'number', phone: 'phone', date: 'date', birthday: 'string', email: 'email' }
const ADDRESS_PARTS = ['addr1', 'addr2', 'city', 'state', 'zip', 'country'] as const

/** The merge fields of one audience. */
export interface MergeFieldCatalog {
  /** The merge tags, e.g. FNAME, LNAME, PHONE. */
  tags(): Promise<ReadonlySet<string>>
  /** Every field a member has, for the mapping editor. */
  fieldInfo(): Promise<FieldInfo[]>
}

/** Reads the catalog lazily and keeps it; a failed read is tried again next time. */
export function mergeFieldCatalog(client: HttpClient, listId: string): MergeFieldCatalog {
  let loading: ReturnType<typeof load> | undefined
  function load() {
    return client
      .request({ url: `/lists/${listId}/merge-fields`, params: { count: 1000 }, schema: mergeFieldsSchema })
      .then((r) => r.merge_fields)
      .catch((err: unknown) => {
        throw missingAudience(err, { listId })
      })
  }
  const fields = () => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined
      throw err
    })
    return loading
  }
  return {
    tags: async () => new Set((await fields()).map((f) => f.tag)),
    async fieldInfo() {
      const own: FieldInfo[] = [
        { name: 'email_address', label: 'Email address', type: 'email' },
        { name: 'status', label: 'Subscription status', type: 'string' },
        { name: 'tags', label: 'Tags', type: 'string' },
        { name: 'vip', label: 'VIP', type: 'boolean' },
        { name: 'language', label: 'Language', type: 'string' },
        { name: 'tags_add', label: 'Tags to add (keeps their other tags)', type: 'string' }
      ]
      const merge = (await fields()).flatMap((f): FieldInfo[] =>
        f.type === 'address'
          ? ADDRESS_PARTS.map((part) => ({ name: `${f.tag}.${part}`, label: `${f.name} (${part})`, type: 'string' }))
          : [{ name: f.tag, label: f.name, type: TYPES[f.type] ?? 'string' }]
      )
      return [...own, ...merge]
    }
  }
}

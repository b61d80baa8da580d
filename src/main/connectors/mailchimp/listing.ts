/**
 * Reading an audience's members page by page (`count`/`offset`), newest change first.
 *
 * Offsets count positions in a list that can change while it is read. Newest first,
 * a member changed or added meanwhile moves to the front, which only pushes members
 * already read into the next page (read twice, dropped here by id). A member that
 * leaves the list (archived) pulls the rest one place forward, which would skip one;
 * `total_items` shrinking tells us so, and the page is read again from that much earlier.
 */
import type { HttpClient } from '../http'
import { paginate } from '../http'
import { memberId } from './fields'
import { PAGE_FIELDS_PARAM } from './partial'
import { missingAudience } from './single'
import { memberPageSchema, type Member, type MemberPage } from './schemas'

/** Which members to list. */
export interface MemberQuery {
  listId: string
  /** Only this status (Mailchimp lists archived members only when asked for them). */
  status?: 'archived'
  /** `since_last_changed`, in Mailchimp's time format. */
  since?: string
  pageSize: number
  signal?: AbortSignal
}

/** Members page by page, and the count Mailchimp gave on the first page. */
export interface MemberListing {
  total: number
  pages: AsyncGenerator<Member[]>
}

/** Starts listing (the first page is read now, for its total). */
export async function listMembers(client: HttpClient, q: MemberQuery): Promise<MemberListing> {
  let shift = 0
  let lastTotal: number | undefined
  const params: Record<string, unknown> = { sort_field: 'last_changed', sort_dir: 'DESC' }
  if (q.status) params.status = q.status
  if (q.since) params.since_last_changed = q.since

  async function fetchPage(virtual: number, count: number): Promise<MemberPage> {
    for (;;) {
      const offset = Math.max(0, virtual - shift)
      const page = await client
        .request({ url: `/lists/${q.listId}/members`, params: { ...params, count, offset, fields: PAGE_FIELDS_PARAM }, schema: memberPageSchema, signal: q.signal })
        .catch((err: unknown) => {
          throw missingAudience(err, q)
        })
      if (lastTotal !== undefined && page.total_items < lastTotal) {
        shift += lastTotal - page.total_items
        lastTotal = page.total_items
        if (offset > 0) continue
      }
      lastTotal = page.total_items
      return page
    }
  }

  const walk = paginate.offset(fetchPage, { count: q.pageSize, itemsPath: 'members', totalPath: (p: MemberPage) => p.total_items + shift, signal: q.signal })
  const first = await walk.next()
  const total = first.done ? 0 : first.value.data.total_items
  const yielded = new Set<string>()
  const fresh = (members: Member[]): Member[] =>
    members.filter((m) => {
      const id = memberId(m)
      if (yielded.has(id)) return false
      yielded.add(id)
      return true
    })
  async function* pages(): AsyncGenerator<Member[]> {
    if (first.done) return
    yield fresh(first.value.data.members)
    for await (const page of walk) yield fresh(page.data.members)
  }
  return { total, pages: pages() }
}

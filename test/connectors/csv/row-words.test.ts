import { describe, expect, it } from 'vitest'
import { csvFile, drain, openFile } from './helpers'

/** The problems reported for a file of sign-ups. */
async function problemsOf(text: string) {
  const object = await openFile(await csvFile(text))
  const { records, problems } = await drain(await object.listChanged(null))
  return { ids: records.map((r) => r.id), messages: problems.map((p) => p.message) }
}

const HEADER = 'id,submitted_at,email,first_name,last_name,company,phone\n'
const GOOD = '1,2026-11-02,ann@example.org,Ann,Lee,Lee Books,+44 7700 900001\n'

describe('a row that does not fit its header, in the owner\'s words', () => {
  it('names the person and the column holding an unquoted comma (the demo\'s broken row)', async () => {
    const { ids, messages } = await problemsOf(HEADER + GOOD + '2,2026-11-03,rosa.diaz@example.org,Rosa,Diaz,Bakery, Café & Co,+44 7700 900002\n')
    expect(ids).toEqual(['1'])
    expect(messages).toEqual(['Row 3 (Rosa Diaz) has one comma too many, probably in the "company" column. Put that value in quotes, or remove the comma, then try again.'])
  })

  it('finds a comma inside a name', async () => {
    const { messages } = await problemsOf('id,name,email,signed_up\n1,"Diaz, Rosa",rosa@example.org,2026-11-02\n2,Lee, Ann,ann@example.org,2026-11-03\n')
    expect(messages).toEqual(['Row 3 (Lee, Ann) has one comma too many, probably in the "name" column. Put that value in quotes, or remove the comma, then try again.'])
  })

  it('names the missing value', async () => {
    const { messages } = await problemsOf(HEADER + GOOD + '3,2026-11-04,Sam,Ortiz,Ortiz Florist,+44 7700 900003\n')
    expect(messages).toEqual(['Row 3 (Sam Ortiz) has one value too few, probably the "email" value is missing. Add the missing value (or an empty one, with its comma), then try again.'])
  })

  it('says plainly when it cannot tell where the stray comma is, naming the row by its email', async () => {
    const { messages } = await problemsOf('id,email,first_name,last_name,notes\n1,ann@example.org,Ann,Lee,x\n2,bo@example.org,Bo,Ray,Ray,call back\n')
    expect(messages).toEqual(['Row 3 (bo@example.org) has one comma too many, Patchbay cannot tell in which column. Put that value in quotes, or remove the comma, then try again.'])
  })
})

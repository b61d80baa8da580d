/** What the New sync form offers on each side, in the owner's words (src/renderer/src/lib/side-choices.ts). */
import { describe, expect, it } from 'vitest'
import type { ConnectionCard, SystemInfo } from '../../src/shared/contract'
import { TEMPLATES } from '../../src/main/calls/templates'
import { ruleProblems } from '../../src/renderer/src/lib/sync-rules'
import { connectionChoices, fieldsInOrder, fieldText, labelsOf, noneFitsLine, objectToPick, ownTimeZone } from '../../src/renderer/src/lib/side-choices'

const system = (s: string, label: string, kind: string): SystemInfo => ({ system: s, label, kind, authKind: 'api-key', instructions: [], inputs: [], available: true })
const catalogue = [system('hubspot', 'HubSpot', 'CRM'), system('salesforce', 'Salesforce', 'CRM'), system('mailchimp', 'Mailchimp', 'Email marketing'), system('stripe', 'Stripe', 'Payments'), system('csv', 'CSV file', 'Files'), system('square', 'Square', 'Payments')]
const card = (id: string, s: string, label: string): ConnectionCard => ({
  connection: { id, system: s, label, settings: {} } as ConnectionCard['connection'],
  systemLabel: catalogue.find((c) => c.system === s)!.label,
  state: 'ok' as ConnectionCard['state'],
  summary: '',
  usedBy: []
})
const connections = [card('stripe', 'stripe', 'Stripe'), card('form', 'csv', 'Web form'), card('hs', 'hubspot', 'HubSpot'), card('mc', 'mailchimp', 'Newsletter')]
const template = (id: string) => TEMPLATES.find((t) => t.id === id)!

describe('the connections a side offers', () => {
  it('offers a template’s CRM side only the connections that fit it: no Stripe as a CRM', () => {
    const crm = connectionChoices(template('form-to-crm').right.systems, connections, catalogue)
    expect(crm.flatMap((g) => g.choices.map((c) => c.id))).toEqual(['form', 'hs'])
    expect(crm[0].choices[1].text).toBe('HubSpot (HubSpot)')
  })

  it('says in a plain line what to add when nothing fits', () => {
    const side = template('salesforce-mailchimp').left
    expect(connectionChoices(side.systems, connections, catalogue)).toEqual([])
    expect(noneFitsLine('CRM', ['hubspot', 'salesforce'], catalogue)).toBe('You have no CRM connected yet — add HubSpot or Salesforce under')
    expect(noneFitsLine('Payments', ['stripe'], catalogue)).toBe('You have no payments connected yet — add Stripe under')
    expect(noneFitsLine('Square payments', ['square'], catalogue)).toBe('You have no Square payments connected yet — add Square under')
    expect(noneFitsLine('Email marketing', ['mailchimp', 'csv', 'sendgrid'], catalogue)).toBe('You have no email marketing connected yet — add Mailchimp, CSV file or sendgrid under')
  })

  it('offers every connection to a sync of one’s own, grouped by what its system is, in the catalogue’s order', () => {
    const all = connectionChoices([], connections, catalogue)
    expect(all.map((g) => [g.label, g.choices.map((c) => c.id)])).toEqual([
      ['CRM', ['hs']],
      ['Email marketing', ['mc']],
      ['Payments', ['stripe']],
      ['Files', ['form']]
    ])
  })
})

describe('the record type a side starts on', () => {
  it('is the one the template’s mapping needs when the connection offers it', () => {
    const t = template('payments-accounting')
    expect([t.left.object, t.right.object]).toEqual(['charges', 'documents'])
    expect(objectToPick(['customers', 'invoices', 'documents'], '', t.right.object)).toBe('documents')
    expect(objectToPick(['customers', 'charges'], '', t.left.object)).toBe('charges')
    expect(template('square-payments-accounting').left.object).toBe('payments')
  })
  it('keeps a choice already made, and falls back to the first when the connection does not offer it', () => {
    expect(objectToPick(['customers', 'documents'], 'customers', 'documents')).toBe('customers')
    expect(objectToPick(['orders.csv', 'refunds.csv'], '', 'documents')).toBe('orders.csv')
    expect(objectToPick([], '', 'documents')).toBe('')
  })
})

describe('the time zone a new schedule starts in', () => {
  it('is the one in Settings, else the browser’s, and UTC only when neither says', () => {
    expect(ownTimeZone('Europe/Lisbon', 'America/Chicago')).toBe('Europe/Lisbon')
    expect(ownTimeZone(undefined, 'America/Chicago')).toBe('America/Chicago')
    expect(ownTimeZone('', 'Asia/Tokyo')).toBe('Asia/Tokyo')
    expect(ownTimeZone(undefined, undefined)).toBe('UTC')
  })
})

describe('fields in plain words', () => {
  const labels = labelsOf([{ name: 'hs_object_id', label: 'Record ID' }, { name: 'lifecyclestage', label: 'Lifecycle stage' }, { name: 'email', label: 'Email' }, { name: 'FNAME', label: 'First name' }, { name: 'notes' }, { name: 'blank', label: ' ' }])
  it('shows the label first and the API name only after it, when it says something else', () => {
    expect(fieldText('hs_object_id', labels)).toBe('Record ID (hs_object_id)')
    expect(fieldText('lifecyclestage', labels)).toBe('Lifecycle stage (lifecyclestage)')
    expect(fieldText('FNAME', labels)).toBe('First name (FNAME)')
    expect(fieldText('email', labels)).toBe('Email')
    expect(fieldText('notes', labels)).toBe('notes')
    expect(fieldText('blank', labels)).toBe('blank')
  })
  it('lists labelled fields by label, and a file’s columns as they are in it', () => {
    expect(fieldsInOrder(['lifecyclestage', 'hs_object_id', 'email'], labels)).toEqual(['email', 'lifecyclestage', 'hs_object_id'])
    expect(fieldsInOrder(['zip', 'email', 'age'], {})).toEqual(['zip', 'email', 'age'])
  })
})

describe('problems with fixed values name the field in words', () => {
  it('says “Lifecycle stage”, not lifecyclestage, when the connector gives a label', () => {
    const ctx = { synced: [{ name: 'email', label: 'Email' }], filled: { left: ['email'], right: ['email'] }, writes: ['right' as const], sides: { left: 'Form', right: 'HubSpot' }, labels: { left: {}, right: { lifecyclestage: 'Lifecycle stage', email: 'Email' } } }
    expect(ruleProblems([], [{ side: 'right', field: 'lifecyclestage', value: ' ' }], ctx)).toEqual(['Type the value to always set in Lifecycle stage.'])
    expect(ruleProblems([], [{ side: 'right', field: 'email', value: 'x' }], ctx)).toEqual(['Email in HubSpot is already filled by a synced field: remove the fixed value or stop syncing that field.'])
    expect(ruleProblems([], [{ side: 'right', field: 'lead_source', value: '' }], ctx)).toEqual(['Type the value to always set in lead_source.'])
  })
})

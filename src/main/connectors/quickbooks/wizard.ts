/**
 * The words of the QuickBooks connection wizard, as data the UI renders step by step.
 * Kept here, next to the auth code they describe, so a change to one is seen with the other.
 */
import { INTUIT_OAUTH } from './vendor'

/** One step of the wizard. */
export interface WizardStep {
  id: string
  title: string
  /** Paragraphs, in order. */
  body: string[]
  /** Inputs this step asks for; `secret` ones go to the keychain only. */
  inputs?: { name: string; label: string; secret?: boolean; placeholder?: string; help?: string; choices?: { value: string; label: string }[] }[]
  /** A button that opens a page in the browser. */
  opens?: { label: string; url: string }
}

/** The QuickBooks connection wizard. */
export const QUICKBOOKS_WIZARD: { title: string; intro: string; steps: WizardStep[] } = {
  title: 'Connect QuickBooks Online',
  intro:
    'QuickBooks only lets apps in with keys of their own. Patchbay runs on your computer and has no server, so it does not ship keys: you create a free Intuit developer app for your business (about ten minutes, once) and Patchbay uses its keys. Nobody but you and Intuit ever sees them.',
  steps: [
    {
      id: 'create-app',
      title: '1. Create your Intuit app',
      body: [
        'Sign in at developer.intuit.com with the Intuit account that is an admin of your QuickBooks company, and choose "Create an app" › QuickBooks Online and Payments. Name it after your business, e.g. "Acme – Patchbay".',
        'Tick the scope "com.intuit.quickbooks.accounting" only. Patchbay needs nothing else.',
        'For your live books, open "Keys and credentials" under Production. Intuit asks a few questions about the app before it shows production keys; answer that it is a private app used only by your own company. For a test company, use the Development keys with a sandbox company instead.'
      ],
      opens: { label: 'Open developer.intuit.com', url: 'https://developer.intuit.com/app/developer/dashboard' }
    },
    {
      id: 'redirect',
      title: '2. Check the redirect address',
      body: [
        `Under "Redirect URIs", make sure this address is listed (Intuit adds it to new apps for its OAuth Playground; add it if it is missing): ${INTUIT_OAUTH.playgroundRedirect}`,
        'QuickBooks sends your browser to that page after you approve Patchbay. It is Intuit’s own page on Intuit’s own site, so the one-time code it shows never passes through anyone else. If your business has its own https page for this, you may register that instead and enter it under Advanced.'
      ]
    },
    {
      id: 'keys',
      title: '3. Paste your app’s keys',
      body: ['Copy the Client ID and Client Secret from "Keys and credentials". Patchbay keeps them in this computer’s keychain and never writes them anywhere else.'],
      inputs: [
        { name: 'clientId', label: 'Client ID', secret: true },
        { name: 'clientSecret', label: 'Client Secret', secret: true },
        {
          name: 'environment',
          label: 'Company',
          choices: [
            { value: 'production', label: 'My real books (production keys)' },
            { value: 'sandbox', label: 'An Intuit test company (development keys)' }
          ]
        }
      ]
    },
    {
      id: 'sign-in',
      title: '4. Sign in and approve',
      body: [
        'Click the button: your browser opens Intuit’s sign-in. Pick your company and click Connect.',
        'You land on an Intuit developer page. Copy the whole address from the browser’s address bar (it contains "code=" and "realmId=") and paste it below within five minutes: the code works once and expires quickly.'
      ],
      inputs: [{ name: 'pastedAddress', label: 'Address of the page you landed on', placeholder: `${INTUIT_OAUTH.playgroundRedirect}?code=…&state=…&realmId=…` }]
    },
    {
      id: 'done',
      title: '5. Connected',
      body: [
        'Patchbay now holds a refresh token in your keychain. It renews itself as long as Patchbay syncs at least every 100 days; if QuickBooks ever asks you to reconnect, repeat step 4 only.',
        'Prefer not to paste addresses? In Intuit’s OAuth Playground you can produce a refresh token yourself and paste it under Advanced, together with the company id.'
      ],
      inputs: [
        { name: 'refreshToken', label: 'Refresh token (Advanced)', secret: true },
        { name: 'realmId', label: 'Company id (Advanced)' }
      ]
    }
  ]
}

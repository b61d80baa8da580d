/**
 * The connection commands of the CLI: list, connect, reconnect (or replace a key) and test.
 * They use the same sign-in flow as the app (calls/sign-in.ts), so a key is tested before
 * it is kept and an OAuth sign-in works the same way. Keys are asked for, never taken as
 * arguments, so they do not end up in the shell's history: typed at a terminal (not
 * shown), or one per line on standard input for scripts.
 */
import { createInterface, type Interface } from 'node:readline'
import type { Command } from 'commander'
import type { ConnectionCard, SignInStep } from '../../shared/contract'
import type { App } from '../app'
// The calls (and through them every connector) load only when a command runs, not for `--help`.
import { ConfigError } from '../errors'
import { CONNECTION_WORDS } from '../health/words'
import { table } from './format'

type Out = (s: string) => void
type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>

/** Asks questions on the terminal, or reads the answers line by line from a pipe. */
class Prompt {
  private rl?: Interface
  private readonly lines: string[] = []
  private readonly waiting: ((line: string | undefined) => void)[] = []
  private ended = false
  private muted = false

  private open(): Interface {
    if (this.rl) return this.rl
    const tty = process.stdin.isTTY === true
    const rl = createInterface({ input: process.stdin, output: tty ? process.stderr : undefined, terminal: tty })
    // What is typed for a secret is not echoed.
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput?.bind(rl)
    ;(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (!this.muted || s.includes('\n') || s.endsWith(': ')) write?.(s)
    }
    rl.on('line', (line) => (this.waiting.length ? this.waiting.shift()!(line) : this.lines.push(line)))
    rl.on('close', () => {
      this.ended = true
      for (const w of this.waiting.splice(0)) w(undefined)
    })
    this.rl = rl
    return rl
  }

  /** One answer; undefined when input ended. */
  async ask(question: string, secret = false): Promise<string | undefined> {
    const rl = this.open()
    if (process.stdin.isTTY) process.stderr.write(question)
    this.muted = secret
    const line = this.lines.length ? this.lines.shift() : this.ended ? undefined : await new Promise<string | undefined>((resolve) => this.waiting.push(resolve))
    this.muted = false
    if (secret && rl.terminal) process.stderr.write('\n')
    return line?.trim()
  }

  close(): void {
    this.rl?.close()
  }
}

/** One line per connection, in the app's words. */
export function formatConnections(cards: ConnectionCard[]): string {
  if (cards.length === 0) return 'No connections yet. Add one with `patchbay connect <system>`.'
  const rows = cards.map((c) => [c.connection.id, c.systemLabel, CONNECTION_WORDS[c.state], c.connection.accountName ?? '', c.usedBy.map((s) => s.id).join(', ') || '-'])
  const notes = cards.filter((c) => c.state !== 'ok' || c.signIn?.expiring).map((c) => `\n${c.connection.id}: ${c.summary}`)
  return table([['CONNECTION', 'SYSTEM', 'STATE', 'ACCOUNT', 'USED BY'], ...rows]) + (notes.length ? `\n${notes.join('')}` : '')
}

/** Adds `connections`, `connect`, `reconnect` and `test` to the command line. */
export function addConnectionCommands(cmd: Command, withApp: WithApp, out: Out, err: Out): void {
  cmd.command('connections').description('your connections and their state').action(() => withApp(async (app) => out(formatConnections((await import('../calls/cards')).connectionCards(app, Date.now())))))

  cmd
    .command('test <connection>')
    .description('try a connection now; its result shows in `connections` and the app')
    .action((id: string) =>
      withApp(async ({ service }) => {
        const c = service.connectionInfo(id)
        const r = await service.testConnection(id)
        out(`${r.ok ? '✓' : '✕'} ${c.label}: ${r.message}`)
        process.exitCode = r.ok ? 0 : 1
      })
    )

  cmd
    .command('connect <system>')
    .description('add a connection: asks for its key (tested before it is kept) or opens its sign-in')
    .option('--name <name>', 'what to call it (default: the system’s name)')
    .option('--set <setting=value...>', 'a setting that is not secret, such as listId=a1b2c3 or file=/path/to.csv')
    .action((system: string, o: { name?: string; set?: string[] }) =>
      withApp(async (app) => signIn(app, { system, label: o.name ?? (await import('../calls/catalog')).catalogEntry(system)?.label ?? system, settings: settingsOf(o.set) }, out, err))
    )

  cmd
    .command('reconnect <connection>')
    .description('sign in again, or replace its key (the old key stays until the new one works)')
    .option('--set <setting=value...>', 'change a setting that is not secret')
    .action((id: string, o: { set?: string[] }) => withApp(async (app) => signIn(app, { connectionId: id, settings: settingsOf(o.set) }, out, err)))
}

function settingsOf(pairs: string[] = []): Record<string, string> {
  const settings: Record<string, string> = {}
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at < 1) throw new ConfigError(`--set needs setting=value, got "${pair}"`)
    settings[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return settings
}

async function signIn(app: App, a: { system?: string; connectionId?: string; label?: string; settings: Record<string, string> }, out: Out, err: Out): Promise<void> {
  const [{ SignIns }, { catalogEntry, secretInputsFor }] = await Promise.all([import('../calls/sign-in'), import('../calls/catalog')])
  const signIns = new SignIns(app)
  const existing = a.connectionId ? app.service.connectionInfo(a.connectionId) : undefined
  const system = existing?.system ?? a.system!
  const kind = signIns.kindOf(system)
  const entry = catalogEntry(system)
  const prompt = new Prompt()
  try {
    const secrets: Record<string, string> = {}
    // The keys this kind of sign-in starts with: a pasted key, or the owner's own app keys.
    // A description that cannot be read asks nothing here: the connection's test then names what is wrong.
    const named = kind === 'oauth2-own-app' || kind === 'oauth2-pkce-loopback' ? undefined : await secretInputsFor(system, { ...existing?.settings, ...a.settings }).catch(() => [])
    const asked = named ?? (kind === 'oauth2-own-app' ? (entry?.wizard?.steps.find((s) => s.id === 'keys')?.inputs ?? []).filter((i) => i.secret) : kind === 'oauth2-pkce-loopback' ? [] : (entry?.inputs ?? []).filter((i) => i.secret))
    for (const i of asked) {
      const v = await prompt.ask(`${i.label}${existing ? ' (empty keeps the one you have)' : ''}: `, true)
      if (v) secrets[i.name] = v
      else if (!existing) throw new ConfigError(`${entry?.label ?? system} needs its ${i.label}`, { hint: 'Type it when asked, or give it on standard input, one per line.' })
    }
    const started: SignInStep = await signIns.start({ system: a.system, connectionId: a.connectionId, label: a.label, settings: a.settings, secrets })
    if (started.step === 'done') {
      out(`✓ ${started.connection!.label} is connected as "${started.connectionId}". ${started.test?.message ?? ''}`.trim())
      return
    }
    out(`Open this address in your browser and sign in:\n\n  ${started.signInUrl}\n`)
    let fields: Record<string, string> = {}
    if (started.step === 'paste-address') {
      const pasted = await prompt.ask('Paste the address of the page you landed on: ')
      if (!pasted) throw new ConfigError('The sign-in was not finished', { hint: `Run \`patchbay reconnect ${started.connectionId}\` to try again.` })
      fields = { pastedAddress: pasted }
    } else {
      err('Waiting for the browser to come back… (Ctrl+C to give up)')
      process.once('SIGINT', () => signIns.cancel(started.connectionId))
    }
    const done = await signIns.finish({ connectionId: started.connectionId, fields })
    out(`${done.test.ok ? '✓' : '✕'} ${done.connection.label}: ${done.test.message}`)
    process.exitCode = done.test.ok ? 0 : 1
  } finally {
    prompt.close()
  }
}

/**
 * `patchbay`: the command line. Progress goes to stderr, results to stdout, and the exit
 * code says how it went (0 ok, 1 failed or bad input, 2 some records failed).
 */
import { Command, Option } from 'commander'
import type { ConflictResolution, FieldValue } from '../shared/domain'
import type { App } from './app'
import { addConnectionCommands } from './cli/connections'
import { formatConflicts, formatFailures, formatRuns, formatProgress, formatRun, formatStatus, heldAnswers, heldWords, table } from './cli/format'
import { toErrorData } from './errors'
import { secretScrubber } from './logs/redact'

// Everything printed is scrubbed of the keychain's secrets, by value (errors were scrubbed of credential shapes when made;
// shapes are not applied here, since the address `serve` prints carries its own access token).
const out = (s: string): void => void process.stdout.write(secretScrubber.redactKnown(s.endsWith('\n') ? s : `${s}\n`))
const err = (s: string): void => void process.stderr.write(secretScrubber.redactKnown(s.endsWith('\n') ? s : `${s}\n`))

async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  // The core (config, keychain, log, connectors) loads only when a command needs it: `--help` and usage errors never do.
  const { openApp } = await import('./app')
  const app = await openApp()
  const told = app.service.recoveryNotices().length
  for (const n of app.service.recoveryNotices()) err(`Note: ${n.message}`)
  try {
    return await fn(app)
  } finally {
    // A sync's own files are opened (and repaired, if damaged) only when the command reaches them: tell those too.
    for (const n of app.service.recoveryNotices().slice(told)) err(`Note: ${n.message}`)
    await app.close()
  }
}

/** Builds the command tree (exported for tests). */
export function program(): Command {
  const cmd = new Command('patchbay').description('Keeps your business software in sync, from this computer.').showHelpAfterError()

  cmd.command('status').description('every sync: state, last run, next run, conflicts, failures').action(() =>
    withApp(async ({ service, nextRun }) => {
      const [{ syncHealth }, { STATE_WORDS }] = await Promise.all([import('./health'), import('./health/words')])
      // The same health rules and words as the app and the tray.
      const state = (r: Awaited<ReturnType<typeof service.status>>[number]) =>
        STATE_WORDS[syncHealth({ sync: r.sync, paused: !r.sync.enabled || !!r.sync.paused, running: r.running, lastRuns: service.runList({ syncId: r.sync.id, limit: 10 }), openConflicts: r.openConflicts, openFailures: r.openFailures, nextRun: null, waitingDeletes: r.waitingDeletes }).state]
      out(formatStatus(await service.status(), nextRun, state))
    })
  )

  cmd.command('pause <sync>').description('stop a sync running by itself (the app and `serve` follow)').action((id: string) =>
    withApp(async ({ service }) => {
      const s = await service.setPaused(id, true)
      out(`Paused ${s.name}. It will not run by itself until you resume it: patchbay resume ${s.id}`)
    })
  )
  cmd.command('resume <sync>').description('let a paused sync run by itself again').action((id: string) =>
    withApp(async ({ service, nextRun }) => {
      const s = await service.setPaused(id, false)
      out(`Resumed ${s.name}. Next: ${nextRun(s.id) || 'when you run it'}.`)
    })
  )

  cmd
    .command('settle <sync> <field>')
    .description("settle one field across all of a sync's waiting conflicts")
    .addOption(new Option('--left', 'keep the left value').conflicts(['right']))
    .addOption(new Option('--right', 'keep the right value').conflicts(['left']))
    .option('--as-rule', 'always prefer this side for this field from now on')
    .action((syncId: string, field: string, o: { left?: boolean; right?: boolean; asRule?: boolean }) =>
      withApp(async ({ service }) => {
        if (!o.left && !o.right) throw new UsageError('Say which side to keep: --left or --right')
        const settled = await service.settleField(syncId, field, o.left ? 'left' : 'right', { asRule: o.asRule })
        const name = service.sync(syncId).name
        out(settled.length ? `Settled ${field} in ${settled.length} conflict(s) of ${name}, keeping the ${o.left ? 'left' : 'right'} value. The next run writes it to both sides.` : `No conflict of ${name} was waiting on ${field}.`)
      })
    )

  cmd
    .command('run <sync>')
    .description('run a sync now')
    .option('--dry-run', 'show what would change, write nothing')
    .option('--allow-deletes', 'carry out deletes even when there are many at once (the mass-delete guard holds them otherwise)')
    .action((syncId: string, o: { dryRun?: boolean; allowDeletes?: boolean }) =>
      withApp(async ({ service }) => {
        const tty = process.stderr.isTTY
        let last = 0
        const { run, plan, held } = await service.runSync(syncId, {
          dryRun: o.dryRun,
          allowDeletes: o.allowDeletes ? 'all' : undefined,
          trigger: 'cli',
          onProgress: (p) => {
            const now = Date.now()
            if (tty) process.stderr.write(`\r\x1b[K${formatProgress(p)}`)
            else if (now - last > 1000 || p.kind !== 'pull') {
              last = now
              err(formatProgress(p))
            }
          }
        })
        if (tty) process.stderr.write('\r\x1b[K')
        out(formatRun(run, service.sync(syncId).name))
        if (o.dryRun) {
          // The app's preview rows: a payment is named by its amount, customer and date, not its id.
          const { previewOf } = await import('./calls/syncs')
          const preview = previewOf(plan, service.sync(syncId))
          const rows = preview.writes.map((w) => [w.side, w.op, w.record, w.changes.map((c) => `${c.field}: ${c.from ?? '(empty)'} → ${c.to ?? '(empty)'}`).join('; ')])
          const more = rows.length - Math.min(rows.length, 200) + preview.more
          if (rows.length) out(table([['SIDE', 'ACTION', 'RECORD', 'CHANGES'], ...rows.slice(0, 200)]) + (more > 0 ? `\n… and ${more} more` : ''))
          for (const p of plan.problems) out(`  problem (${p.side}${p.line ? `, line ${p.line}` : ''}): ${p.message}`)
        }
        if (held) {
          out(`\n${heldWords(held.message)}`)
          for (const i of held.items.slice(0, 50)) out(`  would delete (${i.side}): ${i.label}`)
          if (held.items.length > 50) out(`  … and ${held.items.length - 50} more`)
          out(heldAnswers(syncId))
        }
        process.exitCode = run.status === 'failed' ? 1 : run.status === 'partial' ? 2 : 0
      })
    )

  cmd
    .command('conflicts')
    .description('conflicts waiting for you, newest first')
    .option('--sync <sync>', 'only this sync')
    .action((o: { sync?: string }) => withApp(async ({ service }) => out(formatConflicts(await service.conflicts(o.sync)))))

  cmd
    .command('resolve <conflict>')
    .description('settle a conflict; the next run writes the choice to both sides')
    .addOption(new Option('--left', 'keep the left value').conflicts(['right', 'value']))
    .addOption(new Option('--right', 'keep the right value').conflicts(['left', 'value']))
    .addOption(new Option('--value <field=value...>', 'type the value to keep').conflicts(['left', 'right']))
    .option('--as-rule', 'always prefer this side for these fields from now on')
    .action((id: string, o: { left?: boolean; right?: boolean; value?: string[]; asRule?: boolean }) =>
      withApp(async ({ service }) => {
        let resolution: ConflictResolution
        if (o.left) resolution = { pick: 'left' }
        else if (o.right) resolution = { pick: 'right' }
        else if (o.value) {
          const values: Record<string, FieldValue> = {}
          for (const pair of o.value) {
            const at = pair.indexOf('=')
            if (at < 1) throw new UsageError(`--value needs field=value, got "${pair}"`)
            values[pair.slice(0, at)] = pair.slice(at + 1)
          }
          resolution = { pick: 'value', values }
        } else throw new UsageError('Say which value to keep: --left, --right or --value field=value')
        const c = await service.resolveConflict(id, resolution, { asRule: o.asRule })
        out(`Settled ${c.id}. The next run of ${c.syncId} writes it to both sides. Changed your mind before then? \`patchbay unsettle ${c.id}\` puts it back to waiting.`)
      })
    )

  cmd
    .command('unsettle <conflict...>')
    .description('put settled conflicts back to waiting, before a run writes them')
    .action((ids: string[]) =>
      withApp(async ({ service }) => {
        const all = await service.conflicts()
        const found = ids.map((id) => all.find((c) => c.id === id))
        const missing = ids.filter((_, i) => !found[i])
        // A settled conflict is gone once a run wrote it: then only undoing that run puts the records back.
        if (missing.length) throw new UsageError(`There is no conflict ${missing.map((m) => `"${m}"`).join(', ')} to put back: either a run already wrote your choice (undo that run: \`patchbay runs\`, then \`patchbay undo <run>\`), or the id is wrong (\`patchbay conflicts\` lists them).`)
        const bySync = new Map<string, string[]>()
        for (const c of found) bySync.set(c!.syncId, [...(bySync.get(c!.syncId) ?? []), c!.id])
        for (const [syncId, list] of bySync) {
          const reopened = await service.reopenConflicts(syncId, list)
          out(`${reopened.length === 1 ? `${reopened[0].id} waits` : `${reopened.length} conflicts wait`} for you again in ${service.sync(syncId).name}. A rule you made with --as-rule stays: change it in the sync's settings.`)
        }
      })
    )

  cmd.command('keep-deletes <sync>').description('keep the records a run held back from deleting; the sync stops trying to delete them').action((syncId: string) =>
    withApp(async ({ service }) => {
      const kept = await service.keepWaiting(syncId)
      out(`Kept ${kept} record(s). ${service.sync(syncId).name} will not delete them; if they come back on the other side, they sync again.`)
    })
  )

  cmd.command('failures').description('records a system refused').option('--sync <sync>').action((o: { sync?: string }) => withApp(async ({ service }) => out(formatFailures(await service.failures(o.sync)))))
  cmd.command('retry <failure>').description('try one failed record again now, on its own (a file row that could not be read runs the whole sync)').action((id: string) =>
    withApp(async ({ service }) => {
      const { run } = await service.retryFailure(id)
      out(formatRun(run, service.sync(run.syncId).name))
      process.exitCode = run.status === 'failed' ? 1 : run.status === 'partial' ? 2 : 0
    })
  )
  cmd.command('dismiss <failure>').description('stop retrying a failed record').action((id: string) => withApp(async ({ service }) => { await service.dismissFailure(id); out(`Dismissed ${id}.`) }))

  cmd
    .command('runs')
    .description('run history of every sync, newest first, with the run ids `undo` takes')
    .option('--sync <sync>', 'only this sync')
    .addOption(new Option('--status <status>', 'only runs that ended so').choices(['ok', 'partial', 'failed', 'cancelled', 'undo']))
    .option('--limit <n>', 'at most this many', '20')
    .action((o: { sync?: string; status?: 'ok' | 'partial' | 'failed' | 'cancelled' | 'undo'; limit: string }) =>
      withApp(async ({ service }) => {
        const limit = Number(o.limit)
        if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit needs a whole number of 1 or more, got "${o.limit}"`)
        const syncId = o.sync === undefined ? undefined : service.sync(o.sync).id
        out(formatRuns(service.runList({ syncId, status: o.status, limit }), (id) => service.findSync(id)?.name ?? id))
      })
    )

  cmd.command('undo <run>').description("put back what a run changed (records edited since are kept)").action((runId: string) =>
    withApp(async ({ service }) => {
      const r = await service.undo(runId)
      out(r.message)
      for (const s of r.skipped) out(`  kept ${s.key ?? s.recordId} (${s.side}): ${s.reason}`)
      for (const f of r.failed) out(`  could not put back ${f.key ?? f.recordId} (${f.side}): ${f.message}`)
      for (const d of r.differences) out(`  differs: ${d.key}${d.fields.length ? ` (${d.fields.map((x) => `${x.name}: ${x.kept ?? '(empty)'} on the ${d.side}, ${x.restored ?? '(empty)'} on the ${d.side === 'left' ? 'right' : 'left'}`).join('; ')})` : ''}${d.conflictId ? ` — conflict ${d.conflictId}` : ''}`)
      // 2 when something still needs the owner: a record not put back, or a difference to settle.
      process.exitCode = r.failed.length || r.differences.length ? 2 : 0
    })
  )

  cmd
    .command('logs')
    .description('what happened, newest first')
    .option('--sync <sync>')
    .option('--run <run>')
    .addOption(new Option('--level <level>', 'minimum level').choices(['debug', 'info', 'warn', 'error']))
    .option('--since <time>', 'ISO time or a duration such as 2h, 3d')
    .option('--text <text>', 'only lines containing this')
    .option('--limit <n>', 'lines to show', '50')
    .action((o: { sync?: string; run?: string; level?: 'debug' | 'info' | 'warn' | 'error'; since?: string; text?: string; limit: string }) =>
      withApp(async ({ queryLogs }) => {
        const since = o.since ? parseSince(o.since) : undefined
        const page = await queryLogs({ syncId: o.sync, runId: o.run, level: o.level, since, text: o.text, limit: Number(o.limit) || 50 })
        if (page.entries.length === 0) out('No log lines match.')
        for (const e of page.entries) out(`${e.time.slice(0, 19).replace('T', ' ')}  ${e.level.toUpperCase().padEnd(5)}  ${e.syncId ?? '-'}  ${e.msg}`)
      })
    )

  cmd.command('import <file>').description('add connections and syncs from a JSON or YAML file').action((file: string) =>
    withApp(async ({ service }) => {
      const r = await service.importFile(file)
      out(`Imported ${r.connections} connection(s) and ${r.syncs} sync(s) from ${file}.`)
    })
  )

  cmd
    .command('serve')
    .description('run Patchbay here and open it in a browser (syncs keep running while it runs)')
    .option('--demo', 'start with a sample workspace in a temporary folder instead of your own data')
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '0')
    .action(async (o: { demo?: boolean; port: string }) => {
      const port = Number(o.port)
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port: "${o.port}" is not a port number`)
      const { serve } = await import('./server/serve')
      const running = await serve({ demo: o.demo, port }, out)
      await new Promise<void>((resolve) => {
        const stop = () => {
          err('Stopping…')
          resolve()
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      await running.close()
    })

  addConnectionCommands(cmd, withApp, out, err)

  cmd.command('demo').description('set up a sample CSV workspace and run its sync').option('--dir <dir>', 'where to put the sample files').action(async (o: { dir?: string }) => {
    const { createDemoWorkspace } = await import('./demo/csv-demo')
    await createDemoWorkspace(o.dir, out)
  })
  return cmd
}

class UsageError extends Error {}

function parseSince(s: string): string {
  const m = /^(\d+)\s*([mhd])$/.exec(s)
  if (m) return new Date(Date.now() - Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd']).toISOString()
  const t = Date.parse(s)
  if (Number.isNaN(t)) throw new UsageError(`--since: "${s}" is neither a time (2026-11-25T09:00) nor a duration (2h, 3d)`)
  return new Date(t).toISOString()
}

/** Runs the command line with `argv`. */
export async function main(argv = process.argv): Promise<void> {
  try {
    await program().parseAsync(argv)
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message)
      process.exitCode = 1
      return
    }
    const d = toErrorData(e)
    err(`${d.message}${d.hint ? `\nWhat to do: ${d.hint}` : ''}`)
    process.exitCode = 1
  }
}

await main()

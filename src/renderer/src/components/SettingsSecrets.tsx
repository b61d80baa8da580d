/**
 * The secrets a connection needs when its settings decide them (a described API names its
 * key in its description file): asked of the core once the settings are typed, so the form
 * shows exactly the fields that system wants — or why it cannot tell yet.
 */
import { useEffect, useState } from 'react'
import type { SystemInfo } from '../../../shared/contract'
import { decodeCallError } from '../../../shared/api'
import { patchbay } from '../api'

type Input = SystemInfo['inputs'][number]

/** The secret inputs for `settings`, looked up after a short pause in typing; `problem` when the settings do not tell yet. */
export function useSettingsSecrets(system: SystemInfo, settings: Record<string, string>): { inputs: Input[]; problem?: string; looking: boolean } {
  const [state, setState] = useState<{ key: string; inputs: Input[]; problem?: string }>({ key: '', inputs: [] })
  const key = JSON.stringify(settings)
  const wanted = !!system.secretsFromSettings && Object.values(settings).some((v) => v.trim())
  useEffect(() => {
    if (!wanted) return
    let live = true
    const t = setTimeout(() => {
      patchbay()
        .connectionSecretInputs({ system: system.system, settings })
        .then((inputs) => live && setState({ key, inputs }))
        .catch((err: unknown) => live && setState({ key, inputs: [], problem: decodeCallError(err).message }))
    }, 400)
    return () => {
      live = false
      clearTimeout(t)
    }
    // `key` stands for `settings`.
  }, [key, wanted, system.system])
  if (!wanted) return { inputs: [], looking: false }
  return state.key === key ? { inputs: state.inputs, problem: state.problem, looking: false } : { inputs: [], looking: true }
}

type Peek = { ok: false; message: string } | { ok: true; message: string; columns: string[]; likelyKey: string | undefined }

/** What the core sees at the file path being typed (its columns, encoding and separator, or why it cannot read it), after a short pause in typing. */
export function useFilePeek(file: string | undefined): Peek | undefined {
  const [state, setState] = useState<{ file: string; peek: Peek }>()
  const wanted = (file ?? '').trim()
  useEffect(() => {
    if (!wanted) return
    let live = true
    const t = setTimeout(() => {
      patchbay()
        .filePeek({ file: wanted })
        .then((peek) => live && setState({ file: wanted, peek }))
        .catch((err: unknown) => live && setState({ file: wanted, peek: { ok: false, message: decodeCallError(err).message } }))
    }, 400)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [wanted])
  return wanted && state?.file === wanted ? state.peek : undefined
}

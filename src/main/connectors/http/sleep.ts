/** Abortable waiting, shared by the limiter and the client. */

/**
 * Resolves after `ms`, or rejects with the signal's reason once it aborts. The abort
 * listener is removed either way, because one run-wide signal sees thousands of waits.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** A promise that `wake()` resolves, abortable like `sleep`. */
export function waitForWake(register: (wake: () => void) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = (): void => reject(signal?.reason)
    signal?.addEventListener('abort', onAbort, { once: true })
    register(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    })
  })
}

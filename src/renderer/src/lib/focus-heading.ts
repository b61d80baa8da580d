/**
 * After the owner changes view, keyboard focus goes to the new view's heading, so a screen
 * reader says where they are and Tab continues from there (not from the top of the page).
 */
import { useEffect, useRef } from 'react'

/** Focuses the first `h1` in `#main` whenever `view` changes (not on the first load); waits for it while the view loads. */
export function useFocusHeading(view: string): void {
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    const main = document.getElementById('main')
    if (!main) return
    const focus = (): boolean => {
      const h1 = main.querySelector<HTMLElement>('h1')
      if (!h1) return false
      // Something in the new view took focus on purpose (a field with autofocus): leave it there.
      if (main.contains(document.activeElement) && document.activeElement !== main) return true
      if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1')
      h1.focus()
      return true
    }
    if (focus()) return
    // The view is still loading: focus its heading as soon as it is drawn.
    const watch = new MutationObserver(() => {
      if (focus()) watch.disconnect()
    })
    watch.observe(main, { childList: true, subtree: true })
    return () => watch.disconnect()
  }, [view])
}

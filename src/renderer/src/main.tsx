/** Starts the UI: picks the API (Electron preload or the headless twin), feeds the store, draws the window. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { patchbay } from './api'
import { App } from './components/App'
import { startTheme } from './lib/theme'
import { startEvents } from './store/events'
import './styles.css'

startTheme()
startEvents(patchbay())
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)

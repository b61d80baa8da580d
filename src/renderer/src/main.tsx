import { createRoot } from 'react-dom/client'

function App() {
  return <main>Patchbay</main>
}

createRoot(document.getElementById('root')!).render(<App />)

import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { BridgeProvider } from './bridge/bridge-context'
import { getBridge } from './bridge/get-bridge'
import { createSync } from './bridge/sync'
import './styles.css'

const bridge = getBridge()
const sync = createSync(bridge)
sync.start()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <BridgeProvider bridge={bridge} sync={sync}>
      <App />
    </BridgeProvider>
  </StrictMode>,
)

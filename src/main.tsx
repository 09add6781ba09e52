// First the link is read and the engine started (boot.ts): the training worker, its WASM backend
// and the first data shard load while the app's own code, most of the page's script, loads here.
import './app/boot';
import { StrictMode } from 'react';
import './ui/theme.css';

const [{ createRoot }, { App }] = await Promise.all([import('react-dom/client'), import('./app/App')]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

import { createRoot } from 'react-dom/client';

// Placeholder until the admin UI lands.
createRoot(document.getElementById('root')!).render(
  <main>
    <h1>Breachdesk</h1>
  </main>,
);

import '@mantine/core/styles.css';
import { Badge, createTheme, type CSSVariablesResolver, MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { createQueryClient } from './queries';

// Darker primary shade keeps white-on-blue button text above WCAG AA contrast.
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  autoContrast: true,
  components: {
    // Badges carry status words; in tight table cells Mantine would truncate them to "CONFIRMED …".
    Badge: Badge.extend({ styles: { root: { minWidth: 'max-content' } } }),
  },
});

// Mantine's default "dimmed" gray (input descriptions, hints) is about 3.3:1 on white; gray.7 is about 8:1 (WCAG AA needs 4.5:1).
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
const queryClient = createQueryClient();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);

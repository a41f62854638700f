import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The admin SPA lives in web/ and is built into dist/web, which the Fastify server serves.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  // Default 500 kB chunk warning kept on purpose: App.tsx lazy-loads each page, so no chunk comes near it.
  build: { outDir: '../dist/web', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' } },
});

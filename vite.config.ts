import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The admin SPA lives in web/ and is built into dist/web, which the Fastify server serves.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' } },
});

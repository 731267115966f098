// The web application is built into web/dist, which the service serves at /. During development,
// `npm run dev` here serves it with hot reload and passes the service's paths to a running service.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const service = process.env.SERVICE_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: process.env.WEB_OUT_DIR ?? 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  // The page names of the service's vocabularies come from src/domain (one source for reports and pages).
  server: {
    fs: { allow: ['..'] },
    proxy: Object.fromEntries(['/graphql', '/auth', '/reports', '/imports'].map((path) => [path, service])),
  },
});

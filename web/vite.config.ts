import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { precompressPlugin } from './scripts/precompress.ts';

// Under the AppHost, Aspire service discovery hands us the Api's address; outside it, API_URL.
const apiTarget =
  process.env.services__api__http__0 ??
  process.env.services__api__https__0 ??
  process.env.API_URL ??
  'http://localhost:5000';

const port = process.env.PORT ? Number(process.env.PORT) : 5173;
const host = process.env.HOST ?? '127.0.0.1';

const proxy = {
  '/api': { target: apiTarget, changeOrigin: true },
};

export default defineConfig({
  // Brotli and gzip copies of the built files, which the Api serves as they are (Api/Spa/).
  plugins: [react(), precompressPlugin()],
  server: { host, port, strictPort: Boolean(process.env.PORT), proxy },
  preview: { host, port, strictPort: Boolean(process.env.PORT), proxy },
  // assetsDir: every file Vite writes there is named by its content hash, so the Api caches /assets/* for a year (Api/Spa/SpaFiles.cs).
  build: { outDir: 'dist', assetsDir: 'assets', emptyOutDir: true, sourcemap: false },
  test: { environment: 'node', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'] },
});

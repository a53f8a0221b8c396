import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text files only: images and fonts are compressed formats already. */
const compressible = /\.(?:js|mjs|css|html|svg|json|txt|map)$/;

/**
 * Below this a response fits in the first TCP segments whether compressed or not (index.html,
 * early-refresh.js), so a variant saves no round trip and is not written.
 */
export const minBytes = 1024;

/**
 * The content codings written beside each file, in the Api's order of preference. The suffixes
 * are the contract with Api/Spa/ContentCoding.cs, which serves `x.js.br` for `x.js` to a client
 * that accepts br.
 */
const codings = [
  {
    suffix: '.br',
    compress: (data: Buffer) =>
      brotli(data, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
  },
  { suffix: '.gz', compress: (data: Buffer) => gz(data, { level: 9 }) },
] as const;

export interface Precompressed {
  file: string;
  bytes: number;
  variants: Record<string, number>;
}

/**
 * Writes `file.br` and `file.gz` beside every compressible file of `dir` (recursively) once, at
 * build time, so the server never compresses per request. A variant not smaller than its file is
 * not written.
 */
export async function precompress(dir: string): Promise<Precompressed[]> {
  const files = (await readdir(dir, { recursive: true })).map((f) => join(dir, f)).filter((f) => compressible.test(f));
  return Promise.all(
    files.map(async (file) => {
      const variants: Record<string, number> = {};
      if (!(await stat(file)).isFile()) return { file, bytes: 0, variants };
      const data = await readFile(file);
      if (data.length >= minBytes) {
        await Promise.all(
          codings.map(async ({ suffix, compress }) => {
            const packed = await compress(data);
            if (packed.length < data.length) {
              await writeFile(file + suffix, packed);
              variants[suffix] = packed.length;
            }
          }),
        );
      }
      return { file, bytes: data.length, variants };
    }),
  );
}

/** Runs {@link precompress} over the build's output once Vite has written it (public/ files included). */
export function precompressPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'tapline:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const done = await precompress(outDir);
      const written = done.filter((f) => Object.keys(f.variants).length > 0);
      this.info?.(`precompressed ${written.length} of ${done.length} text files (.br, .gz)`);
    },
  };
}

import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { minBytes, precompress } from './precompress.ts';

describe('precompress', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tapline-precompress-'));
    await mkdir(join(dir, 'assets'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const exists = (file: string) =>
    access(file).then(
      () => true,
      () => false,
    );

  it('writes br and gz beside each text file that decompress to the same bytes', async () => {
    const js = join(dir, 'assets', 'index-abc123.js');
    const source = Buffer.from('export const rows = [' + Array.from({ length: 400 }, (_, i) => `{id:${i}}`).join(',') + '];');
    await writeFile(js, source);

    await precompress(dir);

    expect(brotliDecompressSync(await readFile(js + '.br')).equals(source)).toBe(true);
    expect(gunzipSync(await readFile(js + '.gz')).equals(source)).toBe(true);
    expect((await readFile(js + '.br')).length).toBeLessThan(source.length);
  });

  it('leaves small files, binary formats and incompressible text alone', async () => {
    const small = join(dir, 'index.html');
    await writeFile(small, '<!doctype html><title>Tapline</title>');
    const image = join(dir, 'assets', 'logo-abc123.png');
    await writeFile(image, Buffer.alloc(4 * minBytes, 7));
    // Random bytes as text: neither coding makes them smaller.
    const noise = join(dir, 'assets', 'noise-abc123.txt');
    await writeFile(noise, Buffer.from(Array.from({ length: 4 * minBytes }, () => Math.floor(Math.random() * 256))));

    await precompress(dir);

    for (const file of [small, image, noise]) {
      expect(await exists(file + '.br')).toBe(false);
      expect(await exists(file + '.gz')).toBe(false);
    }
  });
});

describe('the web build (vite.config.ts)', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tapline-vite-build-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes the hashed bundle under assets/ with its br and gz copies', async () => {
    await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/main.js"></script>');
    const rows = Array.from({ length: 300 }, (_, i) => `  { id: ${i}, name: 'pipeline ${i}' },`).join('\n');
    await writeFile(join(root, 'main.js'), `const rows = [\n${rows}\n];\ndocument.body.textContent = JSON.stringify(rows);\n`);

    await build({ configFile: resolve(import.meta.dirname, '..', 'vite.config.ts'), root, logLevel: 'silent' });

    const assets = join(root, 'dist', 'assets');
    const [bundle] = (await readdir(assets)).filter((f) => /^index-[\w-]{8}\.js$/.test(f));
    expect(bundle).toBeDefined();
    const plain = await readFile(join(assets, bundle!));
    expect(brotliDecompressSync(await readFile(join(assets, bundle + '.br'))).equals(plain)).toBe(true);
    expect(gunzipSync(await readFile(join(assets, bundle + '.gz'))).equals(plain)).toBe(true);
  });
});

import { mkdtemp, readFile, rm, writeFile, mkdir, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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

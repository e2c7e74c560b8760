import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PRODUCT } from '../../lib/model/product.js';

describe('PRODUCT', () => {
  it('names the version package.json publishes', async () => {
    // Prepare
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { name: string; version: string };
    // Assess
    expect(PRODUCT).toEqual({ name: pkg.name, version: pkg.version });
  });
});

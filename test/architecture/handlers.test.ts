import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

describe('Lambda handlers', () => {
  it('stay thin: each functions/*.ts is at most 30 lines and hands the event to lib/pipelines', async () => {
    // Prepare
    const files = (await readdir('functions')).filter((f) => f.endsWith('.ts'));
    // Act
    const found = await Promise.all(
      files.map(async (f) => {
        const text = await readFile(`functions/${f}`, 'utf8');
        return { file: f, lines: text.trimEnd().split('\n').length, flow: text.includes("from '../lib/pipelines/") };
      })
    );
    // Assess
    expect(files.length).toBe(9);
    expect(found.filter((h) => h.lines > 30 || !h.flow)).toEqual([]);
  });
});

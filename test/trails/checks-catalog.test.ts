import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/trails/checks.js';
import { ACCOUNT_CHECKS, BUCKET_CHECKS, TRAIL_CHECKS } from '../../lib/trails/checks/index.js';

const NOT_CHECKS = new Set(['helpers.ts', 'index.ts', 'public-state.ts', 'types.ts']);

const docRows = async (): Promise<Map<string, { severity: string; controls: string[] }>> => {
  const text = await readFile('docs/trails.md', 'utf8');
  const rows = new Map<string, { severity: string; controls: string[] }>();
  for (const line of text.split('\n')) {
    const m = /^\| `([a-z0-9-]+)` \| (\w+) \| .* \|\s*([^|]*?)\s*\|$/.exec(line);
    if (m)
      rows.set(m[1] as string, {
        severity: m[2] as string,
        controls: (m[3] as string)
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
      });
  }
  return rows;
};

describe('the check catalog', () => {
  it.each(Object.entries(CHECKS))(
    'documents %s with its severity and controls in docs/trails.md',
    async (id, check) => {
      // Act
      const row = (await docRows()).get(id);
      // Assess
      expect(row).toEqual({ severity: check.severity, controls: [...check.controls] });
    }
  );

  it('documents no check that does not exist', async () => {
    // Act
    const documented = [...(await docRows()).keys()];
    // Assess
    expect(documented.sort()).toEqual(Object.keys(CHECKS).sort());
  });

  it('uses kebab-case ids and control ids of the known shapes', () => {
    // Act
    const bad = Object.entries(CHECKS).filter(
      ([id, c]) =>
        !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) ||
        c.controls.some((ctl) => !/^(CloudTrail|S3)\.\d+$|^prowler:[a-z0-9_]+$/.test(ctl))
    );
    // Assess
    expect(bad).toEqual([]);
  });

  it('has one file per check in lib/trails/checks/, named after the id it exports', async () => {
    // Prepare
    const files = (await readdir('lib/trails/checks')).filter((f) => f.endsWith('.ts') && !NOT_CHECKS.has(f));
    // Act
    const ids = await Promise.all(
      files.map(async (f) => ((await import(`../../lib/trails/checks/${f}`)) as { check: { id: string } }).check.id)
    );
    // Assess
    expect(ids).toEqual(files.map((f) => f.replace(/\.ts$/, '')));
    expect([...ids].sort()).toEqual(Object.keys(CHECKS).sort());
  });

  it('runs every catalogued check in exactly one scope', () => {
    // Act
    const run = [...ACCOUNT_CHECKS, ...TRAIL_CHECKS, ...BUCKET_CHECKS].map((c) => c.id);
    // Assess
    expect(run).toHaveLength(Object.keys(CHECKS).length);
    expect([...run].sort()).toEqual(Object.keys(CHECKS).sort());
  });
});

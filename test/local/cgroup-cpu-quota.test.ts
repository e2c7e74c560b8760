import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cgroupCpuQuota, parseCgroupMounts, parseProcCgroup, quotaCores } from '../../lib/local/cgroup-cpu-quota.js';
import { encodeLogFile, generateRecords, logFileKey } from '../../tools/sample/generate-trail.js';

/** The CLI's launcher, as users run it. */
const TRAILWATCH = fileURLToPath(new URL('../../bin/trailwatch.mjs', import.meta.url));

/** Reads from an in-memory map of file texts: the formats below are the kernel's, as /proc and cgroupfs write them. */
const filesOf =
  (files: Record<string, string>) =>
  (path: string): string | undefined =>
    files[path];

// /proc/self/mountinfo lines (proc(5)): a cgroup v1 host with cpu and cpuacct co-mounted, and a cgroup v2 host.
const V1_MOUNTINFO = [
  '25 30 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw',
  '31 25 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755',
  '36 31 0:32 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,cpu,cpuacct',
  '37 31 0:33 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,memory',
].join('\n');
const V2_MOUNTINFO =
  '29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate';

describe('cgroupCpuQuota', () => {
  it('reads the line formats of /proc/self/cgroup and the cgroup mounts of mountinfo', () => {
    expect(parseProcCgroup('12:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/docker/abc\n')).toEqual([
      { hierarchy: '12', controllers: ['cpu', 'cpuacct'], path: '/docker/abc' },
      { hierarchy: '4', controllers: ['memory'], path: '/docker/abc' },
      { hierarchy: '0', controllers: [], path: '/docker/abc' },
    ]);
    expect(parseCgroupMounts(`${V1_MOUNTINFO}\n${V2_MOUNTINFO}`)).toEqual([
      { root: '/', mountPoint: '/sys/fs/cgroup/cpu,cpuacct', version: 1, options: ['rw', 'cpu', 'cpuacct'] },
      { root: '/', mountPoint: '/sys/fs/cgroup/memory', version: 1, options: ['rw', 'memory'] },
      { root: '/', mountPoint: '/sys/fs/cgroup', version: 2, options: ['rw', 'nsdelegate'] },
    ]);
  });

  it('decodes the octal escapes of mount points (a space is \\040)', () => {
    const [mount] = parseCgroupMounts('40 31 0:35 / /mnt/cgroup\\040v1/cpu rw - cgroup cgroup rw,cpu');
    expect(mount?.mountPoint).toBe('/mnt/cgroup v1/cpu');
  });

  it('counts whole cores of a quota, at least one, and none for no quota', () => {
    expect(quotaCores(200_000, 100_000)).toBe(2);
    expect(quotaCores(150_000, 100_000)).toBe(1);
    expect(quotaCores(50_000, 100_000)).toBe(1);
    expect(quotaCores(-1, 100_000)).toBeUndefined();
    expect(quotaCores(Number.NaN, 100_000)).toBeUndefined();
  });

  it('gives a cgroup v2 container its cpu.max (docker --cpus=2.5), and nothing for "max"', () => {
    const base = { '/proc/self/cgroup': '0::/\n', '/proc/self/mountinfo': V2_MOUNTINFO };
    expect(cgroupCpuQuota(filesOf({ ...base, '/sys/fs/cgroup/cpu.max': '250000 100000\n' }))).toBe(2);
    expect(cgroupCpuQuota(filesOf({ ...base, '/sys/fs/cgroup/cpu.max': 'max 100000\n' }))).toBeUndefined();
  });

  it('takes the smallest quota of the cgroup and those above it (a Kubernetes pod limits its containers)', () => {
    const files = {
      '/proc/self/cgroup': '0::/kubepods/pod1/ctr\n',
      '/proc/self/mountinfo': V2_MOUNTINFO,
      '/sys/fs/cgroup/kubepods/pod1/ctr/cpu.max': 'max 100000\n',
      '/sys/fs/cgroup/kubepods/pod1/cpu.max': '100000 100000\n',
      '/sys/fs/cgroup/kubepods/cpu.max': '400000 100000\n',
    };
    expect(cgroupCpuQuota(filesOf(files))).toBe(1);
  });

  it("reads cgroup v1's cfs quota and period under the cpu controller's mount", () => {
    const files = {
      '/proc/self/cgroup': '11:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n',
      '/proc/self/mountinfo': V1_MOUNTINFO,
      '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '300000\n',
      '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n',
      '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us': '-1\n',
      '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us': '100000\n',
    };
    expect(cgroupCpuQuota(filesOf(files))).toBe(3);
  });

  it('says nothing when the files cannot be read (not Linux, no /proc)', () => {
    expect(cgroupCpuQuota(() => undefined)).toBeUndefined();
  });
});

/**
 * A cgroup v1 `cpu` folder this test may create, under the cpu controller's mount and this
 * process's own cgroup, or why there is none (needs root and a writable cgroup v1 cpu hierarchy).
 */
const cpuCgroupHome = (): { folder?: string; why?: string } => {
  try {
    const mount = parseCgroupMounts(readFileSync('/proc/self/mountinfo', 'utf8')).find(
      (m) => m.version === 1 && m.options.includes('cpu')
    );
    const own = parseProcCgroup(readFileSync('/proc/self/cgroup', 'utf8')).find((e) => e.controllers.includes('cpu'));
    if (mount === undefined || own === undefined) return { why: 'no cgroup v1 cpu controller is mounted' };
    if (mount.root !== '/') return { why: 'the cpu controller is mounted below its root' };
    const folder = `${mount.mountPoint}${own.path === '/' ? '' : own.path}/trailwatch-test-${process.pid}`;
    mkdirSync(folder);
    rmdirSync(folder);
    return { folder };
  } catch (error) {
    return { why: `cannot create a cgroup here: ${(error as Error).message}` };
  }
};

const home = cpuCgroupHome();
if (home.folder === undefined) console.warn(`cgroup-cpu-quota: the real-cgroup test is skipped: ${home.why}`);

describe.skipIf(home.folder === undefined)('cgroupCpuQuota in a real cgroup (root, cgroup v1 cpu controller)', () => {
  const probe = fileURLToPath(new URL('../fixtures/local/cpu-quota-probe.mjs', import.meta.url));
  // One log file for the CLI to read.
  let logs: string;
  beforeAll(() => {
    logs = mkdtempSync(join(tmpdir(), 'trailwatch-cgroup-'));
    const start = new Date('2026-01-02T03:00:00Z');
    const records = generateRecords({ seed: 31, account: '111122223333', region: 'us-east-1', start, count: 20 });
    const path = join(logs, logFileKey('111122223333', 'us-east-1', start, 'CGROUP0000000001'));
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, encodeLogFile(records));
  });
  afterAll(() => rmSync(logs, { recursive: true, force: true }));

  /** What cgroupCpuQuota, usableCores and os.availableParallelism say in a process started inside `folder`. */
  const inside = (folder: string): { quota: number | null; usable: number; parallelism: number } =>
    JSON.parse(
      execFileSync(
        'sh',
        ['-c', `echo $$ > "${folder}/cgroup.procs" && exec "${process.execPath}" --import tsx "${probe}"`],
        {
          encoding: 'utf8',
        }
      )
    );

  it('finds the whole cores of a quota, and the CLI goes by them', () => {
    const folder = home.folder as string;
    mkdirSync(folder);
    try {
      // Prepare: a quota of 1.5 cores (150 ms of CPU every 100 ms)
      writeFileSync(`${folder}/cpu.cfs_period_us`, '100000');
      writeFileSync(`${folder}/cpu.cfs_quota_us`, '150000');
      // Act
      const seen = inside(folder);
      // Assess: one whole core, which the CLI's thread count uses (Node 20's availableParallelism
      // still reports the machine's cores there; later versions count the quota themselves)
      expect(seen.quota).toBe(1);
      expect(seen.usable).toBe(1);
      expect(seen.parallelism).toBeGreaterThanOrEqual(seen.usable);
      // Act: the CLI itself in the cgroup, as --verbose says what its thread count went by
      const scan = spawnSync(
        'sh',
        [
          '-c',
          `echo $$ > "${folder}/cgroup.procs" && exec "${process.execPath}" "${TRAILWATCH}" scan "${logs}" --verbose --format json`,
        ],
        { encoding: 'utf8', env: { ...process.env, TRAILWATCH_FROM_SOURCE: '1' } }
      );
      // Assess
      expect(scan.status).toBe(0);
      const reading = scan.stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { message: string; usableCores?: number })
        .find((l) => l.message === 'reading files');
      expect(reading?.usableCores).toBe(1);
      // Prepare: no quota
      writeFileSync(`${folder}/cpu.cfs_quota_us`, '-1');
      // Assess: no limit from this cgroup (one above it may still have one)
      const unlimited = inside(folder);
      expect(unlimited.quota === null || unlimited.quota >= 1).toBe(true);
      expect(unlimited.quota).toBe(cgroupCpuQuota() ?? null);
    } finally {
      rmdirSync(folder);
    }
  });
});

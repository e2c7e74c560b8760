import { readFileSync } from 'node:fs';

/** One line of /proc/self/cgroup: hierarchy id, its controllers, and this process's cgroup path in it. */
type CgroupEntry = { hierarchy: string; controllers: readonly string[]; path: string };

/** One cgroup mount of /proc/self/mountinfo: the cgroup it shows at `mountPoint`, and its type and options. */
type CgroupMount = { root: string; mountPoint: string; version: 1 | 2; options: readonly string[] };

/**
 * The lines of /proc/self/cgroup (`hierarchy-ID:controller-list:cgroup-path`, one per hierarchy;
 * cgroup v2's is `0::/path`).
 * @param text - the file's text
 */
export const parseProcCgroup = (text: string): CgroupEntry[] =>
  text
    .split('\n')
    .map((line) => /^(\d+):([^:]*):(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, hierarchy, controllers, path]) => ({
      hierarchy: hierarchy as string,
      controllers: (controllers as string).split(',').filter(Boolean),
      path: path as string,
    }));

/** A mountinfo path with its octal escapes (`\040` for a space) decoded. */
const decodeOctal = (s: string): string =>
  s.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));

/**
 * The cgroup mounts of /proc/self/mountinfo: fields 4 (root) and 5 (mount point), and after the
 * ` - ` separator the file-system type (`cgroup` or `cgroup2`) and its super options (a v1
 * mount's controllers, e.g. `rw,cpu,cpuacct`). Mount points with spaces (`\040`) are decoded.
 * @param text - the file's text
 */
export const parseCgroupMounts = (text: string): CgroupMount[] => {
  const mounts: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const fields = left.split(' ');
    const [type, , options] = right.split(' ');
    if (type !== 'cgroup' && type !== 'cgroup2') continue;
    mounts.push({
      root: decodeOctal(fields[3] ?? '/'),
      mountPoint: decodeOctal(fields[4] ?? ''),
      version: type === 'cgroup2' ? 2 : 1,
      options: (options ?? '').split(','),
    });
  }
  return mounts;
};

/**
 * Whole cores a quota of `quota` µs of CPU time every `period` µs gives (at least 1: a quota of
 * half a core still runs one thread), or undefined for no quota.
 * @param quota - µs per period (-1 or `max`: none)
 * @param period - the period in µs
 */
export const quotaCores = (quota: number, period: number): number | undefined =>
  Number.isFinite(quota) && quota > 0 && Number.isFinite(period) && period > 0
    ? Math.max(1, Math.floor(quota / period))
    : undefined;

/** A file's text, or undefined when it cannot be read. */
const readIfThere = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * The folders of the cgroup `path` and of each cgroup above it, nearest first, under a mount that
 * shows the cgroup `root` (none when `path` is outside it): a parent's quota limits its children.
 */
const foldersIn = (mount: CgroupMount, path: string): string[] => {
  const root = mount.root === '/' ? '' : mount.root;
  if (path !== root && !path.startsWith(`${root}/`)) return [];
  const parts = path.slice(root.length).split('/').filter(Boolean);
  return parts
    .map((_, i) => `${mount.mountPoint}/${parts.slice(0, parts.length - i).join('/')}`)
    .concat(mount.mountPoint);
};

/**
 * The CPU quota of this process's control group, in whole cores: what a container's `--cpus` or a
 * Kubernetes CPU limit gives it; undefined when there is none (or no cgroup file can be read).
 * Node 20's os.availableParallelism() (libuv 1.46) counts the CPU affinity mask only, so a
 * container limited to one core of a 32-core host reads 32
 * (https://github.com/libuv/libuv/issues/4146). Reads cgroup v2's `cpu.max` and v1's
 * `cpu.cfs_quota_us` / `cpu.cfs_period_us` (https://docs.kernel.org/admin-guide/cgroup-v2.html,
 * https://docs.kernel.org/scheduler/sched-bwc.html) of the process's cgroup and of every cgroup
 * above it that its mount shows, found through /proc/self/cgroup and /proc/self/mountinfo; the
 * smallest quota is the limit.
 * @param read - reads a file's text (undefined: unreadable); the real files by default
 */
export const cgroupCpuQuota = (read: (path: string) => string | undefined = readIfThere): number | undefined => {
  const cgroup = read('/proc/self/cgroup');
  const mountinfo = read('/proc/self/mountinfo');
  if (cgroup === undefined || mountinfo === undefined) return undefined;
  const mounts = parseCgroupMounts(mountinfo);
  let cores: number | undefined;
  const take = (found: number | undefined) => {
    if (found !== undefined && (cores === undefined || found < cores)) cores = found;
  };
  for (const entry of parseProcCgroup(cgroup)) {
    const v2 = entry.hierarchy === '0' && entry.controllers.length === 0;
    if (!v2 && !entry.controllers.includes('cpu')) continue;
    const shown = mounts.filter((m) => (v2 ? m.version === 2 : m.version === 1 && m.options.includes('cpu')));
    for (const folder of shown.flatMap((mount) => foldersIn(mount, entry.path))) {
      if (v2) {
        const [quota, period] = (read(`${folder}/cpu.max`) ?? 'max').trim().split(/\s+/);
        if (quota !== 'max') take(quotaCores(Number(quota), Number(period ?? 100_000)));
      } else {
        const quota = read(`${folder}/cpu.cfs_quota_us`);
        const period = read(`${folder}/cpu.cfs_period_us`);
        if (quota !== undefined && period !== undefined) take(quotaCores(Number(quota.trim()), Number(period.trim())));
      }
    }
  }
  return cores;
};

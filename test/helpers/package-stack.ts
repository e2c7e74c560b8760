import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
/** The service definition, copied (osls does not take a symlinked serverless.yml for a service). */
const DEFINITION = ['serverless.yml', 'serverless'];
/** What `osls package` bundles and runs, linked. */
const LINKED = ['functions', 'lib', 'types', 'node_modules', 'package.json', 'tsconfig.json'];
/** An empty zip archive (its end-of-central-directory record alone). */
const EMPTY_ZIP = Buffer.from(`504b0506${'00'.repeat(18)}`, 'hex');

/** A CloudFormation template, as far as the template tests read it. */
export type Template = {
  Parameters: Record<string, { Default?: unknown }>;
  Conditions: Record<string, unknown>;
  Resources: Record<
    string,
    { Type: string; Condition?: string; DependsOn?: unknown; Properties?: Record<string, unknown> }
  >;
  Outputs?: Record<string, unknown>;
};

const replaceOnce = (text: string, from: string, to: string): string => {
  if (!text.includes(from)) throw new Error(`serverless.yml no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
};

/**
 * Runs `osls package` with `--param name=value` for each entry, in a scratch copy of the service
 * (its definition copied, the code linked), so that neither the repository's `.serverless/` nor its
 * `.esbuild/` is touched while other tests read them.
 *
 * Without `bundle`, the copy leaves out serverless-esbuild and gives every function an empty
 * artifact: the template is the same but for the artifacts' keys, in seconds instead of the
 * half-minute bundling takes on a busy machine.
 * @returns the packaged `cloudformation-template-update-stack.json`
 */
export const packageStack = async (
  params: Record<string, string> = {},
  options: { bundle?: boolean } = {}
): Promise<Template> => {
  const service = await mkdtemp(join(tmpdir(), 'trailwatch-package-'));
  try {
    for (const name of DEFINITION) await cp(join(ROOT, name), join(service, name), { recursive: true });
    for (const name of LINKED) await symlink(join(ROOT, name), join(service, name));
    if (!options.bundle) {
      const definition = join(service, 'serverless.yml');
      let text = await readFile(definition, 'utf8');
      text = replaceOnce(text, 'plugins:\n  - serverless-esbuild\n', '');
      text = replaceOnce(text, 'package:\n  individually: true\n', 'package:\n  artifact: empty.zip\n');
      await writeFile(definition, text);
      await writeFile(join(service, 'empty.zip'), EMPTY_ZIP);
    }
    const args = ['package', ...Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`])];
    await run(join(ROOT, 'node_modules', '.bin', 'osls'), args, {
      cwd: service,
      timeout: 180_000,
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', NODE_OPTIONS: '' },
    }).catch((error: { stdout?: string; stderr?: string }) => {
      // osls prints its error to stdout
      throw new Error(`osls ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`, { cause: error });
    });
    return JSON.parse(
      await readFile(join(service, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8')
    ) as Template;
  } finally {
    await rm(service, { recursive: true, force: true });
  }
};

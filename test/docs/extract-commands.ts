/** A command line shown in a fenced code block of the documentation. */
export type DocCommand = {
  /** `README.md:214`: the file and the line the command starts on. */
  source: string;
  /** The command as a user types it (continuation lines joined, a `$ ` prompt removed). */
  command: string;
  /** The block's `export …` lines before the command: a user runs them first. */
  setup: string[];
};

const SHELL_BLOCKS = new Set(['sh', 'bash', 'shell', 'console']);

/** trailwatch itself, and the osls commands that build, invoke and deploy the functions. */
const COMMAND =
  /^(?:[A-Z][A-Z0-9_]*=\S*\s+)*(?:npx\s+)?(?:trailwatch(?:\s|$)|osls\s+(?:package|invoke\s+local|deploy)\b)/;

/**
 * Every command line of a Markdown page's fenced code blocks: each line of a shell block (`sh`,
 * `bash`, …) and the `$ `-prompted lines of other blocks (a usage synopsis in a `text` block is no
 * command). A line ending in `\` continues on the next; comment lines and blank lines are left out.
 * @param markdown - the page
 * @param file - its path, for `source`
 * @returns the lines in page order, each with the block's `export` lines before it
 */
export const extractShellLines = (markdown: string, file: string): DocCommand[] => {
  const lines: DocCommand[] = [];
  let language: string | undefined;
  let setup: string[] = [];
  let pending: { text: string; line: number } | undefined;
  for (const [i, raw] of markdown.split('\n').entries()) {
    const fence = /^\s*```(\S*)/.exec(raw);
    if (fence) {
      language = language === undefined ? fence[1] : undefined;
      setup = [];
      pending = undefined;
      continue;
    }
    if (language === undefined) continue;
    const text = pending ? `${pending.text} ${raw.trim()}` : raw.trim();
    const line = pending?.line ?? i + 1;
    if (text.endsWith('\\')) {
      pending = { text: text.slice(0, -1).trimEnd(), line };
      continue;
    }
    pending = undefined;
    const prompted = text.startsWith('$ ');
    if (!prompted && !SHELL_BLOCKS.has(language)) continue;
    const command = prompted ? text.slice(2).trim() : text;
    if (command === '' || command.startsWith('#')) continue;
    if (/^export\s/.test(command)) setup.push(command);
    else lines.push({ source: `${file}:${line}`, command, setup: [...setup] });
  }
  return lines;
};

/**
 * The `trailwatch …` and `osls package|invoke local|deploy` commands among a page's
 * {@link extractShellLines}.
 * @param markdown - the page
 * @param file - its path, for `source`
 * @returns the commands in page order
 */
export const extractCommands = (markdown: string, file: string): DocCommand[] =>
  extractShellLines(markdown, file).filter((c) => COMMAND.test(c.command));

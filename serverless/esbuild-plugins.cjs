/*
 * esbuild plugins for the Lambda bundles (serverless.yml: custom.esbuild.plugins).
 *
 * zod's classic API re-exports every message locale as `z.locales` (about 260 KB minified).
 * Powertools' parser schemas import `z`, so the whole namespace, every locale included, lands in
 * the ingest bundle, although only English messages are used: zod's schemas import
 * `locales/en.js` directly. Resolving zod's locale index to an empty module leaves `z.locales`
 * empty and changes nothing else.
 */

const ZOD_API_DIR = /[\\/]zod[\\/]v4[\\/](classic|core)$/;

/** @type {import('esbuild').Plugin} */
const zodWithoutLocaleIndex = {
  name: 'zod-without-locale-index',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.c?js$/ }, (args) =>
      ZOD_API_DIR.test(args.resolveDir) ? { path: args.path, namespace: 'zod-empty-locales' } : undefined
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-empty-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

module.exports = [zodWithoutLocaleIndex];

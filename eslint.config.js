// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The engine is pure (docs/architecture.md): no I/O, no clock, no timers, no randomness.
 * Time and entropy arrive as arguments; effects leave as data. These rules make
 * a violation a lint error instead of a code-review catch.
 */
const enginePurity = {
  files: ['engine/**/*.ts'],
  ignores: ['engine/**/*.test.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['node:*'], message: 'engine/ is pure: no Node built-ins (I/O lives in server/).' },
        { group: ['fs', 'fs/*', 'path', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'tls', 'child_process', 'worker_threads', 'os', 'crypto', 'timers', 'timers/*', 'process', 'stream', 'readline', 'cluster'],
          message: 'engine/ is pure: no I/O modules.' },
        { group: ['uWebSockets.js', 'ws', 'ioredis', 'lmdb', 'dashjs', 'lit', 'lit/*'], message: 'engine/ may import only pure libraries: xstate, msgpackr, @msgpack/msgpack.' },
        { group: ['../server/*', '../player/*', '../bench/*'], message: 'engine/ must not depend on outer layers.' },
      ],
    }],
    'no-restricted-globals': ['error',
      ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
        'queueMicrotask', 'requestAnimationFrame', 'fetch', 'XMLHttpRequest', 'WebSocket', 'process',
        'performance', 'crypto', 'require', 'Buffer', 'localStorage', 'sessionStorage', 'document', 'window', 'navigator']
        .map((name) => ({ name, message: `engine/ is pure: '${name}' is I/O, a clock, a timer or entropy. Pass it in instead.` })),
    ],
    'no-restricted-properties': ['error',
      { object: 'Date', property: 'now', message: 'engine/ is pure: time arrives as an argument.' },
      { object: 'Math', property: 'random', message: 'engine/ is pure: randomness arrives as an argument.' },
      { object: 'globalThis', message: 'engine/ is pure: no ambient globals.' },
    ],
    'no-restricted-syntax': ['error',
      { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'engine/ is pure: `new Date()` reads the clock.' },
      { selector: "CallExpression[callee.name='Date']", message: 'engine/ is pure: `Date()` reads the clock.' },
      { selector: "ImportExpression", message: 'engine/ is pure: no dynamic import.' },
      { selector: "CallExpression[callee.name='eval'], NewExpression[callee.name='Function']", message: 'Never eval.' },
    ],
  },
};

/**
 * server/ stands in floors, like the engine below it: a file imports its own
 * floor and the floors below, never one above, so a request's route runs one
 * way (docs/architecture.md, "Layout"). Top floor first; an entry is a folder
 * of server/ or a file directly in it. A new folder or file joins a floor
 * here (unlisted, it is not checked). Tests and contract suites may reach
 * anywhere. Imports in server/ are relative, which is what the patterns read.
 */
const serverFloors = [
  ['cli', 'index.ts'],
  ['server.ts'],
  ['compose.ts', 'open-backend.ts', 'routes.ts', 'shutdown-stack.ts'],
  ['api', 'ws', 'backup'],
  ['cluster'],
  ['rooms'],
  ['stories', 'saves', 'plays', 'audience', 'uploads', 'packaging', 'media', 'media-jobs', 'player'],
  // One floor: the context is built from the HTTP, health and metrics pieces, whose routes take the context.
  ['server-context.ts', 'http', 'health', 'metrics'],
  ['authors'],
  ['auth', 'store'],
  ['config.ts', 'build-mode.ts', 'version.ts', 'uws.ts', 'disk', 'jobs', 'redis', 'log', 'limits'],
];

const isFile = (entry) => entry.endsWith('.ts');
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The import patterns of the entries above floor `floorIndex`: `prefix` is how
 * a file names server/ itself, './' from server/x.ts and '../' from
 * server/folder/x.ts; `allowed` are exact import paths let through.
 */
function upwardPatterns(floorIndex, prefix, allowed = []) {
  const except = allowed.length === 0 ? '' : `(?!(${allowed.map(escapeRegex).join('|')})$)`;
  return serverFloors.slice(0, floorIndex).map((above) => ({
    regex: `^${except}${escapeRegex(prefix)}(${above.map((entry) => (isFile(entry) ? `${escapeRegex(entry)}$` : `${escapeRegex(entry)}/`)).join('|')})`,
    message: `server/ floors (eslint.config.js): ${above.join(', ')} stand above ${serverFloors[floorIndex].join(', ')}; import downwards only.`,
  }));
}

/** Per floor below the top, two configs (its files in server/, its folders' files): nothing above may be imported. */
const serverFloorRules = serverFloors.slice(1).flatMap((floor, i) => {
  const files = floor.filter(isFile).map((entry) => `server/${entry}`);
  const folders = floor.filter((entry) => !isFile(entry)).map((entry) => `server/${entry}/**/*.ts`);
  const rule = (prefix) => ({ 'no-restricted-imports': ['error', { patterns: upwardPatterns(i + 1, prefix) }] });
  const ignores = ['server/**/*.test.ts', 'server/**/*.contract.ts'];
  return [
    ...(files.length > 0 ? [{ files, ignores, rules: rule('./') }] : []),
    ...(folders.length > 0 ? [{ files: folders, ignores, rules: rule('../') }] : []),
  ];
});

export default tseslint.config(
  { ignores: ['.scratch/**', 'node_modules/**', 'data/**', 'player/dist/**', 'dist/**', 'stories/media/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  enginePurity,
  ...serverFloorRules,
);

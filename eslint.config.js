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
);

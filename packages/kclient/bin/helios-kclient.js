#!/usr/bin/env node
// Plain JavaScript that any Node can parse: it refuses a Node below the
// package's engines floor with a clear message before loading code that
// would fail on it in an obscure way.
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const floor = manifest.engines.node
  .replace(/^>=\s*/, '')
  .split('.')
  .map(Number);
const running = process.versions.node.split('.').map(Number);
const step = floor.findIndex((part, i) => running[i] !== part);
if (step !== -1 && running[step] < floor[step]) {
  process.stderr.write(
    `${manifest.name}: Node ${process.versions.node} is too old; this package needs Node ${manifest.engines.node}. ` +
      'Install a current Node LTS (or pick one with nvm or fnm) and run it again.\n',
  );
  process.exit(1);
}
await import('../dist/cli.js');

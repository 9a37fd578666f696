#!/usr/bin/env node
/**
 * Starts the handoff-chat demo: the FAQ bot, the handoff hub, the agent console and
 * the demo shop, on 127.0.0.1. Run it after `npm ci && npm run build`:
 *
 *   node examples/server/start.mjs [--port 8787] [--data <file> | --memory] [--fresh]
 *
 * --port     port to listen on (default: $PORT, else a free one)
 * --data     SQLite file (default examples/server/data/handoff-chat-demo.sqlite)
 * --memory   keep nothing: an in-memory database
 * --fresh    delete the data file first
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildConsole } from './lib/build-console.mjs';
import { PATHS, createDemoServer } from './lib/create-server.mjs';

const out = (text) => process.stdout.write(`${text}\n`);

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      memory: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  process.stderr.write(`${error.message}\nRun with --help for the options.\n`);
  process.exit(2);
}

if (args.help) {
  out('Usage: node examples/server/start.mjs [--port <n>] [--data <file> | --memory] [--fresh]');
  process.exit(0);
}

const port = Number(args.port ?? process.env.PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a whole number from 0 to 65535, got "${args.port ?? process.env.PORT}".\n`);
  process.exit(2);
}
const dataFile = args.memory ? ':memory:' : (args.data ?? PATHS.dataFile);
if (args.fresh && dataFile !== ':memory:') {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dataFile}${suffix}`, { force: true });
}

if (!existsSync(join(PATHS.distDir, 'handoff-chat.iife.js'))) {
  process.stderr.write('Warning: dist/handoff-chat.iife.js is missing, so the shop page has no widget. Run `npm run build` first.\n');
}

try {
  if (await buildConsole()) out('Built the agent console.');
} catch (error) {
  process.stderr.write(`Could not build the agent console: ${error.message}\n`);
  process.exit(1);
}

let demo;
try {
  demo = await createDemoServer({ port, dataFile });
} catch (error) {
  process.stderr.write(`Could not start: ${error.message}\n`);
  process.exit(1);
}

out('');
out('handoff-chat demo is running:');
out(`  Shop with the chat widget:  ${demo.url}/`);
out(`  Agent console:              ${demo.url}/console/`);
out('');
out(dataFile === ':memory:' ? 'Data is kept in memory only.' : `Data: ${dataFile}`);
out('Press Ctrl+C to stop.');

let stopping = false;
const stop = async (signal) => {
  if (stopping) process.exit(1);
  stopping = true;
  out(`\n${signal}: stopping…`);
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

#!/usr/bin/env node
/*
 * Runs a TypeScript benchmark in scripts/bench with plain node, through
 * Backstage's transpiling require hook (as packages/cli/bin does):
 *   node scripts/bench/run.js watch-cache-vs-list [--runs 2000] ...
 *   node scripts/bench/run.js watch-faults [--faults 1000] [--seed 1]
 *   node scripts/bench/run.js differential [--cases 100000] [--seed 1]
 *   node scripts/bench/run.js streams --subscribers 1000 [--rate 10] [--seconds 20]
 *   node scripts/bench/run.js logs --lines 100000 [--requests 200] [--database postgres]
 */
'use strict';

const path = require('node:path');

require('@backstage/cli/config/nodeTransform.cjs');
const name = process.argv[2];
if (!name) {
  process.stderr.write(
    'usage: node scripts/bench/run.js <benchmark> [options]\n',
  );
  process.exit(2);
}
const bench = require(path.resolve(__dirname, `${name}.ts`));
bench.main(process.argv.slice(3)).then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);

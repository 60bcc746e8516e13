#!/usr/bin/env node
/*
 * Runs scripts/schemathesis/server.ts with plain node, through Backstage's
 * transpiling require hook (as scripts/bench/run.js does).
 */
'use strict';

const path = require('node:path');

require('@backstage/cli/config/nodeTransform.cjs');
require(path.resolve(__dirname, 'server.ts'))
  .main(process.argv[2])
  .then(
    () => process.exit(0),
    error => {
      process.stderr.write(`${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );

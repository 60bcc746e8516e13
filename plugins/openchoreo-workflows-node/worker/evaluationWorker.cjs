/*
 * Entry of the evaluation worker threads; piscina requires it in each new
 * thread. A worker thread does not inherit the transpiling require hook of
 * the code that started it under Jest, so when this package runs from its
 * TypeScript sources (the workspace: `yarn dev`, `npm start`, tests) the
 * hook is registered here first, as the CLI's bin does; a built package
 * (main in dist) loads its compiled entry point.
 */
'use strict';

const entry = require.resolve(
  '@openchoreo-workflows/plugin-openchoreo-workflows-node/evaluationWorker',
);

if (entry.endsWith('.ts') && !require.extensions['.ts']) {
  require('@backstage/cli/config/nodeTransform.cjs');
}

module.exports = require(entry);

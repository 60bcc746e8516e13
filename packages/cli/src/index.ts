/**
 * The `openchoreo-workflows` command: `schema`, `validate` and `render`
 * OpenChoreo Workflows offline, with the rules of the common package.
 *
 * @packageDocumentation
 */
export {
  runCli,
  formatErrorLine,
  EXIT_OK,
  EXIT_INVALID,
  EXIT_USAGE,
} from './cli';
export type { CliIO } from './cli';

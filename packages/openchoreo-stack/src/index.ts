/**
 * The real OpenChoreo stack on loopback, and OpenChoreo's own rendering code as
 * a test oracle.
 *
 * @packageDocumentation
 */

export { OpenChoreoOracle } from './oracle/OpenChoreoOracle';
export type {
  GoNumberType,
  OracleCase,
  OracleOptions,
  OracleResult,
} from './oracle/OpenChoreoOracle';

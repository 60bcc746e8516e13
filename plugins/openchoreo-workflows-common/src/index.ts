/**
 * The rules shared by every OpenChoreo Workflows package: model types, run
 * status, parameter schemas (both API generations), defaulting, validation,
 * CEL rendering, what a launch sends and renders, permissions and the REST
 * API's types.
 *
 * @packageDocumentation
 */
export * from './model';
export * from './schema';
export * from './render';
export * from './regex';
export * from './evaluation';
export * from './launch';
export * from './permissions';
export * from './api';

export type { OmitValue } from './render/values';
export type { WithMetadata } from './model/display';

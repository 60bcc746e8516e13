export * from './types';
export * from './stepLogs';

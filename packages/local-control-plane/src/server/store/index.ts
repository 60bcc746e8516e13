/** The in-memory object store behind the API server (what the controllers read and write). */
export { ObjectStore } from './objectStore';
export type { StoreOptions, UpdateOptions } from './objectStore';
export type { ListOptions, ListResult } from './listing';
export type { WatchOptions, Watcher, WatchCallback } from './watch';

/**
 * `target[key] = value`, except that a key named `__proto__` (valid in JSON, YAML and
 * Kubernetes objects) becomes an own property instead of replacing the prototype.
 */
export function setOwn(target: object, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    (target as Record<string, unknown>)[key] = value;
  }
}

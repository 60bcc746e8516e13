import { Environment } from '@marcbachmann/cel-js';

/**
 * cel-go's namespaced functions (`math.ceil`, `strings.quote`, `lists.range`,
 * `sets.contains`, `base64.encode`) are plain functions whose name has a dot.
 * cel-js parses `math.ceil(x)` as a member call on `math`; as for its own
 * `optional.of` and `cel.bind`, `math` is a constant of its own type and the
 * functions are members of that type. Each namespace's type has the
 * namespace's name, so messages read `math.ceil(int)` as cel-go's do.
 */
const namespaceClasses = new Map<string, new () => object>();

function namespaceClass(name: string): new () => object {
  let cls = namespaceClasses.get(name);
  if (!cls) {
    cls = { [name]: class {} }[name];
    namespaceClasses.set(name, cls);
  }
  return cls;
}

/** Declares `name` as a namespace in env; functions are then registered as `name.fn(...)`. */
export function registerNamespace(env: Environment, name: string): void {
  const Namespace = namespaceClass(name);
  env.registerType(name, Namespace);
  env.registerConstant(name, name, new Namespace());
}

/** The namespace a value is, if it is one (a bare `math` is an error in cel-go). */
export function namespaceName(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [name, cls] of namespaceClasses) {
    if (value instanceof cls) return name;
  }
  return undefined;
}

/**
 * A template could not be rendered. `expression` is the CEL expression (without
 * `${` `}`) that failed, `location` where it sits in the Workflow, e.g.
 * `runTemplate.spec.arguments.parameters[2].value`.
 *
 * @public
 */
export class RenderError extends Error {
  readonly expression?: string;
  readonly location?: string;

  constructor(
    message: string,
    options: { expression?: string; location?: string; cause?: unknown } = {},
  ) {
    super(message);
    this.name = 'RenderError';
    this.expression = options.expression;
    this.location = options.location;
    if (options.cause !== undefined) {
      (this as { cause?: unknown }).cause = options.cause;
    }
  }
}

/** Appends a map key to a location path: dotted when it is a plain name, bracketed otherwise. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) {
    return parent ? `${parent}.${key}` : key;
  }
  return `${parent}[${JSON.stringify(key)}]`;
}

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
  /** Why the expression failed, as OpenChoreo (cel-go) says it, e.g. `no such overload`. */
  readonly reason?: string;
  /** Set when the render lacked an input the controller would have (not a failure of the run). */
  readonly missingInput?: 'externalRef';

  constructor(
    message: string,
    options: {
      expression?: string;
      location?: string;
      reason?: string;
      missingInput?: 'externalRef';
      cause?: unknown;
    } = {},
  ) {
    super(message);
    this.name = 'RenderError';
    this.expression = options.expression;
    this.location = options.location;
    this.reason = options.reason;
    this.missingInput = options.missingInput;
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

/** cel-js's text for arithmetic between two values of known, different types. */
const MIXED_ARITHMETIC = /^no such overload: [\w<>]+ [-+*/%] [\w<>]+$/;

/**
 * cel-go's text for an error whose cel-js text differs, so that what we show
 * is what OpenChoreo logs: for arithmetic on an int and a double cel-js says
 * `no such overload: dyn<double> * int`, cel-go (and so OpenChoreo) `no such
 * overload`. (cel-js's `... + undefined`, an error inside a constant operand,
 * is another error in cel-go and keeps its text.)
 */
export function celGoMessage(message: string): string {
  return MIXED_ARITHMETIC.test(message) && !message.includes('undefined')
    ? 'no such overload'
    : message;
}

/**
 * One sentence for a run OpenChoreo cannot render, naming the expression:
 * "OpenChoreo cannot render this run: `parameters.count * 100 + 1`: no such overload".
 *
 * @public
 */
export function cannotRenderMessage(error: RenderError): string {
  const what =
    error.expression !== undefined
      ? `\`${error.expression.trim()}\`: ${error.reason ?? error.message}`
      : error.message;
  return `OpenChoreo cannot render this run: ${what}`;
}

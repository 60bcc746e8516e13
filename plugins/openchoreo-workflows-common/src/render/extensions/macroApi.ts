/**
 * The parts of cel-js's macro interface the extension macros use (see
 * "Custom macros" in its README): a macro handler gets the call's AST nodes at
 * parse time and returns `typeCheck` and `evaluate` hooks, which run sub-
 * expressions through the library's own checker and evaluator, with
 * iteration variables bound in forked contexts as its `cel.bind` does.
 */
import { celError } from './values';

export interface AstNode {
  op: string;
  args: unknown;
}

export interface TypeDecl {
  kind: string;
  name: string;
  valueType?: TypeDecl;
  keyType?: TypeDecl;
}

export interface Scope {
  forkWithVariable(name: string, type: TypeDecl): Scope;
  reuse(parent: Scope): Scope;
  setIterValue(value: unknown, evaluator: Evaluator): Scope;
}

export interface Checker {
  check(node: AstNode, scope: Scope): TypeDecl;
  /** Builds parameterised types (`list<int>`, `map<string, dyn>`). */
  registry: {
    getListType(valueType: TypeDecl): TypeDecl;
    getMapType(keyType: TypeDecl, valueType: TypeDecl): TypeDecl;
  };
  dynType: TypeDecl;
  boolType: TypeDecl;
  intType: TypeDecl;
  listType: TypeDecl;
  mapType: TypeDecl;
}

export interface Evaluator {
  run(node: AstNode, scope: Scope): unknown;
  tryEval(node: AstNode, scope: Scope): unknown;
}

export interface MacroCall {
  args: AstNode[];
  receiver: AstNode;
}

export interface Macro {
  async: false;
  typeCheck(checker: Checker, macro: Macro, scope: Scope): TypeDecl;
  evaluate(evaluator: Evaluator, macro: Macro, scope: Scope): unknown;
}

/** The name of a simple identifier argument, as cel-go's macros require. */
export function identName(node: AstNode, message: string): string {
  if (node.op !== 'id') throw celError(message);
  return node.args as string;
}

/** A type for a variable: dyn where the checker has only a placeholder (the `T` of `[]`). */
export function concrete(t: TypeDecl | undefined, dyn: TypeDecl): TypeDecl {
  return !t || t.kind === 'param' ? dyn : t;
}

/** The types of the two iteration variables over a list (index, element) or a map (key, value). */
export function iterationTypes(
  t: TypeDecl,
  dyn: TypeDecl,
  intType: TypeDecl,
): [TypeDecl, TypeDecl] {
  if (t.kind === 'list') return [intType, concrete(t.valueType, dyn)];
  if (t.kind === 'map')
    return [concrete(t.keyType, dyn), concrete(t.valueType, dyn)];
  return [dyn, dyn];
}

/** `ast` parameters for a macro of n arguments. */
export function astParams(n: number): string {
  return Array.from({ length: n }, () => 'ast').join(', ');
}

/** A macro `receiver.<fn>(x, body)` that evaluates `body` with `x` bound to elements of the receiver. */
export interface ElementMacro {
  /** The macro's name, for the overload error. */
  fn: string;
  /** The receiver's kind it applies to, besides dyn (`list`, `optional`). */
  receiverKind: string;
  /** The error when the first argument is not a simple identifier. */
  notIdentifier: string;
  /** The macro's type from the receiver's and the body's; throws where they do not fit. */
  resultType(receiver: TypeDecl, body: TypeDecl, checker: Checker): TypeDecl;
  /** The macro's value from the receiver's, with `body` evaluating the body for one element. */
  evaluate(receiver: unknown, body: (element: unknown) => unknown): unknown;
}

/**
 * The handler of an element macro: `x` is typed as the receiver's element
 * (dyn for a dyn receiver) while checking, and bound per element, in a
 * context forked once, while evaluating.
 */
export function elementMacro(spec: ElementMacro) {
  return ({ args, receiver }: MacroCall): Macro => {
    const name = identName(args[0], spec.notIdentifier);
    const body: AstNode = args[1];
    let bodyScope: Scope;
    return {
      async: false,
      typeCheck(checker: Checker, _m: Macro, scope: Scope) {
        const t = checker.check(receiver, scope);
        if (t.kind !== spec.receiverKind && t.kind !== 'dyn') {
          throw celError(
            `found no matching overload for '${t.name}.${spec.fn}()'`,
          );
        }
        const element =
          t.kind === spec.receiverKind
            ? concrete(t.valueType, checker.dynType)
            : checker.dynType;
        bodyScope = scope.forkWithVariable(name, element);
        return spec.resultType(t, checker.check(body, bodyScope), checker);
      },
      evaluate(ev: Evaluator, _m: Macro, scope: Scope) {
        return spec.evaluate(ev.run(receiver, scope), element =>
          ev.run(body, bodyScope.reuse(scope).setIterValue(element, ev)),
        );
      },
    };
  };
}

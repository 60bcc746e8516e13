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

import fs from 'fs';
import path from 'path';

/**
 * The extension cases of this folder's *.json files, re-expressed from cel-go
 * v0.29.2's ext/*_test.go (and our own edge cases), for our tests and for a
 * comparison with OpenChoreo's own engine. A case is
 * `{expr, vars?, expect?, error?, errorClass?, note?}`: without `expect` or
 * an error, `expr` must evaluate to `true`; `expect` is a CEL expression (a
 * literal) whose value, type included, `expr` must have; `error` is a
 * substring of cel-go's message; `errorClass: "no_overload"` is cel-go's
 * "no such overload" (cel-js words it "found no matching overload"). `vars`
 * are JSON variables (whole numbers become ints, as in a schema default).
 */
export interface ExtensionCase {
  expr: string;
  vars?: Record<string, unknown>;
  expect?: string;
  error?: string;
  errorClass?: 'no_overload';
  note?: string;
}

export const caseFiles = fs
  .readdirSync(__dirname)
  .filter(f => f.endsWith('.json'))
  .sort();

export function loadCases(file: string): ExtensionCase[] {
  return JSON.parse(fs.readFileSync(path.join(__dirname, file), 'utf8'));
}

/* Test-only helpers (Node): locate the sibling `shared/` directory and read YAML fixtures. */
import fs from 'fs';
import path from 'path';
import { parse, parseAllDocuments } from 'yaml';

/** Walks up from here until a directory holding `shared/openchoreo/fixtures` is found. */
export function fixturesDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'shared', 'openchoreo', 'fixtures');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no shared/openchoreo/fixtures above ${__dirname}`);
    }
    dir = parent;
  }
}

/** All YAML documents of a shared fixture file. */
export function loadFixtureDocs(name: string): any[] {
  const text = fs.readFileSync(path.join(fixturesDir(), name), 'utf8');
  return parseAllDocuments(text).map(doc => doc.toJS());
}

/** The first document of `kind` in a shared fixture file. */
export function loadFixture(name: string, kind?: string): any {
  const docs = loadFixtureDocs(name).filter(
    d => d && (!kind || d.kind === kind),
  );
  if (docs.length === 0) throw new Error(`no ${kind ?? 'document'} in ${name}`);
  return docs[0];
}

/** A YAML file kept beside this helper (the project's own fixtures). */
export function loadLocalFixture(name: string): any {
  return parse(fs.readFileSync(path.join(__dirname, name), 'utf8'));
}

export function parseYaml(text: string): any {
  return parse(text);
}

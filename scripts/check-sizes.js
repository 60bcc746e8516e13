// Lists the production TypeScript in plugins/ and packages/ that is too big to
// read in one go: files over 400 lines, functions (declarations, methods,
// constructors, accessors, arrows, function expressions) over 100 lines and
// classes over 300 lines. Production means not a test (*.test.*), not test
// utilities (__testUtils__), not browser tests (e2e), not generated code and
// not build output (dist). Prints `path:line kind name N lines` for each
// violation and `sizes: N violations`; exits 1 when N > 0.
//
//   node scripts/check-sizes.js [folder...]   (default: plugins packages)
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const LIMITS = { file: 400, function: 100, class: 300 };
const SKIPPED_DIRS = new Set([
  'node_modules',
  'dist',
  'dist-types',
  '__testUtils__',
  'e2e',
  'e2e-tests',
  'generated',
]);
/** Code generators (Backstage's OpenAPI generator among them) mark their output so. */
const GENERATED_MARK = /\bAUTO-?GENERATED\b|@generated\b|\bDO NOT EDIT\b/i;

/** Whether a path (relative, `/`-separated) is production TypeScript. */
function isProductionPath(file) {
  const parts = file.split(/[\\/]/);
  if (parts.slice(0, -1).some(p => SKIPPED_DIRS.has(p))) return false;
  const name = parts[parts.length - 1];
  return /\.tsx?$/.test(name) && !/\.test\.[^.]+$/.test(name);
}

/** Production TypeScript files under `dir`, as paths relative to `root`. */
function listFiles(root, dir) {
  const found = [];
  const walk = rel => {
    for (const entry of fs.readdirSync(path.join(root, rel), {
      withFileTypes: true,
    })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) {
          walk(child);
        }
      } else if (entry.isFile() && isProductionPath(child)) {
        found.push(child);
      }
    }
  };
  if (fs.existsSync(path.join(root, dir))) walk(dir);
  return found.sort();
}

function lineCount(text) {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

/** The name a function or class is known by: its own, or what holds it. */
function nameOf(node, source) {
  if (node.name) return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)) &&
    parent.name
  ) {
    return parent.name.getText(source);
  }
  if (parent && ts.isCallExpression(parent)) {
    const callee = parent.expression.getText(source);
    return `(argument of ${
      callee.length > 40 ? `${callee.slice(0, 40)}…` : callee
    })`;
  }
  if (parent && ts.isExportAssignment(parent)) return 'default';
  return '(anonymous)';
}

function kindOf(node) {
  if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) return 'class';
  if (ts.isFunctionDeclaration(node)) return 'function';
  if (ts.isArrowFunction(node)) return 'arrow';
  if (ts.isFunctionExpression(node)) return 'function';
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    return 'accessor';
  }
  if (ts.isMethodDeclaration(node)) return 'method';
  return undefined;
}

/** The violations in one file's text; `file` only names them. */
function checkSource(file, text) {
  if (GENERATED_MARK.test(text.slice(0, 500))) return [];
  const violations = [];
  const lines = lineCount(text);
  if (lines > LIMITS.file) {
    violations.push({ file, line: 1, kind: 'file', name: '-', lines });
  }
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const visit = node => {
    const kind = kindOf(node);
    // A body-less overload or abstract method is a signature, not code.
    if (kind && (kind === 'class' || node.body)) {
      const start = source.getLineAndCharacterOfPosition(
        node.getStart(source),
      ).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const size = end - start + 1;
      const limit = kind === 'class' ? LIMITS.class : LIMITS.function;
      if (size > limit) {
        violations.push({
          file,
          line: start + 1,
          kind,
          name: nameOf(node, source),
          lines: size,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return violations;
}

function format(v) {
  return `${v.file}:${v.line} ${v.kind} ${v.name} ${v.lines} lines`;
}

/** Checks the folders (relative to `root`); returns the printed lines and the count. */
function checkSizes(root, dirs = ['plugins', 'packages']) {
  const violations = dirs
    .flatMap(dir => listFiles(root, dir))
    .flatMap(file =>
      checkSource(file, fs.readFileSync(path.join(root, file), 'utf8')),
    );
  return {
    violations,
    output: [
      ...violations.map(format),
      `sizes: ${violations.length} violations`,
    ],
  };
}

module.exports = {
  LIMITS,
  isProductionPath,
  listFiles,
  checkSource,
  checkSizes,
};

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const dirs = process.argv.slice(2);
  const { violations, output } = checkSizes(
    root,
    dirs.length ? dirs : undefined,
  );
  console.log(output.join('\n'));
  process.exitCode = violations.length > 0 ? 1 : 0;
}

import fs from 'node:fs';
import path from 'node:path';

/** The first of `from` and its ancestors for which `match` is true. */
export function findUp(
  from: string,
  match: (dir: string) => boolean,
): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (match(dir)) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The `shared/openchoreo/fixtures` directory, found by walking up from `from`
 * (CI clones the repository elsewhere, with `shared/` copied beside it).
 */
export function findOpenChoreoFixturesDir(from: string): string {
  const rel = path.join('shared', 'openchoreo', 'fixtures');
  const base = findUp(from, d => fs.existsSync(path.join(d, rel)));
  if (!base) {
    throw new Error(`no ${rel} directory in ${from} or any parent`);
  }
  return path.join(base, rel);
}

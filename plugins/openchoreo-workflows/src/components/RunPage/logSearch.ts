import type { LogLine } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** A log line as shown and searched: without terminal colour codes. */
export const plainText = (text: string) =>
  text.includes('\u001b') ? text.replace(ANSI, '') : text;

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The 0-based indexes of the first `count` lines that contain `query` (case-insensitive). */
export function matchingLines(
  lines: readonly LogLine[],
  count: number,
  query: string,
): number[] {
  if (!query) return [];
  const pattern = new RegExp(escapeRegExp(query), 'i');
  const found: number[] = [];
  for (let i = 0; i < count; i++) {
    if (pattern.test(plainText(lines[i].text))) found.push(i);
  }
  return found;
}

/** A line cut around each occurrence of `query` (case-insensitive), for highlighting. */
export function splitByQuery(
  text: string,
  query: string,
): Array<{ text: string; match: boolean }> {
  if (!query) return [{ text, match: false }];
  const parts: Array<{ text: string; match: boolean }> = [];
  let from = 0;
  for (const m of text.matchAll(new RegExp(escapeRegExp(query), 'gi'))) {
    const at = m.index ?? 0;
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: m[0], match: true });
    from = at + m[0].length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}

/** The anchor of a line (1-based) in a run page URL: `#L12`. */
export const lineAnchor = (lineNumber: number) => `L${lineNumber}`;

/** The 1-based line a URL hash points at, if it is a line anchor. */
export function lineFromHash(hash: string): number | undefined {
  const m = /^#L(\d{1,9})$/.exec(hash);
  return m ? Number(m[1]) : undefined;
}

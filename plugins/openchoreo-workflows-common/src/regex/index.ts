export {
  compileRe2,
  re2Matches,
  re2RegExp,
  RegexSyntaxError,
  MAX_PATTERN_LENGTH,
} from './re2';
export type { RegExpLike } from './re2';

import { MouseEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import useCopyToClipboard from 'react-use/esm/useCopyToClipboard';
import { lineAnchor, lineFromHash } from './logSearch';

/**
 * Links to log lines: `?<stepQuery>#L<n>` on this page. A click on a line
 * number copies its link and puts it in the address bar; a page opened with
 * such a link selects that line once it has arrived (`onOpen` scrolls to it).
 * Line numbers are the log's own: the held lines are `count` lines from
 * line `first` (0-based).
 */
export function useLineLinks(options: {
  stepQuery: string;
  first: number;
  count: number;
  /** Scroll to a 0-based line of the log. */
  onOpen: (line: number) => void;
  onStopFollowing: () => void;
}) {
  const { stepQuery, first, count, onOpen, onStopFollowing } = options;
  const { pathname, hash } = useLocation();
  const navigate = useNavigate();
  const [copyState, copy] = useCopyToClipboard();
  const [copied, setCopied] = useState<number>();
  const [selectedLine, setSelectedLine] = useState<number>();
  const linked = useRef(false);

  const target = lineFromHash(hash);
  useEffect(() => {
    if (linked.current || target === undefined) return;
    if (target <= first || target > first + count) return;
    linked.current = true;
    setSelectedLine(target - 1);
    onOpen(target - 1);
    onStopFollowing();
  }, [target, first, count, onOpen, onStopFollowing]);

  const href = useCallback(
    (n: number) => `${pathname}?${stepQuery}#${lineAnchor(n)}`,
    [pathname, stepQuery],
  );
  const onLineLink = useCallback(
    (n: number, event: MouseEvent) => {
      event.preventDefault();
      copy(new URL(href(n), window.location.href).toString());
      setCopied(n);
      setSelectedLine(n - 1);
      linked.current = true;
      navigate(href(n), { replace: true });
      onStopFollowing();
    },
    [copy, href, navigate, onStopFollowing],
  );

  let copiedMessage = '';
  if (copied !== undefined) {
    copiedMessage = copyState.error
      ? `Link to line ${copied} is in the address bar (copying failed)`
      : `Link to line ${copied} copied`;
  }
  return { href, onLineLink, selectedLine, copiedMessage };
}

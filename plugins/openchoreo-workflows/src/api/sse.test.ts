import { SseMessage, SseParser } from './sse';

describe('SseParser', () => {
  const parse = (chunks: string[]) => {
    const messages: SseMessage[] = [];
    const parser = new SseParser(m => messages.push(m));
    chunks.forEach(c => parser.push(c));
    return messages;
  };

  it('reads events split across chunks, ignoring comments', () => {
    expect(
      parse([
        ': ping\n\nevent: li',
        'ne\ndata: {"a":1}\n',
        '\nevent: end\ndata: {}\n\n',
      ]),
    ).toEqual([
      { event: 'line', data: '{"a":1}', id: undefined },
      { event: 'end', data: '{}', id: undefined },
    ]);
  });

  it('joins multi-line data, keeps ids and handles CRLF', () => {
    expect(parse(['id: 7\r\ndata: a\r\ndata: b\r', '\n\r\n'])).toEqual([
      { event: 'message', data: 'a\nb', id: '7' },
    ]);
  });
});

import { buildCalendar, escapeText, fold } from './ics';

describe('iCalendar export', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('Lab; room 4, floor 2\nbring goggles \\o/')).toBe('Lab\\; room 4\\, floor 2\\nbring goggles \\\\o/');
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const folded = fold(`SUMMARY:${'ш'.repeat(100)}`);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(`SUMMARY:${'ш'.repeat(100)}`);
  });

  it('writes a calendar with UTC times and CRLF line ends', () => {
    const text = buildCalendar('CNC lab', [
      {
        uid: 'b1@hamkor',
        start: new Date('2026-10-05T04:00:00Z'),
        end: new Date('2026-10-05T06:00:00Z'),
        summary: 'CNC lab',
        location: 'Building B, 104',
        status: 'CONFIRMED',
        lastModified: new Date('2026-09-01T10:00:00.123Z'),
      },
    ], new Date('2026-09-02T08:30:00Z'));
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(text).toContain('\r\nDTSTART:20261005T040000Z\r\nDTEND:20261005T060000Z\r\n');
    expect(text).toContain('DTSTAMP:20260902T083000Z\r\nLAST-MODIFIED:20260901T100000Z');
    expect(text).toContain('LOCATION:Building B\\, 104');
  });
});

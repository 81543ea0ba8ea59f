import { csvRecords, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n1,,3\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['1', '', '3'],
    ]);
  });

  it('skips blank lines and refuses an unclosed quote', () => {
    expect(parseCsv('a\n\n1\n\n')).toEqual([['a'], ['1']]);
    expect(() => parseCsv('a\n"oops')).toThrow('not closed');
  });

  it('keys records by the trimmed header and marks extra cells', () => {
    const { header, records } = csvRecords(' id , name\n1,Ann\n2,Bob,surplus\n');
    expect(header).toEqual(['id', 'name']);
    expect(records).toEqual([{ id: '1', name: 'Ann' }, { id: '2', name: 'Bob', __extra: 'surplus' }]);
  });
});

/**
 * A small RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF, an optional BOM): enough for the
 * spreadsheets schools export, without a dependency.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new CsvError('a quoted field is not closed');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // Blank lines (often a trailing one) carry nothing.
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

export class CsvError extends Error {}

/** Rows as objects keyed by the header line; returns the header too, for checking the columns. */
export function csvRecords(text: string): { header: string[]; records: Array<Record<string, string>> } {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new CsvError('the CSV is empty');
  const names = header.map((h) => h.trim());
  const records = rows.map((r) => {
    const rec: Record<string, string> = {};
    names.forEach((n, i) => (rec[n] = (r[i] ?? '').trim()));
    if (r.length > names.length) rec['__extra'] = r.slice(names.length).join(',');
    return rec;
  });
  return { header: names, records };
}

import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { CsvError, csvRecords } from './csv';
import { EnrolLearnerDto } from './dto/enrol-learner.dto';

export interface RowError {
  /** 1-based position among the data rows (the CSV header is not a row). */
  row: number;
  field: string;
  message: string;
}

export const CSV_COLUMNS = [
  'schoolRef', 'fullName', 'dateOfBirth', 'specialty', 'cohortYear', 'expectedGraduation', 'region',
  'email', 'phone', 'consentFollowUpContact', 'consentShareWithCentre',
] as const;
const REQUIRED_COLUMNS = ['schoolRef', 'fullName', 'dateOfBirth', 'specialty', 'cohortYear', 'expectedGraduation', 'region'];
export const MAX_BULK_ROWS = 20_000;

/** The rows of a bulk upload: a JSON `{ learners: [...] }` or a CSV text with a header line. */
export function rowsOfUpload(body: unknown): unknown[] {
  if (typeof body === 'string') return rowsOfCsv(body);
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const keys = Object.keys(body);
    const learners = (body as { learners?: unknown }).learners;
    if (keys.length === 1 && Array.isArray(learners)) return learners;
  }
  throw new UploadError('send JSON { "learners": [ ... ] } or a text/csv body with a header line');
}

export class UploadError extends Error {}

function rowsOfCsv(text: string): unknown[] {
  let parsed;
  try {
    parsed = csvRecords(text);
  } catch (err) {
    throw new UploadError(`the CSV cannot be read: ${err instanceof CsvError ? err.message : 'malformed'}`);
  }
  const unknown = parsed.header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED_COLUMNS.filter((c) => !parsed.header.includes(c));
  if (unknown.length || missing.length) {
    throw new UploadError(
      `the CSV header must name the columns ${CSV_COLUMNS.join(',')}` +
        (missing.length ? `; missing: ${missing.join(', ')}` : '') +
        (unknown.length ? `; unknown: ${unknown.join(', ')}` : ''),
    );
  }
  return parsed.records.map(csvRecordToRow);
}

/** CSV cells are text: numbers and yes/no become JSON values, empty optional cells are absent. */
function csvRecordToRow(rec: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) {
    if (v === '') continue;
    if (k === 'cohortYear') row[k] = /^\d+$/.test(v) ? Number(v) : v;
    else if (k === 'consentFollowUpContact' || k === 'consentShareWithCentre') row[k] = toBool(v);
    else row[k] = v;
  }
  return row;
}

function toBool(v: string): boolean | string {
  const s = v.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(s)) return true;
  if (['false', 'no', 'n', '0'].includes(s)) return false;
  return v;
}

/** Validates every row like a single enrolment would be; all problems are reported, none is thrown. */
export function validateRows(rows: unknown[]): { valid: EnrolLearnerDto[]; errors: RowError[] } {
  const valid: EnrolLearnerDto[] = [];
  const errors: RowError[] = [];
  const seenRefs = new Map<string, number>();
  rows.forEach((raw, i) => {
    const row = i + 1;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({ row, field: '', message: 'a row must be an object' });
      return;
    }
    if ('__extra' in raw) {
      errors.push({ row, field: '', message: 'the row has more cells than the header' });
      return;
    }
    const dto = plainToInstance(EnrolLearnerDto, raw);
    const problems = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, stopAtFirstError: true });
    if (problems.length) {
      errors.push(...flatten(problems).map((p) => ({ row, ...p })));
      return;
    }
    const earlier = seenRefs.get(dto.schoolRef);
    if (earlier) {
      errors.push({ row, field: 'schoolRef', message: `schoolRef repeats row ${earlier}` });
      return;
    }
    seenRefs.set(dto.schoolRef, row);
    valid.push(dto);
  });
  return { valid, errors };
}

function flatten(errors: ValidationError[]): Array<{ field: string; message: string }> {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, message })));
}

/** Under 18 on the given day: internships need guardian consent then. Only this flag leaves the service. */
export function isMinor(dateOfBirth: string, today = new Date()): boolean {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  const t = { y: today.getUTCFullYear(), m: today.getUTCMonth() + 1, d: today.getUTCDate() };
  const age = t.y - y - (t.m < m || (t.m === m && t.d < d) ? 1 : 0);
  return age < 18;
}

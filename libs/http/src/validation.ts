import { ArgumentMetadata, BadRequestException, HttpException, ValidationError, ValidationPipe } from '@nestjs/common';

/**
 * Constraints on what kind of value a field holds. When one of them fails, the field's other failures
 * (its range, its length) say nothing more: `?limit=abc` is "must be an integer", not that and "must
 * not be less than 1" and "must not be greater than 100".
 */
const KIND_CONSTRAINTS = new Set(['isInt', 'isNumber', 'isString', 'isBoolean', 'isDate', 'isDateString', 'isIso8601', 'isUuid', 'isEnum', 'isIn', 'isArray', 'isObject']);

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const failed = Object.entries(e.constraints ?? {});
    const ofKind = failed.filter(([name]) => KIND_CONSTRAINTS.has(name));
    const own = (ofKind.length ? ofKind : failed).map(([, message]) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

// NUL, and UTF-16 surrogates without their pair: JSON carries both, but neither is text PostgreSQL can
// store (a text column refuses NUL, a json column refuses an escaped lone surrogate).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const notText = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** Where in a request value a string that is not storable text sits, or null. */
function notTextAt(value: unknown, path: string): string | null {
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (notText(v)) return at;
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (notText(k)) return at;
        stack.push([x, at ? `${at}.${k}` : k]);
      }
    }
  }
  return null;
}

/**
 * Two kinds of input the stock pipe turned into a 500: strings that are not storable text (above), and
 * values a validator cannot even look at (a body nested thousands of levels deep overflows
 * class-transformer's stack; `IsNumber({ maxDecimalPlaces })` throws on 1e-300). Both are the client's
 * bad input, so both are a 400 problem here.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const bad = notTextAt(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (bad !== null) {
      const field = bad || metadata.data || metadata.type;
      const message = 'must be text without NUL characters or unpaired surrogates';
      throw new BadRequestException({ message: `invalid request: ${field} ${message}`, errors: [{ field, message }] });
    }
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof HttpException) throw err;
      throw new BadRequestException(`invalid request: the ${metadata.type} could not be validated`);
    }
  }
}

/**
 * Request validation for every route: unknown fields are rejected (not silently dropped), types are
 * checked, and the problem lists each bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new BadRequestException({
        message: list.length ? `invalid request: ${list.map((e) => `${e.field} ${e.message.replace(/^\S+\s/, '')}`).join('; ')}` : 'invalid request',
        errors: list,
      });
    },
  });
}

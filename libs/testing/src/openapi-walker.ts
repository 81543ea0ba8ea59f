/**
 * Reads the OpenAPI documents a running platform serves and lists every operation in a form a test can
 * drive: its parameters, its body schema (references resolved) and a valid example value built from the
 * schema's own examples. Suites that walk the documents cover a new endpoint as soon as it is served.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  nullable?: boolean;
  description?: string;
};

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
  security?: Array<Record<string, string[]>>;
}

interface OpenApiParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
  description?: string;
}

interface OpenApiOperationObject {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: OpenApiParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema; examples?: Record<string, { value: unknown }> }> };
  security?: Array<Record<string, string[]>>;
}

export interface ApiParameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface ApiOperation {
  service: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path template as documented, e.g. `/partnerships/agreements/{agreementId}`. */
  path: string;
  /** `METHOD /path/{param}`: the one name of an operation in reports and tables. */
  key: string;
  operationId?: string;
  pathParams: ApiParameter[];
  queryParams: ApiParameter[];
  headerParams: ApiParameter[];
  /** The JSON body schema (references resolved), when the operation takes a body. */
  body?: JsonSchema;
  bodyRequired: boolean;
  contentTypes: string[];
  /** Documented without a security requirement (`security: [{}]` or `[]`): no token needed. */
  isPublic: boolean;
  /** Honours an Idempotency-Key header. */
  idempotent: boolean;
}

export const PLATFORM_SERVICES = ['partnerships', 'internships', 'equipment', 'employment', 'notifications'] as const;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Fetches `GET /<service>/openapi.json` of each service from a running platform. */
export async function fetchOpenApiDocuments(baseUrl: string, services: readonly string[] = PLATFORM_SERVICES): Promise<Map<string, OpenApiDocument>> {
  const docs = new Map<string, OpenApiDocument>();
  for (const service of services) {
    const res = await fetch(`${baseUrl}/${service}/openapi.json`);
    if (res.status !== 200) throw new Error(`GET /${service}/openapi.json answered ${res.status}`);
    docs.set(service, (await res.json()) as OpenApiDocument);
  }
  return docs;
}

/** Every operation of every document, in document order. */
export function listOperations(docs: Map<string, OpenApiDocument>): ApiOperation[] {
  const ops: ApiOperation[] = [];
  for (const [service, doc] of docs) {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const m of METHODS) {
        const o = item[m];
        if (!o) continue;
        const params = (o.parameters ?? []).map((p) => ({ in: p.in, name: p.name, required: !!p.required, schema: resolveSchema(doc, p.schema ?? {}) }));
        const content = o.requestBody?.content ?? {};
        const json = content['application/json']?.schema;
        const security = o.security ?? doc.security ?? [];
        const method = m.toUpperCase() as ApiOperation['method'];
        ops.push({
          service,
          method,
          path,
          key: `${method} ${path}`,
          operationId: o.operationId,
          pathParams: params.filter((p) => p.in === 'path'),
          queryParams: params.filter((p) => p.in === 'query'),
          headerParams: params.filter((p) => p.in === 'header'),
          body: json ? resolveSchema(doc, json) : undefined,
          bodyRequired: !!o.requestBody?.required,
          contentTypes: Object.keys(content),
          isPublic: security.length === 0 || security.every((s) => Object.keys(s).length === 0),
          idempotent: params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
        });
      }
    }
  }
  return ops;
}

/** Inlines `$ref`s (and single-element `allOf`s) so generators see plain schemas. */
export function resolveSchema(doc: OpenApiDocument, schema: JsonSchema, depth = 0): JsonSchema {
  if (depth > 12) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved schema reference ${schema.$ref}`);
    const { $ref: _ref, ...rest } = schema;
    return resolveSchema(doc, { ...target, ...rest }, depth + 1);
  }
  const out: JsonSchema = { ...schema };
  if (schema.allOf?.length === 1) {
    const { allOf: _allOf, ...rest } = out;
    return resolveSchema(doc, { ...schema.allOf[0], ...rest }, depth + 1);
  }
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolveSchema(doc, v, depth + 1)]));
  if (schema.items) out.items = resolveSchema(doc, schema.items, depth + 1);
  if (schema.oneOf) out.oneOf = schema.oneOf.map((s) => resolveSchema(doc, s, depth + 1));
  if (schema.anyOf) out.anyOf = schema.anyOf.map((s) => resolveSchema(doc, s, depth + 1));
  if (schema.allOf) out.allOf = schema.allOf.map((s) => resolveSchema(doc, s, depth + 1));
  return out;
}

/**
 * A plausible valid value for a schema: its example when it has one, else one built from its type,
 * format and enum. Object examples include every documented property that has an example.
 */
export function exampleOf(schema: JsonSchema, depth = 0): unknown {
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.oneOf?.length) return exampleOf(schema.oneOf[0], depth + 1);
  if (schema.anyOf?.length) return exampleOf(schema.anyOf[0], depth + 1);
  if (schema.allOf?.length) return exampleOf(schema.allOf[0], depth + 1);
  if (depth > 8) return null;
  switch (schema.type) {
    case 'object':
    case undefined:
      if (!schema.properties) return schema.type === 'object' ? {} : 'example';
      return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, exampleOf(v, depth + 1)]));
    case 'array':
      return schema.items ? [exampleOf(schema.items, depth + 1)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (schema.format === 'date') return '2030-01-15';
      if (schema.format === 'date-time') return '2030-01-15T09:00:00.000Z';
      if (schema.format === 'email') return 'someone@example.uz';
      if (schema.format === 'uri') return 'https://example.uz/';
      return 'example';
    default:
      return null;
  }
}

/** Fills a path template; values are URI-encoded unless `raw` (bad-input tests send them as they are). */
export function fillPath(template: string, params: Record<string, string>, raw = false): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`no value for path parameter ${name} of ${template}`);
    return raw ? v : encodeComponent(v);
  });
}

/** encodeURIComponent that also takes lone surrogates (sent as U+FFFD, as a UTF-8 encoder would). */
export function encodeComponent(v: string): string {
  return Array.from(v, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%EF%BF%BD';
    }
  }).join('');
}

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { configSchema, parseConfig, SERVICE_NAMES } from '@hamkor/config';
import { TOPICS, dlqTopicName } from '@hamkor/contracts';
import { notificationsConfigSchema } from '../../apps/notifications/src/notifications.config';
import { consumingServices, renderK8s } from '../../scripts/k8s-generate';

/**
 * The Kubernetes manifests of k8s/ stay valid and in step with the code:
 * - every YAML document parses, and every object is valid against the Kubernetes OpenAPI schemas
 *   (kubernetes-models), with no unknown field (a misspelt `readinesProbe` would be dropped silently);
 * - the overlays are built here (resources, components, strategic-merge and JSON 6902 patches, images,
 *   namespace) and, where kubectl is installed, the result is compared with `kubectl kustomize`;
 * - in every build: Services select their Deployment, probes hit the app's health endpoints on its
 *   port, every environment variable is one the config schema knows and the whole environment parses,
 *   the Ingress routes each service prefix to an existing Service, each Deployment has an HPA and a PDB
 *   and a migrations Job, and the topics Job sizes every topic of the contracts catalogue;
 * - the generated per-service files are what scripts/k8s-generate.ts writes.
 */

const ROOT = join(__dirname, '..', '..');
const K8S = join(ROOT, 'k8s');

type Obj = Record<string, any>;

// ---------------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------------

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

const rel = (p: string) => relative(ROOT, p);

function loadDocs(file: string): Obj[] {
  // loadAll throws on invalid YAML (the error names line and column).
  return (loadAll(readFileSync(file, 'utf8')) as unknown[]).filter((d) => d !== null && d !== undefined) as Obj[];
}

const FILES = yamlFiles(K8S);
const KUSTOMIZATION_KINDS = new Set(['Kustomization', 'Component']);
const isKustomizationFile = (f: string) => /(^|\/)kustomization\.ya?ml$/.test(f);

// ---------------------------------------------------------------------------------------------------
// Schema validation with kubernetes-models (+ an unknown-field check the generated validators skip)
// ---------------------------------------------------------------------------------------------------

function modelPath(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion}/${kind}`; // core "v1" -> kubernetes-models/v1/ConfigMap
}

function modelOf(apiVersion: string, kind: string): { Model: new (o: Obj) => { validate(): void }; validateFn: ((d: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> } } | undefined {
  let modulePath: string;
  try {
    modulePath = require.resolve(modelPath(apiVersion, kind));
  } catch {
    return undefined;
  }
  const Model = require(modulePath)[kind];
  // The model module requires its compiled JSON-schema validator; use it directly for the errors.
  const schema = /_schemas\/(\w+)\.js/.exec(readFileSync(modulePath, 'utf8'))?.[1];
  if (!Model || !schema) return undefined;
  const validateFn = require(join(dirname(require.resolve('kubernetes-models/package.json')), '_schemas', `${schema}.js`)).validate;
  return { Model, validateFn };
}

const pointer = (path: Array<string | number>) => path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/**
 * The generated validators check known properties only. A property is known when an invalid value
 * (NaN: no JSON-schema type accepts it) put in its place makes the validator report that very path.
 */
function unknownFields(obj: Obj, validateFn: (d: unknown) => boolean & { errors?: unknown }): string[] {
  const copy = structuredClone(obj);
  const unknown: string[] = [];
  const visit = (node: any, path: Array<string | number>) => {
    const keys: Array<string | number> = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const k of keys) {
      const original = node[k];
      node[k] = NaN;
      validateFn(copy);
      const errors: Array<{ instancePath: string }> = (validateFn as any).errors ?? [];
      const at = pointer([...path, k]);
      const known = errors.some((e) => e.instancePath === at || e.instancePath.startsWith(`${at}/`));
      node[k] = original;
      if (!known) unknown.push(at);
      else if (original && typeof original === 'object') visit(original, [...path, k]);
    }
  };
  visit(copy, []);
  return unknown;
}

/** Kinds without a kubernetes-models class: their required fields only. */
const CUSTOM_KINDS: Record<string, (o: Obj) => string[]> = {
  'kustomize.config.k8s.io/v1beta1/Kustomization': (o) => kustomizationProblems(o),
  'kustomize.config.k8s.io/v1alpha1/Component': (o) => kustomizationProblems(o),
  'keda.sh/v1alpha1/ScaledObject': (o) => {
    const p: string[] = [];
    if (!o.metadata?.name) p.push('metadata.name is required');
    if (!o.spec?.scaleTargetRef?.name) p.push('spec.scaleTargetRef.name is required');
    if (!Array.isArray(o.spec?.triggers) || o.spec.triggers.length === 0) p.push('spec.triggers must be a non-empty list');
    for (const [i, t] of (o.spec?.triggers ?? []).entries()) {
      if (typeof t.type !== 'string') p.push(`spec.triggers[${i}].type is required`);
      if (!t.metadata || typeof t.metadata !== 'object') p.push(`spec.triggers[${i}].metadata is required`);
      else for (const [k, v] of Object.entries(t.metadata)) if (typeof v !== 'string') p.push(`spec.triggers[${i}].metadata.${k} must be a string`);
    }
    for (const k of ['minReplicaCount', 'maxReplicaCount', 'pollingInterval', 'cooldownPeriod']) {
      if (o.spec?.[k] !== undefined && !Number.isInteger(o.spec[k])) p.push(`spec.${k} must be an integer`);
    }
    return p;
  },
};

function kustomizationProblems(o: Obj): string[] {
  const p: string[] = [];
  const known = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'components', 'patches', 'images']);
  for (const k of Object.keys(o)) if (!known.has(k)) p.push(`${k}: not a field this project uses (the test's kustomize covers only ${[...known].join(', ')})`);
  for (const k of ['resources', 'components']) if (o[k] !== undefined && !(Array.isArray(o[k]) && o[k].every((r: unknown) => typeof r === 'string'))) p.push(`${k} must be a list of paths`);
  for (const [i, patch] of (o.patches ?? []).entries()) {
    if (!patch || (typeof patch.path !== 'string') === (typeof patch.patch !== 'string')) p.push(`patches[${i}] needs exactly one of path, patch`);
  }
  for (const [i, img] of (o.images ?? []).entries()) if (typeof img?.name !== 'string' || !(img.newName || img.newTag || img.digest)) p.push(`images[${i}] needs name and newName/newTag/digest`);
  return p;
}

function validateObject(o: Obj): string[] {
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return ['apiVersion and kind are required'];
  const custom = CUSTOM_KINDS[`${o.apiVersion}/${o.kind}`];
  if (custom) return custom(o);
  const model = modelOf(o.apiVersion, o.kind);
  if (!model) return [`${o.apiVersion} ${o.kind}: no schema (not a Kubernetes kind this test knows)`];
  if (!o.metadata?.name) return ['metadata.name is required'];
  try {
    new model.Model(o).validate();
  } catch (err) {
    return [(err as Error).message];
  }
  return unknownFields(o, model.validateFn as any).map((f) => `${f}: unknown field`);
}

// ---------------------------------------------------------------------------------------------------
// A small kustomize: what k8s/ uses (resources, components, patches, images, namespace)
// ---------------------------------------------------------------------------------------------------

function kustomizationIn(dir: string): Obj {
  const file = ['kustomization.yaml', 'kustomization.yml'].map((f) => join(dir, f)).find(existsSync);
  if (!file) throw new Error(`${rel(dir)}: no kustomization.yaml`);
  return load(readFileSync(file, 'utf8')) as Obj;
}

/** Patch files referenced by kustomizations (partial objects: validated after they are applied). */
function patchFiles(): Set<string> {
  const out = new Set<string>();
  for (const f of FILES.filter(isKustomizationFile)) for (const p of kustomizationIn(dirname(f)).patches ?? []) if (p.path) out.add(resolve(dirname(f), p.path));
  return out;
}

const isPlain = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Strategic merge as kustomize applies it to these manifests: maps merge, lists of named items merge by name. */
function strategicMerge(target: any, patch: any): any {
  if (!isPlain(target) || !isPlain(patch)) return structuredClone(patch);
  const out: Obj = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch') continue;
    if (v === null) delete out[k];
    else if (Array.isArray(v) && Array.isArray(out[k]) && v.every((x) => isPlain(x) && typeof x.name === 'string') && out[k].every((x: any) => isPlain(x) && typeof x.name === 'string')) {
      const merged = out[k].map((x: Obj) => structuredClone(x));
      for (const item of v) {
        const i = merged.findIndex((x: Obj) => x.name === item.name);
        if (item.$patch === 'delete') {
          if (i >= 0) merged.splice(i, 1);
        } else if (i >= 0) merged[i] = strategicMerge(merged[i], item);
        else merged.push(structuredClone(item));
      }
      out[k] = merged;
    } else out[k] = isPlain(v) && isPlain(out[k]) ? strategicMerge(out[k], v) : structuredClone(v);
  }
  return out;
}

function jsonPatch(target: Obj, ops: Obj[], where: string): Obj {
  const doc = structuredClone(target);
  for (const op of ops) {
    const parts = String(op.path).split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop()!;
    let node: any = doc;
    for (const p of parts) {
      node = Array.isArray(node) ? node[Number(p)] : node?.[p];
      if (node === undefined) throw new Error(`${where}: ${op.op} ${op.path}: no such path`);
    }
    const exists = Array.isArray(node) ? last === '-' || Number(last) < node.length : last in node;
    if (op.op === 'add') {
      if (Array.isArray(node)) node.splice(last === '-' ? node.length : Number(last), 0, structuredClone(op.value));
      else node[last] = structuredClone(op.value);
    } else if (op.op === 'replace' || op.op === 'remove') {
      if (!exists) throw new Error(`${where}: ${op.op} ${op.path}: no such path`);
      if (op.op === 'remove') {
        if (Array.isArray(node)) node.splice(Number(last), 1);
        else delete node[last];
      } else node[Array.isArray(node) ? Number(last) : last] = structuredClone(op.value);
    } else throw new Error(`${where}: JSON patch op ${op.op} is not supported here`);
  }
  return doc;
}

function matchesTarget(o: Obj, t: Obj): boolean {
  const anchored = (re: string, v: string | undefined) => new RegExp(`^(?:${re})$`).test(v ?? '');
  if (t.kind && !anchored(t.kind, o.kind)) return false;
  if (t.name && !anchored(t.name, o.metadata?.name)) return false;
  if (t.namespace && !anchored(t.namespace, o.metadata?.namespace)) return false;
  if (t.version && !anchored(t.version, String(o.apiVersion).split('/').pop())) return false;
  if (t.group !== undefined && !anchored(t.group, String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0] : '')) return false;
  if (t.labelSelector) {
    for (const term of String(t.labelSelector).split(',')) {
      const [k, v] = term.split('=').map((s) => s.trim());
      if (o.metadata?.labels?.[k] !== v) return false;
    }
  }
  return true;
}

function applyPatches(objs: Obj[], patches: Obj[], dir: string): Obj[] {
  let out = objs;
  for (const [i, p] of patches.entries()) {
    const where = `${rel(dir)} patches[${i}]`;
    const docs = p.path ? loadDocs(resolve(dir, p.path)) : [load(p.patch) as any];
    for (const doc of docs) {
      if (Array.isArray(doc)) {
        if (!p.target) throw new Error(`${where}: a JSON 6902 patch needs a target`);
        const hits = out.filter((o) => matchesTarget(o, p.target));
        if (hits.length === 0) throw new Error(`${where}: target ${JSON.stringify(p.target)} matches no resource`);
        out = out.map((o) => (matchesTarget(o, p.target) ? jsonPatch(o, doc, where) : o));
        continue;
      }
      const target = p.target ?? { kind: doc.kind, name: doc.metadata?.name };
      const hits = out.filter((o) => matchesTarget(o, target) && (p.target || o.apiVersion === doc.apiVersion));
      if (hits.length === 0) throw new Error(`${where}: ${doc.kind}/${doc.metadata?.name} matches no resource`);
      if (doc.$patch === 'delete') out = out.filter((o) => !hits.includes(o));
      else out = out.map((o) => (hits.includes(o) ? strategicMerge(o, { ...doc, metadata: { ...doc.metadata, name: o.metadata.name } }) : o));
    }
  }
  return out;
}

function applyImages(objs: Obj[], images: Obj[]): Obj[] {
  return objs.map((o) => {
    const pod = o.spec?.template?.spec;
    if (!pod) return o;
    const copy = structuredClone(o);
    for (const c of [...(copy.spec.template.spec.containers ?? []), ...(copy.spec.template.spec.initContainers ?? [])]) {
      const m = /^(.*?)(?::([^:/@]+))?(?:@(.+))?$/.exec(c.image)!;
      const img = images.find((i) => i.name === m[1]);
      if (!img) continue;
      c.image = `${img.newName ?? m[1]}${img.digest ? `@${img.digest}` : `:${img.newTag ?? m[2] ?? 'latest'}`}`;
    }
    return copy;
  });
}

const CLUSTER_SCOPED = new Set(['Namespace']);

function build(dir: string): Obj[] {
  const k = kustomizationIn(dir);
  let objs: Obj[] = [];
  for (const r of k.resources ?? []) {
    const p = resolve(dir, r);
    objs.push(...(statSync(p).isDirectory() ? build(p) : loadDocs(p)));
  }
  for (const c of k.components ?? []) {
    const cdir = resolve(dir, c);
    const comp = kustomizationIn(cdir);
    for (const r of comp.resources ?? []) objs.push(...loadDocs(resolve(cdir, r)));
    objs = applyPatches(objs, comp.patches ?? [], cdir);
  }
  objs = applyPatches(objs, k.patches ?? [], dir);
  objs = applyImages(objs, k.images ?? []);
  if (k.namespace) objs = objs.map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: k.namespace } }));
  return objs;
}

const idOf = (o: Obj) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

// ---------------------------------------------------------------------------------------------------
// What the app says: health routes, port, config keys, topics
// ---------------------------------------------------------------------------------------------------

const HEALTH_SOURCE = readFileSync(join(ROOT, 'libs/bootstrap/src/health.controller.ts'), 'utf8');
const healthRoute = (name: string) => {
  const route = new RegExp(`@Get\\('(health/${name})'\\)`).exec(HEALTH_SOURCE)?.[1];
  if (!route) throw new Error(`libs/bootstrap/src/health.controller.ts has no health/${name} route`);
  return `/${route}`;
};
const LIVE = healthRoute('live');
const READY = healthRoute('ready');
const CONFIG_KEYS = new Set(Object.keys(configSchema.shape));
const NOTIFICATIONS_KEYS = new Set(Object.keys(notificationsConfigSchema.shape));
const allowedKeys = (service: string | undefined) => (service === 'notifications' ? new Set([...CONFIG_KEYS, ...NOTIFICATIONS_KEYS]) : CONFIG_KEYS);

/** The Secrets are created outside kustomize: their keys and placeholder values come from the template. */
const SECRET_TEMPLATES: Obj[] = FILES.filter((f) => f.endsWith('.template.yaml')).flatMap(loadDocs).filter((o) => o.kind === 'Secret');

// ---------------------------------------------------------------------------------------------------
// Cross-references within one build
// ---------------------------------------------------------------------------------------------------

const matches = (selector: Obj | undefined, labels: Obj | undefined) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

const podSpec = (o: Obj) => o.spec?.template?.spec ?? {};
const containers = (o: Obj): Obj[] => podSpec(o).containers ?? [];
const envValue = (c: Obj, name: string) => (c.env ?? []).find((e: Obj) => e.name === name)?.value;

interface Env {
  values: Record<string, string>;
  /** Where each name came from, for the messages. */
  sources: Record<string, string>;
  problems: string[];
}

/** The environment a container starts with: envFrom sources in order, then env (later wins, as in the kubelet). */
function containerEnv(objs: Obj[], c: Obj, ns: string | undefined): Env {
  const env: Env = { values: {}, sources: {}, problems: [] };
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const found =
      objs.find((o) => o.kind === kind && o.metadata.name === ref.name && (o.metadata.namespace ?? ns) === ns) ??
      (kind === 'Secret' ? SECRET_TEMPLATES.find((o) => o.metadata.name === ref.name) : undefined);
    if (!found) {
      if (!ref.optional) env.problems.push(`${kind} ${ref.name} is required but exists neither in the build nor in secret.template.yaml`);
      continue;
    }
    const data = { ...(found.data ?? {}), ...(found.stringData ?? {}) };
    for (const [k, v] of Object.entries(data)) {
      env.values[`${from.prefix ?? ''}${k}`] = kind === 'Secret' && found.data?.[k] !== undefined ? Buffer.from(String(v), 'base64').toString('utf8') : String(v);
      env.sources[`${from.prefix ?? ''}${k}`] = `${kind} ${ref.name}`;
    }
  }
  for (const e of c.env ?? []) {
    if (e.valueFrom) env.problems.push(`${e.name}: valueFrom is not used in this project`);
    env.values[e.name] = String(e.value ?? '');
    env.sources[e.name] = 'env';
  }
  return env;
}

const SERVICE_OF = (o: Obj) => envValue(containers(o)[0] ?? {}, 'HAMKOR_SERVICES');
const argsOf = (c: Obj) => [...(c.command ?? []), ...(c.args ?? [])].join(' ');

function checkBuild(name: string, objs: Obj[], opts: { replicationFactor: number }): string[] {
  const problems: string[] = [];
  const p = (msg: string) => problems.push(`${name}: ${msg}`);
  const byKind = (kind: string) => objs.filter((o) => o.kind === kind);
  const deployments = byKind('Deployment');
  const jobs = byKind('Job');
  const services = byKind('Service');
  const hpas = byKind('HorizontalPodAutoscaler');
  const scaled = byKind('ScaledObject');
  const namespaces = byKind('Namespace').map((o) => o.metadata.name);

  // Unique ids, one namespace that the build also creates.
  const ids = objs.map(idOf);
  for (const dup of ids.filter((id, i) => ids.indexOf(id) !== i)) p(`${dup} is defined twice`);
  expect(namespaces).toHaveLength(1);
  for (const o of objs) if (o.kind !== 'Namespace' && o.metadata.namespace !== namespaces[0]) p(`${idOf(o)} is not in namespace ${namespaces[0]}`);

  // Schema validity after patches.
  for (const o of objs) for (const msg of validateObject(o)) p(`${idOf(o)}: ${msg}`);

  // One Deployment per service, each running exactly that service.
  for (const s of SERVICE_NAMES) {
    const running = deployments.filter((d) => SERVICE_OF(d) === s).map((d) => d.metadata.name);
    if (running.join() !== s) p(`service ${s} is run by Deployment(s) [${running.join(', ')}], expected exactly "${s}"`);
  }

  const images = new Set<string>();
  for (const w of [...deployments, ...jobs]) {
    const ns = w.metadata.namespace;
    const pod = podSpec(w);
    const service = SERVICE_OF(w);
    const where = `${w.kind} ${w.metadata.name}`;
    if (containers(w).length !== 1) p(`${where}: one container expected`);
    const c = containers(w)[0];
    images.add(c.image);

    // Security: the image's "node" user, read-only root with a writable /tmp.
    if (pod.securityContext?.runAsNonRoot !== true || !(pod.securityContext?.runAsUser > 0)) p(`${where}: runAsNonRoot with a numeric non-zero runAsUser`);
    if (c.securityContext?.allowPrivilegeEscalation !== false || c.securityContext?.readOnlyRootFilesystem !== true) p(`${where}: no privilege escalation, read-only root filesystem`);
    if (!(c.securityContext?.capabilities?.drop ?? []).includes('ALL')) p(`${where}: drop ALL capabilities`);
    const tmp = (c.volumeMounts ?? []).find((m: Obj) => m.mountPath === '/tmp');
    if (!tmp || !(pod.volumes ?? []).some((v: Obj) => v.name === tmp.name && v.emptyDir)) p(`${where}: /tmp must be an emptyDir (read-only root filesystem)`);
    // command would replace the image's tini entrypoint (PID 1 that forwards SIGTERM and reaps).
    if (c.command) p(`${where}: use args, not command (the image's entrypoint is tini)`);

    // Environment: only variables of the config schema, and a configuration that parses.
    const env = containerEnv(objs, c, ns);
    for (const msg of env.problems) p(`${where}: ${msg}`);
    const allowed = allowedKeys(service);
    for (const k of Object.keys(env.values)) if (!allowed.has(k)) p(`${where}: ${k} (from ${env.sources[k]}) is not a variable of the config schema`);
    let config: ReturnType<typeof parseConfig> | undefined;
    try {
      config = parseConfig(env.values);
    } catch (err) {
      p(`${where}: configuration does not parse: ${(err as Error).message}`);
      continue;
    }
    if (service === 'notifications') {
      const parsed = notificationsConfigSchema.safeParse(env.values);
      if (!parsed.success) p(`${where}: notifications configuration does not parse: ${parsed.error.message}`);
    }
    if (config.NODE_ENV !== 'production') p(`${where}: NODE_ENV=${config.NODE_ENV}`);
    if (config.KAFKA_REPLICATION_FACTOR !== opts.replicationFactor) p(`${where}: KAFKA_REPLICATION_FACTOR=${config.KAFKA_REPLICATION_FACTOR}, expected ${opts.replicationFactor}`);

    if (w.kind === 'Deployment') {
      const dn = w.metadata.name;
      const labels = w.spec.template.metadata?.labels ?? {};
      if (!matches(w.spec.selector?.matchLabels, labels)) p(`${where}: selector does not match its pod labels`);
      if (c.args) p(`${where}: a server runs the image's default command`);
      if (config.HAMKOR_SERVICES.join() !== dn) p(`${where}: HAMKOR_SERVICES=${config.HAMKOR_SERVICES.join()}`);
      if (config.MIGRATIONS_RUN || config.TOPICS_CREATE) p(`${where}: MIGRATIONS_RUN and TOPICS_CREATE must be false (the Jobs do both)`);
      if (!config.AUTH_JWKS_URL && !config.AUTH_PUBLIC_KEY_FILE) p(`${where}: production needs AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE`);
      if (config.AUTH_PUBLIC_KEY_FILE && !(c.volumeMounts ?? []).some((m: Obj) => config!.AUTH_PUBLIC_KEY_FILE!.startsWith(`${m.mountPath}/`))) p(`${where}: AUTH_PUBLIC_KEY_FILE is not on a mounted volume`);

      // Port and probes: the app listens on PORT, serves /health/live and /health/ready.
      const ports: Obj[] = c.ports ?? [];
      const resolvePort = (port: unknown) => (typeof port === 'number' ? port : ports.find((x) => x.name === port)?.containerPort);
      if (ports.length !== 1 || ports[0].containerPort !== config.PORT || config.PORT !== 3000) p(`${where}: one container port, 3000 = PORT (${config.PORT})`);
      const probe = (kind: string, path: string) => {
        const pr = c[kind];
        if (!pr?.httpGet) return p(`${where}: ${kind} must be an httpGet probe`);
        if (pr.httpGet.path !== path) p(`${where}: ${kind} path ${pr.httpGet.path}, expected ${path}`);
        if (resolvePort(pr.httpGet.port) !== config!.PORT) p(`${where}: ${kind} port ${pr.httpGet.port} is not the app's port ${config!.PORT}`);
      };
      probe('readinessProbe', READY);
      probe('livenessProbe', LIVE);
      probe('startupProbe', LIVE);
      if (c.readinessProbe && !(c.readinessProbe.timeoutSeconds >= 3)) p(`${where}: readiness timeout must exceed the 2 s of each /health/ready check`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) p(`${where}: cpu/memory requests and a memory limit`);

      // Graceful termination: preStop sleep, then enough time for consumers to finish and commit.
      const sleep = Number(c.lifecycle?.preStop?.exec?.command?.at(-1) ?? c.lifecycle?.preStop?.sleep?.seconds);
      const grace = pod.terminationGracePeriodSeconds;
      if (!(sleep > 0)) p(`${where}: preStop sleep`);
      if (!(grace >= 60) || !(grace >= sleep + 30)) p(`${where}: terminationGracePeriodSeconds ${grace} is too short to drain consumers after a ${sleep} s preStop`);
      for (const t of pod.topologySpreadConstraints ?? []) if (!matches(t.labelSelector?.matchLabels, labels)) p(`${where}: topology spread selector does not select its pods`);
      if (!(pod.topologySpreadConstraints ?? []).length) p(`${where}: topology spread constraints`);

      // Service: exactly one selects these pods, and it selects no other Deployment's pods.
      const svcs = services.filter((s) => matches(s.spec.selector, labels));
      if (svcs.map((s) => s.metadata.name).join() !== dn) p(`${where}: selected by Service(s) [${svcs.map((s) => s.metadata.name).join(', ')}]`);
      for (const s of svcs) for (const port of s.spec.ports ?? []) if (resolvePort(port.targetPort) !== config.PORT) p(`Service ${s.metadata.name}: targetPort ${port.targetPort} is not the container port`);

      // Autoscaling: a CPU HPA or a KEDA ScaledObject (not both), a PDB, no fixed replica count.
      const myHpas = hpas.filter((h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === dn);
      const myScaled = scaled.filter((s) => s.spec.scaleTargetRef.name === dn && (s.spec.scaleTargetRef.kind ?? 'Deployment') === 'Deployment');
      if (myHpas.length + myScaled.length !== 1) p(`${where}: ${myHpas.length} HPA(s) and ${myScaled.length} ScaledObject(s); exactly one autoscaler expected`);
      for (const h of myHpas) {
        if (!(h.spec.minReplicas >= 1 && h.spec.minReplicas <= h.spec.maxReplicas)) p(`HPA ${h.metadata.name}: minReplicas ${h.spec.minReplicas} .. maxReplicas ${h.spec.maxReplicas}`);
        if (!(h.spec.metrics ?? []).some((m: Obj) => m.type === 'Resource' && m.resource?.name === 'cpu')) p(`HPA ${h.metadata.name}: no CPU metric`);
      }
      if (w.spec.replicas !== undefined) p(`${where}: spec.replicas is set, but its autoscaler owns the count`);
      const pdbs = byKind('PodDisruptionBudget').filter((b) => matches(b.spec.selector?.matchLabels, labels));
      if (pdbs.length !== 1) p(`${where}: ${pdbs.length} PodDisruptionBudget(s) select its pods`);
      const min = myHpas[0]?.spec.minReplicas ?? myScaled[0]?.spec.minReplicaCount ?? 1;
      for (const b of pdbs) if (b.spec.minAvailable !== undefined && Number(b.spec.minAvailable) >= min) p(`PDB ${b.metadata.name}: minAvailable ${b.spec.minAvailable} would block every drain at ${min} replica(s)`);

      // Migrations: a Job running this service's migrations with the same envFrom (same DATABASE_URL).
      const migrate = jobs.filter((j) => argsOf(containers(j)[0]).includes('migrate.js --migrations') && SERVICE_OF(j) === dn);
      if (migrate.length !== 1) p(`${where}: ${migrate.length} migrations Job(s) for it`);
      else if (JSON.stringify(containers(migrate[0])[0].envFrom) !== JSON.stringify(c.envFrom)) p(`Job ${migrate[0].metadata.name}: envFrom differs from Deployment ${dn} (it would migrate another database)`);
      for (const j of migrate) if (matches(w.spec.selector.matchLabels, j.spec.template.metadata?.labels)) p(`Job ${j.metadata.name}: its pods match Deployment ${dn}'s selector`);

      // KEDA: the consumer group of this service, brokers from the container's environment.
      for (const s of myScaled) {
        const kafka = s.spec.triggers.find((t: Obj) => t.type === 'kafka');
        if (!kafka) {
          p(`ScaledObject ${s.metadata.name}: no kafka trigger`);
          continue;
        }
        if (kafka.metadata.consumerGroup !== `${config.KAFKA_GROUP_PREFIX}.${dn}`) p(`ScaledObject ${s.metadata.name}: consumerGroup ${kafka.metadata.consumerGroup}, the service's group is ${config.KAFKA_GROUP_PREFIX}.${dn}`);
        const fromEnv = kafka.metadata.bootstrapServersFromEnv;
        if (fromEnv ? env.values[fromEnv] !== config.KAFKA_BROKERS : kafka.metadata.bootstrapServers !== config.KAFKA_BROKERS) p(`ScaledObject ${s.metadata.name}: brokers are not the service's KAFKA_BROKERS`);
      }
    } else {
      if (w.spec.template.spec.restartPolicy === 'Always' || !w.spec.template.spec.restartPolicy) p(`${where}: restartPolicy Never or OnFailure`);
      if (!argsOf(c).startsWith('node dist/apps/platform/src/migrate.js')) p(`${where}: runs ${argsOf(c)}, expected the migrate.js entry point`);
    }
  }
  if (images.size !== 1) p(`every hamkor container should run the same image, found ${[...images].join(', ')}`);

  // Every Service has a Deployment behind it; every HPA/ScaledObject targets a Deployment that exists.
  for (const s of services) if (!deployments.some((d) => matches(s.spec.selector, d.spec.template.metadata?.labels))) p(`Service ${s.metadata.name} selects no Deployment`);
  for (const h of [...hpas, ...scaled]) if (!deployments.some((d) => d.metadata.name === h.spec.scaleTargetRef.name)) p(`${h.kind} ${h.metadata.name} targets a missing Deployment`);
  for (const b of byKind('PodDisruptionBudget')) if (!deployments.some((d) => matches(b.spec.selector?.matchLabels, d.spec.template.metadata?.labels))) p(`PDB ${b.metadata.name} selects no Deployment`);

  // Ingress: every backend is a Service port that exists; each service prefix goes to its service.
  const routes = new Map<string, string>();
  for (const ing of byKind('Ingress')) {
    for (const rule of ing.spec.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend.service;
        const svc = services.find((s) => s.metadata.name === backend?.name);
        if (!svc) p(`Ingress ${ing.metadata.name}: ${path.path} -> missing Service ${backend?.name}`);
        else if (!(svc.spec.ports ?? []).some((sp: Obj) => (backend.port.name ? sp.name === backend.port.name : sp.port === backend.port.number))) p(`Ingress ${ing.metadata.name}: ${path.path} -> Service ${svc.metadata.name} has no port ${JSON.stringify(backend.port)}`);
        if (path.pathType !== 'Prefix') p(`Ingress ${ing.metadata.name}: ${path.path} should be a Prefix path`);
        const behind = svc && deployments.find((d) => matches(svc.spec.selector, d.spec.template.metadata?.labels));
        routes.set(path.path, behind ? String(SERVICE_OF(behind)) : '?');
      }
    }
  }
  for (const s of SERVICE_NAMES) if (routes.get(`/${s}`) !== s) p(`Ingress: /${s} is routed to ${routes.get(`/${s}`) ?? 'nothing'}, expected the ${s} Deployment`);
  for (const [path] of routes) if (!SERVICE_NAMES.some((s) => path === `/${s}`)) p(`Ingress: ${path} is not a service prefix (health and metrics stay internal)`);

  // Topics: one Job creates them, with a partition count for every topic of the catalogue.
  const topicJobs = jobs.filter((j) => argsOf(containers(j)[0]).includes('migrate.js --topics'));
  if (topicJobs.length !== 1) p(`${topicJobs.length} topics Job(s), expected 1`);
  for (const j of topicJobs) {
    const env = containerEnv(objs, containers(j)[0], j.metadata.namespace);
    const config = parseConfig(env.values);
    const known = new Set(TOPICS.flatMap((t) => [t.name, dlqTopicName(t.name)]));
    for (const t of Object.keys(config.KAFKA_TOPIC_PARTITIONS)) if (!known.has(t)) p(`Job ${j.metadata.name}: KAFKA_TOPIC_PARTITIONS names ${t}, which is not a topic of the contracts catalogue`);
    if (env.sources.KAFKA_PARTITIONS === undefined) p(`Job ${j.metadata.name}: KAFKA_PARTITIONS (the count of unlisted topics) should be set, not the schema default`);
    for (const t of TOPICS) {
      const n = config.KAFKA_TOPIC_PARTITIONS[t.name] ?? config.KAFKA_PARTITIONS;
      if (!(n >= 1)) p(`Job ${j.metadata.name}: no partition count for ${t.name}`);
    }
    if (config.KAFKA_REPLICATION_FACTOR !== opts.replicationFactor) p(`Job ${j.metadata.name}: replication factor ${config.KAFKA_REPLICATION_FACTOR}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// kubectl kustomize, where installed
// ---------------------------------------------------------------------------------------------------

function kubectl(): string | null {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 20_000 });
  return !r.error && r.status === 0 ? 'kubectl' : null;
}

function kustomizeWithKubectl(dir: string): Obj[] {
  const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
  if (r.error || r.status !== 0) throw new Error(`kubectl kustomize ${rel(dir)} failed: ${r.stderr || r.error}`);
  return (loadAll(r.stdout) as Obj[]).filter(Boolean);
}

const sortById = (objs: Obj[]) => [...objs].sort((a, b) => idOf(a).localeCompare(idOf(b)));

// ---------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------

const BUILDS: Array<{ name: string; dir: string; replicationFactor: number }> = [
  { name: 'base', dir: join(K8S, 'base'), replicationFactor: 3 },
  { name: 'overlays/dev', dir: join(K8S, 'overlays/dev'), replicationFactor: 1 },
  { name: 'overlays/prod', dir: join(K8S, 'overlays/prod'), replicationFactor: 3 },
  // prod + the optional KEDA component (ScaledObjects instead of the consumers' CPU HPAs).
  { name: 'overlays/prod-keda', dir: join(K8S, 'overlays/prod-keda'), replicationFactor: 3 },
];

describe('k8s/ manifests', () => {
  it('are valid YAML, one or more documents per file, each with apiVersion and kind', () => {
    expect(FILES.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const f of FILES) {
      try {
        const docs = loadDocs(f);
        if (docs.length === 0) problems.push(`${rel(f)}: no document`);
        for (const [i, d] of docs.entries()) if (typeof d.apiVersion !== 'string' || typeof d.kind !== 'string') problems.push(`${rel(f)}#${i}: apiVersion and kind are required`);
      } catch (err) {
        problems.push(`${rel(f)}: ${(err as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('are valid Kubernetes objects (OpenAPI schemas, no unknown field); kustomize and KEDA kinds have their required fields', () => {
    const patches = patchFiles();
    const problems: string[] = [];
    let validated = 0;
    for (const f of FILES) {
      if (patches.has(f)) continue; // partial objects: validated once applied, in the builds below
      for (const [i, d] of loadDocs(f).entries()) {
        if (KUSTOMIZATION_KINDS.has(d.kind) !== isKustomizationFile(f)) problems.push(`${rel(f)}#${i}: ${d.kind} in a file ${isKustomizationFile(f) ? '' : 'not '}named kustomization.yaml`);
        for (const msg of validateObject(d)) problems.push(`${rel(f)}#${i} ${d.kind}/${d.metadata?.name ?? ''}: ${msg}`);
        validated++;
      }
    }
    expect(problems).toEqual([]);
    expect(validated).toBeGreaterThan(20);
  });

  it('catches what the schemas alone would let through (self-check of the validator)', () => {
    const svc = loadDocs(join(K8S, 'base/services/partnerships.yaml')).find((o) => o.kind === 'Deployment')!;
    expect(validateObject(svc)).toEqual([]);
    const typo = structuredClone(svc);
    typo.spec.template.spec.containers[0].readinesProbe = typo.spec.template.spec.containers[0].readinessProbe;
    expect(validateObject(typo)).toEqual(['/spec/template/spec/containers/0/readinesProbe: unknown field']);
    const wrongType = structuredClone(svc);
    wrongType.spec.template.spec.terminationGracePeriodSeconds = '60';
    expect(validateObject(wrongType).join()).toMatch(/terminationGracePeriodSeconds must be integer/);
    expect(validateObject({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } })).toEqual(['apps/v1 Deploymnet: no schema (not a Kubernetes kind this test knows)']);
  });

  it('are all used: every file is a resource or patch of a kustomization, or a *.template.yaml', () => {
    const used = new Set<string>(patchFiles());
    const walk = (dir: string) => {
      const k = kustomizationIn(dir);
      used.add(['kustomization.yaml', 'kustomization.yml'].map((f) => join(dir, f)).find(existsSync)!);
      for (const r of [...(k.resources ?? []), ...(k.components ?? [])]) {
        const p = resolve(dir, r);
        if (!existsSync(p)) throw new Error(`${rel(dir)}: ${r} does not exist`);
        if (statSync(p).isDirectory()) walk(p);
        else used.add(p);
      }
    };
    for (const b of BUILDS) walk(b.dir);
    const unused = FILES.filter((f) => !used.has(f) && !f.endsWith('.template.yaml')).map(rel);
    expect(unused).toEqual([]);
  });

  it('keep the Secret template out of every kustomization (real credentials come from the secret manager)', () => {
    const templates = FILES.filter((f) => f.endsWith('.template.yaml'));
    expect(templates.map(rel)).toEqual(['k8s/base/secret.template.yaml']);
    for (const b of BUILDS) expect({ build: b.name, secrets: build(b.dir).filter((o) => o.kind === 'Secret').map(idOf) }).toEqual({ build: b.name, secrets: [] });
    const names = SECRET_TEMPLATES.map((o) => o.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['hamkor-secrets', 'notifications-secrets']));
    for (const s of SECRET_TEMPLATES) {
      const keys = Object.keys({ ...(s.data ?? {}), ...(s.stringData ?? {}) });
      const service = s.metadata.labels?.['app.kubernetes.io/component'];
      expect({ secret: s.metadata.name, unknown: keys.filter((k) => !allowedKeys(service).has(k)) }).toEqual({ secret: s.metadata.name, unknown: [] });
      for (const [k, v] of Object.entries(s.stringData ?? {})) expect({ secret: s.metadata.name, key: k, placeholder: String(v) }).toEqual({ secret: s.metadata.name, key: k, placeholder: expect.stringContaining('REPLACE_ME') });
    }
    expect(Object.keys(SECRET_TEMPLATES.find((o) => o.metadata.name === 'hamkor-secrets')!.stringData).sort()).toEqual(['DATABASE_URL', 'REDIS_URL']);
  });

  for (const b of BUILDS) {
    it(`${b.name}: builds, and every cross-reference holds (services, probes, environment, ingress, autoscaling, PDBs, Jobs, topics)`, () => {
      const objs = build(b.dir);
      expect(checkBuild(b.name, objs, { replicationFactor: b.replicationFactor })).toEqual([]);
    });
  }

  it('overlays: dev runs small with replication factor 1, prod pins the image and sizes the graduation season', () => {
    const find = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;
    const base = build(join(K8S, 'base'));
    const dev = build(join(K8S, 'overlays/dev'));
    const prod = build(join(K8S, 'overlays/prod'));
    expect(find(dev, 'ConfigMap', 'hamkor-config').data.KAFKA_REPLICATION_FACTOR).toBe('1');
    expect(find(prod, 'ConfigMap', 'hamkor-config').data.KAFKA_REPLICATION_FACTOR).toBe('3');
    for (const s of SERVICE_NAMES) {
      expect({ s, dev: find(dev, 'HorizontalPodAutoscaler', s).spec.minReplicas }).toEqual({ s, dev: 1 });
      // A PDB of maxUnavailable 1 over >= 2 replicas keeps the service up through a node drain.
      expect({ s, prodMin: find(prod, 'HorizontalPodAutoscaler', s).spec.minReplicas >= 2 }).toEqual({ s, prodMin: true });
      const cpu = (objs: Obj[]) => containers(find(objs, 'Deployment', s))[0].resources.requests.cpu;
      expect({ s, smaller: cpu(dev) !== cpu(base) }).toEqual({ s, smaller: true });
    }
    const imageOf = (objs: Obj[]) => containers(find(objs, 'Deployment', 'partnerships'))[0].image;
    expect(imageOf(base)).toBe('hamkor:latest');
    expect(imageOf(dev)).toBe('hamkor:dev');
    expect(imageOf(prod)).toMatch(/^[^:]+\/hamkor:(?!latest$)[\w.-]+$/);
    expect(find(prod, 'HorizontalPodAutoscaler', 'notifications').spec.maxReplicas).toBeGreaterThan(find(base, 'HorizontalPodAutoscaler', 'notifications').spec.maxReplicas);
  });

  it('size the busiest topics so that every replica of their heaviest consumer has partitions to work on', () => {
    // InboxConsumer works on up to 3 partitions of a group at once per process (partitionsConsumedConcurrently).
    const prod = build(join(K8S, 'overlays/prod'));
    const job = prod.find((o) => o.kind === 'Job' && argsOf(containers(o)[0]).includes('--topics'))!;
    const config = parseConfig(containerEnv(prod, containers(job)[0], job.metadata.namespace).values);
    const partitions = (t: string) => config.KAFKA_TOPIC_PARTITIONS[t] ?? config.KAFKA_PARTITIONS;
    const maxReplicas = (s: string) => prod.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === s)!.spec.maxReplicas;
    // notifications turns follow-ups (employment.graduate.v1) into messages; internships reads every learner.
    expect(partitions('employment.graduate.v1')).toBeGreaterThanOrEqual(maxReplicas('notifications') * 3);
    expect(partitions('employment.learner.v1')).toBeGreaterThanOrEqual(maxReplicas('internships') * 3);
    const explicit = Object.keys(config.KAFKA_TOPIC_PARTITIONS);
    const unlisted = TOPICS.map((t) => t.name).filter((t) => !explicit.includes(t));
    if (unlisted.length) console.warn(`k8s.spec: topics with the default ${config.KAFKA_PARTITIONS} partitions (size them in k8s/base/topics-job.yaml): ${unlisted.join(', ')}`);
  });

  it('gives KEDA ScaledObjects exactly to the services with a consumer group (@EventConsumer)', () => {
    const scaled = loadDocs(join(K8S, 'components/keda/scaledobjects.yaml')).map((o) => o.spec.scaleTargetRef.name).sort();
    expect(scaled).toEqual([...consumingServices()].sort());
    expect(scaled.length).toBeGreaterThan(0);
  });

  it('keep the generated per-service files as scripts/k8s-generate.ts writes them', () => {
    const stale = [...renderK8s()].filter(([path, content]) => !existsSync(join(ROOT, path)) || readFileSync(join(ROOT, path), 'utf8') !== content).map(([path]) => path);
    // Fix: npx ts-node -r tsconfig-paths/register --transpile-only scripts/k8s-generate.ts
    expect(stale).toEqual([]);
    const generatedDir = FILES.filter((f) => rel(f).startsWith('k8s/base/services/')).map(rel).sort();
    expect(generatedDir).toEqual([...renderK8s().keys()].filter((p) => p.startsWith('k8s/base/services/')).sort());
  });

  it('build the same objects as `kubectl kustomize` (where kubectl is installed)', () => {
    if (!kubectl()) {
      // Conditional, not it.skip: the builds above are still checked; only kustomize's own build is missing.
      console.warn('k8s.spec: `kubectl kustomize` not run: no kubectl on this machine');
      return;
    }
    for (const b of BUILDS) {
      const ours = sortById(build(b.dir));
      const theirs = sortById(kustomizeWithKubectl(b.dir));
      expect({ build: b.name, objects: theirs.map(idOf) }).toEqual({ build: b.name, objects: ours.map(idOf) });
      for (const [i, o] of theirs.entries()) expect({ build: b.name, id: idOf(o), object: o }).toEqual({ build: b.name, id: idOf(o), object: ours[i] });
    }
  });
});

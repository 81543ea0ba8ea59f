/**
 * Writes the per-service Kubernetes manifests of k8s/ from one table, so the five near-identical
 * Deployments (with their Service, HorizontalPodAutoscaler, PodDisruptionBudget and migrations Job) are
 * never copy-pasted and cannot drift apart:
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only scripts/k8s-generate.ts          # write
 *   npx ts-node -r tsconfig-paths/register --transpile-only scripts/k8s-generate.ts --check  # exit 1 if stale
 *
 * Output (plain YAML, reviewed and applied as is, `kubectl apply -k` needs no plugin):
 *   k8s/base/services/<service>.yaml        Deployment, Service, HPA, PDB, migrations Job of one service
 *   k8s/base/services/kustomization.yaml    lists them
 *   k8s/components/keda/scaledobjects.yaml  optional KEDA ScaledObjects (consumer lag) for every service
 *   k8s/components/keda/kustomization.yaml  that has a Kafka consumer group, replacing its CPU-only HPA
 *
 * Why a generator rather than kustomize alone: kustomize has no templating, so five services from one
 * template need a base per service with nameSuffix + label transformers + replacements, and nobody can
 * read the final objects without running kustomize. Here the differences between services are one row
 * each in SERVICES below, and the files in git are the real objects (test/deploy/k8s.spec.ts validates
 * them, checks they are what this script writes, and builds the overlays on top of them).
 * Hand-written: namespace, ConfigMap, Secret template, Ingress, topics Job, overlays.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { dump } from 'js-yaml';
import { SERVICE_NAMES, ServiceName } from '@hamkor/config';

const ROOT = join(__dirname, '..');

export const IMAGE = 'hamkor:latest';
export const CONTAINER_PORT = 3000;
export const CONFIG_MAP = 'hamkor-config';
export const SHARED_SECRET = 'hamkor-secrets';
/** `<service>-secrets`: this service's own secret values, loaded after the shared ones so they win. */
export const serviceSecret = (s: string) => `${s}-secrets`;
/** Namespace, ConfigMap and Jobs carry it: `kubectl apply -l` applies them before the rollout. */
export const ROLLOUT_PHASE_LABEL = 'hamkor.uz/rollout-phase';

export interface ServiceSpec {
  name: ServiceName;
  /** The one-line reason for this row's numbers (written into the Deployment as an annotation). */
  sizing: string;
  cpu: { request: string; limit: string };
  memory: { request: string; limit: string };
  /** HPA bounds; minReplicas >= 2 so a PodDisruptionBudget of maxUnavailable 1 never blocks a drain. */
  replicas: { min: number; max: number };
  /** DATABASE_POOL_SIZE per pod: the outbox relay keeps one connection for its advisory lock. */
  poolSize: number;
  /** preStop sleep + shutdown (consumers finish and commit their chunk, relay its batch, BullMQ workers their jobs). */
  terminationGraceSeconds: number;
  /** The service's own Secret is required (its pods do not start without it) rather than optional. */
  secretRequired?: boolean;
}

/**
 * Base sizing: a national installation out of season. The prod overlay raises employment and
 * notifications for the graduation weeks (see docs/operations.md, "Sizing").
 */
export const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'partnerships',
    sizing: 'organisations, clusters, agreements: tens of thousands of rows, mostly reads',
    cpu: { request: '200m', limit: '1' },
    memory: { request: '256Mi', limit: '512Mi' },
    replicas: { min: 2, max: 6 },
    poolSize: 10,
    terminationGraceSeconds: 60,
  },
  {
    name: 'internships',
    sizing: 'placements and nominations at term start; consumes learner events (millions of learners)',
    cpu: { request: '250m', limit: '1' },
    memory: { request: '256Mi', limit: '512Mi' },
    replicas: { min: 2, max: 8 },
    poolSize: 10,
    terminationGraceSeconds: 60,
  },
  {
    name: 'equipment',
    sizing: 'resources and bookings: hundreds of thousands of bookings a year',
    cpu: { request: '200m', limit: '1' },
    memory: { request: '256Mi', limit: '512Mi' },
    replicas: { min: 2, max: 6 },
    poolSize: 10,
    terminationGraceSeconds: 60,
  },
  {
    name: 'employment',
    sizing: '~700k graduations in a few weeks, 2M follow-ups a year, a few hundred employment centres',
    cpu: { request: '500m', limit: '2' },
    memory: { request: '384Mi', limit: '768Mi' },
    replicas: { min: 3, max: 12 },
    poolSize: 15,
    terminationGraceSeconds: 60,
  },
  {
    name: 'notifications',
    sizing: 'every follow-up and internship event becomes e-mails and webhooks; BullMQ delivery worker',
    cpu: { request: '500m', limit: '2' },
    memory: { request: '384Mi', limit: '768Mi' },
    replicas: { min: 3, max: 12 },
    poolSize: 15,
    // + the delivery worker: calls in flight finish (NOTIFY_WEBHOOK_TIMEOUT_MS, SMTP hand-over) before close.
    terminationGraceSeconds: 90,
    // NOTIFY_SMTP_URL carries the SMTP credentials; without it mail would go to 127.0.0.1:25.
    secretRequired: true,
  },
];

/** Seconds the pod keeps serving after it is marked terminating, while endpoints and the ingress drop it. */
export const PRESTOP_SLEEP_SECONDS = 10;

export const podLabels = (s: string) => ({ 'app.kubernetes.io/name': 'hamkor', 'app.kubernetes.io/component': s });
const commonLabels = (s: string) => ({ ...podLabels(s), 'app.kubernetes.io/part-of': 'hamkor' });

/** Containers of the image run as its "node" user (uid/gid 1000); kubelet needs the number to enforce runAsNonRoot. */
const podSecurityContext = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } };
export const containerSecurityContext = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };

/** The app writes no files in production (logs go to stdout); /tmp stays writable for Node and libraries. */
const tmpVolume = { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } };
const tmpMount = { name: 'tmp', mountPath: '/tmp' };

function envFrom(s: ServiceSpec) {
  return [
    { configMapRef: { name: CONFIG_MAP } },
    { secretRef: { name: SHARED_SECRET } },
    { secretRef: { name: serviceSecret(s.name), optional: !s.secretRequired } },
  ];
}

function deployment(s: ServiceSpec) {
  const httpGet = (path: string) => ({ httpGet: { path, port: 'http' } });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: s.name, labels: commonLabels(s.name), annotations: { 'hamkor.uz/sizing': s.sizing } },
    spec: {
      // No `replicas`: the HorizontalPodAutoscaler owns it (a value here would reset it on every apply).
      revisionHistoryLimit: 5,
      selector: { matchLabels: podLabels(s.name) },
      // One new pod at a time and none removed before it is ready: each change is one consumer-group rebalance.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: commonLabels(s.name),
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(CONTAINER_PORT), 'prometheus.io/path': '/metrics' },
        },
        spec: {
          automountServiceAccountToken: false,
          // No <SERVICE>_PORT variables from other Services (a Service named kafka would inject KAFKA_PORT...).
          enableServiceLinks: false,
          terminationGracePeriodSeconds: s.terminationGraceSeconds,
          securityContext: podSecurityContext,
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: podLabels(s.name) } },
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: podLabels(s.name) } },
          ],
          containers: [
            {
              name: 'hamkor',
              image: IMAGE,
              imagePullPolicy: 'IfNotPresent',
              // No command/args: the image's tini entrypoint and `node dist/apps/platform/src/main.js`.
              ports: [{ name: 'http', containerPort: CONTAINER_PORT, protocol: 'TCP' }],
              envFrom: envFrom(s),
              env: [
                { name: 'HAMKOR_SERVICES', value: s.name },
                { name: 'KAFKA_CLIENT_ID', value: `hamkor-${s.name}` },
                { name: 'DATABASE_POOL_SIZE', value: String(s.poolSize) },
              ],
              resources: { requests: { cpu: s.cpu.request, memory: s.memory.request }, limits: { cpu: s.cpu.limit, memory: s.memory.limit } },
              // Start-up connects PostgreSQL, Redis and Kafka and joins the consumer group before it listens: up to 3 minutes.
              startupProbe: { ...httpGet('/health/live'), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 36 },
              // /health/ready checks PostgreSQL, Kafka and Redis with 2 s each, in parallel.
              readinessProbe: { ...httpGet('/health/ready'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
              livenessProbe: { ...httpGet('/health/live'), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
              lifecycle: { preStop: { exec: { command: ['/bin/sleep', String(PRESTOP_SLEEP_SECONDS)] } } },
              securityContext: containerSecurityContext,
              volumeMounts: [tmpMount],
            },
          ],
          volumes: [tmpVolume],
        },
      },
    },
  };
}

function service(s: ServiceSpec) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, labels: commonLabels(s.name) },
    spec: { type: 'ClusterIP', selector: podLabels(s.name), ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  };
}

function hpa(s: ServiceSpec) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: s.name, labels: commonLabels(s.name) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: s.name },
      minReplicas: s.replicas.min,
      maxReplicas: s.replicas.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 60 }] },
        // Slowly down: every pod removed is a consumer-group rebalance.
        scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] },
      },
    },
  };
}

function pdb(s: ServiceSpec) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: s.name, labels: commonLabels(s.name) },
    spec: { maxUnavailable: 1, selector: { matchLabels: podLabels(s.name) } },
  };
}

/**
 * One migrations Job per service, with the service's own envFrom: a service moved to a PostgreSQL of its
 * own (DATABASE_URL in `<service>-secrets`) is migrated there. Runs before the rollout (docs/operations.md).
 */
function migrationsJob(s: ServiceSpec) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `migrate-${s.name}`, labels: { ...commonLabels(s.name), 'app.kubernetes.io/component': `migrate-${s.name}`, [ROLLOUT_PHASE_LABEL]: 'pre' } },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'hamkor', 'app.kubernetes.io/component': `migrate-${s.name}` } },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: podSecurityContext,
          containers: [
            {
              name: 'migrate',
              image: IMAGE,
              imagePullPolicy: 'IfNotPresent',
              // args, not command: the image's tini entrypoint stays PID 1.
              args: ['node', 'dist/apps/platform/src/migrate.js', '--migrations'],
              envFrom: envFrom(s),
              env: [
                { name: 'HAMKOR_SERVICES', value: s.name },
                { name: 'KAFKA_CLIENT_ID', value: `hamkor-migrate-${s.name}` },
                { name: 'DATABASE_POOL_SIZE', value: '2' },
              ],
              resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '384Mi' } },
              securityContext: containerSecurityContext,
              volumeMounts: [tmpMount],
            },
          ],
          volumes: [tmpVolume],
        },
      },
    },
  };
}

/**
 * Services with a Kafka consumer group: an `@EventConsumer('<service>')` provider in apps/, or the
 * partnership view's consumer (`PartnershipViewConsumer('<service>')`, which is one). Only these get a
 * KEDA ScaledObject (a group with no offsets has no lag to scale on).
 */
export function consumingServices(root = ROOT): ServiceName[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name)) {
        for (const m of readFileSync(p, 'utf8').matchAll(/(?:@EventConsumer|PartnershipViewConsumer)\(\s*['"]([a-z]+)['"]/g)) found.add(m[1]);
      }
    }
  };
  for (const s of SERVICE_NAMES) if (existsSync(join(root, 'apps', s, 'src'))) walk(join(root, 'apps', s, 'src'));
  return SERVICE_NAMES.filter((s) => found.has(s));
}

function scaledObject(s: ServiceSpec) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: s.name, labels: commonLabels(s.name) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: s.name },
      minReplicaCount: s.replicas.min,
      maxReplicaCount: s.replicas.max,
      pollingInterval: 15,
      cooldownPeriod: 300,
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] } },
        },
      },
      triggers: [
        {
          type: 'kafka',
          metadata: {
            // Read from the Deployment's container environment (envFrom hamkor-config), not repeated here.
            bootstrapServersFromEnv: 'KAFKA_BROKERS',
            // `<KAFKA_GROUP_PREFIX>.<service>` (InboxConsumer.groupId); no topic: the lag of every topic the group reads.
            consumerGroup: `hamkor.${s.name}`,
            // Average lag per replica before another one is added.
            lagThreshold: '1000',
            // Consumers subscribe fromBeginning: a group with no committed offset has the whole topic to read.
            offsetResetPolicy: 'earliest',
            // Never more replicas than partitions: an extra consumer would sit idle.
            allowIdleConsumers: 'false',
          },
        },
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } },
      ],
    },
  };
}

const yaml = (docs: object[]) => docs.map((d) => dump(d, { lineWidth: 140, noRefs: true, quotingType: '"' })).join('---\n');
const header = (what: string) =>
  `# GENERATED by scripts/k8s-generate.ts: ${what}.\n` +
  `# Do not edit by hand: change the SERVICES table there, then run\n` +
  `#   npx ts-node -r tsconfig-paths/register --transpile-only scripts/k8s-generate.ts\n`;

/** Every generated file: path relative to the repository root -> content. */
export function renderK8s(root = ROOT): Map<string, string> {
  const missing = SERVICE_NAMES.filter((n) => !SERVICES.some((s) => s.name === n));
  if (missing.length) throw new Error(`scripts/k8s-generate.ts: no SERVICES row for ${missing.join(', ')}`);
  const out = new Map<string, string>();
  for (const s of SERVICES) {
    out.set(`k8s/base/services/${s.name}.yaml`, header(`${s.name}: Deployment, Service, HPA, PDB, migrations Job`) + yaml([deployment(s), service(s), hpa(s), pdb(s), migrationsJob(s)]));
  }
  out.set(
    'k8s/base/services/kustomization.yaml',
    header('the per-service manifests') +
      yaml([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: SERVICES.map((s) => `${s.name}.yaml`) }]),
  );
  const consumers = consumingServices(root);
  const keda = SERVICES.filter((s) => consumers.includes(s.name));
  out.set(
    'k8s/components/keda/scaledobjects.yaml',
    header('KEDA ScaledObjects of the services that have a consumer group') + yaml(keda.map(scaledObject)),
  );
  out.set(
    'k8s/components/keda/kustomization.yaml',
    header('optional component: scale consumers on Kafka lag with KEDA') +
      '# Opt in from an overlay (KEDA >= 2.10 and its CRDs installed):   components: [../../components/keda]\n' +
      '# A ScaledObject makes its own HPA; the CPU-only HPA of the same Deployment is deleted (two HPAs fight).\n' +
      yaml([
        {
          apiVersion: 'kustomize.config.k8s.io/v1alpha1',
          kind: 'Component',
          resources: ['scaledobjects.yaml'],
          patches: keda.map((s) => ({
            patch: dump({ $patch: 'delete', apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: s.name } }, { lineWidth: 140 }),
          })),
        },
      ]),
  );
  return out;
}

function main() {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [path, content] of renderK8s()) {
    const file = join(ROOT, path);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === content) continue;
    stale.push(relative(ROOT, file));
    if (!check) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }
  process.stdout.write(stale.length ? `${check ? 'stale' : 'written'}: ${stale.join(', ')}\n` : 'k8s manifests up to date\n');
  process.exit(check && stale.length ? 1 : 0);
}

if (require.main === module) main();

import { outboundTopics } from '#shared/notifications/publisher.js';
import type { FunctionSpec } from '#shared/app/function-catalog.js';
import type { Body, TerraformJson } from './terraform-json.js';

const FUNCTION = 'google_cloudfunctions2_function';
const RUNTIME = 'nodejs24';
const PUBSUB_EVENT = 'google.cloud.pubsub.topic.v1.messagePublished';
const RETRY_POLICY = 'RETRY_POLICY_RETRY';
const GATEWAY_MODULE = './modules/gateway-openapi';
const IAP_INGRESS = 'ALLOW_INTERNAL_AND_GCLB';

/** One instance of a resource: the block, and its `each.key` / `each.value` when it has a for_each over a locals table. */
interface Instance {
  address: string;
  resource: string;
  key: string | null;
  body: Body;
  value: unknown;
}

/** A deployed function as the Terraform declares it. */
interface Deployed extends Instance {
  name: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstBlock(value: unknown): Body | undefined {
  return Array.isArray(value) && isObject(value[0]) ? value[0] : undefined;
}

/**
 * The instances of every resource of one type. A for_each is followed only when it names a
 * literal table in locals (`for_each = local.x`), which is the convention the Terraform keeps.
 */
function instancesOf(tf: TerraformJson, locals: Body, type: string, problems: string[]): Instance[] {
  return Object.entries(tf.resource?.[type] ?? {}).flatMap(([resource, blocks]): Instance[] => {
    const body = blocks[0] ?? {};
    if (body.for_each === undefined) return [{ address: `${type}.${resource}`, resource, key: null, body, value: null }];
    const table = typeof body.for_each === 'string' ? /^\$\{local\.(\w+)\}$/.exec(body.for_each)?.[1] : undefined;
    const entries = table === undefined ? undefined : locals[table];
    if (!isObject(entries)) {
      problems.push(`${type}.${resource}: for_each ${JSON.stringify(body.for_each)} is not a table in locals, so it cannot be checked`);
      return [];
    }
    return Object.entries(entries).map(([key, value]) => ({
      address: `${type}.${resource}["${key}"]`,
      resource,
      key,
      body,
      value,
    }));
  });
}

/**
 * Substitutes `each.key` and `each.value.<attr>` in an attribute's interpolations; an interpolation
 * left with only a string literal (or `lower` of one) becomes that literal. `"${each.key}-dead-letter"`
 * of instance "syncCustomer" gives "syncCustomer-dead-letter".
 */
function resolve(text: unknown, instance: Instance): string | null {
  if (typeof text !== 'string') return null;
  return text.replace(/\$\{([^{}]*)\}/g, (_whole, expression: string) => {
    const inner = expression
      .replace(/\beach\.key\b/g, JSON.stringify(instance.key))
      .replace(/\beach\.value\.(\w+)\b/g, (_m, attr: string) => JSON.stringify(isObject(instance.value) ? instance.value[attr] : null));
    const literal = /^\s*"([^"]*)"\s*$/.exec(inner);
    if (literal) return literal[1]!;
    const lowered = /^\s*lower\("([^"]*)"\)\s*$/.exec(inner);
    return lowered ? lowered[1]!.toLowerCase() : `\${${inner}}`;
  });
}

const isLiteral = (text: string | null): text is string => text !== null && !text.includes('${');

/** `${google_pubsub_topic.topic["payments"].id}` → its resource type, name and key. */
function referenceOf(text: string | null): { type: string; resource: string; key: string | null } | null {
  const match = /^\$\{(\w+)\.(\w+)(?:\["([^"]*)"\])?\.[\w.[\]]+\}$/.exec(text ?? '');
  return match ? { type: match[1]!, resource: match[2]!, key: match[3] ?? null } : null;
}

function sameList(label: string, actual: readonly string[], expected: readonly string[]): string | null {
  const missing = expected.filter((e) => !actual.includes(e));
  const extra = actual.filter((a) => !expected.includes(a));
  if (missing.length === 0 && extra.length === 0) return null;
  const parts = [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    extra.length > 0 ? `not in the catalog ${extra.join(', ')}` : '',
  ];
  return `${label} differ from the catalog: ${parts.filter(Boolean).join('; ')}`;
}

/** Functions behind the gateway (by resource name) and the routes the gateway gives each. */
function gatewayOf(
  tf: TerraformJson,
  locals: Body,
): {
  resources: Set<string>;
  routes: (fn: string) => string[] | null;
  isPublic: (fn: string) => boolean;
  crossOrigin: (fn: string) => string[];
} {
  const resources = new Set<string>();
  let routesTable: Body | undefined;
  for (const [moduleName, blocks] of Object.entries(tf.module ?? {})) {
    const body = blocks[0] ?? {};
    if (body.source !== GATEWAY_MODULE) continue;
    const configured = Object.values(tf.resource?.google_api_gateway_api_config ?? {}).some((b) =>
      JSON.stringify(b).includes(`module.${moduleName}`),
    );
    const served = Object.keys(tf.resource?.google_api_gateway_gateway ?? {}).length > 0;
    if (!configured || !served) continue;
    for (const match of String(body.backends).matchAll(new RegExp(`${FUNCTION}\\.(\\w+)`, 'g'))) resources.add(match[1]!);
    const table = /local\.(\w+)/.exec(String(body.routes))?.[1];
    routesTable = table === undefined || !isObject(locals[table]) ? undefined : locals[table];
  }
  return {
    resources,
    routes: (fn) => {
      const entry = routesTable?.[fn];
      return isObject(entry) && Array.isArray(entry.routes) ? entry.routes.map(String) : null;
    },
    isPublic: (fn) => {
      const entry = routesTable?.[fn];
      return isObject(entry) && entry.public === true;
    },
    crossOrigin: (fn) => {
      const entry = routesTable?.[fn];
      return isObject(entry) && Array.isArray(entry.cross_origin) ? entry.cross_origin.map(String) : [];
    },
  };
}

/** Splits `text` at `separator` where it is outside brackets, strings and their interpolations. */
function splitTopLevel(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  const stack: string[] = []; // '"' inside a string, a closing bracket inside brackets or an interpolation
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (stack.at(-1) === '"') {
      if (c === '\\') i++;
      else if (c === '"') stack.pop();
      else if (c === '$' && text[i + 1] === '{') {
        stack.push('}');
        i++;
      }
    } else if (c === '"') stack.push('"');
    else if (c === '(' || c === '[' || c === '{') stack.push({ '(': ')', '[': ']', '{': '}' }[c]);
    else if (c === stack.at(-1)) stack.pop();
    else if (stack.length === 0 && separator.test(c)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, text.slice(start)].map((p) => p.trim()).filter(Boolean);
}

/**
 * A function's environment_variables as a map of each variable to its value (a literal, or the
 * "${...}" expression it is set to): a locals object, or `merge` of locals objects and object
 * literals, later ones winning as in Terraform. Null when it is written any other way.
 */
function environmentOf(expression: unknown, locals: Body): Record<string, string> | null {
  const inner = typeof expression === 'string' ? /^\$\{([\s\S]*)\}$/.exec(expression)?.[1]?.trim() : undefined;
  if (inner === undefined) return null;
  const args = /^merge\(([\s\S]*)\)$/.exec(inner)?.[1];
  const environment: Record<string, string> = {};
  for (const part of args === undefined ? [inner] : splitTopLevel(args, /,/)) {
    const name = /^local\.(\w+)$/.exec(part)?.[1];
    let entries: [string, unknown][] | undefined;
    if (name !== undefined) entries = isObject(locals[name]) ? Object.entries(locals[name]) : undefined;
    else if (part.startsWith('{') && part.endsWith('}')) {
      entries = splitTopLevel(part.slice(1, -1), /[,\n]/).map((entry): [string, unknown] => {
        const [, key = '', value = ''] = /^(\w+)\s*=\s*([\s\S]*)$/.exec(entry) ?? [];
        const literal = /^"([^"\\$]*)"$/.exec(value);
        return [key, literal ? literal[1] : `\${${value}}`];
      });
    }
    if (entries === undefined) return null;
    for (const [key, value] of entries) environment[key] = String(value);
  }
  return environment;
}

/**
 * What Identity-Aware Proxy fronts: for each deployed function that is the Cloud Run service of a
 * serverless network endpoint group, the backend services that serve that group and whether IAP
 * is enabled on each.
 */
function iapOf(tf: TerraformJson, locals: Body, deployed: readonly Deployed[], problems: string[]): Map<Deployed, Map<string, boolean>> {
  const groups = new Map<string, Deployed>();
  for (const neg of instancesOf(tf, locals, 'google_compute_region_network_endpoint_group', problems)) {
    if (neg.body.network_endpoint_type !== 'SERVERLESS') continue;
    const service = resolve(firstBlock(neg.body.cloud_run)?.service, neg);
    const ref = referenceOf(service);
    const fn = deployed.find((d) =>
      ref?.type === FUNCTION ? d.resource === ref.resource && d.key === ref.key : service === d.name.toLowerCase(),
    );
    if (fn) groups.set(`${neg.resource}|${neg.key}`, fn);
  }
  const fronted = new Map<Deployed, Map<string, boolean>>([...groups.values()].map((fn) => [fn, new Map()]));
  for (const backend of instancesOf(tf, locals, 'google_compute_backend_service', problems)) {
    const enabled = firstBlock(backend.body.iap)?.enabled === true;
    for (const block of (backend.body.backend as Body[] | undefined) ?? []) {
      const ref = referenceOf(resolve(block.group, backend));
      const fn = ref?.type === 'google_compute_region_network_endpoint_group' ? groups.get(`${ref.resource}|${ref.key}`) : undefined;
      if (fn) fronted.get(fn)!.set(backend.address, enabled);
    }
  }
  return fronted;
}

/**
 * A function the catalog puts behind Identity-Aware Proxy: its table entry agrees with the catalog,
 * it is reached through a serverless NEG by backend services that all have IAP enabled, its
 * run.app URL takes load-balancer traffic only, and it verifies IAP's assertion (AUTH_MODE=iap).
 */
function iapProblems(
  fn: Deployed,
  spec: Extract<FunctionSpec, { trigger: 'iap' }>,
  backends: Map<string, boolean> | undefined,
  locals: Body,
): string[] {
  const problems: string[] = [];
  const table = isObject(fn.value) ? fn.value : {};
  const routes = sameList(`${fn.name}: routes`, Array.isArray(table.routes) ? table.routes.map(String) : [], spec.routes);
  if (routes) problems.push(routes);
  if (table.serves !== spec.serves) {
    problems.push(`${fn.name}: serves ${JSON.stringify(table.serves ?? null)}, but the catalog says "${spec.serves}"`);
  }
  if (!backends) problems.push(`${fn.name}: not the Cloud Run service of any serverless network endpoint group`);
  else if (backends.size === 0) problems.push(`${fn.name}: no google_compute_backend_service serves its network endpoint group`);
  for (const [address, enabled] of backends ?? []) {
    if (!enabled) problems.push(`${fn.name}: served by ${address} without IAP enabled`);
  }
  const service = firstBlock(fn.body.service_config);
  const ingress = resolve(service?.ingress_settings, fn);
  if (ingress !== IAP_INGRESS) problems.push(`${fn.name}: ingress_settings is ${JSON.stringify(ingress)}, expected "${IAP_INGRESS}"`);
  const environment = environmentOf(service?.environment_variables, locals);
  if (!environment) {
    problems.push(`${fn.name}: environment_variables cannot be read (a locals object or merge of them and object literals)`);
  } else if (environment.AUTH_MODE !== 'iap') {
    problems.push(`${fn.name}: AUTH_MODE is ${JSON.stringify(environment.AUTH_MODE ?? null)}, expected "iap"`);
  }
  return problems;
}

/**
 * Compares the Terraform with the function catalog and lists every difference, one sentence each:
 * a catalog function not deployed (or deployed with another entry point, trigger, topic, schedule,
 * routes or runtime), a deployed function not in the catalog, a function behind the wrong front
 * (API gateway or Identity-Aware Proxy, with the ingress and AUTH_MODE that go with it), and a
 * consumed or published topic that no google_pubsub_topic creates. An empty list means the two agree.
 */
export function checkDeployment(
  catalog: readonly FunctionSpec[],
  tf: TerraformJson,
  publishedTopics: readonly string[] = outboundTopics,
): string[] {
  const problems: string[] = [];
  const locals: Body = Object.assign({}, ...(tf.locals ?? []));

  const topicName = new Map<string, string>();
  for (const topic of instancesOf(tf, locals, 'google_pubsub_topic', problems)) {
    const name = resolve(topic.body.name, topic);
    if (isLiteral(name)) topicName.set(`${topic.resource}|${topic.key}`, name);
    else problems.push(`${topic.address}: name ${JSON.stringify(topic.body.name)} cannot be resolved`);
  }
  const topics = new Set(topicName.values());
  const consumedTopic = (text: string | null): string | null => {
    if (isLiteral(text)) return text.split('/').at(-1) ?? null;
    const ref = referenceOf(text);
    return ref?.type === 'google_pubsub_topic' ? (topicName.get(`${ref.resource}|${ref.key}`) ?? null) : null;
  };

  const deployed: Deployed[] = [];
  for (const instance of instancesOf(tf, locals, FUNCTION, problems)) {
    const name = resolve(instance.body.name, instance);
    if (isLiteral(name)) deployed.push({ ...instance, name });
    else problems.push(`${instance.address}: name ${JSON.stringify(instance.body.name)} cannot be resolved`);
  }

  const schedules = new Map<string, string | null>();
  for (const job of instancesOf(tf, locals, 'google_cloud_scheduler_job', problems)) {
    const target = referenceOf(resolve(firstBlock(job.body.http_target)?.uri, job));
    const fn = deployed.find((d) => target?.type === FUNCTION && d.resource === target.resource && d.key === target.key);
    if (fn) schedules.set(fn.name, resolve(job.body.schedule, job));
    else problems.push(`${job.address}: its http_target uri does not name a deployed function`);
  }

  const gateway = gatewayOf(tf, locals);
  const iap = iapOf(tf, locals, deployed, problems);
  const specs = new Map(catalog.map((spec) => [spec.name, spec]));
  // Problems come in catalog order; functions the catalog lacks come last.
  const rank = (fn: Deployed) => {
    const index = catalog.findIndex((spec) => spec.name === fn.name);
    return index === -1 ? catalog.length : index;
  };
  deployed.sort((a, b) => rank(a) - rank(b));

  for (const fn of deployed) {
    const spec = specs.get(fn.name);
    const build = firstBlock(fn.body.build_config);
    const runtime = resolve(build?.runtime, fn);
    const entryPoint = resolve(build?.entry_point, fn);
    const trigger = firstBlock(fn.body.event_trigger);
    const behindGateway = gateway.resources.has(fn.resource);
    if (deployed.filter((d) => d.name === fn.name).length > 1) problems.push(`${fn.name}: deployed more than once`);
    if (runtime !== RUNTIME) problems.push(`${fn.name}: runtime is ${JSON.stringify(runtime)}, expected "${RUNTIME}"`);
    if (!spec) {
      problems.push(`${fn.name}: deployed by ${fn.address} but not in the function catalog`);
      continue;
    }
    if (entryPoint !== fn.name) problems.push(`${fn.name}: entry_point is ${JSON.stringify(entryPoint)}, expected "${fn.name}"`);

    if (spec.trigger === 'pubsub') {
      if (!trigger) problems.push(`${fn.name}: no event_trigger, but the catalog has it consume topic "${spec.topic}"`);
      else {
        const topic = consumedTopic(resolve(trigger.pubsub_topic, fn));
        if (topic !== spec.topic)
          problems.push(`${fn.name}: consumes topic ${JSON.stringify(topic)}, but the catalog says "${spec.topic}"`);
        if (trigger.event_type !== PUBSUB_EVENT)
          problems.push(`${fn.name}: event_type is ${JSON.stringify(trigger.event_type)}, expected "${PUBSUB_EVENT}"`);
        if (trigger.retry_policy !== RETRY_POLICY)
          problems.push(`${fn.name}: retry_policy is ${JSON.stringify(trigger.retry_policy)}, expected "${RETRY_POLICY}"`);
      }
      if (!topics.has(`${fn.name}-dead-letter`)) problems.push(`${fn.name}: no dead-letter topic "${fn.name}-dead-letter"`);
    } else if (trigger) {
      problems.push(`${fn.name}: has an event_trigger, but the catalog triggers it by ${spec.trigger}`);
    }

    if (spec.trigger === 'scheduler') {
      if (!schedules.has(fn.name)) problems.push(`${fn.name}: no google_cloud_scheduler_job calls it`);
      else if (schedules.get(fn.name) !== spec.schedule) {
        problems.push(`${fn.name}: scheduled ${JSON.stringify(schedules.get(fn.name))}, but the catalog says "${spec.schedule}"`);
      }
    } else if (schedules.has(fn.name)) {
      problems.push(`${fn.name}: a scheduler job calls it, but the catalog triggers it by ${spec.trigger}`);
    }

    if (spec.trigger === 'http') {
      if (!behindGateway) problems.push(`${fn.name}: not behind the API gateway`);
      else {
        const different = sameList(`${fn.name}: gateway routes`, gateway.routes(fn.name) ?? [], spec.routes);
        if (different) problems.push(different);
        const crossOrigin = sameList(
          `${fn.name}: cross-origin routes (the card's CORS)`,
          gateway.crossOrigin(fn.name),
          spec.crossOrigin ?? [],
        );
        if (crossOrigin) problems.push(crossOrigin);
        const isPublic = 'public' in spec && spec.public === true;
        if (gateway.isPublic(fn.name) !== isPublic) {
          problems.push(
            `${fn.name}: the gateway ${isPublic ? 'asks a JWT of' : 'asks no JWT of'} routes the catalog makes ${isPublic ? 'public' : 'private'}`,
          );
        }
      }
    } else if (behindGateway) {
      problems.push(`${fn.name}: behind the API gateway, but the catalog triggers it by ${spec.trigger}`);
    }

    const backends = iap.get(fn);
    if (spec.trigger === 'iap') {
      problems.push(...iapProblems(fn, spec, backends, locals));
    } else if ([...(backends?.values() ?? [])].includes(true)) {
      problems.push(`${fn.name}: behind Identity-Aware Proxy, but the catalog triggers it by ${spec.trigger}`);
    }
  }

  for (const spec of catalog) {
    if (!deployed.some((d) => d.name === spec.name)) {
      problems.push(`${spec.name}: in the function catalog, but no ${FUNCTION} deploys it`);
    }
  }
  const consumed = catalog.flatMap((spec) => (spec.trigger === 'pubsub' ? [spec.topic] : []));
  for (const topic of new Set([...consumed, ...publishedTopics])) {
    if (!topics.has(topic)) problems.push(`topic "${topic}": used by the code, but no google_pubsub_topic creates it`);
  }
  return problems;
}

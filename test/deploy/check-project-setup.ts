import type { Body, TerraformJson } from './terraform-json.js';

/**
 * Checks of the Terraform that `checkDeployment` (the function catalog) does not cover: where the
 * gateway runs, where the BigQuery jobs run, and that a brand-new project is set up in order.
 * Each returns the problems it finds, as sentences; none means the Terraform passes.
 */

/** Regions API Gateway runs in. Its documentation's list: a new region is added here and in variables.tf. */
export const API_GATEWAY_REGIONS = [
  'asia-northeast1',
  'australia-southeast1',
  'europe-west1',
  'europe-west2',
  'us-central1',
  'us-east1',
  'us-east4',
  'us-west2',
  'us-west3',
  'us-west4',
] as const;

/** APIs a new project must have enabled before anything else is created. */
export const REQUIRED_APIS = [
  // data sources of the project and every google_project_iam_member
  'cloudresourcemanager.googleapis.com',
  // google_service_account
  'iam.googleapis.com',
  'pubsub.googleapis.com',
  'bigquery.googleapis.com',
  'apigateway.googleapis.com',
  // the console's load balancer, and Identity-Aware Proxy in front of it
  'compute.googleapis.com',
  'iap.googleapis.com',
] as const;

const ENABLEMENT = 'google_project_service.enabled';

const locals = (tf: TerraformJson): Body => Object.assign({}, ...(tf.locals ?? []));
const variable = (tf: TerraformJson, name: string): Body | undefined => tf.variable?.[name]?.[0];
const resource = (tf: TerraformJson, type: string, name: string): Body | undefined => tf.resource?.[type]?.[name]?.[0];

/** The quoted strings of an expression: `${contains(["a", "b"], var.x)}` gives a and b. */
const stringsIn = (expression: unknown): string[] => [...String(expression).matchAll(/"([^"\\]*)"/g)].map((m) => m[1]!);

/** The API Gateway region: a validation that allows only API Gateway's regions, a default among them, used by the gateway. */
export function checkGatewayRegion(tf: TerraformJson): string[] {
  const problems: string[] = [];
  const region = variable(tf, 'api_gateway_region');
  if (!region) return ['variable api_gateway_region: missing'];
  const allowed = (region.validation as Body[] | undefined)?.flatMap((v) => stringsIn(v.condition)) ?? [];
  const expected: readonly string[] = API_GATEWAY_REGIONS;
  const extra = allowed.filter((r) => !expected.includes(r));
  const missing = expected.filter((r) => !allowed.includes(r));
  if (allowed.length === 0) problems.push('variable api_gateway_region: no validation lists the API Gateway regions');
  else {
    if (extra.length > 0) problems.push(`variable api_gateway_region: allows regions API Gateway does not run in: ${extra.join(', ')}`);
    if (missing.length > 0) problems.push(`variable api_gateway_region: refuses API Gateway regions: ${missing.join(', ')}`);
  }
  if (typeof region.default !== 'string' || !expected.includes(region.default)) {
    problems.push(`variable api_gateway_region: default ${JSON.stringify(region.default ?? null)} is not an API Gateway region`);
  }
  if (region.nullable !== false)
    problems.push('variable api_gateway_region: may be null (nullable = false keeps the validation meaningful)');
  const gateway = resource(tf, 'google_api_gateway_gateway', 'gateway');
  if (gateway && gateway.region !== '${var.api_gateway_region}') {
    problems.push(`google_api_gateway_gateway.gateway: region is ${JSON.stringify(gateway.region)}, expected "\${var.api_gateway_region}"`);
  }
  return problems;
}

/**
 * The functions' BigQuery client is made with BIGQUERY_PROJECT as its project (shared/app/config.ts,
 * shared/adapters/bigquery/deal-store.ts), so its jobs run there: roles/bigquery.jobUser must be granted
 * in that same project, which is the deals table's.
 */
export function checkBigQueryJobsProject(tf: TerraformJson): string[] {
  const problems: string[] = [];
  const l = locals(tf);
  const environment = l.function_environment as Body | undefined;
  const jobsProject = environment?.BIGQUERY_PROJECT;
  if (l.bigquery_jobs_project !== '${local.deals_table.project}') {
    problems.push(
      `local.bigquery_jobs_project is ${JSON.stringify(l.bigquery_jobs_project ?? null)}, expected the deals table's project "\${local.deals_table.project}"`,
    );
  }
  if (jobsProject !== '${local.bigquery_jobs_project}') {
    problems.push(
      `BIGQUERY_PROJECT of the functions is ${JSON.stringify(jobsProject ?? null)}, expected "\${local.bigquery_jobs_project}"`,
    );
  }
  const grants = Object.entries(tf.resource?.google_project_iam_member ?? {}).filter(
    ([, [body]]) => body?.role === 'roles/bigquery.jobUser',
  );
  if (grants.length === 0) problems.push('no google_project_iam_member grants roles/bigquery.jobUser');
  for (const [name, [body]] of grants) {
    if (body?.project !== jobsProject) {
      problems.push(
        `google_project_iam_member.${name}: grants roles/bigquery.jobUser in ${JSON.stringify(body?.project)}, but the jobs run in BIGQUERY_PROJECT ${JSON.stringify(jobsProject ?? null)}`,
      );
    }
  }
  return problems;
}

const dependsOn = (body: Body | undefined): string[] =>
  ((body?.depends_on as string[] | undefined) ?? []).map((d) => d.replace(/^\$\{(.*)\}$/, '$1'));

/** Resources, data sources and locals an expression refers to, as "type.name", "data.type.name" and "local.name". */
function referencesIn(value: unknown): string[] {
  const text = JSON.stringify(value ?? null);
  return [...text.matchAll(/\b((?:data\.)?google_[a-z0-9_]+\.[a-z_][a-z0-9_-]*|local\.[a-z_][a-z0-9_]*)/g)].map((m) => m[1]!);
}

/**
 * On a brand-new project nothing may be created or read before the APIs are enabled: the APIs a new
 * project needs are in the enablement, every service account, project IAM binding and google data
 * source depends on it directly, everything else of Google's is ordered after it through what it
 * refers to, and the Pub/Sub and IAP service agents are created (not assumed) before they are granted roles.
 */
export function checkProjectBootstrap(tf: TerraformJson): string[] {
  const problems: string[] = [];
  const l = locals(tf);
  const enabled = resource(tf, 'google_project_service', 'enabled');
  if (!enabled) return [`${ENABLEMENT}: missing`];
  const services = stringsIn(enabled.for_each);
  for (const api of REQUIRED_APIS) if (!services.includes(api)) problems.push(`${ENABLEMENT}: does not enable ${api}`);

  const direct = (kind: 'resource' | 'data', type: string) =>
    Object.entries(tf[kind]?.[type] ?? {}).map(([name, [body]]) => ({ address: `${kind === 'data' ? 'data.' : ''}${type}.${name}`, body }));
  for (const { address, body } of [
    ...direct('resource', 'google_service_account'),
    ...direct('resource', 'google_project_iam_member'),
    ...Object.keys(tf.data ?? {})
      .filter((t) => t.startsWith('google_'))
      .flatMap((t) => direct('data', t)),
  ]) {
    if (!dependsOn(body).includes(ENABLEMENT)) problems.push(`${address}: does not depend on ${ENABLEMENT}`);
  }

  // Ordered after the enablement: depends on it, or refers to something that is.
  const memo = new Map<string, boolean>();
  const ordered = (ref: string): boolean => {
    if (ref === ENABLEMENT) return true;
    if (memo.has(ref)) return memo.get(ref)!;
    memo.set(ref, false); // a cycle orders nothing
    let body: unknown;
    if (ref.startsWith('local.')) body = l[ref.slice('local.'.length)];
    else {
      const [kind, type, name] = ref.startsWith('data.') ? ['data', ...ref.slice(5).split('.')] : ['resource', ...ref.split('.')];
      body = tf[kind as 'resource' | 'data']?.[type!]?.[name!]?.[0];
    }
    const result = body !== undefined && [...dependsOn(body as Body), ...referencesIn(body)].some(ordered);
    memo.set(ref, result);
    return result;
  };
  for (const [type, blocks] of Object.entries(tf.resource ?? {})) {
    if (!type.startsWith('google_')) continue;
    for (const name of Object.keys(blocks)) {
      const address = `${type}.${name}`;
      if (address !== ENABLEMENT && !ordered(address)) problems.push(`${address}: not ordered after ${ENABLEMENT}`);
    }
  }

  const agent = resource(tf, 'google_project_service_identity', 'pubsub');
  if (!agent || agent.service !== 'pubsub.googleapis.com') {
    problems.push('no google_project_service_identity creates the Pub/Sub service agent (service = "pubsub.googleapis.com")');
  } else {
    if (agent.provider !== '${google-beta}') problems.push('google_project_service_identity.pubsub: needs provider = google-beta');
    if (l.pubsub_service_agent !== '${google_project_service_identity.pubsub.email}') {
      problems.push(`local.pubsub_service_agent is ${JSON.stringify(l.pubsub_service_agent ?? null)}, expected the created agent's email`);
    }
  }
  if (JSON.stringify(tf).includes('gcp-sa-pubsub'))
    problems.push('the Pub/Sub service agent email is built by hand, not read from the created agent');

  // IAP's service agent invokes the console's function: created the same way, before that grant.
  const iapAgent = resource(tf, 'google_project_service_identity', 'iap');
  if (!iapAgent || iapAgent.service !== 'iap.googleapis.com' || iapAgent.provider !== '${google-beta}') {
    problems.push(
      'no google_project_service_identity creates the IAP service agent (service = "iap.googleapis.com", provider = google-beta)',
    );
  } else if (l.iap_service_agent !== '${google_project_service_identity.iap.email}') {
    problems.push(`local.iap_service_agent is ${JSON.stringify(l.iap_service_agent ?? null)}, expected the created agent's email`);
  }
  if (JSON.stringify(tf).includes('gcp-sa-iap'))
    problems.push('the IAP service agent email is built by hand, not read from the created agent');
  return problems;
}

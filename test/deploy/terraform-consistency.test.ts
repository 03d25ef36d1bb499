import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { outboundTopics } from '#shared/notifications/publisher.js';
import { functionCatalog, type FunctionSpec } from '#shared/app/function-catalog.js';
import { checkDeployment } from './check-deployment.js';
import { API_GATEWAY_REGIONS, checkBigQueryJobsProject, checkGatewayRegion, checkProjectBootstrap } from './check-project-setup.js';
import { readTerraform, type TerraformJson } from './terraform-json.js';

const terraformDir = join(import.meta.dirname, '../../terraform');
let terraform: TerraformJson;

beforeAll(async () => {
  terraform = await readTerraform(terraformDir);
});

/** A deep copy of the parsed Terraform, changed by `edit`. */
function changed(edit: (tf: any) => void): TerraformJson {
  const copy = structuredClone(terraform);
  edit(copy);
  return copy;
}

/** The locals block that defines `name`. */
const local = (tf: any, name: string) => tf.locals.find((block: any) => name in block)[name];

describe('the Terraform deploys exactly the function catalog', () => {
  it('reports no difference between the catalog and the Terraform', () => {
    expect(checkDeployment(functionCatalog, terraform)).toEqual([]);
  });

  it('reports a catalog function that no Terraform deploys', () => {
    const catalog: FunctionSpec[] = [...functionCatalog, { name: 'sendDigest', trigger: 'scheduler', schedule: '0 8 * * *' }];
    expect(checkDeployment(catalog, terraform)).toEqual([
      'sendDigest: in the function catalog, but no google_cloudfunctions2_function deploys it',
    ]);
  });

  it('reports a deployed function that the catalog does not have', () => {
    const catalog = functionCatalog.filter((f) => f.name !== 'syncCustomer');
    expect(checkDeployment(catalog, terraform)).toEqual([
      'syncCustomer: deployed by google_cloudfunctions2_function.pubsub["syncCustomer"] but not in the function catalog',
    ]);
  });

  it('reports a function deployed with a trigger other than the catalog says', () => {
    const catalog = functionCatalog.map((f): FunctionSpec =>
      f.name === 'reconcile' ? { name: 'reconcile', trigger: 'pubsub', topic: 'customers' } : f,
    );
    expect(checkDeployment(catalog, terraform)).toEqual([
      'reconcile: no event_trigger, but the catalog has it consume topic "customers"',
      'reconcile: no dead-letter topic "reconcile-dead-letter"',
      'reconcile: a scheduler job calls it, but the catalog triggers it by pubsub',
    ]);
  });

  it('reports a Pub/Sub function that consumes another topic than the catalog says', () => {
    const tf = changed((t) => (local(t, 'pubsub_functions').syncCustomer.topic = 'payments'));
    expect(checkDeployment(functionCatalog, tf)).toEqual(['syncCustomer: consumes topic "payments", but the catalog says "customers"']);
  });

  it('reports a Pub/Sub trigger that does not retry', () => {
    const tf = changed(
      (t) => (t.resource.google_cloudfunctions2_function.pubsub[0].event_trigger[0].retry_policy = 'RETRY_POLICY_DO_NOT_RETRY'),
    );
    expect(checkDeployment(functionCatalog, tf)).toContain(
      'generateReferralCode: retry_policy is "RETRY_POLICY_DO_NOT_RETRY", expected "RETRY_POLICY_RETRY"',
    );
  });

  it('reports a scheduled function whose schedule differs from the catalog', () => {
    const tf = changed((t) => (local(t, 'scheduled_functions').reconcile.schedule = '0 4 * * *'));
    expect(checkDeployment(functionCatalog, tf)).toEqual(['reconcile: scheduled "0 4 * * *", but the catalog says "30 3 * * *"']);
  });

  it('reports scheduled functions that no scheduler job calls', () => {
    const tf = changed((t) => delete t.resource.google_cloud_scheduler_job);
    expect(checkDeployment(functionCatalog, tf)).toEqual(
      functionCatalog.filter((f) => f.trigger === 'scheduler').map((f) => `${f.name}: no google_cloud_scheduler_job calls it`),
    );
  });

  it('reports HTTP functions that are not behind the API gateway', () => {
    const tf = changed((t) => delete t.resource.google_api_gateway_gateway);
    expect(checkDeployment(functionCatalog, tf)).toEqual(
      functionCatalog.filter((f) => f.trigger === 'http').map((f) => `${f.name}: not behind the API gateway`),
    );
  });

  it('reports a gateway route table that differs from the catalog routes', () => {
    const tf = changed((t) => local(t, 'http_functions').points.routes.pop());
    expect(checkDeployment(functionCatalog, tf)).toEqual([
      'points: gateway routes differ from the catalog: missing POST /v1/points/redemptions/{redemption_id}/reverse',
    ]);
  });

  it("reports cross-origin routes (the card's CORS preflights at the gateway) that differ from the catalog", () => {
    const tf = changed((t) => {
      local(t, 'http_functions').points.cross_origin = [];
      local(t, 'http_functions').referralCode.cross_origin.push('GET /v1/points/ledger');
    });
    expect(checkDeployment(functionCatalog, tf)).toEqual([
      "referralCode: cross-origin routes (the card's CORS) differ from the catalog: not in the catalog GET /v1/points/ledger",
      "points: cross-origin routes (the card's CORS) differ from the catalog: missing GET /v1/points",
    ]);
  });

  it('reports a function deployed with another runtime or entry point', () => {
    const tf = changed((t) => {
      const build = t.resource.google_cloudfunctions2_function.scheduled[0].build_config[0];
      build.runtime = 'nodejs22';
      build.entry_point = 'main';
    });
    const scheduled = functionCatalog.filter((f) => f.trigger === 'scheduler').map((f) => f.name);
    expect(checkDeployment(functionCatalog, tf)).toEqual(
      scheduled.flatMap((name) => [
        `${name}: runtime is "nodejs22", expected "nodejs24"`,
        `${name}: entry_point is "main", expected "${name}"`,
      ]),
    );
  });
});

describe('the console is deployed behind Identity-Aware Proxy, not behind the gateway', () => {
  const fn = (t: any) => t.resource.google_cloudfunctions2_function.iap[0];
  const service = (t: any) => fn(t).service_config[0];
  const backend = (t: any) => t.resource.google_compute_backend_service.iap[0];

  it('reports the console behind the API gateway', () => {
    const tf = changed((t) => {
      const gateway = t.module.gateway_openapi[0];
      gateway.backends = gateway.backends.replace(/\}$/, ', google_cloudfunctions2_function.iap["console"].service_config[0].uri}');
    });
    expect(checkDeployment(functionCatalog, tf)).toEqual(['console: behind the API gateway, but the catalog triggers it by iap']);
  });

  it('reports IAP disabled, or missing, on the backend service in front of it', () => {
    expect(
      checkDeployment(
        functionCatalog,
        changed((t) => (backend(t).iap[0].enabled = false)),
      ),
    ).toEqual(['console: served by google_compute_backend_service.iap["console"] without IAP enabled']);
    expect(
      checkDeployment(
        functionCatalog,
        changed((t) => delete backend(t).iap),
      ),
    ).toEqual(['console: served by google_compute_backend_service.iap["console"] without IAP enabled']);
  });

  it('reports a second backend service that reaches the console without IAP', () => {
    const tf = changed((t) => {
      const open = structuredClone(backend(t));
      delete open.iap;
      t.resource.google_compute_backend_service.open = [open];
    });
    expect(checkDeployment(functionCatalog, tf)).toEqual([
      'console: served by google_compute_backend_service.open["console"] without IAP enabled',
    ]);
  });

  it('reports a console that no backend service or no network endpoint group reaches', () => {
    expect(
      checkDeployment(
        functionCatalog,
        changed((t) => delete t.resource.google_compute_backend_service),
      ),
    ).toEqual(['console: no google_compute_backend_service serves its network endpoint group']);
    expect(
      checkDeployment(
        functionCatalog,
        changed((t) => delete t.resource.google_compute_region_network_endpoint_group),
      ),
    ).toEqual(['console: not the Cloud Run service of any serverless network endpoint group']);
  });

  it("reports another function put behind IAP in the console's place", () => {
    const tf = changed((t) => (t.resource.google_compute_region_network_endpoint_group.iap[0].cloud_run[0].service = 'admin'));
    expect(checkDeployment(functionCatalog, tf)).toEqual([
      'admin: behind Identity-Aware Proxy, but the catalog triggers it by http',
      'console: not the Cloud Run service of any serverless network endpoint group',
    ]);
  });

  it('reports a console reachable at its run.app URL (ingress ALLOW_ALL)', () => {
    const tf = changed((t) => (service(t).ingress_settings = 'ALLOW_ALL'));
    expect(checkDeployment(functionCatalog, tf)).toEqual(['console: ingress_settings is "ALLOW_ALL", expected "ALLOW_INTERNAL_AND_GCLB"']);
  });

  it('reports a console whose AUTH_MODE is not iap', () => {
    const named = changed((t) => (local(t, 'iap_environment').AUTH_MODE = 'jwt'));
    expect(checkDeployment(functionCatalog, named)).toEqual(['console: AUTH_MODE is "jwt", expected "iap"']);
    // Merged the other way round, the functions' AUTH_MODE (var.auth_mode) wins.
    const reversed = changed((t) => (service(t).environment_variables = '${merge(local.iap_environment, local.function_environment)}'));
    expect(checkDeployment(functionCatalog, reversed)).toEqual(['console: AUTH_MODE is "${var.auth_mode}", expected "iap"']);
    const overridden = changed(
      (t) =>
        (service(t).environment_variables = service(t).environment_variables.replace(
          'IAP_AUDIENCE =',
          'AUTH_MODE = "gateway"\n IAP_AUDIENCE =',
        )),
    );
    expect(checkDeployment(functionCatalog, overridden)).toEqual(['console: AUTH_MODE is "gateway", expected "iap"']);
    const unreadable = changed((t) => (service(t).environment_variables = '${var.console_environment}'));
    expect(checkDeployment(functionCatalog, unreadable)).toEqual([
      'console: environment_variables cannot be read (a locals object or merge of them and object literals)',
    ]);
  });

  it('reports console routes or a served function that differ from the catalog', () => {
    const tf = changed((t) => {
      local(t, 'iap_functions').console.routes.pop();
      local(t, 'iap_functions').console.serves = 'points';
    });
    expect(checkDeployment(functionCatalog, tf)).toEqual([
      'console: routes differ from the catalog: missing GET /console/{asset}',
      'console: serves "points", but the catalog says "admin"',
    ]);
  });

  it('still has every HTTP function behind the gateway, and only those', () => {
    const http = functionCatalog.filter((f) => f.trigger === 'http').map((f) => f.name);
    expect(http).toContain('admin');
    expect(http).not.toContain('console');
    const tf = changed((t) => delete t.module);
    expect(checkDeployment(functionCatalog, tf)).toEqual(http.map((name) => `${name}: not behind the API gateway`));
  });
});

describe('the Terraform creates every topic the code uses', () => {
  it('creates the consumed topics and the published ones', () => {
    expect(checkDeployment(functionCatalog, terraform, [...outboundTopics])).toEqual([]);
  });

  it('reports a published topic that no google_pubsub_topic creates', () => {
    expect(checkDeployment(functionCatalog, terraform, [...outboundTopics, 'referral-audit'])).toEqual([
      'topic "referral-audit": used by the code, but no google_pubsub_topic creates it',
    ]);
  });

  it('reports a consumed topic that no google_pubsub_topic creates', () => {
    const tf = changed((t) => delete local(t, 'topics').customers);
    expect(checkDeployment(functionCatalog, tf)).toEqual([
      'syncCustomer: consumes topic null, but the catalog says "customers"',
      'topic "customers": used by the code, but no google_pubsub_topic creates it',
    ]);
  });
});

describe('the API Gateway runs in a region API Gateway has', () => {
  const region = (tf: any) => tf.variable.api_gateway_region[0];

  it('allows only the API Gateway regions, defaults to one of them, and puts the gateway there', () => {
    expect(checkGatewayRegion(terraform)).toEqual([]);
    expect(API_GATEWAY_REGIONS).toContain(region(terraform).default);
  });

  it("reports a default API Gateway does not run in, such as the functions' region", () => {
    const tf = changed((t) => (region(t).default = 'asia-south1'));
    expect(checkGatewayRegion(tf)).toEqual(['variable api_gateway_region: default "asia-south1" is not an API Gateway region']);
  });

  it('reports a variable without the validation, or one that allows other regions', () => {
    expect(checkGatewayRegion(changed((t) => delete region(t).validation))).toContain(
      'variable api_gateway_region: no validation lists the API Gateway regions',
    );
    const widened = changed(
      (t) => (region(t).validation[0].condition = region(t).validation[0].condition.replace('"us-west4",', '"us-west4", "asia-south1",')),
    );
    expect(checkGatewayRegion(widened)).toEqual(['variable api_gateway_region: allows regions API Gateway does not run in: asia-south1']);
  });

  it("reports a gateway that falls back to the functions' region", () => {
    const tf = changed(
      (t) => (t.resource.google_api_gateway_gateway.gateway[0].region = '${coalesce(var.api_gateway_region, var.region)}'),
    );
    expect(checkGatewayRegion(tf)).toEqual([
      'google_api_gateway_gateway.gateway: region is "${coalesce(var.api_gateway_region, var.region)}", expected "${var.api_gateway_region}"',
    ]);
  });
});

describe('the functions may run BigQuery jobs where their client runs them', () => {
  it("grants roles/bigquery.jobUser in BIGQUERY_PROJECT, the deals table's project", () => {
    expect(checkBigQueryJobsProject(terraform)).toEqual([]);
  });

  it("reports jobUser granted in this project while the jobs run in the deals table's", () => {
    const tf = changed((t) => (t.resource.google_project_iam_member.function_runs_bigquery_jobs[0].project = '${var.project_id}'));
    expect(checkBigQueryJobsProject(tf)).toEqual([
      'google_project_iam_member.function_runs_bigquery_jobs: grants roles/bigquery.jobUser in "${var.project_id}", but the jobs run in BIGQUERY_PROJECT "${local.bigquery_jobs_project}"',
    ]);
  });

  it('reports BIGQUERY_PROJECT set apart from the grant', () => {
    const tf = changed((t) => (local(t, 'function_environment').BIGQUERY_PROJECT = '${var.project_id}'));
    expect(checkBigQueryJobsProject(tf)).toContain(
      'BIGQUERY_PROJECT of the functions is "${var.project_id}", expected "${local.bigquery_jobs_project}"',
    );
  });
});

describe('a brand-new project is set up in order', () => {
  it('enables the APIs first and creates the Pub/Sub service agent before granting it roles', () => {
    expect(checkProjectBootstrap(terraform)).toEqual([]);
  });

  it('reports a missing cloudresourcemanager.googleapis.com', () => {
    const enabled = (t: any) => t.resource.google_project_service.enabled[0];
    const tf = changed((t) => (enabled(t).for_each = enabled(t).for_each.replace('"cloudresourcemanager.googleapis.com",', '')));
    expect(checkProjectBootstrap(tf)).toEqual(['google_project_service.enabled: does not enable cloudresourcemanager.googleapis.com']);
  });

  it('reports a service account created without waiting for the APIs', () => {
    const tf = changed((t) => delete t.resource.google_service_account.trigger[0].depends_on);
    expect(checkProjectBootstrap(tf)).toEqual([
      'google_service_account.trigger: does not depend on google_project_service.enabled',
      'google_service_account.trigger: not ordered after google_project_service.enabled',
    ]);
  });

  it('reports a project IAM binding or a data source that does not wait for the APIs', () => {
    const tf = changed((t) => {
      delete t.resource.google_project_iam_member.function_runs_bigquery_jobs[0].depends_on;
      t.data.google_project = { this: [{}] };
    });
    expect(checkProjectBootstrap(tf)).toEqual([
      'google_project_iam_member.function_runs_bigquery_jobs: does not depend on google_project_service.enabled',
      'data.google_project.this: does not depend on google_project_service.enabled',
    ]);
  });

  it('reports the Pub/Sub service agent assumed to exist instead of created', () => {
    const tf = changed((t) => {
      delete t.resource.google_project_service_identity.pubsub;
      t.data.google_project = { this: [{ depends_on: ['${google_project_service.enabled}'] }] };
      t.locals.find((block: any) => 'pubsub_service_agent' in block).pubsub_service_agent =
        'service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com';
    });
    expect(checkProjectBootstrap(tf)).toEqual([
      'no google_project_service_identity creates the Pub/Sub service agent (service = "pubsub.googleapis.com")',
      'the Pub/Sub service agent email is built by hand, not read from the created agent',
    ]);
  });

  it('reports the APIs of the console missing, and its IAP service agent assumed to exist', () => {
    const enabled = (t: any) => t.resource.google_project_service.enabled[0];
    const tf = changed((t) => {
      enabled(t).for_each = enabled(t).for_each.replace('"compute.googleapis.com",', '').replace('"iap.googleapis.com",', '');
      delete t.resource.google_project_service_identity.iap;
      t.locals.find((block: any) => 'iap_service_agent' in block).iap_service_agent =
        'service-${data.google_project.this.number}@gcp-sa-iap.iam.gserviceaccount.com';
    });
    expect(checkProjectBootstrap(tf)).toEqual([
      'google_project_service.enabled: does not enable compute.googleapis.com',
      'google_project_service.enabled: does not enable iap.googleapis.com',
      'no google_project_service_identity creates the IAP service agent (service = "iap.googleapis.com", provider = google-beta)',
      'the IAP service agent email is built by hand, not read from the created agent',
    ]);
  });
});

describe('share links record their click after the answer with CPU to do it', () => {
  const cpu = (tf: any) => tf.resource.terraform_data?.cpu_always_allocated?.[0];

  it('gives shareLink CPU outside requests, set again whenever the function changes', () => {
    expect(local(terraform, 'http_functions').shareLink.cpu_always_allocated).toBe(true);
    const others = Object.entries(local(terraform, 'http_functions')).filter(
      ([name, spec]: [string, any]) => name !== 'shareLink' && spec.cpu_always_allocated,
    );
    expect(others).toEqual([]);
    expect(cpu(terraform).for_each).toContain('cpu_always_allocated');
    expect(cpu(terraform).triggers_replace).toContain('${google_cloudfunctions2_function.http[each.key].update_time}');
    expect(cpu(terraform).provisioner['local-exec'][0].command).toContain('scripts/cpu-always-allocated.sh');
    const script = readFileSync(join(terraformDir, 'scripts/cpu-always-allocated.sh'), 'utf8');
    expect(script).toMatch(/gcloud run services update "\$service" .*--no-cpu-throttling/);
  });
});

# Each function's folder of `npm run build` (dist/<name>/: index.js and its chunks, source maps,
# package.json and the package-lock.json cut from the root lock, so Cloud Build installs the
# versions the tests ran against),
# zipped and uploaded under a name that changes with its content, so a new build redeploys
# exactly the functions whose bundle changed.
resource "google_storage_bucket" "source" {
  name                        = "${var.project_id}-referrals-fn-source"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  labels                      = var.labels

  depends_on = [google_project_service.enabled]
}

data "archive_file" "function" {
  for_each    = local.functions
  type        = "zip"
  source_dir  = "${local.dist_dir}/${each.key}"
  output_path = "${local.dist_dir}/${each.key}.zip"
}

resource "google_storage_bucket_object" "source" {
  for_each = local.functions
  bucket   = google_storage_bucket.source.name
  name     = "${each.key}/${data.archive_file.function[each.key].output_md5}.zip"
  source   = data.archive_file.function[each.key].output_path
}

#!/usr/bin/env bash
# Checks terraform/ with whichever of terraform or tofu is on PATH (TERRAFORM_BIN overrides):
#   1. fmt -check -recursive                      (offline)
#   2. terraform test in every module with tests/ (offline: those modules need no provider)
#   3. validate of the root module                (needs the google, google-beta and archive
#      providers: from the registry, or from a mirror set in the CLI configuration)
# A check that cannot run is reported as SKIPPED with the reason; a check that runs and fails
# fails the script. Nothing is reported as passed that did not run.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$repo/terraform"
summary=()
failed=0

tf="${TERRAFORM_BIN:-}"
if [[ -z "$tf" ]]; then
  tf="$(command -v terraform || command -v tofu || true)"
fi
if [[ -z "$tf" ]]; then
  echo "terraform-check: SKIPPED fmt, module tests and validate: neither terraform nor tofu is on PATH"
  exit 0
fi
echo "terraform-check: using $("$tf" version 2>/dev/null | head -n 1) ($tf)"

if "$tf" fmt -check -recursive -diff "$dir"; then
  summary+=("fmt: ok")
else
  summary+=("fmt: FAILED (run: $(basename "$tf") fmt -recursive terraform/)")
  failed=1
fi

while IFS= read -r tests; do
  module="$(dirname "$tests")"
  name="${module#"$repo"/}"
  if "$tf" -chdir="$module" init -input=false -backend=false >/dev/null && "$tf" -chdir="$module" test -no-color; then
    summary+=("tests of $name: ok")
  else
    summary+=("tests of $name: FAILED")
    failed=1
  fi
done < <(find "$dir" -path '*/.terraform' -prune -o -type d -name tests -print | sort)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$dir" && tar --exclude=.terraform --exclude=.terraform.lock.hcl -cf - .) | tar -xf - -C "$work"
if init_log="$("$tf" -chdir="$work" init -input=false -backend=false -no-color 2>&1)"; then
  if "$tf" -chdir="$work" validate; then
    summary+=("validate: ok")
  else
    summary+=("validate: FAILED")
    failed=1
  fi
else
  reason="$(grep -m 1 -iE 'could not connect|failed to (query|install)|no available releases|error' <<<"$init_log" | sed 's/^[│ ]*//')"
  summary+=("validate: SKIPPED, the providers could not be installed (${reason:-init failed})")
fi

printf 'terraform-check: %s\n' "${summary[@]}"
exit "$failed"

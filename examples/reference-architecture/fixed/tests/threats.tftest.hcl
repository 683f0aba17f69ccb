# The fixed platform passes. T-2 is judged on the working directory's
# initialised backend (the pg backend of README.md), which `terraform test`
# does not use, so these runs check E-1 and E-3; scripts/run-example.sh
# checks T-2 on the real backend.
provider "threatmodel" {
  violations_as_warnings = true
}

run "the_fixed_platform_passes" {
  command = plan
  variables {
    threats = ["E-1", "E-3"]
  }
  assert {
    condition     = data.threatmodel_assertion.platform.passed
    error_message = join("\n", data.threatmodel_assertion.platform.blocking)
  }
  assert {
    condition     = length(data.threatmodel_assertion.platform.blocking) == 0
    error_message = "Nothing should block the fixed platform."
  }
}

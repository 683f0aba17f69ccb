# The greenfield plan is refused before anything is created: `command =
# plan`, nothing is applied. Violations are warnings here so that the
# resource's postcondition is what fails, which `expect_failures` counts.
provider "threatmodel" {
  violations_as_warnings = true
}

run "contributor_for_the_new_runbook_identity_is_refused_at_plan_time" {
  command         = plan
  expect_failures = [threatmodel_assertion.platform]
}

run "a_narrow_role_plans" {
  command = plan
  variables {
    runbook_role = "Automation Job Operator"
  }
}

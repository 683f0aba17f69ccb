# The insecure platform must be refused, threat by threat. The provider
# reports violations as warnings here, so that the data source's
# postcondition (self.passed) is what fails: `expect_failures` counts
# failed conditions, never a provider's errors.
provider "threatmodel" {
  violations_as_warnings = true
}

provider "threatmodel" {
  alias                  = "waived"
  violations_as_warnings = true
  waivers = [{
    threat        = "E-1"
    subject       = "aa-robotics-dev"
    justification = "Start/stop runbook role being narrowed in the next sprint."
    expires       = "2099-12-31"
    approver      = "ciso@contoso.com"
  }]
}

run "t2_local_state_is_refused" {
  command = plan
  variables {
    threats = ["T-2"]
  }
  expect_failures = [data.threatmodel_assertion.platform]
}

run "e1_contributor_for_the_automation_identity_is_refused" {
  command = plan
  variables {
    threats = ["E-1"]
  }
  expect_failures = [data.threatmodel_assertion.platform]
}

run "e3_admin_roles_for_every_user_are_refused" {
  command = plan
  variables {
    threats = ["E-3"]
  }
  expect_failures = [data.threatmodel_assertion.platform]
}

run "a_waiver_takes_effect" {
  command   = plan
  providers = { threatmodel = threatmodel.waived }
  variables {
    threats = ["E-1"]
  }
  assert {
    condition     = data.threatmodel_assertion.platform.passed
    error_message = "The E-1 waiver for aa-robotics-dev did not take effect."
  }
  assert {
    condition     = length([for f in data.threatmodel_assertion.platform.findings : f if f.status == "waived"]) == 2
    error_message = "Both E-1 findings of aa-robotics-dev should be waived."
  }
}

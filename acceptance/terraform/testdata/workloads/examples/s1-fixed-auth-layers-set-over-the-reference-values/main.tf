# Renders src/rules/catalogue/s1_osmo_api_auth/examples/
# fixed-auth-layers-set-over-the-reference-values.good.plan.json (see
# acceptance/terraform/kubernetes_plans.sh): the reference control-plane
# values with every authentication layer turned back on by `set` blocks.
terraform {
  required_providers {
    helm = {
      source  = "hashicorp/helm"
      version = "~> 2.17"
    }
  }
}

locals {
  control_plane_values = <<-YAML
    global:
      logs:
        enabled: true
        logLevel: DEBUG
    services:
      postgres:
        enabled: false
        db: osmo
        user: pgadmin
      service:
        auth:
          enabled: false
    sidecars:
      envoy:
        enabled: false
        osmoauth:
          enabled: false
      oauth2Proxy:
        enabled: false
      authz:
        enabled: false
      rateLimit:
        enabled: false
    YAML
}

resource "helm_release" "osmo_control_plane" {
  name             = "osmo-control-plane"
  repository       = "https://helm.ngc.nvidia.com/nvidia/osmo"
  chart            = "service"
  version          = "1.0.0"
  namespace        = "osmo"
  create_namespace = true
  values           = [local.control_plane_values]

  set {
    name  = "services.service.auth.enabled"
    value = "true"
  }
  set {
    name  = "sidecars.envoy.osmoauth.enabled"
    value = "true"
  }
  set {
    name  = "sidecars.oauth2Proxy.enabled"
    value = "true"
  }
  set {
    name  = "sidecars.authz.enabled"
    value = "true"
  }
}

# Cluster workloads as the reference architecture runs them, managed with
# hashicorp/helm and hashicorp/kubernetes (served by the test-only stub) on
# an AKS cluster from the azurerm stub:
#   * the OSMO control plane (helm_release) with the reference values:
#     authentication, Envoy and rate limiting off; `set` blocks override
#     them (all of them when hardened, one otherwise);
#   * OSMO's MEK file in a ConfigMap (insecure) or in a Secret (hardened);
#   * the managed namespace `osmo`, with a default-deny NetworkPolicy only
#     when hardened, and the cluster's policy engine likewise;
#   * with database_password_in_release, the database password passed to
#     the chart through `set_sensitive`.
# The Secret's data and the set_sensitive value come from var.canary and
# must never show in a report or in Terraform's output.
terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
    helm = {
      source = "hashicorp/helm"
    }
    kubernetes = {
      source = "hashicorp/kubernetes"
    }
    threatmodel = {
      source = "threatmodel/threatmodel"
    }
  }
}

provider "azurerm" {
  features {}
  subscription_id = "00000000-0000-0000-0000-000000000000"
}

provider "kubernetes" {
  config_path = "~/.kube/config"
}

provider "helm" {
  kubernetes {
    config_path = "~/.kube/config"
  }
}

variable "hardened" {
  type = bool
}

variable "database_password_in_release" {
  type    = bool
  default = false
}

variable "canary" {
  type      = string
  sensitive = true
}

resource "azurerm_resource_group" "main" {
  name     = "rg-robotics-dev"
  location = "westeurope"
}

resource "azurerm_kubernetes_cluster" "main" {
  name                    = "aks-robotics-dev"
  location                = azurerm_resource_group.main.location
  resource_group_name     = azurerm_resource_group.main.name
  dns_prefix              = "aks-robotics-dev"
  private_cluster_enabled = true

  default_node_pool {
    name    = "system"
    vm_size = "Standard_D8ds_v5"
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin = "azure"
    network_policy = var.hardened ? "azure" : null
  }

  # Where the MEK can live instead of a ConfigMap (T-1's advisory premise):
  # the Secrets Store CSI driver and etcd encryption with a Key Vault key.
  dynamic "key_vault_secrets_provider" {
    for_each = var.hardened ? [1] : []
    content {
      secret_rotation_enabled = true
    }
  }

  dynamic "key_management_service" {
    for_each = var.hardened ? [1] : []
    content {
      key_vault_key_id         = "https://kv-robotics-dev.vault.azure.net/keys/etcd/0"
      key_vault_network_access = "Private"
    }
  }
}

resource "kubernetes_namespace_v1" "osmo" {
  metadata {
    name = "osmo"
  }
}

# The reference deployment's control-plane values (deploy/osmo values
# files): every authentication layer, Envoy and rate limiting off.
resource "helm_release" "osmo_control_plane" {
  name       = "osmo-control-plane"
  repository = "https://helm.ngc.nvidia.com/nvidia/osmo"
  chart      = "service"
  version    = "1.0.0"
  namespace  = kubernetes_namespace_v1.osmo.metadata[0].name

  values = [<<-YAML
    global:
      logs: { enabled: true, logLevel: DEBUG }
    services:
      postgres: { enabled: false, db: osmo, user: pgadmin }
      service:
        auth: { enabled: false }
    sidecars:
      envoy: { enabled: false, osmoauth: { enabled: false } }
      oauth2Proxy: { enabled: false }
      authz: { enabled: false }
      rateLimit: { enabled: false }
    YAML
  ]

  # Helm's precedence: `set` wins over every values document. Insecure:
  # only Envoy is turned back on; hardened: every switch.
  dynamic "set" {
    for_each = var.hardened ? [
      "services.service.auth.enabled",
      "sidecars.envoy.enabled",
      "sidecars.envoy.osmoauth.enabled",
      "sidecars.oauth2Proxy.enabled",
      "sidecars.authz.enabled",
      "sidecars.rateLimit.enabled",
    ] : ["sidecars.envoy.enabled"]
    content {
      name  = set.value
      value = "true"
    }
  }

  dynamic "set_sensitive" {
    for_each = var.database_password_in_release ? [var.canary] : []
    content {
      name  = "services.postgres.password"
      value = set_sensitive.value
    }
  }
}

# OSMO's MEK file: in a ConfigMap (insecure), where it is stored
# unencrypted, or in a Secret (hardened), next to the ConfigMap holding
# only settings.
resource "kubernetes_config_map_v1" "osmo" {
  metadata {
    name      = var.hardened ? "osmo-settings" : "osmo-mek"
    namespace = kubernetes_namespace_v1.osmo.metadata[0].name
  }
  data = var.hardened ? {
    "settings.yaml" = "logLevel: INFO\n"
    } : {
    "mek.yaml" = "currentMek: key1\nmeks:\n  key1: placeholder-not-a-real-key\n"
  }
}

resource "kubernetes_secret_v1" "osmo" {
  metadata {
    name      = "osmo-secrets"
    namespace = kubernetes_namespace_v1.osmo.metadata[0].name
  }
  data = {
    "mek.yaml"    = "currentMek: key1\nmeks:\n  key1: ${var.canary}\n"
    "db-password" = var.canary
  }
}

resource "kubernetes_network_policy_v1" "default_deny" {
  count = var.hardened ? 1 : 0
  metadata {
    name      = "default-deny"
    namespace = kubernetes_namespace_v1.osmo.metadata[0].name
  }
  spec {
    pod_selector {}
    policy_types = ["Ingress", "Egress"]
  }
}

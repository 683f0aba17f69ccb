# Renders src/rules/catalogue/d1_network_policy/examples/
# gpu-operator-namespace-without-a-default-deny-policy.bad.plan.json (see
# acceptance/terraform/kubernetes_plans.sh): the cluster enforces policies
# and OSMO's namespace has a default-deny policy, but the GPU operator's
# namespace (created by its helm_release) has none.
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
  }
}

provider "azurerm" {
  features {}
  subscription_id = "00000000-0000-0000-0000-000000000000"
}

resource "azurerm_kubernetes_cluster" "main" {
  name                = "aks-robotics-dev"
  resource_group_name = "rg-robotics-dev"
  location            = "westeurope"
  dns_prefix          = "aks-robotics-dev"

  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4ds_v5"
    node_count = 1
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_policy      = "azure"
    network_data_plane  = "azure"
    outbound_type       = "loadBalancer"
  }

  identity {
    type = "SystemAssigned"
  }
}

resource "kubernetes_namespace_v1" "osmo" {
  metadata {
    name = "osmo"
  }
  wait_for_default_service_account = false
}

resource "helm_release" "gpu_operator" {
  name             = "gpu-operator"
  namespace        = "gpu-operator"
  repository       = "https://helm.ngc.nvidia.com/nvidia"
  chart            = "gpu-operator"
  create_namespace = true
}

resource "kubernetes_network_policy_v1" "osmo_default_deny" {
  metadata {
    name      = "default-deny"
    namespace = kubernetes_namespace_v1.osmo.metadata[0].name
  }
  spec {
    pod_selector {}
    policy_types = ["Ingress", "Egress"]
  }
}

# The reference architecture's platform as one configuration, planned by
# real Terraform with the test-only azurerm provider
# (acceptance/terraform/platform_plans.sh). With hardened = false it is
# deployed as the reference architecture deploys it (the insecure
# platform); with hardened = true every threat is remediated (the fixed
# platform). A first plan has every ID unknown (greenfield); a plan after
# apply has them known.

terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
    # Used by gate.tf, which platform_plans.sh adds for the gate's run.
    threatmodel = {
      source = "threatmodel/threatmodel"
    }
  }
}

provider "azurerm" {
  features {}
}

variable "hardened" {
  type    = bool
  default = false
}

variable "postgresql_admin_password" {
  type      = string
  sensitive = true
  default   = "platform-canary-0d2b7c"
}

locals {
  location = "westeurope"
  suffix   = "robotics-dev"
  private  = var.hardened
  users = {
    alice = "11111111-1111-1111-1111-111111111111"
    bob   = "22222222-2222-2222-2222-222222222222"
  }
  # The reference architecture's onboarding grants every user a broad set
  # of roles on the resource group; the hardened platform grants readers.
  user_roles = var.hardened ? ["Reader"] : [
    "Owner",
    "Contributor",
    "User Access Administrator",
    "Key Vault Administrator",
    "Storage Blob Data Owner",
    "Azure Kubernetes Service RBAC Cluster Admin",
  ]
  user_grants = {
    for pair in setproduct(keys(local.users), local.user_roles) :
    "${pair[0]}-${pair[1]}" => { user = pair[0], role = pair[1] }
  }
}

resource "azurerm_resource_group" "main" {
  name     = "rg-${local.suffix}"
  location = local.location
}

# ---- Network (D-2, D-3) --------------------------------------------------

resource "azurerm_virtual_network" "main" {
  name                = "vnet-${local.suffix}"
  location            = local.location
  resource_group_name = azurerm_resource_group.main.name
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_subnet" "main" {
  name                            = "snet-${local.suffix}"
  resource_group_name             = azurerm_resource_group.main.name
  virtual_network_name            = azurerm_virtual_network.main.name
  address_prefixes                = ["10.0.1.0/24"]
  default_outbound_access_enabled = false
}

resource "azurerm_subnet" "private_endpoints" {
  name                 = "snet-pe-${local.suffix}"
  resource_group_name  = azurerm_resource_group.main.name
  virtual_network_name = azurerm_virtual_network.main.name
  address_prefixes     = ["10.0.2.0/24"]
}

resource "azurerm_subnet" "aks" {
  name                            = "snet-aks-${local.suffix}"
  resource_group_name             = azurerm_resource_group.main.name
  virtual_network_name            = azurerm_virtual_network.main.name
  address_prefixes                = ["10.0.5.0/24"]
  default_outbound_access_enabled = false
}

resource "azurerm_subnet" "gpu" {
  name                            = "snet-gpu-${local.suffix}"
  resource_group_name             = azurerm_resource_group.main.name
  virtual_network_name            = azurerm_virtual_network.main.name
  address_prefixes                = ["10.0.7.0/24"]
  default_outbound_access_enabled = false
}

resource "azurerm_subnet" "firewall" {
  count                = var.hardened ? 1 : 0
  name                 = "AzureFirewallSubnet"
  resource_group_name  = azurerm_resource_group.main.name
  virtual_network_name = azurerm_virtual_network.main.name
  address_prefixes     = ["10.0.3.0/26"]
}

# One NSG for every subnet. The reference architecture gives it no rules;
# the hardened platform denies outbound Internet below the default
# AllowInternetOutBound rule and allows only the virtual network.
resource "azurerm_network_security_group" "main" {
  name                = "nsg-${local.suffix}"
  location            = local.location
  resource_group_name = azurerm_resource_group.main.name
}

resource "azurerm_network_security_rule" "deny_internet_outbound" {
  count                       = var.hardened ? 1 : 0
  name                        = "deny-internet-outbound"
  resource_group_name         = azurerm_resource_group.main.name
  network_security_group_name = azurerm_network_security_group.main.name
  priority                    = 4000
  direction                   = "Outbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "Internet"
}

# One association per subnet, as the reference architecture writes them:
# each refers to its subnet, so the link is known on a first plan.
resource "azurerm_subnet_network_security_group_association" "main" {
  subnet_id                 = azurerm_subnet.main.id
  network_security_group_id = azurerm_network_security_group.main.id
}

resource "azurerm_subnet_network_security_group_association" "private_endpoints" {
  subnet_id                 = azurerm_subnet.private_endpoints.id
  network_security_group_id = azurerm_network_security_group.main.id
}

resource "azurerm_subnet_network_security_group_association" "aks" {
  subnet_id                 = azurerm_subnet.aks.id
  network_security_group_id = azurerm_network_security_group.main.id
}

resource "azurerm_subnet_network_security_group_association" "gpu" {
  subnet_id                 = azurerm_subnet.gpu.id
  network_security_group_id = azurerm_network_security_group.main.id
}

resource "azurerm_public_ip" "egress" {
  name                = "pip-egress-${local.suffix}"
  location            = local.location
  resource_group_name = azurerm_resource_group.main.name
  allocation_method   = "Static"
  sku                 = "Standard"
}

# The reference architecture's egress: a NAT gateway on the node subnets
# and no firewall. The hardened platform sends 0.0.0.0/0 to a firewall.
resource "azurerm_nat_gateway" "main" {
  count                   = var.hardened ? 0 : 1
  name                    = "ng-${local.suffix}"
  location                = local.location
  resource_group_name     = azurerm_resource_group.main.name
  sku_name                = "Standard"
  idle_timeout_in_minutes = 10
}

resource "azurerm_nat_gateway_public_ip_association" "main" {
  count                = var.hardened ? 0 : 1
  nat_gateway_id       = azurerm_nat_gateway.main[0].id
  public_ip_address_id = azurerm_public_ip.egress.id
}

resource "azurerm_subnet_nat_gateway_association" "aks" {
  count          = var.hardened ? 0 : 1
  subnet_id      = azurerm_subnet.aks.id
  nat_gateway_id = azurerm_nat_gateway.main[0].id
}

resource "azurerm_subnet_nat_gateway_association" "gpu" {
  count          = var.hardened ? 0 : 1
  subnet_id      = azurerm_subnet.gpu.id
  nat_gateway_id = azurerm_nat_gateway.main[0].id
}

resource "azurerm_firewall" "egress" {
  count               = var.hardened ? 1 : 0
  name                = "afw-${local.suffix}"
  location            = local.location
  resource_group_name = azurerm_resource_group.main.name
  sku_name            = "AZFW_VNet"
  sku_tier            = "Standard"

  ip_configuration {
    name                 = "egress"
    subnet_id            = azurerm_subnet.firewall[0].id
    public_ip_address_id = azurerm_public_ip.egress.id
  }
}

resource "azurerm_route_table" "egress" {
  count               = var.hardened ? 1 : 0
  name                = "rt-egress-${local.suffix}"
  location            = local.location
  resource_group_name = azurerm_resource_group.main.name
  route = [{
    name                   = "default-via-firewall"
    address_prefix         = "0.0.0.0/0"
    next_hop_type          = "VirtualAppliance"
    next_hop_in_ip_address = azurerm_firewall.egress[0].ip_configuration[0].private_ip_address
  }]
}

resource "azurerm_subnet_route_table_association" "aks" {
  count          = var.hardened ? 1 : 0
  subnet_id      = azurerm_subnet.aks.id
  route_table_id = azurerm_route_table.egress[0].id
}

resource "azurerm_subnet_route_table_association" "gpu" {
  count          = var.hardened ? 1 : 0
  subnet_id      = azurerm_subnet.gpu.id
  route_table_id = azurerm_route_table.egress[0].id
}

# ---- AKS (D-1, D-3, T-3) -------------------------------------------------

resource "azurerm_user_assigned_identity" "aks" {
  name                = "id-aks-${local.suffix}"
  location            = local.location
  resource_group_name = azurerm_resource_group.main.name
}

resource "azurerm_kubernetes_cluster" "main" {
  name                      = "aks-${local.suffix}"
  location                  = local.location
  resource_group_name       = azurerm_resource_group.main.name
  dns_prefix                = "aks-${local.suffix}"
  private_cluster_enabled   = true
  local_account_disabled    = true
  azure_policy_enabled      = true
  workload_identity_enabled = true
  automatic_upgrade_channel = "patch"

  default_node_pool {
    name           = "system"
    vm_size        = "Standard_D8ds_v5"
    vnet_subnet_id = azurerm_subnet.aks.id
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.aks.id]
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    # The insecure platform has no policy engine, so no NetworkPolicy can
    # take effect.
    network_policy = var.hardened ? "azure" : null
    outbound_type  = var.hardened ? "userDefinedRouting" : "userAssignedNATGateway"
    service_cidr   = "172.16.0.0/16"
    dns_service_ip = "172.16.0.10"
    pod_cidr       = "10.244.0.0/16"
  }

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled     = true
    admin_group_object_ids = []
  }

  key_vault_secrets_provider {
    secret_rotation_enabled = true
  }

  # The fixed platform encrypts Secrets in etcd with a Key Vault key, where
  # T-1's remediation moves the MEK; the reference architecture does not.
  dynamic "key_management_service" {
    for_each = var.hardened ? [1] : []
    content {
      key_vault_key_id         = "${azurerm_key_vault.main.vault_uri}keys/etcd/0"
      key_vault_network_access = "Private"
    }
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
  name                  = "gpu"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
  vm_size               = "Standard_NV36ads_A10_v5"
  vnet_subnet_id        = azurerm_subnet.gpu.id
  priority              = "Spot"
  eviction_policy       = "Delete"
  gpu_driver            = "Install"
}

resource "azurerm_kubernetes_cluster_extension" "azureml" {
  name           = "azureml"
  cluster_id     = azurerm_kubernetes_cluster.main.id
  extension_type = "Microsoft.AzureML.Kubernetes"
  configuration_settings = var.hardened ? {
    allowInsecureConnections     = "False"
    enableInference              = "True"
    inferenceRouterServiceType   = "LoadBalancer"
    internalLoadBalancerProvider = "azure"
    sslCname                     = "inference.robotics.example"
    } : {
    allowInsecureConnections   = "True"
    enableInference            = "True"
    inferenceRouterServiceType = "LoadBalancer"
  }
}

# ---- Data services (S-2, I-1, I-3, Key Vault) -----------------------------

resource "azurerm_key_vault" "main" {
  name                          = "kv-${local.suffix}"
  location                      = local.location
  resource_group_name           = azurerm_resource_group.main.name
  sku_name                      = "standard"
  tenant_id                     = "00000000-0000-0000-0000-0000000000aa"
  rbac_authorization_enabled    = var.hardened
  purge_protection_enabled      = var.hardened
  public_network_access_enabled = !local.private

  network_acls {
    bypass         = "AzureServices"
    default_action = local.private ? "Deny" : "Allow"
  }
}

resource "azurerm_postgresql_flexible_server" "main" {
  name                          = "psql-${local.suffix}"
  location                      = local.location
  resource_group_name           = azurerm_resource_group.main.name
  version                       = "16"
  sku_name                      = "GP_Standard_D2s_v3"
  storage_mb                    = 32768
  administrator_login           = var.hardened ? null : "psqladmin"
  administrator_password        = var.hardened ? null : var.postgresql_admin_password
  backup_retention_days         = 7
  public_network_access_enabled = !local.private

  dynamic "authentication" {
    for_each = var.hardened ? [1] : []
    content {
      active_directory_auth_enabled = true
      password_auth_enabled         = false
      tenant_id                     = "00000000-0000-0000-0000-0000000000aa"
    }
  }
}

resource "azurerm_postgresql_flexible_server_firewall_rule" "allow_azure_services" {
  count            = local.private ? 0 : 1
  name             = "allow-azure-services"
  server_id        = azurerm_postgresql_flexible_server.main.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}

resource "azurerm_managed_redis" "main" {
  name                      = "redis-${local.suffix}"
  location                  = local.location
  resource_group_name       = azurerm_resource_group.main.name
  sku_name                  = "Balanced_B10"
  high_availability_enabled = false
  public_network_access     = local.private ? "Disabled" : "Enabled"

  default_database {
    clustering_policy                  = "EnterpriseCluster"
    access_keys_authentication_enabled = !var.hardened
    client_protocol                    = "Encrypted"
    eviction_policy                    = "VolatileLRU"
  }
}

resource "azurerm_key_vault_secret" "redis_primary_key" {
  count        = var.hardened ? 0 : 1
  name         = "redis-primary-key"
  key_vault_id = azurerm_key_vault.main.id
  value        = azurerm_managed_redis.main.default_database[0].primary_access_key
}

resource "azurerm_storage_account" "main" {
  name                            = "strobotics${var.hardened ? "fixed" : "dev"}"
  location                        = local.location
  resource_group_name             = azurerm_resource_group.main.name
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  min_tls_version                 = "TLS1_2"
  shared_access_key_enabled       = !var.hardened
  default_to_oauth_authentication = var.hardened
  allow_nested_items_to_be_public = false
  public_network_access_enabled   = !local.private
}

resource "azurerm_private_endpoint" "data" {
  for_each = local.private ? {
    postgresql = { id = azurerm_postgresql_flexible_server.main.id, subresource = "postgresqlServer" }
    redis      = { id = azurerm_managed_redis.main.id, subresource = "redisEnterprise" }
    key_vault  = { id = azurerm_key_vault.main.id, subresource = "vault" }
    storage    = { id = azurerm_storage_account.main.id, subresource = "blob" }
  } : {}
  name                = "pe-${each.key}-${local.suffix}"
  location            = local.location
  resource_group_name = azurerm_resource_group.main.name
  subnet_id           = azurerm_subnet.private_endpoints.id

  private_service_connection {
    name                           = "psc-${each.key}"
    is_manual_connection           = false
    private_connection_resource_id = each.value.id
    subresource_names              = [each.value.subresource]
  }
}

# ---- Automation (E-1) and users (E-3) -------------------------------------

resource "azurerm_automation_account" "main" {
  name                          = "aa-${local.suffix}"
  location                      = local.location
  resource_group_name           = azurerm_resource_group.main.name
  sku_name                      = "Basic"
  local_authentication_enabled  = !var.hardened
  public_network_access_enabled = !local.private

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_role_definition" "start_stop" {
  count = var.hardened ? 1 : 0
  name  = "Robotics Runbook Start Stop"
  scope = azurerm_resource_group.main.id

  permissions {
    actions = [
      "Microsoft.ContainerService/managedClusters/read",
      "Microsoft.ContainerService/managedClusters/start/action",
      "Microsoft.ContainerService/managedClusters/stop/action",
      "Microsoft.DBforPostgreSQL/flexibleServers/read",
      "Microsoft.DBforPostgreSQL/flexibleServers/start/action",
      "Microsoft.DBforPostgreSQL/flexibleServers/stop/action",
    ]
  }
}

# The runbook's start/stop grants: Contributor in the reference
# architecture, the custom role when hardened.
resource "azurerm_role_assignment" "runbook" {
  for_each = {
    aks        = azurerm_kubernetes_cluster.main.id
    postgresql = azurerm_postgresql_flexible_server.main.id
  }
  scope                = each.value
  role_definition_name = var.hardened ? azurerm_role_definition.start_stop[0].name : "Contributor"
  principal_id         = azurerm_automation_account.main.identity[0].principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "users" {
  for_each             = local.user_grants
  scope                = azurerm_resource_group.main.id
  role_definition_name = each.value.role
  principal_id         = local.users[each.value.user]
  principal_type       = "User"
}

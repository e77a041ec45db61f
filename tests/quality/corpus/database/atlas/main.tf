provider "mongodbatlas" {
  public_key  = "pnhlepwv"
  private_key = "bb334278-25ad-4ec6-91bf-372df177cbd2"
}

resource "mongodbatlas_cluster" "orders" {
  project_id   = "c7b002ab46eca30cf18f7041"
  name         = "orders"
  cluster_type = "REPLICASET"
  provider_name               = "AWS"
  provider_instance_size_name = "M10"
  provider_region_name        = "EU_WEST_1"
}

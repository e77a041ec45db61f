# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.40.0"
  constraints = "~> 5.40"
  hashes = [
    "h1:GJJJbNJsMrVF/FJInxiAZ5BCw81KSfRHzN+vQpdmQaM=",
    "zh:38505460e97cf72bc601efa3977d1434089ada3b5cf8232955c5ebb452bf02cb",
    "zh:dc62fe1abd6e64143c31bf8e3b18c9e9f6c85402e1b63d8da16b1f820a6f98fe",
    "zh:175c8e64639de14ea7f26852e7398aedb4a1480dcbe06ffd5b12a64b5d52f049",
  ]
}

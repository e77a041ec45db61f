require "stripe"

# restricted key: charges write, customers read
Stripe.api_key = "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"
Stripe.api_version = "2024-06-20"
Stripe.max_network_retries = 2

# frozen_string_literal: true

Twilio.configure do |config|
  config.account_sid = "ACc3e3778f1a8a39040762225cdbf63cbf"
  config.auth_token  = "c4a87dc9838881a938f2a276894faf88"
end

TWILIO_API_KEY    = "SK45584e923e9ba79a059b8e1de552a79a"
TWILIO_API_SECRET = "4cnqdEHyXHedpjhp2yZidCfE9ys731ls"
TWILIO_FROM       = "+16726114713"

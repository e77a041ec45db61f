stripe listen --forward-to localhost:4242/webhook
stripe login --api-key sk_live_4qSeozoqvHP3hzT1VU9sJXTh
curl https://api.stripe.com/v1/balance -u sk_live_4qSeozoqvHP3hzT1VU9sJXTh:
stripe trigger payment_intent.succeeded
git add -p

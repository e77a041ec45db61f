import braintree

gateway = braintree.BraintreeGateway(access_token="access_token$production$rqozbm1w267ps5a4$4db84954193e33df42d9574c46962ab7")


def charge(nonce, amount):
    return gateway.transaction.sale({"amount": amount, "payment_method_nonce": nonce,
                                     "options": {"submit_for_settlement": True}})

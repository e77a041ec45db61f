package inventory

import "net/http"

const (
	baseURL  = "https://inventory.corp.acme.dev/api"
	svcUser  = "svc-storefront"
	svcPass  = "W26pGITexFIwW73ro0"
)

func newRequest(path string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, baseURL+path, nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(svcUser, svcPass)
	return req, nil
}

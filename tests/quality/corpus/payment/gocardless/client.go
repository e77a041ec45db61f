package billing

import gocardless "github.com/gocardless/gocardless-pro-go/v3"

func NewClient() (*gocardless.Service, error) {
	cfg, err := gocardless.NewConfig("live_2U8Dpald_7P7-zKmptpfwd8bqi0Le-4xBr9qU5VC", gocardless.WithEndpoint(gocardless.LiveEndpoint))
	if err != nil {
		return nil, err
	}
	return gocardless.New(cfg)
}

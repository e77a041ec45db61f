package summarize

import (
	"context"
	"net/http"
)

const (
	geminiEndpoint = "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent"
	geminiKey      = "AIzawATTzYVFi7DCVOH1uLhF5MRrG2mIDNfQKWu"
	deepseekKey    = "sk-d2cf6887dd91a8f59150b6aed6304dd1"
	requestID      = "681ccdcb-7343-4691-bc4f-693524bddb34"
)

func newRequest(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, geminiEndpoint+"?key="+geminiKey, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Request-ID", requestID)
	return req, nil
}

package sauthc1

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Sign adds the Host, X-Stormpath-Date and Authorization headers to req,
// signing every header present in req.Header plus host and
// x-stormpath-date. body must be the exact bytes that will be sent; nonce is
// normally a random UUID v4 string.
//
// The Host value is req.Host when set, else req.URL.Host, without a default
// port; it is stored in req.Header (so it is signed) and in req.Host (so
// net/http sends exactly the signed value).
func Sign(req *http.Request, body []byte, id, secret string, now time.Time, nonce string) error {
	if req == nil || req.URL == nil {
		return errors.New("sauthc1: sign: request has no URL")
	}
	if id == "" || secret == "" {
		return errors.New("sauthc1: sign: empty API key id or secret")
	}
	if nonce == "" || strings.Contains(nonce, "/") || strings.Contains(id, "/") {
		return errors.New("sauthc1: sign: key id and nonce must be non-empty and contain no '/'")
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	host = stripDefaultPort(req.URL.Scheme, host)
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	req.Header.Del("Authorization")
	req.Header.Set("Host", host)
	req.Host = host
	timestamp := now.UTC().Format(DateFormat)
	req.Header.Set(DateHeader, timestamp)

	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		names = append(names, strings.ToLower(k))
	}
	sort.Strings(names)
	names = dedupe(names)
	value := func(name string) string {
		return strings.Join(req.Header.Values(name), ",")
	}
	sid := id + "/" + timestamp[:8] + "/" + nonce + "/" + idTerminator
	sig := signature(secret, timestamp, sid, canonicalRequest(req.Method, req.URL, names, value, body))
	req.Header.Set("Authorization", Scheme+" sauthc1Id="+sid+", sauthc1SignedHeaders="+
		strings.Join(names, ";")+", sauthc1Signature="+sig)
	return nil
}

// stripDefaultPort drops ":80" for http and ":443" for https.
func stripDefaultPort(scheme, host string) string {
	switch {
	case scheme == "http" && strings.HasSuffix(host, ":80"):
		return strings.TrimSuffix(host, ":80")
	case scheme == "https" && strings.HasSuffix(host, ":443"):
		return strings.TrimSuffix(host, ":443")
	}
	return host
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}

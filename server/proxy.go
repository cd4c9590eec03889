package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// trustedProxies are the networks whose X-Forwarded-For and
// X-Forwarded-Proto headers are believed. Anyone else could write them, so
// for any other peer they are ignored.
type trustedProxies []netip.Prefix

func (p trustedProxies) contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, n := range p {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// peer is the address of the TCP peer.
func peer(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// clientAddr is the address rate limits count per: the peer, or, when the
// peer is a trusted proxy, the rightmost X-Forwarded-For entry that is not
// itself a trusted proxy (entries further left are the client's to forge).
// rateKey is the client's key for the per-address rate limits: its IPv4
// address, or its IPv6 network of the configured prefix length.
func (s *Server) rateKey(r *http.Request) string {
	a := s.proxies.clientAddr(r).Unmap()
	if a.Is6() {
		if p, err := a.Prefix(s.limits.IPv6Prefix); err == nil {
			return p.String()
		}
	}
	return a.String()
}

func (p trustedProxies) clientAddr(r *http.Request) netip.Addr {
	a := peer(r)
	if !p.contains(a) {
		return a
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !p.contains(h) {
			return h.Unmap()
		}
		a = h.Unmap()
	}
	return a
}

// isHTTPS reports whether the browser reached the site over https.
func (p trustedProxies) isHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return p.contains(peer(r)) && strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}

// ParseTrustedProxies reads a comma-separated list of CIDRs or addresses
// (TRUSTED_PROXIES).
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

package admin

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// The tests read what the commands made through the REST API, as a client
// of the service would.

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// items pages through a collection path and returns every item.
func items(ctx context.Context, svc *local.Service, path string) ([]map[string]any, error) {
	var out []map[string]any
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	for offset := 0; ; {
		_, body, err := svc.Do(ctx, "GET", fmt.Sprintf("%s%slimit=100&offset=%d", path, sep, offset), nil)
		if err != nil {
			return nil, err
		}
		list, _ := body["items"].([]map[string]any)
		out = append(out, list...)
		size, _ := body["size"].(int)
		offset += len(list)
		if len(list) == 0 || offset >= size {
			return out, nil
		}
	}
}

// pathOf strips the base from an href.
func pathOf(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	return strings.TrimPrefix(u.Path, local.BasePath)
}

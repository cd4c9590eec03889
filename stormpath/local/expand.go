package local

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/errcode"
)

// expansion is one item of an expand parameter: name(offset:N,limit:M).
type expansion struct {
	name  string
	query url.Values
}

func parseExpand(spec string) ([]expansion, error) {
	var out []expansion
	for spec != "" {
		name := spec
		var opts string
		i := strings.IndexAny(spec, ",(")
		if i >= 0 {
			name = spec[:i]
		}
		rest := ""
		if i >= 0 && spec[i] == '(' {
			end := strings.IndexByte(spec[i:], ')')
			if end < 0 {
				return nil, errQuery(errcode.ExpandInvalid, "The expand query parameter is malformed.")
			}
			opts = spec[i+1 : i+end]
			rest = strings.TrimPrefix(spec[i+end+1:], ",")
			if len(rest) == len(spec[i+end+1:]) && rest != "" {
				return nil, errQuery(errcode.ExpandInvalid, "The expand query parameter is malformed.")
			}
		} else if i >= 0 {
			rest = spec[i+1:]
		} else {
			rest = ""
		}
		name = strings.TrimSpace(name)
		if name == "" {
			return nil, errQuery(errcode.ExpandInvalid, "The expand query parameter is malformed.")
		}
		e := expansion{name: name, query: url.Values{}}
		if opts != "" {
			for _, kv := range strings.Split(opts, ",") {
				k, v, ok := strings.Cut(strings.TrimSpace(kv), ":")
				if !ok || (k != "offset" && k != "limit") {
					return nil, errQuery(errcode.ExpandInvalid, "Expand options are offset and limit, e.g. groups(offset:0,limit:10).")
				}
				if _, err := strconv.Atoi(v); err != nil {
					return nil, errQuery(errcode.QueryInvalid, "Expand offset and limit must be integers.")
				}
				e.query.Set(k, v)
			}
		}
		out = append(out, e)
		spec = rest
	}
	return out, nil
}

// expand replaces links named in spec with the resources they point to. A
// collection's items are expanded one by one.
func (c *call) expand(tx storeTx, v map[string]any, spec string) error {
	if spec == "" {
		return nil
	}
	exps, err := parseExpand(spec)
	if err != nil {
		return err
	}
	if items, ok := v["items"].([]map[string]any); ok {
		for _, it := range items {
			if err := c.expandOne(tx, it, exps); err != nil {
				return err
			}
		}
		return nil
	}
	return c.expandOne(tx, v, exps)
}

func (c *call) expandOne(tx storeTx, v map[string]any, exps []expansion) error {
	for _, e := range exps {
		link, ok := v[e.name].(map[string]any)
		if !ok {
			if _, present := v[e.name]; present && v[e.name] == nil {
				continue // a null link stays null
			}
			return errQuery(errcode.ExpandInvalid, fmt.Sprintf("%q is not an expandable property.", e.name))
		}
		href, _ := link["href"].(string)
		segs, ok := c.parseHref(href)
		if !ok {
			return errQuery(errcode.ExpandInvalid, fmt.Sprintf("%q is not an expandable property.", e.name))
		}
		child, err := c.resolve(tx, segs, e.query)
		if err != nil {
			return err
		}
		v[e.name] = child
	}
	return nil
}

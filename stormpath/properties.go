package stormpath

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// parseProperties reads a Java-style properties file as apiKey.properties
// uses it: one key = value per line, "#" and "!" comments, blank lines
// ignored. Each line is split on the first "=" only, because base64 secrets
// contain "=". Keys and values are trimmed of surrounding spaces.
func parseProperties(r io.Reader) (map[string]string, error) {
	props := make(map[string]string)
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			// Never quote the line: it may hold a secret.
			return nil, fmt.Errorf("line %d: no \"=\"", n)
		}
		props[strings.TrimSpace(key)] = strings.TrimSpace(value)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return props, nil
}

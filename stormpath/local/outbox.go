package local

import (
	"fmt"
	"io"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// OutboxMessage is a message read back from an outbox directory.
type OutboxMessage struct {
	File    string
	Kind    string
	From    string
	To      string
	Subject string
	Body    string
	Link    string // the first link carrying sptoken=, if any
	Token   string // its sptoken value
}

var linkRE = regexp.MustCompile(`https?://\S*[?&]sptoken=([A-Za-z0-9_%-]+)`)

// ReadOutbox parses the .eml files of dir (DATA_DIR/mail), oldest first.
// It is meant for tests and the admin CLI.
func ReadOutbox(dir string) ([]OutboxMessage, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	sort.Strings(names)
	out := make([]OutboxMessage, 0, len(names))
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		msg, err := mail.ReadMessage(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		body, err := io.ReadAll(msg.Body)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		m := OutboxMessage{File: name, Kind: msg.Header.Get("X-Stormpath-Email"),
			From: msg.Header.Get("From"), To: msg.Header.Get("To"),
			Body: strings.ReplaceAll(string(body), "\r\n", "\n")}
		dec := new(mimeDecoder)
		m.Subject = dec.decode(msg.Header.Get("Subject"))
		if sm := linkRE.FindStringSubmatch(m.Body); sm != nil {
			m.Link, m.Token = sm[0], sm[1]
		}
		out = append(out, m)
	}
	return out, nil
}

type mimeDecoder struct{}

func (mimeDecoder) decode(s string) string {
	d := new(mime.WordDecoder)
	if v, err := d.DecodeHeader(s); err == nil {
		return v
	}
	return s
}

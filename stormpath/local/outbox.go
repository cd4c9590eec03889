package local

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// OutboxMessage is a message read back from an outbox directory, or
// received by an SMTP server in tests.
type OutboxMessage struct {
	File      string // the .eml file; empty from ParseMessage
	Kind      string // the X-Stormpath-Email header
	From      string
	To        string
	Subject   string // decoded
	Date      string
	MessageID string
	// ContentType is the message's media type: text/plain, or
	// multipart/alternative when it has an HTML part.
	ContentType string
	// Parts lists the media types of the text parts, in order.
	Parts []string
	Body  string // the text/plain part, with \n line ends
	HTML  string // the text/html part, if any
	Link  string // the first link carrying sptoken=, if any
	Token string // its sptoken value
}

var linkRE = regexp.MustCompile(`https?://[^\s"'<>]*[?&]sptoken=([A-Za-z0-9_%-]+)`)

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
		raw, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		m, err := ParseMessage(raw)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		m.File = name
		out = append(out, m)
	}
	return out, nil
}

// ParseMessage parses a message the service sent: its headers, its text
// part and its HTML part.
func ParseMessage(raw []byte) (OutboxMessage, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return OutboxMessage{}, fmt.Errorf("parse message: %w", err)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		subject = msg.Header.Get("Subject")
	}
	m := OutboxMessage{Kind: msg.Header.Get(headerKind), From: plainAddress(msg.Header.Get("From")), To: plainAddress(msg.Header.Get("To")),
		Subject: subject, Date: msg.Header.Get("Date"), MessageID: msg.Header.Get("Message-ID")}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return m, fmt.Errorf("parse Content-Type: %w", err)
	}
	m.ContentType = mt
	if err := m.readPart(mt, params, msg.Header.Get("Content-Transfer-Encoding"), msg.Body); err != nil {
		return m, err
	}
	m.Body = strings.ReplaceAll(m.Body, "\r\n", "\n")
	for _, s := range []string{m.Body, m.HTML} {
		if sm := linkRE.FindStringSubmatch(s); sm != nil {
			m.Link, m.Token = strings.ReplaceAll(sm[0], "&amp;", "&"), sm[1]
			break
		}
	}
	return m, nil
}

// plainAddress shows an address header as a reader would: "a@example.com"
// or "Name <a@example.com>", with the name decoded.
func plainAddress(h string) string {
	a, err := mail.ParseAddress(h)
	if err != nil {
		return h
	}
	if a.Name == "" {
		return a.Address
	}
	return a.Name + " <" + a.Address + ">"
}

// readPart stores a text part in m, or walks the parts of a multipart one.
func (m *OutboxMessage) readPart(mt string, params map[string]string, cte string, r io.Reader) error {
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(r, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("read %s: %w", mt, err)
			}
			pmt, pparams, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
			if err != nil {
				return fmt.Errorf("parse part Content-Type: %w", err)
			}
			// multipart.Reader decodes quoted-printable parts itself and
			// drops their Content-Transfer-Encoding header.
			if err := m.readPart(pmt, pparams, p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(cte) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r) // skips line breaks itself
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read %s part: %w", mt, err)
	}
	m.Parts = append(m.Parts, mt)
	switch mt {
	case "text/plain":
		m.Body = string(b)
	case "text/html":
		m.HTML = string(b)
	}
	return nil
}

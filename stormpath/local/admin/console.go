package admin

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/local"
	"github.com/stormstarter/stormstarter/stormpath/local/console"
)

// console grants and revokes the use of the service's console (package
// console) at /console: its accounts are those of the Stormpath
// Administrators directory. The password is read from --password-file,
// or else from standard input (asked twice, without echo, on a terminal);
// never from the command line, where other users see it in the process
// list and it stays in the shell's history.
func (c *cli) console(ctx context.Context, args []string, stdin io.Reader) error {
	fs := c.flags("console")
	pwFile := fs.String("password-file", "", "read the password from the first line of this file (default: standard input)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || (pos[0] != "grant" && pos[0] != "revoke") {
		return usageError{"usage: web stormpath console grant EMAIL [--password-file F] | console revoke EMAIL"}
	}
	email := pos[1]
	if pos[0] == "revoke" {
		svc, _, err := c.open(ctx, local.Config{})
		if err != nil {
			return err
		}
		defer svc.Close()
		if err := svc.RevokeConsole(ctx, email); err != nil {
			return err
		}
		return c.print(map[string]string{"revoked": email}, "revoked "+email+": the account is deleted and its console sessions are over")
	}
	password, err := c.readPassword(email, *pwFile, stdin)
	if err != nil {
		return err
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	created, err := svc.GrantConsole(ctx, email, password)
	if err != nil {
		return errors.New(local.ErrorMessage(err))
	}
	what := "set a new password for " + email
	if created {
		what = "created the console account " + email
	}
	return c.print(map[string]any{"email": email, "created": created}, what,
		fmt.Sprintf("sign in at http://%s%s where `web stormpath serve` listens", local.DefaultListenAddr, console.Path))
}

// readPassword reads the new password from file, or from stdin: asked
// twice without echo when stdin is a terminal, else its first line.
func (c *cli) readPassword(email, file string, stdin io.Reader) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("password file: %w", err)
		}
		defer f.Close()
		return firstLine(f)
	}
	if f, ok := stdin.(*os.File); ok && isTerminal(f) {
		fmt.Fprintf(c.stderr, "New console password for %s: ", email)
		pw, err := readNoEcho(f)
		fmt.Fprintln(c.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(c.stderr, "Again: ")
		again, err := readNoEcho(f)
		fmt.Fprintln(c.stderr)
		if err != nil {
			return "", err
		}
		if pw != again {
			return "", errors.New("the two passwords differ")
		}
		return pw, nil
	}
	return firstLine(stdin)
}

// firstLine is the first line of r without its line end; empty is an error.
func firstLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password given (on standard input or with --password-file)")
	}
	return line, nil
}

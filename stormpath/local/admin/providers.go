package admin

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/stormstarter/stormstarter/stormpath/local"
)

// EnvProviderSecret holds a provider's client secret for `dirs create
// --provider` when no --client-secret-file is given.
const EnvProviderSecret = "STORMPATH_PROVIDER_CLIENT_SECRET"

// A client secret is never a command-line argument: every user of the
// machine can read another's arguments (ps, /proc/PID/cmdline), and shells
// keep them in their history. It comes from a file (which may be
// /dev/stdin) or from the environment, which only the user and root see.

// provFlags are the flags of a provider directory.
type provFlags struct {
	provider, clientID, secretFile, redirectURI, issuer, scope *string
	authorize, token, userInfo, emails                         *string
}

func providerFlags(fs *flag.FlagSet) provFlags {
	return provFlags{
		provider:    fs.String("provider", "", "social provider: google, github, facebook, linkedin or oidc"),
		clientID:    fs.String("client-id", "", "the OAuth client id the provider gave"),
		secretFile:  fs.String("client-secret-file", "", "file holding the client secret (default: $"+EnvProviderSecret+")"),
		redirectURI: fs.String("redirect-uri", "", "the site's callback URL registered at the provider"),
		issuer:      fs.String("issuer", "", "OpenID Connect issuer (google: default https://accounts.google.com; oidc: required)"),
		scope:       fs.String("scope", "", "space-separated scopes (default: the provider's)"),
		authorize:   fs.String("authorize-uri", "", "authorization endpoint (default: the provider's)"),
		token:       fs.String("token-uri", "", "token endpoint (default: the provider's)"),
		userInfo:    fs.String("userinfo-uri", "", "profile endpoint (default: the provider's)"),
		emails:      fs.String("emails-uri", "", "emails endpoint of github and linkedin (default: the provider's)"),
	}
}

// set reports whether any provider flag was given.
func (p provFlags) set() bool {
	for _, v := range []*string{p.provider, p.clientID, p.secretFile, p.redirectURI, p.issuer, p.scope,
		p.authorize, p.token, p.userInfo, p.emails} {
		if *v != "" {
			return true
		}
	}
	return false
}

func (c *cli) createProviderDir(ctx context.Context, name, desc string, p provFlags) error {
	if *p.provider == "" || *p.clientID == "" {
		return usageError{"usage: web stormpath dirs create NAME --provider P --client-id ID --client-secret-file F [--redirect-uri URL] [--issuer URL] [--scope S]"}
	}
	secret, err := readSecret(*p.secretFile)
	if err != nil {
		return err
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	dir, err := svc.CreateProviderDirectory(ctx, name, desc, local.ProviderConfig{ProviderID: *p.provider,
		ClientID: *p.clientID, ClientSecret: secret, RedirectURI: *p.redirectURI, Scope: *p.scope, Issuer: *p.issuer,
		AuthorizeURI: *p.authorize, TokenURI: *p.token, UserInfoURI: *p.userInfo, EmailsURI: *p.emails})
	if err != nil {
		return err
	}
	return c.print(dir, fmt.Sprintf("created %s directory %q: %s", dir.ProviderID, dir.Name, dir.Href),
		"map it to a site's application: web stormpath map --app APP --dir "+dir.ID)
}

// readSecret reads the client secret from file, or else from the
// environment. A regular file others may read is refused, as ssh refuses
// a private key, with the fix in the message.
func readSecret(file string) (string, error) {
	if file == "" {
		s := strings.TrimSpace(os.Getenv(EnvProviderSecret))
		if s == "" {
			return "", usageError{"the client secret is read from --client-secret-file F or $" + EnvProviderSecret + ", never from the command line (ps shows it to every user)"}
		}
		return s, nil
	}
	st, err := os.Stat(file)
	if err != nil {
		return "", fmt.Errorf("client secret file: %w", err)
	}
	if st.Mode().IsRegular() && st.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("client secret file %s is readable by others; run: chmod go-rwx %s", file, file)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("client secret file: %w", err)
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "", errors.New("client secret file " + file + " is empty")
	}
	return s, nil
}

// provider shows a directory's provider or, given provider flags, changes
// it: a rotated client secret, another callback or endpoints.
func (c *cli) provider(ctx context.Context, dir string, p provFlags) error {
	secret := ""
	if *p.secretFile != "" || os.Getenv(EnvProviderSecret) != "" {
		var err error
		if secret, err = readSecret(*p.secretFile); err != nil {
			return err
		}
	}
	svc, _, err := c.open(ctx, local.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	var info local.ProviderInfo
	if p.set() || secret != "" {
		info, err = svc.UpdateProvider(ctx, dir, local.ProviderConfig{ProviderID: *p.provider, ClientID: *p.clientID,
			ClientSecret: secret, RedirectURI: *p.redirectURI, Scope: *p.scope, Issuer: *p.issuer,
			AuthorizeURI: *p.authorize, TokenURI: *p.token, UserInfoURI: *p.userInfo, EmailsURI: *p.emails})
	} else {
		info, err = svc.Provider(ctx, dir)
	}
	if err != nil {
		return err
	}
	lines := []string{"provider      " + info.ProviderID}
	for _, kv := range [][2]string{{"clientId", info.ClientID}, {"redirectUri", info.RedirectURI}, {"scope", info.Scope},
		{"issuer", info.Issuer}, {"authorizeUri", info.AuthorizeURI}, {"tokenUri", info.TokenURI},
		{"userInfoUri", info.UserInfoURI}, {"emailsUri", info.EmailsURI}} {
		if kv[1] != "" {
			lines = append(lines, fmt.Sprintf("%-13s %s", kv[0], kv[1]))
		}
	}
	if secret != "" {
		lines = append(lines, "clientSecret  (changed; never shown)")
	}
	return c.print(info, lines...)
}

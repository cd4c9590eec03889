package local

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stormstarter/stormstarter/stormpath/local/socialtest"
)

// TestNodeSDKSocial runs testdata/node/social_check.js: the official Node
// SDK signs in through a google directory on a local OpenID Connect
// provider (getAccount(providerData), the stormpath_social grant), reads
// providerData, switches the account linking policy on and reads the
// links it made. It skips like TestNodeSDK when node is missing, and fails
// under CI=true.
func TestNodeSDKSocial(t *testing.T) {
	dir, node := nodeSDK(t)
	s := newSocialEnv(t)
	zed := socialtest.OIDCUser{Subject: "g-zed", Email: "zed@example.com", EmailVerified: true}
	var codes []string
	for range 3 {
		codes = append(codes, s.googleCode(zed, "", ""))
	}
	ctx, stop := context.WithTimeout(context.Background(), 2*time.Minute)
	defer stop()
	cmd := exec.CommandContext(ctx, node, "social_check.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"HOME="+t.TempDir(),
		"STORMPATH_CLIENT_BASEURL="+s.srv.URL+"/v1",
		"STORMPATH_CLIENT_APIKEY_ID="+s.keyID,
		"STORMPATH_CLIENT_APIKEY_SECRET="+s.secret,
		"SOCIAL_APP="+s.app,
		"SOCIAL_GOOGLE_DIR="+s.google,
		"SOCIAL_EMAIL="+zed.Email,
		"SOCIAL_CODES="+strings.Join(codes, ","),
	)
	out, err := cmd.CombinedOutput()
	t.Logf("node output:\n%s", out)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if last := lines[len(lines)-1]; err != nil || !strings.HasSuffix(last, " 0 failed") {
		t.Fatalf("Node SDK social check failed (%v): %s", err, last)
	}
}

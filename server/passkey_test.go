package server

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/stormstarter/stormstarter/app/api"
)

// The harness's site has no SiteURL: its relying party is localhost.
const (
	testRPID   = "localhost"
	testOrigin = "http://localhost"
)

// passkeyOptions asks path for options and returns their publicKey.
func passkeyOptions(t *testing.T, b *browser, path string) json.RawMessage {
	t.Helper()
	r := b.do("POST", path, nil)
	want(t, r, 200)
	var o api.PasskeyOptions
	r.json(t, &o)
	return o.PublicKey
}

// registerPasskey registers a new passkey of auth for b's account (which
// must have proved itself lately) and returns it.
func registerPasskey(t *testing.T, b *browser, auth *softAuthenticator, name string) (api.Passkey, *softKey) {
	t.Helper()
	cred, k := auth.create(passkeyOptions(t, b, api.PathMePasskeyOptions))
	r := b.do("POST", api.PathMePasskeys, api.PasskeyRegisterRequest{Name: name, Credential: cred})
	want(t, r, 201)
	var p api.PasskeyResponse
	r.json(t, &p)
	return p.Passkey, k
}

// passkeyLogin signs b in with auth's key k and returns the answer.
func passkeyLogin(t *testing.T, b *browser, auth *softAuthenticator, k *softKey) resp {
	t.Helper()
	return b.do("POST", api.PathLoginPasskey, api.PasskeyLoginRequest{Credential: auth.get(passkeyOptions(t, b, api.PathLoginPasskeyOptions), k)})
}

func listPasskeys(t *testing.T, b *browser) []api.Passkey {
	t.Helper()
	r := b.do("GET", api.PathMePasskeys, nil)
	want(t, r, 200)
	var l api.PasskeysResponse
	r.json(t, &l)
	return l.Items
}

// TestPasskeyJourney: register, list, rename, then sign in with the
// passkey alone in another browser, whose session works.
func TestPasskeyJourney(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.id.createAccount(t, "pk@example.com")
	b := h.browser()
	b.login("pk@example.com", goodPassword, false)
	auth := newSoftAuthenticator(t, testOrigin, testRPID)

	opts := passkeyOptions(t, b, api.PathMePasskeyOptions)
	var o struct {
		RP                     struct{ ID, Name string }
		User                   struct{ ID string }
		AuthenticatorSelection struct {
			ResidentKey      string `json:"residentKey"`
			UserVerification string `json:"userVerification"`
		} `json:"authenticatorSelection"`
	}
	if err := json.Unmarshal(opts, &o); err != nil {
		t.Fatal(err)
	}
	if o.RP.ID != testRPID || o.AuthenticatorSelection.ResidentKey != "required" || o.AuthenticatorSelection.UserVerification != "preferred" {
		t.Fatalf("creation options %s", opts)
	}
	if raw, err := b64u.DecodeString(o.User.ID); err != nil || len(raw) != 32 {
		t.Fatalf("user handle %q", o.User.ID)
	}

	p, k := registerPasskey(t, b, auth, "")
	if p.ID == "" || p.Name != "Passkey" || p.CreatedAt.IsZero() || !p.LastUsedAt.IsZero() {
		t.Fatalf("registered %+v", p)
	}
	// The second options exclude the passkey made already.
	var again struct {
		ExcludeCredentials []struct{ ID string } `json:"excludeCredentials"`
	}
	if err := json.Unmarshal(passkeyOptions(t, b, api.PathMePasskeyOptions), &again); err != nil || len(again.ExcludeCredentials) != 1 ||
		again.ExcludeCredentials[0].ID != b64u.EncodeToString(k.id) {
		t.Fatalf("excludeCredentials %+v (%v)", again, err)
	}
	if l := listPasskeys(t, b); len(l) != 1 || l[0].ID != p.ID {
		t.Fatalf("list %+v", l)
	}
	r := b.do("POST", api.PathMePasskeys+"/"+p.ID, api.PasskeyRenameRequest{Name: "  Work laptop "})
	want(t, r, 200)
	var renamed api.PasskeyResponse
	r.json(t, &renamed)
	if renamed.Passkey.Name != "Work laptop" || renamed.Passkey.ID != p.ID {
		t.Fatalf("renamed %+v", renamed)
	}
	if st := mfaStatus(t, b); st.Passkeys != 1 {
		t.Fatalf("mfa status %+v", st)
	}

	other := h.browser()
	r = passkeyLogin(t, other, auth, k)
	want(t, r, 200)
	var acct api.AccountResponse
	r.json(t, &acct)
	if acct.Account.Email != "pk@example.com" {
		t.Fatalf("signed in as %+v", acct.Account)
	}
	want(t, other.do("GET", api.PathMe, nil), 200)
	// The sign-in is a recent authentication, and it was recorded.
	want(t, other.do("POST", api.PathMePasskeyOptions, nil), 200)
	if l := listPasskeys(t, other); len(l) != 1 || l[0].LastUsedAt.IsZero() || l[0].Name != "Work laptop" {
		t.Fatalf("after sign-in %+v", l)
	}
}

// TestPasskeyWithTOTP: a passkey with user verification is both factors;
// without it, the TOTP step follows as after a password.
func TestPasskeyWithTOTP(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	b := h.browser()
	u := enrollTOTP(t, h, b, "totp-pk@example.com")
	auth := newSoftAuthenticator(t, testOrigin, testRPID)
	_, k := registerPasskey(t, b, auth, "Phone")

	withUV := h.browser()
	r := passkeyLogin(t, withUV, auth, k)
	want(t, r, 200)
	var acct api.AccountResponse
	r.json(t, &acct)
	if acct.Account.Email != u.email {
		t.Fatalf("passkey with UV: %s", r.body)
	}
	want(t, withUV.do("GET", api.PathMe, nil), 200)

	auth.uv = false
	noUV := h.browser()
	r = passkeyLogin(t, noUV, auth, k)
	want(t, r, 200)
	var pending api.LoginMFARequired
	r.json(t, &pending)
	if !pending.MFARequired {
		t.Fatalf("passkey without UV: %s", r.body)
	}
	want(t, noUV.do("GET", api.PathMe, nil), 401)
	want(t, noUV.do("POST", api.PathLoginMFA, api.LoginMFARequest{Code: u.code(t)}), 200)
	want(t, noUV.do("GET", api.PathMe, nil), 200)

	// After the password, the passkey (even without UV) is the second
	// step, offered because the account has one; another account's is not.
	h.id.createAccount(t, "stranger@example.com")
	stranger := h.browser()
	stranger.login("stranger@example.com", goodPassword, false)
	strangerAuth := newSoftAuthenticator(t, testOrigin, testRPID)
	_, strangerKey := registerPasskey(t, stranger, strangerAuth, "")
	for _, tc := range []struct {
		name string
		auth *softAuthenticator
		key  *softKey
		want int
	}{{"another account's passkey", strangerAuth, strangerKey, 400}, {"own passkey", auth, k, 200}} {
		t.Run(tc.name, func(t *testing.T) {
			br := h.browser()
			r := br.do("POST", api.PathLogin, map[string]any{"login": u.email, "password": goodPassword})
			want(t, r, 200)
			var step api.LoginMFARequired
			r.json(t, &step)
			if !step.MFARequired || !slices.Contains(step.Methods, api.MethodPasskey) {
				t.Fatalf("password step %s", r.body)
			}
			cred := tc.auth.get(passkeyOptions(t, br, api.PathLoginPasskeyOptions), tc.key)
			r = br.do("POST", api.PathLoginMFA, api.LoginMFARequest{Credential: cred})
			if tc.want == 400 {
				wantCode(t, r, 400, api.CodePasskeyFailed, "")
				want(t, br.do("GET", api.PathMe, nil), 401)
				return
			}
			want(t, r, 200)
			want(t, br.do("GET", api.PathMe, nil), 200)
		})
	}
}

// TestPasskeyLoginRefused: every failed sign-in is the same 400.
func TestPasskeyLoginRefused(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	h := newHarness(t, withClock(clock))
	h.id.createAccount(t, "refused@example.com")
	b := h.browser()
	b.login("refused@example.com", goodPassword, false)
	good := newSoftAuthenticator(t, testOrigin, testRPID)
	_, k := registerPasskey(t, b, good, "")

	for _, tc := range []struct {
		name string
		// assertion returns the credential to post after options were
		// asked for (opts is nil when the test asks for none).
		assertion func(t *testing.T, br *browser) json.RawMessage
	}{
		{"wrong origin", func(t *testing.T, br *browser) json.RawMessage {
			a := *good
			a.origin = "https://evil.example"
			return a.get(passkeyOptions(t, br, api.PathLoginPasskeyOptions), k)
		}},
		{"wrong rp id", func(t *testing.T, br *browser) json.RawMessage {
			a := *good
			a.rpID = "evil.example"
			return a.get(passkeyOptions(t, br, api.PathLoginPasskeyOptions), k)
		}},
		{"unknown credential", func(t *testing.T, br *browser) json.RawMessage {
			stranger := newSoftAuthenticator(t, testOrigin, testRPID)
			stranger.create(passkeyOptions(t, b, api.PathMePasskeyOptions)) // made, never registered
			return stranger.get(passkeyOptions(t, br, api.PathLoginPasskeyOptions), nil)
		}},
		{"no options asked", func(t *testing.T, br *browser) json.RawMessage {
			return good.get(json.RawMessage(`{"challenge":"`+b64u.EncodeToString([]byte("made-up-challenge-0123456789abcd"))+`"}`), k)
		}},
		{"registration options answered as a sign-in", func(t *testing.T, br *browser) json.RawMessage {
			br.login("refused@example.com", goodPassword, false)
			return good.get(passkeyOptions(t, br, api.PathMePasskeyOptions), k)
		}},
		{"expired challenge", func(t *testing.T, br *browser) json.RawMessage {
			cred := good.get(passkeyOptions(t, br, api.PathLoginPasskeyOptions), k)
			clock.advance(PasskeyChallengeTTL + time.Second)
			return cred
		}},
		{"sign count going backwards", func(t *testing.T, br *browser) json.RawMessage {
			cred := good.get(passkeyOptions(t, br, api.PathLoginPasskeyOptions), k)
			want(t, br.do("POST", api.PathLoginPasskey, api.PasskeyLoginRequest{Credential: cred}), 200)
			k.counter -= 2 // the next signature counts one less than the last
			cred = good.get(passkeyOptions(t, br, api.PathLoginPasskeyOptions), k)
			k.counter += 2 // later signatures count forward again
			return cred
		}},
		{"not a credential", func(t *testing.T, br *browser) json.RawMessage {
			passkeyOptions(t, br, api.PathLoginPasskeyOptions)
			return json.RawMessage(`{"id":"x","type":"public-key","response":{}}`)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			br := h.browser()
			cred := tc.assertion(t, br)
			wantCode(t, br.do("POST", api.PathLoginPasskey, api.PasskeyLoginRequest{Credential: cred}), 400, api.CodePasskeyFailed, "")
		})
	}

	// A challenge is answered once: the same assertion again is refused.
	br := h.browser()
	cred := good.get(passkeyOptions(t, br, api.PathLoginPasskeyOptions), k)
	want(t, br.do("POST", api.PathLoginPasskey, api.PasskeyLoginRequest{Credential: cred}), 200)
	wantCode(t, br.do("POST", api.PathLoginPasskey, api.PasskeyLoginRequest{Credential: cred}), 400, api.CodePasskeyFailed, "")
}

// TestPasskeyRegisterRefused: a registration answered from the wrong
// origin or for the wrong rp id, or twice, is refused; options need a
// recent proof.
func TestPasskeyRegisterRefused(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	h := newHarness(t, withClock(clock))
	h.id.createAccount(t, "reg@example.com")
	b := h.browser()
	b.login("reg@example.com", goodPassword, false)
	for _, tc := range []struct{ name, origin, rpID string }{
		{"wrong origin", "https://evil.example", testRPID},
		{"wrong rp id", testOrigin, "evil.example"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cred, _ := newSoftAuthenticator(t, tc.origin, tc.rpID).create(passkeyOptions(t, b, api.PathMePasskeyOptions))
			wantCode(t, b.do("POST", api.PathMePasskeys, api.PasskeyRegisterRequest{Credential: cred}), 400, api.CodePasskeyFailed, "")
		})
	}
	cred, _ := newSoftAuthenticator(t, testOrigin, testRPID).create(passkeyOptions(t, b, api.PathMePasskeyOptions))
	long := strings.Repeat("é", MaxPasskeyName+1)
	wantCode(t, b.do("POST", api.PathMePasskeys, api.PasskeyRegisterRequest{Name: long, Credential: cred}), 400, api.CodeTooLong, "name")
	want(t, b.do("POST", api.PathMePasskeys, api.PasskeyRegisterRequest{Credential: cred}), 201)
	wantCode(t, b.do("POST", api.PathMePasskeys, api.PasskeyRegisterRequest{Credential: cred}), 400, api.CodePasskeyFailed, "")

	clock.advance(RecentAuthWindow + time.Second)
	wantCode(t, b.do("POST", api.PathMePasskeyOptions, nil), 403, api.CodeReauthRequired, "")
	want(t, h.browser().do("POST", api.PathMePasskeyOptions, nil), 401)
}

// TestPasskeyOptionsRateLimited bounds the anonymous sign-in challenges:
// each opens a visitor session in Redis.
func TestPasskeyOptionsRateLimited(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *Config) {
		c.RateLimits = RateLimits{PasskeyOptionsPerAddr: redis_rate.PerHour(2)}
	}))
	b := h.browser()
	want(t, b.do("POST", api.PathLoginPasskeyOptions, nil), 200)
	want(t, b.do("POST", api.PathLoginPasskeyOptions, nil), 200)
	want(t, b.do("POST", api.PathLoginPasskeyOptions, nil), 429)
}

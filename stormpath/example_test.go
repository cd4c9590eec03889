package stormpath_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/stormstarter/stormstarter/stormpath"
)

// A site loads its configuration, builds one client and resolves its
// application once at start.
func Example() {
	home, _ := os.UserHomeDir()
	cwd, _ := os.Getwd()
	cfg, err := stormpath.LoadConfig(os.Getenv, home, cwd)
	if err != nil {
		log.Fatal(err) // the error names the file or variable to fix
	}
	client, err := stormpath.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	app, err := client.ResolveApplication(ctx, cfg.Application)
	if err != nil {
		log.Fatal(err)
	}
	acct, err := client.Authenticate(ctx, app.Href, "ann@example.com", "Correct-Horse-1", nil)
	switch {
	case errors.Is(err, stormpath.ErrInvalidLogin):
		fmt.Println("Invalid username or password.")
	case errors.Is(err, stormpath.ErrAccountUnverified):
		fmt.Println("Please verify your email address first.")
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println("welcome", acct.GivenName)
	}
}

// Collections are iterators; the client fetches pages as the loop needs them.
func ExampleClient_Accounts() {
	var client *stormpath.Client // from stormpath.New
	var app *stormpath.Application
	ctx := context.Background()
	opts := &stormpath.ListOptions{Search: map[string][]string{"email": {"*@example.com"}}, Expand: []string{"customData"}}
	for acct, err := range client.Accounts(ctx, app.Href, opts) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(acct.Email, acct.CustomData["plan"])
	}
}

func ExampleError() {
	// What CreateAccount returns when the email is taken.
	err := fmt.Errorf("create account: %w", &stormpath.Error{Status: 409, Code: 2001,
		Message: "Account with that email already exists.  Please choose another email."})

	fmt.Println(errors.Is(err, stormpath.ErrDuplicate), errors.Is(err, stormpath.ErrNotFound))
	var se *stormpath.Error
	if errors.As(err, &se) {
		fmt.Println(se.Status, se.Code)
	}
	// Output:
	// true false
	// 409 2001
}

package stormpath

import "time"

// Link is a reference to another resource, as the service sends it when the
// link is not expanded.
type Link struct {
	Href string `json:"href"`
}

// Status values of accounts, applications, directories and groups.
const (
	StatusEnabled    = "ENABLED"
	StatusDisabled   = "DISABLED"
	StatusUnverified = "UNVERIFIED"
)

// Times holds the timestamps every resource carries.
type Times struct {
	CreatedAt  time.Time `json:"createdAt"`
	ModifiedAt time.Time `json:"modifiedAt"`
}

// Tenant is the owner of every other resource; the API key belongs to one.
type Tenant struct {
	Href         string `json:"href"`
	Name         string `json:"name"`
	Key          string `json:"key"`
	Applications Link   `json:"applications"`
	Directories  Link   `json:"directories"`
	Accounts     Link   `json:"accounts"`
	Groups       Link   `json:"groups"`
	CustomData   Link   `json:"customData"`
	Times
}

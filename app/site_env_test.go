package app

import "testing"

func TestSiteEnvRenames(t *testing.T) {
	env := map[string]string{}
	get := func(k string) string { return env[k] }
	base := Site{Name: "Stormstarter", ShortName: "Storm"}
	if got := base.withEnv(get); got.Name != "Stormstarter" || got.ShortName != "Storm" {
		t.Fatalf("no env changed the site: %+v", got)
	}
	env[EnvSiteName] = "Dronewars International"
	if got := base.withEnv(get); got.Name != "Dronewars International" || got.ShortName != "Dronewars In" {
		t.Fatalf("SITE_NAME: %+v", got)
	}
	env[EnvSiteShortName] = "Drones"
	if got := base.withEnv(get); got.ShortName != "Drones" {
		t.Fatalf("SITE_SHORT_NAME: %+v", got)
	}
	t.Setenv(EnvSiteName, "carswap")
	if got := SiteConfig(); got.Name != "carswap" {
		t.Fatalf("SiteConfig ignores SITE_NAME: %+v", got.Name)
	}
}

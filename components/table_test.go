package components

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestTableHeadsRowsAndColumns(t *testing.T) {
	html := app.HTMLString(Table(TableProps{
		ID: "t", Caption: "Accounts", HideCaption: true, Columns: []string{"Email", "Status"},
		Rows: []TableRow{
			{Key: "a1", Cells: []app.UI{app.A().Href("/x").Text("ada@example.com"), app.Text("Enabled")}},
			{Key: "a2", Cells: []app.UI{app.Text("bob@example.com"), app.Text("Disabled")}},
		},
	}))
	for _, want := range []string{
		`<table `, `class="table"`, `id="t-caption"`, `class="visually-hidden"`, `>Accounts</caption>`,
		`<th scope="col">Email</th>`, `<th scope="col">Status</th>`,
		`data-key="a1"`, `<td>Disabled</td>`,
		`role="region"`, `aria-labelledby="t-caption"`, `tabindex="0"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	if !regexp.MustCompile(`<th scope="row">\s*<a href="/x">ada@example.com</a>\s*</th>`).MatchString(html) {
		t.Errorf("the first cell heads its row:\n%s", html)
	}
	if n := strings.Count(html, `scope="row"`); n != 2 {
		t.Errorf("%d row headings, want 2", n)
	}
	empty := app.HTMLString(Table(TableProps{ID: "t", Caption: "Accounts", Columns: []string{"Email"}, Empty: "None."}))
	if strings.Contains(empty, "<table") || !strings.Contains(empty, "None.") {
		t.Errorf("an empty table says so instead:\n%s", empty)
	}
}

func TestPagerLinks(t *testing.T) {
	html := app.HTMLString(Pager(PagerProps{
		ID: "p", Label: "Pages", Status: "Page 1 of 3", Previous: "Previous", Next: "Next", NextHref: "/admin?page=2",
	}))
	prev := regexp.MustCompile(`<a[^>]*id="p-previous"[^>]*>`).FindString(html)
	next := regexp.MustCompile(`<a[^>]*id="p-next"[^>]*>`).FindString(html)
	// (go-app writes aria-disabled="true" bare in prerendered HTML; the
	// browser's DOM gets the value.)
	if prev == "" || strings.Contains(prev, "href") || !strings.Contains(prev, `aria-disabled`) {
		t.Errorf("the first page's previous link goes nowhere and says so: %s", prev)
	}
	if !strings.Contains(next, `href="/admin?page=2"`) || !strings.Contains(next, `rel="next"`) {
		t.Errorf("next link: %s", next)
	}
	for _, want := range []string{`<nav `, `aria-label="Pages"`, `class="pager"`, "Page 1 of 3"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
}

func TestConfirmIsANamedGroup(t *testing.T) {
	html := app.HTMLString(Confirm(ConfirmProps{ID: "c", Question: "Delete it?", Yes: "Delete", No: "Cancel", BusyLabel: "Deleting…"}))
	for _, want := range []string{
		`role="group"`, `aria-labelledby="c-ask"`, `id="c-ask"`, `>Delete it?</p>`,
		`id="` + ConfirmID("c") + `"`, `id="` + CancelID("c") + `"`, "button-danger", "Delete", "Cancel",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	busy := app.HTMLString(Confirm(ConfirmProps{ID: "c", Question: "Delete it?", Yes: "Delete", No: "Cancel", BusyLabel: "Deleting…", Busy: true}))
	if !strings.Contains(busy, "Deleting…") || strings.Count(busy, "disabled") != 2 {
		t.Errorf("while busy both buttons are disabled:\n%s", busy)
	}
}

func TestSelectMarksTheChosenOption(t *testing.T) {
	html := app.HTMLString(Select(SelectProps{ID: "s", Name: "status", Label: "Status", Value: "DISABLED", Options: []Option{
		{Value: "", Label: "Any"}, {Value: "ENABLED", Label: "Enabled"}, {Value: "DISABLED", Label: "Disabled"},
	}}))
	for _, want := range []string{`for="s"`, `>Status</label>`, `<select `, `name="status"`, `value="-"`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	selected := regexp.MustCompile(`<option[^>]*selected[^>]*>[^<]*`).FindAllString(html, -1)
	if len(selected) != 1 || !strings.HasSuffix(selected[0], "Disabled") {
		t.Errorf("selected options %q", selected)
	}
}
